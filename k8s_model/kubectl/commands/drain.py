"""kubectl drain (staging/src/k8s.io/kubectl/pkg/cmd/drain/drain.go, pkg/drain/drain.go and
filters.go).

Drain empties a node for maintenance: it cordons it, then evicts every Pod on it through
the eviction API and waits — polling each second — until they are gone:

    node/node-1 cordoned
    evicting pod default/web-7d9f8c-abcde
    pod/web-7d9f8c-abcde evicted
    node/node-1 drained

Some Pods stop the drain unless a flag says they may go: DaemonSet-managed Pods (their
controller would put them straight back: `--ignore-daemonsets` leaves them), Pods with
emptyDir data (`--delete-emptydir-data`), and Pods no controller would recreate
(`--force`). Mirror Pods (static Pods) are skipped. What was refused prints as

    error: unable to drain node "node-1" due to error: cannot delete Pods that declare no
    controller (use --force to override): default/web, continuing command...
    There are pending nodes to be drained:
     node-1
    cannot delete Pods that declare no controller (use --force to override): default/web

Real kubectl waits as long as it takes (`--timeout=0s`); the model's virtual clock stops
waiting after an hour, as if `--timeout=1h` had been given.
"""

from __future__ import annotations

from ...api import errors
from ...api.selectors import parse as parse_selector
from ...sim import parse_timestamp
from ..errors import KubectlError
from ..flags import Flag, format_duration, parse, parse_duration
from .context import Context
from .cordon import cordon_or_uncordon

FLAGS = (Flag("force", boolean=True), Flag("ignore-daemonsets", boolean=True),
         Flag("ignore-errors", boolean=True), Flag("delete-local-data", boolean=True),
         Flag("delete-emptydir-data", boolean=True), Flag("grace-period", default="-1"),
         Flag("timeout", default="0s"), Flag("selector", "l"), Flag("pod-selector"),
         Flag("disable-eviction", boolean=True), Flag("skip-wait-for-delete-timeout", default="0"),
         Flag("dry-run", default="none"), Flag("chunk-size", default="500"))
MODEL_WAIT_LIMIT = 3600.0
MIRROR_ANNOTATION = "kubernetes.io/config.mirror"
DAEMON_SET_FATAL = "DaemonSet-managed Pods (use --ignore-daemonsets to ignore)"
DAEMON_SET_WARNING = "ignoring DaemonSet-managed Pods"
LOCAL_STORAGE_FATAL = "Pods with local storage (use --delete-emptydir-data to override)"
LOCAL_STORAGE_WARNING = "deleting Pods with local storage"
UNMANAGED_FATAL = "cannot delete Pods that declare no controller (use --force to override)"
UNMANAGED_WARNING = "deleting Pods that declare no controller"
USAGE = "error: USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples"


