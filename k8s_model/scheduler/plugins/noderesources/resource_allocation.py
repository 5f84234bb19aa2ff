"""Resource scoring shared by NodeResourcesFit and BalancedAllocation
(plugins/noderesources/resource_allocation.go, least_allocated.go, most_allocated.go,
requested_to_capacity_ratio.go).

For each configured resource the scorer sees (requested, allocatable) on the node *with*
the incoming pod added, then combines the resources by weight. The scoring strategies:

* LeastAllocated (default): (allocatable − requested) × 100 / allocatable. A 4-CPU node
  with 1 CPU requested after the pod scores 75 for cpu: spread pods out.
* MostAllocated: requested × 100 / allocatable — 25 for the same node: pack pods.
* RequestedToCapacityRatio: a broken-line function of utilisation given as shape
  points; `[{utilization: 0, score: 0}, {utilization: 100, score: 10}]` is bin packing.

NodeResourcesFit scores with the non-zero requests (a container without requests counts
100m / 200Mi); BalancedAllocation uses the real requests.
"""

from __future__ import annotations

import math

from ...types import is_scalar_resource

MAX_NODE_SCORE = 100
MAX_CUSTOM_PRIORITY_SCORE = 10
MAX_UTILIZATION = 100
DEFAULT_RESOURCES = [{"name": "cpu", "weight": 1}, {"name": "memory", "weight": 1}]


def default_resources(resources: list | None) -> list[dict]:
    """Defaulting: cpu and memory with weight 1; a weight of 0 becomes 1."""
    return [{"name": r["name"], "weight": r.get("weight") or 1}
            for r in (resources or DEFAULT_RESOURCES)]


def least_requested_score(requested: int, capacity: int) -> int:
    if capacity == 0 or requested > capacity:
        return 0
    return (capacity - requested) * MAX_NODE_SCORE // capacity


def most_requested_score(requested: int, capacity: int) -> int:
    if capacity == 0:
        return 0
    requested = min(requested, capacity)   # non-zero defaults can exceed capacity
    return requested * MAX_NODE_SCORE // capacity


def _weighted(resources: list[dict], per_resource):
    def scorer(requested: list[int], allocatable: list[int]) -> int:
        node_score = weight_sum = 0
        for i, resource in enumerate(resources):
            if allocatable[i] == 0:
                continue
            node_score += per_resource(requested[i], allocatable[i]) * resource["weight"]
            weight_sum += resource["weight"]
        return node_score // weight_sum if weight_sum else 0
    return scorer


def least_resource_scorer(resources: list[dict]):
    return _weighted(resources, least_requested_score)


def most_resource_scorer(resources: list[dict]):
    return _weighted(resources, most_requested_score)


def broken_linear_function(shape: list[tuple[int, int]]):
    """helper.BuildBrokenLinearFunction over (utilization, score) points."""
    def f(p: int) -> int:
        for i, (utilization, score) in enumerate(shape):
            if p <= utilization:
                if i == 0:
                    return shape[0][1]
                u0, s0 = shape[i - 1]
                return s0 + _go_div((score - s0) * (p - u0), utilization - u0)
        return shape[-1][1]
    return f


def _go_div(a: int, b: int) -> int:
    """Go's integer division truncates toward zero."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def requested_to_capacity_ratio_scorer(resources: list[dict], shape: list[dict]):
    points = [(p["utilization"], p["score"] * (MAX_NODE_SCORE // MAX_CUSTOM_PRIORITY_SCORE))
              for p in shape]
    raw = broken_linear_function(points)

    def resource_score(requested: int, capacity: int) -> int:
        if capacity == 0 or requested > capacity:
            return raw(MAX_UTILIZATION)
        return raw(requested * MAX_UTILIZATION // capacity)

    def scorer(requested: list[int], allocatable: list[int]) -> int:
        node_score = weight_sum = 0
        for i, resource in enumerate(resources):
            if allocatable[i] == 0:
                continue
            score = resource_score(requested[i], allocatable[i])
            if score > 0:
                node_score += score * resource["weight"]
                weight_sum += resource["weight"]
        return int(math.floor(node_score / weight_sum + 0.5)) if weight_sum else 0
    return scorer


class ResourceAllocationScorer:
    """resourceAllocationScorer: requested/allocatable lists, then the strategy's scorer."""

    def __init__(self, resources: list[dict], scorer, use_requested: bool) -> None:
        self.resources, self.scorer, self.use_requested = resources, scorer, use_requested

    def pod_request_list(self, info) -> list[int]:
        """The pod's requests (PodInfo.requests) or, for NodeResourcesFit, its non-zero
        requests (a container without requests counts 100m / 200Mi)."""
        requests = info.requests if self.use_requested else info.non_zero
        return [requests.get(r["name"], 0) for r in self.resources]

    def score(self, node_info, pod_requests_list: list[int]) -> int:
        requested, allocatable = [], []
        for resource, pod_request in zip(self.resources, pod_requests_list):
            alloc, req = self._allocatable_request(node_info, resource["name"], pod_request)
            allocatable.append(alloc)
            requested.append(req if alloc else 0)
        return self.scorer(requested, allocatable)

    def _allocatable_request(self, node_info, name: str, pod_request: int) -> tuple[int, int]:
        if name in ("cpu", "memory"):   # the common case first: it runs per node per pod
            used = (node_info.requested if self.use_requested
                    else node_info.non_zero_requested).get(name, 0)
            return node_info.allocatable.get(name, 0), used + pod_request
        if pod_request == 0 and is_scalar_resource(name):
            return 0, 0   # an extended resource the pod does not ask for is not scored
        if name == "ephemeral-storage" or name in node_info.allocatable:
            return (node_info.allocatable.get(name, 0),
                    node_info.requested.get(name, 0) + pod_request)
        return 0, 0
