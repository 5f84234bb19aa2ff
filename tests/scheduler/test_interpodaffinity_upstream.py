"""InterPodAffinity against upstream's tables: interpodaffinity/filtering_test.go
(TestRequiredAffinitySingleNode, TestRequiredAffinityMultipleNodes) and scoring_test.go
(TestPreferredAffinity, TestPreferredAffinityWithHardPodAffinitySymmetricWeight). Case
names are upstream's; labels, namespaces and expected statuses/scores are copied.
Upstream's namespace "" is "default".
"""

import pytest

from k8s_model.scheduler.framework import CycleState
from k8s_model.scheduler.plugins.interpodaffinity import InterPodAffinity
from k8s_model.scheduler.status import CODE_NAMES

from .conftest import FakeHandle, bound_pod, node_with

AFFINITY = "node(s) didn't match pod affinity rules"
ANTI = "node(s) didn't match pod anti-affinity rules"
EXISTING = "node(s) didn't satisfy existing pods anti-affinity rules"
# scoring_test.go `namespaces`
NAMESPACES = {"subteam1.team1": {"team": "team1"}, "subteam2.team1": {"team": "team1"},
              "subteam1.team2": {"team": "team2"}, "subteam2.team2": {"team": "team2"}}
TEAM1 = {"matchExpressions": [{"key": "team", "operator": "In", "values": ["team1"]}]}


def term(topology_key, *expressions, namespaces=None, namespace_selector=None):
    """A PodAffinityTerm; expressions are (key, operator, values)."""
    t = {"labelSelector": {"matchExpressions": [
        {"key": k, "operator": op, **({"values": v} if v is not None else {})}
        for k, op, v in expressions]}, "topologyKey": topology_key}
    if namespaces is not None:
        t["namespaces"] = namespaces
    if namespace_selector is not None:
        t["namespaceSelector"] = namespace_selector
    return t


def affinity(required=(), anti=(), preferred=(), preferred_anti=()):
    out = {}
    for kind, req, pref in (("podAffinity", required, preferred),
                            ("podAntiAffinity", anti, preferred_anti)):
        section = {}
        if req:
            section["requiredDuringSchedulingIgnoredDuringExecution"] = list(req)
        if pref:
            section["preferredDuringSchedulingIgnoredDuringExecution"] = [
                {"weight": w, "podAffinityTerm": t} for w, t in pref]
        if section:
            out[kind] = section
    return out


def pod(name="p", labels=None, node=None, namespace="default", aff=None):
    spec = {"affinity": aff} if aff else {}
    return bound_pod(name, node=node, labels=labels, namespace=namespace, **spec)


def filter_statuses(incoming, nodes, pods):
    """PreFilter, then Filter on every node: [(code, message) or "Skip" or None]."""
    handle = FakeHandle(nodes, pods, namespaces=NAMESPACES)
    plugin, state = InterPodAffinity({}, handle), CycleState()
    _, status = plugin.pre_filter(state, incoming)
    if status is not None:
        return CODE_NAMES[status.code]
    out = []
    for node_info in handle.cache.node_infos():
        s = plugin.filter(state, incoming, node_info)
        out.append(None if s is None else (CODE_NAMES[s.code], s.message()))
    return out


def unresolvable(message):
    return ("UnschedulableAndUnresolvable", message)


def unschedulable(message):
    return ("Unschedulable", message)


SECURITYSCAN = {"service": "securityscan"}
S1 = {"security": "S1"}
NODE1 = node_with("node1", {"region": "r1", "zone": "z11"})
EXISTING_POD = pod("existing", SECURITYSCAN, node="node1")
IN_SCAN = ("service", "In", ["securityscan", "value2"])
IN_ANTIVIRUS = ("service", "In", ["antivirusscan", "value2"])

