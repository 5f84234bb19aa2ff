"""The Endpoints controller: RepackSubsets (pkg/api/v1/endpoints/util_test.go),
truncation and which Pods land where (endpoints_controller_test.go), and the live
controller with `kubectl get endpoints`."""

import pytest

from k8s_model import Cluster
from k8s_model.controllers.endpoint.controller import EndpointController
from k8s_model.controllers.endpoint.subsets import repack_subsets, sort_subsets, truncate_endpoints

from .endpoint_fakes import FakeClient, FakeInformer, new_sim


def a(ip, uid=None, name=None):
    address = {"ip": ip}
    if uid is not None or name is not None:
        address["targetRef"] = {k: v for k, v in (("uid", uid), ("name", name)) if v is not None}
    return address


def sub(ready=(), not_ready=(), ports=()):
    subset = {}
    if ready:
        subset["addresses"] = list(ready)
    if not_ready:
        subset["notReadyAddresses"] = list(not_ready)
    subset["ports"] = [{"port": p} for p in ports]
    return subset


FOO, BAR = dict(name="foo"), dict(name="bar")

# TestPackSubsets (pkg/api/v1/endpoints/util_test.go). Its "empty ports" cases are left
# out: since headless Services without ports keep their addresses, RepackSubsets no
# longer drops a subset without ports.
PACK_CASES = [
    ("empty addresses", [sub(ports=[111])], []),
    ("one set, one ip, one port", [sub([a("1.2.3.4")], ports=[111])],
     [sub([a("1.2.3.4")], ports=[111])]),
    ("one set, one ip, one port (IPv6)", [sub([a("beef::1:2:3:4")], ports=[111])],
     [sub([a("beef::1:2:3:4")], ports=[111])]),
    ("one set, one notReady ip, one port", [sub(not_ready=[a("1.2.3.4")], ports=[111])],
     [sub(not_ready=[a("1.2.3.4")], ports=[111])]),
    ("one set, one ip, one UID, one port", [sub([a("1.2.3.4", "uid-1")], ports=[111])],
     [sub([a("1.2.3.4", "uid-1")], ports=[111])]),
    ("one set, two ips, one port", [sub([a("1.2.3.4"), a("5.6.7.8")], ports=[111])],
     [sub([a("1.2.3.4"), a("5.6.7.8")], ports=[111])]),
    ("one set, two mixed ips, one port",
     [sub([a("1.2.3.4")], [a("5.6.7.8")], ports=[111])],
     [sub([a("1.2.3.4")], [a("5.6.7.8")], ports=[111])]),
    ("one set, two duplicate ips, one port, notReady is covered by ready",
     [sub([a("1.2.3.4")], [a("1.2.3.4")], ports=[111])],
     [sub(not_ready=[a("1.2.3.4")], ports=[111])]),
    ("one set, one ip, two ports", [sub([a("1.2.3.4")], ports=[111, 222])],
     [sub([a("1.2.3.4")], ports=[111, 222])]),
    ("one set, dup ips, one port", [sub([a("1.2.3.4"), a("1.2.3.4")], ports=[111])],
     [sub([a("1.2.3.4")], ports=[111])]),
    ("one set, dup ips with target-refs, one port",
     [sub([a("1.2.3.4", name="foo"), a("1.2.3.4", name="bar")], ports=[111])],
     [sub([a("1.2.3.4", name="foo")], ports=[111])]),
    ("one set, dup mixed ips with target-refs, one port",
     [sub([a("1.2.3.4", name="foo")], [a("1.2.3.4", name="bar")], ports=[111])],
     [sub(not_ready=[a("1.2.3.4", name="foo")], ports=[111])]),
    ("one set, one ip, dup ports", [sub([a("1.2.3.4")], ports=[111, 111])],
     [sub([a("1.2.3.4")], ports=[111])]),
    ("two sets, dup ip, dup port",
     [sub([a("1.2.3.4")], ports=[111]), sub([a("1.2.3.4")], ports=[111])],
     [sub([a("1.2.3.4")], ports=[111])]),
    ("two sets, dup mixed ip, dup port",
     [sub([a("1.2.3.4")], ports=[111]), sub(not_ready=[a("1.2.3.4")], ports=[111])],
     [sub(not_ready=[a("1.2.3.4")], ports=[111])]),
    ("two sets, dup ip, two ports",
     [sub([a("1.2.3.4")], ports=[111]), sub([a("1.2.3.4")], ports=[222])],
     [sub([a("1.2.3.4")], ports=[111, 222])]),
    ("two sets, dup mixed ip, dup uids, two ports",
     [sub([a("1.2.3.4", "uid-1")], ports=[111]), sub(not_ready=[a("1.2.3.4", "uid-1")], ports=[222])],
     [sub([a("1.2.3.4", "uid-1")], ports=[111]), sub(not_ready=[a("1.2.3.4", "uid-1")], ports=[222])]),
    ("two sets, two ips, dup port",
     [sub([a("1.2.3.4")], ports=[111]), sub([a("5.6.7.8")], ports=[111])],
     [sub([a("1.2.3.4"), a("5.6.7.8")], ports=[111])]),
    ("two set, dup ip, two uids, dup ports",
     [sub([a("1.2.3.4", "uid-1")], ports=[111]), sub([a("1.2.3.4", "uid-2")], ports=[111])],
     [sub([a("1.2.3.4", "uid-1"), a("1.2.3.4", "uid-2")], ports=[111])]),
    ("two set, dup ip, with and without uid, dup ports",
     [sub([a("1.2.3.4")], ports=[111]), sub([a("1.2.3.4", "uid-2")], ports=[111])],
     [sub([a("1.2.3.4"), a("1.2.3.4", "uid-2")], ports=[111])]),
    ("two sets, two ips, two dup ip with uid, dup port, wrong order",
     [sub([a("5.6.7.8")], ports=[111]), sub([a("5.6.7.8", "uid-1")], ports=[111]),
      sub([a("1.2.3.4", "uid-1")], ports=[111]), sub([a("1.2.3.4")], ports=[111])],
     [sub([a("1.2.3.4"), a("1.2.3.4", "uid-1"), a("5.6.7.8"), a("5.6.7.8", "uid-1")], ports=[111])]),
    ("two sets, two mixed ips, two dup ip with uid, dup port, wrong order, ends up with split addresses",
     [sub([a("5.6.7.8")], ports=[111]), sub(not_ready=[a("5.6.7.8", "uid-1")], ports=[111]),
      sub(not_ready=[a("1.2.3.4", "uid-1")], ports=[111]), sub(not_ready=[a("1.2.3.4")], ports=[111])],
     [sub([a("5.6.7.8")], [a("1.2.3.4"), a("1.2.3.4", "uid-1"), a("5.6.7.8", "uid-1")], ports=[111])]),
    ("two sets, two ips, two ports",
     [sub([a("1.2.3.4")], ports=[111]), sub([a("5.6.7.8")], ports=[222])],
     [sub([a("1.2.3.4")], ports=[111]), sub([a("5.6.7.8")], ports=[222])]),
    ("four sets, three ips, three ports, jumbled",
     [sub([a("1.2.3.4")], ports=[111]), sub([a("1.2.3.5")], ports=[222]),
      sub([a("1.2.3.6")], ports=[111]), sub([a("1.2.3.5")], ports=[333])],
     [sub([a("1.2.3.4"), a("1.2.3.6")], ports=[111]), sub([a("1.2.3.5")], ports=[222, 333])]),
]


