"""MetalLB (layer 2) gives LoadBalancer Services an address and one node to answer for it
(metallb controller/service.go, internal/allocator, speaker/layer2_controller.go)."""

import hashlib

import pytest

from k8s_model import Cluster
from k8s_model.controllers.loadbalancer import announce_order
from k8s_model.proxy import Packet, route

DEPLOYMENT = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: %d
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: nginx, image: nginx}]}
"""


def lb(name, extra_spec="", annotations=""):
    return f"""
apiVersion: v1
kind: Service
metadata:
  name: {name}
  {annotations}
spec:
  type: LoadBalancer
  selector: {{app: web}}
  ports: [{{port: 80}}]
  {extra_spec}
"""


@pytest.fixture
def cluster():
    c = Cluster(nodes=3)
    c.apply(DEPLOYMENT % 2)
    c.advance(20)
    return c


def ingress(c, name):
    return (c.get("services", name).get("status") or {}).get("loadBalancer", {}).get("ingress")


def events(c, name):
    return [(e["type"], e["reason"], e["message"], e["source"]["component"])
            for e in c.list("events", "default")
            if e["involvedObject"]["name"] == name and e["involvedObject"]["kind"] == "Service"]


def test_first_free_address_with_vip_mode_and_event(cluster):
    """The first LoadBalancer gets 192.168.1.240; the API server defaults ipMode to VIP."""
    cluster.apply(lb("web"))
    cluster.advance(1)
    assert ingress(cluster, "web") == [{"ip": "192.168.1.240", "ipMode": "VIP"}]
    assert ("Normal", "IPAllocated", 'Assigned IP ["192.168.1.240"]', "metallb-controller") \
        in events(cluster, "web")
    row = cluster.kubectl("get svc web").splitlines()[1].split()
    assert row[3] == "192.168.1.240"
    described = cluster.kubectl("describe svc web")
    assert "LoadBalancer Ingress:     192.168.1.240 (VIP)" in described
    assert "metallb.io/ip-allocated-from-pool: first-pool" in described


def test_lowest_free_address_is_reused(cluster):
    for name in ("a", "b", "c"):
        cluster.apply(lb(name))
        cluster.advance(1)
    assert [ingress(cluster, n)[0]["ip"] for n in "abc"] == \
        ["192.168.1.240", "192.168.1.241", "192.168.1.242"]
    cluster.kubectl("delete svc a")
    cluster.apply(lb("d"))
    cluster.advance(1)
    assert ingress(cluster, "d")[0]["ip"] == "192.168.1.240"


def test_requested_address_honoured_or_refused(cluster):
    cluster.apply(lb("want", "loadBalancerIP: 192.168.1.245"))
    cluster.apply(lb("ann", annotations="annotations: {metallb.io/loadBalancerIPs: 192.168.1.247}"))
    cluster.apply(lb("outside", "loadBalancerIP: 192.168.1.100"))
    cluster.advance(1)
    assert ingress(cluster, "want")[0]["ip"] == "192.168.1.245"
    assert ingress(cluster, "ann")[0]["ip"] == "192.168.1.247"
    assert ingress(cluster, "outside") is None
    assert ("Warning", "AllocationFailed",
            'Failed to allocate IP for "default/outside": ["192.168.1.100"] is not allowed in '
            "config", "metallb-controller") in events(cluster, "outside")
    assert cluster.kubectl("get svc outside").splitlines()[1].split()[3] == "<pending>"


def test_exhausted_pool_stays_pending_until_an_address_is_freed(cluster):
    """192.168.1.240-250 holds eleven addresses: the twelfth Service waits."""
    for i in range(12):
        cluster.apply(lb(f"s{i}"))
    cluster.advance(1)
    assert ingress(cluster, "s10")[0]["ip"] == "192.168.1.250"
    assert ingress(cluster, "s11") is None
    assert ("Warning", "AllocationFailed",
            'Failed to allocate IP for "default/s11": no available IPs',
            "metallb-controller") in events(cluster, "s11")
    cluster.kubectl("delete svc s3")
    cluster.advance(1)
    assert ingress(cluster, "s11")[0]["ip"] == "192.168.1.243"


def test_type_change_releases_and_class_is_not_ours(cluster):
    cluster.apply(lb("web"))
    cluster.apply(lb("other", "loadBalancerClass: example.com/other-lb"))
    cluster.advance(1)
    assert ingress(cluster, "other") is None and events(cluster, "other") == []
    svc = cluster.get("services", "web")
    svc["spec"]["type"] = "ClusterIP"
    for port in svc["spec"]["ports"]:
        port.pop("nodePort", None)
    svc["spec"].pop("externalTrafficPolicy", None)
    svc["spec"].pop("allocateLoadBalancerNodePorts", None)
    cluster.kubectl_client.update("services", svc)
    cluster.advance(1)
    after = cluster.get("services", "web")
    assert not ingress(cluster, "web")
    assert "metallb.io/ip-allocated-from-pool" not in (after["metadata"].get("annotations") or {})
    cluster.apply(lb("next"))
    cluster.advance(1)
    assert ingress(cluster, "next")[0]["ip"] == "192.168.1.240"


def test_announcing_node_is_the_smallest_hash_and_entry_point(cluster):
    """speaker/layer2_controller.go: sort by sha256(node + "#" + ip); the control plane
    (labelled exclude-from-external-load-balancers by kubeadm) never announces."""
    cluster.apply(lb("web"))
    cluster.advance(2)
    ip = "192.168.1.240"
    expected = min(["node-1", "node-2", "node-3"],
                   key=lambda n: hashlib.sha256(f"{n}#{ip}".encode()).digest())
    assert announce_order(["node-1", "node-2", "node-3"], ip)[0] == expected
    assert cluster.metallb.announcing_node(ip) == expected
    assert ("Normal", "nodeAssigned", f'announcing from node "{expected}" with protocol "layer2"',
            "metallb-speaker") in events(cluster, "web")
    path = route(cluster.kube_proxies, None, Packet("192.168.1.5", ip, 80),
                 lan=cluster.metallb.lan())
    assert path.node == expected and path.verdict == "DNAT"


def test_local_policy_announces_from_a_node_with_an_endpoint():
    c = Cluster(nodes=3)
    c.apply(DEPLOYMENT % 1)
    c.apply(lb("web", "externalTrafficPolicy: Local"))
    c.advance(20)
    pod = c.list("pods", "default")[0]
    assert c.metallb.announcing_node("192.168.1.240") == pod["spec"]["nodeName"]
    c.kubectl("scale deploy web --replicas=0")
    c.advance(40)
    assert c.metallb.announcing_node("192.168.1.240") is None   # no ready endpoint: silence


def test_external_name_shows_its_name_as_external_ip():
    c = Cluster(nodes=1)
    c.apply("apiVersion: v1\nkind: Service\nmetadata: {name: db}\n"
            "spec: {type: ExternalName, externalName: db.example.com}\n")
    assert c.kubectl("get svc db").splitlines()[1].split()[:4] == \
        ["db", "ExternalName", "<none>", "db.example.com"]


def test_a_failed_announcer_is_replaced_once_its_node_is_not_ready(cluster):
    """Another speaker takes the address over (the model notices through the node's Ready
    condition, i.e. after node-monitor-grace-period; memberlist would be faster)."""
    cluster.apply(lb("web"))
    cluster.advance(2)
    ip = "192.168.1.240"
    first = cluster.metallb.announcing_node(ip)
    cluster.fail_node(first)
    cluster.advance(60)
    second = cluster.metallb.announcing_node(ip)
    assert second not in (None, first)
    assert announce_order([n for n in ("node-1", "node-2", "node-3") if n != first], ip)[0] \
        == second
