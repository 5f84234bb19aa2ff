"""The node lifecycle controller (pkg/controller/nodelifecycle/node_lifecycle_controller.go).

It keeps Nodes' taints in step with their health, in three loops:

* the NoSchedule pass, on every Node change: Ready=False gives the taint
  `node.kubernetes.io/not-ready:NoSchedule`, Ready=Unknown `unreachable:NoSchedule`,
  Ready=True removes both, and a cordoned node (`spec.unschedulable`) gets
  `node.kubernetes.io/unschedulable:NoSchedule` — so the scheduler places nothing there;
* monitorNodeHealth, every 5 s: a node whose kubelet has not renewed its Lease nor
  posted status for the grace period is marked Unknown (node_health.py); its Pods are
  marked not Ready, and on the next pass the node joins its zone's queue for a NoExecute
  taint — Ready=True again removes the NoExecute taints;
* the NoExecute tainting pass: the zone queues are drained at the zone's eviction rate
  (node_zones.py), adding `unreachable:NoExecute` (or `not-ready:NoExecute`).

The controller deletes no Pod itself: the taint eviction controller (taint_eviction.py)
evicts what does not tolerate a NoExecute taint, after the Pod's tolerationSeconds.
"""

from __future__ import annotations

from ..api import errors
from ..record import EventRecorder
from .base import Controller, Informer
from .node_health import (NODE_HEALTH_UPDATE_RETRY, NODE_MONITOR_GRACE_PERIOD,
                          NODE_MONITOR_PERIOD, NODE_STARTUP_GRACE_PERIOD, NodeHealth,
                          get_condition, mark_unknown, observe)
from .node_taints import (NOT_READY, NOT_READY_NO_EXECUTE, UNREACHABLE, UNREACHABLE_NO_EXECUTE,
                          UNSCHEDULABLE, has_taint, swap_node_controller_taint)
from .node_zones import (ENTERED_FULL_DISRUPTION, LEFT_FULL_DISRUPTION, NODE_EVICTION_PERIOD,
                         Zones, zone_key)

__all__ = ["NodeLifecycleController", "ready_status", "NOT_READY", "UNREACHABLE", "UNSCHEDULABLE"]
EXCLUDE_DISRUPTION = "node.kubernetes.io/exclude-disruption"
# Ready status -> (the NoExecute taint it calls for, the opposite one it replaces)
NO_EXECUTE_TAINT_FOR = {"False": (NOT_READY_NO_EXECUTE, UNREACHABLE_NO_EXECUTE),
                        "Unknown": (UNREACHABLE_NO_EXECUTE, NOT_READY_NO_EXECUTE)}


def ready_status(node: dict) -> str:
    condition = get_condition(node.get("status"), "Ready")
    return condition.get("status", "Unknown") if condition else "Unknown"


