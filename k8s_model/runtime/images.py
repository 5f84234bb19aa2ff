"""The image catalogue: what a registry would hand containerd (DESIGN.md §5).

Containers do not really run, so every image the book uses is described here: its
tags and sizes, how long a first pull takes, the ports it serves and its default
program. A reference is normalised as docker/distribution's ParseNormalizedNamed does
— `nginx` is `docker.io/library/nginx:latest`, `luksa/kubia` is
`docker.io/luksa/kubia:latest` — and a tag or repository the catalogue does not know
fails the way containerd's resolver fails against Docker Hub:

    nginx:nope  -> NotFound: ... docker.io/library/nginx:nope: not found
    ngnix       -> Unknown:  ... pull access denied, repository does not exist ...
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from .tools import BUSYBOX, DEBIAN


@dataclass(frozen=True)
class Image:
    repository: str                  # docker.io/library/nginx
    tags: dict[str, int]             # tag -> image size in bytes, as the Pulled event says
    pull_seconds: float              # a first pull over a home-lab link
    ports: tuple[int, ...] = ()      # what the image serves
    program: str = "server"          # server | batch | shell (see runtime/programs.py)
    run_seconds: float | None = None  # batch images: how long the job runs
    answer: str = ""                 # the HTTP body; "{pod}" is the Pod's name
    binaries: frozenset = frozenset()  # what `kubectl exec` can run in it (runtime/tools.py)
    commands: tuple[str, ...] = ()   # its own binaries: `command: [/usr/local/bin/kube-proxy]`
    entrypoint: tuple[str, ...] = ()  # the image config's Entrypoint and Cmd (process_args)
    cmd: tuple[str, ...] = ()
    log: tuple[str, ...] = ()        # what its server writes when it starts (`kubectl logs`)


# luksa/kubia's app.js (Kubernetes in Action): console.log before it listens on 8080.
KUBIA_LOG = ("Kubia server starting...",)
NGINX_PAGE = "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>"

CATALOGUE = {image.repository: image for image in (
    Image("docker.io/library/nginx",
          {"latest": 72223946, "1.29": 72223946, "1.28": 68857691, "1.27": 67709592,
           "alpine": 21669218, "1.29-alpine": 21669218, "1.27-alpine": 20991374},
          1.393, ports=(80,), answer=NGINX_PAGE, binaries=DEBIAN | {"curl"},
          entrypoint=("/docker-entrypoint.sh",), cmd=("nginx", "-g", "daemon off;")),
    Image("docker.io/luksa/kubia", {"latest": 250880549, "v1": 250880549, "v2": 250880605,
                                    "v3": 250880612}, 4.218, ports=(8080,),
          answer="You've hit {pod}\n", binaries=DEBIAN | {"curl", "node"},
          entrypoint=("node", "app.js"), log=KUBIA_LOG),
    Image("docker.io/luksa/kubia-unhealthy", {"latest": 250880700}, 4.305, ports=(8080,),
          program="unhealthy", answer="You've hit {pod}\n", binaries=DEBIAN | {"curl", "node"},
          entrypoint=("node", "app.js"), log=KUBIA_LOG),
    Image("docker.io/luksa/batch-job", {"latest": 250880123}, 4.102, program="batch",
          run_seconds=120.0, entrypoint=("/bin/sh", "-c", 'echo "$(date) Batch job starting"; '
                                         'sleep 120; echo "$(date) Finished succesfully"')),
    Image("docker.io/library/busybox", {"latest": 2156517, "1.37": 2156517, "1.36": 2152262,
                                        "1.28": 727869, "stable": 2156517}, 1.627,
          program="shell",
          binaries=BUSYBOX, cmd=("sh",)),
    # Two small client images: curl's own (Alpine with busybox), and Alpine itself.
    Image("docker.io/curlimages/curl", {"latest": 10118263, "8.17.0": 10118263}, 1.512,
          program="shell", binaries=BUSYBOX | {"curl"}, entrypoint=("/entrypoint.sh",),
          cmd=("curl",)),
    Image("docker.io/library/alpine", {"latest": 3807667, "3.22": 3807667}, 1.208,
          program="shell", binaries=BUSYBOX, cmd=("/bin/sh",)),
    Image("docker.io/library/redis", {"latest": 52551870, "8": 52551870, "7": 45172512,
                                      "alpine": 17193446}, 2.104, ports=(6379,),
          entrypoint=("docker-entrypoint.sh",), cmd=("redis-server",)),
    # The docs' HPA walkthrough's php-apache: an index.php that computes a million square
    # roots and answers "OK!" (its CPU cost per request: metrics/usage.py).
    Image("registry.k8s.io/hpa-example", {"latest": 170245133}, 3.406, ports=(80,),
          answer="OK!", entrypoint=("docker-php-entrypoint",), cmd=("apache2-foreground",)),
    Image("registry.k8s.io/pause", {"3.10": 320368, "3.10.1": 320448}, 0.402, program="pause",
          entrypoint=("/pause",)),
    # kubeadm's add-ons. CoreDNS serves DNS on 53 (UDP and TCP), `health` on 8080,
    # `ready` on 8181 and metrics on 9153; kube-proxy's healthz 10256 and metrics 10249
    # (on the node's address: host network). Sizes are plausible compressed sizes, not
    # read from the registry.
    Image("registry.k8s.io/coredns/coredns", {"v1.13.1": 22417812, "v1.12.1": 20939036},
          1.812, ports=(53, 8080, 8181, 9153), answer="OK", entrypoint=("/coredns",)),
    Image("registry.k8s.io/kube-proxy", {"v1.35.0": 31156524}, 2.034, ports=(10249, 10256),
          answer="ok", commands=("/usr/local/bin/kube-proxy", "kube-proxy")),
    # `minikube addons enable ingress`: nginx on 80 and 443, its /healthz on 10254 (the
    # probes' port). Its program is the proxy of k8s_model/ingress.
    Image("registry.k8s.io/ingress-nginx/controller", {"v1.15.0": 107541937}, 3.281,
          ports=(80, 443, 10254), program="ingress-nginx",
          commands=("/nginx-ingress-controller",), entrypoint=("/usr/bin/dumb-init", "--"),
          cmd=("/nginx-ingress-controller",)),
)}

# What a re-pull of a present image costs (imagePullPolicy Always: a manifest check),
# and how long the registry takes to say no.
REPULL_SECONDS = 0.5
FAILED_PULL_SECONDS = 1.2
PAUSE_IMAGE = "registry.k8s.io/pause:3.10.1"

_NAME_COMPONENT = re.compile(r"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$")
_TAG = re.compile(r"^[\w][\w.-]{0,127}$")


class ReferenceError(ValueError):
    """`couldn't parse image reference`: the kubelet's InvalidImageName."""


