"""Where a packet to a Service address goes: the path `Cluster.request` follows.

`route(proxies, client_node, packet)` starts on the client's node — a Pod's packet enters
nat PREROUTING, the node's own process OUTPUT — and runs that node's kube-proxy rules.
If they translate it, the answer is the endpoint (`podIP:port`) with the chains (or the
IPVS virtual server) it crossed. If nothing matches and the destination is another
node's IP (a NodePort on node-2 curled from node-1), the packet travels there and that
node's rules decide. A Service with no usable endpoint is REJECTed ("Connection refused");
Local policy with no endpoint on the node DROPs ("Connection timed out"). An address no
rule knows is delivered as addressed (verdict ACCEPT).

Randomness: only `sim.random` (iptables' statistic match). State: each node's `-m recent`
lists and IPVS round-robin positions and persistence templates, on virtual time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .kube_proxy import KubeProxy

ERRORS = {"REJECT": "Connection refused", "DROP": "Connection timed out"}


@dataclass(frozen=True)
class Packet:
    src: str                 # the client's IP: a Pod IP, or a node IP for host traffic
    dst: str                 # cluster IP, node IP (NodePort), external or LB IP, Pod IP
    port: int
    protocol: str = "TCP"


@dataclass
class Route:
    verdict: str                       # DNAT (to an endpoint), ACCEPT, REJECT, DROP
    endpoint: str | None               # `ip:port` the packet is delivered to
    node: str                          # the node whose rules decided
    hops: list[tuple[str, str]] = field(default_factory=list)   # (node, chain or VS)
    rules: list[str] = field(default_factory=list)   # matching rules, as kube-proxy wrote them
    masquerade: bool = False           # source NATed to the node's IP on the way out

    @property
    def error(self) -> str | None:
        """What the client sees when no endpoint answers."""
        return ERRORS.get(self.verdict)


def route(proxies: dict[str, "KubeProxy"], client_node: str | None, packet: Packet,
          lan: dict[str, str] | None = None) -> Route:
    """The fate of one new connection. `client_node` None means a client outside the
    cluster: the packet enters at the node that answers ARP for `packet.dst` — the node
    owning that IP, or for a load-balancer IP the node `lan` names (MetalLB's layer-2
    speaker: `cluster.metallb.lan()`) — else the first node."""
    by_ip = {proxy.node_ip: name for name, proxy in proxies.items()}
    node = client_node or (lan or {}).get(packet.dst) or by_ip.get(packet.dst) \
        or sorted(proxies)[0]
    local_origin = client_node is not None and proxies[node].node_ip == packet.src
    result = proxies[node].route_packet(packet, "OUTPUT" if local_origin else "PREROUTING")
    target = by_ip.get(packet.dst)
    if result.verdict == "ACCEPT" and target is not None and target != node:
        onward = proxies[target].route_packet(packet, "PREROUTING")
        onward.hops[:0] = result.hops
        onward.rules[:0] = result.rules
        return onward
    return result
