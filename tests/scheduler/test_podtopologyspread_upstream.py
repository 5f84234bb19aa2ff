"""PodTopologySpread against upstream's tables: podtopologyspread/filtering_test.go
(TestSingleConstraint, TestPreFilterStateRemovePod) and scoring_test.go
(TestPodTopologySpreadScore, TestPreScoreSkip). Case names are upstream's; node and pod
names, labels and expected codes/scores are copied. Upstream's namespace "" is "default".
"""

import pytest

from k8s_model.scheduler.framework import CycleState
from k8s_model.scheduler.plugins.podtopologyspread import PodTopologySpread
from k8s_model.scheduler.plugins.podtopologyspread.plugin import PRE_FILTER_KEY
from k8s_model.scheduler.status import CODE_NAMES

from .conftest import FakeHandle, bound_pod, node_with

HOSTNAME = "kubernetes.io/hostname"
FOO = {"matchExpressions": [{"key": "foo", "operator": "Exists"}]}   # fooSelector
BAR = {"matchExpressions": [{"key": "bar", "operator": "Exists"}]}   # barSelector
TAINTS = [{"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"}]


def spread(max_skew, key, action, selector, min_domains=None, affinity_policy=None,
           taints_policy=None, match_label_keys=None):
    """st.MakePod().SpreadConstraint(maxSkew, key, action, selector, minDomains,
    nodeAffinityPolicy, nodeTaintsPolicy, matchLabelKeys)."""
    c = {"maxSkew": max_skew, "topologyKey": key, "whenUnsatisfiable": action}
    if selector is not None:
        c["labelSelector"] = selector
    for field, value in (("minDomains", min_domains), ("nodeAffinityPolicy", affinity_policy),
                         ("nodeTaintsPolicy", taints_policy),
                         ("matchLabelKeys", match_label_keys)):
        if value is not None:
            c[field] = value
    return c


def incoming(labels, *constraints, **spec):
    return bound_pod("p", labels=labels, topologySpreadConstraints=list(constraints), **spec)


def on(node, *names, labels=None, **kwargs):
    """Pods named `names` bound to `node`, labelled foo="" unless told otherwise."""
    return [bound_pod(n, node=node, labels={"foo": ""} if labels is None else labels, **kwargs)
            for n in names]


def zone_nodes(*specs):
    """node-a/zone1 style: name and zone; each also labelled node=<name>."""
    return [node_with(name, {"zone": zone, "node": name}) for name, zone in specs]


FOUR_NODES = zone_nodes(("node-a", "zone1"), ("node-b", "zone1"), ("node-x", "zone2"),
                        ("node-y", "zone2"))
SPREAD_2_1_0_3 = (on("node-a", "p-a1", "p-a2") + on("node-b", "p-b1")
                  + on("node-y", "p-y1", "p-y2", "p-y3"))


def filter_codes(pod, nodes, pods):
    handle = FakeHandle(nodes, pods)
    plugin, state = PodTopologySpread({}, handle), CycleState()
    plugin.pre_filter(state, pod)
    out = {}
    for node_info in handle.cache.node_infos():
        status = plugin.filter(state, pod, node_info)
        out[node_info.name] = "Success" if status is None else CODE_NAMES[status.code]
    return out


S, U, UU = "Success", "Unschedulable", "UnschedulableAndUnresolvable"