@pytest.mark.parametrize("name, given, expect", PACK_CASES, ids=[c[0] for c in PACK_CASES])
def test_repack_subsets(name, given, expect):
    assert repack_subsets(given) == sort_subsets(expect)


def test_repack_keeps_a_portless_headless_subset():
    """TestSyncEndpointsHeadlessWithoutPort: addresses survive without ports."""
    assert repack_subsets([{"addresses": [a("1.2.3.4")], "ports": []}]) == [{"addresses": [a("1.2.3.4")]}]


@pytest.mark.parametrize("ready, not_ready, expected_ready, expected_not_ready", [
    # TestTruncateEndpoints (endpoints_controller_test.go)
    ([], [], [], []),
    ([50, 100, 100, 100, 100], [50, 100, 100, 100, 100], [50, 100, 100, 100, 100], [50, 100, 100, 100, 100]),
    ([100] * 5, [100] * 5, [100] * 5, [100] * 5),
    ([90, 110, 50, 10, 20], [101, 200, 200, 201, 298], [90, 110, 50, 10, 20], [73, 144, 144, 145, 214]),
    ([205, 400, 402, 400, 693], [100, 200, 200, 200, 300], [98, 191, 192, 191, 328], [0] * 5),
])
def test_truncate_endpoints(ready, not_ready, expected_ready, expected_not_ready):
    subsets = [{"addresses": [{}] * r, "notReadyAddresses": [{}] * n} for r, n in zip(ready, not_ready)]
    truncated = truncate_endpoints(subsets)
    assert truncated is (sum(ready) + sum(not_ready) > 1000)
    assert [len(s.get("addresses") or []) for s in subsets] == expected_ready
    assert [len(s.get("notReadyAddresses") or []) for s in subsets] == expected_not_ready