class NodeLifecycleController(Controller):
    name = "node-lifecycle-controller"

    def __init__(self, sim, client, nodes: Informer, leases: Informer, pods: Informer,
                 node_monitor_grace_period: float = NODE_MONITOR_GRACE_PERIOD,
                 node_monitor_period: float = NODE_MONITOR_PERIOD,
                 eviction_limiter_qps: float = 0.1, secondary_eviction_limiter_qps: float = 0.01,
                 large_cluster_threshold: int = 50, unhealthy_zone_threshold: float = 0.55) -> None:
        super().__init__(sim, client)
        self.nodes, self.leases, self.pods = nodes, leases, pods
        self.node_monitor_grace_period = node_monitor_grace_period
        self.node_monitor_period = node_monitor_period
        self.zones = Zones(eviction_limiter_qps, secondary_eviction_limiter_qps,
                           large_cluster_threshold, unhealthy_zone_threshold)
        self.recorder = EventRecorder(sim, client, component="node-controller")
        self.known_nodes: set[str] = set()
        self.node_health: dict[str, NodeHealth] = {}
        self._tainting_timer = None
        self.enqueue_changes_of(nodes)
        sim.call_soon(self._monitor)

    # -- the NoSchedule pass (doNoScheduleTaintingPass), on every Node change -------------------
    def reconcile(self, name: str) -> None:
        node = self.nodes.get(name)
        if node is None:
            return
        wanted = {"False": {NOT_READY}, "Unknown": {UNREACHABLE}}.get(ready_status(node), set())
        if node.get("spec", {}).get("unschedulable"):
            wanted.add(UNSCHEDULABLE)  # kubectl cordon
        present = {t.get("key") for t in node.get("spec", {}).get("taints") or []
                   if t.get("effect") == "NoSchedule"
                   and t.get("key") in (NOT_READY, UNREACHABLE, UNSCHEDULABLE)}
        add = [{"key": key, "effect": "NoSchedule"} for key in sorted(wanted - present)]
        remove = [{"key": key, "effect": "NoSchedule"} for key in sorted(present - wanted)]
        if add or remove:
            swap_node_controller_taint(self.client, name, add, remove, self.sim.timestamp(),
                                       node=node)

    # -- monitorNodeHealth, every nodeMonitorPeriod ----------------------------------------------
    def _monitor(self) -> None:
        self.sim.call_later(self.node_monitor_period, self._monitor)
        self.monitor_node_health()

    def monitor_node_health(self) -> None:
        nodes = self.nodes.list()
        for node in nodes:
            name = node["metadata"]["name"]
            self.zones.add(node, self.sim.now)
            if name not in self.known_nodes:
                self.known_nodes.add(name)
                self.mark_node_as_reachable(node)
        self.known_nodes &= {n["metadata"]["name"] for n in nodes}
        zone_to_ready: dict[str, list[str | None]] = {}
        for node in nodes:
            try:
                observed, current, node = self.update_node_health(node)
            except errors.ApiError:
                continue   # "Skipping - no pods will be evicted"; again in 5 s
            if EXCLUDE_DISRUPTION not in (node["metadata"].get("labels") or {}):
                zone_to_ready.setdefault(zone_key(node), []).append(
                    current.get("status") if current else None)
            if current is None:
                continue
            self.process_taint_base_eviction(node, observed["status"])
            if current.get("status") != "True" and observed["status"] == "True":
                self.recorder.eventf(node, "Normal", "NodeNotReady",
                                     f"Node {node['metadata']['name']} status is now: NodeNotReady")
                self.mark_pods_not_ready(node["metadata"]["name"])
        change = self.zones.handle_disruption(zone_to_ready, self.sim.now)
        if change == ENTERED_FULL_DISRUPTION:       # untaint everything
            for node in self.nodes.list():
                self.mark_node_as_reachable(node)
        elif change == LEFT_FULL_DISRUPTION:        # every node gets a fresh grace period
            for health in self.node_health.values():
                health.probe_timestamp = health.ready_transition_timestamp = self.sim.now
        self.do_no_execute_tainting_pass()

    def update_node_health(self, node: dict) -> tuple[dict, dict | None, dict]:
        """tryUpdateNodeHealth, retried on a conflict with a fresh GET: (the Ready
        condition observed before, the Ready condition now, the node now)."""
        for attempt in range(NODE_HEALTH_UPDATE_RETRY):
            try:
                return self._try_update_node_health(node)
            except errors.ApiError as error:
                if error.code != 409 or attempt == NODE_HEALTH_UPDATE_RETRY - 1:
                    raise
                node = self.client.get("nodes", None, node["metadata"]["name"])
        raise AssertionError("unreachable")

    def _try_update_node_health(self, node: dict) -> tuple[dict, dict | None, dict]:
        name, now = node["metadata"]["name"], self.sim.now
        current = get_condition(node.get("status"), "Ready")
        observed = dict(current) if current else {"type": "Ready", "status": "Unknown"}
        grace = self.node_monitor_grace_period if current else NODE_STARTUP_GRACE_PERIOD
        lease = self.leases.get(f"kube-node-lease/{name}")
        health = self.node_health[name] = observe(self.node_health.get(name), node, lease, now)
        if now <= health.probe_timestamp + grace:
            return observed, current, node
        status = mark_unknown(node, self.sim.timestamp())
        if get_condition(status, "Ready") == observed:
            return observed, current, node
        node = self.client.update_status("nodes", {**node, "status": status})
        self.node_health[name] = NodeHealth(health.probe_timestamp, now, node["status"], lease)
        return observed, get_condition(node["status"], "Ready"), node

    def mark_pods_not_ready(self, node_name: str) -> None:
        """MarkPodsNotReady: each Pod's Ready condition False, and a warning on the Pod."""
        for cached in self.pods.list():
            if cached["spec"].get("nodeName") != node_name:
                continue
            meta = cached["metadata"]
            try:
                pod = self.client.get("pods", meta["namespace"], meta["name"])
                ready = get_condition(pod.get("status"), "Ready")
                if ready is None or ready.get("status") == "False":
                    continue
                ready.update(status="False", lastTransitionTime=self.sim.timestamp())
                self.client.update_status("pods", pod)
            except errors.ApiError:
                continue
            self.recorder.eventf(pod, "Warning", "NodeNotReady", "Node is not ready")

    # -- taints for NoExecute (processTaintBaseEviction) ------------------------------------------
    def process_taint_base_eviction(self, node: dict, observed: str) -> None:
        name = node["metadata"]["name"]
        if observed not in NO_EXECUTE_TAINT_FOR:    # Ready: healthy again
            self.mark_node_as_reachable(node)
            return
        wanted, other = NO_EXECUTE_TAINT_FOR[observed]
        if has_taint(node, other):      # already tainted the other way: swap at once
            swap_node_controller_taint(self.client, name, [wanted], [other], self.sim.timestamp())
            return
        queue = self.zones.queue(node)
        if not has_taint(node, wanted):
            queue.remove(name)
        queue.add(name, node["metadata"].get("uid", ""), self.sim.now)

    def mark_node_as_reachable(self, node: dict) -> None:
        present = [t for t in (UNREACHABLE_NO_EXECUTE, NOT_READY_NO_EXECUTE) if has_taint(node, t)]
        if present:
            swap_node_controller_taint(self.client, node["metadata"]["name"], [], present,
                                       self.sim.timestamp())
        self.zones.queue(node).remove(node["metadata"]["name"])

    def do_no_execute_tainting_pass(self) -> None:
        """Taint what the zones' limiters allow. Upstream runs this every 100 ms; the
        model runs it after each monitor pass and then every 100 ms while a node waits."""
        if self._tainting_timer is not None:
            self._tainting_timer.cancel()
        self._tainting_timer = None
        queues = self.zones.no_execute_tainter
        for zone in sorted(queues):
            queues[zone].try_(self._taint_node, self.sim.now)
        if self._tainting_timer is None and any(q.queue and q.limiter.qps > 0
                                                for q in queues.values()):
            self._tainting_timer = self.sim.call_at(round(self.sim.now + NODE_EVICTION_PERIOD, 6),
                                                    self.do_no_execute_tainting_pass)

    def _taint_node(self, value) -> tuple[bool, float]:
        node = self.nodes.get(value.value)
        if node is None:
            return True, 0.0
        ready = get_condition(node.get("status"), "Ready")
        if ready is None:
            return False, 0.05
        if ready.get("status") not in NO_EXECUTE_TAINT_FOR:
            return True, 0.0            # Ready again: nothing to taint
        wanted, other = NO_EXECUTE_TAINT_FOR[ready["status"]]
        return swap_node_controller_taint(self.client, value.value, [wanted], [other],
                                          self.sim.timestamp()), 0.0