# filtering_test.go TestSingleConstraint
SINGLE_CONSTRAINT = [
    ("no existing pods",
     incoming({"foo": ""}, spread(1, "zone", "DoNotSchedule", FOO)), FOUR_NODES, [],
     [S, S, S, S]),
    ("no existing pods, incoming pod doesn't match itself",
     incoming({"foo": ""}, spread(1, "zone", "DoNotSchedule", BAR)), FOUR_NODES, [],
     [S, S, S, S]),
    ("existing pods in a different namespace do not count",
     incoming({"foo": ""}, spread(1, "zone", "DoNotSchedule", FOO)), FOUR_NODES,
     on("node-a", "p-a1", namespace="ns1") + on("node-a", "p-b1", namespace="ns2")
     + on("node-x", "p-x1") + on("node-y", "p-y1"),
     [S, S, U, U]),
    ("existing pods do not match null selector",
     incoming({"foo": ""}, spread(1, "zone", "DoNotSchedule", None)), FOUR_NODES,
     on("node-x", "p-x1") + on("node-y", "p-y1"), [S, S, S, S]),
    ("pods spread across zones as 3/3, all nodes fit",
     incoming({"foo": ""}, spread(1, "zone", "DoNotSchedule", FOO)), FOUR_NODES,
     SPREAD_2_1_0_3, [S, S, S, S]),
    ("pods spread across zones as 1/2 due to absence of label 'zone' on node-b",
     incoming({"foo": ""}, spread(1, "zone", "DoNotSchedule", FOO)),
     [FOUR_NODES[0], node_with("node-b", {"zon": "zone1", "node": "node-b"}), *FOUR_NODES[2:]],
     on("node-a", "p-a1") + on("node-b", "p-b1") + on("node-x", "p-x1") + on("node-y", "p-y1"),
     [S, UU, U, U]),
    ("pod cannot be scheduled as all nodes don't have label 'rack'",
     incoming({"foo": ""}, spread(1, "rack", "DoNotSchedule", FOO)),
     zone_nodes(("node-a", "zone1"), ("node-x", "zone2")), [], [UU, UU]),
    ("pods spread across nodes as 2/1/0/3, only node-x fits",
     incoming({"foo": ""}, spread(1, "node", "DoNotSchedule", FOO)), FOUR_NODES,
     SPREAD_2_1_0_3, [U, U, S, U]),
    ("pods spread across nodes as 2/1/0/3, maxSkew is 2, node-b and node-x fit",
     incoming({"foo": ""}, spread(2, "node", "DoNotSchedule", FOO)), FOUR_NODES,
     SPREAD_2_1_0_3, [U, S, S, U]),
    ("pods spread across nodes as 2/1/0/3, but pod doesn't match itself",
     incoming({"bar": ""}, spread(1, "node", "DoNotSchedule", FOO)), FOUR_NODES,
     SPREAD_2_1_0_3, [U, S, S, U]),
    ("incoming pod has nodeAffinity, pods spread as 2/~1~/~0~/3, hence node-a fits",
     incoming({"foo": ""}, spread(1, "node", "DoNotSchedule", FOO), affinity={"nodeAffinity": {
         "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
             {"matchExpressions": [{"key": "node", "operator": "In",
                                    "values": ["node-a", "node-y"]}]}]}}}),
     FOUR_NODES, SPREAD_2_1_0_3, [S, S, S, U]),
    ("terminating Pods should be excluded",
     incoming({"foo": ""}, spread(1, "node", "DoNotSchedule", FOO)),
     [node_with("node-a", {"node": "node-a"}), node_with("node-b", {"node": "node-b"})],
     on("node-a", "p-a", terminating=True) + on("node-b", "p-b"), [S, U]),
    ("pods spread across nodes as 2/2/1, maxSkew is 2, and the number of domains < "
     "minDomains, then the third node fits",
     incoming({"foo": ""}, spread(2, "node", "DoNotSchedule", FOO, min_domains=4)),
     [node_with(n, {"node": n}) for n in ("node-a", "node-b", "node-c")],
     on("node-a", "p-a1", "p-a2") + on("node-b", "p-b1", "p-b2") + on("node-c", "p-c1"),
     [U, U, S]),
    ("pods spread across nodes as 2/2/1, maxSkew is 2, and the number of domains > "
     "minDomains, then the all nodes fit",
     incoming({"foo": ""}, spread(2, "node", "DoNotSchedule", FOO, min_domains=2)),
     [node_with(n, {"node": n}) for n in ("node-a", "node-b", "node-c")],
     on("node-a", "p-a1", "p-a2") + on("node-b", "p-b1", "p-b2") + on("node-c", "p-c1"),
     [S, S, S]),
]


@pytest.mark.parametrize("name,pod,nodes,pods,want", SINGLE_CONSTRAINT,
                         ids=[c[0] for c in SINGLE_CONSTRAINT])
