"""The Pod garbage collector (pkg/controller/podgc/gc_controller.go).

A deleted Pod normally disappears when its kubelet reports its containers stopped.
Some Pods have no kubelet to do that, or would pile up for ever; every 20 s this
controller force-deletes (grace period 0) them:
* orphaned: bound to a Node that no longer exists. A Node missing from the informer is
  quarantined for 40 s and then confirmed missing by a direct GET, so a Node that was
  only slow to appear in the cache does not lose its Pods;
* unscheduled and terminating: deleted before any node took them;
* terminating on an out-of-service node (not Ready and tainted
  `node.kubernetes.io/out-of-service`, the admin's "this node is really down");
* terminated (Succeeded or Failed) above `--terminated-pod-gc-threshold` (12500),
  evicted ones first, then oldest first.
A Pod still Pending or Running is first marked Failed (orphans also get the condition
DisruptionTarget, reason DeletionByPodGC) so it does not stay "Running" forever.
"""

from __future__ import annotations

from ..api import errors
from ..api.podutil import update_pod_condition
from .base import Informer
from .node_lifecycle import ready_status

GC_CHECK_PERIOD = 20.0
QUARANTINE_TIME = 40.0
TERMINATED_POD_THRESHOLD = 12500
OUT_OF_SERVICE = "node.kubernetes.io/out-of-service"


def is_pod_terminated(pod: dict) -> bool:
    return (pod.get("status") or {}).get("phase") not in ("Pending", "Running", "Unknown")


def _evicted_then_oldest(pod: dict) -> tuple:
    """byEvictionAndCreationTimestamp: evicted Pods first, then oldest, then by name."""
    status = pod.get("status") or {}
    evicted = status.get("phase") == "Failed" and status.get("reason") == "Evicted"
    return (not evicted, pod["metadata"].get("creationTimestamp", ""), pod["metadata"]["name"])


class PodGCController:
    name = "pod-garbage-collector"

    def __init__(self, sim, client, pods: Informer, nodes: Informer,
                 terminated_pod_threshold: int = TERMINATED_POD_THRESHOLD) -> None:
        self.sim, self.client, self.pods, self.nodes = sim, client, pods, nodes
        self.terminated_pod_threshold = terminated_pod_threshold
        self.node_queue: dict[str, float] = {}   # a delaying queue: node name -> ready at
        sim.call_soon(self._run)

    def _run(self) -> None:
        """wait.UntilWithContext: gc now, then every gcCheckPeriod."""
        self.sim.call_later(GC_CHECK_PERIOD, self._run)
        self.gc()

    def gc(self) -> None:
        pods, nodes = self.pods.list(), {n["metadata"]["name"] for n in self.nodes.list()}
        if self.terminated_pod_threshold > 0:
            self.gc_terminated(pods)
        self.gc_terminating(pods)
        self.gc_orphaned(pods, nodes)
        self.gc_unscheduled_terminating(pods)

    def gc_terminated(self, pods: list[dict]) -> None:
        terminated = [p for p in pods if is_pod_terminated(p)]
        excess = len(terminated) - self.terminated_pod_threshold
        for pod in sorted(terminated, key=_evicted_then_oldest)[:max(excess, 0)]:
            self.mark_failed_and_delete(pod)

    def gc_terminating(self, pods: list[dict]) -> None:
        doomed = []
        for pod in pods:
            if not pod["metadata"].get("deletionTimestamp"):
                continue
            node = self.nodes.get(pod["spec"].get("nodeName", ""))
            if node is None:
                continue
            taints = (node.get("spec") or {}).get("taints") or []
            if ready_status(node) != "True" and any(t.get("key") == OUT_OF_SERVICE for t in taints):
                doomed.append(pod)
        for pod in sorted(doomed, key=_evicted_then_oldest):
            self.mark_failed_and_delete(pod)

    def gc_orphaned(self, pods: list[dict], existing: set[str]) -> None:
        for pod in pods:
            node = pod["spec"].get("nodeName")
            if node and node not in existing:
                self.node_queue.setdefault(node, self.sim.now + QUARANTINE_TIME)
        deleted = self.discover_deleted_nodes(existing)
        for pod in pods:
            if pod["spec"].get("nodeName") in deleted:
                self.mark_failed_and_delete(pod, {
                    "type": "DisruptionTarget", "status": "True", "reason": "DeletionByPodGC",
                    "message": "PodGC: node no longer exists"})

    def discover_deleted_nodes(self, existing: set[str]) -> set[str]:
        """Nodes out of quarantine, still missing from the cache and from a fresh GET."""
        deleted = set()
        due = sorted(n for n, ready_at in self.node_queue.items() if ready_at <= self.sim.now)
        for node in due:
            del self.node_queue[node]
            if node in existing:
                continue
            try:
                if self.client.get_or_none("nodes", None, node) is None:
                    deleted.add(node)
            except errors.ApiError:
                pass   # queued again on the next pass if still needed
        return deleted

    def gc_unscheduled_terminating(self, pods: list[dict]) -> None:
        for pod in pods:
            if pod["metadata"].get("deletionTimestamp") and not pod["spec"].get("nodeName"):
                self.mark_failed_and_delete(pod)

    def mark_failed_and_delete(self, pod: dict, condition: dict | None = None) -> None:
        meta = pod["metadata"]
        try:
            status = pod.get("status") or {}
            if status.get("phase") not in ("Succeeded", "Failed"):
                patch: dict = {"phase": "Failed"}
                if condition is not None:
                    patch["conditions"] = list(status.get("conditions") or [])
                    update_pod_condition(patch, condition, self.sim.timestamp())
                self.client.patch("pods", meta["namespace"], meta["name"], {"status": patch},
                                  subresource="status")
            self.client.delete("pods", meta["namespace"], meta["name"], grace_period_seconds=0)
        except errors.ApiError:
            pass   # not found, or tried again on the next pass

