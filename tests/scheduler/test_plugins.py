"""Filter and score plugins, table-driven, with cases from upstream's *_test.go files."""

import pytest

from k8s_model.scheduler.cache import Cache
from k8s_model.scheduler.framework import CycleState
from k8s_model.scheduler.plugins.image_locality import ImageLocality, normalized_image_name
from k8s_model.scheduler.plugins.interpodaffinity import InterPodAffinity
from k8s_model.scheduler.plugins.node_affinity import NodeAffinity
from k8s_model.scheduler.plugins.node_ports import NodePorts
from k8s_model.scheduler.plugins.node_unschedulable import NodeUnschedulable
from k8s_model.scheduler.plugins.podtopologyspread import PodTopologySpread
from k8s_model.scheduler.plugins.taint_toleration import TaintToleration
from k8s_model.scheduler.types import NodeInfo

from .conftest import make_node, make_pod


def run_scores(plugin, pod, nodes):
    state = CycleState()
    if hasattr(plugin, "pre_score"):
        status = plugin.pre_score(state, pod, nodes)
        if status is not None and status.is_skip():
            return None
    scores = [[n.name, plugin.score(state, pod, n)] for n in nodes]
    if hasattr(plugin, "normalize_score"):
        plugin.normalize_score(state, pod, scores)
    return [s for _, s in scores]


def prefer(key, value):
    return {"key": key, "value": value, "effect": "PreferNoSchedule"}


# taint_toleration_test.go TestTaintTolerationScore
TAINT_SCORE_CASES = [
    ("node with taints tolerated by the pod gets a higher score",
     [prefer("foo", "bar")], [[prefer("foo", "bar")], [prefer("foo", "blah")]], [100, 0]),
    ("all taints tolerated: same score however many taints",
     [prefer("cpu-type", "arm64"), prefer("disk-type", "ssd")],
     [[], [prefer("cpu-type", "arm64")], [prefer("cpu-type", "arm64"), prefer("disk-type", "ssd")]],
     [100, 100, 100]),
    ("the more intolerable taints a node has, the lower score it gets",
     [prefer("foo", "bar")],
     [[], [prefer("cpu-type", "arm64")], [prefer("cpu-type", "arm64"), prefer("disk-type", "ssd")]],
     [100, 50, 0]),
    ("only PreferNoSchedule taints are counted",
     [], [[], [{"key": "cpu-type", "value": "arm64", "effect": "NoSchedule"}]], [100, 100]),
]


@pytest.mark.parametrize("name,tolerations,taints,expected", TAINT_SCORE_CASES,
                         ids=[c[0] for c in TAINT_SCORE_CASES])
def test_taint_toleration_score(name, tolerations, taints, expected):
    """Fewer untolerated PreferNoSchedule taints score higher (reverse normalisation)."""
    nodes = [NodeInfo(make_node(f"node{i}", taints=t)) for i, t in enumerate(taints)]
    pod = make_pod(tolerations=tolerations)
    assert run_scores(TaintToleration({}, None), pod, nodes) == expected


TAINT_FILTER_CASES = [
    ("untolerated NoSchedule taint", [], [{"key": "dedicated", "value": "gpu", "effect": "NoSchedule"}],
     "node(s) had untolerated taint(s)"),
    ("tolerated with Equal", [{"key": "dedicated", "operator": "Equal", "value": "gpu",
                               "effect": "NoSchedule"}],
     [{"key": "dedicated", "value": "gpu", "effect": "NoSchedule"}], None),
    ("tolerated with Exists and no effect", [{"key": "dedicated", "operator": "Exists"}],
     [{"key": "dedicated", "value": "gpu", "effect": "NoExecute"}], None),
    ("PreferNoSchedule never filters", [], [prefer("a", "b")], None),
]


@pytest.mark.parametrize("name,tolerations,taints,reason", TAINT_FILTER_CASES,
                         ids=[c[0] for c in TAINT_FILTER_CASES])
