"""crictl (kubernetes-sigs/cri-tools cmd/crictl): the CRI's own client, run on a node.

crictl speaks to the container runtime exactly as the kubelet does — ListPodSandbox,
ListContainers, ListImages, ContainerStatus over the CRI socket — so what it prints is
the runtime's view, not the API server's: sandboxes and containers by their 64-hex ids
(shown truncated to 13), attempts, image ids. It works with any CRI runtime (containerd,
CRI-O), which is why it replaced `docker ps` for debugging a node.

Subcommands: `pods`, `ps`, `images`, `inspect`, `inspectp`, `logs`, `exec`, `version`.
Formats follow cri-tools v1.35: sandbox.go OutputPodSandboxes, container.go
OutputContainers, image.go (`images`), version.go, and outputStatusData in util.go for
`inspect`/`inspectp` (crictl_status.py). Every table goes through tabwriter(minwidth 20,
tabwidth 1, padding 3).
"""

from __future__ import annotations

import re

from ..kubectl.tabwriter import TabWriter
from .cri import ContainerRuntime
from .images import image_digest, image_id, parse_reference
from .crictl_status import container_status, sandbox_status, status_json
from .units import human_duration, human_size

# Version (of the CRI client API), RuntimeName, RuntimeVersion, RuntimeApiVersion
VERSION = ("0.1.0", "containerd", "v2.2.0", "v1")
TRUNCATED_ID_LEN = 13
STATE = {"CONTAINER_CREATED": "Created", "CONTAINER_RUNNING": "Running",
         "CONTAINER_EXITED": "Exited", "CONTAINER_UNKNOWN": "Unknown",
         "SANDBOX_READY": "Ready", "SANDBOX_NOTREADY": "NotReady"}
# crictl's other subcommands: real, but they change the node behind the kubelet's back
# (or report what the model does not keep), so the model does not offer them.
NOT_MODELLED = {"attach", "create", "imagefsinfo", "info", "inspecti", "port-forward", "pull",
                "run", "runp", "rm", "rmi", "rmp", "start", "stats", "statsp", "stop",
                "stopp", "update", "config", "checkpoint", "events", "metricsp",
                "update-runtime-config", "completion"}
FLAGS_WITH_VALUE = {"--tail", "--name", "--namespace", "--pod", "-p", "--state", "-s", "--id",
                    "-o", "--output", "--image"}


class CrictlError(Exception):
    """What crictl prints before it exits 1 (logrus.Fatal, as on a terminal)."""

    def __str__(self) -> str:
        return f"FATA[0000] {self.args[0]}"


class GoLogFatal(Exception):
    """log.Fatalf: the standard logger's date and time, then the message."""


def truncated(id_: str, prefix: str = "") -> str:
    return id_.removeprefix(prefix)[:TRUNCATED_ID_LEN]


def _table(rows: list[list[str]]) -> str:
    w = TabWriter(20, 1, 3)
    w.write("".join("\t".join(row) + "\n" for row in rows))
    w.flush()
    return w.getvalue()


def _parse(args: list[str]) -> tuple[list[str], dict[str, str | bool]]:
    positional, flags, i = [], {}, 0
    while i < len(args):
        arg = args[i]
        if arg.startswith("-") and "=" in arg:
            name, value = arg.split("=", 1)
            flags[name] = value
        elif arg in FLAGS_WITH_VALUE and i + 1 < len(args):
            flags[arg], i = args[i + 1], i + 1
        elif arg.startswith("-"):
            flags[arg] = True
        else:
            positional.append(arg)
        i += 1
    return positional, flags


def _flag(flags: dict, *names: str):
    return next((flags[n] for n in names if n in flags), None)


def _matches(pattern, value: str) -> bool:
    return not pattern or re.search(pattern, value) is not None


def _ago(runtime: ContainerRuntime, at: float) -> str:
    return human_duration(runtime.sim.now - at) + " ago"


