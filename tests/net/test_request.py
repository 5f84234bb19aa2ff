"""Cluster.request end to end: kube-proxy picks an endpoint, the pod network delivers,
the container answers (or the OS says why not)."""

from collections import Counter

import pytest

from k8s_model import Cluster
from k8s_model.api.errors import ApiError
from k8s_model.net import parse_url

KUBIA = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: kubia}
spec:
  replicas: 3
  selector: {matchLabels: {app: kubia}}
  template:
    metadata: {labels: {app: kubia}}
    spec:
      containers:
      - name: kubia
        image: luksa/kubia
        ports: [{containerPort: 8080}]
        readinessProbe: {httpGet: {path: /, port: 8080}, periodSeconds: 2}
---
apiVersion: v1
kind: Service
metadata: {name: kubia}
spec:
  type: NodePort
  selector: {app: kubia}
  ports: [{port: 80, targetPort: 8080, nodePort: 30080}]
"""


@pytest.fixture(scope="module")
def kubia():
    c = Cluster(nodes=2, seed=1)
    c.apply(KUBIA)
    c.advance(40)
    return c


def cluster_ip(c, name="kubia"):
    return c.get("services", name)["spec"]["clusterIP"]


def pods(c):
    return sorted(p["metadata"]["name"] for p in c.list("pods", "default", "app=kubia"))


def test_kubia_answers_with_its_pod_name(kubia):
    answer = kubia.request(f"http://{cluster_ip(kubia)}/", client="node-1")
    assert answer.status == 200 and answer.ok
    assert answer.body == f"You've hit {answer.pod}\n"
    assert answer.pod in pods(kubia)
    assert answer.node == kubia.get("pods", answer.pod)["spec"]["nodeName"]
    assert answer.endpoint == f"{kubia.get('pods', answer.pod)['status']['podIP']}:8080"


def test_the_hops_are_the_client_nodes_chains_then_the_pod(kubia):
    answer = kubia.request(f"http://{cluster_ip(kubia)}/", client="node-1")
    chains = [hop.what for hop in answer.hops if hop.where == "node-1"]
    assert chains[:2] == ["OUTPUT", "KUBE-SERVICES"]   # the node's own traffic enters at OUTPUT
    assert chains[2].startswith("KUBE-SVC-") and chains[-1].startswith("KUBE-SEP-")
    assert answer.hops[-1].where == f"pod/{answer.pod}"


def test_requests_spread_over_the_three_pods(kubia):
    counts = Counter(kubia.request(f"http://{cluster_ip(kubia)}/", client="node-2").pod
                     for _ in range(600))
    assert sorted(counts) == pods(kubia)
    assert all(150 <= n <= 250 for n in counts.values()), counts   # ~6 sigma of 200


def test_node_port_from_outside_the_cluster(kubia):
    answer = kubia.request("http://192.168.1.12:30080/")   # node-2's IP
    assert answer.status == 200 and answer.pod in pods(kubia)
    assert answer.hops[0] == type(answer.hops[0])("node-2", "PREROUTING")


def test_a_pod_ip_is_reachable_directly_from_any_node(kubia):
    pod = kubia.get("pods", pods(kubia)[0])
    answer = kubia.request(f"http://{pod['status']['podIP']}:8080/", client="node-1")
    assert answer.pod == pod["metadata"]["name"]


def test_a_port_nobody_listens_on_is_refused(kubia):
    pod = kubia.get("pods", pods(kubia)[0])
    answer = kubia.request(f"http://{pod['status']['podIP']}:9999/", client="node-1")
    assert (answer.status, answer.error) == (0, "Connection refused")


def test_a_service_without_endpoints_is_refused():
    c = Cluster(nodes=1)
    c.kubectl("create service clusterip empty --tcp=80:8080")
    c.advance(2)
    answer = c.request(f"http://{cluster_ip(c, 'empty')}/", client="node-1")
    assert answer.error == "Connection refused" and answer.pod is None


def test_cluster_names_do_not_resolve_on_a_node(kubia):
    answer = kubia.request("http://kubia.default.svc.cluster.local/", client="node-1")
    assert answer.error == "Could not resolve host"


def test_a_not_ready_pod_leaves_rotation():
    c = Cluster(nodes=2, seed=3)
    c.apply(KUBIA)
    c.advance(40)
    victim = pods(c)[0]
    c.break_container(victim, "fail-readiness")
    c.advance(10)   # 3 failed probes 2 s apart, then the EndpointSlice, then kube-proxy
    counts = Counter(c.request(f"http://{cluster_ip(c)}/", client="node-1").pod
                     for _ in range(200))
    assert victim not in counts and len(counts) == 2


def test_a_hung_container_accepts_but_never_answers():
    c = Cluster(nodes=1)
    c.apply(KUBIA.replace("replicas: 3", "replicas: 1"))
    c.advance(40)
    pod = c.get("pods", pods(c)[0])
    c.break_container(pod["metadata"]["name"], "hang")
    answer = c.request(f"http://{pod['status']['podIP']}:8080/", client="node-1")
    assert (answer.status, answer.error) == (0, "Operation timed out")


def test_a_pod_on_a_failed_node_is_unreachable():
    c = Cluster(nodes=2, seed=1)
    c.apply(KUBIA)
    c.advance(40)
    pod = next(p for p in c.list("pods", "default", "app=kubia")
               if p["spec"]["nodeName"] == "node-2")
    c.fail_node("node-2")
    answer = c.request(f"http://{pod['status']['podIP']}:8080/", client="node-1")
    assert answer.error == "Connection timed out"


def test_the_api_server_behind_the_kubernetes_service(kubia):
    forbidden = kubia.request("https://10.96.0.1/api", client="node-1")
    assert forbidden.status == 403 and forbidden.pod == "kube-apiserver-controlplane"
    assert 'cannot get path \\"/api\\"' in forbidden.body
    assert kubia.request("https://10.96.0.1/healthz", client="node-1").body == "ok"
    assert kubia.request("http://10.96.0.1:443/", client="node-1").status == 400


def test_a_missing_client_pod_is_not_found(kubia):
    with pytest.raises(ApiError, match='pods "nope" not found'):
        kubia.request("http://10.96.0.1/", client="nope")


def test_same_seed_same_answers():
    def run():
        c = Cluster(nodes=2, seed=7)
        c.apply(KUBIA)
        c.advance(40)
        return [c.request(f"http://{cluster_ip(c)}/", client="node-1").pod for _ in range(30)]
    assert run() == run()


@pytest.mark.parametrize("url, parts", [
    ("web", ("web", 80, "/", "http")),
    ("web:8080/x?y=1", ("web", 8080, "/x?y=1", "http")),
    ("https://10.96.0.1/api", ("10.96.0.1", 443, "/api", "https")),
])
def test_urls_as_curl_reads_them(url, parts):
    req = parse_url(url)
    assert (req.host, req.port, req.path, req.scheme) == parts


def test_an_unsupported_scheme_is_curls_error():
    with pytest.raises(ValueError, match='Protocol "ftp" not supported'):
        parse_url("ftp://web/")


def test_localhost_stays_in_the_pods_network_namespace(kubia):
    pod = pods(kubia)[0]
    answer = kubia.request("http://localhost:8080/", client=pod)
    assert answer.pod == pod and answer.address == "127.0.0.1"
    assert kubia.request("http://localhost:9999/", client=pod).error == "Connection refused"