# -- TestSyncServiceAddresses: which Pods, ready or not ----------------------------------------
def make_service(tolerate_unready):
    return {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "foo", "namespace": "ns"},
            "spec": {"selector": {"foo": "bar"}, "publishNotReadyAddresses": tolerate_unready,
                     "type": "ClusterIP", "clusterIP": "1.1.1.1",
                     "ports": [{"port": 80, "targetPort": 80, "protocol": "TCP"}],
                     "ipFamilies": ["IPv4"]}}


def make_pod(phase, ready, terminating):
    meta = {"namespace": "ns", "name": "fakepod", "labels": {"foo": "bar"}, "uid": "u1"}
    if terminating:
        meta["deletionTimestamp"] = "2026-01-01T00:00:00Z"
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta,
            "spec": {"containers": [{"ports": [{"name": "port1", "containerPort": 8080}]}]},
            "status": {"phase": phase, "podIP": "10.1.1.1", "podIPs": [{"ip": "10.1.1.1"}],
                       "conditions": [{"type": "Ready", "status": "True" if ready else "False"}]}}


def sync(service, pods):
    client = FakeClient()
    controller = EndpointController(new_sim(), client, FakeInformer([service]), FakeInformer(pods),
                                    FakeInformer())
    controller.sync_service("ns/foo")
    [endpoints] = client.list("endpoints")
    return endpoints


@pytest.mark.parametrize("phase, ready, terminating, tolerate, expected_ready, expected_unready", [
    ("Running", True, False, False, 1, 0),
    ("Running", True, True, False, 0, 0),
    ("Unknown", True, False, False, 1, 0),
    ("Unknown", True, True, False, 0, 0),
    ("Pending", True, False, False, 1, 0),
    ("Pending", True, True, False, 0, 0),
    ("Unknown", False, False, False, 0, 1),
    ("Pending", False, False, False, 0, 1),
    ("Failed", False, False, False, 0, 0),
    ("Succeeded", False, False, False, 0, 0),
    ("Running", False, False, True, 1, 0),
    ("Running", False, True, True, 1, 0),
    ("Unknown", False, False, True, 1, 0),
    ("Unknown", False, True, True, 1, 0),
    ("Pending", False, False, True, 1, 0),
    ("Pending", False, True, True, 1, 0),
    ("Failed", False, False, True, 0, 0),
    ("Succeeded", False, False, True, 0, 0),
])
def test_sync_service_addresses(phase, ready, terminating, tolerate, expected_ready, expected_unready):
    endpoints = sync(make_service(tolerate), [make_pod(phase, ready, terminating)])
    subsets = endpoints.get("subsets") or []
    assert sum(len(s.get("addresses") or []) for s in subsets) == expected_ready
    assert sum(len(s.get("notReadyAddresses") or []) for s in subsets) == expected_unready


