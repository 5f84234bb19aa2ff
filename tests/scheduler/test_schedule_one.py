"""The algorithm of one cycle: how many nodes to find, the FitError message, selectHost."""

import random

import pytest

from k8s_model.scheduler.schedule_one import SchedulingAlgorithm, num_feasible_nodes_to_find
from k8s_model.scheduler.status import (UNSCHEDULABLE, UNSCHEDULABLE_AND_UNRESOLVABLE, Diagnosis,
                                        FitError, Status)

# schedule_one_test.go TestNumFeasibleNodesToFind, plus the adaptive examples.
FEASIBLE_CASES = [
    ("fewer than 100 nodes: all of them", None, 0, 10, 10),
    ("profile percentage, few nodes: all", 40, 0, 10, 10),
    ("adaptive, 1000 nodes: 42%", None, 0, 1000, 420),
    ("profile percentage 40, 1000 nodes", 40, 0, 1000, 400),
    ("global percentage 40, 1000 nodes", None, 40, 1000, 400),
    ("profile 70 wins over global 100", 70, 100, 1000, 700),
    ("adaptive, 6000 nodes: floor of 5%", None, 0, 6000, 300),
    ("percentage 40, 6000 nodes", 40, 0, 6000, 2400),
    ("adaptive, 500 nodes: 46%", None, 0, 500, 230),
    ("adaptive, 5000 nodes: 50 - 40 = 10%", None, 0, 5000, 500),
    ("never fewer than 100", 10, 0, 500, 100),
]


@pytest.mark.parametrize("name,profile,global_pct,nodes,expected", FEASIBLE_CASES,
                         ids=[c[0] for c in FEASIBLE_CASES])
def test_num_feasible_nodes_to_find(name, profile, global_pct, nodes, expected):
    """numFeasibleNodesToFind as schedule_one.go computes it."""
    assert num_feasible_nodes_to_find(profile, global_pct, nodes) == expected


def test_fit_error_message():
    """Reasons are counted per node and sorted as strings; PostFilter's message follows."""
    d = Diagnosis()
    d.node_to_status.set("controlplane", Status(UNSCHEDULABLE_AND_UNRESOLVABLE,
                                                "node(s) had untolerated taint(s)"))
    d.node_to_status.set("node-1", Status(UNSCHEDULABLE, "Insufficient cpu"))
    d.node_to_status.set("node-2", Status(UNSCHEDULABLE, "Insufficient cpu", "Insufficient memory"))
    d.post_filter_msg = ("preemption: 0/3 nodes are available: 1 Preemption is not helpful for "
                         "scheduling, 2 No preemption victims found for incoming pod.")
    assert str(FitError({}, 3, d)) == (
        "0/3 nodes are available: 1 Insufficient memory, 1 node(s) had untolerated taint(s), "
        "2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful "
        "for scheduling, 2 No preemption victims found for incoming pod.")


def test_fit_error_prefilter_message():
    """A PreFilter rejection replaces the per-node histogram."""
    d = Diagnosis()
    d.pre_filter_msg = "node(s) didn't satisfy plugin NodeAffinity"
    assert str(FitError({}, 5, d)) == \
        "0/5 nodes are available: node(s) didn't satisfy plugin NodeAffinity."


def test_select_host_is_uniform_and_seeded():
    """Ties are broken by reservoir sampling: each tied node wins about 1/3 of the time,
    and the same seed picks the same sequence."""
    scores = [{"name": n, "total": 300} for n in ("a", "b", "c")] + [{"name": "d", "total": 200}]
    def picks(seed):
        algo = SchedulingAlgorithm(None, random.Random(seed))
        return [algo.select_host(scores) for _ in range(3000)]
    first = picks(7)
    assert first == picks(7)
    assert set(first) == {"a", "b", "c"}
    assert all(900 < first.count(n) < 1100 for n in "abc")
