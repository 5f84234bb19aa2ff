"""`Cluster.request`: one HTTP request along the path a real one takes.

    client ──DNS──▶ name → IP (CoreDNS, through the kube-dns Service like any packet)
           ──TCP──▶ the client node's kube-proxy rules (iptables or IPVS) pick an endpoint
           ──────▶ the pod network delivers to the node owning that IP
           ──────▶ the container listening on the port answers (or, for ingress-nginx,
                   forwards to a backend it chose)

Who the client is decides where the packet starts: a Pod sends from its IP on its node
(nat PREROUTING of that node), a node from its own IP (nat OUTPUT) and a client outside
the cluster enters at the node whose IP it addressed (a NodePort) or the one announcing
a LoadBalancer IP. Names resolve only where a resolver knows them: a Pod's resolv.conf
points at the cluster DNS; a node's and the outside world's do not, so
`web.default.svc.cluster.local` from a node fails as `curl` on a real node fails.

A request takes no virtual time (a LAN round trip is far below the model's resolution),
so a thousand of them see the same rules — and the same seed gives the same spread.
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

from ..api.names import is_ip
from ..proxy import Packet, route
from .http import Hop, Request, Response, parse_url

if TYPE_CHECKING:
    from ..cluster import Cluster

# A laptop on the nodes' LAN (the nodes are 192.168.1.10 and up): the "outside" client.
OUTSIDE_IP = "192.168.1.2"
APISERVER_PORT = 6443
LOOPBACK = "127.0.0.1"
PUBLIC_PATHS = ("/healthz", "/livez", "/readyz")

NOT_RESOLVED, REFUSED = "Could not resolve host", "Connection refused"
UNREACHABLE, NO_ANSWER = "Connection timed out", "Operation timed out"


class Origin:
    """Where a request starts: its source IP, its node (None outside) and its Pod."""

    def __init__(self, cluster: "Cluster", client: str | None, namespace: str) -> None:
        self.pod: dict | None = None
        self.node: str | None = None
        self.ip = OUTSIDE_IP
        if client is None:
            return
        if client in cluster.kube_proxies:
            self.node, self.ip = client, cluster.kube_proxies[client].node_ip
            return
        # The packet leaves from a sandbox, so the node's kubelet knows the Pod already; ask
        # the API server (NotFound, or a Pod not yet on a node) only when no kubelet does —
        # a request is no kubectl command, and must not show up as one in the trace.
        pod = _local_pod(cluster, client, namespace) or cluster.get("pods", client, namespace)
        node = pod["spec"].get("nodeName")
        # The sandbox's address: a container's first command may run before the kubelet
        # has written the Pod's status, but its network namespace is already there.
        ip = (pod.get("status") or {}).get("podIP") or _sandbox_ip(cluster, node, pod)
        if not ip:
            raise ValueError(f"pod {client} does not have a host assigned" if not node
                             else f"pod {client} has no network yet")
        self.pod, self.node, self.ip = pod, node, ip

    @property
    def name(self) -> str:
        if self.pod is not None:
            return f"pod/{self.pod['metadata']['name']}"
        return self.node or "outside"


def _local_pod(cluster, name: str, namespace: str) -> dict | None:
    for kubelet in cluster.kubelets.values():
        for worker in kubelet.workers.values():
            meta = worker.pod["metadata"]
            if meta["name"] == name and meta.get("namespace") == namespace \
                    and not worker.state.terminal_phase:
                return worker.pod
    return None


def _sandbox_ip(cluster, node: str | None, pod: dict) -> str | None:
    kubelet = cluster.kubelets.get(node) if node else None
    if kubelet is None:
        return None
    return next((sandbox.ip for sandbox in kubelet.runtime.sandboxes.values()
                 if sandbox.uid == pod["metadata"]["uid"] and sandbox.state == "SANDBOX_READY"),
                None)


def request(cluster: "Cluster", url: str, client: str | None = None,
            namespace: str = "default", host: str = "") -> Response:
    """Send GET `url` from `client` (a node name, a Pod name in `namespace`, or None for a
    machine outside the cluster) and return who answered and how it got there. `host`
    sets the Host header, as `curl -H "Host: foo.bar.com"` does for an Ingress."""
    origin = Origin(cluster, client, namespace)
    req = parse_url(url, host)
    hops: list[Hop] = []
    ip = _resolve(cluster, req.host, origin, hops)
    if ip is None:
        return Response(0, hops=hops, error=NOT_RESOLVED)
    answer = connect(cluster, origin, ip, req, hops)
    answer.address = ip
    return answer


def _resolve(cluster, host: str, origin: Origin, hops: list[Hop]) -> str | None:
    if host == "localhost":          # /etc/hosts, before any DNS
        return LOOPBACK
    if is_ip(host):
        return host
    if origin.node is None:   # the outside world's DNS knows nothing of the cluster
        hops.append(Hop(origin.name, f"{host}: no resolver knows this name"))
        return None
    resolution = (cluster.dns.resolve(host, pod=origin.pod) if origin.pod is not None
                  else cluster.dns.resolve(host, node=origin.node))
    addresses = list(resolution.addresses)
    if not addresses:
        hops.append(Hop("dns", f"{host}: {resolution.error}"))
        return None
    hops.append(Hop("dns", f"{host} → {resolution.canonical_name or resolution.name} → "
                           f"{addresses[0]}"))
    return addresses[0]


def connect(cluster, origin: Origin, ip: str, req: Request, hops: list[Hop]) -> Response:
    """A TCP connection to ip:port through the client node's rules, then the HTTP exchange.
    Loopback stays inside the client's network namespace: a Pod's containers share one, so
    `wget localhost` from one container reaches the server in the other."""
    if ip == LOOPBACK and origin.node is not None:
        return deliver(cluster, origin.ip, req.port, req, hops)
    lan = cluster.metallb.lan() if origin.node is None else None
    if lan is not None and ip in cluster.metallb.pool and ip not in lan:
        hops.append(Hop("outside", f"{ip}: no node answers ARP for it"))
        return Response(0, hops=hops, error=UNREACHABLE)
    path = route(cluster.kube_proxies, origin.node, Packet(origin.ip, ip, req.port, "TCP"), lan)
    hops.extend(Hop(node, chain) for node, chain in path.hops)
    if path.error:
        return Response(0, hops=hops, error=path.error)
    host, port = path.endpoint.rsplit(":", 1)
    return deliver(cluster, host, int(port), req, hops)


def deliver(cluster, ip: str, port: int, req: Request, hops: list[Hop]) -> Response:
    """The pod network carries the packet to the node owning `ip`; the container listening
    on `port` answers. A node cut off from the network (Cluster.fail_node) answers nothing."""
    endpoint = f"{ip}:{port}"
    node = _owner(cluster, ip)
    if node is None or not cluster.kubelets[node].client.connected:
        hops.append(Hop(node or ip, "no route to the host: the SYN goes unanswered"))
        return Response(0, endpoint=endpoint, hops=hops, error=UNREACHABLE)
    if ip == cluster.kube_proxies[node].node_ip and port == APISERVER_PORT \
            and _apiserver_node(cluster) == node:
        return _apiserver_answer(req, node, endpoint, hops)
    runtime = cluster.kubelets[node].runtime
    container = runtime.dial(ip, port)
    if container is None:
        hops.append(Hop(node, f"{endpoint}: nothing listens there (RST)"))
        return Response(0, endpoint=endpoint, node=node, hops=hops, error=REFUSED)
    sandbox = runtime.sandboxes[container.sandbox_id]
    if container.image.program == "ingress-nginx" and cluster.ingress is not None:
        hops.append(Hop(f"pod/{sandbox.name}", f"ingress-nginx on {node} reads Host and path"))
        # nginx opens its own connection to the backend Pod: a new path from here on.
        forward = lambda to_ip, to_port, fwd: deliver(cluster, to_ip, to_port, fwd, [])  # noqa: E731
        answer = cluster.ingress.handle(req, forward)
        answer.hops = hops + answer.hops
        return answer
    status, body = runtime.serve_http(container.id, sandbox.name)
    if status == 0:
        hops.append(Hop(f"pod/{sandbox.name}", "accepted the connection, never answered"))
        return Response(0, pod=sandbox.name, namespace=sandbox.namespace, node=node,
                        endpoint=endpoint, hops=hops, error=NO_ANSWER)
    hops.append(Hop(f"pod/{sandbox.name}", f"{container.name} answered {status}"))
    return Response(status, body, sandbox.name, sandbox.namespace, node, endpoint, hops)


def _owner(cluster, ip: str) -> str | None:
    """The node an address lives on: its own IP, or the podCIDR its Pod IP came from."""
    address = ipaddress.ip_address(ip)
    for name, proxy in cluster.kube_proxies.items():
        if proxy.node_ip == ip:
            return name
        ipam = cluster.kubelets[name].runtime.ipam
        if ipam is not None and address in ipam.network:
            return name
    return None


def _apiserver_node(cluster) -> str | None:
    pods = [p for p in cluster.list("pods", "kube-system", "component=kube-apiserver")]
    return pods[0]["spec"]["nodeName"] if pods else None


def _apiserver_answer(req: Request, node: str, endpoint: str, hops: list[Hop]) -> Response:
    """kube-apiserver on the host network: an anonymous request is authenticated as
    system:anonymous and forbidden all but the health checks; plain HTTP to its TLS port gets Go's answer."""
    hops.append(Hop(f"pod/kube-apiserver-{node}", "kube-apiserver answered"))
    if req.scheme != "https":
        return Response(400, "Client sent an HTTP request to an HTTPS server.\n",
                        f"kube-apiserver-{node}", "kube-system", node, endpoint, hops)
    if req.path in PUBLIC_PATHS:   # the system:public-info-viewer ClusterRole's paths
        return Response(200, "ok", f"kube-apiserver-{node}", "kube-system", node, endpoint, hops)
    body = ('{\n  "kind": "Status",\n  "apiVersion": "v1",\n  "metadata": {},\n'
            '  "status": "Failure",\n'
            f'  "message": "forbidden: User \\"system:anonymous\\" cannot get path \\"{req.path}\\"",\n'
            '  "reason": "Forbidden",\n  "details": {},\n  "code": 403\n}')
    return Response(403, body, f"kube-apiserver-{node}", "kube-system", node, endpoint, hops)

