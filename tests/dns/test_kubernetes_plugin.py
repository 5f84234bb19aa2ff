"""CoreDNS's kubernetes plugin, case by case from coredns plugin/kubernetes/handler_test.go
(dnsTestCases) and handler_pod_insecure_test.go (podModeInsecureCases); TTL 30 as
kubeadm's Corefile sets it, IPs moved as tests/dns/conftest.py says."""

import pytest

from .conftest import SVC1_IP, SVCEMPTY_IP

Z = "testns.svc.cluster.local."

CASES = [
    # (qname, qtype, rcode, answer records, extra records)
    ("svc1." + Z, "A", "NOERROR", [f"svc1.{Z}\t30\tIN\tA\t{SVC1_IP}"], []),
    ("svcempty." + Z, "A", "NOERROR", [f"svcempty.{Z}\t30\tIN\tA\t{SVCEMPTY_IP}"], []),
    ("svc1." + Z, "SRV", "NOERROR", [f"svc1.{Z}\t30\tIN\tSRV\t0 100 80 svc1.{Z}"],
     [f"svc1.{Z}\t30\tIN\tA\t{SVC1_IP}"]),
    ("_http._tcp.svc1." + Z, "SRV", "NOERROR",
     [f"_http._tcp.svc1.{Z}\t30\tIN\tSRV\t0 100 80 svc1.{Z}"],
     [f"svc1.{Z}\t30\tIN\tA\t{SVC1_IP}"]),
    ("hdls1." + Z, "A", "NOERROR",
     [f"hdls1.{Z}\t30\tIN\tA\t172.0.0.{i}" for i in (2, 3, 4, 5)], []),
    ("172-0-0-2.hdls1." + Z, "A", "NOERROR",
     [f"172-0-0-2.hdls1.{Z}\t30\tIN\tA\t172.0.0.2"], []),
    ("dup-name.hdls1." + Z, "A", "NOERROR",
     [f"dup-name.hdls1.{Z}\t30\tIN\tA\t172.0.0.4", f"dup-name.hdls1.{Z}\t30\tIN\tA\t172.0.0.5"],
     []),
    # Upstream has six endpoints (two IPv6): weight 16. Four here: floor(100/4) = 25, and
    # the two dup-name endpoints share one SRV record.
    ("_http._tcp.hdls1." + Z, "SRV", "NOERROR",
     [f"_http._tcp.hdls1.{Z}\t30\tIN\tSRV\t0 25 80 {h}.hdls1.{Z}"
      for h in ("172-0-0-2", "172-0-0-3", "dup-name")],
     [f"172-0-0-2.hdls1.{Z}\t30\tIN\tA\t172.0.0.2", f"172-0-0-3.hdls1.{Z}\t30\tIN\tA\t172.0.0.3",
      f"dup-name.hdls1.{Z}\t30\tIN\tA\t172.0.0.4", f"dup-name.hdls1.{Z}\t30\tIN\tA\t172.0.0.5"]),
    ("external." + Z, "CNAME", "NOERROR",
     [f"external.{Z}\t30\tIN\tCNAME\text.interwebs.test."], []),
    ("external-to-service." + Z, "A", "NOERROR",
     [f"external-to-service.{Z}\t30\tIN\tCNAME\tsvc1.{Z}", f"svc1.{Z}\t30\tIN\tA\t{SVC1_IP}"],
     []),
    ("svc1." + Z, "AAAA", "NOERROR", [], []),                  # NODATA
    ("svc0." + Z, "AAAA", "NXDOMAIN", [], []),
    ("svc0." + Z, "A", "NXDOMAIN", [], []),
    ("svc0.svc-nons.svc.cluster.local.", "A", "NXDOMAIN", [], []),   # no such namespace
    ("bogusendpoint.hdls1." + Z, "A", "NXDOMAIN", [], []),
    ("bogusendpoint.svc0." + Z, "A", "NXDOMAIN", [], []),
    ("svc.cluster.local.", "A", "NOERROR", [], []),
    ("pod.cluster.local.", "A", "NOERROR", [], []),
    ("testns.svc.cluster.local.", "A", "NOERROR", [], []),
    ("foo.cluster.local.", "NS", "NXDOMAIN", [], []),
    ("foo.svc.cluster.local.", "NS", "NXDOMAIN", [], []),
    ("svc1." + Z, "SOA", "NOERROR", [], []),
    ("endpoint.external." + Z, "CNAME", "NXDOMAIN", [], []),
    # handler_pod_insecure_test.go
    ("10-240-0-1.podns.pod.cluster.local.", "A", "NOERROR",
     ["10-240-0-1.podns.pod.cluster.local.\t30\tIN\tA\t10.240.0.1"], []),
    ("172-0-0-2.podns.pod.cluster.local.", "A", "NOERROR",
     ["172-0-0-2.podns.pod.cluster.local.\t30\tIN\tA\t172.0.0.2"], []),
    ("blah.podns.pod.cluster.local.", "A", "NXDOMAIN", [], []),
    ("blah.podns.pod.cluster.local.", "AAAA", "NXDOMAIN", [], []),
    ("blah.pod-nons.pod.cluster.local.", "A", "NXDOMAIN", [], []),
    ("podns.pod.cluster.local.", "A", "NOERROR", [], []),
]


