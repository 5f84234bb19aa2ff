"""What kube-proxy keeps of Services and EndpointSlices (pkg/proxy/serviceport.go,
servicechangetracker.go, endpoint.go, endpointslicecache.go).

kube-proxy never works on the API objects themselves. Each port of each Service becomes a
`ServicePort` (cluster IP, port, NodePort, external and load-balancer IPs, affinity,
traffic policies), and the EndpointSlices labelled `kubernetes.io/service-name` become,
per service port, a list of `Endpoint`s (`ip:port`, local or not, ready / serving /
terminating). Upstream accumulates changes in two trackers between syncs; the model
recomputes both from the informer caches at each sync, which gives the same maps.
Services without a cluster IP (headless, ExternalName) are skipped, as ShouldSkipService does.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from .names import EXT, FW, SVC, SVL, endpoint_chain, service_chain, service_port_name

SERVICE_NAME_LABEL = "kubernetes.io/service-name"   # discovery.LabelServiceName


@dataclass(frozen=True)
class ServicePort:
    namespace: str
    name: str
    port_name: str
    protocol: str                     # "TCP", "UDP" or "SCTP"
    cluster_ip: str
    port: int
    node_port: int = 0
    external_ips: tuple = ()
    load_balancer_vips: tuple = ()
    load_balancer_source_ranges: tuple = ()
    health_check_node_port: int = 0
    session_affinity_client_ip: bool = False
    sticky_max_age_seconds: int = 10800
    external_policy_local: bool = False
    internal_policy_local: bool = False

    @property
    def name_string(self) -> str:
        return service_port_name(self.namespace, self.name, self.port_name)

    @property
    def proto(self) -> str:
        """The protocol as iptables spells it: `tcp`."""
        return self.protocol.lower()

    def chain(self, prefix: str) -> str:
        return service_chain(prefix, self.name_string, self.protocol)

    @property
    def cluster_policy_chain(self) -> str:
        return self.chain(SVC)

    @property
    def local_policy_chain(self) -> str:
        return self.chain(SVL)

    @property
    def external_chain(self) -> str:
        return self.chain(EXT)

    @property
    def firewall_chain(self) -> str:
        return self.chain(FW)

    def externally_accessible(self) -> bool:
        return bool(self.node_port or self.external_ips or self.load_balancer_vips)

    def uses_cluster_endpoints(self) -> bool:
        """Cluster endpoints are needed unless internal policy is Local and nothing external
        reaches the port (even external Local policy short-circuits pod traffic to them)."""
        return not self.internal_policy_local or self.externally_accessible()

    def uses_local_endpoints(self) -> bool:
        return self.internal_policy_local or (self.external_policy_local
                                              and self.externally_accessible())


@dataclass(frozen=True)
class Endpoint:
    ip: str
    port: int
    is_local: bool = False
    ready: bool = True
    serving: bool = True
    terminating: bool = False
    node_name: str | None = None

    def __str__(self) -> str:
        return f"{self.ip}:{self.port}"

    def chain(self, svc: ServicePort) -> str:
        return endpoint_chain(svc.name_string, svc.protocol, str(self))


def service_ports(service: dict) -> list[ServicePort]:
    """newBaseServiceInfo for each port of a Service; [] for one kube-proxy skips."""
    spec, status = service.get("spec") or {}, service.get("status") or {}
    cluster_ip = spec.get("clusterIP")
    if not cluster_ip or cluster_ip == "None" or spec.get("type") == "ExternalName":
        return []
    meta = service["metadata"]
    external = spec.get("type") in ("NodePort", "LoadBalancer") or bool(spec.get("externalIPs"))
    # Load-balancer IPs in ipMode Proxy are handled by the load balancer, not the node.
    vips = tuple(i["ip"] for i in (status.get("loadBalancer") or {}).get("ingress") or []
                 if i.get("ip") and i.get("ipMode", "VIP") == "VIP")
    affinity = (spec.get("sessionAffinityConfig") or {}).get("clientIP") or {}
    ports = []
    for port in spec.get("ports") or []:
        ports.append(ServicePort(
            namespace=meta["namespace"], name=meta["name"], port_name=port.get("name") or "",
            protocol=port.get("protocol") or "TCP", cluster_ip=cluster_ip, port=port["port"],
            node_port=port.get("nodePort") or 0,
            external_ips=tuple(spec.get("externalIPs") or ()),
            load_balancer_vips=vips if spec.get("type") == "LoadBalancer" else (),
            load_balancer_source_ranges=tuple(spec.get("loadBalancerSourceRanges") or ()),
            health_check_node_port=spec.get("healthCheckNodePort") or 0,
            session_affinity_client_ip=spec.get("sessionAffinity") == "ClientIP",
            sticky_max_age_seconds=affinity.get("timeoutSeconds", 10800),
            external_policy_local=external and spec.get("externalTrafficPolicy") == "Local",
            internal_policy_local=spec.get("internalTrafficPolicy") == "Local"))
    return ports


def endpoints_for(svc: ServicePort, slices: list[dict], node_name: str) -> list[Endpoint]:
    """The endpoints of one service port from its EndpointSlices (endpointslicecache.go):
    an endpoint's first address, the slice port with the same name and protocol; a missing
    `ready` counts as ready, a missing `serving` as its `ready`, `terminating` as false.
    Sorted by address, so that the rules come out the same on every sync."""
    found: dict[str, Endpoint] = {}
    for eps in slices:
        if eps.get("addressType", "IPv4") != "IPv4":
            continue
        for port in eps.get("ports") or []:
            if (port.get("name") or "") != svc.port_name or port.get("port") is None \
                    or (port.get("protocol") or "TCP") != svc.protocol:
                continue
            for ep in eps.get("endpoints") or []:
                if not ep.get("addresses"):
                    continue
                cond = ep.get("conditions") or {}
                ready = cond.get("ready") is not False
                endpoint = Endpoint(ip=ep["addresses"][0], port=port["port"],
                                    is_local=ep.get("nodeName") == node_name, ready=ready,
                                    serving=cond.get("serving", ready) is not False,
                                    terminating=cond.get("terminating") is True,
                                    node_name=ep.get("nodeName"))
                found.setdefault(str(endpoint), endpoint)
    return sorted(found.values(), key=lambda e: (ipaddress.ip_address(e.ip), e.port))


def slices_by_service(slices: list[dict]) -> dict[tuple[str, str], list[dict]]:
    """EndpointSlices grouped by (namespace, service name) from their label."""
    grouped: dict[tuple[str, str], list[dict]] = {}
    for eps in slices:
        service = (eps["metadata"].get("labels") or {}).get(SERVICE_NAME_LABEL)
        if service:
            grouped.setdefault((eps["metadata"]["namespace"], service), []).append(eps)
    return grouped