def pods(runtime: ContainerRuntime, flags: dict) -> str:
    """`crictl pods`: every sandbox, newest first, Ready or NotReady."""
    state = _flag(flags, "--state", "-s")
    if state and str(state).lower() not in ("ready", "notready"):
        raise GoLogFatal("--state should be ready or notready")
    sandboxes = [s for s in sorted(runtime.sandboxes.values(), key=lambda s: -s.created_at)
                 if _matches(_flag(flags, "--name"), s.name)
                 and _matches(_flag(flags, "--namespace"), s.namespace)
                 and (not state or STATE[s.state].lower() == str(state).lower())]
    if _flag(flags, "-q", "--quiet"):
        return "".join(s.id + "\n" for s in sandboxes)
    trunc = not _flag(flags, "--no-trunc")
    rows = [["POD ID", "CREATED", "STATE", "NAME", "NAMESPACE", "ATTEMPT", "RUNTIME"]]
    rows += [[truncated(s.id) if trunc else s.id, _ago(runtime, s.created_at), STATE[s.state],
              s.name, s.namespace, "0", "(default)"] for s in sandboxes]
    return _table(rows)


def ps(runtime: ContainerRuntime, flags: dict) -> str:
    """`crictl ps`: running containers (`-a`: all), newest first. IMAGE is the image id
    the kubelet keeps as the container's image (sha256:…), truncated."""
    state = _flag(flags, "--state", "-s")
    if state and str(state).lower() not in ("created", "running", "exited", "unknown"):
        raise GoLogFatal("--state should be one of created, running, exited or unknown")
    pod = _flag(flags, "--pod", "-p")
    shown = []
    for c in sorted(runtime.containers.values(), key=lambda c: -c.created_at):
        sandbox = runtime.sandboxes[c.sandbox_id]
        if state:
            if STATE[c.state].lower() != str(state).lower():
                continue
        elif not _flag(flags, "-a", "--all") and c.state != "CONTAINER_RUNNING":
            continue
        if pod and not c.sandbox_id.startswith(str(pod)):
            continue
        if _matches(_flag(flags, "--name"), c.name) and \
                _matches(_flag(flags, "--namespace"), sandbox.namespace):
            shown.append((c, sandbox))
    if _flag(flags, "-q", "--quiet"):
        return "".join(c.id + "\n" for c, _ in shown)
    trunc = not _flag(flags, "--no-trunc")
    rows = [["CONTAINER", "IMAGE", "CREATED", "STATE", "NAME", "ATTEMPT", "POD ID", "POD",
             "NAMESPACE"]]
    for c, sandbox in shown:
        image = image_id(parse_reference(c.image_ref))
        rows.append([truncated(c.id) if trunc else c.id,
                     truncated(image, "sha256:") if trunc else image,
                     _ago(runtime, c.created_at), STATE[c.state], c.name, str(c.attempt),
                     truncated(sandbox.id) if trunc else sandbox.id, sandbox.name,
                     sandbox.namespace])
    return _table(rows)


def list_images(runtime: ContainerRuntime) -> list[tuple[str, list[str], list[str], int]]:
    """What ListImages answers: one image per id (content), with every tag that names it
    (`nginx:latest`) and its repo digests (`nginx@sha256:…`), and its size. An image
    pulled only by digest has no tags."""
    by_id: dict[str, tuple[list[str], list[str], int]] = {}
    for ref_text, (id_, size) in runtime.images.items():
        ref = parse_reference(ref_text)
        tags, digests, _ = by_id.setdefault(id_, ([], [], size))
        if not ref.digest:
            tags.append(ref_text)
        digest = f"{ref.repository}@{image_digest(ref)}"
        if digest not in digests:
            digests.append(digest)
    return [(id_, sorted(tags), sorted(digests), size)
            for id_, (tags, digests, size) in by_id.items()]


def images(runtime: ContainerRuntime, flags: dict) -> str:
    """`crictl images`: sorted by first repo tag; one row per tag (normalizeRepoTagPair),
    `<none>` for an image known only by digest; sizes in go-units' decimal units."""
    store = sorted(list_images(runtime), key=lambda i: (i[1][:1] or i[2][:1], i[0]))
    if _flag(flags, "-q", "--quiet"):
        return "".join(id_ + "\n" for id_, _, _, _ in store)
    digests, trunc = _flag(flags, "--digests"), not _flag(flags, "--no-trunc")
    rows = [["IMAGE", "TAG"] + (["DIGEST"] if digests else []) + ["IMAGE ID", "SIZE"]]
    for id_, tags, repo_digests, size in store:
        name, digest = repo_digests[0].split("@", 1)
        pairs = [tag.rsplit(":", 1) for tag in tags] or [[name, "<none>"]]
        for repository, tag in pairs:
            row = [repository, tag] + ([truncated(digest, "sha256:") if trunc else digest]
                                       if digests else [])
            rows.append(row + [truncated(id_, "sha256:") if trunc else id_, human_size(size)])
    return _table(rows)


