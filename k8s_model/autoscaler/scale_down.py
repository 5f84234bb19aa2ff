"""Scale-down: remove nodes nobody needs (cluster-autoscaler/core/scaledown/: planner,
eligibility, unneeded, actuation; simulator/drainability and utils/taints).

Each loop every node of the group is checked:

* eligible — its utilisation, max(cpu, memory) requested / allocatable (DaemonSet Pods
  included, --ignore-daemonsets-utilization=false), is below
  --scale-down-utilization-threshold (0.5);
* removable — each of its Pods could go: DaemonSet and static (mirror) Pods are not
  moved; a Pod blocks the node if no controller would recreate it, if it is in
  kube-system (and no PodDisruptionBudget allows it), if it has local storage (emptyDir),
  or says `cluster-autoscaler.kubernetes.io/safe-to-evict: "false"`; and the rest must
  pass the scheduler's filters on some other node (the snapshot, with the Pods already
  imagined moved).

A node that stays eligible and removable for --scale-down-unneeded-time (10 min) is
deleted — but not within --scale-down-delay-after-add (10 min) of a scale-up, nor below
the group's min size. Deleting is draining: the node is tainted
`ToBeDeletedByClusterAutoscaler=<unix time>:NoSchedule` ("marked the node as
toBeDeleted/unschedulable"), every Pod to move is evicted ("deleting pod for node scale
down"), and once they are gone the cloud deletes the VM. Empty nodes go in bulk
(--max-empty-bulk-delete 10), others one at a time (--max-drain-parallelism 1).
"""

from __future__ import annotations

from ..api import errors
from ..scheduler.types import NodeInfo
from .simulator import is_daemonset_pod, is_mirror_pod, owner_kind, place

TO_BE_DELETED_TAINT = "ToBeDeletedByClusterAutoscaler"
SAFE_TO_EVICT = "cluster-autoscaler.kubernetes.io/safe-to-evict"
MAX_GRACEFUL_TERMINATION = 600     # --max-graceful-termination-sec
MAX_EMPTY_BULK_DELETE = 10
DRAIN_POLL = 5.0                   # how often the actuator checks the Pods are gone


def utilization(info: NodeInfo) -> float:
    """utilization.Calculate: the larger of the cpu and memory shares requested."""
    return max((info.requested.get(r, 0) / info.allocatable[r] for r in ("cpu", "memory")
                if info.allocatable.get(r)), default=0.0)


def blocking_reason(pod: dict) -> str:
    """Why this Pod keeps its node (drainability rules), or "" if it may be moved."""
    annotations = pod["metadata"].get("annotations") or {}
    if annotations.get(SAFE_TO_EVICT) == "true":
        return ""
    if annotations.get(SAFE_TO_EVICT) == "false":
        return "NotSafeToEvictAnnotation"
    if not owner_kind(pod):
        return "NotReplicated"
    if pod["metadata"].get("namespace") == "kube-system":
        return "UnmovableKubeSystemPod"
    if any("emptyDir" in v or "hostPath" in v for v in pod["spec"].get("volumes") or ()):
        return "LocalStorageRequested"
    return ""


def pods_to_move(info: NodeInfo) -> list[dict]:
    return [p.pod for p in info.pods.values()
            if not is_daemonset_pod(p.pod) and not is_mirror_pod(p.pod)]


def unbound(pod: dict) -> dict:
    """The Pod as its replacement would be: no nodeName (else the NodeName filter would
    keep it where it is)."""
    return {**pod, "spec": {k: v for k, v in pod["spec"].items() if k != "nodeName"}}


def is_being_deleted(node: dict) -> bool:
    return any(t.get("key") == TO_BE_DELETED_TAINT for t in node["spec"].get("taints") or ())


def find_removable(autoscaler, group, threshold: float) -> dict[str, bool]:
    """The group's nodes that could go now, each with True if it is empty: simulate
    removing them in turn, moving their Pods to the nodes that stay."""
    snapshot = autoscaler.snapshot()
    removable: dict[str, bool] = {}
    gone: set[str] = set()
    upcoming = autoscaler.upcoming()
    for name in group.instances:
        info = snapshot.get(name)
        if name in upcoming:
            continue
        if info is None or is_being_deleted(info.node) or utilization(info) >= threshold:
            continue
        pods = pods_to_move(info)
        if any(blocking_reason(p) for p in pods):
            continue
        exclude = gone | {name}
        moves = []
        for pod in map(unbound, pods):
            target = autoscaler.checker.fits_any_node(snapshot, pod, exclude)
            if target is None:
                break
            place(snapshot, pod, target)
            moves.append(pod)
        else:
            removable[name] = not pods
            gone.add(name)
            continue
        for pod in moves:          # could not move them all: put them back
            place(snapshot, pod, name)
    return removable


class Actuator:
    """Drain and delete: taint, evict, wait for the Pods to go, delete the VM."""

    def __init__(self, autoscaler, group) -> None:
        self.autoscaler, self.group = autoscaler, group
        self.client, self.sim = autoscaler.client, autoscaler.sim
        self.draining: set[str] = set()

    def start_deletion(self, name: str) -> None:
        node = self.client.get("nodes", None, name)
        taints = list(node["spec"].get("taints") or [])
        taints.append({"key": TO_BE_DELETED_TAINT, "value": str(self.sim.unix_nanos() // 10**9),
                       "effect": "NoSchedule"})
        node = self.client.patch("nodes", None, name, {"spec": {"taints": taints}})
        self.autoscaler.recorder.eventf(node, "Normal", "ScaleDown",
                                        "marked the node as toBeDeleted/unschedulable")
        info = self.autoscaler.snapshot().get(name)
        pods = pods_to_move(info) if info else []
        try:
            for pod in pods:
                self.autoscaler.recorder.eventf(pod, "Normal", "ScaleDown",
                                                "deleting pod for node scale down")
                grace = pod["spec"].get("terminationGracePeriodSeconds", 30)
                meta = pod["metadata"]
                self.client.evict(meta["namespace"], meta["name"],
                                  grace_period_seconds=min(grace, MAX_GRACEFUL_TERMINATION))
        except errors.ApiError:          # e.g. a PodDisruptionBudget said no: give up
            self.client.patch("nodes", None, name, {"spec": {"taints": taints[:-1] or None}})
            self.autoscaler.recorder.eventf(node, "Warning", "ScaleDownFailed",
                                            "failed to drain the node, aborting ScaleDown")
            self.autoscaler.last_scale_down_fail = self.sim.now
            return
        self.draining.add(name)
        self._wait(name, pods, self.sim.now + MAX_GRACEFUL_TERMINATION)

    def _wait(self, name: str, pods: list[dict], deadline: float) -> None:
        """Poll until every evicted Pod is gone, then delete the node."""
        left = [p for p in pods if self.client.get_or_none(
            "pods", p["metadata"]["namespace"], p["metadata"]["name"]) is not None]
        if left and self.sim.now < deadline:
            self.sim.call_later(DRAIN_POLL, lambda: self._wait(name, left, deadline))
            return
        self.draining.discard(name)
        self.group.delete_nodes([name])
        self.autoscaler.last_scale_down_delete = self.sim.now
