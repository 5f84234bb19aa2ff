"""What the kubelet puts in a container's /etc/resolv.conf (pkg/kubelet/network/dns/dns.go).

The kubelet picks a DNS type from the Pod's dnsPolicy (getPodDNSType):

    ClusterFirst (default)     cluster DNS — but a hostNetwork Pod falls back to Default
    ClusterFirstWithHostNet    cluster DNS, even on the host network
    Default                    the node's own resolv.conf (kubelet --resolv-conf)
    None                       nothing but spec.dnsConfig

Cluster DNS means `nameserver 10.96.0.10` (the kubelet's clusterDNS, kubeadm's
kube-dns Service), the search list `<ns>.svc.cluster.local svc.cluster.local
cluster.local` followed by the node's own search domains, and `options ndots:5`. Then
spec.dnsConfig is merged in (appendDNSConfig): extra nameservers and searches appended
without duplicates, options overriding by name. containerd writes the file in the order
search, nameserver, options.

The node's file: nodes in this model are Ubuntu hosts with systemd-resolved, for which
kubeadm points the kubelet at /run/systemd/resolve/resolv.conf; its upstream is the
home router, `nameserver 192.168.1.1`, with no search domain. (A choice of the model.)
"""

from __future__ import annotations

from dataclasses import dataclass, field

CLUSTER_DNS = "10.96.0.10"
CLUSTER_DOMAIN = "cluster.local"
NODE_NAMESERVER = "192.168.1.1"
NODE_SEARCHES: tuple[str, ...] = ()
DEFAULT_NDOTS = 1           # resolv.conf(5): ndots defaults to 1


@dataclass
class ResolvConf:
    nameservers: list[str] = field(default_factory=list)
    searches: list[str] = field(default_factory=list)
    options: list[str] = field(default_factory=list)   # "ndots:5", "edns0"

    @property
    def ndots(self) -> int:
        for option in self.options:
            if option.startswith("ndots:"):
                return min(int(option.split(":", 1)[1]), 15)
        return DEFAULT_NDOTS

    def text(self) -> str:
        """The file as containerd writes it."""
        lines = []
        if self.searches:
            lines.append("search " + " ".join(self.searches))
        lines += [f"nameserver {ns}" for ns in self.nameservers]
        if self.options:
            lines.append("options " + " ".join(self.options))
        return "".join(line + "\n" for line in lines)


def node_resolv_conf() -> ResolvConf:
    return ResolvConf([NODE_NAMESERVER], list(NODE_SEARCHES), [])


def pod_dns_type(pod: dict) -> str:
    """getPodDNSType: "cluster", "host" or "none"."""
    spec = pod.get("spec") or {}
    policy = spec.get("dnsPolicy") or "ClusterFirst"
    if policy == "None":
        return "none"
    if policy == "ClusterFirstWithHostNet":
        return "cluster"
    if policy == "ClusterFirst" and not spec.get("hostNetwork"):
        return "cluster"
    return "host"     # Default, or ClusterFirst on the host network


def resolv_conf(pod: dict, cluster_dns: str = CLUSTER_DNS,
                domain: str = CLUSTER_DOMAIN) -> ResolvConf:
    """GetPodDNS: the DNS configuration of one Pod."""
    kind = pod_dns_type(pod)
    if kind == "cluster":
        namespace = pod["metadata"].get("namespace") or "default"
        conf = ResolvConf([cluster_dns],
                          [f"{namespace}.svc.{domain}", f"svc.{domain}", domain,
                           *NODE_SEARCHES], ["ndots:5"])
    elif kind == "host":
        conf = node_resolv_conf()
    else:
        conf = ResolvConf()
    return append_dns_config(conf, (pod.get("spec") or {}).get("dnsConfig") or {})


def append_dns_config(conf: ResolvConf, dns_config: dict) -> ResolvConf:
    """appendDNSConfig: the Pod's own nameservers, searches and options."""
    for ns in dns_config.get("nameservers") or []:
        if ns not in conf.nameservers:
            conf.nameservers.append(ns)
    for search in dns_config.get("searches") or []:
        if search not in conf.searches:
            conf.searches.append(search)
    for option in dns_config.get("options") or []:
        name = option.get("name", "")
        value = option.get("value")
        text = f"{name}:{value}" if value is not None else name
        conf.options = [o for o in conf.options if o.split(":", 1)[0] != name] + [text]
    return conf
