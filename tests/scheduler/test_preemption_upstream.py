"""DefaultPreemption against upstream's tables: defaultpreemption/default_preemption_test.go
(TestPostFilter, TestSelectBestCandidate, TestPodEligibleToPreemptOthers, TestPreempt,
TestDryRunPreemption). Case names are upstream's; priorities, requests and expected nodes,
victims and messages are copied. The default profile's plugins run (upstream registers
only NodeResourcesFit or PodTopologySpread; the others pass on these pods).
"""

import pytest

from k8s_model.scheduler.config import parse_config
from k8s_model.scheduler.framework import CycleState, Framework
from k8s_model.scheduler.plugins import REGISTRY
from k8s_model.scheduler.status import (CODE_NAMES, UNSCHEDULABLE,
                                        UNSCHEDULABLE_AND_UNRESOLVABLE, NodeToStatus, Status)
from k8s_model.scheduler.types import PodInfo

from .conftest import FakeHandle, bound_pod, node_with

NEG, LOW, MID, HIGH, VERY_HIGH = -100, 0, 100, 1000, 10000
# smallRes … veryLargeRes: cpu in millicores, memory in bytes
SMALL, MEDIUM, LARGE, VERY_LARGE = (dict(cpu=f"{m}m", memory=str(m)) for m in (100, 200, 300, 500))
DISRUPTION_TARGET = [{"type": "DisruptionTarget", "status": "True",
                      "reason": "PreemptionByScheduler"}]


def nodes_named(*names, cpu="500m", memory="500", pods="32"):
    """st.MakeNode().Capacity(veryLargeRes) (pods: 32); "node-a/zone1" adds labels
    hostname and zone as TestPreempt does."""
    out = []
    for name in names:
        parts = name.split("/")
        labels = dict(zip(("hostname", "zone", "region"), parts))
        out.append(node_with(parts[0], labels, cpu=cpu, memory=memory, pods=pods))
    return out


def victim(name, node, priority, res=None, start=0, **kwargs):
    return bound_pod(name, node=node, priority=priority, start=start, **(res or {}), **kwargs)


def setup(nodes, pods, preemptor, seed=4):
    """A default-profile framework over the nodes and pods, PreFilter already run."""
    handle = FakeHandle(nodes, pods, seed=seed)
    fwk = Framework(parse_config(None).profiles[0], REGISTRY, handle)
    state = CycleState()
    state.write("framework", fwk)
    _, status, _ = fwk.run_pre_filter_plugins(state, preemptor)
    assert status.is_success()
    return handle, fwk.plugins["DefaultPreemption"], state


def all_unschedulable(nodes):
    m = NodeToStatus()
    for n in nodes:
        m.set(n["metadata"]["name"], Status(UNSCHEDULABLE))
    return m


def statuses(unschedulable=(), unresolvable=()):
    """framework.NewNodeToStatus({...}, UnschedulableAndUnresolvable)."""
    m = NodeToStatus()
    for name in unschedulable:
        m.set(name, Status(UNSCHEDULABLE))
    for name in unresolvable:
        m.set(name, Status(UNSCHEDULABLE_AND_UNRESOLVABLE))
    return m


ONE_POD = dict(cpu="4", memory="8Gi", pods="1")
NODE_RES = dict(cpu="200m", memory="400", pods="32")

