"""The routing lab: requests spread as kube-proxy's rules spread them (random for
iptables, in turn for IPVS rr), ClientIP affinity pins a client, a Pod that is not Ready
gets nothing once kube-proxy has synced, and the picture shows the rules."""

import html
import math
import re

import pytest

from widgets import RoutingLab
from widgets.routing_lab import CLIENT_NODE, OUTSIDE
from widgets.routing_lab.rules import ipvs_rules


def text(widget) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", widget.value))


def within_binomial(count: int, n: int, p: float, sigmas: float = 4) -> bool:
    """count is within `sigmas` standard deviations of a Binomial(n, p)'s mean."""
    return abs(count - n * p) <= sigmas * math.sqrt(n * p * (1 - p))


@pytest.fixture(scope="module")
def built():
    """One lab built once (a cluster, 3 Pods Ready); tests that change it build their own."""
    return RoutingLab(seed=0)


def test_lab_starts_three_ready_pods_in_the_rules(built):
    lab = built
    assert [p.ready for p in lab.picture().pods] == [True, True, True]
    rules = lab.rules()
    assert rules.entry.startswith("KUBE-SVC-")
    # pkg/proxy/iptables/proxier.go writes 1/(n−i) as %0.10f; the kernel keeps
    # lround(p × 2³¹), which iptables-save prints as 0.33333333349 (names.py).
    assert [t.probability for t in rules.targets] == ["0.33333333349", "0.50000000000", None]
    assert sorted(rules.endpoints()) == sorted(p.endpoint for p in lab.picture().pods)
    assert "iptables-save -t nat | grep kubia" in text(lab.rules_text)
    assert lab.graph.png.startswith(b"\x89PNG")
    assert lab._repr_mimebundle_()["image/png"]


@pytest.mark.parametrize("client", ["client", CLIENT_NODE, OUTSIDE])
def test_iptables_random_mode_spreads_evenly_from_every_client(built, client):
    lab = built
    lab.client.value = client
    counts = lab.send(1000)
    assert lab.last_errors == 0 and sum(counts.values()) == 1000
    assert len(counts) == 3
    assert all(within_binomial(c, 1000, 1 / 3) for c in counts.values()), counts
    assert "the last request, hop by hop:" in text(lab.output)
    assert lab.graph.view.path()[-1].startswith("pod/kubia-")   # the blue path ends at a Pod


def test_outside_clients_enter_through_the_nodeport_chain(built):
    lab = built
    lab.client.value = OUTSIDE
    lab.send(1)
    out = text(lab.output)
    assert re.search(r"curl -s http://192\.168\.1\.11:3\d{4}/", out)
    assert "KUBE-NODEPORTS" in out and "KUBE-EXT-" in out and "KUBE-MARK-MASQ" in out


def test_ipvs_round_robin_answers_strictly_in_turn():
    lab = RoutingLab(seed=0, proxy_mode="ipvs")
    assert lab.rules().entry.endswith(" rr")
    order = []
    for _ in range(9):
        (pod,) = lab.send(1)
        order.append(pod)
    assert len(set(order[:3])) == 3
    assert order == order[:3] * 3
    assert "ipvsadm -Ln" in text(lab.rules_text)


def test_client_ip_affinity_pins_each_client():
    lab = RoutingLab(seed=1)
    lab.affinity.value = "ClientIP"
    assert lab.service()["spec"]["sessionAffinity"] == "ClientIP"
    assert lab.rules().affinity == "recent 10800 s"     # timeoutSeconds' default
    assert "kube-proxy on node-1: affinity in its rules" in text(lab.output)
    for client in ("client", CLIENT_NODE, OUTSIDE):
        lab.client.value = client
        assert len(lab.send(100)) == 1, client
    lab.affinity.value = "None"
    assert lab.rules().affinity == ""
    assert len(lab.send(100)) == 3


def test_ipvs_affinity_makes_the_virtual_server_persistent():
    lab = RoutingLab(seed=0, proxy_mode="ipvs")
    lab.affinity.value = "ClientIP"
    assert lab.rules().affinity == "persistent 10800"
    assert len(lab.send(30)) == 1


