"""Checkers for chapter 11's exercises: Services, their endpoints and kube-proxy's rules.

Each checker reads the learner's cluster through the public contract — the API server
(`c.get`, `c.list`), a node's rules as an administrator would print them
(`c.kube_proxies[node].iptables_save()`) — and prints one ✓ or ✗ line per thing the
exercise asks for. Where only traffic proves the point (a node port answers, a not-ready
Pod gets nothing, a client stays on one Pod), the checker sends requests with
`c.request`, as a learner would with curl: that touches nothing in the API, though the
requests do draw from the cluster's seeded randomness and refresh affinity entries, as
real connections would.
"""

from __future__ import annotations

import re

from ..api.selectors import from_set
from .report import Report, get_or_none

ADVANCE = "advance the clock (c.advance(15))"
DNAT = re.compile(r'^-A (KUBE-SEP-\w+) .*--comment "([^"]+)".* -j DNAT --to-destination (\S+)$')


def _service(report: Report, c, name: str, namespace: str) -> dict | None:
    found = get_or_none(c, "services", name, namespace)
    report.check(found is not None, f'Service "{name}" exists',
                 f'no Service "{name}" in namespace "{namespace}" yet')
    return found


def _pods_of(c, svc: dict) -> list[dict]:
    """The Pods the Service's selector picks (a Service without a selector picks none)."""
    selector = svc["spec"].get("selector")
    if not selector:
        return []
    return [p for p in c.list("pods", svc["metadata"]["namespace"])
            if from_set(selector).matches(p["metadata"].get("labels") or {})]


def _ready(pod: dict) -> bool:
    conditions = (pod.get("status") or {}).get("conditions") or []
    return any(cond.get("type") == "Ready" and cond.get("status") == "True" for cond in conditions)


def _slice_endpoints(c, svc: dict) -> list[dict]:
    meta = svc["metadata"]
    slices = c.list("endpointslices", meta["namespace"],
                    f"kubernetes.io/service-name={meta['name']}")
    return [e for s in slices for e in s.get("endpoints") or []]


def _node_ip(c, node: str) -> str | None:
    found = get_or_none(c, "nodes", node, None)
    addresses = ((found or {}).get("status") or {}).get("addresses") or []
    return next((a["address"] for a in addresses if a.get("type") == "InternalIP"), None)


def _answers(c, url: str, client: str | None, n: int) -> dict[str, int]:
    """Who answered n requests (a Pod name, or the error when none did)."""
    counts: dict[str, int] = {}
    for _ in range(n):
        response = c.request(url, client=client)
        key = response.pod or response.error or f"HTTP {response.status}"
        counts[key] = counts.get(key, 0) + 1
    return counts


def check_nodeport_web(c, name: str = "web", node_port: int = 30080, port: int = 80,
                       node: str = "node-1", namespace: str = "default") -> None:
    """Exercise 1: Deployment `web` behind a NodePort Service answering on node_port."""
    report = Report()
    deployment = get_or_none(c, "deployments", name, namespace)
    report.check(deployment is not None, f'Deployment "{name}" exists',
                 f'no Deployment "{name}" yet (kubectl create deployment {name} --image=nginx)')
    svc = _service(report, c, name, namespace)
    if svc is None:
        return report.show()
    spec = svc["spec"]
    report.check(spec.get("type") == "NodePort", "its type is NodePort",
                 f"its type is {spec.get('type')}, want NodePort")
    ports = spec.get("ports") or []
    report.check(any(p.get("nodePort") == node_port and p.get("port") == port for p in ports),
                 f"port {port} is open on every node at {node_port}",
                 f"its ports are {[(p.get('port'), p.get('nodePort')) for p in ports]}: "
                 f"want port {port} with nodePort {node_port}")
    pods = _pods_of(c, svc)
    template = ((deployment or {}).get("spec", {}).get("template", {}).get("metadata", {})
                .get("labels") or {})
    report.check(bool(spec.get("selector")) and from_set(spec.get("selector")).matches(template),
                 f"its selector {spec.get('selector')} picks the Deployment's Pods",
                 f"its selector {spec.get('selector')} does not match the Deployment's "
                 f"Pod labels {template}")
    ip = _node_ip(c, node)
    if not report.check(any(_ready(p) for p in pods) and ip is not None,
                        f"it has ready Pods ({len(pods)} selected)",
                        f"none of the Pods it selects is ready yet: {ADVANCE}"):
        return report.show()
    response = c.request(f"http://{ip}:{node_port}", client=None)
    names = {p["metadata"]["name"] for p in pods}
    report.check(response.status == 200 and response.pod in names,
                 f"http://{ip}:{node_port} from outside answers 200 from {response.pod}",
                 f"http://{ip}:{node_port} from outside: "
                 f"{response.error or f'HTTP {response.status} from {response.pod}'}")
    report.show()


