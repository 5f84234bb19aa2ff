"""The libc stub resolver in a Pod: search list, ndots, and the query's real path."""

import pytest

from k8s_model.dns.resolv_conf import ResolvConf
from k8s_model.dns.resolver import candidates

POD_CONF = ResolvConf(["10.96.0.10"],
                      ["default.svc.cluster.local", "svc.cluster.local", "cluster.local"],
                      ["ndots:5"])
S = ["default.svc.cluster.local", "svc.cluster.local", "cluster.local"]


@pytest.mark.parametrize("name,libc,expected", [
    ("web", "glibc", [f"web.{s}" for s in S] + ["web"]),
    ("web.prod", "musl", [f"web.prod.{s}" for s in S] + ["web.prod"]),
    ("a.b.c.d.e.f", "glibc", ["a.b.c.d.e.f"] + [f"a.b.c.d.e.f.{s}" for s in S]),
    ("a.b.c.d.e.f", "musl", ["a.b.c.d.e.f"]),
    ("web.default.svc.cluster.local.", "glibc", ["web.default.svc.cluster.local."]),
], ids=["dotless", "one dot", "ndots reached glibc", "ndots reached musl", "final dot"])
def test_candidates(name, libc, expected):
    """res_search's order: search list first below ndots dots, as-is first at or above
    (glibc), as-is only (musl); a final dot disables the search list."""
    assert candidates(name, POD_CONF, libc) == expected


def test_short_name_resolves_on_the_first_search_domain(app_cluster):
    """`web` from a default Pod: web.default.svc.cluster.local, one A and one AAAA query,
    both DNATed by the node's kube-proxy to a CoreDNS endpoint."""
    svc_ip = app_cluster.get("services", "web")["spec"]["clusterIP"]
    r = app_cluster.dns.resolve("web", pod="client")
    assert r.ok and r.addresses == [svc_ip]
    assert r.canonical_name == "web.default.svc.cluster.local"
    assert [(q.qname, q.qtype, q.rcode) for q in r.queries] == [
        ("web.default.svc.cluster.local", "A", "NOERROR"),
        ("web.default.svc.cluster.local", "AAAA", "NODATA")]
    coredns = {p["metadata"]["name"]: p["status"]["podIP"]
               for p in app_cluster.list("pods", "kube-system", "k8s-app=kube-dns")}
    for q in r.queries:
        assert q.coredns_pod in coredns and q.endpoint == f"{coredns[q.coredns_pod]}:53"
        assert any("KUBE-SVC-" in rule and "kube-system/kube-dns:dns" in rule
                   for rule in q.rules)


def test_other_namespace_needs_its_name(app_cluster):
    """`db` is not in default; `db.prod` is found on the second search domain."""
    assert app_cluster.dns.resolve("db", pod="client").error == "Name or service not known"
    r = app_cluster.dns.resolve("db.prod", pod="client")
    assert r.ok and [(q.qname, q.rcode) for q in r.queries if q.qtype == "A"] == [
        ("db.prod.default.svc.cluster.local", "NXDOMAIN"),
        ("db.prod.svc.cluster.local", "NOERROR")]


def test_full_name_below_ndots_walks_the_search_list_first(app_cluster):
    """web.default.svc.cluster.local has 4 dots < ndots 5: three NXDOMAINs, then as-is."""
    r = app_cluster.dns.resolve("web.default.svc.cluster.local", pod="client")
    assert r.ok
    assert [q.rcode for q in r.queries if q.qtype == "A"] == ["NXDOMAIN"] * 3 + ["NOERROR"]
    fast = app_cluster.dns.resolve("web.default.svc.cluster.local.", pod="client")
    assert [q.qname for q in fast.queries] == ["web.default.svc.cluster.local."] * 2


def test_musl_stops_at_ndots(app_cluster):
    """An alpine image (musl) never adds search domains to a name with ndots dots."""
    r = app_cluster.dns.resolve("a.b.c.d.e.f", pod="alpine")
    assert [q.qname for q in r.queries] == ["a.b.c.d.e.f"] * 2
    assert r.error == "Name does not resolve"


