"""The EndpointSlice controller: the reconciler's packing (upstream reconciler_test.go),
which Pods count and how (util/controller_utils_test.go, utils_test.go), and the live
controller in a cluster."""

import copy

import pytest

from k8s_model import Cluster
from k8s_model.controllers.endpointslice.endpointslice_tracker import EndpointSliceTracker
from k8s_model.controllers.endpointslice.reconciler import Reconciler
from k8s_model.controllers.endpointslice.util import (pod_endpoints_changed,
                                                      should_pod_be_in_endpoints,
                                                      should_set_hostname)
from k8s_model.controllers.endpointslice.utils import get_slice_to_fill, pod_to_endpoint

from .endpoint_fakes import FakeClient, FakeInformer

CONTROLLER = "endpointslice-controller.k8s.io"


# -- fixtures as upstream's reconciler_test.go builds them ------------------------------------
def new_service(name="foo", namespace="test", target_port=80, **spec):
    return {"apiVersion": "v1", "kind": "Service",
            "metadata": {"name": name, "namespace": namespace, "uid": f"svc-{name}"},
            "spec": {"selector": {"foo": "bar"}, "clusterIP": "10.96.0.10", "ipFamilies": ["IPv4"],
                     "ports": [{"name": "", "port": 80, "targetPort": target_port, "protocol": "TCP"}],
                     **spec}}


def new_pod(n, namespace="test", ready=True, node="node-1"):
    """newPod: pod<n> on node-1 with IP 1.2.<n/256>.<n%256>, Ready or not."""
    ip = f"1.2.{n // 256}.{n % 256}"
    return {"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": f"pod{n}", "namespace": namespace, "uid": f"uid-pod{n}",
                         "labels": {"foo": "bar"}},
            "spec": {"nodeName": node, "containers": [{"name": "container-1"}]},
            "status": {"phase": "Running", "podIP": ip, "podIPs": [{"ip": ip}],
                       "conditions": [{"type": "Ready", "status": "True" if ready else "False"}]}}


def reconciler(client, max_per_slice=100, nodes=("node-1",)):
    informer = FakeInformer({"metadata": {"name": n}} for n in nodes)
    return Reconciler(client, informer, EndpointSliceTracker(), CONTROLLER, max_per_slice)


def new_slice(n, svc, endpoints, ports=None):
    """newEmptyEndpointSlice, filled."""
    return {"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
            "metadata": {"name": f"{svc['metadata']['name']}-{n}", "namespace": "test",
                         "uid": f"slice-{n}", "generation": 1,
                         "labels": {"kubernetes.io/service-name": svc["metadata"]["name"],
                                    "endpointslice.kubernetes.io/managed-by": CONTROLLER},
                         "ownerReferences": [{"apiVersion": "v1", "kind": "Service",
                                              "name": svc["metadata"]["name"],
                                              "uid": svc["metadata"]["uid"], "controller": True,
                                              "blockOwnerDeletion": True}]},
            "addressType": "IPv4", "endpoints": endpoints,
            "ports": ports if ports is not None else [{"name": "", "port": 80, "protocol": "TCP"}]}


def seed(client, slices):
    """createEndpointSlices: the fake clientset holds them (not counted as actions)."""
    for s in slices:
        client.objects[("endpointslices", s["metadata"]["name"])] = copy.deepcopy(s)


def lengths(client):
    return sorted((len(s.get("endpoints") or []) for s in client.list("endpointslices")), reverse=True)


