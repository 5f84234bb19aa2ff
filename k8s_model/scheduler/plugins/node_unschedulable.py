"""NodeUnschedulable (plugins/nodeunschedulable): a cordoned node takes no new pods.

`kubectl cordon node-1` sets spec.unschedulable; only a pod tolerating the
`node.kubernetes.io/unschedulable:NoSchedule` taint (DaemonSet pods do) may still land.
"""

from __future__ import annotations

from ..status import UNSCHEDULABLE_AND_UNRESOLVABLE, Status
from .helper import tolerations_tolerate_taint

ERR_REASON_UNSCHEDULABLE = "node(s) were unschedulable"
UNSCHEDULABLE_TAINT = {"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"}


class NodeUnschedulable:
    name = "NodeUnschedulable"
    EVENTS = ("NodeAdd", "NodeUpdate")

    def __init__(self, args: dict, handle) -> None:
        pass

    def filter(self, state, pod: dict, node_info) -> Status | None:
        if not node_info.node.get("spec", {}).get("unschedulable"):
            return None
        if tolerations_tolerate_taint(pod.get("spec", {}).get("tolerations") or [],
                                      UNSCHEDULABLE_TAINT):
            return None
        return Status(UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_REASON_UNSCHEDULABLE)