# TestPostFilter: (name, preemptor, pods, nodes, node_to_status, nominated, code, message)
POST_FILTER = [
    ("pod with higher priority can be made schedulable",
     bound_pod("p", priority=HIGH), [bound_pod("p1", node="node1")],
     nodes_named("node1", **ONE_POD), statuses(["node1"]), "node1", "Success", ""),
    ("pod with tied priority is still unschedulable",
     bound_pod("p"), [bound_pod("p1", node="node1")],
     nodes_named("node1", **ONE_POD), statuses(["node1"]), "", "Unschedulable",
     "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."),
    ("preemption should respect filteredNodesStatuses",
     bound_pod("p", priority=HIGH), [bound_pod("p1", node="node1")],
     nodes_named("node1", **ONE_POD), statuses(unresolvable=["node1"]), "", "Unschedulable",
     "preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."),
    ("preemption should respect absent NodeToStatusReader entry meaning "
     "UnschedulableAndUnresolvable",
     bound_pod("p", priority=HIGH), [bound_pod("p1", node="node1")],
     nodes_named("node1", **ONE_POD), statuses(), "", "Unschedulable",
     "preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."),
    ("pod can be made schedulable on one node",
     bound_pod("p", priority=MID),
     [bound_pod("p1", node="node1", priority=HIGH), bound_pod("p2", node="node2", priority=LOW)],
     nodes_named("node1", "node2", **ONE_POD), statuses(["node1", "node2"]), "node2",
     "Success", ""),
    ("no candidate nodes found, no enough resource after removing low priority pods",
     bound_pod("p", priority=HIGH, **LARGE),
     [bound_pod("p1", node="node1"), bound_pod("p2", node="node2")],
     nodes_named("node1", "node2", **NODE_RES), statuses(["node1", "node2"]), "",
     "Unschedulable", "preemption: 0/2 nodes are available: 2 Insufficient cpu."),
    ("no candidate nodes found with mixed reasons, no lower priority pod and no enough CPU "
     "resource",
     bound_pod("p", priority=HIGH, **LARGE),
     [bound_pod("p1", node="node1", priority=HIGH), bound_pod("p2", node="node2"),
      bound_pod("p3", node="node3", priority=HIGH)],
     [*nodes_named("node1", **ONE_POD), *nodes_named("node2", **NODE_RES),
      *nodes_named("node3", **ONE_POD)],
     statuses(["node1", "node2", "node3"]), "", "Unschedulable",
     "preemption: 0/3 nodes are available: 1 Insufficient cpu, 2 No preemption victims found "
     "for incoming pod."),
    ("no candidate nodes found with mixed reason, 2 UnschedulableAndUnresolvable nodes and 2 "
     "nodes don't have enough CPU resource",
     bound_pod("p", priority=HIGH, **LARGE),
     [bound_pod("p1", node="node1"), bound_pod("p2", node="node2")],
     nodes_named("node1", "node2", "node3", "node4", **NODE_RES),
     statuses(["node1", "node2"], ["node4"]), "", "Unschedulable",
     "preemption: 0/4 nodes are available: 2 Insufficient cpu, 2 Preemption is not helpful "
     "for scheduling."),
]


@pytest.mark.parametrize("name,preemptor,pods,nodes,node_to_status,nominated,code,message",
                         POST_FILTER, ids=[c[0] for c in POST_FILTER])
def test_post_filter(name, preemptor, pods, nodes, node_to_status, nominated, code, message):
    _, plugin, state = setup(nodes, pods, preemptor)
    result, status = plugin.post_filter(state, preemptor, node_to_status)
    assert (result, CODE_NAMES[status.code], status.message()) == (nominated, code, message)


