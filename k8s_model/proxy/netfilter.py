"""A packet's walk through a node's iptables rules, as netfilter takes it.

Rather than re-deciding where a packet goes, the model runs the rules kube-proxy wrote:
each rule's matches are tried in order (`-d`, `--dport`, `-s`, addrtype, …) and the first
that fails skips the rule; a jump enters a chain and falls back at its end. The two
matches with state behave as in the kernel: `-m statistic --mode random` draws a 31-bit
number from `sim.random` and fires if it is below lround(p × 2³¹), and `-m recent` keeps,
per node, the last time each source IP was `--set` in a list (`--rcheck --seconds N`
fires if that was within N seconds of virtual time). MARK on KUBE-MARK-MASQ records that
the packet will be SNATed. DNAT, ACCEPT, DROP and REJECT end the walk.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from .iptables_save import parse_rule
from .names import kernel_probability


@lru_cache(maxsize=4096)
def _contains(cidr: str, address: str) -> bool:
    return ipaddress.ip_address(address) in ipaddress.ip_network(cidr, strict=False)


@dataclass
class Walk:
    """What happened to one packet on one node."""

    verdict: str | None = None          # DNAT, ACCEPT, DROP, REJECT; None: fell through
    destination: str | None = None      # after DNAT, `ip:port`
    masquerade: bool = False
    hops: list[str] = field(default_factory=list)     # chains entered, in order
    rules: list[str] = field(default_factory=list)    # rules that matched and acted


class RecentLists:
    """xt_recent's tables on one node: list name → source IP → last time seen."""

    def __init__(self) -> None:
        self.lists: dict[str, dict[str, float]] = {}

    def set(self, name: str, source: str, now: float) -> None:
        self.lists.setdefault(name, {})[source] = now

    def rcheck(self, name: str, source: str, now: float, seconds: float | None,
               reap: bool) -> bool:
        entries = self.lists.get(name, {})
        if reap and seconds is not None:
            for ip in [ip for ip, seen in entries.items() if now - seen > seconds]:
                del entries[ip]
        seen = entries.get(source)
        return seen is not None and (seconds is None or now - seen <= seconds)


class Netfilter:
    """Evaluates one table of a node's rules for a packet (src, dst, port, protocol)."""

    def __init__(self, chains: dict[str, list[tuple[str, ...]]], local_addresses: set[str],
                 random_bits: Callable[[], int], now: float, recent: RecentLists) -> None:
        self.chains, self.local = chains, local_addresses
        self.random_bits, self.now, self.recent = random_bits, now, recent

    def run(self, chain: str, src: str, dst: str, port: int, protocol: str,
            walk: Walk) -> Walk:
        self._chain(chain, (src, dst, port, protocol.lower()), walk)
        return walk

    def _chain(self, chain: str, packet, walk: Walk) -> bool:
        """Run a chain; True if a terminating target ended the walk."""
        walk.hops.append(chain)
        for tokens in self.chains.get(chain, ()):
            spec, matches, target, options = parse_rule(tokens)
            if not self._matches(spec, matches, packet):
                continue
            rule = " ".join(("-A", chain) + tokens)
            if target is None:
                continue
            if target == "RETURN":
                return False
            if target == "MARK":
                walk.masquerade = True
                continue
            if target in ("DNAT", "ACCEPT", "DROP", "REJECT"):
                walk.rules.append(rule)
                walk.verdict = target
                if target == "DNAT":
                    walk.destination = options[options.index("--to-destination") + 1]
                return True
            if target in self.chains:
                walk.rules.append(rule)
                if self._chain(target, packet, walk):
                    return True
        return False

    def _matches(self, spec, matches, packet) -> bool:
        src, dst, port, protocol = packet
        for flag, value in (("-s", src), ("-d", dst)):
            if flag in spec:
                negate, cidr = spec[flag]
                if _contains(cidr, value) == negate:
                    return False
        if "-p" in spec and spec["-p"][1] != protocol:
            return False
        for name, options in matches:
            if not self._match(name, {opt: (neg, vals) for neg, opt, vals in options}, packet):
                return False
        return True

    def _match(self, name: str, opts: dict, packet) -> bool:
        src, dst, port, protocol = packet
        if name in ("tcp", "udp", "sctp"):
            return protocol == name and ("--dport" not in opts or int(opts["--dport"][1][0]) == port)
        if name == "statistic":
            return self.random_bits() < kernel_probability(opts["--probability"][1][0])
        if name == "addrtype":
            for flag, address in (("--src-type", src), ("--dst-type", dst)):
                if flag in opts and opts[flag][1][0] == "LOCAL" and not self._is_local(address):
                    return False
            return True
        if name == "recent":
            list_name = opts["--name"][1][0]
            if "--set" in opts:
                self.recent.set(list_name, src, self.now)
                return True
            seconds = float(opts["--seconds"][1][0]) if "--seconds" in opts else None
            return self.recent.rcheck(list_name, src, self.now, seconds, "--reap" in opts)
        if name == "mark":              # a fresh packet carries no mark
            return opts["--mark"][0]
        if name == "conntrack":         # …and opens a NEW connection
            negate, states = opts["--ctstate"]
            return ("NEW" in states[0].split(",")) != negate
        return True                     # comment, nfacct

    def _is_local(self, address: str) -> bool:
        return address in self.local or ipaddress.ip_address(address).is_loopback
