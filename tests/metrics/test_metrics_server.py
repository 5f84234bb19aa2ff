"""metrics-server in the model: CPU follows the requests a container answered (idle
baseline + cost per request, capped by the CPU limit), memory is constant per image,
and a container has metrics only once two scrapes (15 s apart) have seen it."""

import pytest

from k8s_model import Cluster
from k8s_model.api.quantity import parse_quantity
from k8s_model.api.selectors import parse
from k8s_model.examples import php_apache
from k8s_model.metrics.usage import PROFILES



@pytest.fixture
def cluster():
    return Cluster(nodes=1)


def pod_cpu_millis(cluster, selector="run=php-apache"):
    items = cluster.metrics_server.pod_metrics("default", parse(selector))
    return [parse_quantity(i["containers"][0]["usage"]["cpu"]).milli_value() for i in items]


def serve(cluster, per_second, seconds):
    """Requests straight to the Pod's container, as if kube-proxy had sent them."""
    name = cluster.list("pods", "default", "run=php-apache")[0]["metadata"]["name"]
    node = cluster.get("pods", name)["spec"]["nodeName"]
    runtime = cluster.kubelets[node].runtime
    container = next(c for c in runtime.containers.values() if c.name == "php-apache")
    for _ in range(seconds):
        for _ in range(per_second):
            runtime.serve_http(container.id, name)
        cluster.advance(1)


def test_new_pod_has_no_metrics_until_two_scrapes(cluster):
    """CPU is a counter: a rate needs two samples, so a fresh Pod is absent at first."""
    cluster.apply(php_apache())
    cluster.run_until(lambda: cluster.list("pods", "default")[0].get("status", {}).get(
        "phase") == "Running", timeout=60)
    first_seen = None
    for _ in range(8):
        cluster.advance(5)
        if pod_cpu_millis(cluster) and first_seen is None:
            first_seen = cluster.now
    node = cluster.kubelets["node-1"].runtime
    started = next(c.started_at for c in node.containers.values() if c.name == "php-apache")
    assert first_seen is not None and first_seen >= started + 15
    item = cluster.metrics_server.pod_metrics("default")[0]
    assert item["apiVersion"] == "metrics.k8s.io/v1beta1" and item["kind"] == "PodMetrics"
    assert item["window"] == "15s"


def test_idle_cpu_and_constant_memory(cluster):
    """An idle php-apache: its baseline (1m) and its image's working set (11Mi)."""
    cluster.apply(php_apache())
    cluster.advance(60)
    assert pod_cpu_millis(cluster) == [1]
    memory = cluster.metrics_server.pod_metrics("default")[0]["containers"][0]["usage"]["memory"]
    assert parse_quantity(memory).value() == PROFILES["registry.k8s.io/hpa-example"].memory_bytes


def test_cpu_follows_requests_served(cluster):
    """20 requests/s × 6.1 mCPU-s + 1m idle ≈ 123m; well under the 500m limit."""
    cluster.apply(php_apache())
    cluster.advance(60)
    serve(cluster, 20, 30)
    assert pod_cpu_millis(cluster) == [123]


def test_cpu_is_capped_by_the_limit(cluster):
    """100 requests/s would want 611m; the cgroup's quota holds it at the 500m limit."""
    cluster.apply(php_apache())
    cluster.advance(60)
    serve(cluster, 100, 30)
    assert pod_cpu_millis(cluster) == [500]


def test_node_metrics_include_the_pods(cluster):
    """A node's usage is its own daemons' plus its Pods'."""
    cluster.apply(php_apache(cpu_limit="2"))
    cluster.advance(60)
    before = {n["metadata"]["name"]: parse_quantity(n["usage"]["cpu"]).milli_value()
              for n in cluster.metrics_server.node_metrics()}
    serve(cluster, 100, 30)
    after = {n["metadata"]["name"]: parse_quantity(n["usage"]["cpu"]).milli_value()
             for n in cluster.metrics_server.node_metrics()}
    assert after["node-1"] - before["node-1"] == pytest.approx(610, abs=2)
    assert after["controlplane"] == before["controlplane"]


def test_unreachable_node_drops_out(cluster):
    """metrics-server cannot scrape a node cut off from the network."""
    cluster.advance(45)
    assert "node-1" in [n["metadata"]["name"] for n in cluster.metrics_server.node_metrics()]
    cluster.fail_node("node-1")
    cluster.advance(15)
    assert "node-1" not in [n["metadata"]["name"] for n in cluster.metrics_server.node_metrics()]