# filtering_test.go TestRequiredAffinitySingleNode (node1: region=r1, zone=z11)
SINGLE_NODE = [
    ("A pod that has no required pod affinity scheduling rules can schedule onto a node with "
     "no existing pods", pod(), [], "Skip"),
    ("satisfies with requiredDuringSchedulingIgnoredDuringExecution in PodAffinity using In "
     "operator that matches the existing pod",
     pod(labels=S1, aff=affinity([term("region", IN_SCAN)])), [EXISTING_POD], [None]),
    ("satisfies the pod with requiredDuringSchedulingIgnoredDuringExecution in PodAffinity "
     "using not in operator in labelSelector that matches the existing pod",
     pod(labels=S1, aff=affinity([term("region", ("service", "NotIn",
                                                  ["securityscan3", "value3"]))])),
     [EXISTING_POD], [None]),
    ("Does not satisfy the PodAffinity with labelSelector because of diff Namespace",
     pod(labels=S1, aff=affinity([term("", IN_SCAN, namespaces=["DiffNameSpace"])])),
     [pod("existing", SECURITYSCAN, node="node1", namespace="ns")], [unresolvable(AFFINITY)]),
    ("Doesn't satisfy the PodAffinity because of unmatching labelSelector with the existing pod",
     pod(labels=SECURITYSCAN, aff=affinity([term("", IN_ANTIVIRUS)])), [EXISTING_POD],
     [unresolvable(AFFINITY)]),
    ("satisfies the PodAffinity with different label Operators in multiple "
     "RequiredDuringSchedulingIgnoredDuringExecution ",
     pod(labels=S1, aff=affinity([
         term("region", ("service", "Exists", None), ("wrongkey", "DoesNotExist", None)),
         term("region", ("service", "In", ["securityscan"]),
              ("service", "NotIn", ["WrongValue"]))])),
     [EXISTING_POD], [None]),
    ("The labelSelector requirements(items of matchExpressions) are ANDed, the pod cannot "
     "schedule onto the node because one of the matchExpression item don't match.",
     pod(labels=S1, aff=affinity([
         term("region", ("service", "Exists", None), ("wrongkey", "DoesNotExist", None)),
         term("region", ("service", "In", ["securityscan2"]),
              ("service", "NotIn", ["WrongValue"]))])),
     [EXISTING_POD], [unresolvable(AFFINITY)]),
    ("satisfies the PodAffinity and PodAntiAffinity with the existing pod",
     pod(labels=S1, aff=affinity([term("region", IN_SCAN)], [term("node", IN_ANTIVIRUS)])),
     [EXISTING_POD], [None]),
    ("satisfies the PodAffinity but doesn't satisfy the PodAntiAffinity with the existing pod",
     pod(labels=S1, aff=affinity([term("region", IN_SCAN)], [term("zone", IN_SCAN)])),
     [EXISTING_POD], [unschedulable(ANTI)]),
    ("satisfies the PodAffinity and PodAntiAffinity but doesn't satisfy PodAntiAffinity "
     "symmetry with the existing pod",
     pod(labels=SECURITYSCAN, aff=affinity([term("region", IN_SCAN)],
                                           [term("node", IN_ANTIVIRUS)])),
     [pod("existing", SECURITYSCAN, node="node1", aff=affinity(anti=[term("zone", IN_SCAN)]))],
     [unschedulable(EXISTING)]),
    ("pod matches its own Label in PodAffinity and that matches the existing pod Labels",
     pod(labels=SECURITYSCAN, aff=affinity([term("region", ("service", "NotIn",
                                                            ["securityscan", "value2"]))])),
     [pod("existing", SECURITYSCAN, node="node2")], [unresolvable(AFFINITY)]),
    ("verify that PodAntiAffinity from existing pod is respected when pod has no AntiAffinity "
     "constraints. doesn't satisfy PodAntiAffinity symmetry with the existing pod",
     pod(labels=SECURITYSCAN),
     [pod("existing", SECURITYSCAN, node="node1", aff=affinity(anti=[term("zone", IN_SCAN)]))],
     [unschedulable(EXISTING)]),
    ("verify that PodAntiAffinity from existing pod is respected when pod has no AntiAffinity "
     "constraints. satisfy PodAntiAffinity symmetry with the existing pod",
     pod(labels=SECURITYSCAN),
     [pod("existing", SECURITYSCAN, node="node1", aff=affinity(anti=[
         term("zone", ("service", "NotIn", ["securityscan", "value2"]))]))],
     "Skip"),
    ("PodAntiAffinity symmetry check a2: incoming pod and existing pod partially match each "
     "other on AffinityTerms",
     pod(labels=S1, aff=affinity(anti=[term("zone", ("security", "Exists", None))])),
     [pod("existing", SECURITYSCAN, node="node1", aff=affinity(anti=[
         term("zone", ("service", "Exists", None)), term("zone", ("security", "Exists", None))]))],
     [unschedulable(EXISTING)]),
    ("affinity with NamespaceSelector",
     pod(labels=S1, aff=affinity([term("region", IN_SCAN, namespace_selector=TEAM1)])),
     [pod("existing", SECURITYSCAN, node="node1", namespace="subteam1.team1")], [None]),
    ("affinity with non-matching NamespaceSelector",
     pod(labels=S1, aff=affinity([term("region", IN_SCAN, namespace_selector=TEAM1)])),
     [pod("existing", SECURITYSCAN, node="node1", namespace="subteam1.team2")],
     [unresolvable(AFFINITY)]),
    ("anti-affinity with matching NamespaceSelector",
     pod(labels=S1, namespace="subteam1.team1",
         aff=affinity(anti=[term("zone", IN_SCAN, namespace_selector=TEAM1)])),
     [pod("existing", SECURITYSCAN, node="node1", namespace="subteam2.team1")],
     [unschedulable(ANTI)]),
    ("anti-affinity with matching all NamespaceSelector",
     pod(labels=S1, namespace="subteam1.team1",
         aff=affinity(anti=[term("zone", IN_SCAN, namespace_selector={})])),
     [pod("existing", SECURITYSCAN, node="node1", namespace="subteam2.team1")],
     [unschedulable(ANTI)]),
    ("anti-affinity with non-matching NamespaceSelector",
     pod(labels=S1, namespace="subteam1.team1",
         aff=affinity(anti=[term("zone", IN_SCAN, namespace_selector=TEAM1)])),
     [pod("existing", SECURITYSCAN, node="node1", namespace="subteam1.team2")], [None]),
]


