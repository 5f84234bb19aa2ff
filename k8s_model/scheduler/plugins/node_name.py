"""NodeName (plugins/nodename): a pod that names a node fits only that node.

(A pod created with spec.nodeName never reaches the scheduler at all; this filter
matters when preemption or a nominated node re-checks it.)
"""

from __future__ import annotations

from ..status import UNSCHEDULABLE_AND_UNRESOLVABLE, Status

ERR_REASON = "node(s) didn't match the requested node name"


class NodeName:
    name = "NodeName"
    EVENTS = ("NodeAdd",)

    def __init__(self, args: dict, handle) -> None:
        pass

    def filter(self, state, pod: dict, node_info) -> Status | None:
        wanted = pod.get("spec", {}).get("nodeName")
        if not wanted or wanted == node_info.name:
            return None
        return Status(UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_REASON)
