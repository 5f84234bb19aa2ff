"""The world outside the cluster: the nodes' upstream resolver (192.168.1.1).

CoreDNS forwards every name outside cluster.local (`forward . /etc/resolv.conf`; its
Pods use dnsPolicy Default, so that file is the node's), and a node or a Default-policy
Pod asks it directly. The model has no Internet: the upstream knows only the names put
in `hosts` (`cluster.dns.upstream.hosts["example.com"] = ["93.184.215.14"]`) and
answers NXDOMAIN for everything else — including cluster.local names, which only
CoreDNS knows. Its answers are not authoritative (a recursive resolver's cache).
"""

from __future__ import annotations

from .message import NOERROR, NXDOMAIN, RR, Answer, fqdn

UPSTREAM_TTL = 300


class Upstream:
    def __init__(self, hosts: dict[str, list[str]] | None = None) -> None:
        self.hosts: dict[str, list[str]] = dict(hosts or {})

    def serve(self, qname: str, qtype: str) -> Answer:
        addresses = self.hosts.get(fqdn(qname).lower().rstrip("."))
        if addresses is None:
            return Answer(qname, qtype, NXDOMAIN, authoritative=False)
        family = "AAAA" if qtype == "AAAA" else "A"
        records = [RR(fqdn(qname), family, ip, UPSTREAM_TTL) for ip in addresses
                   if (":" in ip) == (family == "AAAA")] if qtype in ("A", "AAAA") else []
        return Answer(qname, qtype, NOERROR, records, authoritative=False)
