"""NodeResourcesFit and NodeResourcesBalancedAllocation, with numbers from upstream's tests."""

import pytest

from k8s_model.scheduler.framework import CycleState
from k8s_model.scheduler.plugins.noderesources.balanced_allocation import (
    NodeResourcesBalancedAllocation)
from k8s_model.scheduler.plugins.noderesources.fit import NodeResourcesFit
from k8s_model.scheduler.status import UNSCHEDULABLE, UNSCHEDULABLE_AND_UNRESOLVABLE
from k8s_model.scheduler.types import NodeInfo, PodInfo

from .conftest import make_node, make_pod


def node_with(cpu, memory, pods="32", existing=()):
    info = NodeInfo(make_node("node1", cpu=cpu, memory=str(memory), pods=pods))
    for i, (c, m) in enumerate(existing):
        info.add_pod(PodInfo(make_pod(f"e{i}", cpu=c, memory=None if m is None else str(m))))
    return info


# fit_test.go TestEnoughRequests: node allocatable 10m CPU, 20 bytes memory, 32 pods.
FIT_CASES = [
    ("no resources requested always fits", make_pod(), [("10m", 20)], None, []),
    ("too many resources fails", make_pod(cpu="1m", memory="1"), [("10m", 20)],
     UNSCHEDULABLE, ["Insufficient cpu", "Insufficient memory"]),
    ("both resources fit", make_pod(cpu="1m", memory="1"), [("5m", 5)], None, []),
    ("one resource memory fits", make_pod(cpu="2m", memory="1"), [("9m", 5)],
     UNSCHEDULABLE, ["Insufficient cpu"]),
    ("one resource cpu fits", make_pod(cpu="1m", memory="2"), [("5m", 19)],
     UNSCHEDULABLE, ["Insufficient memory"]),
    ("equal edge case", make_pod(cpu="5m", memory="1"), [("5m", 19)], None, []),
    ("larger than the whole node: preemption cannot help", make_pod(cpu="11m"), [],
     UNSCHEDULABLE_AND_UNRESOLVABLE, ["Insufficient cpu"]),
]


@pytest.mark.parametrize("name,pod,existing,code,reasons", FIT_CASES, ids=[c[0] for c in FIT_CASES])
def test_fit_filter(name, pod, existing, code, reasons):
    """Filter reasons and codes as fit_test.go's TestEnoughRequests."""
    plugin = NodeResourcesFit({}, None)
    state = CycleState()
    plugin.pre_filter(state, pod)
    status = plugin.filter(state, pod, node_with("10m", 20, existing=existing))
    if code is None:
        assert status is None
    else:
        assert (status.code, status.reasons) == (code, reasons)


def test_too_many_pods():
    """A node at its `pods` allocatable rejects with "Too many pods" (fit_test.go)."""
    plugin = NodeResourcesFit({}, None)
    state = CycleState()
    pod = make_pod()
    plugin.pre_filter(state, pod)
    status = plugin.filter(state, pod, node_with("10m", 20, pods="1", existing=[("1m", 1)]))
    assert status.reasons == ["Too many pods"]


# least_allocated_test.go / most_allocated_test.go / requested_to_capacity_ratio_test.go:
# "nothing scheduled, resources requested, differently sized machines" —
# node1 4000m/10000, node2 6000m/10000, pod 3000m CPU and 5000 bytes memory.
STRATEGY_CASES = [
    ("LeastAllocated", {}, [37, 50]),
    ("MostAllocated", {"scoringStrategy": {"type": "MostAllocated"}}, [62, 50]),
    ("RequestedToCapacityRatio", {"scoringStrategy": {
        "type": "RequestedToCapacityRatio",
        "requestedToCapacityRatio": {"shape": [{"utilization": 0, "score": 10},
                                               {"utilization": 100, "score": 0}]}}}, [38, 50]),
]


@pytest.mark.parametrize("name,args,expected", STRATEGY_CASES, ids=[c[0] for c in STRATEGY_CASES])
def test_fit_scoring_strategies(name, args, expected):
    """Each scoring strategy gives upstream's numbers for differently sized machines."""
    plugin = NodeResourcesFit(args, None)
    pod = {**make_pod(cpu="3000m", memory="5000")}
    state = CycleState()
    plugin.pre_score(state, pod, [])
    nodes = [node_with("4000m", 10000), node_with("6000m", 10000)]
    assert [plugin.score(state, pod, n) for n in nodes] == expected


def test_balanced_allocation_differently_sized_machines():
    """balanced_allocation_test.go: fractions 0.75/0.5 -> std 0.125 -> 87; 0.5/0.5 -> 100."""
    plugin = NodeResourcesBalancedAllocation({}, None)
    pod = make_pod(cpu="3000m", memory="5000")
    state = CycleState()
    assert plugin.pre_score(state, pod, []) is None
    assert [plugin.score(state, pod, n) for n in
            (node_with("4000m", 10000), node_with("6000m", 10000))] == [87, 100]


def test_balanced_allocation_skips_best_effort_pods():
    """A pod requesting nothing is not scored by BalancedAllocation (kubernetes#129138)."""
    status = NodeResourcesBalancedAllocation({}, None).pre_score(CycleState(), make_pod(), [])
    assert status.is_skip()


NON_ZERO_CASES = [
    ("no requests count 100m / 200Mi", make_pod(), {"cpu": 100, "memory": 200 * 1024 * 1024}),
    ("an explicit zero stays zero", make_pod(cpu="0", memory="0"), {"cpu": 0, "memory": 0}),
    ("named requests are kept", make_pod(cpu="250m"), {"cpu": 250, "memory": 200 * 1024 * 1024}),
]


@pytest.mark.parametrize("name,pod,expected", NON_ZERO_CASES, ids=[c[0] for c in NON_ZERO_CASES])
def test_non_zero_requests_for_scoring(name, pod, expected):
    """Scoring fills in only *missing* requests (schedutil.DefaultMilliCPURequest, 200Mi)."""
    assert PodInfo(pod).non_zero == expected
    assert PodInfo(pod).requests.get("cpu", 0) == (250 if name.startswith("named") else 0)


def test_least_allocated_counts_non_zero_requests_of_existing_pods():
    """Ten BestEffort pods make a 4-CPU node look 1 CPU busy to LeastAllocated."""
    node = node_with("4", 10 * 1024**3, existing=[(None, None)] * 10)
    plugin = NodeResourcesFit({}, None)
    pod = make_pod(cpu="0", memory="0")
    state = CycleState()
    plugin.pre_score(state, pod, [])
    # cpu (4000 - 1000) * 100 / 4000 = 75; memory (10Gi - 2000Mi) * 100 / 10Gi = 80
    assert plugin.score(state, pod, node) == (75 + 80) // 2