@pytest.mark.parametrize("name,incoming,pods,want", SINGLE_NODE, ids=[c[0] for c in SINGLE_NODE])
def test_required_affinity_single_node(name, incoming, pods, want):
    nodes = [NODE1, node_with("node2", {})] if any(
        p["spec"]["nodeName"] == "node2" for p in pods) else [NODE1]
    got = filter_statuses(incoming, nodes, pods)
    assert (got if isinstance(got, str) else got[:1]) == want


CHINA, CHINA_AZ1, INDIA = {"region": "China"}, {"region": "China", "az": "az1"}, {
    "region": "India"}

# filtering_test.go TestRequiredAffinityMultipleNodes
MULTIPLE_NODES = [
    ("A pod can be scheduled onto all the nodes that have the same topology key & label value "
     "with one of them has an existing pod that matches the affinity rules",
     pod(aff=affinity([term("region", ("foo", "In", ["bar"]))])),
     [pod("p1", {"foo": "bar"}, node="node1")],
     [("node1", CHINA), ("node2", CHINA_AZ1), ("node3", INDIA)],
     [None, None, unresolvable(AFFINITY)]),
    ("The affinity rule is to schedule all of the pods of this collection to the same zone. The "
     "first pod of the collection should not be blocked from being scheduled onto any node, "
     "even there's no existing pod that matches the rule anywhere.",
     pod(labels={"foo": "bar", "service": "securityscan"}, aff=affinity([
         term("zone", ("foo", "In", ["bar"])), term("zone", ("service", "In", ["securityscan"]))])),
     [pod("p1", {"foo": "bar"}, node="nodeA")],
     [("nodeA", {"zone": "az1", "hostname": "h1"}), ("nodeB", {"zone": "az2", "hostname": "h2"})],
     [None, None]),
    ("The first pod of the collection can only be scheduled on nodes labelled with the requested "
     "topology keys",
     pod(labels={"foo": "bar", "service": "securityscan"}, aff=affinity([
         term("zone", ("foo", "In", ["bar"])), term("zone", ("service", "In", ["securityscan"]))])),
     [pod("p1", {"foo": "bar"}, node="nodeA")],
     [("nodeA", {"zoneLabel": "az1", "hostname": "h1"}),
      ("nodeB", {"zoneLabel": "az2", "hostname": "h2"})],
     [unresolvable(AFFINITY), unresolvable(AFFINITY)]),
    ("NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that "
     "matches the inter pod affinity rule. The pod can not be scheduled onto nodeA and nodeB.",
     pod(aff=affinity(anti=[term("region", ("foo", "In", ["abc"]))])),
     [pod("p1", {"foo": "abc"}, node="nodeA")],
     [("nodeA", {"region": "r1", "hostname": "nodeA"}),
      ("nodeB", {"region": "r1", "hostname": "nodeB"})],
     [unschedulable(ANTI), unschedulable(ANTI)]),
    ("NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that "
     "matches the inter pod affinity rule. The pod can not be scheduled onto nodeA, nodeB, but "
     "can be scheduled onto nodeC (NodeC has an existing pod that match the inter pod affinity "
     "rule but in different namespace)",
     pod(labels={"foo": "123"}, namespace="NS1",
         aff=affinity(anti=[term("region", ("foo", "In", ["bar"]))])),
     [pod("p1", {"foo": "bar"}, node="nodeA", namespace="NS1"),
      pod("p2", node="nodeC", namespace="NS2",
          aff=affinity(anti=[term("region", ("foo", "In", ["123"]))]))],
     [("nodeA", CHINA), ("nodeB", CHINA_AZ1), ("nodeC", INDIA)],
     [unschedulable(ANTI), unschedulable(ANTI), None]),
    ("Test existing pod's anti-affinity: if an existing pod has a term with invalid "
     "topologyKey, labelSelector of the term is firstly checked, and then topologyKey of the "
     "term is also checked",
     pod(labels={"foo": ""}),
     [pod("p1", node="nodeA", aff=affinity(anti=[
         term("invalid-node-label", ("foo", "Exists", None))]))],
     [("nodeA", {"region": "r1", "zone": "z1", "hostname": "nodeA"}),
      ("nodeB", {"region": "r1", "zone": "z1", "hostname": "nodeB"})],
     "Skip"),
]


