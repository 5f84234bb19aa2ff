"""One HTTP exchange in the model: the request a client sends and what comes back.

`Cluster.request(url, client=…)` builds a `Request`, sends it along the real path
(DNS → Service IP → the client node's kube-proxy rules → an endpoint → the container)
and returns a `Response` that says who answered and which hops it took. A program that
is itself a proxy — ingress-nginx — receives the `Request` and forwards it on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class Request:
    host: str                 # as written in the URL (a name or an IP): the Host header
    port: int
    path: str = "/"
    method: str = "GET"
    scheme: str = "http"
    host_header: str = ""     # `curl -H "Host: foo.bar.com"`: the name a virtual host sees

    @property
    def virtual_host(self) -> str:
        """What nginx matches server names against: the Host header, else the URL's host."""
        return self.host_header or self.host

    @property
    def url(self) -> str:
        default = DEFAULT_PORTS.get(self.scheme)
        port = "" if self.port == default else f":{self.port}"
        return f"{self.scheme}://{self.host}{port}{self.path}"


def parse_url(url: str, host_header: str = "") -> Request:
    """`web`, `web:8080/x`, `http://10.96.0.20/` — curl's and wget's leniency: a URL
    without a scheme is http. `host_header` overrides the Host header (curl -H)."""
    parts = urlsplit(url if "://" in url else f"http://{url}")
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise ValueError(f'Protocol "{scheme}" not supported')
    path = parts.path or "/"
    if parts.query:
        path += f"?{parts.query}"
    return Request(parts.hostname or "", parts.port or DEFAULT_PORTS[scheme], path, "GET",
                   scheme, host_header)


@dataclass
class Hop:
    """One step of the way: `where` a node, a Pod or "dns"; `what` happened there."""
    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


@dataclass
class Response:
    status: int                        # HTTP status; 0 when no HTTP answer came back
    body: str = ""
    pod: str | None = None             # the Pod that answered (its name)
    namespace: str | None = None
    node: str | None = None            # where that Pod runs
    endpoint: str | None = None        # `ip:port` the connection reached
    hops: list[Hop] = field(default_factory=list)
    error: str | None = None           # why nothing answered, in the words of the OS/curl:
    #                                    "Could not resolve host", "Connection refused",
    #                                    "Connection timed out"
    address: str | None = None         # the IP the client connected to (after DNS)

    @property
    def ok(self) -> bool:
        return self.error is None and 200 <= self.status < 400