def test_single_constraint(name, pod, nodes, pods, want):
    codes = filter_codes(pod, nodes, pods)
    assert list(codes.values()) == want


def test_filter_messages():
    """ErrReasonConstraintsNotMatch and ErrReasonNodeLabelNotMatch (plugin.go)."""
    pod = incoming({"foo": ""}, spread(1, "zone", "DoNotSchedule", FOO))
    nodes = [FOUR_NODES[0], node_with("node-b", {"node": "node-b"}), FOUR_NODES[2]]
    handle = FakeHandle(nodes, on("node-a", "p-a1"))
    plugin, state = PodTopologySpread({}, handle), CycleState()
    plugin.pre_filter(state, pod)
    verdicts = [plugin.filter(state, pod, n) for n in handle.cache.node_infos()]
    assert [v.message() if v else None for v in verdicts] == [
        "node(s) didn't match pod topology spread constraints",
        "node(s) didn't match pod topology spread constraints (missing required label)",
        None]


def test_empty_label_selector_counts_nothing_in_v1_35():
    """countPodsMatchSelector returns 0 for an empty selector in v1.35 (`labelSelector: {}`
    never limits anything, kubernetes#141339), unlike `{foo: Exists}` on the same pods."""
    pods = on("node-a", "p-a1", "p-a2")
    nodes = [node_with(n, {"node": n}) for n in ("node-a", "node-b")]
    empty = incoming({"foo": ""}, spread(1, "node", "DoNotSchedule", {}))
    assert list(filter_codes(empty, nodes, pods).values()) == [S, S]
    exists = incoming({"foo": ""}, spread(1, "node", "DoNotSchedule", FOO))
    assert list(filter_codes(exists, nodes, pods).values()) == [U, S]


# filtering_test.go TestPreFilterStateRemovePod: preemption removes a pod from a node.
REMOVE_POD = [
    ("one spreadConstraint on node, topologyKeyToMinPodsMap changed",
     [spread(1, "zone", "DoNotSchedule", FOO)], FOUR_NODES,
     on("node-a", "p-a1") + on("node-b", "p-b1") + on("node-x", "p-x1") + on("node-y", "p-y1"),
     "p-a1", "node-a", [{"zone1": 1, "zone2": 2}]),
    ("delete an irrelevant pod won't help",
     [spread(1, "zone", "DoNotSchedule", FOO)], FOUR_NODES,
     on("node-a", "p-a0", labels={"bar": ""}) + on("node-a", "p-a1") + on("node-b", "p-b1")
     + on("node-x", "p-x1") + on("node-y", "p-y1"),
     "p-a0", "node-a", [{"zone1": 2, "zone2": 2}]),
    ("two spreadConstraints",
     [spread(1, "zone", "DoNotSchedule", FOO), spread(1, "node", "DoNotSchedule", FOO)],
     FOUR_NODES[:3],
     on("node-a", "p-a1", "p-a2") + on("node-b", "p-b1") + on("node-x", "p-x1", "p-x2"),
     "p-x1", "node-x", [{"zone1": 3, "zone2": 1}, {"node-a": 2, "node-b": 1, "node-x": 1}]),
]


@pytest.mark.parametrize("name,constraints,nodes,pods,removed,node,want", REMOVE_POD,
                         ids=[c[0] for c in REMOVE_POD])
def test_pre_filter_state_remove_pod(name, constraints, nodes, pods, removed, node, want):
    handle = FakeHandle(nodes, pods)
    plugin, state = PodTopologySpread({}, handle), CycleState()
    preemptor = incoming({"foo": ""}, *constraints)
    plugin.pre_filter(state, preemptor)
    node_info = handle.cache.get(node)
    plugin.remove_pod(state, preemptor, node_info.pods[f"default/{removed}"], node_info)
    assert state.read(PRE_FILTER_KEY).tp_value_to_match_num == want