class Drainer:
    """drain.Helper: the options, and what has been printed so far (stdout and stderr in
    the order a terminal shows them)."""

    def __init__(self, ctx: Context, parsed) -> None:
        self.ctx, self.client = ctx, ctx.client
        self.force = bool(parsed.get("force"))
        self.ignore_daemonsets = bool(parsed.get("ignore-daemonsets"))
        self.delete_emptydir_data = bool(parsed.get("delete-emptydir-data")
                                         or parsed.get("delete-local-data"))
        self.grace_period = int(parsed.get("grace-period"))
        self.timeout = parse_duration(parsed.get("timeout"), "timeout", "drain")
        self.pod_selector = parsed.get("pod-selector") or None
        self.disable_eviction = bool(parsed.get("disable-eviction"))
        self.skip_wait_seconds = int(parsed.get("skip-wait-for-delete-timeout"))
        self.dry_run = parsed.get("dry-run") or "none"
        self.lines: list[str] = []

    # -- GetPodsForDeletion: the filters, in order; the first that says "no" decides -------
    def pod_delete_status(self, pod: dict) -> tuple[bool, str, str]:
        """(delete?, "Okay" / "Skip" / "Warning" / "Error", message)."""
        status = (True, "Okay", "")
        for check in (self.skip_deleted, self.daemon_set, self.mirror_pod, self.local_storage,
                      self.unreplicated):
            status = check(pod)
            if not status[0]:
                break
        return status

    def skip_deleted(self, pod: dict) -> tuple[bool, str, str]:
        return (False, "Skip", "") if self._should_skip(pod) else (True, "Okay", "")

    def daemon_set(self, pod: dict) -> tuple[bool, str, str]:
        ref = controller_ref(pod)
        if ref is None or ref.get("kind") != "DaemonSet" or finished(pod):
            return True, "Okay", ""
        try:
            self.client.get("daemonsets", pod["metadata"]["namespace"], ref["name"])
        except errors.ApiError as error:
            if error.code == 404 and self.force:
                return True, "Warning", error.message
            return False, "Error", error.message
        if not self.ignore_daemonsets:
            return False, "Error", DAEMON_SET_FATAL
        return False, "Warning", DAEMON_SET_WARNING

    def mirror_pod(self, pod: dict) -> tuple[bool, str, str]:
        if MIRROR_ANNOTATION in (pod["metadata"].get("annotations") or {}):
            return False, "Skip", ""
        return True, "Okay", ""

    def local_storage(self, pod: dict) -> tuple[bool, str, str]:
        if not any("emptyDir" in v for v in pod["spec"].get("volumes") or []) or finished(pod):
            return True, "Okay", ""
        if not self.delete_emptydir_data:
            return False, "Error", LOCAL_STORAGE_FATAL
        return True, "Warning", LOCAL_STORAGE_WARNING

    def unreplicated(self, pod: dict) -> tuple[bool, str, str]:
        if finished(pod) or controller_ref(pod) is not None:
            return True, "Okay", ""
        if self.force:
            return True, "Warning", UNMANAGED_WARNING
        return False, "Error", UNMANAGED_FATAL

    def pods_for_deletion(self, node: str) -> tuple[list[dict], str, list[str]]:
        """(Pods to evict, the warnings line, the errors), messages grouped as
        PodDeleteList.Warnings() and errors() group them."""
        pods = self.client.list("pods", None, self.pod_selector, f"spec.nodeName={node}")
        delete, warnings, failures = [], {}, {}
        for pod in pods:
            ok, reason, message = self.pod_delete_status(pod)
            name = f"{pod['metadata']['namespace']}/{pod['metadata']['name']}"
            if ok:
                delete.append(pod)
            if reason == "Warning":
                warnings.setdefault(message, []).append(name)
            elif reason == "Error":
                failures.setdefault(message or "unexpected error", []).append(name)
        warning = "; ".join(f"{m}: {', '.join(p)}" for m, p in warnings.items())
        problems = [f"{m}: {', '.join(p)}" if m.lower().startswith("cannot delete")
                    else f"cannot delete {m}: {', '.join(p)}" for m, p in failures.items()]
        return delete, warning, problems

    # -- DeleteOrEvictPods -------------------------------------------------------------------
    def evict_pods(self, pods: list[dict]) -> list[str]:
        """evictPods (or deletePods with --disable-eviction): every request first, then
        wait for all of them to be gone. Returns the errors."""
        using_eviction = not self.disable_eviction
        grace = self.grace_period if self.grace_period >= 0 else None
        sent, problems = [], []
        for pod in pods:
            namespace, name = pod["metadata"]["namespace"], pod["metadata"]["name"]
            if self.dry_run == "server":
                self.lines.append(f"evicting pod {namespace}/{name} (server dry run)")
            elif using_eviction:
                self.lines.append(f"evicting pod {namespace}/{name}")
            try:
                if using_eviction:
                    self.client.evict(namespace, name, grace, dry_run=self.dry_run == "server")
                else:
                    self.client.delete("pods", namespace, name, grace_period_seconds=grace,
                                       dry_run=self.dry_run == "server")
            except errors.ApiError as error:
                if error.code == 404:
                    continue
                if not using_eviction:
                    return [error.message]
                problems.append(f'error when evicting pods/"{name}" -n "{namespace}": '
                                f"{error.message}")
                continue
            sent.append(pod)
        if self.dry_run == "server":
            return problems
        return problems + self.wait_for_delete(sent, using_eviction)

    def wait_for_delete(self, pods: list[dict], using_eviction: bool) -> list[str]:
        """waitForDelete: poll every second; a Pod is gone when GET says NotFound or
        finds another Pod (a new uid) under its name."""
        sim = self.ctx.cluster.sim
        limit = self.timeout or MODEL_WAIT_LIMIT
        deadline = sim.now + limit
        verb = "evicted" if using_eviction else "deleted"
        while True:
            pending = []
            for pod in pods:
                meta = pod["metadata"]
                current = self.client.get_or_none("pods", meta["namespace"], meta["name"])
                if current is None or current["metadata"]["uid"] != meta["uid"]:
                    self.lines.append(f"pod/{meta['name']} {verb}")
                elif self._should_skip(current):
                    self.lines.append(f'pod "{meta["name"]}" has DeletionTimestamp older than '
                                      f"{self.skip_wait_seconds} seconds, skipping")
                else:
                    pending.append(pod)
            pods = pending
            if not pods:
                return []
            if sim.now >= deadline:
                reached = f"global timeout reached: {format_duration(limit)}"
                if not using_eviction:
                    return [reached]
                return [f'error when waiting for pod "{p["metadata"]["name"]}" in namespace '
                        f'"{p["metadata"]["namespace"]}" to terminate: {reached}' for p in pods]
            sim.advance(min(1.0, deadline - sim.now))

    def _should_skip(self, pod: dict) -> bool:
        stamp = pod["metadata"].get("deletionTimestamp")
        return self.skip_wait_seconds > 0 and bool(stamp) and \
            int(self.ctx.now - parse_timestamp(stamp)) > self.skip_wait_seconds


