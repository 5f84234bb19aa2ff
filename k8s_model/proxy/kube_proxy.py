"""kube-proxy on one node (cmd/kube-proxy, pkg/proxy/config, the proxiers' Sync).

kubeadm runs kube-proxy as a DaemonSet; its ConfigMap says `mode: ""`, which means
iptables on Linux (`mode: ipvs` switches). On each node it watches Services and
EndpointSlices through the API server — informers, as every component — and on any
change asks for a sync; the BoundedFrequencyRunner lets syncs happen at most once per
minSyncPeriod (1 s), so a burst of changes is written in one iptables-restore. Each sync
recomputes the whole rule set from the caches (level-triggered). A node cut off from the
API server (`Cluster.fail_node`) keeps its last rules and stops syncing until it is back.
"""

from __future__ import annotations

from datetime import datetime

from ..api.authz import service_account_user
from ..client import Client
from ..controllers.base import Informer
from ..kubelet.connection import NodeClient
from .iptables import IptablesProxier
from .iptables_save import iptables_save
from .ipvs import IpvsProxier
from .netfilter import Netfilter, RecentLists, Walk
from .routing import Packet, Route
from .serviceport import endpoints_for, service_ports, slices_by_service

MIN_SYNC_PERIOD = 1.0      # KubeProxyConfiguration iptables/ipvs.minSyncPeriod default
MODES = ("iptables", "ipvs")


class KubeProxy:
    def __init__(self, sim, server, node_name: str, node_ip: str, mode: str = "iptables",
                 cluster_cidr: str = "10.244.0.0/16", scheduler: str = "rr") -> None:
        if mode not in MODES:
            raise ValueError(f'unknown proxy mode "{mode}": want iptables or ipvs')
        self.sim, self.node_name, self.node_ip, self.mode = sim, node_name, node_ip, mode
        self.client = NodeClient.of(Client(server, f"kube-proxy/{node_name}",
                                           service_account_user("kube-system", "kube-proxy")))
        self.proxier = (IptablesProxier(node_name, node_ip, cluster_cidr) if mode == "iptables"
                        else IpvsProxier(node_name, node_ip, scheduler, cluster_cidr))
        self.recent = RecentLists()
        self.last_sync: float | None = None
        self._pending = None
        self.services = Informer(self.client, "services")
        self.endpoint_slices = Informer(self.client, "endpointslices")
        for informer in (self.services, self.endpoint_slices):
            informer.add_handler(lambda type_, obj, old: self.sync())
        self.sync()        # OnServiceSynced / OnEndpointSlicesSynced

    # -- syncing -----------------------------------------------------------------------------
    def sync(self) -> None:
        """Proxier.Sync: run syncProxyRules now, or minSyncPeriod after the last run."""
        if self._pending is not None:
            return
        when = self.sim.now if self.last_sync is None else max(self.sim.now,
                                                               self.last_sync + MIN_SYNC_PERIOD)
        self._pending = self.sim.call_at(when, self._run)

    def _run(self) -> None:
        self._pending = None
        self.sync_proxy_rules()

    def sync_proxy_rules(self) -> None:
        if not self.client.connected:
            return
        slices = slices_by_service(self.endpoint_slices.list())
        endpoints_map = {}
        for service in self.services.list():
            key = (service["metadata"]["namespace"], service["metadata"]["name"])
            for svc in service_ports(service):
                endpoints_map[svc] = endpoints_for(svc, slices.get(key, []), self.node_name)
        self.proxier.sync_proxy_rules(endpoints_map)
        self.last_sync = self.sim.now

    def disconnect(self) -> None:
        """The node lost the API server: no more syncs; the rules stay as they were."""
        self.client.connected = False

    def reconnect(self) -> None:
        self.client.connected = True
        self.sync()

    # -- what an administrator sees on the node -----------------------------------------------
    def iptables_save(self, table: str = "nat") -> str:
        """`iptables-save -t <table>` on this node (iptables mode)."""
        if self.mode != "iptables":
            raise ValueError("kube-proxy on this node runs in ipvs mode: try ipvsadm()")
        moment: datetime = self.sim.datetime()
        return iptables_save(self.proxier.kernel_tables(), table, moment)

    def ipvsadm(self) -> str:
        """`ipvsadm -Ln` on this node (ipvs mode)."""
        if self.mode != "ipvs":
            raise ValueError("kube-proxy on this node runs in iptables mode: try iptables_save()")
        return self.proxier.ipvsadm(self.sim.now)

    # -- a packet on this node -----------------------------------------------------------------
    def route_packet(self, packet: Packet, entry: str) -> Route:
        """This node's rules applied to a new connection entering at `entry`
        (PREROUTING for a Pod's or another host's packet, OUTPUT for the node's own)."""
        if self.mode == "ipvs":
            return self._route_ipvs(packet)
        tables = self.proxier.kernel_tables()
        local = {self.node_ip}
        draw = lambda: self.sim.random.getrandbits(31)  # noqa: E731
        walk = Netfilter(tables["nat"], local, draw, self.sim.now, self.recent).run(
            entry, packet.src, packet.dst, packet.port, packet.protocol, Walk())
        if walk.verdict != "DNAT":
            # No translation: the filter table has the last word (REJECT / DROP rules).
            chain = "OUTPUT" if entry == "OUTPUT" else (
                "INPUT" if packet.dst == self.node_ip else "FORWARD")
            Netfilter(tables["filter"], local, draw, self.sim.now, self.recent).run(
                chain, packet.src, packet.dst, packet.port, packet.protocol, walk)
        verdict = walk.verdict if walk.verdict in ("DNAT", "REJECT", "DROP") else "ACCEPT"
        endpoint = walk.destination if verdict == "DNAT" else (
            f"{packet.dst}:{packet.port}" if verdict == "ACCEPT" else None)
        return Route(verdict, endpoint, self.node_name,
                     [(self.node_name, chain) for chain in walk.hops], walk.rules,
                     walk.masquerade and verdict == "DNAT")

    def _route_ipvs(self, packet: Packet) -> Route:
        found = self.proxier.route(packet.src, packet.dst, packet.port, packet.protocol.upper(),
                                   self.sim.now)
        if found is None:
            return Route("ACCEPT", f"{packet.dst}:{packet.port}", self.node_name)
        vs, chosen, masquerade = found
        hops = [(self.node_name, vs.title())]
        if chosen is None:
            return Route("REJECT", None, self.node_name, hops)
        hops.append((self.node_name, f"-> {chosen.address}"))
        return Route("DNAT", chosen.address, self.node_name, hops, [], masquerade)