# TestSelectBestCandidate: (name, preemptor, node names, pods, acceptable nodes)
SELECT_BEST = [
    ("a pod that fits on both nodes when lower priority pods are preempted",
     bound_pod("p", priority=HIGH, **LARGE), ["node1", "node2"],
     [victim("p1", "node1", MID, LARGE), victim("p2", "node2", MID, LARGE)], {"node1", "node2"}),
    ("node with min highest priority pod is picked",
     bound_pod("p", priority=HIGH, **VERY_LARGE), ["node1", "node2", "node3"],
     [victim("p1.1", "node1", MID, MEDIUM), victim("p1.2", "node1", MID, LARGE),
      victim("p2.1", "node2", MID, MEDIUM), victim("p2.2", "node2", LOW, MEDIUM),
      victim("p3.1", "node3", LOW, MEDIUM), victim("p3.2", "node3", LOW, MEDIUM)], {"node3"}),
    ("when highest priorities are the same, minimum sum of priorities is picked",
     bound_pod("p", priority=HIGH, **VERY_LARGE), ["node1", "node2", "node3"],
     [victim("p1.1", "node1", MID, MEDIUM), victim("p1.2", "node1", MID, LARGE),
      victim("p2.1", "node2", MID, LARGE), victim("p2.2", "node2", LOW, MEDIUM),
      victim("p3.1", "node3", MID, MEDIUM), victim("p3.2", "node3", MID, MEDIUM)], {"node2"}),
    ("when highest priority and sum are the same, minimum number of pods is picked",
     bound_pod("p", priority=HIGH, **VERY_LARGE), ["node1", "node2", "node3"],
     [victim("p1.1", "node1", MID, SMALL), victim("p1.2", "node1", NEG, SMALL),
      victim("p1.3", "node1", MID, SMALL), victim("p1.4", "node1", NEG, SMALL),
      victim("p2.1", "node2", MID, LARGE), victim("p2.2", "node2", NEG, MEDIUM),
      victim("p3.1", "node3", MID, MEDIUM), victim("p3.2", "node3", NEG, SMALL),
      victim("p3.3", "node3", LOW, SMALL)], {"node2"}),
    ("sum of adjusted priorities is considered",
     bound_pod("p", priority=HIGH, **VERY_LARGE), ["node1", "node2", "node3"],
     [victim("p1.1", "node1", MID, SMALL), victim("p1.2", "node1", NEG, SMALL),
      victim("p1.3", "node1", NEG, SMALL), victim("p2.1", "node2", MID, LARGE),
      victim("p2.2", "node2", NEG, MEDIUM), victim("p3.1", "node3", MID, MEDIUM),
      victim("p3.2", "node3", NEG, SMALL), victim("p3.3", "node3", LOW, SMALL)], {"node2"}),
    ("non-overlapping lowest high priority, sum priorities, and number of pods",
     bound_pod("p", priority=VERY_HIGH, **VERY_LARGE), ["node1", "node2", "node3", "node4"],
     [victim("p1.1", "node1", MID, SMALL), victim("p1.2", "node1", LOW, SMALL),
      victim("p1.3", "node1", LOW, SMALL), victim("p2.1", "node2", HIGH, LARGE),
      victim("p3.1", "node3", MID, MEDIUM), victim("p3.2", "node3", LOW, SMALL),
      victim("p3.3", "node3", LOW, SMALL), victim("p3.4", "node3", LOW, MEDIUM),
      victim("p4.1", "node4", MID, MEDIUM), victim("p4.2", "node4", MID, SMALL),
      victim("p4.3", "node4", MID, SMALL), victim("p4.4", "node4", NEG, SMALL)], {"node1"}),
    ("same priority, same number of victims, different start time for each node's pod",
     bound_pod("p", priority=HIGH, **VERY_LARGE), ["node1", "node2", "node3"],
     [victim("p1.1", "node1", MID, MEDIUM, 2), victim("p1.2", "node1", MID, MEDIUM, 2),
      victim("p2.1", "node2", MID, MEDIUM, 3), victim("p2.2", "node2", MID, MEDIUM, 3),
      victim("p3.1", "node3", MID, MEDIUM, 1), victim("p3.2", "node3", MID, MEDIUM, 1)],
     {"node2"}),
    ("same priority, same number of victims, different start time for all pods",
     bound_pod("p", priority=HIGH, **VERY_LARGE), ["node1", "node2", "node3"],
     [victim("p1.1", "node1", MID, MEDIUM, 4), victim("p1.2", "node1", MID, MEDIUM, 2),
      victim("p2.1", "node2", MID, MEDIUM, 5), victim("p2.2", "node2", MID, MEDIUM, 1),
      victim("p3.1", "node3", MID, MEDIUM, 3), victim("p3.2", "node3", MID, MEDIUM, 6)],
     {"node3"}),
    ("different priority, same number of victims, different start time for all pods",
     bound_pod("p", priority=HIGH, **VERY_LARGE), ["node1", "node2", "node3"],
     [victim("p1.1", "node1", LOW, MEDIUM, 4), victim("p1.2", "node1", MID, MEDIUM, 2),
      victim("p2.1", "node2", MID, MEDIUM, 6), victim("p2.2", "node2", LOW, MEDIUM, 1),
      victim("p3.1", "node3", LOW, MEDIUM, 3), victim("p3.2", "node3", MID, MEDIUM, 5)],
     {"node2"}),
]


@pytest.mark.parametrize("name,preemptor,node_names,pods,expected", SELECT_BEST,
                         ids=[c[0] for c in SELECT_BEST])
def test_select_best_candidate(name, preemptor, node_names, pods, expected):
    nodes = nodes_named(*node_names)
    handle, plugin, state = setup(nodes, pods, preemptor)
    result, status = plugin.post_filter(state, preemptor, all_unschedulable(nodes))
    assert status.is_success()
    assert result in expected
    assert handle.preempted[0][0] == result


