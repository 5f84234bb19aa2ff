"""The node lifecycle controller's NoSchedule pass (pkg/controller/nodelifecycle).

A Node is born tainted `node.kubernetes.io/not-ready:NoSchedule` (the
TaintNodesByCondition admission plugin); this controller keeps the condition taints in
step with the Node's conditions — Ready=False gives `not-ready`, Ready=Unknown gives
`unreachable`, Ready=True removes both, and a cordoned node (`spec.unschedulable`) gets
`node.kubernetes.io/unschedulable` — so the scheduler never places a Pod on a node that
cannot run it. Heartbeat monitoring and eviction come with the kubelets.
"""

from __future__ import annotations

from .base import Controller, Informer

NOT_READY = "node.kubernetes.io/not-ready"
UNREACHABLE = "node.kubernetes.io/unreachable"
UNSCHEDULABLE = "node.kubernetes.io/unschedulable"
CONDITION_TAINTS = (NOT_READY, UNREACHABLE, UNSCHEDULABLE)


def ready_status(node: dict) -> str:
    for condition in node.get("status", {}).get("conditions", []):
        if condition.get("type") == "Ready":
            return condition.get("status", "Unknown")
    return "Unknown"


class NodeLifecycleController(Controller):
    name = "node-lifecycle-controller"

    def __init__(self, sim, client, nodes: Informer) -> None:
        super().__init__(sim, client)
        self.nodes = nodes
        self.enqueue_changes_of(nodes)

    def reconcile(self, name: str) -> None:
        node = self.nodes.get(name)
        if node is None:
            return
        wanted = {"False": {NOT_READY}, "Unknown": {UNREACHABLE}}.get(ready_status(node), set())
        if node.get("spec", {}).get("unschedulable"):
            wanted.add(UNSCHEDULABLE)  # kubectl cordon
        taints = node.get("spec", {}).get("taints", [])
        kept = [t for t in taints if not (t.get("effect") == "NoSchedule"
                                          and t.get("key") in CONDITION_TAINTS
                                          and t.get("key") not in wanted)]
        for key in sorted(wanted):
            if not any(t.get("key") == key and t.get("effect") == "NoSchedule" for t in kept):
                kept.append({"key": key, "effect": "NoSchedule",
                             **({"timeAdded": self.sim.timestamp()}
                                if key == UNSCHEDULABLE else {})})
        if kept != taints:
            self.client.patch("nodes", None, name, {"spec": {"taints": kept or None}})