def controller_ref(pod: dict) -> dict | None:
    return next((r for r in pod["metadata"].get("ownerReferences") or [] if r.get("controller")),
                None)


def finished(pod: dict) -> bool:
    return (pod.get("status") or {}).get("phase") in ("Succeeded", "Failed")


def aggregate(messages: list[str]) -> str:
    """utilerrors.Aggregate.Error(): one message as itself, several in brackets."""
    return messages[0] if len(messages) == 1 else "[" + ", ".join(messages) + "]"


def run(ctx: Context, argv: list[str], stdin: str | None) -> str:
    parsed = parse(argv, FLAGS, "drain")
    names = list(parsed.args)
    if not names and not parsed.get("selector"):
        raise KubectlError(USAGE)
    if names and parsed.get("selector"):
        raise KubectlError("error: cannot specify both a node name and a --selector option\n"
                           "See 'kubectl drain -h' for help and examples")
    if parsed.get("dry-run") not in ("none", "client", "server"):
        raise KubectlError(f'error: Invalid dry-run value ({parsed.get("dry-run")}). Must be '
                           '"none", "server", or "client".')
    drainer = Drainer(ctx, parsed)
    if drainer.pod_selector:
        try:
            parse_selector(drainer.pod_selector)
        except ValueError:
            raise KubectlError("error: --pod-selector=<pod_selector> must be a valid label "
                               "selector") from None
    nodes = [ctx.client.get("nodes", None, name) for name in names] if names else \
        ctx.client.list("nodes", None, parsed.get("selector"))
    for node in nodes:   # RunCordonOrUncordon: a failure is printed, and drain goes on
        try:
            drainer.lines.append(cordon_or_uncordon(ctx, node, True, drainer.dry_run))
        except errors.ApiError as error:
            drainer.lines.append(f'error: unable to cordon node "{node["metadata"]["name"]}": '
                                 f"{error.message}")
    suffix = {"client": " (dry run)", "server": " (server dry run)"}.get(drainer.dry_run, "")
    failed: list[tuple[str, list[str]]] = []
    for node in nodes:
        name = node["metadata"]["name"]
        problems = drain_node(drainer, name)
        if problems:
            drainer.lines.append(f'error: unable to drain node "{name}" due to error: '
                                 f"{aggregate(problems)}, continuing command...")
            failed.append((name, problems))
        else:
            drainer.lines.append(f"node/{name} drained{suffix}")
    text = "\n".join(drainer.lines)
    if not failed:
        return text
    text += "\nThere are pending nodes to be drained:\n" + \
        "\n".join(f" {name}" for name, _ in failed)
    # CheckErr on the aggregate of the nodes' errors (each itself an aggregate): one node
    # prints its errors one per line; several print one line per node.
    final = failed[0][1] if len(failed) == 1 else [aggregate(p) for _, p in failed]
    raise KubectlError("\n".join(final), output=text)


def drain_node(drainer: Drainer, node: str) -> list[str]:
    """deleteOrEvictPodsSimple: the node's errors (none: drained)."""
    pods, warning, problems = drainer.pods_for_deletion(node)
    if problems:
        return problems
    if warning:
        drainer.lines.append(f"Warning: {warning}")
    if drainer.dry_run == "client":
        drainer.lines += [f"evicting pod {p['metadata']['namespace']}/{p['metadata']['name']} "
                          "(dry run)" for p in pods]
        return []
    problems = drainer.evict_pods(pods)
    if problems:
        pending, _, errs = drainer.pods_for_deletion(node)
        if pending:
            drainer.lines.append(f'There are pending pods in node "{node}" when an error '
                                 f"occurred: {aggregate(problems)}")
            drainer.lines += [f"pod/{p['metadata']['name']}" for p in pending]
        if errs:
            drainer.lines.append("Following errors occurred while getting the list of pods "
                                 f"to delete:\n{aggregate(errs)}")
    return problems
