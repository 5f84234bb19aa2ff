"""NodeResourcesFit (plugins/noderesources/fit.go): does the pod's request fit what is
left of the node's allocatable — and, when scoring, how full would the node be?

Filter, worked example: node-1 has 4 CPUs allocatable, 3500m already requested; a pod
asking 1 CPU gets "Insufficient cpu" (1000 > 4000 − 3500). A pod asking 8 CPUs gets
the same reason, but as UnschedulableAndUnresolvable: even an empty node-1 could not
hold it, so preemption will not try. "Too many pods" when the node already holds its
`pods` allocatable. Requests that are all zero skip the resource checks.

Score: the configured strategy (LeastAllocated by default) over cpu and memory.
"""

from __future__ import annotations

from ...status import UNSCHEDULABLE, UNSCHEDULABLE_AND_UNRESOLVABLE, Status
from ...types import pod_requests
from .resource_allocation import (ResourceAllocationScorer, default_resources,
                                  least_resource_scorer, most_resource_scorer,
                                  requested_to_capacity_ratio_scorer)

PRE_FILTER_KEY = "PreFilterNodeResourcesFit"
PRE_SCORE_KEY = "PreScoreNodeResourcesFit"
LEAST_ALLOCATED, MOST_ALLOCATED = "LeastAllocated", "MostAllocated"
REQUESTED_TO_CAPACITY_RATIO = "RequestedToCapacityRatio"


def fits_request(request: dict[str, int], node_info, ignored=frozenset(),
                 ignored_groups=frozenset()) -> list[tuple[str, bool]]:
    """fitsRequest: (reason, unresolvable) for each resource that does not fit."""
    insufficient = []
    if len(node_info.pods) + 1 > node_info.allowed_pod_number:
        insufficient.append(("Too many pods", False))
    if not any(request.values()):
        return insufficient
    for name in ["cpu", "memory", "ephemeral-storage"] + sorted(
            n for n in request if n not in ("cpu", "memory", "ephemeral-storage")):
        want = request.get(name, 0)
        if want <= 0 or name in ignored or name.split("/")[0] in ignored_groups:
            continue
        allocatable = node_info.allocatable.get(name, 0)
        if want > allocatable - node_info.requested.get(name, 0):
            insufficient.append((f"Insufficient {name}", want > allocatable))
    return insufficient


class NodeResourcesFit:
    name = "NodeResourcesFit"
    EVENTS = ("NodeAdd", "NodeUpdate", "AssignedPodDelete", "AssignedPodUpdate")

    def __init__(self, args: dict, handle) -> None:
        strategy = args.get("scoringStrategy") or {}
        kind = strategy.get("type") or LEAST_ALLOCATED
        resources = default_resources(strategy.get("resources"))
        if kind == LEAST_ALLOCATED:
            scorer = least_resource_scorer(resources)
        elif kind == MOST_ALLOCATED:
            scorer = most_resource_scorer(resources)
        elif kind == REQUESTED_TO_CAPACITY_RATIO:
            shape = (strategy.get("requestedToCapacityRatio") or {}).get("shape")
            if not shape:
                raise ValueError("scoringStrategy.requestedToCapacityRatio.shape: "
                                 "Required value: at least one point must be specified")
            scorer = requested_to_capacity_ratio_scorer(resources, shape)
        else:
            raise ValueError(f'scoringStrategy.type: Unsupported value: "{kind}": supported '
                             f'values: "LeastAllocated", "MostAllocated", '
                             f'"RequestedToCapacityRatio"')
        self.strategy = kind
        self.scorer = ResourceAllocationScorer(resources, scorer, use_requested=False)
        self.ignored = frozenset(args.get("ignoredResources") or ())
        self.ignored_groups = frozenset(args.get("ignoredResourceGroups") or ())

    def pre_filter(self, state, pod: dict):
        state.write(PRE_FILTER_KEY, state.pod_info(pod).requests)
        return None, None

    def filter(self, state, pod: dict, node_info) -> Status | None:
        request = state.read(PRE_FILTER_KEY)
        if request is None:
            request = pod_requests(pod)
        insufficient = fits_request(request, node_info, self.ignored, self.ignored_groups)
        if not insufficient:
            return None
        code = (UNSCHEDULABLE_AND_UNRESOLVABLE if any(u for _, u in insufficient)
                else UNSCHEDULABLE)
        return Status(code, *(reason for reason, _ in insufficient))

    def pre_score(self, state, pod: dict, nodes: list) -> Status | None:
        state.write(PRE_SCORE_KEY, self.scorer.pod_request_list(state.pod_info(pod)))
        return None

    def score(self, state, pod: dict, node_info) -> int:
        requests = state.read(PRE_SCORE_KEY)
        if requests is None:
            requests = self.scorer.pod_request_list(state.pod_info(pod))
        return self.scorer.score(node_info, requests)