@pytest.mark.parametrize("name,incoming,pods,nodes,want", MULTIPLE_NODES,
                         ids=[c[0][:80] for c in MULTIPLE_NODES])
def test_required_affinity_multiple_nodes(name, incoming, pods, nodes, want):
    nodes = [node_with(n, labels) for n, labels in nodes]
    assert filter_statuses(incoming, nodes, pods) == want


def test_preemption_removing_the_only_match_lets_the_first_pod_in():
    """PreFilterExtensions (updateWithPod): removing the one pod that matched the incoming
    pod's self-affinity drops its count to zero and the entry with it, so the first-pod
    exception applies again; adding it back restores the count."""
    aff = affinity([term("zone", ("app", "In", ["db"]))])
    nodes = [node_with("nodeA", {"zone": "az1"}), node_with("nodeB", {"zone": "az2"})]
    handle = FakeHandle(nodes, [pod("db-0", {"app": "db"}, node="nodeA")])
    plugin, state = InterPodAffinity({}, handle), CycleState()
    incoming = pod("db-1", {"app": "db"}, aff=aff)
    plugin.pre_filter(state, incoming)
    node_a, node_b = handle.cache.get("nodeA"), handle.cache.get("nodeB")
    assert plugin.filter(state, incoming, node_b).message() == AFFINITY
    trial = state.clone()
    plugin.remove_pod(trial, incoming, node_a.pods["default/db-0"], node_a)
    assert plugin.filter(trial, incoming, node_b) is None
    plugin.add_pod(trial, incoming, node_a.pods["default/db-0"], node_a)
    assert plugin.filter(trial, incoming, node_b).message() == AFFINITY
    assert plugin.filter(state, incoming, node_b).message() == AFFINITY   # the original


