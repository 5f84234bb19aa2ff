"""The Pod status the kubelet reports (kubelet_pods.go generateAPIPodStatus, getPhase;
pkg/kubelet/status: generate.go, status_manager.go).

Status is computed from what the runtime says, never remembered: each container is
`waiting` (ContainerCreating, ErrImagePull, ImagePullBackOff, CrashLoopBackOff),
`running` or `terminated` (Completed / Error with the exit code), with the previous
run as `lastState`. The phase follows getPhase: a container still waiting for its
first run keeps the Pod Pending; one running makes it Running; when all have stopped
the restart policy decides (Always: still Running; all exit 0: Succeeded; Never:
Failed). Conditions keep their lastTransitionTime while their status stays the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..api import errors
from .connection import UNREACHABLE

if TYPE_CHECKING:
    from .pod_workers import ContainerState, PodState

KUBELET_CONDITIONS = ("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady",
                      "PodScheduled")


def _terminated(c, ts) -> dict:
    return {"terminated": {"exitCode": c.exit_code, "reason": c.reason,
                           "startedAt": ts(c.started_at), "finishedAt": ts(c.finished_at),
                           "containerID": f"containerd://{c.id}"}}


def container_status(cs: "ContainerState", ts) -> dict:
    current, spec = cs.current, cs.spec
    if cs.waiting and (current is None or current.state != "CONTAINER_RUNNING"):
        reason, message = cs.waiting
        state = {"waiting": {"reason": reason, **({"message": message} if message else {})}}
    elif current is not None and current.state == "CONTAINER_RUNNING":
        state = {"running": {"startedAt": ts(current.started_at)}}
    elif current is not None and current.state == "CONTAINER_EXITED":
        state = _terminated(current, ts)
    else:
        state = {"waiting": {"reason": "ContainerCreating"}}
    # Waiting to restart (CrashLoopBackOff): the run that just ended is the last state.
    last = current if "waiting" in state and current is not None else cs.previous
    status = {"name": spec["name"], "state": state,
              "lastState": _terminated(last, ts) if last else {},
              "ready": cs.ready(), "restartCount": cs.restart_count}
    shown = current if current is not None else cs.previous
    if shown is not None:
        status.update(image=shown.image_ref, imageID=shown.image_id,
                      containerID=f"containerd://{shown.id}")
    else:
        status.update(image=spec["image"], imageID="")
    status["started"] = cs.started()
    resources = spec.get("resources") or {}
    if resources.get("requests") or resources.get("limits"):
        status["resources"] = {k: dict(v) for k, v in resources.items() if k in ("requests",
                                                                                 "limits")}
    if status["started"] and spec.get("volumeMounts"):
        status["volumeMounts"] = [
            {"name": m["name"], "mountPath": m["mountPath"],
             **({"readOnly": True, "recursiveReadOnly": "Disabled"} if m.get("readOnly") else {})}
            for m in spec["volumeMounts"]]
    return status


def get_phase(pod: dict, statuses: list[dict]) -> str:
    running = waiting = stopped = succeeded = 0
    for s in statuses:
        state = s["state"]
        if "running" in state:
            running += 1
        elif "terminated" in state:
            stopped += 1
            succeeded += state["terminated"]["exitCode"] == 0
        elif s["lastState"].get("terminated"):
            stopped += 1
        else:
            waiting += 1
    if waiting:
        return "Pending"
    if running:
        return "Running"
    policy = pod["spec"].get("restartPolicy", "Always")
    if policy == "Always":
        return "Running"
    if stopped == succeeded:
        return "Succeeded"
    if policy == "Never":
        return "Failed"
    return "Running"


def _condition(type_: str, ok: bool, reason: str = "", message: str = "") -> dict:
    c = {"type": type_, "status": "True" if ok else "False", "lastProbeTime": None}
    if reason:
        c["reason"] = reason
    if message:
        c["message"] = message
    return c


def generate_status(state: "PodState", host_ip: str, ts) -> dict:
    pod = state.pod
    statuses = [container_status(cs, ts) for cs in state.containers.values()]
    phase = state.terminal_phase or get_phase(pod, statuses)
    unready = [s["name"] for s in statuses if not s["ready"]]
    if phase == "Succeeded":
        ready = _condition("Ready", False, "PodCompleted")
        containers_ready = _condition("ContainersReady", False, "PodCompleted")
    else:
        message = f"containers with unready status: [{' '.join(unready)}]" if unready else ""
        ready = _condition("Ready", not unready, "ContainersNotReady" if unready else "", message)
        containers_ready = _condition("ContainersReady", not unready,
                                      "ContainersNotReady" if unready else "", message)
    sandbox_ok = state.sandbox is not None and state.sandbox.state == "SANDBOX_READY"
    conditions = [_condition("PodReadyToStartContainers", sandbox_ok),
                  _condition("Initialized", True), ready, containers_ready,
                  _condition("PodScheduled", True)]
    status = {"observedGeneration": pod["metadata"].get("generation", 1), "phase": phase,
              "conditions": conditions, "hostIP": host_ip, "hostIPs": [{"ip": host_ip}]}
    ip = state.pod_ip
    if ip:
        status.update(podIP=ip, podIPs=[{"ip": ip}])
    status["startTime"] = ts(state.started_at)
    status["containerStatuses"] = statuses
    return status


def merge_conditions(new: list[dict], old: list[dict], now: str, generation: int) -> list[dict]:
    """Keep lastTransitionTime of an unchanged condition; keep conditions others own."""
    previous = {c["type"]: c for c in old}
    merged = []
    for c in new:
        before = previous.get(c["type"])
        stamp = before.get("lastTransitionTime") if before and \
            before.get("status") == c["status"] else now
        merged.append({"type": c["type"], "observedGeneration": generation,
                       "status": c["status"], "lastProbeTime": None,
                       "lastTransitionTime": stamp,
                       **{k: c[k] for k in ("reason", "message") if k in c}})
    merged += [c for c in old if c["type"] not in KUBELET_CONDITIONS]
    return merged


STATUS_SYNC_PERIOD = 10.0   # status_manager.go syncPeriod


class StatusManager:
    """Posts a Pod's status when it changed: GET the Pod, then write status."""

    def __init__(self, sim, client) -> None:
        self.sim, self.client = sim, client
        self.last: dict[str, dict] = {}   # uid -> status last written

    def set_pod_status(self, state: "PodState", host_ip: str) -> None:
        pod = state.pod
        uid = pod["metadata"]["uid"]
        status = generate_status(state, host_ip, self.sim.timestamp)
        if self.last.get(uid) == status:
            return
        for _ in range(3):
            try:
                current = self.client.get("pods", pod["metadata"]["namespace"],
                                          pod["metadata"]["name"])
                if current["metadata"]["uid"] != uid:
                    return
                old = current.get("status", {})
                merged = {**old, **status}
                merged["conditions"] = merge_conditions(
                    status["conditions"], old.get("conditions") or [], self.sim.timestamp(),
                    status["observedGeneration"])
                if old.get("startTime"):
                    merged["startTime"] = old["startTime"]
                current["status"] = _ordered(merged)
                self.client.update_status("pods", current)
                self.last[uid] = status
                return
            except errors.ApiError as error:
                if error.code in (404, UNREACHABLE):   # gone; or cut off: posted on reconnection
                    return
                if error.code != 409:
                    raise

    def needs_reconcile(self, uid: str, api_status: dict) -> bool:
        """needsReconcile: does the Pod's status in the API still say what the kubelet
        wrote? Someone else may have changed it — the node lifecycle controller marks the
        Pods of a silent node not Ready — and the sync every 10 s writes it back."""
        written = self.last.get(uid)
        if written is None:
            return False
        theirs = {c.get("type"): c.get("status") for c in api_status.get("conditions") or []}
        return written["phase"] != api_status.get("phase") or any(
            theirs.get(c["type"]) != c["status"] for c in written["conditions"])

    def forget(self, uid: str) -> None:
        self.last.pop(uid, None)


STATUS_ORDER = ("observedGeneration", "phase", "conditions", "message", "reason",
                "nominatedNodeName", "hostIP", "hostIPs", "podIP", "podIPs", "startTime",
                "initContainerStatuses", "containerStatuses", "qosClass")


def _ordered(status: dict) -> dict:
    """PodStatus fields in the Go struct's order, as the API serialises them."""
    out = {k: status[k] for k in STATUS_ORDER if k in status}
    out.update({k: v for k, v in status.items() if k not in out})
    return out