def test_taint_toleration_filter(name, tolerations, taints, reason):
    """NoSchedule/NoExecute taints must be tolerated (taint_toleration_test.go TestTaintTolerationFilter)."""
    status = TaintToleration({}, None).filter(CycleState(), make_pod(tolerations=tolerations),
                                              NodeInfo(make_node("n", taints=taints)))
    assert (status.message() if status else None) == reason


def test_node_affinity_preferred_scores():
    """node_affinity_test.go: weights 2, 4, 5 -> raw 2, 11, 4 -> normalised 18, 100, 36."""
    def term(weight, **labels):
        return {"weight": weight, "preference": {"matchExpressions": [
            {"key": k, "operator": "In", "values": [v]} for k, v in labels.items()]}}
    affinity = {"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
        term(2, foo="bar"), term(4, key="value"), term(5, foo="bar", key="value", az="az1")]}}
    nodes = [NodeInfo(make_node("node1", labels={"foo": "bar"})),
             NodeInfo(make_node("node5", labels={"foo": "bar", "key": "value", "az": "az1"})),
             NodeInfo(make_node("node2", labels={"key": "value"}))]
    assert run_scores(NodeAffinity({}, None), make_pod(affinity=affinity), nodes) == [18, 100, 36]


NODE_AFFINITY_FILTER_CASES = [
    ("nodeSelector matches", {"nodeSelector": {"disk": "ssd"}}, {"disk": "ssd"}, None),
    ("nodeSelector does not match", {"nodeSelector": {"disk": "ssd"}}, {"disk": "hdd"},
     "node(s) didn't match Pod's node affinity/selector"),
    ("required In matches", {"affinity": {"nodeAffinity": {
        "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
            {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a", "b"]}]}]}}}},
     {"zone": "b"}, None),
    ("required Gt does not match", {"affinity": {"nodeAffinity": {
        "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
            {"matchExpressions": [{"key": "gen", "operator": "Gt", "values": ["3"]}]}]}}}},
     {"gen": "2"}, "node(s) didn't match Pod's node affinity/selector"),
]


@pytest.mark.parametrize("name,spec,labels,reason", NODE_AFFINITY_FILTER_CASES,
                         ids=[c[0] for c in NODE_AFFINITY_FILTER_CASES])
def test_node_affinity_filter(name, spec, labels, reason):
    """nodeSelector and required node affinity filter with upstream's reason."""
    status = NodeAffinity({}, None).filter(CycleState(), make_pod(**spec),
                                           NodeInfo(make_node("n", labels=labels)))
    assert (status.message() if status else None) == reason


def test_node_unschedulable():
    """A cordoned node is skipped unless the pod tolerates the unschedulable taint."""
    node = NodeInfo(make_node("n", unschedulable=True))
    plugin = NodeUnschedulable({}, None)
    assert plugin.filter(None, make_pod(), node).message() == "node(s) were unschedulable"
    tolerant = make_pod(tolerations=[{"key": "node.kubernetes.io/unschedulable",
                                      "operator": "Exists", "effect": "NoSchedule"}])
    assert plugin.filter(None, tolerant, node) is None


def test_node_ports_conflict():
    """Two pods cannot take hostPort 8080/TCP on one node (node_ports_test.go)."""
    def with_port(name, port, ip=None):
        pod = make_pod(name)
        pod["spec"]["containers"][0]["ports"] = [{"containerPort": 80, "hostPort": port,
                                                  **({"hostIP": ip} if ip else {})}]
        return pod
    from k8s_model.scheduler.types import PodInfo
    node = NodeInfo(make_node("n"))
    node.add_pod(PodInfo(with_port("old", 8080, "127.0.0.1")))
    plugin, state = NodePorts({}, None), CycleState()
    pod = with_port("new", 8080)
    plugin.pre_filter(state, pod)
    assert plugin.filter(state, pod, node).message() == \
        "node(s) didn't have free ports for the requested pod ports"
    other = with_port("other", 8081)
    plugin.pre_filter(state, other)
    assert plugin.filter(state, other, node) is None


class Handle:
    def __init__(self, nodes):
        self.cache = Cache()
        for node in nodes:
            self.cache.add_node(node)

    def namespace_labels(self, namespace):
        return {}

    def list_objects(self, resource, namespace):
        return []

    def get_object(self, resource, namespace, name):
        return None


def test_image_locality():
    """A 500Mi image on every node scores 100 × (500 − 23) / (1000 − 23) = 48."""
    mb = 1024 * 1024
    images = [{"names": ["docker.io/library/nginx:1.27", "nginx:1.27"], "sizeBytes": 500 * mb}]
    handle = Handle([make_node("a", images=images), make_node("b", images=images),
                     make_node("c")])
    pod = make_pod(image="nginx:1.27")
    scores = [ImageLocality({}, handle).score(None, pod, n) for n in handle.cache.node_infos()]
    # spread 2/3: 500Mi × 2/3 = 333Mi -> 100 × (333.33 − 23) / 977 = 31
    assert scores == [31, 31, 0]
    assert normalized_image_name("nginx") == "nginx:latest"
    assert normalized_image_name("localhost:5000/app") == "localhost:5000/app:latest"


def _bind(handle, node_name, pod):
    pod["spec"]["nodeName"] = node_name
    handle.cache.add_pod(pod)


def test_pod_topology_spread_filter():
    """Zones a, b, c hold 2, 1, 0 matching pods, maxSkew 1: only zone c fits
    (filtering_test.go "pods spread across zones as 3/3, all nodes fit" family)."""
    nodes = [make_node(n, labels={"zone": z}) for n, z in
             (("a1", "a"), ("b1", "b"), ("c1", "c"))]
    handle = Handle(nodes)
    for i, node in enumerate(("a1", "a1", "b1")):
        _bind(handle, node, make_pod(f"p{i}", labels={"app": "web"}))
    pod = make_pod("new", labels={"app": "web"}, topologySpreadConstraints=[{
        "maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule",
        "labelSelector": {"matchLabels": {"app": "web"}}}])
    plugin, state = PodTopologySpread({}, handle), CycleState()
    plugin.pre_filter(state, pod)
    verdicts = [plugin.filter(state, pod, n) for n in handle.cache.node_infos()]
    assert [v.message() if v else None for v in verdicts] == [
        "node(s) didn't match pod topology spread constraints",
        "node(s) didn't match pod topology spread constraints", None]
    no_label = NodeInfo(make_node("x"))
    assert plugin.filter(state, pod, no_label).message() == \
        "node(s) didn't match pod topology spread constraints (missing required label)"


def test_inter_pod_anti_affinity():
    """Required anti-affinity on hostname keeps a second replica off node a1."""
    handle = Handle([make_node("a1"), make_node("b1")])
    _bind(handle, "a1", make_pod("web-0", labels={"app": "web"}))
    anti = {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
        {"labelSelector": {"matchLabels": {"app": "web"}},
         "topologyKey": "kubernetes.io/hostname"}]}}
    pod = make_pod("web-1", labels={"app": "web"}, affinity=anti)
    plugin, state = InterPodAffinity({}, handle), CycleState()
    plugin.pre_filter(state, pod)
    verdicts = [plugin.filter(state, pod, n) for n in handle.cache.node_infos()]
    assert [v.message() if v else None for v in verdicts] == [
        "node(s) didn't match pod anti-affinity rules", None]


def test_inter_pod_affinity_first_pod_of_a_group():
    """A pod with affinity to its own labels may start the group on any node."""
    handle = Handle([make_node("a1")])
    aff = {"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
        {"labelSelector": {"matchLabels": {"app": "db"}}, "topologyKey": "kubernetes.io/hostname"}]}}
    plugin, state = InterPodAffinity({}, handle), CycleState()
    pod = make_pod("db-0", labels={"app": "db"}, affinity=aff)
    plugin.pre_filter(state, pod)
    assert plugin.filter(state, pod, handle.cache.node_infos()[0]) is None
    other = make_pod("cache", labels={"app": "cache"}, affinity=aff)
    plugin.pre_filter(state, other)
    assert plugin.filter(state, other, handle.cache.node_infos()[0]).message() == \
        "node(s) didn't match pod affinity rules"