# TestPreempt: (name, preemptor, pods, node names, nominated, victims)
PREEMPT = [
    ("basic preemption logic",
     bound_pod("p", priority=HIGH, preemptionPolicy="PreemptLowerPriority", **VERY_LARGE),
     [victim("p1.1", "node1", LOW, SMALL), victim("p1.2", "node1", LOW, SMALL),
      victim("p2.1", "node2", HIGH, LARGE), victim("p3.1", "node3", MID, MEDIUM)],
     ["node1", "node2", "node3"], "node1", ["p1.1", "p1.2"]),
    ("preemption for topology spread constraints",
     bound_pod("p", labels={"foo": ""}, priority=HIGH, topologySpreadConstraints=[
         {"maxSkew": 1, "topologyKey": key, "whenUnsatisfiable": "DoNotSchedule",
          "labelSelector": {"matchExpressions": [{"key": "foo", "operator": "Exists"}]}}
         for key in ("zone", "hostname")]),
     [bound_pod(n, node=node, labels={"foo": ""}, priority=pr) for n, node, pr in
      (("p-a1", "node-a", HIGH), ("p-a2", "node-a", HIGH), ("p-b1", "node-b", LOW),
       ("p-x1", "node-x", HIGH), ("p-x2", "node-x", HIGH))],
     ["node-a/zone1", "node-b/zone1", "node-x/zone2"], "node-b", ["p-b1"]),
    ("no preempting in pod",
     bound_pod("p", priority=HIGH, preemptionPolicy="Never", **VERY_LARGE),
     [victim("p1.1", "node1", LOW, SMALL), victim("p1.2", "node1", LOW, SMALL),
      victim("p2.1", "node2", HIGH, LARGE), victim("p3.1", "node3", MID, MEDIUM)],
     ["node1", "node2", "node3"], None, []),
    ("PreemptionPolicy is nil",
     bound_pod("p", priority=HIGH, **VERY_LARGE),
     [victim("p1.1", "node1", LOW, SMALL), victim("p1.2", "node1", LOW, SMALL),
      victim("p2.1", "node2", HIGH, LARGE), victim("p3.1", "node3", MID, MEDIUM)],
     ["node1", "node2", "node3"], "node1", ["p1.1", "p1.2"]),
]


@pytest.mark.parametrize("name,preemptor,pods,node_names,nominated,victims", PREEMPT,
                         ids=[c[0] for c in PREEMPT])
def test_preempt(name, preemptor, pods, node_names, nominated, victims):
    nodes = nodes_named(*node_names)
    handle, plugin, state = setup(nodes, pods, preemptor)
    result, _ = plugin.preempt(state, preemptor, all_unschedulable(nodes))
    assert result == nominated
    assert sorted(v for _, names in handle.preempted for v in names) == victims


def test_preemption_policy_never_message():
    """PodEligibleToPreemptOthers' reason, prefixed by PostFilter."""
    preemptor = bound_pod("p", priority=HIGH, preemptionPolicy="Never")
    nodes = nodes_named("node1", **ONE_POD)
    _, plugin, state = setup(nodes, [bound_pod("p1", node="node1")], preemptor)
    result, status = plugin.post_filter(state, preemptor, statuses(["node1"]))
    assert (result, CODE_NAMES[status.code], status.message()) == (
        None, "Unschedulable", "preemption: not eligible due to preemptionPolicy=Never.")


# TestPodEligibleToPreemptOthers
@pytest.mark.parametrize("name,nominated,victim_pod,nominated_status,expected", [
    ("Pod with nominated node", "node1",
     bound_pod("p1", node="node1", priority=LOW, terminating=True),
     Status(UNSCHEDULABLE_AND_UNRESOLVABLE, "node(s) had untolerated taint(s)"), True),
    ("Pod without nominated node", None, None, None, True),
    ("preemption victim pod terminating, as indicated by the dedicated DisruptionTarget "
     "condition", "node1",
     bound_pod("p1", node="node1", priority=LOW, terminating=True, conditions=DISRUPTION_TARGET),
     None, False),
    ("non-victim Pods terminating", "node1",
     bound_pod("p1", node="node1", priority=LOW, terminating=True), None, True),
])
def test_pod_eligible_to_preempt_others(name, nominated, victim_pod, nominated_status, expected):
    preemptor = bound_pod("p", priority=HIGH)
    if nominated:
        preemptor["status"]["nominatedNodeName"] = nominated
    _, plugin, _ = setup(nodes_named("node1"), [victim_pod] if victim_pod else [], preemptor)
    node_to_status = NodeToStatus()
    if nominated_status is not None:
        node_to_status.set("node1", nominated_status)
    else:
        node_to_status.absent = Status(UNSCHEDULABLE)
    assert plugin.pod_eligible_to_preempt_others(preemptor, node_to_status)[0] is expected


