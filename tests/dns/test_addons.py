"""kubeadm's add-ons (cmd/kubeadm/app/phases/addons): CoreDNS and kube-proxy as API
objects, their Pods placed as on a fresh kubeadm cluster."""

from k8s_model import Cluster
from k8s_model.addons import coredns, kube_proxy


def test_coredns_objects_as_kubeadm_creates_them(cluster):
    corefile = cluster.get("configmaps", "coredns", "kube-system")["data"]["Corefile"]
    assert corefile == coredns.COREFILE
    assert "kubernetes cluster.local in-addr.arpa ip6.arpa {\n       pods insecure\n" in corefile
    svc = cluster.get("services", "kube-dns", "kube-system")
    assert svc["spec"]["clusterIP"] == "10.96.0.10"
    assert [(p["name"], p["port"], p["protocol"]) for p in svc["spec"]["ports"]] == \
        [("dns", 53, "UDP"), ("dns-tcp", 53, "TCP"), ("metrics", 9153, "TCP")]
    assert svc["metadata"]["labels"]["kubernetes.io/name"] == "CoreDNS"
    deploy = cluster.get("deployments", "coredns", "kube-system")
    pod_spec = deploy["spec"]["template"]["spec"]
    assert deploy["spec"]["replicas"] == 2 and pod_spec["dnsPolicy"] == "Default"
    assert pod_spec["containers"][0]["image"] == "registry.k8s.io/coredns/coredns:v1.13.1"
    assert pod_spec["priorityClassName"] == "system-cluster-critical"


def test_coredns_pods_land_on_the_control_plane(cluster):
    """Created before any worker joins, CoreDNS's Pods can only go to controlplane
    (they tolerate its NoSchedule taint); they run and turn ready."""
    cluster.advance(30)
    pods = cluster.list("pods", "kube-system", "k8s-app=kube-dns")
    assert [p["spec"]["nodeName"] for p in pods] == ["controlplane", "controlplane"]
    assert all(c["ready"] for p in pods for c in p["status"]["containerStatuses"])


def test_kube_proxy_runs_on_every_node_on_the_host_network(cluster):
    cluster.advance(30)
    pods = cluster.list("pods", "kube-system", "k8s-app=kube-proxy")
    nodes = {n["metadata"]["name"]: n["status"]["addresses"][0]["address"]
             for n in cluster.list("nodes")}
    assert sorted(p["spec"]["nodeName"] for p in pods) == sorted(nodes)
    for pod in pods:
        assert pod["status"]["podIP"] == nodes[pod["spec"]["nodeName"]]
        assert pod["status"]["phase"] == "Running"
    config = cluster.get("configmaps", "kube-proxy", "kube-system")["data"]["config.conf"]
    assert 'mode: ""' in config and "clusterCIDR: 10.244.0.0/16" in config


def test_a_joining_node_gets_its_kube_proxy(cluster):
    cluster.add_node("node-4")
    cluster.advance(30)
    assert any(p["spec"]["nodeName"] == "node-4"
               for p in cluster.list("pods", "kube-system", "k8s-app=kube-proxy"))


def test_ipvs_mode_is_in_the_config_map():
    c = Cluster(nodes=1, proxy_mode="ipvs", ipvs_scheduler="lc")
    config = c.get("configmaps", "kube-proxy", "kube-system")["data"]["config.conf"]
    assert "mode: ipvs" in config and "scheduler: lc" in config
    assert kube_proxy.config_conf("ipvs").count('scheduler: ""') == 1


def test_without_a_control_plane_node_coredns_goes_to_workers():
    c = Cluster(nodes=2, control_plane_node=False)
    c.advance(30)
    assert sorted(p["spec"]["nodeName"] for p in
                  c.list("pods", "kube-system", "k8s-app=kube-dns")) == ["node-1", "node-2"]


def test_no_addons_without_kubelets():
    """Benchmarks' fake nodes run nothing: no add-ons to distort what they measure."""
    c = Cluster(nodes=2, kubelets=False)
    assert c.list("deployments", "kube-system") == []
    assert c.list("daemonsets", "kube-system") == []