# -- the reconciler ---------------------------------------------------------------------------
def test_one_pod_one_slice_with_upstream_conditions_and_labels():
    """TestReconcile1Pod: one create; the slice is owned by the Service, named
    `<svc>-…`, labelled service-name/managed-by, its endpoint carries the conditions."""
    client, svc = FakeClient(), new_service()
    reconciler(client).reconcile(svc, [new_pod(1)], [], "2026-01-01T00:00:00Z")
    assert client.actions == [("create", "endpointslices")]
    [s] = client.list("endpointslices")
    assert s["metadata"]["name"].startswith("foo-")
    assert s["metadata"]["labels"] == {"kubernetes.io/service-name": "foo",
                                       "endpointslice.kubernetes.io/managed-by": CONTROLLER}
    assert s["metadata"]["ownerReferences"] == [{"apiVersion": "v1", "kind": "Service",
                                                 "name": "foo", "uid": "svc-foo",
                                                 "controller": True, "blockOwnerDeletion": True}]
    assert s["metadata"]["annotations"] == {
        "endpoints.kubernetes.io/last-change-trigger-time": "2026-01-01T00:00:00Z"}
    assert s["endpoints"] == [{"addresses": ["1.2.0.1"],
                               "conditions": {"ready": True, "serving": True, "terminating": False},
                               "targetRef": {"kind": "Pod", "namespace": "test", "name": "pod1",
                                             "uid": "uid-pod1"},
                               "nodeName": "node-1"}]


def test_250_pods_make_three_slices_and_a_label_change_updates_all():
    """TestReconcileEndpointSlicesUpdatesSliceLabels: 250 Pods → slices of 100, 100, 50
    (3 creates); a new Service label → 3 updates; reserved labels on the Service are
    ignored (TestReconcileEndpointSlicesServicesReservedLabels)."""
    client, svc = FakeClient(), new_service()
    pods = [new_pod(i, ready=i % 3 != 0) for i in range(250)]
    r = reconciler(client)
    r.reconcile(svc, pods, [], None)
    assert client.actions == [("create", "endpointslices")] * 3
    assert lengths(client) == [100, 100, 50]
    reserved = copy.deepcopy(svc)
    reserved["metadata"]["labels"] = {"kubernetes.io/service-name": "bad",
                                      "endpointslice.kubernetes.io/managed-by": "actor",
                                      "service.kubernetes.io/headless": "invalid"}
    r.reconcile(reserved, pods, client.list("endpointslices"), None)
    assert len(client.actions) == 3
    svc["metadata"]["labels"] = {"foo": "bar"}
    r.reconcile(svc, pods, client.list("endpointslices"), None)
    assert client.actions[3:] == [("update", "endpointslices")] * 3
    assert lengths(client) == [100, 100, 50]
    assert all(s["metadata"]["labels"]["foo"] == "bar" for s in client.list("endpointslices"))


def test_recycling_repacks_ten_small_slices_into_three():
    """TestReconcileEndpointSlicesRecycling: 10 slices of 30; a no-op first, then a
    changed targetPort makes 3 updates + 7 deletes, leaving 100, 100, 100."""
    client, svc = FakeClient(), new_service()
    pods = [new_pod(i, ready=i % 3 != 0) for i in range(300)]
    slices = [new_slice(n, svc, [pod_to_endpoint(p, {}, svc, "IPv4") for p in pods[n * 30:(n + 1) * 30]])
              for n in range(10)]
    seed(client, slices)
    r = reconciler(client)
    r.reconcile(svc, pods, slices, None)
    assert client.actions == []
    r.reconcile(new_service(target_port=81), pods, slices, None)
    assert sorted(client.actions) == [("delete", "endpointslices")] * 7 + [("update", "endpointslices")] * 3
    assert lengths(client) == [100, 100, 100]


def test_update_packing_fills_the_fuller_slice():
    """TestReconcileEndpointSlicesUpdatePacking: slices of 80 and 20, every 10th Pod
    turns not ready (both slices change), 15 new Pods go to the fuller one: 95 and 20."""
    client, svc = FakeClient(), new_service()
    pods = [new_pod(i) for i in range(80)] + [new_pod(i) for i in range(100, 120)]
    slices = [new_slice(1, svc, [pod_to_endpoint(p, {}, svc, "IPv4") for p in pods[:80]]),
              new_slice(2, svc, [pod_to_endpoint(p, {}, svc, "IPv4") for p in pods[80:]])]
    seed(client, slices)
    for i, pod in enumerate(pods):
        if i % 10 == 0:
            pod["status"]["conditions"] = [{"type": "Ready", "status": "False"}]
    pods += [new_pod(i) for i in range(200, 215)]
    reconciler(client).reconcile(svc, pods, slices, None)
    assert client.actions == [("update", "endpointslices")] * 2
    assert lengths(client) == [95, 20]