def score(pod, nodes, failed=(), pods=(), objects=None):
    """PreScore over the candidate `nodes` (all nodes = nodes + failed), Score, Normalize."""
    handle = FakeHandle([*nodes, *failed], pods, objects=objects)
    plugin, state = PodTopologySpread({}, handle), CycleState()
    candidates = [handle.cache.get(n["metadata"]["name"]) for n in nodes]
    status = plugin.pre_score(state, pod, candidates)
    if status is not None:
        return CODE_NAMES[status.code]
    scores = [[n.name, plugin.score(state, pod, n)] for n in candidates]
    plugin.normalize_score(state, pod, scores)
    return [s for _, s in scores]


def hosts(*names, **extra):
    return [node_with(n, {HOSTNAME: n, **extra}) for n in names]


def node_label(*names, **extra):
    return [node_with(n, {"node": n, **extra}) for n in names]


SPREAD_4_3_2_1 = (on("node-a", "p-a1", "p-a2", "p-a3", "p-a4") + on("node-b", "p-b1", "p-b2",
                  "p-b3") + on("node-c", "p-c1", "p-c2") + on("node-d", "p-d1"))
SPREAD_4_2_1_3 = (on("node-a", "p-a1", "p-a2", "p-a3", "p-a4") + on("node-b", "p-b1", "p-b2")
                  + on("node-x", "p-x1") + on("node-y", "p-y1", "p-y2", "p-y3"))
SPREAD_POLICY = on("node-a", "p-a1", "p-a2") + on("node-b", "p-b1") + on("node-c", "p-c1")
ZONES_AB_XY = [node_with(n, {"zone": z, HOSTNAME: n}) for n, z in
               (("node-a", "zone1"), ("node-b", "zone1"), ("node-x", "zone2"),
                ("node-y", "zone2"))]
ZONES_ABCD = [node_with(n, {"zone": z, HOSTNAME: n}) for n, z in
              (("node-a", "zone1"), ("node-b", "zone1"), ("node-c", "zone2"),
               ("node-d", "zone2"))]