def test_a_node_knows_no_cluster_names(app_cluster):
    """A process on the node asks the node's resolver, not CoreDNS."""
    r = app_cluster.dns.resolve("web", node="node-1")
    assert r.error == "Name or service not known"
    assert {q.server for q in r.queries} == {"192.168.1.1"}
    assert app_cluster.dns.resolve("web.default.svc.cluster.local", node="node-1").error


def test_ip_literal_needs_no_query(app_cluster):
    r = app_cluster.dns.resolve("10.96.0.1", pod="client")
    assert r.addresses == ["10.96.0.1"] and r.queries == []


def test_no_coredns_endpoint_times_out():
    """CoreDNS scaled to zero: kube-proxy REJECTs the datagram, nothing answers,
    getaddrinfo gives EAI_AGAIN."""
    from k8s_model import Cluster
    c = Cluster(nodes=1)
    c.kubectl("run client --image=busybox -- sleep 3600")
    c.advance(30)
    assert c.dns.resolve("kubernetes", pod="client").ok
    c.kubectl("scale deployment coredns -n kube-system --replicas=0")
    c.advance(35)
    r = c.dns.resolve("kubernetes", pod="client")
    assert r.error == "Temporary failure in name resolution"
    assert [q.rcode for q in r.queries] == ["TIMEOUT", "TIMEOUT"]


def test_headless_service_answers_ready_pods_only():
    """Headless: one A record per ready endpoint; a Pod failing its readiness probe is
    left out — unless the Service publishes not-ready addresses."""
    from k8s_model import Cluster
    c = Cluster(nodes=2)
    c.apply(HEADLESS)
    c.advance(40)
    pods = {p["metadata"]["name"]: p["status"]["podIP"] for p in c.list("pods", "default")
            if p["metadata"]["name"].startswith("web")}
    assert sorted(c.dns.serve("web.default.svc.cluster.local", "A").addresses) == \
        sorted(pods.values())
    c.break_container("web-1", "fail-readiness")
    c.advance(30)
    assert c.dns.serve("web.default.svc.cluster.local", "A").addresses == [pods["web-0"]]
    # StatefulSet Pods have their own names under the governing Service.
    assert c.dns.serve("web-0.web.default.svc.cluster.local", "A").addresses == [pods["web-0"]]
    assert c.dns.serve("web-1.web.default.svc.cluster.local", "A").rcode == "NXDOMAIN"
    c.kubectl_client.patch("services", "default", "web",
                           {"spec": {"publishNotReadyAddresses": True}})
    c.advance(5)
    assert sorted(c.dns.serve("web.default.svc.cluster.local", "A").addresses) == \
        sorted(pods.values())
    assert c.dns.serve("web-1.web.default.svc.cluster.local", "A").addresses == [pods["web-1"]]


def test_pod_a_record_and_reverse_lookup(app_cluster):
    """`pods insecure`: 10-244-1-2.default.pod.cluster.local is 10.244.1.2; a Service's
    endpoint IP reverses to <dashed-ip>.<svc>.<ns>.svc.cluster.local."""
    ip = next(p["status"]["podIP"] for p in app_cluster.list("pods", "default", "app=web"))
    dashed = ip.replace(".", "-")
    assert app_cluster.dns.resolve(f"{dashed}.default.pod", pod="client").addresses == [ip]
    ptr = ".".join(reversed(ip.split("."))) + ".in-addr.arpa."
    assert [r.data for r in app_cluster.dns.serve(ptr, "PTR").answer] == \
        [f"{dashed}.web.default.svc.cluster.local."]


HEADLESS = """
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  clusterIP: None
  selector:
    app: web
  ports:
  - name: http
    port: 80
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: web
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx
        readinessProbe:
          httpGet:
            path: /
            port: 80
          periodSeconds: 5
"""