def test_a_pod_that_is_not_ready_gets_nothing_after_kube_proxy_syncs():
    lab = RoutingLab(seed=0)
    broken = lab.pod_choice.options[0]
    report = lab.break_readiness(broken)
    times = [float(t) for t in re.findall(r"t\+\s*([\d.]+) s", report)]
    assert len(times) == 3, report
    # 3 failures at periodSeconds 2: between 4 and 6 s after the probe starts failing
    assert 4 <= times[0] <= 6.2
    # …then the EndpointSlice controller and kube-proxy (minSyncPeriod 1 s)
    assert times[0] <= times[1] <= times[2] <= times[1] + 1.1
    row = {p.name: p for p in lab.picture().pods}[broken]
    assert (row.ready, row.endpoint_ready) == (False, False)
    assert row.endpoint not in lab.rules().endpoints() and len(lab.rules().targets) == 2
    graph = lab.graph.view.graph()          # still in the slice, no rule leads to it
    assert f"endpoint/{row.endpoint}" in graph and f"target/{row.endpoint}" not in graph
    assert [t.probability for t in lab.rules().targets] == ["0.50000000000", None]
    counts = lab.send(300)
    assert counts[broken] == 0 and len(counts) == 2
    assert all(within_binomial(c, 300, 1 / 2) for c in counts.values()), counts
    assert lab.recover(broken).count("t+") == 3
    assert len(lab.rules().targets) == 3 and lab.send(300)[broken] > 0


def test_breaking_an_unknown_pod_is_refused_and_changes_nothing(built):
    before = built.cluster.now
    message = built.break_readiness("nope")
    assert 'pods "nope" not found' in message
    assert built.cluster.now == before


def test_proxy_mode_rebuilds_the_cluster_with_the_same_seed():
    lab = RoutingLab(seed=0)
    names = lab._pod_names()
    lab.proxy_mode.value = "ipvs"
    assert lab.cluster.proxy_mode == "ipvs"
    assert lab._pod_names() == names            # same seed, same manifests, same names
    assert "restart the kube-proxy Pods" in text(lab.output)
    assert lab.rules().mode == "ipvs" and len(lab.rules().targets) == 3
    assert lab.clock.cluster is lab.cluster


def test_same_seed_same_spread_same_picture():
    one, two = RoutingLab(seed=3), RoutingLab(seed=3)
    assert one.send(100) == two.send(100)
    assert one.graph.png == two.graph.png


def test_ipvs_listing_is_read_per_virtual_server():
    listing = ("IP Virtual Server version 1.2.1 (size=4096)\n"
               "Prot LocalAddress:Port Scheduler Flags\n"
               "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n"
               "TCP  10.96.0.10:53 rr\n"
               "  -> 10.244.0.2:53                Masq    1      0          0\n"
               "TCP  10.96.5.5:80 rr persistent 10800\n"
               "  -> 10.244.1.3:8080              Masq    1      0          0\n"
               "UDP  10.96.0.10:53 rr\n"
               "  -> 10.244.0.2:53                Masq    1      0          0\n")
    rules = ipvs_rules(listing, "10.96.5.5:80")
    assert rules.entry == "TCP 10.96.5.5:80 rr persistent 10800"
    assert rules.endpoints() == ["10.244.1.3:8080"] and rules.affinity == "persistent 10800"
    assert ipvs_rules(listing, "10.96.9.9:80").entry == ""


def test_via_ingress_the_controller_picks_the_pods_in_turn():
    lab = RoutingLab(seed=0)
    lab.via.value = "Ingress"
    assert "The 'ingress' addon is enabled" in text(lab.output)
    rules = lab.rules()
    assert len(rules.targets) == 1 and rules.targets[0].endpoint.endswith(":80")
    for client in ("client", CLIENT_NODE, OUTSIDE):
        lab.client.value = client
        counts = lab.send(30)
        # ingress-nginx's round_robin: ten each, whatever kubia's KUBE-SVC- would draw
        assert sorted(counts.values()) == [10, 10, 10], (client, counts)
    out = text(lab.output)
    assert "ingress-nginx on" in out and "KUBE-SVL-" in out   # Local policy from outside
    assert lab.graph.view.path()[3] == f"target/{rules.targets[0].endpoint}"
    lab.via.value = "Service"
    assert lab.rules().entry == lab.rules("kubia").entry
