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
    q.add_unschedulable_if_not_present(info)
    q.move_all_to_active_or_backoff("NodeUpdate")
    assert "default/p" in q.unschedulable
    sim.advance(0.4)
    q.move_all_to_active_or_backoff("AssignedPodDelete")
    assert "default/p" in q.backoff          # first rejection at t=0: 1 s back-off …
    sim.advance(1.599)
    assert not q.active                      # … ending in the window [1, 2): out at t=2
    sim.advance(0.001)
    assert "default/p" in q.active


def test_idle_scheduler_pops_from_backoff():
    """SchedulerPopFromBackoffQ: with activeQ empty, pop takes the backing-off pod whose
    back-off ends first, not one backing off after an error; a pod in activeQ goes first."""
    sim = Simulation(0)
    q = SchedulingQueue(sim, lambda: None)
    q.plugin_events = {"NodeResourcesFit": {"NodeAdd"}}
    for name in ("rejected", "errored"):
        q.add(make_pod(name))
        info = q.pop()
        info.unschedulable_plugins = {"NodeResourcesFit"} if name == "rejected" else set()
        q.add_unschedulable_if_not_present(info)
    q.move_all_to_active_or_backoff("NodeAdd")
    assert sorted(q.backoff) == ["default/errored", "default/rejected"] and len(q) == 1
    q.add(make_pod("fresh"))
    assert [q.pop().key, q.pop().key, q.pop()] == ["default/fresh", "default/rejected", None]


def test_unschedulable_pods_are_flushed_after_five_minutes():
    """Without any event, a pod leaves the unschedulable pool once it has waited *more*
    than 5 minutes, at the next 30 s flushUnschedulablePodsLeftover tick."""
    sim = Simulation(0)
    q = SchedulingQueue(sim, lambda: None)
    q.add(make_pod("p"))
    info = q.pop()
    info.unschedulable_plugins = {"NodeResourcesFit"}
    q.add_unschedulable_if_not_present(info)     # at t=0: 300 s is a tick, but not "more"
    sim.advance(329.999)
    assert "default/p" in q.unschedulable
    sim.advance(0.001)
    assert "default/p" in q.active
    info = q.pop()
    info.unschedulable_plugins = {"NodeResourcesFit"}
    sim.advance(12)
    q.add_unschedulable_if_not_present(info)     # at t=342: flushed at the 660 s tick
    sim.advance(317.999)
    assert "default/p" in q.unschedulable
    sim.advance(0.001)
    assert "default/p" in q.backoff or "default/p" in q.active


def test_backoff_counts_rejections_and_errors_apart():
    """v1.34+ (UnschedulableCount, ConsecutiveErrorsCount): an attempt that failed without
    a plugin to blame backs off from 1 s again, then rejections resume their own count."""
    sim = Simulation(0)
    q = SchedulingQueue(sim, lambda: None)
    q.plugin_events = {"NodeResourcesFit": {"NodeAdd"}}
    q.add(make_pod("p"))
    for expected in (1, 2, 4):            # three rejections: 1, 2, 4 s
        info = q.pop()
        info.unschedulable_plugins = {"NodeResourcesFit"}
        q.add_unschedulable_if_not_present(info)   # whole seconds: out 1 s after the end
        assert q.backoff_expiry(info) - sim.now == expected + 1
        q.move_all_to_active_or_backoff("NodeAdd")
        sim.advance(expected + 1)
    info = q.pop()
    q.add_unschedulable_if_not_present(info)      # an error: straight to backoffQ, 1 s
    assert "default/p" in q.backoff and q.backoff_expiry(info) - sim.now == 2
    sim.advance(2)
    info = q.pop()
    info.unschedulable_plugins = {"NodeResourcesFit"}
    q.add_unschedulable_if_not_present(info)      # the 4th rejection: 8 s
    assert q.backoff_expiry(info) - sim.now == 9


def test_assigned_pod_add_wakes_only_cross_topology_pods():
    """AssignedPodAdded (getUnschedulablePodsWithCrossTopologyTerm): a newly bound pod can
    help a pod PodTopologySpread rejected in its namespace, or one whose required affinity
    it matches, not one InterPodAffinity rejected for an unrelated pod."""
    sim = Simulation(0)
    q = SchedulingQueue(sim, lambda: None)
    q.plugin_events = {"PodTopologySpread": {"AssignedPodAdd"},
                       "InterPodAffinity": {"AssignedPodAdd"}}
    web = {"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
        {"labelSelector": {"matchLabels": {"app": "web"}}, "topologyKey": "zone"}]}}
    for name, plugin, spec in (("spread", "PodTopologySpread", {}),
                               ("near-web", "InterPodAffinity", {"affinity": web}),
                               ("near-db", "InterPodAffinity", {"affinity": {
                                   "podAffinity": {"requiredDuringSchedulingIgnoredDuring"
                                                   "Execution": [{"labelSelector": {
                                                       "matchLabels": {"app": "db"}},
                                                       "topologyKey": "zone"}]}}})):
        q.add(make_pod(name, **spec))
        info = q.pop()
        info.unschedulable_plugins = {plugin}
        q.add_unschedulable_if_not_present(info)
    bound = make_pod("web-1", labels={"app": "web"}, nodeName="node-1")
    q.assigned_pod_added(bound, {})
    assert sorted(q.unschedulable) == ["default/near-db"]


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
