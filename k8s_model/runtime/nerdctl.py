"""nerdctl (containerd/nerdctl): containerd's Docker-compatible CLI, run on a node.

nerdctl talks to containerd itself, not to the CRI, so it sees containerd's own records,
which live in *namespaces*. The kubelet's containers are in the `k8s.io` namespace;
nerdctl looks in `default` unless told otherwise — so a plain `nerdctl ps` on a
Kubernetes node shows nothing, and `nerdctl --namespace k8s.io ps` shows every Pod's
pause container (the sandbox, named `k8s://<ns>/<pod>`) next to its app containers
(`k8s://<ns>/<pod>/<container>`), in containerd's key order (by id).

Formats follow cmd/nerdctl/container/container_list.go with pkg/formatter (status,
command ellipsis) and pkg/cmd/image/list.go (`images`: one row per image record; the
CRI plugin records each image under its tag, its repo digest and its config id).
A CRI container that has exited shows as `Created`: the CRI plugin deletes the task
when the process ends, and nerdctl reports a container without a task as created.
Two values are estimates the model cannot know: every image is linux/amd64, and its
unpacked SIZE is taken as 2.5 times its compressed BLOB SIZE (real ratios run ~2–3).
"""

from __future__ import annotations

from ..kubectl.tabwriter import TabWriter
from .cri import ContainerRuntime
from .crictl import list_images
from .images import PAUSE_IMAGE, process_args
from .units import human_duration, progress_bytes

K8S_NAMESPACE, DEFAULT_NAMESPACE = "k8s.io", "default"
UNPACKED_RATIO = 2.5
# nerdctl's other commands (`nerdctl --help`): real, but not part of this model.
NOT_MODELLED = {"run", "exec", "logs", "port", "stop", "start", "restart", "update", "wait",
                "kill", "pause", "unpause", "commit", "rename", "rm", "create", "pull", "push",
                "load", "save", "tag", "rmi", "build", "network", "volume", "namespace",
                "login", "logout", "info", "version", "inspect", "top", "events", "stats",
                "system", "compose", "builder", "cp", "diff", "attach", "history", "manifest",
                "checkpoint", "container", "image", "completion", "help", "apparmor", "ipfs"}


def _table(rows: list[list[str]]) -> str:
    w = TabWriter(4, 8, 4)
    w.write("".join("\t".join(row) + "\n" for row in rows))
    w.flush()
    return w.getvalue()


def _ellipsis(text: str, width: int = 20) -> str:
    """formatter.Ellipsis: cut to width-1 and add "…"."""
    return text if len(text) <= width else text[:width - 1] + "…"


def _go_quote(text: str) -> str:
    """strconv.Quote for printable text: backslashes and double quotes escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _ago(runtime: ContainerRuntime, at: float) -> str:
    return human_duration(runtime.sim.now - at) + " ago"


def _records(runtime: ContainerRuntime) -> list[tuple[str, str, str, float, bool, str]]:
    """containerd's containers in k8s.io: (id, image, command, created, up, name)."""
    records = []
    for s in runtime.sandboxes.values():
        records.append((s.id, PAUSE_IMAGE, "/pause", s.created_at, s.state == "SANDBOX_READY",
                        f"k8s://{s.namespace}/{s.name}"))
    for c in runtime.containers.values():
        s = runtime.sandboxes[c.sandbox_id]
        records.append((c.id, c.image_ref, " ".join(process_args(c.image, c.spec)),
                        c.created_at, c.state == "CONTAINER_RUNNING",
                        f"k8s://{s.namespace}/{s.name}/{c.name}"))
    return sorted(records)


def ps(runtime: ContainerRuntime, namespace: str, flags: set[str]) -> str:
    """`nerdctl ps`: containers whose task runs (`-a`: all)."""
    records = _records(runtime) if namespace == K8S_NAMESPACE else []
    if not flags & {"-a", "--all"}:
        records = [r for r in records if r[4]]
    trunc = "--no-trunc" not in flags
    if flags & {"-q", "--quiet"}:
        return "".join((r[0][:12] if trunc else r[0]) + "\n" for r in records)
    rows = [["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"]]
    for id_, image, command, created, up, name in records:
        rows.append([id_[:12] if trunc else id_, image,
                     _go_quote(_ellipsis(command) if trunc else command),
                     _ago(runtime, created), "Up" if up else "Created", "", name])
    return _table(rows)


def images(runtime: ContainerRuntime, namespace: str, flags: set[str]) -> str:
    """`nerdctl images`: every image record, in name order. The CRI plugin names each
    image by its tags, its repo digest and its config id (the last shown `<none>`);
    IMAGE ID is the record's target — the repo digest — cut to 12."""
    records = []
    if namespace == K8S_NAMESPACE:
        for config_id, tags, digests, size in list_images(runtime):
            pulled = min(runtime.pulled_at.get(ref, 0.0) for ref in runtime.images
                         if runtime.images[ref][0] == config_id)
            target = digests[0].split("@", 1)[1]
            names = [(tag, *_repo_tag(tag)) for tag in tags]
            names += [(digest, _familiar(digest.split("@")[0]), "<none>") for digest in digests]
            names.append((config_id, "<none>", "<none>"))
            records += [(name, repo, tag, target, pulled, size) for name, repo, tag in names]
    records.sort()
    if flags & {"-q", "--quiet"}:
        return "".join(r[3] + "\n" for r in records)
    rows = [["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "PLATFORM", "SIZE", "BLOB SIZE"]]
    for _, repo, tag, target, pulled, size in records:
        rows.append([repo, tag, target.split(":")[1][:12], _ago(runtime, pulled), "linux/amd64",
                     progress_bytes(size * UNPACKED_RATIO), progress_bytes(size)])
    return _table(rows)


def _repo_tag(ref: str) -> tuple[str, str]:
    repository, tag = ref.rsplit(":", 1)
    return _familiar(repository), tag


def _familiar(repository: str) -> str:
    """reference.FamiliarName: docker.io/library/nginx -> nginx, docker.io/luksa/kubia ->
    luksa/kubia; other registries keep their domain."""
    return repository.removeprefix("docker.io/").removeprefix("library/")


def nerdctl(runtime: ContainerRuntime, args: list[str]) -> tuple[int, str]:
    """Run `nerdctl <args>` on this node: (exit code, what it prints)."""
    namespace, rest, i = DEFAULT_NAMESPACE, [], 0
    while i < len(args):
        arg = args[i]
        if arg in ("-n", "--namespace") and i + 1 < len(args):
            namespace, i = args[i + 1], i + 2
            continue
        if arg.startswith("--namespace="):
            namespace = arg.split("=", 1)[1]
        else:
            rest.append(arg)
        i += 1
    command = next((a for a in rest if not a.startswith("-")), "")
    flags = {a for a in rest if a.startswith("-")}
    if command in ("ps",) or rest[:2] == ["container", "ls"]:
        return 0, ps(runtime, namespace, flags)
    if command in ("images",) or rest[:2] == ["image", "ls"]:
        return 0, images(runtime, namespace, flags)
    if command in NOT_MODELLED:
        return 1, f"nerdctl {command}: not modelled here (this nerdctl reads: ps, images)\n"
    return 1, f'FATA[0000] unknown command "{command}" for "nerdctl"\n'

