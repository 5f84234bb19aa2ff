"""Which endpoints a Service's traffic may use on this node (pkg/proxy/topology.go).

CategorizeEndpoints splits a service port's endpoints three ways:

* cluster endpoints — every *ready* endpoint, for `Cluster` traffic policy. If none is
  ready anywhere, the serving-and-terminating ones (a rolling update's last Pods, still
  answering while they shut down) rather than nothing;
* local endpoints — the ready endpoints on this node, for `Local` policy
  (internalTrafficPolicy for the cluster IP, externalTrafficPolicy for NodePorts and
  load-balancer IPs); again falling back to local serving-terminating ones;
* all locally reachable endpoints — the union, each of which gets a KUBE-SEP- chain.

`has_any_endpoints` says whether the Service has a usable endpoint anywhere: if not,
kube-proxy REJECTs its traffic; if only this node lacks one under Local policy, it DROPs.
A not-ready endpoint (readiness probe failing) is in none of the lists: it gets no traffic.
Topology-aware routing (hints, trafficDistribution) is not modelled.
"""

from __future__ import annotations

from typing import NamedTuple

from .serviceport import Endpoint, ServicePort


class Categorized(NamedTuple):
    cluster: list[Endpoint]
    local: list[Endpoint]
    all_reachable: list[Endpoint]
    has_any_endpoints: bool


def categorize_endpoints(endpoints: list[Endpoint], svc: ServicePort) -> Categorized:
    cluster: list[Endpoint] = []
    local: list[Endpoint] = []
    has_any = False
    if svc.uses_cluster_endpoints():
        cluster = [ep for ep in endpoints if ep.ready]
        if not cluster:
            cluster = [ep for ep in endpoints if ep.serving and ep.terminating]
        has_any = bool(cluster)
    if not svc.uses_local_endpoints():
        return Categorized(cluster, [], cluster, has_any)

    has_local_ready = has_local_serving_terminating = False
    for ep in endpoints:
        if ep.ready:
            has_any = True
            has_local_ready = has_local_ready or ep.is_local
        elif ep.serving and ep.terminating:
            has_any = True
            has_local_serving_terminating = has_local_serving_terminating or ep.is_local
    if has_local_ready:
        local = [ep for ep in endpoints if ep.is_local and ep.ready]
    elif has_local_serving_terminating:
        local = [ep for ep in endpoints if ep.is_local and ep.serving and ep.terminating]

    if not svc.uses_cluster_endpoints():
        return Categorized(cluster, local, local, has_any)
    union = {str(ep): ep for ep in cluster + local}
    # Both lists come in address order (endpoints_for); keep that order for the union.
    reachable = [ep for ep in endpoints if str(ep) in union]
    return Categorized(cluster, local, reachable, has_any)
