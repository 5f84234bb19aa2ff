"""Cluster DNS: CoreDNS, the kubelet's resolv.conf and the resolver in a Pod.

    message.py      a DNS answer: rcode, records, the AA bit
    kubernetes.py   CoreDNS's kubernetes plugin: cluster.local from Services and slices
    upstream.py     the nodes' resolver, where CoreDNS forwards everything else
    coredns.py      CoreDNS: the Corefile's plugin chain; `cluster.dns`
    resolv_conf.py  dnsPolicy → /etc/resolv.conf (pkg/kubelet/network/dns)
    resolver.py     the libc stub resolver: search list, ndots, the query's UDP path
    nslookup.py     busybox's (and bind9's) nslookup output

The API, for notebooks and `Cluster.request`:

    cluster.dns.resolve("web", pod="client")          -> Resolution(addresses, queries,
                                                         cnames, error)
    cluster.dns.resolve("web", node="node-1")         -> fails: the node's resolver
                                                         knows no cluster names
    cluster.dns.resolv_conf("client").text()          -> the Pod's /etc/resolv.conf
    cluster.dns.serve("web.default.svc.cluster.local", "A")   -> CoreDNS's Answer
    nslookup(cluster, "web", "client")                -> (exit code, busybox's output)
"""

from .coredns import CoreDNS
from .message import RR, Answer
from .nslookup import nslookup
from .resolv_conf import ResolvConf, resolv_conf
from .resolver import Exchange, Resolution

__all__ = ["RR", "Answer", "CoreDNS", "Exchange", "Resolution", "ResolvConf", "nslookup",
           "resolv_conf"]