# scoring_test.go TestPodTopologySpreadScore
SCORE = [
    ("one constraint on node, no existing pods",
     incoming({"foo": ""}, spread(1, HOSTNAME, "ScheduleAnyway", FOO)),
     hosts("node-a", "node-b"), [], [], [100, 100]),
    ("one constraint on node, only one node is candidate",
     incoming({"foo": ""}, spread(1, HOSTNAME, "ScheduleAnyway", FOO)),
     hosts("node-a"), hosts("node-b"), on("node-a", "p-a1", "p-a2") + on("node-b", "p-b1"),
     [100]),
    ("one constraint on node, all 4 nodes are candidates",
     incoming({"foo": ""}, spread(1, HOSTNAME, "ScheduleAnyway", FOO)),
     hosts("node-a", "node-b", "node-c", "node-d"), [],
     on("node-a", "p-a1", "p-a2") + on("node-b", "p-b1") + on("node-d", "p-d1", "p-d2", "p-d3"),
     [20, 60, 100, 0]),
    ("one constraint on node, null selector",
     incoming({"foo": ""}, spread(1, HOSTNAME, "ScheduleAnyway", None)),
     hosts("node-a", "node-b", "node-c", "node-d"), [],
     on("node-a", "p-a1", "p-a2") + on("node-b", "p-b1") + on("node-d", "p-d1", "p-d2", "p-d3"),
     [100, 100, 100, 100]),
    ("one constraint on node, all 4 nodes are candidates, maxSkew=2",
     incoming({"foo": ""}, spread(2, HOSTNAME, "ScheduleAnyway", FOO)),
     hosts("node-a", "node-b", "node-c", "node-d"), [],
     on("node-a", "p-a1", "p-a2") + on("node-b", "p-b1") + on("node-d", "p-d1", "p-d2", "p-d3"),
     [33, 66, 100, 16]),
    ("one constraint on node, all 4 nodes are candidates, maxSkew=3",
     incoming({"foo": ""}, spread(3, HOSTNAME, "ScheduleAnyway", FOO)),
     hosts("node-a", "node-b", "node-c", "node-d"), [], SPREAD_4_3_2_1, [44, 66, 77, 100]),
    ("one constraint on node, 3 out of 4 nodes are candidates",
     incoming({"foo": ""}, spread(1, HOSTNAME, "ScheduleAnyway", FOO)),
     hosts("node-a", "node-b", "node-x"), hosts("node-y"), SPREAD_4_2_1_3, [33, 83, 100]),
    ("one constraint on node, 3 out of 4 nodes are candidates, one node doesn't match "
     "topology key",
     incoming({"foo": ""}, spread(1, HOSTNAME, "ScheduleAnyway", FOO)),
     [*hosts("node-a"), node_with("node-b", {"n": "node-b"}), *hosts("node-x")],
     hosts("node-y"), SPREAD_4_2_1_3, [16, 0, 100]),
    ("one constraint on zone, 3 out of 4 nodes are candidates",
     incoming({"foo": ""}, spread(1, "zone", "ScheduleAnyway", FOO)),
     ZONES_AB_XY[:3], ZONES_AB_XY[3:], SPREAD_4_2_1_3, [75, 75, 100]),
    ("two Constraints on zone and node, 2 out of 4 nodes are candidates",
     incoming({"foo": ""}, spread(1, "zone", "ScheduleAnyway", FOO),
              spread(1, HOSTNAME, "ScheduleAnyway", FOO)),
     [ZONES_AB_XY[0], ZONES_AB_XY[2]], [ZONES_AB_XY[1], ZONES_AB_XY[3]],
     on("node-a", "p-a1", "p-a2") + on("node-b", "p-b1") + on("node-x", "p-x1", "p-x2")
     + on("node-y", "p-y1", "p-y2", "p-y3", "p-y4"),
     [100, 63]),
    ("two Constraints on zone and node, with different labelSelectors",
     incoming({"foo": "", "bar": ""}, spread(1, "zone", "ScheduleAnyway", FOO),
              spread(1, HOSTNAME, "ScheduleAnyway", BAR)),
     ZONES_AB_XY, [],
     on("node-a", "p-a1") + on("node-b", "p-b1", labels={"foo": "", "bar": ""})
     + on("node-y", "p-y1") + on("node-y", "p-y2", labels={"bar": ""}),
     [60, 20, 100, 60]),
    ("existing pods in a different namespace do not count",
     incoming({"foo": ""}, spread(1, HOSTNAME, "ScheduleAnyway", FOO)),
     hosts("node-a", "node-b"), [],
     on("node-a", "p-a1", namespace="ns1") + on("node-a", "p-a2") + on("node-b", "p-b1", "p-b2"),
     [100, 33]),
    ("terminating Pods should be excluded",
     incoming({"foo": ""}, spread(1, HOSTNAME, "ScheduleAnyway", FOO)),
     hosts("node-a", "node-b"), [], on("node-a", "p-a", terminating=True) + on("node-b", "p-b"),
     [100, 0]),
    ("minDomains has no effect when ScheduleAnyway",
     incoming({"foo": ""}, spread(2, "node", "ScheduleAnyway", FOO, min_domains=10)),
     node_label("node-a", "node-b", "node-c"), [],
     on("node-a", "p-a1", "p-a2") + on("node-b", "p-b1", "p-b2") + on("node-c", "p-c1"),
     [75, 75, 100]),
    ("NodeAffinityPolicy honoed with labelSelectors",
     incoming({"foo": ""}, spread(1, "node", "ScheduleAnyway", FOO), nodeSelector={"foo": ""}),
     [*node_label("node-a", "node-b", foo=""), *node_label("node-c")], [], SPREAD_POLICY,
     [0, 33, 100]),
    ("NodeAffinityPolicy ignored with labelSelectors",
     incoming({"foo": ""}, spread(1, "node", "ScheduleAnyway", FOO, affinity_policy="Ignore"),
              nodeSelector={"foo": ""}),
     [*node_label("node-a", "node-b", foo=""), *node_label("node-c")], [], SPREAD_POLICY,
     [66, 100, 100]),
    ("NodeTaintsPolicy honored",
     incoming({"foo": ""}, spread(1, "node", "ScheduleAnyway", FOO, taints_policy="Honor")),
     [*node_label("node-a", "node-b"), node_with("node-c", {"node": "node-c"}, taints=TAINTS)],
     [], SPREAD_POLICY, [0, 33, 100]),
    ("NodeTaintsPolicy ignored",
     incoming({"foo": ""}, spread(1, "node", "ScheduleAnyway", FOO)),
     [*node_label("node-a", "node-b"), node_with("node-c", {"node": "node-c"}, taints=TAINTS)],
     [], SPREAD_POLICY, [66, 100, 100]),
    ("matchLabelKeys ANDed with LabelSelector when LabelSelector is empty",
     incoming({"foo": "", "bar": ""},
              spread(1, "zone", "ScheduleAnyway", {}, match_label_keys=["foo"]),
              spread(1, HOSTNAME, "ScheduleAnyway", {}, match_label_keys=["bar"])),
     ZONES_ABCD, [],
     on("node-a", "p-a1") + on("node-b", "p-b1", labels={"foo": "", "bar": ""})
     + on("node-c", "p-y1") + on("node-c", "p-y2", labels={"bar": ""}),
     [60, 20, 60, 100]),
    ("matchLabelKeys ANDed with LabelSelector when LabelSelector isn't empty",
     incoming({"foo": "", "bar": "", "baz": ""}, spread(1, "zone", "ScheduleAnyway", FOO),
              spread(1, HOSTNAME, "ScheduleAnyway", BAR, match_label_keys=["baz"])),
     ZONES_ABCD, [],
     on("node-a", "p-a1") + on("node-b", "p-b1", labels={"foo": "", "bar": "", "baz": ""})
     + on("node-c", "p-c1") + on("node-c", "p-c2", labels={"bar": ""})
     + on("node-c", "p-d3", labels={"bar": "", "baz": ""}),
     [60, 20, 60, 100]),
]