def check_only_ready_pods(c, name: str = "shop", node: str = "node-1", requests: int = 60,
                          namespace: str = "default") -> None:
    """Exercise 2: a Service whose not-ready Pod is in no endpoint, no rule and gets nothing."""
    report = Report()
    deployment = get_or_none(c, "deployments", name, namespace)
    containers = ((deployment or {}).get("spec", {}).get("template", {}).get("spec", {})
                  .get("containers") or [])
    report.check(any(ct.get("readinessProbe") for ct in containers),
                 f'Deployment "{name}" has a readiness probe',
                 f'no Deployment "{name}" with a readinessProbe yet' if deployment is None
                 else f'Deployment "{name}" has no readinessProbe in its Pod template')
    svc = _service(report, c, name, namespace)
    if svc is None:
        return report.show()
    pods = [p for p in _pods_of(c, svc) if (p.get("status") or {}).get("podIP")]
    ready = [p for p in pods if _ready(p)]
    sick = [p for p in pods if not _ready(p)]
    report.check(bool(sick) and bool(ready),
                 f"{len(sick)} of its {len(pods)} Pods is not ready, {len(ready)} ready",
                 f"want at least one ready and one not-ready Pod, have {len(ready)} ready of "
                 f"{len(pods)} (c.break_container(<pod>, \"fail-readiness\"), then {ADVANCE})")
    if not sick or not ready:
        return report.show()
    sick_ips = {p["status"]["podIP"] for p in sick}
    endpoints = _slice_endpoints(c, svc)
    listed_ready = {a for e in endpoints if (e.get("conditions") or {}).get("ready")
                    for a in e.get("addresses") or []}
    report.check(not sick_ips & listed_ready and bool(listed_ready),
                 "its EndpointSlice lists the not-ready Pod with ready: false",
                 f"its EndpointSlice counts {sorted(sick_ips & listed_ready) or 'no address'} "
                 f"as ready: {ADVANCE}")
    proxy = c.kube_proxies[node]
    rules = proxy.ipvsadm() if proxy.mode == "ipvs" else "\n".join(
        line for line in proxy.iptables_save("nat").splitlines() if f'"{namespace}/{name}' in line)
    leaked = sorted(ip for ip in sick_ips if re.search(rf"{re.escape(ip)}:\d", rules))
    report.check(not leaked, f"{node}'s kube-proxy rules leave the not-ready Pod out",
                 f"{node}'s rules still lead to {leaked}: {ADVANCE}")
    cluster_ip = svc["spec"].get("clusterIP")
    port = (svc["spec"].get("ports") or [{}])[0].get("port", 80)
    answers = _answers(c, f"http://{cluster_ip}:{port}", node, requests)
    sick_names = {p["metadata"]["name"] for p in sick}
    report.check(not sick_names & set(answers) and set(answers) <= {p["metadata"]["name"]
                                                                    for p in ready},
                 f"{requests} requests from {node} reached only ready Pods {answers}",
                 f"{requests} requests from {node} got {answers}")
    report.show()