def scores(incoming, pods, nodes, args=None):
    handle = FakeHandle([node_with(n, labels) for n, labels in nodes], pods,
                        namespaces=NAMESPACES)
    plugin = InterPodAffinity({"hardPodAffinityWeight": 1, **(args or {})}, handle)
    state, node_infos = CycleState(), handle.cache.node_infos()
    status = plugin.pre_score(state, incoming, node_infos)
    if status is not None:
        return CODE_NAMES[status.code]
    out = [[n.name, plugin.score(state, incoming, n)] for n in node_infos]
    plugin.normalize_score(state, incoming, out)
    return [s for _, s in out]


S2 = {"security": "S2"}
AZ1, AZ2 = {"az": "az1"}, {"az": "az2"}
SECURITY_IN = lambda *v: ("security", "In", list(v))  # noqa: E731
STAY_WITH_S1_IN_REGION = affinity(preferred=[(5, term("region", SECURITY_IN("S1")))])
STAY_WITH_S2_IN_REGION = affinity(preferred=[(6, term("region", SECURITY_IN("S2")))])
AFFINITY3 = affinity(preferred=[
    (8, term("region", ("security", "NotIn", ["S1"]), SECURITY_IN("S2"))),
    (2, term("region", ("security", "Exists", None), ("wrongkey", "DoesNotExist", None)))])
HARD_AFFINITY = affinity([
    term("region", SECURITY_IN("S1", "value2")),
    term("region", ("security", "Exists", None), ("wrongkey", "DoesNotExist", None))])
AWAY_FROM_S1_IN_AZ = affinity(preferred_anti=[(5, term("az", SECURITY_IN("S1")))])
AWAY_FROM_S2_IN_AZ = affinity(preferred_anti=[(5, term("az", SECURITY_IN("S2")))])
STAY_S1_AWAY_S2 = affinity(preferred=[(8, term("region", SECURITY_IN("S1")))],
                           preferred_anti=[(5, term("az", SECURITY_IN("S2")))])
AFFINITY_NS_SELECTOR = affinity(preferred=[(5, term(
    "region", SECURITY_IN("S1"), namespaces=["subteam2.team2"], namespace_selector=TEAM1))])
ANTI_AFFINITY_NS_SELECTOR = affinity(preferred_anti=[(5, term(
    "region", SECURITY_IN("S1"), namespaces=["subteam2.team2"], namespace_selector=TEAM1))])