def test_named_ports_resolving_differently_split_the_slices():
    """TestReconcileEndpointSlicesNamedPorts: targetPort "http" maps to 8080…8084 on
    different Pods: 5 slices of 60, one per port number."""
    client = FakeClient()
    svc = new_service(target_port="http")
    pods = []
    for i in range(300):
        pod = new_pod(i, ready=i % 3 != 0)
        pod["spec"]["containers"][0]["ports"] = [{"name": "http", "containerPort": 8080 + i % 5,
                                                  "protocol": "TCP"}]
        pods.append(pod)
    reconciler(client).reconcile(svc, pods, [], None)
    assert client.actions == [("create", "endpointslices")] * 5
    assert lengths(client) == [60] * 5
    assert sorted(s["ports"][0]["port"] for s in client.list("endpointslices")) == \
        [8080, 8081, 8082, 8083, 8084]


@pytest.mark.parametrize("max_per_slice, expected", [
    (50, [50, 50, 50, 50, 50]), (80, [80, 80, 80, 10]), (150, [150, 100]), (250, [250]),
    (500, [250])])
def test_max_endpoints_per_slice(max_per_slice, expected):
    """TestReconcileMaxEndpointsPerSlice."""
    client = FakeClient()
    pods = [new_pod(i, ready=i % 3 != 0) for i in range(250)]
    reconciler(client, max_per_slice).reconcile(new_service(), pods, [], None)
    assert lengths(client) == expected


def test_no_pods_leave_one_placeholder_slice_and_keep_it():
    """With no endpoints a Service keeps one empty slice; a second sync leaves it be."""
    client, svc = FakeClient(), new_service()
    r = reconciler(client)
    r.reconcile(svc, [], [], None)
    [placeholder] = client.list("endpointslices")
    assert not placeholder.get("endpoints") and not placeholder.get("ports")
    r.reconcile(svc, [], [placeholder], None)
    assert client.actions == [("create", "endpointslices")]


@pytest.mark.parametrize("publish_not_ready, nodes, existing, expect_error, endpoints, actions", [
    # TestReconcilerPodMissingNode
    (False, ["node-0"], False, True, 1, [("create", "endpointslices")]),
    (True, ["node-0"], False, False, 2, [("create", "endpointslices")]),
    (False, ["node-0"], True, True, 1, [("update", "endpointslices")]),
    (True, [], True, False, 2, []),
    (True, ["node-0"], True, False, 2, []),
    (False, [], True, True, 0, [("update", "endpointslices")]),   # updated, not deleted
])
def test_pod_on_a_missing_node(publish_not_ready, nodes, existing, expect_error, endpoints, actions):
    """A Pod whose Node is not (yet) known is skipped and the sync retried, unless
    publishNotReadyAddresses asks for every address."""
    from k8s_model.controllers.base import SyncError
    client = FakeClient()
    svc = new_service(publishNotReadyAddresses=publish_not_ready)
    pods = [new_pod(0, node="node-0"), new_pod(1, node="node-1")]
    slices = []
    if existing:
        slices = [new_slice(1, svc, [pod_to_endpoint(p, {}, svc, "IPv4") for p in pods])]
        seed(client, slices)
    r = reconciler(client, nodes=nodes)
    if expect_error:
        with pytest.raises(SyncError, match="Node node-1 Not Found"):
            r.reconcile(svc, pods, slices, None)
    else:
        r.reconcile(svc, pods, slices, None)
    assert client.actions == actions
    assert [len(s.get("endpoints") or []) for s in client.list("endpointslices")] == [endpoints]


