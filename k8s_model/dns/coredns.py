"""CoreDNS as kubeadm configures it: the server block `.:53` of its Corefile.

    kubernetes cluster.local in-addr.arpa ip6.arpa   answers the cluster's names
    forward . /etc/resolv.conf                      everything else goes upstream
    loadbalance                                     A/AAAA records in turn
    cache 30 { disable success|denial cluster.local }

A query is handled by the first plugin whose zone holds the name: the kubernetes plugin
for cluster.local and the reverse zones (a reverse name it does not know falls
through to `forward`), `forward` for the rest. An A answer that is a CNAME (an
ExternalName Service) is followed: in-zone targets by the plugin, others upstream, the
records appended after the CNAME. `loadbalance` shuffles each A/AAAA set; here it
rotates the set by one on each answer, so repeated lookups take turns (deterministic,
and no draw from the simulation's random stream). The cache plugin is not modelled: it
never caches cluster.local, and the upstream in this model never changes.

Both replicas share one set of informers (the model's one `CoreDNS` per cluster, as
`cluster.dns`): each real replica watches the same objects and answers alike.
"""

from __future__ import annotations

from ..api.authz import service_account_user
from ..client import Client
from ..controllers.base import Informer
from .kubernetes import FALLTHROUGH, KubernetesPlugin
from . import resolver
from .message import NOERROR, Answer, fqdn
from .resolv_conf import resolv_conf
from .upstream import Upstream

ZONE = "cluster.local."
MAX_CNAME_CHAIN = 8     # backend_lookup.go: more than 7 records in a chain is a loop


class CoreDNS:
    """The DNS server: informer caches, the kubernetes plugin and the forwarder."""

    def __init__(self, server, cluster=None, zone: str = ZONE) -> None:
        self.cluster = cluster          # for resolve(): the nodes' rules and runtimes
        client = Client(server, "coredns", service_account_user("kube-system", "coredns"))
        self.namespaces = Informer(client, "namespaces")
        self.services = Informer(client, "services")
        self.endpoint_slices = Informer(client, "endpointslices")
        self.kubernetes = KubernetesPlugin(self.namespaces, self.services,
                                           self.endpoint_slices, zone)
        self.upstream = Upstream()
        self.zone = fqdn(zone)
        self._turns: dict[tuple[str, str], int] = {}

    def in_kubernetes_zones(self, name: str) -> bool:
        name = fqdn(name).lower()
        return any(name == z or name.endswith("." + z)
                   for z in (self.zone, "in-addr.arpa.", "ip6.arpa."))

    def serve(self, qname: str, qtype: str) -> Answer:
        """ServeDNS for one question."""
        answer = self._lookup(qname, qtype)
        if qtype in ("A", "AAAA") and answer.rcode == NOERROR:
            self._follow_cname(answer, qtype)
            self._loadbalance(answer)
        return answer

    def _lookup(self, qname: str, qtype: str) -> Answer:
        if self.in_kubernetes_zones(qname):
            answer = self.kubernetes.serve(qname, qtype)
            if answer is not FALLTHROUGH:
                return answer
        return self.upstream.serve(qname, qtype)

    def _follow_cname(self, answer: Answer, qtype: str) -> None:
        """backend_lookup.A: after a CNAME, the target's records of the type asked."""
        for _ in range(MAX_CNAME_CHAIN):
            last = answer.answer[-1] if answer.answer else None
            if last is None or last.type != "CNAME":
                return
            target = self._lookup(last.data, qtype)
            answer.answer += target.answer

    def _loadbalance(self, answer: Answer) -> None:
        """The loadbalance plugin, as a rotation of the address records."""
        addresses = [rr for rr in answer.answer if rr.type in ("A", "AAAA")]
        if len(addresses) < 2:
            return
        key = (fqdn(answer.qname).lower(), answer.qtype)
        turn = self._turns.get(key, 0)
        self._turns[key] = turn + 1
        shift = turn % len(addresses)
        rotated = iter(addresses[shift:] + addresses[:shift])
        answer.answer = [next(rotated) if rr.type in ("A", "AAAA") else rr
                         for rr in answer.answer]

    # -- the client side, for the book: `cluster.dns.resolve("web", pod="client")` --------
    def resolve(self, name: str, pod=None, node: str | None = None,
                namespace: str = "default", libc: str | None = None):
        """What getaddrinfo(name) finds in `pod` (a name or object), or in a process on
        `node`: a resolver.Resolution with every query tried and its rcode."""
        return resolver.resolve(self.cluster, name, pod, node, namespace, libc)

    def resolv_conf(self, pod, namespace: str = "default"):
        """The Pod's /etc/resolv.conf (a ResolvConf; `.text()` is the file)."""
        if isinstance(pod, str):
            pod = self.cluster.get("pods", pod, namespace)
        return resolv_conf(pod)