@dataclass(frozen=True)
class Reference:
    repository: str   # docker.io/library/nginx
    tag: str          # latest
    digest: str = ""

    def __str__(self) -> str:
        return f"{self.repository}@{self.digest}" if self.digest else f"{self.repository}:{self.tag}"


def parse_reference(image: str) -> Reference:
    """ParseNormalizedNamed + the kubelet's applyDefaultImageTag (`:latest`)."""
    name, digest = (image.split("@", 1) + [""])[:2]
    tag = ""
    slash = name.rfind("/")
    if ":" in name[slash + 1:]:
        name, tag = name.rsplit(":", 1)
        if not _TAG.match(tag):
            raise ReferenceError("invalid reference format")
    if name != name.lower():
        raise ReferenceError("invalid reference format: repository name must be lowercase")
    parts = name.split("/")
    if len(parts) > 1 and ("." in parts[0] or ":" in parts[0] or parts[0] == "localhost"):
        domain, path = parts[0], parts[1:]
    else:
        domain, path = "docker.io", parts
    if domain == "docker.io" and len(path) == 1:
        path = ["library"] + path
    if not path or not all(_NAME_COMPONENT.match(p) for p in path):
        raise ReferenceError("invalid reference format")
    return Reference(f"{domain}/{'/'.join(path)}", tag or ("" if digest else "latest"), digest)


def process_args(image: Image, container: dict) -> list[str]:
    """The OCI spec's process.args, as containerd's CRI plugin builds them (and
    Docker's rule): the Pod's `command` replaces the image's Entrypoint, its `args`
    replace the Cmd — and a `command` alone drops the Cmd too."""
    command, args = container.get("command"), container.get("args")
    if command:
        return [*command, *(args or [])]
    return [*image.entrypoint, *(args if args else image.cmd)]


def image_digest(ref: Reference) -> str:
    """A stable sha256 repo digest for a catalogue image (`docker.io/library/nginx@sha256:…`);
    a reference by digest names its own."""
    if ref.digest:
        return ref.digest
    return "sha256:" + hashlib.sha256(f"{ref.repository}:{ref.tag}".encode()).hexdigest()


def image_id(ref: Reference) -> str:
    """The local image id (config digest) containerd reports as the image ref. Content
    decides it, not the name: `nginx@<digest of nginx:latest>` is the same image as
    `nginx:latest`."""
    tag = ref.tag
    if ref.digest:
        tags = CATALOGUE[ref.repository].tags if ref.repository in CATALOGUE else {}
        tag = next((t for t in tags if image_digest(Reference(ref.repository, t)) == ref.digest),
                   ref.digest)
    return "sha256:" + hashlib.sha256(f"config {ref.repository}:{tag}".encode()).hexdigest()


@dataclass
class PullFailure(Exception):
    """A failed pull as the CRI returns it: `rpc error: code = NotFound desc = …`."""

    code: str
    desc: str
    fields: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return f"rpc error: code = {self.code} desc = {self.desc}"


def resolve(ref: Reference) -> tuple[Image, int]:
    """The catalogue image and its size, or the failure containerd's resolver reports."""
    prefix = f'failed to pull and unpack image "{ref}": failed to resolve reference "{ref}": '
    image = CATALOGUE.get(ref.repository)
    if image is None:
        raise PullFailure("Unknown", prefix + "pull access denied, repository does not exist or "
                          "may require authorization: server message: insufficient_scope: "
                          "authorization failed")
    if ref.digest:
        for tag, size in image.tags.items():
            if image_digest(Reference(ref.repository, tag)) == ref.digest:
                return image, size
        raise PullFailure("NotFound", prefix + f"{ref}: not found")
    if ref.tag not in image.tags:
        raise PullFailure("NotFound", prefix + f"{ref}: not found")
    return image, image.tags[ref.tag]