@pytest.mark.parametrize("sizes, num_endpoints, max_endpoints, expected", [
    # worked by hand from getSliceToFill: the index of the slice chosen, or None
    ([], 0, 100, None),
    ([], 1, 100, None),
    ([95], 5, 100, 0),
    ([95], 6, 100, None),
    ([90, 95], 5, 100, 1),
    ([90, 95, 99], 1, 100, 2),
    ([90, 95, 99], 11, 100, None),
    ([91, 95, 99], 10, 100, None),   # 101, 105, 109: none fits
    ([85, 90, 95], 12, 100, 0),
])
def test_get_slice_to_fill(sizes, num_endpoints, max_endpoints, expected):
    """The slice closest to full after taking them all."""
    slices = [{"endpoints": [{}] * n} for n in sizes]
    chosen = get_slice_to_fill(slices, num_endpoints, max_endpoints)
    assert (None if chosen is None else slices.index(chosen)) == expected


# -- which Pods (util/controller_utils_test.go) ------------------------------------------------
def _pod(phase="Running", ip="1.2.3.4", ips=None, deleting=False, restart="Always"):
    meta = {"name": "p", "namespace": "ns"}
    if deleting:
        meta["deletionTimestamp"] = "2026-01-01T00:00:00Z"
    status = {"phase": phase, "podIP": ip}
    if ips is not None:
        status["podIPs"] = [{"ip": i} for i in ips]
    return {"metadata": meta, "spec": {"restartPolicy": restart}, "status": status}


@pytest.mark.parametrize("pod, include_terminating, expected", [
    (_pod("Failed", restart="Never"), False, False),
    (_pod("Succeeded", restart="Never"), False, False),
    (_pod("Succeeded", restart="OnFailure"), False, False),
    (_pod("Running", ip="", ips=[], restart="Never"), False, False),
    (_pod("Running", deleting=True), False, False),
    (_pod("Failed", restart="Always"), False, False),
    (_pod("Pending", restart="Never"), False, True),
    (_pod("Unknown", restart="OnFailure"), False, True),
    (_pod("Running", restart="Never"), False, True),
    (_pod("Running", ip="", ips=["1.2.3.4", "1234::5678:0000:0000:9abc:def0"]), False, True),
    (_pod("Running", deleting=True), True, True),
])
def test_should_pod_be_in_endpoints(pod, include_terminating, expected):
    """TestShouldPodBeInEndpoints."""
    assert should_pod_be_in_endpoints(pod, include_terminating) is expected


@pytest.mark.parametrize("pod_ns, hostname, subdomain, svc_ns, svc_name, expected", [
    ("ns", "foo", "svc-name", "ns", "svc-name", True),
    ("ns", "", "svc-name", "ns", "svc-name", False),
    ("ns", "hostname", "subdomain", "ns", "name", False),
    ("ns1", "hostname", "svc-name", "ns2", "svc-name", False),
])
def test_should_set_hostname(pod_ns, hostname, subdomain, svc_ns, svc_name, expected):
    """TestShouldSetHostname."""
    pod = {"metadata": {"namespace": pod_ns}, "spec": {"hostname": hostname, "subdomain": subdomain}}
    svc = {"metadata": {"namespace": svc_ns, "name": svc_name}}
    assert should_set_hostname(pod, svc) is expected


def _ips(pod, *ips):
    pod["status"]["podIP"] = ips[0]
    pod["status"]["podIPs"] = [{"ip": i} for i in ips]


