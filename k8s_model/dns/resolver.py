"""The stub resolver in a container's libc: search list, ndots, and the query's path.

`getaddrinfo("web")` in a Pod reads /etc/resolv.conf and turns the name into candidate
names (res_search):

    ndots:5, search default.svc.cluster.local svc.cluster.local cluster.local
    "web"                 (0 dots < 5)  web.default.svc.cluster.local  ✓ first try
    "web.prod"            (1 dot  < 5)  web.prod.default.svc… ✗  web.prod.svc.cluster.local ✓
    "example.com"         (1 dot  < 5)  three NXDOMAINs from cluster.local, then as-is
    "web.default.svc.cluster.local."    (final dot)  as-is only

Fewer dots than ndots: the search domains first, then the name as-is; at least ndots
dots: glibc (Debian-based images: nginx, redis) tries it as-is first, then the search
list; musl (Alpine, busybox:musl) tries it as-is only. glibc skips a candidate that
answers NODATA and tries the next; musl stops there. Each candidate is one A and one
AAAA query (AF_UNSPEC), sent together. The libc is chosen from the container's image
(`alpine` in the tag or name: musl; anything else: glibc).

Each query is a UDP datagram to the first nameserver, port 53, from the Pod's IP. For
10.96.0.10 that is a Service address: the client node's kube-proxy rules DNAT it to one
CoreDNS endpoint (`proxy.route`), and the container runtime of that endpoint's node
must have a running CoreDNS container listening on 53. Otherwise nothing answers: after
the resolver's timeouts (5 s, 2 attempts per server) the lookup fails with EAI_AGAIN.
A client on a node (not in a Pod) uses the node's resolv.conf: the upstream resolver,
which knows no cluster names.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..proxy import Packet, route
from .message import NOERROR, Answer
from .resolv_conf import NODE_NAMESERVER, ResolvConf, node_resolv_conf, resolv_conf

COREDNS_REPOSITORY = "registry.k8s.io/coredns/coredns"
# gai_strerror: what a program prints after "Could not resolve host" and the like.
GAI_ERRORS = {"glibc": {"NONAME": "Name or service not known",
                        "NODATA": "No address associated with hostname",
                        "AGAIN": "Temporary failure in name resolution"},
              "musl": {"NONAME": "Name does not resolve", "NODATA": "Name has no usable address",
                       "AGAIN": "Try again"}}
TIMED_OUT = ";; connection timed out; no servers could be reached"


@dataclass
class Asker:
    """Who sends the query: the Pod's (or node's) IP, node and resolv.conf."""
    node: str
    ip: str
    conf: ResolvConf
    libc: str = "glibc"
    pod: str | None = None


@dataclass
class Exchange:
    """One query and its fate on the wire."""
    qname: str
    qtype: str
    server: str                        # the nameserver asked (10.96.0.10)
    answer: Answer | None = None       # None: no reply (timed out)
    endpoint: str | None = None        # the CoreDNS endpoint the packet was DNATed to
    coredns_pod: str | None = None     # the Pod that answered
    rules: list[str] = field(default_factory=list)

    @property
    def rcode(self) -> str:
        if self.answer is None:
            return "TIMEOUT"
        if self.answer.rcode == NOERROR and not self.answer.answer:
            return "NODATA"
        return self.answer.rcode


@dataclass
class Resolution:
    name: str
    queries: list[Exchange] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    canonical_name: str | None = None              # the name that had the addresses
    cnames: list[tuple[str, str]] = field(default_factory=list)   # (alias, target)
    error: str | None = None                       # gai_strerror text, None if resolved

    @property
    def ok(self) -> bool:
        return self.error is None


def libc_of(pod: dict) -> str:
    image = ((pod.get("spec") or {}).get("containers") or [{}])[0].get("image", "")
    return "musl" if "alpine" in image else "glibc"


def asker_for(cluster, pod: dict | str | None = None, node: str | None = None,
              namespace: str = "default") -> Asker:
    if pod is None:
        if node not in cluster.kube_proxies:
            raise ValueError(f'node "{node}" has no kube-proxy in this cluster')
        return Asker(node, cluster.kube_proxies[node].node_ip, node_resolv_conf())
    if isinstance(pod, str):
        pod = cluster.get("pods", pod, namespace)
    meta, status = pod["metadata"], pod.get("status") or {}
    if not pod["spec"].get("nodeName") or not status.get("podIP"):
        raise ValueError(f"pod {meta['name']} does not have a host assigned")
    return Asker(pod["spec"]["nodeName"], status["podIP"], resolv_conf(pod), libc_of(pod),
                 meta["name"])


def exchange(cluster, asker: Asker, server: str, qname: str, qtype: str) -> Exchange:
    """Send one query to `server`:53/UDP along the real path; the reply or a timeout."""
    sent = Exchange(qname, qtype, server)
    if server == NODE_NAMESERVER:
        sent.answer = cluster.dns.upstream.serve(qname, qtype)
        return sent
    proxies = cluster.kube_proxies
    if asker.node not in proxies:
        return sent
    path = route(proxies, asker.node, Packet(asker.ip, server, 53, "UDP"))
    sent.rules = path.rules
    if path.error or not path.endpoint:
        return sent
    sent.endpoint = path.endpoint
    ip = path.endpoint.rsplit(":", 1)[0]
    for kubelet in cluster.kubelets.values():
        container = kubelet.runtime.dial(ip, 53)
        if container is not None and container.image.repository == COREDNS_REPOSITORY:
            sandbox = kubelet.runtime.sandboxes[container.sandbox_id]
            sent.coredns_pod = sandbox.name
            sent.answer = cluster.dns.serve(qname, qtype)
            return sent
    return sent


def candidates(name: str, conf: ResolvConf, libc: str) -> list[str]:
    """res_search's order of names to try (see the module docstring)."""
    if name.endswith("."):
        return [name]
    searched = [f"{name}.{domain}" for domain in conf.searches]
    if name.count(".") >= conf.ndots:
        return [name] if libc == "musl" else [name] + searched
    return searched + [name]


