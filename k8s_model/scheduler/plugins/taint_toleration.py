"""TaintToleration (plugins/tainttoleration): taints repel, tolerations permit.

Filter: a NoSchedule or NoExecute taint the pod does not tolerate rules the node out
(for good: preemption cannot remove a taint). Score: count the PreferNoSchedule taints
the pod does not tolerate, then normalise in reverse — fewer is better. Nodes with
0, 1 and 2 such taints score 100, 50 and 0.
"""

from __future__ import annotations

from ..status import UNSCHEDULABLE_AND_UNRESOLVABLE, Status
from .helper import (MAX_NODE_SCORE, default_normalize_score, find_matching_untolerated_taint,
                     tolerations_tolerate_taint)

ERR_REASON_NOT_MATCH = "node(s) had untolerated taint(s)"
PRE_SCORE_KEY = "PreScoreTaintToleration"


class TaintToleration:
    name = "TaintToleration"
    EVENTS = ("NodeAdd", "NodeUpdate")

    def __init__(self, args: dict, handle) -> None:
        pass

    def filter(self, state, pod: dict, node_info) -> Status | None:
        taint = find_matching_untolerated_taint(node_info.taints,
                                                pod.get("spec", {}).get("tolerations") or [],
                                                ("NoSchedule", "NoExecute"))
        if taint is None:
            return None
        return Status(UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_REASON_NOT_MATCH)

    def pre_score(self, state, pod: dict, nodes: list) -> Status | None:
        # Tolerations with no effect tolerate every effect, PreferNoSchedule included.
        state.write(PRE_SCORE_KEY, [t for t in pod.get("spec", {}).get("tolerations") or []
                                    if t.get("effect") in (None, "", "PreferNoSchedule")])
        return None

    def score(self, state, pod: dict, node_info) -> int:
        tolerations = state.read(PRE_SCORE_KEY) or []
        return sum(1 for taint in node_info.taints if taint.get("effect") == "PreferNoSchedule"
                   and not tolerations_tolerate_taint(tolerations, taint))

    def normalize_score(self, state, pod: dict, scores: list) -> None:
        default_normalize_score(MAX_NODE_SCORE, True, scores)