# scoring_test.go TestPreferredAffinity
PREFERRED = [
    ("all nodes are same priority as Affinity is nil", pod(labels=S1), [],
     [("node1", CHINA), ("node2", INDIA), ("node3", AZ1)], "Skip"),
    ("Affinity: pod that matches topology key & pods in nodes will get high score comparing to "
     "otherswhich doesn't match either pods in nodes or in topology key",
     pod(labels=S1, aff=STAY_WITH_S1_IN_REGION),
     [pod("a", S1, "node1"), pod("b", S2, "node2"), pod("c", S1, "node3")],
     [("node1", CHINA), ("node2", INDIA), ("node3", AZ1)], [100, 0, 0]),
    ("Affinity: nodes in one region has more matching pods comparing to other region, so the "
     "region which has more matches will get high score",
     pod(labels=S1, aff=STAY_WITH_S2_IN_REGION),
     [pod("a", S2, "node1"), pod("b", S2, "node1"), pod("c", S2, "node2"),
      pod("d", S2, "node3"), pod("e", S2, "node4"), pod("f", S2, "node5")],
     [("node1", CHINA), ("node2", INDIA), ("node3", CHINA), ("node4", CHINA),
      ("node5", INDIA)], [100, 0, 100, 100, 0]),
    ("Affinity: different Label operators and values for pod affinity scheduling preference, "
     "including some match failures ",
     pod(labels=S1, aff=AFFINITY3),
     [pod("a", S1, "node1"), pod("b", S2, "node2"), pod("c", S1, "node3")],
     [("node1", CHINA), ("node2", INDIA), ("node3", AZ1)], [20, 100, 0]),
    ("Affinity symmetry: considered only the preferredDuringSchedulingIgnoredDuringExecution in "
     "pod affinity symmetry",
     pod(labels=S2),
     [pod("a", S1, "node1", aff=STAY_WITH_S1_IN_REGION),
      pod("b", S2, "node2", aff=STAY_WITH_S2_IN_REGION)],
     [("node1", CHINA), ("node2", INDIA), ("node3", AZ1)], [0, 100, 0]),
    ("Affinity symmetry with namespace selector",
     pod(labels=S1, namespace="subteam1.team1"),
     [pod("a", S1, "node1", aff=AFFINITY_NS_SELECTOR),
      pod("b", S2, "node2", aff=STAY_WITH_S2_IN_REGION)],
     [("node1", CHINA), ("node2", INDIA), ("node3", AZ1)], [100, 0, 0]),
    ("AntiAffinity symmetry with namespace selector",
     pod(labels=S1, namespace="subteam1.team1"),
     [pod("a", S1, "node1", aff=ANTI_AFFINITY_NS_SELECTOR),
      pod("b", S2, "node2", aff=STAY_WITH_S2_IN_REGION)],
     [("node1", CHINA), ("node2", INDIA), ("node3", AZ1)], [0, 100, 100]),
    ("Affinity symmetry: considered RequiredDuringSchedulingIgnoredDuringExecution in pod "
     "affinity symmetry",
     pod(labels=S1),
     [pod("a", S1, "node1", aff=HARD_AFFINITY), pod("b", S2, "node2", aff=HARD_AFFINITY)],
     [("node1", CHINA), ("node2", INDIA), ("node3", AZ1)], [100, 100, 0]),
    ("Anti Affinity: one node has more matching pods comparing to other node, so the node which "
     "has more unmatches will get high score",
     pod(labels=S1, aff=AWAY_FROM_S1_IN_AZ),
     [pod("a", S1, "node1"), pod("b", S1, "node1"), pod("c", S2, "node2")],
     [("node1", AZ1), ("node2", INDIA)], [0, 100]),
    ("Anti Affinity symmetry: the existing pods in node which has anti affinity match will get "
     "high score",
     pod(labels=S2),
     [pod("a", S1, "node1", aff=AWAY_FROM_S2_IN_AZ), pod("b", S2, "node2", aff=AWAY_FROM_S1_IN_AZ)],
     [("node1", AZ1), ("node2", AZ2)], [0, 100]),
    ("Affinity and Anti Affinity and symmetry: considered only preferredDuringSchedulingIgnored"
     "DuringExecution in both pod affinity & anti affinity & symmetry",
     pod(labels=S1, aff=STAY_S1_AWAY_S2),
     [pod("a", S1, "node1"), pod("b", S2, "node2"), pod("c", node="node3", aff=STAY_S1_AWAY_S2),
      pod("d", node="node4", aff=AWAY_FROM_S1_IN_AZ)],
     [("node1", CHINA), ("node2", AZ1), ("node3", INDIA), ("node4", AZ2)], [100, 0, 100, 0]),
    ("Avoid panic when partial nodes in a topology don't have pods with affinity",
     pod(labels=S1), [pod("a", S1, "node1"), pod("b", node="node2", aff=STAY_S1_AWAY_S2)],
     [("node1", CHINA), ("node2", CHINA)], [0, 0]),
    ("Affinity with pods matching both NamespaceSelector and Namespaces fields",
     pod(labels=S1, namespace="subteam1.team1", aff=AFFINITY_NS_SELECTOR),
     [pod("a", S1, "node1", namespace="subteam1.team1"),
      pod("b", S1, "node1", namespace="subteam1.team1"),
      pod("c", S1, "node1", namespace="subteam2.team2"),
      pod("d", S1, "node2", namespace="subteam2.team1")],
     [("node1", CHINA), ("node2", INDIA)], [100, 0]),
    ("Affinity with pods matching NamespaceSelector",   # the anti-affinity variant
     pod(labels=S1, namespace="subteam1.team1", aff=ANTI_AFFINITY_NS_SELECTOR),
     [pod("a", S1, "node1", namespace="subteam1.team1"),
      pod("b", S1, "node1", namespace="subteam1.team1"),
      pod("c", S1, "node1", namespace="subteam1.team2"),
      pod("d", S1, "node2", namespace="subteam2.team1")],
     [("node1", CHINA), ("node2", INDIA)], [0, 100]),
    ("Do not ignore preferred terms of existing pods",
     pod(labels=S2), [pod("a", S1, "node1", aff=STAY_S1_AWAY_S2),
                      pod("b", S2, "node2", aff=STAY_WITH_S2_IN_REGION)],
     [("node1", CHINA), ("node2", INDIA)], [0, 100]),
    ("No nodes to score", pod(labels=S2), [], [], "Skip"),
]


