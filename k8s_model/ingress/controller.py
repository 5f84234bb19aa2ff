"""The ingress-nginx controller process (cmd/nginx, internal/ingress/controller/
nginx.go, store/store.go, status/status.go, rootfs/etc/nginx/lua/balancer).

Like kube-proxy it is a client of the API server — informers on Ingresses,
IngressClasses, Services, EndpointSlices and its own Pods, under its ServiceAccount
`ingress-nginx/ingress-nginx` — and it turns what it sees into proxy configuration:
here `config.build_servers`, rebuilt on every change, where the real one renders
nginx.conf and hands endpoints to its Lua balancer.

* Each Ingress it serves gets an Event `Normal Sync … Scheduled for sync` from
  `nginx-ingress-controller` when it is added or changed (store.go's event handlers).
* The status updater (status.go) runs once the controller Pod is ready (it is the
  leader: one replica) and then every 60 s (--status-update-interval): it writes the
  published address into `status.loadBalancer.ingress` of every Ingress it serves —
  the ADDRESS column of `kubectl get ingress`, empty until then.
  With `--publish-service=ingress-nginx/ingress-nginx-controller` (the add-on's
  choice: the Service is a LoadBalancer with an address from MetalLB) the address is
  that Service's; without the flag it would be the IPs of the nodes running it.
* `handle(request, forward)` is nginx answering one request that reached its port 80.
  It picks the server and location (matching.py), then one ready endpoint of the
  location's upstream in turn: the Lua balancer's default `load-balance:
  round_robin` (resty.roundrobin starts each upstream's rotation at a random
  endpoint, so replicas of the controller do not all start at the same Pod).
  `forward(ip, port, request)` dials that Pod directly, bypassing the ClusterIP.
  No matching rule: nginx's own 404; an upstream without ready endpoints: 503.
"""

from __future__ import annotations

from ..api.authz import service_account_user
from ..client import Client
from ..controllers.base import Informer
from ..net.http import Hop, Request, Response
from ..record import EventRecorder
from . import classes, config, pages
from .matching import best_location, split_host

NAMESPACE = "ingress-nginx"
SERVICE = "ingress-nginx-controller"
POD_SELECTOR = {"app.kubernetes.io/name": "ingress-nginx",
                "app.kubernetes.io/component": "controller"}
STATUS_UPDATE_INTERVAL = 60.0      # --status-update-interval default, seconds
COMPONENT = "nginx-ingress-controller"