def test_headless_service_without_ports_and_its_label():
    """TestSyncEndpointsHeadlessWithoutPort: the address without ports, and the labels
    managed-by and headless."""
    svc = make_service(False)
    svc["spec"].update(clusterIP="None", ports=None)
    endpoints = sync(svc, [make_pod("Running", True, False)])
    assert endpoints["metadata"]["labels"] == {"endpoints.kubernetes.io/managed-by": "endpoint-controller",
                                               "service.kubernetes.io/headless": ""}
    assert endpoints["subsets"] == [{"addresses": [{
        "ip": "10.1.1.1", "nodeName": "",
        "targetRef": {"kind": "Pod", "namespace": "ns", "name": "fakepod", "uid": "u1"}}]}]


def test_over_capacity_is_truncated_and_annotated():
    """1001 ready Pods: 1000 addresses and `endpoints.kubernetes.io/over-capacity: truncated`."""
    pods = []
    for i in range(1001):
        pod = make_pod("Running", True, False)
        pod["metadata"].update(name=f"pod{i}", uid=f"u{i}")
        ip = f"10.1.{i // 256}.{i % 256}"
        pod["status"].update(podIP=ip, podIPs=[{"ip": ip}])
        pods.append(pod)
    endpoints = sync(make_service(False), pods)
    assert sum(len(s.get("addresses") or []) for s in endpoints["subsets"]) == 1000
    assert endpoints["metadata"]["annotations"]["endpoints.kubernetes.io/over-capacity"] == "truncated"


# -- the controller in a cluster -----------------------------------------------------------------
WEB = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: nginx
        ports: [{name: http, containerPort: 80}]
        readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 1}
---
apiVersion: v1
kind: Service
metadata: {name: web, labels: {tier: front}}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: http}]
"""


@pytest.fixture
def web():
    c = Cluster(nodes=3, seed=0)
    c.apply(WEB)
    c.advance(30)
    return c


def table(c, command):
    """kubectl's table, without the API's deprecation warning kubectl prints first."""
    return [line for line in c.kubectl(command).splitlines() if not line.startswith("Warning:")]


def ips(c, field="addresses"):
    ep = c.get("endpoints", "web", "default")
    return sorted(x["ip"] for s in ep.get("subsets") or [] for x in s.get(field) or [])


def pod_ips(c):
    return sorted(p["status"]["podIP"] for p in c.list("pods", "default"))


def test_ready_pods_in_addresses_with_node_and_target(web):
    ep = web.get("endpoints", "web", "default")
    assert ep["metadata"]["labels"] == {"tier": "front",
                                        "endpoints.kubernetes.io/managed-by": "endpoint-controller"}
    assert "endpoints.kubernetes.io/last-change-trigger-time" in ep["metadata"]["annotations"]
    [subset] = ep["subsets"]
    assert subset["ports"] == [{"port": 80, "protocol": "TCP"}]
    assert [x["ip"] for x in subset["addresses"]] == pod_ips(web)
    pods = {p["metadata"]["name"]: p for p in web.list("pods", "default")}
    for x in subset["addresses"]:
        assert x["targetRef"]["kind"] == "Pod"
        assert x["nodeName"] == pods[x["targetRef"]["name"]]["spec"]["nodeName"]
    rows = table(web, "get endpoints web")
    assert rows[0].split() == ["NAME", "ENDPOINTS", "AGE"]
    assert rows[1].split()[1] == ",".join(f"{ip}:80" for ip in pod_ips(web))


def test_not_ready_pod_moves_to_not_ready_addresses(web):
    pod = sorted(web.list("pods", "default"), key=lambda p: p["metadata"]["name"])[0]
    web.break_container(pod["metadata"]["name"], "fail-readiness")
    web.advance(10)
    assert ips(web, "notReadyAddresses") == [pod["status"]["podIP"]]
    assert pod["status"]["podIP"] not in ips(web)


def test_publish_not_ready_addresses_puts_all_in_addresses(web):
    pod = sorted(web.list("pods", "default"), key=lambda p: p["metadata"]["name"])[0]
    web.kubectl_client.patch("services", "default", "web", {"spec": {"publishNotReadyAddresses": True}})
    web.break_container(pod["metadata"]["name"], "fail-readiness")
    web.advance(10)
    assert ips(web) == pod_ips(web)
    assert ips(web, "notReadyAddresses") == []


def test_terminating_pod_leaves_at_once(web):
    pod = sorted(web.list("pods", "default"), key=lambda p: p["metadata"]["name"])[0]
    web.kubectl(f"delete pod {pod['metadata']['name']} --wait=false")
    assert pod["status"]["podIP"] not in ips(web)


def test_pod_without_the_named_port_is_skipped():
    c = Cluster(nodes=1, seed=0)
    c.apply(WEB.replace("replicas: 3", "replicas: 1"))
    c.apply("""
