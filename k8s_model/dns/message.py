"""A DNS answer as a resolver sees it (RFC 1035 §4.1, the fields the book needs).

An answer carries an rcode — NOERROR, or NXDOMAIN for "no such name" — the answer
records, and the AA bit: CoreDNS's kubernetes plugin is authoritative for cluster.local,
so its answers have AA set; a name CoreDNS forwarded comes back without it, and
nslookup then prints "Non-authoritative answer:". NOERROR with no records is NODATA:
the name exists but has no record of that type (an AAAA query for an IPv4 Service).
"""

from __future__ import annotations

from dataclasses import dataclass, field

NOERROR, NXDOMAIN = "NOERROR", "NXDOMAIN"


@dataclass(frozen=True)
class RR:
    name: str        # owner name, fully qualified with its final dot
    type: str        # A, AAAA, CNAME, SRV, PTR, SOA
    data: str        # A: "10.96.0.10"; CNAME/PTR: a name; SRV: "0 100 53 target."
    ttl: int = 30

    def __str__(self) -> str:
        """The record in zone-file form, as dig prints it."""
        return f"{self.name}\t{self.ttl}\tIN\t{self.type}\t{self.data}"


@dataclass
class Answer:
    qname: str
    qtype: str
    rcode: str = NOERROR
    answer: list[RR] = field(default_factory=list)
    extra: list[RR] = field(default_factory=list)      # SRV targets' A records
    authoritative: bool = True

    @property
    def addresses(self) -> list[str]:
        return [rr.data for rr in self.answer if rr.type in ("A", "AAAA")]


def fqdn(name: str) -> str:
    return name if name.endswith(".") else name + "."


def reverse_name(ip: str) -> str | None:
    """10.96.0.10 → 10.0.96.10.in-addr.arpa. (None: not an IPv4 address)."""
    parts = ip.split(".")
    if len(parts) != 4 or not all(p.isdigit() and int(p) < 256 for p in parts):
        return None
    return ".".join(reversed(parts)) + ".in-addr.arpa."


def ip_of_reverse(name: str) -> str | None:
    """10.0.96.10.in-addr.arpa. → 10.96.0.10 (None if not a full IPv4 reverse name)."""
    labels = fqdn(name).lower().removesuffix(".in-addr.arpa.").split(".")
    if not fqdn(name).lower().endswith(".in-addr.arpa.") or len(labels) != 4:
        return None
    return ".".join(reversed(labels))