@pytest.mark.parametrize("name,incoming,pods,nodes,want", PREFERRED,
                         ids=[c[0][:80] for c in PREFERRED])
def test_preferred_affinity(name, incoming, pods, nodes, want):
    assert scores(incoming, pods, nodes) == want


def test_ignore_preferred_terms_of_existing_pods():
    """TestPreferredAffinity "Ignore preferred terms of existing pods": PreScore skips."""
    pods = [pod("a", S1, "node1", aff=STAY_S1_AWAY_S2),
            pod("b", S2, "node2", aff=STAY_WITH_S2_IN_REGION)]
    assert scores(pod(labels=S2), pods, [("node1", CHINA), ("node2", INDIA)],
                  {"ignorePreferredTermsOfExistingPods": True}) == "Skip"


HARD_POD_AFFINITY = affinity([term("region", ("service", "In", ["S1"]),
                                   namespaces=["default", "subteam2.team2"],
                                   namespace_selector=TEAM1)])


# scoring_test.go TestPreferredAffinityWithHardPodAffinitySymmetricWeight
@pytest.mark.parametrize("name,namespace,weight,want", [
    ("with default weight", "default", 1, [100, 100, 0]),
    ("with zero weight", "default", 0, "Skip"),
    ("with no matching namespace", "subteam1.team2", 1, "Skip"),
    ("with matching NamespaceSelector", "subteam1.team1", 1, [100, 100, 0]),
    ("with matching Namespaces", "subteam2.team2", 1, [100, 100, 0]),
])
def test_hard_pod_affinity_symmetric_weight(name, namespace, weight, want):
    pods = [pod("a", node="node1", aff=HARD_POD_AFFINITY),
            pod("b", node="node2", aff=HARD_POD_AFFINITY)]
    nodes = [("node1", CHINA), ("node2", INDIA), ("node3", AZ1)]
    incoming = pod(labels={"service": "S1"}, namespace=namespace)
    assert scores(incoming, pods, nodes, {"hardPodAffinityWeight": weight}) == want