def _find(kind: str, table: dict, id_: str):
    """containerd resolves an id by unique prefix (truncindex); its CRI service words
    the miss differently for containers and sandboxes (container_status.go,
    sandbox_status.go)."""
    found = [key for key in table if key.startswith(id_)] if id_ else []
    if len(found) != 1:
        what = f'container "{id_}"' if kind == "container" else "sandbox"
        raise CrictlError(f"rpc error: code = NotFound desc = an error occurred when try to "
                          f"find {what}: not found")
    return table[found[0]]


def inspect(runtime: ContainerRuntime, ids: list[str], sandbox: bool) -> str:
    if not ids:
        raise CrictlError("ID cannot be empty")
    kind, table = ("sandbox", runtime.sandboxes) if sandbox else ("container",
                                                                  runtime.containers)
    statuses = []
    for id_ in ids:
        try:
            obj = _find(kind, table, id_)
        except CrictlError as error:
            what = ("get the status of pod sandboxes: get pod sandbox status" if sandbox
                    else "get the status of containers: get container status")
            raise CrictlError(f"{what}: {error.args[0]}") from None
        status = sandbox_status(runtime, obj) if sandbox else container_status(runtime, obj)
        statuses.append({"status": status})
    return status_json(statuses)


def logs(runtime: ContainerRuntime, ids: list[str], flags: dict) -> str:
    """`crictl logs [--tail N] ID`: what the container wrote (its log file, read by crictl)."""
    if not ids:
        raise CrictlError("ID cannot be empty")
    c = _find("container", runtime.containers, ids[0])
    tail = _flag(flags, "--tail")
    lines = c.logs[-int(tail):] if tail not in (None, True, "-1") and int(tail) > 0 else \
        ([] if tail == "0" else c.logs)
    return "".join(line + "\n" for line in lines)


def exec_(runtime: ContainerRuntime, args: list[str]) -> tuple[int, str]:
    """`crictl exec [-i] [-t] ID COMMAND…`: the CRI Exec call, as `kubectl exec` makes it
    through the kubelet (the container's environment from the Pod spec is not passed)."""
    while args and args[0] in ("-i", "-t", "-it", "-ti", "--interactive", "--tty"):
        args = args[1:]
    if len(args) < 2:
        raise CrictlError("ID cannot be empty" if not args else "command cannot be empty")
    c = _find("container", runtime.containers, args[0])
    if c.state != "CONTAINER_RUNNING":
        raise CrictlError(f"execing command in container: rpc error: code = Unknown desc = "
                          f"container is in {c.state} state")
    sandbox = runtime.sandboxes[c.sandbox_id]
    network = runtime.network_for(sandbox) if runtime.network_for else None
    code, output = runtime.exec(c.id, args[1:], network)
    return code, output + ("\n" if output and not output.endswith("\n") else "")


def version(runtime: ContainerRuntime) -> str:
    labels = ("Version:", "RuntimeName:", "RuntimeVersion:", "RuntimeApiVersion:")
    return "".join(f"{label}  {value}\n" for label, value in zip(labels, VERSION))


def crictl(runtime: ContainerRuntime, args: list[str]) -> tuple[int, str]:
    """Run `crictl <args>` against this node's runtime: (exit code, what it prints)."""
    if not args:   # its help text, abridged to the head
        return 0, ("NAME:\n   crictl - client for CRI\n\nUSAGE:\n"
                   "   crictl [global options] command [command options]\n")
    command, rest = args[0], args[1:]
    positional, flags = _parse(rest)
    try:
        if command in ("pods",):
            return 0, pods(runtime, flags)
        if command == "ps":
            return 0, ps(runtime, flags)
        if command in ("images", "image", "img"):
            return 0, images(runtime, flags)
        if command in ("inspect", "inspectp"):
            return 0, inspect(runtime, positional, sandbox=command == "inspectp")
        if command == "logs":
            return 0, logs(runtime, positional, flags)
        if command == "exec":
            return exec_(runtime, rest)
        if command == "version":
            return 0, version(runtime)
        if command in NOT_MODELLED:
            return 1, (f"crictl {command}: not modelled here (this crictl reads: pods, ps, "
                       "images, inspect, inspectp, logs, exec, version)\n")
    except CrictlError as error:
        return 1, str(error) + "\n"
    except GoLogFatal as error:
        return 1, f"{runtime.sim.datetime():%Y/%m/%d %H:%M:%S} {error.args[0]}\n"
    return 3, f"No help topic for '{command}'\n"
