"""kube-proxy's IPVS mode (pkg/proxy/ipvs/proxier.go): one kernel virtual server per
Service address, its endpoints as real servers.

Every cluster IP (and external and load-balancer IP) is bound to the dummy interface
kube-ipvs0 on every node, and an IPVS virtual server `TCP 10.96.0.10:80 rr` is created
for it, plus one per node IP for a NodePort. Each ready endpoint is a real server with
weight 1, forwarded by masquerading (`Masq`). IPVS picks a real server per connection
with the configured scheduler — `rr` (round robin, kube-proxy's default), `wrr`, `lc`,
`wlc`, `sh` (source hashing), `dh`. ClientIP affinity makes the virtual server
`persistent <timeoutSeconds>`: a client's connections go to the same real server while
its persistence template lives. A virtual server without real servers answers with ICMP
port unreachable: "connection refused". Local traffic policies give the virtual server
only this node's endpoints. The iptables and ipset rules IPVS mode also installs
(KUBE-CLUSTER-IP, KUBE-NODE-PORT-TCP, …) are summarised, not modelled rule by rule.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from .serviceport import Endpoint, ServicePort
from .topology import categorize_endpoints

SCHEDULERS = ("rr", "wrr", "lc", "wlc", "sh", "dh")
PROTOCOL_NUMBERS = {"TCP": 6, "UDP": 17, "SCTP": 132}
INACTIVE_SECONDS = {"TCP": 120, "UDP": 300, "SCTP": 120}   # TIME_WAIT / udp timeouts
SH_TAB_BITS = 8                                            # IP_VS_SH_TAB_BITS


@dataclass
class RealServer:
    ip: str
    port: int
    weight: int = 1
    inactive: list[float] = field(default_factory=list)   # when each closed conn expires

    @property
    def address(self) -> str:
        return f"{self.ip}:{self.port}"

    def inact_conn(self, now: float) -> int:
        self.inactive = [t for t in self.inactive if t > now]
        return len(self.inactive)


@dataclass
class VirtualServer:
    protocol: str
    ip: str
    port: int
    scheduler: str
    service: str                    # ns/name:port, for the hops
    persistent: int = 0             # seconds; 0 = not persistent
    real_servers: list[RealServer] = field(default_factory=list)
    last: str | None = None         # rr: the real server chosen last
    templates: dict[str, tuple[str, float]] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.protocol, self.ip, self.port)

    def title(self) -> str:
        line = f"{self.protocol}  {self.ip}:{self.port} {self.scheduler}"
        return line + (f" persistent {self.persistent}" if self.persistent else "")

    def schedule(self, client: str, now: float) -> RealServer | None:
        """Pick the real server for a new connection from `client`."""
        servers = {rs.address: rs for rs in self.real_servers}
        if self.persistent:
            held = self.templates.get(client)
            if held and held[1] > now and held[0] in servers:
                self.templates[client] = (held[0], now + self.persistent)
                return servers[held[0]]
        chosen = self._pick(client, now)
        if chosen is not None and self.persistent:
            self.templates[client] = (chosen.address, now + self.persistent)
        return chosen

    def _pick(self, client: str, now: float) -> RealServer | None:
        servers = self.real_servers
        if not servers:
            return None
        if self.scheduler in ("rr", "wrr"):      # equal weights: wrr is rr
            keys = [rs.address for rs in servers]
            start = keys.index(self.last) + 1 if self.last in keys else 0
            chosen = servers[start % len(servers)]
            self.last = chosen.address
            return chosen
        if self.scheduler in ("lc", "wlc"):      # least overhead: active×256 + inactive
            return min(servers, key=lambda rs: rs.inact_conn(now))
        address = client if self.scheduler == "sh" else self.ip
        value = int(ipaddress.ip_address(address))
        bucket = ((value * 0x61C88647) & 0xFFFFFFFF) >> (32 - SH_TAB_BITS)  # hash_32
        return servers[bucket % len(servers)]


class IpvsProxier:
    def __init__(self, node_name: str, node_ip: str, scheduler: str = "rr",
                 cluster_cidr: str = "10.244.0.0/16") -> None:
        if scheduler not in SCHEDULERS:
            raise ValueError(f"IPVS scheduler {scheduler!r} is not modelled: use one of "
                             f"{', '.join(SCHEDULERS)}")
        self.node_name, self.node_ip, self.scheduler = node_name, node_ip, scheduler
        self.cluster_cidr = ipaddress.ip_network(cluster_cidr)
        self.virtual_servers: dict[tuple[str, str, int], VirtualServer] = {}
        # NodePort / load-balancer / external-IP virtual servers → externalTrafficPolicy Local?
        self.external: dict[tuple[str, str, int], bool] = {}

    def sync_proxy_rules(self, endpoints_map: dict[ServicePort, list[Endpoint]]) -> None:
        """syncService + syncEndpoint for every address of every service port; existing
        virtual and real servers keep their state (rr position, connections)."""
        old, self.virtual_servers, self.external = self.virtual_servers, {}, {}
        for svc in sorted(endpoints_map, key=lambda s: (s.name_string, s.protocol)):
            cluster, local, _, _ = categorize_endpoints(endpoints_map[svc], svc)
            internal = local if svc.internal_policy_local else cluster
            external = local if svc.external_policy_local else cluster
            self._add(old, svc, svc.cluster_ip, svc.port, internal)
            for ip in (*svc.external_ips, *svc.load_balancer_vips):
                self._add(old, svc, ip, svc.port, external, is_external=True)
            if svc.node_port:
                self._add(old, svc, self.node_ip, svc.node_port, external, is_external=True)

    def _add(self, old, svc: ServicePort, ip: str, port: int, endpoints: list[Endpoint],
             is_external: bool = False) -> None:
        key = (svc.protocol, ip, port)
        vs = old.get(key) or VirtualServer(svc.protocol, ip, port, self.scheduler, svc.name_string)
        vs.persistent = svc.sticky_max_age_seconds if svc.session_affinity_client_ip else 0
        existing = {rs.address: rs for rs in vs.real_servers}
        vs.real_servers = [existing.get(str(ep)) or RealServer(ep.ip, ep.port) for ep in endpoints]
        self.virtual_servers[key] = vs
        if is_external:
            self.external[key] = svc.external_policy_local

    def kube_ipvs0_addresses(self) -> list[str]:
        """The Service IPs bound to kube-ipvs0 (all but the node's own IP)."""
        ips = {vs.ip for vs in self.virtual_servers.values() if vs.ip != self.node_ip}
        return sorted(ips, key=ipaddress.ip_address)

    def ipvsadm(self, now: float) -> str:
        """`ipvsadm -Ln`: virtual servers sorted by protocol, address, port; real servers
        by address, in ipvsadm's columns."""
        lines = ["IP Virtual Server version 1.2.1 (size=4096)",
                 "Prot LocalAddress:Port Scheduler Flags",
                 "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn"]
        def order(vs: VirtualServer):            # ipvs_cmp_services
            return PROTOCOL_NUMBERS[vs.protocol], ipaddress.ip_address(vs.ip), vs.port

        for vs in sorted(self.virtual_servers.values(), key=order):
            lines.append(vs.title())
            for rs in sorted(vs.real_servers, key=lambda r: (ipaddress.ip_address(r.ip), r.port)):
                lines.append(f"  -> {rs.address:<28} {'Masq':<7} {rs.weight:<6} {0:<10} "
                             f"{rs.inact_conn(now):<10}")
        return "\n".join(lines) + "\n"

    def route(self, src: str, dst: str, port: int, protocol: str, now: float):
        """The virtual server a packet hits on this node, and the real server IPVS picks.
        Returns None if no virtual server matches (not a Service address here)."""
        vs = self.virtual_servers.get((protocol, dst, port))
        if vs is None:
            return None
        chosen = vs.schedule(src, now)
        if chosen is not None:
            chosen.inactive.append(now + INACTIVE_SECONDS[protocol])
        # IPVS mode's iptables: KUBE-MARK-MASQ for off-cluster sources to a cluster IP,
        # and for NodePort/external traffic unless its policy is Local.
        from_pod = ipaddress.ip_address(src) in self.cluster_cidr
        masquerade = not from_pod if vs.key not in self.external else not self.external[vs.key]
        return vs, chosen, masquerade
