"""NodeAffinity (plugins/nodeaffinity): nodeSelector, required and preferred node affinity.

Filter: the node must carry every `nodeSelector` label and match one of the required
nodeSelectorTerms. Score: the sum of the weights of the preferred terms the node
matches, normalised so the best node gets 100 (weights 80 and 20 on three nodes that
match both, one, none: raw 100, 80, 0 -> 100, 80, 0).
"""

from __future__ import annotations

from ..status import SKIP, UNSCHEDULABLE_AND_UNRESOLVABLE, Status
from .helper import (MAX_NODE_SCORE, default_normalize_score, node_selector_matches,
                     required_node_affinity_matches, term_matches)

ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector"
ERR_REASON_ENFORCED = "node(s) didn't match scheduler-enforced node affinity"
PRE_SCORE_KEY = "PreScoreNodeAffinity"


def _node_affinity(pod: dict) -> dict:
    return (pod.get("spec", {}).get("affinity") or {}).get("nodeAffinity") or {}


class NodeAffinity:
    name = "NodeAffinity"
    EVENTS = ("NodeAdd", "NodeUpdate")

    def __init__(self, args: dict, handle) -> None:
        self.added_affinity = args.get("addedAffinity") or {}

    def pre_filter(self, state, pod: dict):
        required = _node_affinity(pod).get("requiredDuringSchedulingIgnoredDuringExecution")
        if (not pod.get("spec", {}).get("nodeSelector") and required is None
                and not self.added_affinity.get("requiredDuringSchedulingIgnoredDuringExecution")):
            return None, Status(SKIP)
        return None, None

    def filter(self, state, pod: dict, node_info) -> Status | None:
        added = self.added_affinity.get("requiredDuringSchedulingIgnoredDuringExecution")
        if added is not None and not node_selector_matches(added, node_info.node):
            return Status(UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_REASON_ENFORCED)
        if not required_node_affinity_matches(pod, node_info.node):
            return Status(UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_REASON_POD)
        return None

    def pre_score(self, state, pod: dict, nodes: list) -> Status | None:
        preferred = (_node_affinity(pod).get("preferredDuringSchedulingIgnoredDuringExecution")
                     or []) + (self.added_affinity.get(
                         "preferredDuringSchedulingIgnoredDuringExecution") or [])
        if not preferred:
            return Status(SKIP)
        state.write(PRE_SCORE_KEY, preferred)
        return None

    def score(self, state, pod: dict, node_info) -> int:
        return sum(t.get("weight", 0) for t in state.read(PRE_SCORE_KEY) or []
                   if t.get("weight") and term_matches(t.get("preference") or {}, node_info.node))

    def normalize_score(self, state, pod: dict, scores: list) -> None:
        default_normalize_score(MAX_NODE_SCORE, False, scores)