def resolve(cluster, name: str, pod: dict | str | None = None, node: str | None = None,
            namespace: str = "default", libc: str | None = None) -> Resolution:
    """getaddrinfo(name) for a Pod (or, with pod None, a process on `node`)."""
    asker = asker_for(cluster, pod, node, namespace)
    libc = libc or asker.libc
    result = Resolution(name)
    if _is_ipv4(name):
        result.addresses, result.canonical_name = [name], name
        return result
    if not asker.conf.nameservers:
        result.error = GAI_ERRORS[libc]["AGAIN"]
        return result
    nodata = False
    for candidate in candidates(name, asker.conf, libc):
        pair = _ask_servers(cluster, asker, candidate)
        result.queries += pair
        if pair[0].answer is None:
            result.error = GAI_ERRORS[libc]["AGAIN"]
            return result
        a = pair[0].answer
        if a.rcode == NOERROR and a.addresses:
            result.cnames = [(rr.name.rstrip("."), rr.data.rstrip("."))
                             for rr in a.answer if rr.type == "CNAME"]
            result.addresses = [rr.data for rr in a.answer if rr.type == "A"]
            result.canonical_name = (result.cnames[-1][1] if result.cnames
                                     else candidate.rstrip("."))
            return result
        if a.rcode == NOERROR:
            nodata = True
            if libc == "musl":
                break
    result.error = GAI_ERRORS[libc]["NODATA" if nodata else "NONAME"]
    return result


def _ask_servers(cluster, asker: Asker, qname: str) -> list[Exchange]:
    """The A and AAAA queries for one candidate, server after server until one replies."""
    pair: list[Exchange] = []
    for server in asker.conf.nameservers[:3]:       # MAXNS
        pair = [exchange(cluster, asker, server, qname, qtype) for qtype in ("A", "AAAA")]
        if pair[0].answer is not None:
            break
    return pair


def _is_ipv4(name: str) -> bool:
    parts = name.split(".")
    return len(parts) == 4 and all(p.isdigit() and int(p) < 256 for p in parts)
