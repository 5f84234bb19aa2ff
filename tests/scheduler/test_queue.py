"""The scheduling queue: back-off durations and requeueing on cluster events."""

import pytest

from k8s_model.scheduler.queue import SchedulingQueue, backoff_duration
from k8s_model.sim import Simulation

from .conftest import make_pod


@pytest.mark.parametrize("attempts,expected", [(1, 1), (2, 2), (3, 4), (4, 8), (5, 10), (9, 10)])
def test_backoff_duration(attempts, expected):
    """1 s doubling per attempt, capped at 10 s (calculateBackoffDuration)."""
    assert backoff_duration(attempts) == expected


def test_priority_then_age():
    """PrioritySort: higher priority first, then the pod queued first."""
    sim = Simulation(0)
    q = SchedulingQueue(sim, lambda: None)
    q.add(make_pod("old"))
    sim.advance(1)
    q.add(make_pod("new"))
    q.add(make_pod("vip", priority=1000))
    assert [q.pop().pod["metadata"]["name"] for _ in range(3)] == ["vip", "old", "new"]


def test_unschedulable_pod_waits_for_a_relevant_event():
    """A pod NodeResourcesFit rejected wakes on a node event, not on an unrelated one,
    and goes through backoffQ if its back-off has not ended."""
    sim = Simulation(0)
    q = SchedulingQueue(sim, lambda: None)
    q.plugin_events = {"NodeResourcesFit": {"NodeAdd", "AssignedPodDelete"},
                       "TaintToleration": {"NodeAdd", "NodeUpdate"}}
    q.add(make_pod("p"))
    info = q.pop()
    info.unschedulable_plugins = {"NodeResourcesFit"}
    q.add_unschedulable_if_not_present(info, rejected=True)
    q.move_all_to_active_or_backoff("NodeUpdate")
    assert "default/p" in q.unschedulable
    q.move_all_to_active_or_backoff("AssignedPodDelete")
    assert "default/p" in q.backoff          # first attempt: 1 s back-off
    sim.advance(0.999)
    assert not q.active
    sim.advance(0.001)
    assert "default/p" in q.active


def test_unschedulable_pods_are_flushed_after_five_minutes():
    """Without any event, a pod leaves the unschedulable pool after 5 minutes."""
    sim = Simulation(0)
    q = SchedulingQueue(sim, lambda: None)
    q.add(make_pod("p"))
    info = q.pop()
    info.unschedulable_plugins = {"NodeResourcesFit"}
    q.add_unschedulable_if_not_present(info, rejected=True)
    sim.advance(299)
    assert "default/p" in q.unschedulable
    sim.advance(1)
    assert "default/p" in q.active


def test_scheduling_gates():
    """A pod with schedulingGates waits aside until the gates are removed."""
    sim = Simulation(0)
    q = SchedulingQueue(sim, lambda: None)
    gated = make_pod("g", schedulingGates=[{"name": "example.com/wait"}])
    q.add(gated)
    assert q.pop() is None
    ungated = make_pod("g")
    q.update(gated, ungated)
    assert q.pop().pod is ungated
