"""`kubectl run … -it --rm` / `--attach`: wait for the Pod, show its output, clean up
(staging/src/k8s.io/kubectl/pkg/cmd/run/run.go handleAttachPod, attach/attach.go Run).

    kubectl run tmp --image=busybox --rm -it --restart=Never -- wget -qO- http://web

creates the Pod (printing nothing), waits — on the virtual clock — until it is Running
and Ready or already finished (waitForPod, --pod-running-timeout 1m), then:

* finished before kubectl could attach: its logs are printed (logOpts);
* running: attach prints, on stderr, unless -q,
      All commands and output from this session will be recorded in container logs, …
      If you don't see a command prompt, try pressing enter.
  and the container's output follows; for --restart=Never/OnFailure kubectl then waits
  for the Pod to end, and a failed Pod ends kubectl with its exit code:
      pod default/tmp terminated (Error)
* with --rm the Pod is deleted last: `pod "tmp" deleted from default namespace`.

The model's kubectl has one output, so stderr lines stand where a terminal shows them.
"""

from __future__ import annotations

from ...api import errors
from ...controllers.controller_utils import is_pod_ready
from ..errors import KubectlError
from .delete import deleted_line
from .context import resource_type

RECORDED = ("All commands and output from this session will be recorded in container logs, "
            "including credentials and sensitive information passed through the command "
            "prompt.")
PRESS_ENTER = "If you don't see a command prompt, try pressing enter."
POD_RUNNING_TIMEOUT = 60.0     # --pod-running-timeout default (1m0s)


def attach_options(argv: list[str]) -> dict | None:
    """run.go's `attach := o.Attach || (o.Interactive && !attachFlag.Changed)`: None when
    kubectl run does not attach, else what attaching needs."""
    from ..generators.pflag import parse
    from ..generators.run import RUN

    parsed = parse(argv, RUN, "run")
    if not (parsed["attach"] or (parsed["stdin"] and "attach" not in parsed.changed)):
        return None
    return {"remove": bool(parsed["rm"]), "quiet": bool(parsed["quiet"]),
            "restart": parsed["restart"]}


def attach(ctx, pod: dict, remove: bool, quiet: bool, restart: str) -> str:
    cluster, meta = ctx.cluster, pod["metadata"]
    namespace, name = meta["namespace"], meta["name"]
    seen: dict[str, dict] = {}

    def current() -> dict | None:
        try:
            seen["pod"] = ctx.client.get("pods", namespace, name)
        except errors.ApiError:
            return None
        return seen["pod"]

    def on_event(event) -> None:            # waitForPod's watch: podRunningAndReady, or
        obj = event.object                   # ErrPodCompleted, whichever is stored first
        if "first" in seen or obj["metadata"].get("uid") != meta["uid"]:
            return
        phase = (obj.get("status") or {}).get("phase")
        if event.type == "DELETED" or phase in ("Succeeded", "Failed") or \
                (phase == "Running" and is_pod_ready(obj)):
            seen["first"] = obj

    lines: list[str] = []
    failure: str | None = None
    handle = cluster.watch(on_event)
    try:
        came = cluster.run_until(lambda: "first" in seen, timeout=POD_RUNNING_TIMEOUT)
    finally:
        handle.stop()
    if not came:
        failure = "error: timed out waiting for the condition"
    else:
        seen["pod"] = current() or seen["first"]
        attached = seen["first"]["status"]["phase"] == "Running"
        if attached and not quiet:
            lines += [RECORDED, PRESS_ENTER]
        if attached and restart in ("Never", "OnFailure"):
            wanted = ("Succeeded",) if restart == "OnFailure" else ("Succeeded", "Failed")
            cluster.run_until(lambda: (current() or {}).get("status", {}).get("phase")
                              in wanted, timeout=3600)
        elif attached:       # Always: the session ends when the process does
            cluster.run_until(lambda: _terminated(cluster, seen["pod"]), timeout=3600)
        lines += _logs(cluster, seen["pod"])
        final = current() or seen["pod"]
        if restart in ("Never", "OnFailure") and final["status"].get("phase") == "Failed":
            terminated = (final["status"].get("containerStatuses") or [{}])[0] \
                .get("state", {}).get("terminated") or {}
            failure = f"pod {namespace}/{name} terminated ({terminated.get('reason', '')})"
            if terminated.get("message"):
                failure += f"\n{terminated['message']}"
    if remove:
        ctx.client.delete("pods", namespace, name)
        lines.append(deleted_line(resource_type("pods"), namespace, name, -1, "none", ""))
    text = "\n".join(lines)
    if failure is not None:
        raise KubectlError(failure, output=text)
    return text


def _containers(cluster, pod: dict) -> list:
    node = pod["spec"].get("nodeName")
    runtime = cluster.kubelets[node].runtime if node in cluster.kubelets else None
    if runtime is None:
        return []
    name = pod["spec"]["containers"][0]["name"]
    return [c for c in runtime.containers.values()
            if c.name == name and runtime.sandboxes.get(c.sandbox_id) is not None
            and runtime.sandboxes[c.sandbox_id].uid == pod["metadata"]["uid"]]


def _terminated(cluster, pod: dict) -> bool:
    return any(c.state == "CONTAINER_EXITED" for c in _containers(cluster, pod))


def _logs(cluster, pod: dict) -> list[str]:
    """What the first run of the container printed (kubectl run makes one container)."""
    found = sorted(_containers(cluster, pod), key=lambda c: c.created_at)
    return list(found[0].logs) if found else []
