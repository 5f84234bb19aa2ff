"""kube-proxy's iptables mode: syncProxyRules (pkg/proxy/iptables/proxier.go).

Each sync compiles every service port into `nat` rules and writes them in one
`iptables-restore`. A packet to a cluster IP goes PREROUTING/OUTPUT → KUBE-SERVICES,
which matches `-d <clusterIP> --dport <port>` and jumps to the port's KUBE-SVC- chain;
that chain picks an endpoint with `-m statistic --mode random --probability 1/(n−i)`
— 1/3, then 1/2 of the rest, then the last for sure: each gets a third — and jumps to
its KUBE-SEP- chain, which DNATs to `podIP:targetPort`. Traffic that may leave the node
with a source the endpoint cannot answer is sent through KUBE-MARK-MASQ (SNAT later, in
KUBE-POSTROUTING). NodePorts go KUBE-SERVICES → KUBE-NODEPORTS → KUBE-EXT-; Local
traffic policy uses KUBE-SVL- (this node's endpoints only); ClientIP affinity adds
`-m recent` rules that send a source seen within timeoutSeconds back to the same SEP.
A service port with no endpoints gets no nat chains, only a `filter` rule that REJECTs.

`restore_data()` is the exact text kube-proxy feeds iptables-restore (the form upstream's
proxier_test.go asserts); `iptables_save.py` prints the tables as the kernel reports them.
Not modelled: nfacct counters, large-cluster mode (comments dropped past 1000 endpoints),
partial syncs, IPv6.
"""

from __future__ import annotations

import ipaddress

from .names import compute_probability
from .serviceport import Endpoint, ServicePort
from .topology import categorize_endpoints

SERVICES, EXTERNAL_SERVICES, NODEPORTS = "KUBE-SERVICES", "KUBE-EXTERNAL-SERVICES", "KUBE-NODEPORTS"
POSTROUTING, MARK_MASQ, FORWARD = "KUBE-POSTROUTING", "KUBE-MARK-MASQ", "KUBE-FORWARD"
PROXY_FIREWALL, KUBELET_FIREWALL = "KUBE-PROXY-FIREWALL", "KUBE-FIREWALL"

# iptablesJumpChains: (table, kube-proxy chain, built-in chain, comment, extra match).
NEW = ("-m", "conntrack", "--ctstate", "NEW")
JUMP_CHAINS = (
    ("filter", EXTERNAL_SERVICES, "INPUT", "kubernetes externally-visible service portals", NEW),
    ("filter", EXTERNAL_SERVICES, "FORWARD", "kubernetes externally-visible service portals", NEW),
    ("filter", NODEPORTS, "INPUT", "kubernetes health check service ports", ()),
    ("filter", SERVICES, "FORWARD", "kubernetes service portals", NEW),
    ("filter", SERVICES, "OUTPUT", "kubernetes service portals", NEW),
    ("filter", FORWARD, "FORWARD", "kubernetes forwarding rules", ()),
    ("filter", PROXY_FIREWALL, "INPUT", "kubernetes load balancer firewall", NEW),
    ("filter", PROXY_FIREWALL, "OUTPUT", "kubernetes load balancer firewall", NEW),
    ("filter", PROXY_FIREWALL, "FORWARD", "kubernetes load balancer firewall", NEW),
    ("nat", SERVICES, "OUTPUT", "kubernetes service portals", ()),
    ("nat", SERVICES, "PREROUTING", "kubernetes service portals", ()),
    ("nat", POSTROUTING, "POSTROUTING", "kubernetes postrouting rules", ()),
)


def q(text: str) -> str:
    """kube-proxy quotes multi-word comments itself: `"ns1/svc1 cluster IP"`."""
    return f'"{text}"'


class Table:
    """Chains in the order they were declared, each with its rules (token tuples)."""

    def __init__(self) -> None:
        self.chains: dict[str, list[tuple[str, ...]]] = {}

    def chain(self, name: str) -> None:
        self.chains.setdefault(name, [])

    def rule(self, chain: str, *tokens: str) -> None:
        self.chains.setdefault(chain, []).append(tuple(tokens))

    def lines(self) -> list[str]:
        return [f":{chain} - [0:0]" for chain in self.chains] + [
            " ".join(("-A", chain) + rule) for chain, rules in self.chains.items()
            for rule in rules]


