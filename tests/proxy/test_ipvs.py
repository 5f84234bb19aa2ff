"""kube-proxy in IPVS mode: virtual servers, schedulers, persistence, `ipvsadm -Ln`
(pkg/proxy/ipvs/proxier.go; the format is ipvsadm's print_service_entry)."""

import pytest

from k8s_model import Cluster
from tests.proxy.conftest import NODE_IPS, THREE, make_service, make_slice, send

ROW = "  -> {:<28} {:<7} {:<6} {:<10} {:<10}"     # ipvsadm's "  -> %-28s %-7s %-6d %-10u %-10u"


def test_ipvsadm_lists_virtual_and_real_servers(ipvs_cluster):
    make_service(ipvs_cluster, type_="NodePort", node_port=30080)
    make_slice(ipvs_cluster)
    assert ipvs_cluster.kube_proxies["node-1"].ipvsadm().splitlines() == [
        "IP Virtual Server version 1.2.1 (size=4096)",
        "Prot LocalAddress:Port Scheduler Flags",
        "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn",
        "TCP  10.96.0.1:443 rr",
        ROW.format("192.168.1.10:6443", "Masq", 1, 0, 0),
        "TCP  10.96.0.10:53 rr",                   # kube-dns, one CoreDNS ready so far
        ROW.format("10.244.0.2:53", "Masq", 1, 0, 0),
        "TCP  10.96.0.10:9153 rr",
        ROW.format("10.244.0.2:9153", "Masq", 1, 0, 0),
        "TCP  10.96.100.10:80 rr",
        ROW.format("10.244.1.5:8080", "Masq", 1, 0, 0),
        ROW.format("10.244.2.5:8080", "Masq", 1, 0, 0),
        ROW.format("10.244.3.5:8080", "Masq", 1, 0, 0),
        "TCP  192.168.1.11:30080 rr",
        ROW.format("10.244.1.5:8080", "Masq", 1, 0, 0),
        ROW.format("10.244.2.5:8080", "Masq", 1, 0, 0),
        ROW.format("10.244.3.5:8080", "Masq", 1, 0, 0),
        "UDP  10.96.0.10:53 rr",
        ROW.format("10.244.0.2:53", "Masq", 1, 0, 0)]
    assert ipvs_cluster.kube_proxies["node-1"].proxier.kube_ipvs0_addresses() == [
        "10.96.0.1", "10.96.0.10", "10.96.100.10"]


def test_round_robin_strictly_in_turn(ipvs_cluster):
    """rr: each new connection to the next real server, whoever the client."""
    make_service(ipvs_cluster)
    make_slice(ipvs_cluster)
    picks = [send(ipvs_cluster, "node-1", f"10.244.1.{i}", "10.96.100.10", 80)[0].endpoint
             for i in range(2, 11)]
    assert picks == ["10.244.1.5:8080", "10.244.2.5:8080", "10.244.3.5:8080"] * 3
    # Closed connections linger as InActConn (TIME_WAIT, 120 s), as ipvsadm shows.
    assert ROW.format("10.244.2.5:8080", "Masq", 1, 0, 3) in \
        ipvs_cluster.kube_proxies["node-1"].ipvsadm().splitlines()
    ipvs_cluster.advance(121)
    assert ROW.format("10.244.2.5:8080", "Masq", 1, 0, 0) in \
        ipvs_cluster.kube_proxies["node-1"].ipvsadm().splitlines()


def test_round_robin_state_is_per_node(ipvs_cluster):
    """Each node's kernel keeps its own rr position."""
    make_service(ipvs_cluster)
    make_slice(ipvs_cluster)
    first = [send(ipvs_cluster, node, "10.244.1.9", "10.96.100.10", 80)[0].endpoint
             for node in ("node-1", "node-2", "node-3")]
    assert first == ["10.244.1.5:8080"] * 3


def test_not_ready_endpoint_is_not_a_real_server(ipvs_cluster):
    make_service(ipvs_cluster)
    make_slice(ipvs_cluster, ready={"10.244.1.5": False})
    picks = {r.endpoint for r in send(ipvs_cluster, "node-1", "10.244.1.9", "10.96.100.10", 80, 10)}
    assert picks == {"10.244.2.5:8080", "10.244.3.5:8080"}


def test_client_ip_affinity_is_a_persistent_virtual_server(ipvs_cluster):
    """sessionAffinity ClientIP → `persistent <timeoutSeconds>`: a client stays put."""
    make_service(ipvs_cluster, sessionAffinity="ClientIP",
                 sessionAffinityConfig={"clientIP": {"timeoutSeconds": 300}})
    make_slice(ipvs_cluster)
    proxy = ipvs_cluster.kube_proxies["node-1"]
    assert "TCP  10.96.100.10:80 rr persistent 300" in proxy.ipvsadm().splitlines()
    pinned = {}
    for i in range(2, 8):
        src = f"10.244.1.{i}"
        picks = {r.endpoint for r in send(ipvs_cluster, "node-1", src, "10.96.100.10", 80, 5)}
        assert len(picks) == 1
        pinned[src] = picks.pop()
    assert len(set(pinned.values())) == 3            # new clients still go round robin
    assert pinned["10.244.1.3"] == "10.244.2.5:8080"   # the second client, second server
    ipvs_cluster.advance(200)                            # within the timeout: still pinned
    assert send(ipvs_cluster, "node-1", "10.244.1.3", "10.96.100.10", 80)[0].endpoint \
        == "10.244.2.5:8080"
    ipvs_cluster.advance(301)                            # template expired: rr decides anew,
    assert send(ipvs_cluster, "node-1", "10.244.1.3", "10.96.100.10", 80)[0].endpoint \
        == "10.244.1.5:8080"                             # after six picks, the first server


def test_source_hashing_scheduler():
    """sh: the same client always lands on the same real server."""
    c = Cluster(nodes=3, seed=0, proxy_mode="ipvs", ipvs_scheduler="sh")
    make_service(c)
    make_slice(c)
    assert "TCP  10.96.100.10:80 sh" in c.kube_proxies["node-1"].ipvsadm()
    for i in range(2, 12):
        assert len({r.endpoint for r in send(c, "node-1", f"10.244.1.{i}", "10.96.100.10", 80, 6)}) == 1


def test_no_real_servers_is_connection_refused(ipvs_cluster):
    make_service(ipvs_cluster)
    ipvs_cluster.advance(1)
    (r,) = send(ipvs_cluster, "node-1", "10.244.1.9", "10.96.100.10", 80)
    assert (r.verdict, r.error) == ("REJECT", "Connection refused")
    assert r.hops == [("node-1", "TCP  10.96.100.10:80 rr")]


def test_external_traffic_policy_local_node_port(ipvs_cluster):
    """The NodePort virtual server holds only the node's own endpoints."""
    make_service(ipvs_cluster, type_="NodePort", node_port=30080, externalTrafficPolicy="Local")
    make_slice(ipvs_cluster, endpoints=THREE[:2])
    routes = send(ipvs_cluster, None, "203.0.113.2", NODE_IPS["node-2"], 30080, times=6)
    assert {r.endpoint for r in routes} == {"10.244.2.5:8080"} and not routes[0].masquerade
    (r,) = send(ipvs_cluster, None, "203.0.113.2", NODE_IPS["node-3"], 30080)
    assert r.error == "Connection refused"


def test_unknown_scheduler_is_refused():
    with pytest.raises(ValueError, match="IPVS scheduler 'fifo' is not modelled"):
        Cluster(nodes=1, proxy_mode="ipvs", ipvs_scheduler="fifo")
