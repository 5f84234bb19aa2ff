"""The Cluster Autoscaler's main loop (cluster-autoscaler/core/static_autoscaler.go RunOnce).

Every --scan-interval (10 s) it looks at the cluster through its informers and decides:

1. Pods the scheduler could not place (PodScheduled=False, reason Unschedulable) that
   would fit on a node that exists or is already booting are left alone — the scheduler
   will place them (filterOutSchedulable; booting nodes count as template nodes);
2. for the others, scale up (scale_up.py); a loop that scaled up stops there;
3. otherwise, scale down (scale_down.py): nodes removable for 10 min are deleted unless
   the cluster is in cooldown — within --scale-down-delay-after-add (10 min) of a
   scale-up, --scale-down-delay-after-delete (the scan interval) of a deletion, or
   --scale-down-delay-after-failure (3 min) of a failed one.

It runs as the ServiceAccount kube-system/cluster-autoscaler and writes only Events, the
ToBeDeleted taint and evictions; the node group (cloud.py) is its cloud provider.
"""

from __future__ import annotations

from ..api import errors
from ..api.authz import service_account_user
from ..client import Client
from ..controllers.base import Informer
from ..record import EventRecorder
from .scale_down import MAX_EMPTY_BULK_DELETE, Actuator, find_removable
from .scale_up import record_events, scale_up
from .simulator import (PredicateChecker, add_template_node, build_snapshot,
                        is_daemonset_pod, place)

SCAN_INTERVAL = 10.0                       # --scan-interval
SCALE_DOWN_UNNEEDED_TIME = 600.0           # --scale-down-unneeded-time
SCALE_DOWN_DELAY_AFTER_ADD = 600.0         # --scale-down-delay-after-add
SCALE_DOWN_DELAY_AFTER_FAILURE = 180.0     # --scale-down-delay-after-failure
SCALE_DOWN_UTILIZATION_THRESHOLD = 0.5     # --scale-down-utilization-threshold


def is_unschedulable(pod: dict) -> bool:
    """The scheduler tried and found no node: PodScheduled False, reason Unschedulable."""
    if pod["spec"].get("nodeName") or pod["metadata"].get("deletionTimestamp"):
        return False
    return any(c.get("type") == "PodScheduled" and c.get("status") == "False"
               and c.get("reason") == "Unschedulable"
               for c in (pod.get("status") or {}).get("conditions") or ())


class ClusterAutoscaler:
    def __init__(self, cluster, group, scan_interval: float = SCAN_INTERVAL,
                 scale_down_enabled: bool = True,
                 scale_down_unneeded_time: float = SCALE_DOWN_UNNEEDED_TIME,
                 scale_down_delay_after_add: float = SCALE_DOWN_DELAY_AFTER_ADD,
                 scale_down_delay_after_delete: float | None = None,
                 scale_down_utilization_threshold: float = SCALE_DOWN_UTILIZATION_THRESHOLD,
                 ) -> None:
        self.sim, self.group = cluster.sim, group
        self.client = Client(cluster.api, "cluster-autoscaler",
                             service_account_user("kube-system", "cluster-autoscaler"))
        self.nodes, self.pods = Informer(self.client, "nodes"), Informer(self.client, "pods")
        self.checker = PredicateChecker(self.client)
        self.recorder = EventRecorder(self.sim, self.client, component="cluster-autoscaler")
        self.scan_interval = scan_interval
        self.scale_down_enabled = scale_down_enabled
        self.unneeded_time = scale_down_unneeded_time
        self.delay_after_add = scale_down_delay_after_add
        self.delay_after_delete = (scan_interval if scale_down_delay_after_delete is None
                                   else scale_down_delay_after_delete)
        self.threshold = scale_down_utilization_threshold
        self.unneeded: dict[str, float] = {}       # node -> since when it could go
        self.last_scale_up = self.last_scale_down_delete = float("-inf")
        self.last_scale_down_fail = float("-inf")
        self.actuator = Actuator(self, group)
        self.sim.call_later(scan_interval, self._loop)

    def _loop(self) -> None:
        self.sim.call_later(self.scan_interval, self._loop)
        try:
            self.run_once()
        except errors.ApiError:
            pass       # logged upstream; the next loop tries again

    # -- the cluster as the simulator sees it ------------------------------------------------
    def daemonset_pods(self, group) -> list[dict]:
        """The DaemonSet Pods a node of the group runs (from one that exists)."""
        for name in group.instances:
            pods = [p for p in self.pods.list() if p["spec"].get("nodeName") == name
                    and is_daemonset_pod(p)]
            if pods:
                return pods
        return []

    def upcoming(self) -> list[str]:
        """Nodes the group has asked for that have not registered yet (clusterstate's
        upcoming nodes: target size minus registered)."""
        return [name for name in self.group.instances if self.nodes.get(name) is None]

    def snapshot(self):
        """Nodes and bound Pods, plus the upcoming nodes as template nodes."""
        snapshot = build_snapshot(self.nodes.list(), self.pods.list())
        for name in self.upcoming():
            add_template_node(snapshot, self.group.template, name,
                              self.daemonset_pods(self.group))
        return snapshot

    # -- one loop -----------------------------------------------------------------------------
    def run_once(self) -> None:
        now = self.sim.now
        pending = [p for p in self.pods.list() if is_unschedulable(p)]
        snapshot, waiting = self.snapshot(), []
        for pod in pending:                 # filterOutSchedulable
            node = self.checker.fits_any_node(snapshot, pod)
            if node is None:
                waiting.append(pod)
            else:
                place(snapshot, pod, node)
        if waiting:
            status = scale_up(self, self.group, waiting)
            record_events(self.recorder, status)
            if status.successful:
                self.last_scale_up = now
                return
        if self.scale_down_enabled:
            self.scale_down(now)

    def scale_down(self, now: float) -> None:
        removable = find_removable(self, self.group, self.threshold)
        self.unneeded = {name: self.unneeded.get(name, now) for name in removable}
        if self.in_cooldown(now) or self.actuator.draining:
            return
        ready = [name for name, since in self.unneeded.items()
                 if now - since >= self.unneeded_time]
        room = max(0, self.group.target_size() - self.group.min_size)   # down to min size
        empty = [name for name in ready if removable[name]][:min(room, MAX_EMPTY_BULK_DELETE)]
        busy = [name for name in ready if not removable[name]][:min(room - len(empty), 1)]
        for name in empty + busy:
            del self.unneeded[name]
            self.actuator.start_deletion(name)

    def in_cooldown(self, now: float) -> bool:
        return (now < self.last_scale_up + self.delay_after_add
                or now < self.last_scale_down_delete + self.delay_after_delete
                or now < self.last_scale_down_fail + SCALE_DOWN_DELAY_AFTER_FAILURE)

    def __repr__(self) -> str:
        return f"ClusterAutoscaler({self.group!r}, unneeded: {sorted(self.unneeded)})"

