"""NodeResourcesBalancedAllocation (plugins/noderesources/balanced_allocation.go):
prefer nodes whose CPU and memory would be used in equal proportion.

score = (1 − std) × 100, std the standard deviation of the requested fractions (for two
resources simply |f_cpu − f_mem| / 2). Worked example: after the pod, a node is 50%
used in CPU and 30% in memory: std = 0.1, score 90. The real requests count here (no
100m/200Mi defaults), and a pod that requests nothing is not scored at all.
"""

from __future__ import annotations

import math

from ...status import SKIP, Status
from .resource_allocation import MAX_NODE_SCORE, ResourceAllocationScorer, default_resources

PRE_SCORE_KEY = "PreScoreNodeResourcesBalancedAllocation"


def balanced_resource_scorer(requested: list[int], allocatable: list[int]) -> int:
    fractions = [min(r / a, 1.0) for r, a in zip(requested, allocatable) if a != 0]
    std = 0.0
    if len(fractions) == 2:
        std = abs((fractions[0] - fractions[1]) / 2)
    elif len(fractions) > 2:
        mean = sum(fractions) / len(fractions)
        std = math.sqrt(sum((f - mean) ** 2 for f in fractions) / len(fractions))
    return int((1 - std) * MAX_NODE_SCORE)


class NodeResourcesBalancedAllocation:
    name = "NodeResourcesBalancedAllocation"
    EVENTS = ("NodeAdd", "NodeUpdate", "AssignedPodDelete", "AssignedPodAdd")

    def __init__(self, args: dict, handle) -> None:
        self.scorer = ResourceAllocationScorer(default_resources(args.get("resources")),
                                               balanced_resource_scorer, use_requested=True)

    def pre_score(self, state, pod: dict, nodes: list) -> Status | None:
        requests = self.scorer.pod_request_list(state.pod_info(pod))
        if not any(requests):   # a BestEffort pod: skipped (kubernetes#129138)
            return Status(SKIP)
        state.write(PRE_SCORE_KEY, requests)
        return None

    def score(self, state, pod: dict, node_info) -> int:
        requests = state.read(PRE_SCORE_KEY)
        if requests is None:
            requests = self.scorer.pod_request_list(state.pod_info(pod))
            if not any(requests):
                return 0
        return self.scorer.score(node_info, requests)