apiVersion: v1
kind: Pod
metadata: {name: other, labels: {app: web}}
spec:
  containers: [{name: c, image: nginx}]
""")
    c.advance(30)
    other = c.get("pods", "other", "default")["status"]["podIP"]
    assert other not in ips(c) and len(ips(c)) == 1


def test_hostname_when_subdomain_names_the_service():
    c = Cluster(nodes=1, seed=0)
    c.apply("""
apiVersion: v1
kind: Service
metadata: {name: db}
spec: {clusterIP: None, selector: {app: db}, ports: [{port: 5432}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db-0, labels: {app: db}}
spec:
  hostname: db-0
  subdomain: db
  containers: [{name: c, image: nginx}]
""")
    c.advance(30)
    ep = c.get("endpoints", "db", "default")
    assert ep["metadata"]["labels"]["service.kubernetes.io/headless"] == ""
    assert ep["subsets"][0]["addresses"][0]["hostname"] == "db-0"
    [s] = [s for s in c.list("endpointslices", "default") if s["metadata"]["name"].startswith("db-")]
    assert s["endpoints"][0]["hostname"] == "db-0"
    assert s["metadata"]["labels"]["service.kubernetes.io/headless"] == ""


def test_external_name_and_selectorless_services_get_nothing():
    c = Cluster(nodes=1, seed=0)
    c.apply("""
apiVersion: v1
kind: Service
metadata: {name: manual}
spec: {ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: ext}
spec: {type: ExternalName, externalName: example.com}
""")
    c.advance(5)
    assert [e["metadata"]["name"] for e in c.list("endpoints", "default")] == ["kubernetes"]


def test_deleting_the_service_deletes_its_endpoints(web):
    web.kubectl("delete svc web")
    web.advance(1)
    assert [e["metadata"]["name"] for e in web.list("endpoints", "default")] == ["kubernetes"]


def test_a_deleted_endpoints_is_recreated(web):
    web.kubectl("delete endpoints web")
    web.advance(1)
    assert ips(web) == pod_ips(web)


def test_kubernetes_endpoints_from_bootstrap():
    c = Cluster(nodes=1, seed=0)
    out = table(c, "get endpoints kubernetes")
    node_ip = [x["address"] for x in c.get("nodes", "controlplane", None)["status"]["addresses"]
               if x["type"] == "InternalIP"][0]
    assert out[1].split()[:2] == ["kubernetes", f"{node_ip}:6443"]
