"""handler_test.go's objects in a real cluster: CoreDNS answers from what the API holds.

plugin/kubernetes/handler_test.go's APIConnServeTest serves namespace `testns` with
svc1 (ClusterIP 10.0.0.1, port http 80), svcempty (no endpoints), hdls1 (headless:
172.0.0.2, 172.0.0.3 and two endpoints with hostname dup-name, 172.0.0.4 and .5),
`external` (ExternalName ext.interwebs.test) and `external-to-service` (ExternalName
svc1.testns.svc.cluster.local). Here they are created through the API server; the
ClusterIPs move into the model's service CIDR (10.0.0.1 → 10.96.0.101) and the IPv6
endpoints are left out (the model is IPv4-only)."""

import pytest

from k8s_model import Cluster

SVC1_IP, SVCEMPTY_IP = "10.96.0.101", "10.96.0.102"


def service(name, namespace="testns", **spec):
    ports = [] if spec.get("type") == "ExternalName" else [
        {"name": "http", "port": 80, "protocol": "TCP", "targetPort": 80}]
    return {"apiVersion": "v1", "kind": "Service",
            "metadata": {"name": name, "namespace": namespace},
            "spec": {"ports": ports, **spec}}


def endpoint(ip, hostname=None):
    ep = {"addresses": [ip], "conditions": {"ready": True}}
    if hostname:
        ep["hostname"] = hostname
    return ep


@pytest.fixture(scope="module")
def handler_cluster():
    c = Cluster(nodes=1, seed=0)
    api = c.kubectl_client
    for ns in ("testns", "podns"):
        api.create("namespaces", {"apiVersion": "v1", "kind": "Namespace",
                                  "metadata": {"name": ns}})
    api.create("services", service("svc1", clusterIP=SVC1_IP))
    api.create("services", service("svcempty", clusterIP=SVCEMPTY_IP))
    api.create("services", service("hdls1", clusterIP="None"))
    api.create("services", service("external", type="ExternalName",
                                   externalName="ext.interwebs.test"))
    api.create("services", service("external-to-service", type="ExternalName",
                                   externalName="svc1.testns.svc.cluster.local"))
    api.create("endpointslices", {
        "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
        "metadata": {"name": "hdls1-abcde", "namespace": "testns",
                     "labels": {"kubernetes.io/service-name": "hdls1"}},
        "addressType": "IPv4",
        "endpoints": [endpoint("172.0.0.2"), endpoint("172.0.0.3"),
                      endpoint("172.0.0.4", "dup-name"), endpoint("172.0.0.5", "dup-name")],
        "ports": [{"name": "http", "port": 80, "protocol": "TCP"}]})
    c.advance(30)     # CoreDNS's Pods start and turn ready
    return c


@pytest.fixture(scope="module")
def app_cluster():
    """A Deployment `web` behind a Service, a busybox `client` and an alpine `alpine` Pod
    in default, and a Service `db` in namespace prod."""
    c = Cluster(nodes=2, seed=0)
    c.kubectl("create deployment web --image=nginx --replicas=2")
    c.kubectl("expose deployment web --port=80")
    c.kubectl("create namespace prod")
    c.kubectl("create deployment db --image=redis -n prod")
    c.kubectl("expose deployment db --port=6379 -n prod")
    c.kubectl("run client --image=busybox -- sleep 3600")
    c.kubectl("run alpine --image=nginx:alpine")
    c.advance(30)
    return c
