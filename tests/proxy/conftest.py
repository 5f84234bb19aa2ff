"""Services and hand-made EndpointSlices (the upstream discovery.k8s.io/v1 shape).

The Services here have no selector, so no EndpointSlice controller manages their slices:
the tests write them, as upstream's proxier tests do with OnEndpointSliceAdd."""

import pytest

from k8s_model import Cluster
from k8s_model.proxy import Packet, route

NODE_IPS = {"controlplane": "192.168.1.10", "node-1": "192.168.1.11",
            "node-2": "192.168.1.12", "node-3": "192.168.1.13"}
THREE = [("10.244.1.5", "node-1"), ("10.244.2.5", "node-2"), ("10.244.3.5", "node-3")]


def make_service(c: Cluster, name="web", cluster_ip="10.96.100.10", type_="ClusterIP",
                 port_name="http", port=80, target_port=8080, node_port=None, **spec) -> dict:
    ports = {"name": port_name, "port": port, "targetPort": target_port, "protocol": "TCP"}
    if node_port:
        ports["nodePort"] = node_port
    body = {"apiVersion": "v1", "kind": "Service",
            "metadata": {"name": name, "namespace": "default"},
            "spec": {"type": type_, "clusterIP": cluster_ip, "ports": [ports], **spec}}
    svc = c.kubectl_client.create("services", body)
    c.sim.settle()
    return svc


def make_slice(c: Cluster, service="web", endpoints=THREE, port_name="http", port=8080,
               ready=None, suffix="abcde") -> dict:
    """endpoints: (ip, nodeName); `ready` maps an ip to its ready condition (default true)."""
    ready = ready or {}
    body = {"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
            "metadata": {"name": f"{service}-{suffix}", "namespace": "default",
                         "labels": {"kubernetes.io/service-name": service}},
            "addressType": "IPv4",
            "endpoints": [{"addresses": [ip], "nodeName": node,
                           "conditions": {"ready": ready.get(ip, True),
                                          "serving": ready.get(ip, True),
                                          "terminating": False}}
                          for ip, node in endpoints],
            "ports": [{"name": port_name, "port": port, "protocol": "TCP"}]}
    eps = c.kubectl_client.create("endpointslices", body)
    c.advance(1)      # kube-proxy syncs at most once per minSyncPeriod (1 s)
    return eps


def send(c: Cluster, client_node, src, dst, port, times=1):
    """Route `times` new connections; the Route of each."""
    return [route(c.kube_proxies, client_node, Packet(src, dst, port)) for _ in range(times)]


@pytest.fixture
def cluster():
    return Cluster(nodes=3, seed=0)


@pytest.fixture
def ipvs_cluster():
    return Cluster(nodes=3, seed=0, proxy_mode="ipvs")
