"""Connections routed through the rules kube-proxy wrote (iptables mode): spread,
affinity, readiness, traffic policies, REJECT/DROP, node failure."""

from collections import Counter

from tests.proxy.conftest import NODE_IPS, THREE, make_service, make_slice, send

POD_ON_NODE_1 = "10.244.1.200"        # a client Pod on node-1
OUTSIDE = "203.0.113.2"               # a client outside the cluster


def test_ten_thousand_requests_spread_uniformly(cluster):
    """1/3, then 1/2 of the rest, then the last: each endpoint gets a third (±5 %)."""
    make_service(cluster)
    make_slice(cluster)
    routes = send(cluster, "node-1", POD_ON_NODE_1, "10.96.100.10", 80, times=10_000)
    counts = Counter(r.endpoint for r in routes)
    assert set(counts) == {"10.244.1.5:8080", "10.244.2.5:8080", "10.244.3.5:8080"}
    for n in counts.values():
        assert abs(n - 10_000 / 3) <= 0.05 * 10_000 / 3


def test_same_seed_same_choices():
    """The statistic match draws only from sim.random: a seed fixes every choice."""
    from k8s_model import Cluster

    runs = []
    for _ in range(2):
        c = Cluster(nodes=3, seed=7)
        make_service(c)
        make_slice(c)
        runs.append([r.endpoint for r in send(c, "node-1", POD_ON_NODE_1, "10.96.100.10", 80, 50)])
    assert runs[0] == runs[1] and len(set(runs[0])) == 3


def test_route_names_the_chains_and_rules(cluster):
    """A Pod's packet: PREROUTING → KUBE-SERVICES → KUBE-SVC- → KUBE-SEP- → DNAT; from a
    Pod (inside the cluster CIDR) it is not masqueraded."""
    make_service(cluster)
    make_slice(cluster)
    (r,) = send(cluster, "node-1", POD_ON_NODE_1, "10.96.100.10", 80)
    chains = [chain for node, chain in r.hops]
    assert chains[:3] == ["PREROUTING", "KUBE-SERVICES", "KUBE-SVC-CDGGSHYLG3RE2FKL"]
    assert chains[-1].startswith("KUBE-SEP-") and r.verdict == "DNAT" and not r.masquerade
    assert r.rules[-1].endswith(f"-j DNAT --to-destination {r.endpoint}")
    # The node itself (source 192.168.1.11, outside 10.244.0.0/16) is masqueraded.
    (host,) = send(cluster, "node-1", NODE_IPS["node-1"], "10.96.100.10", 80)
    assert host.hops[0] == ("node-1", "OUTPUT") and host.masquerade


def test_not_ready_endpoint_gets_nothing(cluster):
    """An endpoint with ready: false is left out of KUBE-SVC-: no traffic at all."""
    make_service(cluster)
    make_slice(cluster, ready={"10.244.2.5": False})
    counts = Counter(r.endpoint for r in send(cluster, "node-1", POD_ON_NODE_1,
                                                "10.96.100.10", 80, times=600))
    assert set(counts) == {"10.244.1.5:8080", "10.244.3.5:8080"}


def test_serving_terminating_endpoints_are_the_fallback(cluster):
    """With no ready endpoint anywhere, serving-and-terminating ones still get traffic."""
    make_service(cluster)
    body = cluster.kubectl_client
    make_slice(cluster, endpoints=THREE[:1], ready={"10.244.1.5": False})
    eps = body.get("endpointslices", "default", "web-abcde")
    eps["endpoints"][0]["conditions"] = {"ready": False, "serving": True, "terminating": True}
    body.update("endpointslices", eps)
    cluster.advance(1)
    assert {r.endpoint for r in send(cluster, "node-1", POD_ON_NODE_1, "10.96.100.10", 80, 20)} \
        == {"10.244.1.5:8080"}


def test_no_endpoints_is_connection_refused(cluster):
    """The filter table's REJECT: the client sees "Connection refused"."""
    make_service(cluster)
    cluster.advance(1)
    (r,) = send(cluster, "node-1", POD_ON_NODE_1, "10.96.100.10", 80)
    assert (r.verdict, r.endpoint, r.error) == ("REJECT", None, "Connection refused")
    assert '"default/web:http has no endpoints"' in r.rules[-1]


def test_client_ip_affinity_pins_each_client_until_the_timeout(cluster):
    """ClientIP: a source keeps its endpoint; after timeoutSeconds of silence it draws anew."""
    make_service(cluster, sessionAffinity="ClientIP",
                 sessionAffinityConfig={"clientIP": {"timeoutSeconds": 60}})
    make_slice(cluster)
    first = {}
    for i in range(2, 40):
        src = f"10.244.1.{i}"
        picks = {r.endpoint for r in send(cluster, "node-1", src, "10.96.100.10", 80, times=20)}
        assert len(picks) == 1
        first[src] = picks.pop()
    assert len(set(first.values())) == 3            # different clients, different pins
    cluster.advance(30)
    assert all(send(cluster, "node-1", src, "10.96.100.10", 80)[0].endpoint == ep
               for src, ep in first.items())         # still within 60 s of the last use
    cluster.advance(61)
    again = {src: send(cluster, "node-1", src, "10.96.100.10", 80)[0].endpoint for src in first}
    assert again != first                            # expired: chosen at random again