@pytest.mark.parametrize("modify, pod_changed, labels_changed", [
    # Test_podChanged
    (lambda old, new: None, False, False),
    (lambda old, new: new["spec"].update(nodeName="changed"), False, False),
    (lambda old, new: new["metadata"].update(resourceVersion="changed"), False, False),
    (lambda old, new: _ips(new, "1.2.3.4"), True, False),
    (lambda old, new: (_ips(old, "1.2.3.4"), _ips(new, "2.3.4.5")), True, False),
    (lambda old, new: _ips(new, "fd00:10:96::1"), True, False),
    (lambda old, new: (_ips(old, "1.2.3.4"), _ips(new, "1.2.3.4", "fd00:10:96::1")), True, False),
    (lambda old, new: (_ips(old, "1.2.3.4", "fd00:10:96::1"), _ips(new, "1.2.3.4")), True, False),
    (lambda old, new: new["status"]["conditions"][0].update(status="True"), True, False),
    (lambda old, new: new["metadata"].update(deletionTimestamp="2026-01-01T00:00:00Z"), True, False),
    (lambda old, new: new["metadata"]["labels"].update(label="new"), False, True),
    (lambda old, new: (old["metadata"]["labels"].update(label="old"),
                       new["metadata"]["labels"].update(label="new")), False, True),
    (lambda old, new: old["metadata"]["labels"].update(label="old"), False, True),
])
def test_pod_endpoints_changed(modify, pod_changed, labels_changed):
    orig = {"metadata": {"namespace": "test", "name": "pod", "labels": {"foo": "bar"}},
            "spec": {}, "status": {"conditions": [{"type": "Ready", "status": "False"}]}}
    old, new = copy.deepcopy(orig), copy.deepcopy(orig)
    modify(old, new)
    assert pod_endpoints_changed(old, new) == (pod_changed, labels_changed)


@pytest.mark.parametrize("ready, deleting, publish, expected", [
    # podToEndpoint's rule (utils.go): serving = Ready, terminating = being deleted
    (True, False, False, {"ready": True, "serving": True, "terminating": False}),
    (False, False, False, {"ready": False, "serving": False, "terminating": False}),
    (False, False, True, {"ready": True, "serving": False, "terminating": False}),
    (True, True, False, {"ready": False, "serving": True, "terminating": True}),
    (False, True, False, {"ready": False, "serving": False, "terminating": True}),
    (True, True, True, {"ready": True, "serving": True, "terminating": True}),
])
def test_endpoint_conditions(ready, deleting, publish, expected):
    """ready is never true for a terminating Pod unless publishNotReadyAddresses."""
    pod = new_pod(1, ready=ready)
    if deleting:
        pod["metadata"]["deletionTimestamp"] = "2026-01-01T00:00:00Z"
    endpoint = pod_to_endpoint(pod, {"metadata": {"labels": {"topology.kubernetes.io/zone": "us-west-1a"}}},
                               new_service(publishNotReadyAddresses=publish), "IPv4")
    assert endpoint["conditions"] == expected
    assert endpoint["zone"] == "us-west-1a"


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
  ports: [{name: web, port: 80, targetPort: http}]
