"""From Ingresses to nginx servers and locations (internal/ingress/controller/controller.go:
getBackendServers, createUpstreams, createServers, serviceEndpoints).

ingress-nginx rebuilds its whole configuration from its caches on every change:

* It walks the Ingresses it serves oldest first (sortIngressSlice: creation time, then
  namespace/name). Every rule host becomes a server; rules without a host join the
  default server `_`. A new server starts with `location /` pointing at the Ingress's
  `spec.defaultBackend` if it has one, else at the controller's default backend.
* Each path becomes a location of its host's server. Ingresses for the same host are
  merged into one server; when two of them declare the same path with the same
  pathType the older Ingress keeps it (a later one only replaces a `location /` that
  still points at a default backend).
* An Ingress with a defaultBackend and no rules takes over the default server's
  `location /`: the catch-all for every request no rule matches.
* An upstream is `<namespace>-<service>-<port>`; its servers are the *endpoints* of the
  Service — Pod IPs and target ports read from its EndpointSlices, ready ones only —
  not the ClusterIP: nginx balances itself and kube-proxy's rules are not involved
  (unless the `service-upstream` annotation asks for the ClusterIP; not modelled).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .matching import host_matches

DEFAULT_SERVER = "_"
SERVICE_NAME_LABEL = "kubernetes.io/service-name"


@dataclass
class Upstream:
    namespace: str
    service: str
    port: str                                # the backend's port: `80` or `http`
    endpoints: list[tuple[str, int]] = field(default_factory=list)   # (Pod IP, target port)

    @property
    def name(self) -> str:
        return f"{self.namespace}-{self.service}-{self.port}"

    def __str__(self) -> str:
        return f"{self.namespace}/{self.service}:{self.port}"


@dataclass
class Location:
    path: str
    path_type: str
    upstream: Upstream | None          # None: the controller's own default backend (404)
    ingress: str = ""                  # the Ingress that defined it
    is_def_backend: bool = False       # a server's initial `location /`


@dataclass
class Server:
    hostname: str
    locations: list[Location]


def _key(obj: dict) -> tuple:
    meta = obj["metadata"]
    return (meta.get("creationTimestamp", ""), meta.get("namespace", ""), meta["name"])


def upstream_for(backend: dict | None, namespace: str, services: dict, slices: dict
                 ) -> Upstream | None:
    """The upstream of an IngressBackend's Service (None for a resource backend)."""
    service = (backend or {}).get("service")
    if service is None:
        return None
    port = service.get("port") or {}
    wanted = port.get("number") or port.get("name") or ""
    upstream = Upstream(namespace, service.get("name", ""), str(wanted))
    svc = services.get((namespace, upstream.service))
    if svc is None or svc.get("spec", {}).get("type") == "ExternalName":
        return upstream                      # "Error obtaining Service": no endpoints
    for sp in svc["spec"].get("ports") or []:
        if sp.get("port") == wanted or (sp.get("name") and sp.get("name") == wanted):
            upstream.endpoints = _endpoints(slices.get((namespace, upstream.service), []),
                                            sp.get("name") or "")
            break
    return upstream


def _endpoints(slices: list[dict], port_name: str) -> list[tuple[str, int]]:
    """getEndpointsFromSlices: the ready addresses of the slices' port of that name."""
    found: list[tuple[str, int]] = []
    for eps in sorted(slices, key=lambda s: s["metadata"]["name"]):
        ports = [p for p in eps.get("ports") or [] if (p.get("name") or "") == port_name]
        for port in ports:
            for ep in eps.get("endpoints") or []:
                if (ep.get("conditions") or {}).get("ready") is False:
                    continue
                for address in ep.get("addresses") or []:
                    if (address, port["port"]) not in found:
                        found.append((address, port["port"]))
    return found


def slices_by_service(slices: list[dict]) -> dict:
    grouped: dict[tuple, list] = {}
    for eps in slices:
        name = (eps["metadata"].get("labels") or {}).get(SERVICE_NAME_LABEL)
        if name:
            grouped.setdefault((eps["metadata"]["namespace"], name), []).append(eps)
    return grouped


def build_servers(ingresses: list[dict], services: dict, slices: dict) -> dict[str, Server]:
    """getBackendServers: hostname -> Server, `_` always present."""
    servers = {DEFAULT_SERVER: Server(DEFAULT_SERVER, [Location("/", "Prefix", None,
                                                                is_def_backend=True)])}
    for ing in sorted(ingresses, key=_key):
        namespace, name = ing["metadata"]["namespace"], ing["metadata"]["name"]
        spec = ing.get("spec") or {}
        default = upstream_for(spec.get("defaultBackend"), namespace, services, slices)
        rules = spec.get("rules") or []
        root = servers[DEFAULT_SERVER].locations[0]
        if default is not None and not rules and root.is_def_backend:
            servers[DEFAULT_SERVER].locations[0] = Location("/", "Prefix", default, name)
        for rule in rules:
            host = rule.get("host") or DEFAULT_SERVER
            if host not in servers:
                servers[host] = Server(host, [Location("/", "Prefix", default, name,
                                                       is_def_backend=True)])
            server = servers[host]
            for path in (rule.get("http") or {}).get("paths") or []:
                _add_location(server, path, name, upstream_for(path.get("backend"), namespace,
                                                               services, slices))
    return servers


def _add_location(server: Server, path: dict, ingress: str, upstream: Upstream | None) -> None:
    nginx_path = path.get("path") or "/"
    path_type = path.get("pathType") or "ImplementationSpecific"
    for i, loc in enumerate(server.locations):
        if loc.path == nginx_path and loc.path_type == path_type:
            if loc.is_def_backend:      # replace the default backend's `location /`
                server.locations[i] = Location(nginx_path, path_type, upstream, ingress)
            return                      # "Location already configured": the older one stays
    server.locations.append(Location(nginx_path, path_type, upstream, ingress))


def find_server(servers: dict[str, Server], host: str) -> Server:
    """nginx's server_name order: the exact name, then the wildcard regexes in the order
    ingress-nginx writes the servers (sorted by hostname), then the default server."""
    if host in servers and host != DEFAULT_SERVER:
        return servers[host]
    for name in sorted(servers):
        if name.startswith("*.") and host_matches(name, host):
            return servers[name]
    return servers[DEFAULT_SERVER]
