"""kube-proxy: Services made real on every node (pkg/proxy).

One `KubeProxy` per node watches Services and EndpointSlices and keeps that node's rules:

    kube_proxy.py    the component: informers, rate-limited syncs, fail/recover
    serviceport.py   Service ports and endpoints as kube-proxy sees them
    topology.py      CategorizeEndpoints: ready, serving-terminating, Local policies
    names.py         KUBE-SVC-/KUBE-SEP- chain-name hashing, probabilities
    iptables.py      syncProxyRules (iptables mode) and its iptables-restore input
    iptables_save.py the kernel's view: `iptables-save -t nat`
    netfilter.py     a packet's walk through those rules
    ipvs.py          IPVS mode: virtual servers, schedulers, `ipvsadm -Ln`
    routing.py       route(): the path of one connection, for Cluster.request

The API, small on purpose:

    proxy = cluster.kube_proxies["node-1"]
    proxy.iptables_save("nat")           # or proxy.ipvsadm() in ipvs mode
    route(cluster.kube_proxies, "node-1", Packet(src, dst, port, "TCP"))
        -> Route(verdict, endpoint, node, hops, rules, masquerade); route.error is
           "Connection refused" (REJECT) or "Connection timed out" (DROP)

`Cluster(proxy_mode="ipvs", ipvs_scheduler="rr")` picks the mode for every node.
"""

from .kube_proxy import KubeProxy
from .routing import Packet, Route, route

__all__ = ["KubeProxy", "Packet", "Route", "route"]