@pytest.mark.parametrize("name,pod,nodes,failed,pods,want", SCORE, ids=[c[0] for c in SCORE])
def test_pod_topology_spread_score(name, pod, nodes, failed, pods, want):
    assert score(pod, nodes, failed, pods) == want


def test_system_defaulting_pods_match_service():
    """TestPodTopologySpreadScore "system defaulting, nodes don't have zone, pods match
    service": the defaults (hostname maxSkew 3, zone maxSkew 5, ScheduleAnyway) apply
    because a Service selects the pod; same scores as one hostname constraint."""
    service = {"metadata": {"name": "svc", "namespace": "default"},
               "spec": {"selector": {"foo": ""}}}
    pod = bound_pod("p", labels={"foo": ""})
    nodes = hosts("node-a", "node-b", "node-c", "node-d")
    assert score(pod, nodes, pods=SPREAD_4_3_2_1, objects={"services": [service]}) == \
        [44, 66, 77, 100]
    # Belonging to nothing: no default constraints, PreScore skips (TestPreScoreSkip).
    assert score(pod, nodes, pods=SPREAD_4_3_2_1) == "Skip"


def test_default_constraints_replicaset_that_does_not_match():
    """TestPreScoreSkip "default constraints and a replicaset that doesn't match": the
    owner named in ownerReferences does not exist, so no selector and no constraints."""
    rs = {"metadata": {"name": "rs1", "namespace": "default"},
          "spec": {"selector": {"matchExpressions": [{"key": "tar", "operator": "Exists"}]}}}
    pod = bound_pod("p", labels={"foo": "bar", "baz": "sup"})
    pod["metadata"]["ownerReferences"] = [{"apiVersion": "apps/v1", "kind": "ReplicaSet",
                                           "name": "rs2", "controller": True}]
    handle = FakeHandle([node_with("node-a", {"planet": "mars"})], objects={"replicasets": [rs]})
    plugin = PodTopologySpread({"defaultingType": "List", "defaultConstraints": [
        {"maxSkew": 2, "topologyKey": "planet", "whenUnsatisfiable": "ScheduleAnyway"}]}, handle)
    status = plugin.pre_score(CycleState(), pod, handle.cache.node_infos())
    assert CODE_NAMES[status.code] == "Skip"