def test_affinity_default_timeout_is_10800_seconds(cluster):
    """The API server defaults timeoutSeconds to 10800 (3 h), and the rules use it."""
    make_service(cluster, sessionAffinity="ClientIP")
    make_slice(cluster)
    assert "--rcheck --seconds 10800 --reap" in cluster.kube_proxies["node-1"].iptables_save()


def test_external_traffic_policy_local_on_node_port(cluster):
    """NodePort with externalTrafficPolicy Local: an outside client reaching node-2 gets
    node-2's endpoint only, with its source kept; a node without one DROPs."""
    make_service(cluster, type_="NodePort", node_port=30080, externalTrafficPolicy="Local")
    make_slice(cluster, endpoints=THREE[:2])           # endpoints on node-1 and node-2
    routes = send(cluster, None, OUTSIDE, NODE_IPS["node-2"], 30080, times=50)
    assert {r.endpoint for r in routes} == {"10.244.2.5:8080"}
    assert not any(r.masquerade for r in routes)
    (r,) = send(cluster, None, OUTSIDE, NODE_IPS["node-3"], 30080)
    assert (r.verdict, r.error) == ("DROP", "Connection timed out")


def test_external_traffic_policy_cluster_on_node_port(cluster):
    """Cluster policy: any node's NodePort reaches every endpoint, masqueraded."""
    make_service(cluster, type_="NodePort", node_port=30080)
    make_slice(cluster)
    routes = send(cluster, None, OUTSIDE, NODE_IPS["node-3"], 30080, times=300)
    assert {r.endpoint for r in routes} == {ep + ":8080" for ep, _ in THREE}
    assert all(r.masquerade for r in routes)
    assert [c for _, c in routes[0].hops][:4] == [
        "PREROUTING", "KUBE-SERVICES", "KUBE-NODEPORTS", "KUBE-EXT-CDGGSHYLG3RE2FKL"]


def test_node_port_of_another_node_is_decided_there(cluster):
    """A Pod on node-1 curling node-3's NodePort: node-1's rules do not match (not a
    LOCAL address), the packet goes to node-3, whose Local rules pick node-3's endpoint."""
    make_service(cluster, type_="NodePort", node_port=30080, externalTrafficPolicy="Local")
    make_slice(cluster)
    routes = send(cluster, "node-1", POD_ON_NODE_1, NODE_IPS["node-3"], 30080, times=30)
    # Pod traffic to an external destination is short-circuited to the Cluster chain.
    assert {r.node for r in routes} == {"node-3"}
    assert len({r.endpoint for r in routes}) == 3


def test_internal_traffic_policy_local(cluster):
    """internalTrafficPolicy Local: the cluster IP reaches only this node's endpoints; a
    node with none DROPs (upstream: "has no local endpoints")."""
    make_service(cluster, internalTrafficPolicy="Local")
    make_slice(cluster, endpoints=THREE[:2])
    assert {r.endpoint for r in send(cluster, "node-2", "10.244.2.9", "10.96.100.10", 80, 40)} \
        == {"10.244.2.5:8080"}
    (r,) = send(cluster, "node-3", "10.244.3.9", "10.96.100.10", 80)
    assert r.verdict == "DROP" and '"default/web:http has no local endpoints"' in r.rules[-1]


def test_not_a_service_address_is_delivered_as_addressed(cluster):
    (r,) = send(cluster, "node-1", POD_ON_NODE_1, "10.244.2.7", 8080)
    assert (r.verdict, r.endpoint) == ("ACCEPT", "10.244.2.7:8080")


def test_failed_node_keeps_its_stale_rules(cluster):
    """fail_node: node-3's kube-proxy stops syncing; the others drop a removed endpoint."""
    make_service(cluster)
    make_slice(cluster)
    cluster.fail_node("node-3")
    eps = cluster.kubectl_client.get("endpointslices", "default", "web-abcde")
    eps["endpoints"] = eps["endpoints"][:1]
    cluster.kubectl_client.update("endpointslices", eps)
    cluster.advance(2)
    assert "10.244.3.5" not in cluster.kube_proxies["node-1"].iptables_save()
    assert "10.244.3.5" in cluster.kube_proxies["node-3"].iptables_save()
    cluster.recover_node("node-3")
    cluster.advance(2)
    assert "10.244.3.5" not in cluster.kube_proxies["node-3"].iptables_save()