class IngressController:
    def __init__(self, sim, server, publish_service: str | None = f"{NAMESPACE}/{SERVICE}",
                 watch_without_class: bool = True) -> None:
        self.sim = sim
        self.client = Client(server, "ingress-nginx",
                             service_account_user(NAMESPACE, "ingress-nginx"))
        self.publish_service = publish_service
        self.watch_without_class = watch_without_class
        self.recorder = EventRecorder(sim, self.client, component=COMPONENT)
        self.servers: dict[str, config.Server] = {}
        self._turn: dict[str, tuple[tuple, int]] = {}   # upstream -> (endpoints, next index)
        self._leading = False
        self.ingresses = Informer(self.client, "ingresses")
        self.ingress_classes = Informer(self.client, "ingressclasses")
        self.services = Informer(self.client, "services")
        self.endpoint_slices = Informer(self.client, "endpointslices")
        self.pods = Informer(self.client, "pods")
        self.ingresses.add_handler(self._on_ingress)
        for informer in (self.ingress_classes, self.services, self.endpoint_slices):
            informer.add_handler(lambda type_, obj, old: self.sync())
        self.pods.add_handler(lambda type_, obj, old: self._on_pod())
        self.sync()

    # -- the store ------------------------------------------------------------------------
    def served(self) -> list[dict]:
        ours = classes.our_classes(self.ingress_classes.list())
        return [ing for ing in self.ingresses.list()
                if classes.serves(ing, ours, self.watch_without_class)]

    def _on_ingress(self, type_: str, obj: dict, old: dict | None) -> None:
        # store.go's handlers: any change of an Ingress we serve, its status included
        # (so the status update brings the second "Scheduled for sync": x2).
        ours = classes.our_classes(self.ingress_classes.list())
        if type_ != "DELETED" and obj != old and classes.serves(obj, ours,
                                                                 self.watch_without_class):
            self.recorder.eventf(obj, "Normal", "Sync", "Scheduled for sync")
        self.sync()

    def sync(self) -> None:
        """syncIngress: the whole configuration again from the caches."""
        services = {(s["metadata"]["namespace"], s["metadata"]["name"]): s
                    for s in self.services.list()}
        slices = config.slices_by_service(self.endpoint_slices.list())
        self.servers = config.build_servers(self.served(), services, slices)

    # -- the status updater -----------------------------------------------------------------
    def pod(self) -> dict | None:
        """The controller's ready Pod (one replica), or None."""
        for pod in sorted(self.pods.list(), key=lambda p: p["metadata"]["name"]):
            labels = pod["metadata"].get("labels") or {}
            if pod["metadata"].get("namespace") != NAMESPACE or any(
                    labels.get(k) != v for k, v in POD_SELECTOR.items()):
                continue
            if pod["metadata"].get("deletionTimestamp"):
                continue
            ready = [c for c in (pod.get("status") or {}).get("conditions") or []
                     if c.get("type") == "Ready"]
            if ready and ready[0].get("status") == "True":
                return pod
        return None

    def _on_pod(self) -> None:
        if not self._leading and self.pod() is not None:
            self._leading = True          # leader elected: sync now, then every 60 s
            self.sim.call_later(0, self._status_loop)
        elif self._leading and self.pod() is None:
            self._leading = False

    def _status_loop(self) -> None:
        if not self._leading:
            return
        self.update_status()
        self.sim.call_later(STATUS_UPDATE_INTERVAL, self._status_loop)

    def published_addresses(self) -> list[dict]:
        """statusAddressFromService for --publish-service, else the controller's node."""
        if self.publish_service:
            namespace, _, name = self.publish_service.partition("/")
            svc = self.services.cache.get(f"{namespace}/{name}")
            if svc is None:
                return []
            kind = svc["spec"].get("type")
            if kind == "LoadBalancer":
                found = [{"ip": i["ip"]} if i.get("ip") else {"hostname": i.get("hostname")}
                         for i in (svc.get("status") or {}).get("loadBalancer", {}).get(
                             "ingress") or []]
                return found + [{"ip": ip} for ip in svc["spec"].get("externalIPs") or []]
            if kind == "ExternalName":
                return [{"hostname": svc["spec"].get("externalName")}]
            ips = svc["spec"].get("externalIPs") if kind == "NodePort" else None
            return [{"ip": ip} for ip in ips] if ips else [{"ip": svc["spec"].get("clusterIP")}]
        pod = self.pod()
        return [{"ip": pod["status"]["hostIP"]}] if pod else []

    def update_status(self) -> None:
        addresses = sorted(self.published_addresses(),
                           key=lambda a: (a.get("hostname") or "", a.get("ip") or ""))
        for ing in self.served():
            current = ((ing.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []
            if current == addresses:
                continue
            fresh = self.client.get("ingresses", ing["metadata"]["namespace"],
                                    ing["metadata"]["name"])
            fresh["status"] = {"loadBalancer": {"ingress": addresses} if addresses else {}}
            self.client.update_status("ingresses", fresh)

    # -- nginx ----------------------------------------------------------------------------------
    def route(self, host: str, path: str) -> config.Location:
        """The location nginx picks for a Host header and a path (reads only)."""
        server = config.find_server(self.servers, split_host(host))
        return best_location(server.locations, path)

    def handle(self, request: Request, forward) -> Response:
        """One request on port 80: route it, forward it, or answer 404/503 itself."""
        location = self.route(request.virtual_host, request.path)
        where = f"{request.virtual_host}{request.path}"
        upstream = location.upstream
        if upstream is None:
            return self._answer(404, pages.NOT_FOUND, where + " → default backend: 404")
        route = f"{where} → {upstream} ({location.ingress})"
        if not upstream.endpoints:
            return self._answer(503, pages.SERVICE_UNAVAILABLE,
                                route + ": no ready endpoints, 503")
        ip, port = self._next(upstream)
        response = forward(ip, port, request)
        response.hops = [Hop("ingress-nginx", route), *response.hops]   # a new list
        return response

    def _next(self, upstream: config.Upstream) -> tuple[str, int]:
        """resty.roundrobin: in turn, from a random start after every endpoint change."""
        endpoints = tuple(upstream.endpoints)
        seen, index = self._turn.get(upstream.name, ((), 0))
        if seen != endpoints:
            index = self.sim.random.randrange(len(endpoints))
        self._turn[upstream.name] = (endpoints, (index + 1) % len(endpoints))
        return endpoints[index]

    def _answer(self, status: int, body: str, what: str) -> Response:
        pod = self.pod()
        meta = pod["metadata"] if pod else {}
        return Response(status, body, pod=meta.get("name"), namespace=meta.get("namespace"),
                        node=(pod or {}).get("spec", {}).get("nodeName"),
                        endpoint=f"{pod['status'].get('podIP')}:80" if pod else None,
                        hops=[Hop("ingress-nginx", what)])