"""


def web_slices(c):
    return [s for s in c.list("endpointslices", "default")
            if (s["metadata"].get("labels") or {}).get("kubernetes.io/service-name") == "web"]


@pytest.fixture
def web():
    c = Cluster(nodes=3, seed=0)
    c.apply(WEB)
    c.advance(30)
    return c


def test_a_service_gets_one_slice_of_its_ready_pods(web):
    """generateName `web-`, the Service's labels plus the reserved ones, an owner
    reference to the Service, one ready endpoint per Pod with its node."""
    [s] = web_slices(web)
    svc = web.get("services", "web", "default")
    assert s["metadata"]["generateName"] == "web-"
    assert s["metadata"]["labels"] == {"tier": "front", "kubernetes.io/service-name": "web",
                                       "endpointslice.kubernetes.io/managed-by": CONTROLLER}
    assert s["metadata"]["ownerReferences"][0]["uid"] == svc["metadata"]["uid"]
    assert s["ports"] == [{"name": "web", "port": 80, "protocol": "TCP"}]
    pods = {p["metadata"]["name"]: p for p in web.list("pods", "default")}
    assert sorted(e["targetRef"]["name"] for e in s["endpoints"]) == sorted(pods)
    for e in s["endpoints"]:
        pod = pods[e["targetRef"]["name"]]
        assert e["addresses"] == [pod["status"]["podIP"]]
        assert e["nodeName"] == pod["spec"]["nodeName"]
        assert e["conditions"] == {"ready": True, "serving": True, "terminating": False}


def test_readiness_change_reaches_the_slice_in_the_same_instant(web):
    """Kubelet marks the Pod not Ready → the watch wakes the controller → the slice is
    written at the same virtual time (batch period 0)."""
    seen = []
    web.watch(lambda e: e.object.get("kind") in ("Pod", "EndpointSlice") and e.type == "MODIFIED"
              and seen.append((web.sim.now, e.object["kind"], e.object["metadata"]["name"])))
    name = sorted(p["metadata"]["name"] for p in web.list("pods", "default"))[0]
    web.break_container(name, "fail-readiness")
    web.advance(10)
    pod_time = [t for t, kind, n in seen if kind == "Pod" and n == name][0]
    slice_time = [t for t, kind, n in seen if kind == "EndpointSlice"][0]
    assert slice_time == pod_time
    [e] = [e for e in web_slices(web)[0]["endpoints"] if e["targetRef"]["name"] == name]
    assert e["conditions"] == {"ready": False, "serving": False, "terminating": False}
    assert "10.244" in web.kubectl("describe svc web")
    assert e["addresses"][0] not in web.kubectl("describe svc web")


def test_terminating_pod_stays_with_ready_false_then_goes(web):
    """A Pod being deleted: terminating true, ready false, serving as its readiness."""
    name = sorted(p["metadata"]["name"] for p in web.list("pods", "default"))[0]
    history = []
    web.watch(lambda e: e.object.get("kind") == "EndpointSlice"
              and history.append(copy.deepcopy(e.object.get("endpoints") or [])))
    web.kubectl(f"delete pod {name} --wait=false")
    web.advance(60)
    conditions = [e["conditions"] for eps in history for e in eps if e["targetRef"]["name"] == name]
    assert conditions[0] == {"ready": False, "serving": True, "terminating": True}
    assert name not in [e["targetRef"]["name"] for e in web_slices(web)[0]["endpoints"]]


def test_zone_comes_from_the_node_label():
    c = Cluster(nodes=1, seed=0)
    c.kubectl("label node node-1 topology.kubernetes.io/zone=zone-a")
    c.apply(WEB.replace("replicas: 3", "replicas: 1"))
    c.advance(30)
    assert [e.get("zone") for e in web_slices(c)[0]["endpoints"]] == ["zone-a"]


def test_deleting_the_service_garbage_collects_its_slices(web):
    web.kubectl("delete svc web")
    web.advance(5)
    assert web_slices(web) == []
    assert [s["metadata"]["name"] for s in web.list("endpointslices", "default")] == ["kubernetes"]


def test_selectorless_and_external_name_services_get_no_slices():
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
spec: {type: ExternalName, externalName: example.com, selector: {app: web}}
""")
    c.advance(5)
    assert [s["metadata"]["name"] for s in c.list("endpointslices", "default")] == ["kubernetes"]


def test_kubernetes_service_slice_from_bootstrap():
    """The API server's own slice: name `kubernetes`, the control-plane node's IP, 6443."""
    c = Cluster(nodes=1, seed=0)
    s = c.get("endpointslices", "kubernetes", "default")
    node_ip = [a["address"] for a in c.get("nodes", "controlplane", None)["status"]["addresses"]
               if a["type"] == "InternalIP"][0]
    assert s["endpoints"] == [{"addresses": [node_ip], "conditions": {"ready": True}}]
    assert s["ports"] == [{"name": "https", "port": 6443, "protocol": "TCP"}]
    assert s["metadata"]["labels"] == {"kubernetes.io/service-name": "kubernetes"}


def test_get_endpointslices_table(web):
    out = web.kubectl("get endpointslices")
    lines = out.splitlines()
    assert lines[0].split() == ["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"]
    [row] = [line for line in lines if line.startswith("web-")]
    assert row.split()[1:3] == ["IPv4", "80"]