def check_client_pinned(c, name: str = "sticky", timeout: int = 3600,
                        clients: tuple[str, ...] = ("node-1", "node-2"), requests: int = 30,
                        namespace: str = "default") -> None:
    """Exercise 3: ClientIP affinity for an hour; every client always reaches one Pod."""
    report = Report()
    svc = _service(report, c, name, namespace)
    if svc is None:
        return report.show()
    spec = svc["spec"]
    report.check(spec.get("sessionAffinity") == "ClientIP", "its sessionAffinity is ClientIP",
                 f"its sessionAffinity is {spec.get('sessionAffinity')}, want ClientIP")
    seconds = ((spec.get("sessionAffinityConfig") or {}).get("clientIP") or {}).get("timeoutSeconds")
    report.check(seconds == timeout, f"the affinity lasts {timeout} s",
                 f"the affinity lasts {seconds} s, want {timeout} (sessionAffinityConfig."
                 f"clientIP.timeoutSeconds)")
    ready = [p for p in _pods_of(c, svc) if _ready(p)]
    if not report.check(len(ready) >= 2, f"it has {len(ready)} ready Pods to choose from",
                        f"it selects {len(ready)} ready Pods: want at least 2 ({ADVANCE})"):
        return report.show()
    proxy = c.kube_proxies[clients[0]]
    if proxy.mode == "iptables":
        rules = [line for line in proxy.iptables_save("nat").splitlines()
                 if f'"{namespace}/{name}' in line and "--rcheck" in line]
        report.check(bool(rules) and all(f"--seconds {timeout} " in line for line in rules),
                     f"{clients[0]}'s rules remember a client for {timeout} s (-m recent)",
                     f"{clients[0]}'s rules have no '-m recent --rcheck --seconds {timeout}' "
                     f"for {namespace}/{name} yet: {ADVANCE}")
    port = (spec.get("ports") or [{}])[0].get("port", 80)
    for client in clients:
        answers = _answers(c, f"http://{spec.get('clusterIP')}:{port}", client, requests)
        report.check(len(answers) == 1 and next(iter(answers)) in {p["metadata"]["name"]
                                                                   for p in ready},
                     f"{requests} requests from {client} all reached {next(iter(answers))}",
                     f"{requests} requests from {client} reached {answers}")
    report.show()


def check_sep_chain(c, chain: str, pod: str, service: str = "kubia", node: str = "node-1",
                    namespace: str = "default") -> None:
    """Exercise 4: `chain` is the KUBE-SEP chain of `service` on `node` that DNATs to `pod`."""
    report = Report()
    chain = (chain or "").strip()
    if not report.check(chain.startswith("KUBE-SEP-"), f"{chain} is an endpoint chain",
                        f"{chain!r} is not a KUBE-SEP-… chain name: read "
                        f'c.kube_proxies["{node}"].iptables_save("nat")'):
        return report.show()
    found = get_or_none(c, "pods", pod, namespace)
    ip = ((found or {}).get("status") or {}).get("podIP")
    if not report.check(bool(ip), f"Pod {pod} has the IP {ip}",
                        f"Pod {pod} does not exist or has no IP"):
        return report.show()
    targets = {}
    for line in c.kube_proxies[node].iptables_save("nat").splitlines():
        match = DNAT.match(line)
        if match:
            targets[match.group(1)] = (match.group(2), match.group(3))
    if not report.check(chain in targets, f"{node}'s nat table has a chain {chain}",
                        f"{node}'s nat table has no chain {chain}"):
        return report.show()
    comment, destination = targets[chain]
    owner = comment.split(":")[0]
    report.check(owner == f"{namespace}/{service}", f"it belongs to the Service {owner}",
                 f"it belongs to the Service {owner}, not {namespace}/{service}")
    report.check(destination.rsplit(":", 1)[0] == ip, f"it DNATs to {destination}: {pod}",
                 f"it DNATs to {destination}, not to {pod} ({ip})")
    report.show()