def test_dry_run_stops_at_num_candidates_from_the_random_offset():
    """TestDryRunPreemption "...candidates": calculateNumCandidates = max(10% of 5, 100)
    capped at 5; with minCandidateNodesAbsolute 2 the dry run starts at the seeded random
    offset and stops after 2 candidates, in node order from there."""
    nodes = nodes_named("node1", "node2", "node3", "node4", "node5")
    pods = [victim(f"p{i}", f"node{i}", MID, LARGE) for i in range(1, 6)]
    preemptor = bound_pod("p", priority=HIGH, **LARGE)
    handle, plugin, state = setup(nodes, pods, preemptor, seed=7)
    assert plugin.calculate_num_candidates(5) == 5
    plugin.min_absolute = 2
    assert plugin.calculate_num_candidates(5) == 2
    offset = __import__("random").Random(7).randrange(5)
    names = [n.name for n in handle.cache.node_infos()]
    candidates, _, _ = plugin.find_candidates(state, preemptor, handle.cache.node_infos(),
                                              all_unschedulable(nodes))
    assert [c.name for c in candidates] == [names[(offset + i) % 5] for i in range(2)]
    assert plugin.calculate_num_candidates(2000) == 200   # 10 % once above 1000 nodes


def test_nominated_pods_keep_their_room():
    """RunFilterPluginsWithNominatedPods: a pod of equal or higher priority nominated to the
    node counts as running there, so a lower-priority pod cannot take the freed room."""
    nodes = nodes_named("node1")
    preemptor = bound_pod("p", priority=MID, **LARGE)
    handle, plugin, state = setup(nodes, [], preemptor)
    fwk = state.read("framework")
    node = handle.cache.get("node1")
    assert fwk.run_filter_plugins_with_nominated_pods(state, preemptor, node).is_success()
    handle.nominated["node1"] = [PodInfo(bound_pod("vip", priority=HIGH, **LARGE))]
    status = fwk.run_filter_plugins_with_nominated_pods(state, preemptor, node)
    assert status.message() == "Insufficient cpu, Insufficient memory"


def test_nominated_preemptor_keeps_the_room_on_a_live_cluster(scheduled_cluster):
    """End to end: the preemptor is nominated to node-1 (status.nominatedNodeName and the
    scheduler's nominator); while its victim terminates, a lower-priority pod that would
    fit beside the victim is refused there, since the preemptor already counts as running.
    Once the victim is gone, the preemptor is bound first."""
    c = scheduled_cluster(nodes=1)
    manifest = ("apiVersion: v1\nkind: Pod\nmetadata: {{name: {name}}}\nspec:\n  priority: {p}\n"
                "  containers: [{{name: a, image: {image}, resources: {{requests: "
                "{{cpu: \"{cpu}\"}}}}}}]\n")
    # `sleep` as PID 1 ignores SIGTERM: the victim takes its 30 s grace period to go.
    c.apply(manifest.format(name="low", p=0, cpu="3", image="busybox").replace(
        "image: busybox", "image: busybox, command: [sleep, '3600']"))
    c.advance(20)
    assert c.get("pods", "low")["status"]["phase"] == "Running"
    c.apply(manifest.format(name="high", p=1000, cpu="3", image="nginx"))
    c.advance(0.5)
    assert c.get("pods", "high")["status"].get("nominatedNodeName") == "node-1"
    assert [p.key for p in c.scheduler.queue.nominator.nominated_pods_for_node("node-1")] == \
        ["default/high"]
    c.apply(manifest.format(name="filler", p=0, cpu="500m", image="nginx"))
    c.advance(0.5)
    assert c.get("pods", "low")["metadata"].get("deletionTimestamp")   # still terminating
    filler = c.get("pods", "filler")
    assert "nodeName" not in filler["spec"]
    (condition,) = [x for x in filler["status"]["conditions"] if x["type"] == "PodScheduled"]
    assert "Insufficient cpu" in condition["message"]
    c.advance(60)
    assert [(p["metadata"]["name"], p["spec"].get("nodeName"))
            for p in c.list("pods", "default")] == [("filler", "node-1"), ("high", "node-1")]
    assert c.scheduler.queue.nominator.nominated_pods_for_node("node-1") == []