class IptablesProxier:
    def __init__(self, node_name: str, node_ip: str, cluster_cidr: str = "10.244.0.0/16",
                 masquerade_mark: str = "0x4000", masquerade_all: bool = False,
                 localhost_node_ports: bool = True, random_fully: bool = True) -> None:
        self.node_name, self.node_ip, self.cluster_cidr = node_name, node_ip, cluster_cidr
        self.mark, self.masquerade_all = masquerade_mark, masquerade_all
        self.localhost_node_ports, self.random_fully = localhost_node_ports, random_fully
        self.filter, self.nat = Table(), Table()
        self._kernel: dict | None = None

    # -- syncProxyRules ----------------------------------------------------------------------
    def sync_proxy_rules(self, endpoints_map: dict[ServicePort, list[Endpoint]]) -> None:
        """Rebuild both tables from every service port and its endpoints."""
        flt, nat = Table(), Table()
        for chain in (SERVICES, EXTERNAL_SERVICES, FORWARD, NODEPORTS, PROXY_FIREWALL):
            flt.chain(chain)
        for chain in (SERVICES, NODEPORTS, POSTROUTING, MARK_MASQ):
            nat.chain(chain)
        nat.rule(POSTROUTING, "-m", "mark", "!", "--mark", f"{self.mark}/{self.mark}", "-j", "RETURN")
        nat.rule(POSTROUTING, "-j", "MARK", "--xor-mark", self.mark)
        nat.rule(POSTROUTING, "-m", "comment", "--comment",
                 q("kubernetes service traffic requiring SNAT"), "-j", "MASQUERADE",
                 *(("--random-fully",) if self.random_fully else ()))
        nat.rule(MARK_MASQ, "-j", "MARK", "--or-mark", self.mark)
        if self.localhost_node_ports:
            # route_localnet opens 127.0.0.1:<nodePort>; this closes it to other hosts.
            flt.rule(KUBELET_FIREWALL, "-m", "comment", "--comment",
                     q("block incoming localnet connections"), "-d", "127.0.0.0/8",
                     "!", "-s", "127.0.0.0/8", "-m", "conntrack", "!", "--ctstate",
                     "RELATED,ESTABLISHED,DNAT", "-j", "DROP")
        for svc in sorted(endpoints_map, key=lambda s: (s.name_string, s.protocol)):
            self._write_service(flt, nat, svc, endpoints_map[svc])
        dst = ["-m", "addrtype", "--dst-type", "LOCAL"]
        if not self.localhost_node_ports:
            dst += ["!", "-d", "127.0.0.0/8"]
        nat.rule(SERVICES, "-m", "comment", "--comment",
                 q("kubernetes service nodeports; NOTE: this must be the last rule in this chain"),
                 *dst, "-j", NODEPORTS)
        flt.rule(FORWARD, "-m", "conntrack", "--ctstate", "INVALID", "-j", "DROP")
        flt.rule(FORWARD, "-m", "comment", "--comment", q("kubernetes forwarding rules"),
                 "-m", "mark", "--mark", f"{self.mark}/{self.mark}", "-j", "ACCEPT")
        flt.rule(FORWARD, "-m", "comment", "--comment", q("kubernetes forwarding conntrack rule"),
                 "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", "ACCEPT")
        self.filter, self.nat, self._kernel = flt, nat, None

    def _write_service(self, flt: Table, nat: Table, svc: ServicePort,
                       endpoints: list[Endpoint]) -> None:
        name, proto = svc.name_string, svc.proto
        cluster, local, reachable, has_endpoints = categorize_endpoints(endpoints, svc)
        cluster_chain, local_chain = svc.cluster_policy_chain, svc.local_policy_chain
        internal_chain, has_internal = cluster_chain, has_endpoints
        if svc.internal_policy_local:
            internal_chain, has_internal = local_chain, has_endpoints and bool(local)
        external_policy_chain, has_external = cluster_chain, has_endpoints
        if svc.external_policy_local:
            external_policy_chain, has_external = local_chain, has_endpoints and bool(local)
        ext_chain = svc.external_chain
        lb_chain = ext_chain
        uses_fw = has_endpoints and bool(svc.load_balancer_vips) \
            and bool(svc.load_balancer_source_ranges)
        if uses_fw:
            lb_chain = svc.firewall_chain
        if not has_endpoints:
            internal_target = external_target = "REJECT"
            internal_comment = external_comment = q(f"{name} has no endpoints")
        else:
            internal_target = external_target = "DROP"
            internal_comment = external_comment = q(f"{name} has no local endpoints")
        port = ("-m", proto, "-p", proto)

        cluster_ip = ("-d", svc.cluster_ip, "--dport", str(svc.port))
        if has_internal:
            nat.rule(SERVICES, "-m", "comment", "--comment", q(f"{name} cluster IP"), *port,
                     *cluster_ip, "-j", internal_chain)
        else:
            flt.rule(SERVICES, "-m", "comment", "--comment", internal_comment, *port,
                     *cluster_ip, "-j", internal_target)
        for ip in svc.external_ips:
            if has_endpoints:
                nat.rule(SERVICES, "-m", "comment", "--comment", q(f"{name} external IP"), *port,
                         "-d", ip, "--dport", str(svc.port), "-j", ext_chain)
            if not has_external:
                flt.rule(EXTERNAL_SERVICES, "-m", "comment", "--comment", external_comment,
                         *port, "-d", ip, "--dport", str(svc.port), "-j", external_target)
        for ip in svc.load_balancer_vips:
            if has_endpoints:
                nat.rule(SERVICES, "-m", "comment", "--comment", q(f"{name} loadbalancer IP"),
                         *port, "-d", ip, "--dport", str(svc.port), "-j", lb_chain)
            if uses_fw:
                flt.rule(PROXY_FIREWALL, "-m", "comment", "--comment",
                         q(f"{name} traffic not accepted by {svc.firewall_chain}"), *port,
                         "-d", ip, "--dport", str(svc.port), "-j", "DROP")
        if not has_external:
            for ip in svc.load_balancer_vips:
                flt.rule(EXTERNAL_SERVICES, "-m", "comment", "--comment", external_comment,
                         *port, "-d", ip, "--dport", str(svc.port), "-j", external_target)
        if svc.node_port:
            if has_endpoints:
                nat.rule(NODEPORTS, "-m", "comment", "--comment", name, *port,
                         "--dport", str(svc.node_port), "-j", ext_chain)
            if not has_external:
                flt.rule(EXTERNAL_SERVICES, "-m", "comment", "--comment", external_comment,
                         "-m", "addrtype", "--dst-type", "LOCAL", *port,
                         "--dport", str(svc.node_port), "-j", external_target)
        if svc.health_check_node_port:
            flt.rule(NODEPORTS, "-m", "comment", "--comment", q(f"{name} health check node port"),
                     "-m", "tcp", "-p", "tcp", "--dport", str(svc.health_check_node_port),
                     "-j", "ACCEPT")

        if has_internal:
            args = ("-m", "comment", "--comment", q(f"{name} cluster IP"), *port, *cluster_ip)
            if self.masquerade_all:
                nat.rule(internal_chain, *args, "-j", MARK_MASQ)
            else:
                # Off-cluster sources (a node, a router) may bounce off-node: masquerade.
                nat.rule(internal_chain, *args, "!", "-s", self.cluster_cidr, "-j", MARK_MASQ)
        if has_endpoints and svc.externally_accessible():
            self._write_external_chain(nat, svc, ext_chain, external_policy_chain, has_external)
        if uses_fw:
            self._write_firewall_chain(nat, svc, ext_chain)
        if cluster and svc.uses_cluster_endpoints():
            nat.chain(cluster_chain)
            self._write_service_to_endpoint_rules(nat, svc, cluster_chain, cluster)
        if local and svc.uses_local_endpoints():
            nat.chain(local_chain)
            self._write_service_to_endpoint_rules(nat, svc, local_chain, local)
        for ep in reachable:
            sep = ep.chain(svc)
            nat.chain(sep)
            args = ("-m", "comment", "--comment", name)
            # Hairpin: a Pod reaching itself through its Service must be SNATed.
            nat.rule(sep, *args, "-s", ep.ip, "-j", MARK_MASQ)
            if svc.session_affinity_client_ip:
                args += ("-m", "recent", "--name", sep, "--set")
            nat.rule(sep, *args, *port, "-j", "DNAT", "--to-destination", str(ep))

    def _write_external_chain(self, nat: Table, svc: ServicePort, ext: str,
                              policy_chain: str, has_external: bool) -> None:
        name = svc.name_string
        nat.chain(ext)
        if not svc.external_policy_local:
            nat.rule(ext, "-m", "comment", "--comment",
                     q(f"masquerade traffic for {name} external destinations"), "-j", MARK_MASQ)
        else:
            # Pods and the node itself reach the Service as if from outside and back in:
            # they are short-circuited to the Cluster chain; only true outside traffic
            # keeps its source IP and goes to this node's endpoints.
            nat.rule(ext, "-m", "comment", "--comment",
                     q(f"pod traffic for {name} external destinations"),
                     "-s", self.cluster_cidr, "-j", svc.cluster_policy_chain)
            nat.rule(ext, "-m", "comment", "--comment",
                     q(f"masquerade LOCAL traffic for {name} external destinations"),
                     "-m", "addrtype", "--src-type", "LOCAL", "-j", MARK_MASQ)
            nat.rule(ext, "-m", "comment", "--comment",
                     q(f"route LOCAL traffic for {name} external destinations"),
                     "-m", "addrtype", "--src-type", "LOCAL", "-j", svc.cluster_policy_chain)
        if has_external:
            nat.rule(ext, "-j", policy_chain)

    def _write_firewall_chain(self, nat: Table, svc: ServicePort, ext: str) -> None:
        name, fw = svc.name_string, svc.firewall_chain
        nat.chain(fw)
        args = ("-m", "comment", "--comment", q(f"{name} loadbalancer IP"))
        allow_from_node = False
        for cidr in svc.load_balancer_source_ranges:
            nat.rule(fw, *args, "-s", cidr, "-j", ext)
            network = ipaddress.ip_network(cidr, strict=False)
            allow_from_node |= ipaddress.ip_address(self.node_ip) in network
        if allow_from_node:
            for ip in svc.load_balancer_vips:
                nat.rule(fw, *args, "-s", ip, "-j", ext)
        nat.rule(fw, "-m", "comment", "--comment",
                 q(f"other traffic to {name} will be dropped by KUBE-PROXY-FIREWALL"))

    @staticmethod
    def _write_service_to_endpoint_rules(nat: Table, svc: ServicePort, chain: str,
                                         endpoints: list[Endpoint]) -> None:
        """writeServiceToEndpointRules: affinity checks first, then the random choice."""
        name = svc.name_string
        if svc.session_affinity_client_ip:
            for ep in endpoints:
                nat.rule(chain, "-m", "comment", "--comment", q(f"{name} -> {ep}"),
                         "-m", "recent", "--name", ep.chain(svc), "--rcheck",
                         "--seconds", str(svc.sticky_max_age_seconds), "--reap",
                         "-j", ep.chain(svc))
        n = len(endpoints)
        for i, ep in enumerate(endpoints):
            statistic = ("-m", "statistic", "--mode", "random", "--probability",
                         compute_probability(n - i)) if i < n - 1 else ()
            nat.rule(chain, "-m", "comment", "--comment", q(f"{name} -> {ep}"), *statistic,
                     "-j", ep.chain(svc))

    # -- what was written ----------------------------------------------------------------------
    def restore_data(self) -> str:
        """The iptables-restore input of the last sync: `*filter … COMMIT *nat … COMMIT`."""
        lines = ["*filter", *self.filter.lines(), "COMMIT",
                 "*nat", *self.nat.lines(), "COMMIT"]
        return "\n".join(lines) + "\n"

    def kernel_tables(self) -> dict[str, dict[str, list[tuple[str, ...]]]]:
        """The tables as the kernel holds them after the restore: the built-in chains with
        the jump rules kube-proxy prepends (and kubelet's KUBE-FIREWALL jumps), the canary
        chains, and every chain of the last sync."""
        if self._kernel is not None:
            return self._kernel
        tables: dict[str, dict[str, list[tuple[str, ...]]]] = {
            "filter": {"INPUT": [], "FORWARD": [], "OUTPUT": []},
            "nat": {"PREROUTING": [], "INPUT": [], "OUTPUT": [], "POSTROUTING": []}}
        if self.localhost_node_ports:
            # kubelet made these first; kube-proxy's own jumps are prepended before them.
            tables["filter"]["INPUT"].append(("-j", KUBELET_FIREWALL))
            tables["filter"]["OUTPUT"].append(("-j", KUBELET_FIREWALL))
        for table, target, builtin, comment, extra in JUMP_CHAINS:
            tables[table][builtin].insert(0, (*extra, "-m", "comment", "--comment", q(comment),
                                              "-j", target))
        for name, table in (("filter", self.filter), ("nat", self.nat)):
            for canary in ("KUBE-KUBELET-CANARY", "KUBE-PROXY-CANARY"):
                tables[name][canary] = []
            for chain, rules in table.chains.items():
                tables[name][chain] = list(rules)
        self._kernel = tables
        return tables