@pytest.mark.parametrize("qname,qtype,rcode,answer,extra", CASES,
                         ids=[f"{c[1]} {c[0]}" for c in CASES])
def test_serve(handler_cluster, qname, qtype, rcode, answer, extra):
    """CoreDNS answers as its own handler tests expect."""
    got = handler_cluster.dns.serve(qname, qtype)
    assert got.rcode == rcode
    assert sorted(map(str, got.answer)) == sorted(answer)
    assert sorted(map(str, got.extra)) == sorted(extra)
    assert got.authoritative


def test_reverse_of_cluster_ip_and_endpoint(handler_cluster):
    """PTR: a ClusterIP names its Service; an endpoint IP its hostname under the Service
    (reverse.go); an unknown address falls through to the upstream: NXDOMAIN."""
    dns = handler_cluster.dns
    assert [r.data for r in dns.serve("101.0.96.10.in-addr.arpa.", "PTR").answer] == \
        ["svc1.testns.svc.cluster.local."]
    assert [r.data for r in dns.serve("4.0.0.172.in-addr.arpa.", "PTR").answer] == \
        ["dup-name.hdls1.testns.svc.cluster.local."]
    assert [r.data for r in dns.serve("10.0.96.10.in-addr.arpa.", "PTR").answer] == \
        ["kube-dns.kube-system.svc.cluster.local."]
    unknown = dns.serve("9.9.9.9.in-addr.arpa.", "PTR")
    assert unknown.rcode == "NXDOMAIN" and not unknown.authoritative


def test_names_outside_the_zone_are_forwarded(handler_cluster):
    """`forward . /etc/resolv.conf`: a non-authoritative answer from the upstream."""
    dns = handler_cluster.dns
    assert dns.serve("svc1.testns.", "A").rcode == "NXDOMAIN"
    dns.upstream.hosts["ext.interwebs.test"] = ["1.2.3.4"]
    try:
        outside = dns.serve("ext.interwebs.test.", "A")
        assert (outside.rcode, outside.addresses, outside.authoritative) == \
            ("NOERROR", ["1.2.3.4"], False)
        # An ExternalName's CNAME is followed upstream (handler_test "CNAME External").
        chained = dns.serve("external.testns.svc.cluster.local.", "A")
        assert [(r.type, r.data) for r in chained.answer] == \
            [("CNAME", "ext.interwebs.test."), ("A", "1.2.3.4")]
    finally:
        del dns.upstream.hosts["ext.interwebs.test"]


def test_loadbalance_rotates_address_records(handler_cluster):
    """loadbalance: each answer starts one record further on."""
    firsts = [handler_cluster.dns.serve("hdls1." + Z, "A").addresses[0] for _ in range(5)]
    assert sorted(firsts[:4]) == ["172.0.0.2", "172.0.0.3", "172.0.0.4", "172.0.0.5"]
    assert firsts[4] == firsts[0]
