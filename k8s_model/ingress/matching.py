"""Which server and which location take a request, as nginx decides with the
configuration ingress-nginx writes (rootfs/etc/nginx/template/nginx.tmpl, template.go
buildServerName / buildLocation).

Servers. Each Ingress host is an nginx `server` block. A wildcard host `*.foo.com`
becomes the regex server name `~^(?<subdomain>[\\w-]+)\\.foo\\.com$`: it covers exactly
one DNS label, as the Ingress API says (the docs' "Hostname wildcards" table). nginx
tries exact names first, then the regexes; anything else — an unknown host, an IP
address — goes to the default server `_`, which also holds the rules without a host.

Locations. The Ingress path types, as the API defines them:

* Exact: the request path equals the path, case-sensitively; `/foo` is not `/foo/`.
* Prefix: the path's `/`-separated elements are a prefix of the request path's
  elements; a trailing slash is ignored on both sides, so `/aaa/bbb` matches
  `/aaa/bbb`, `/aaa/bbb/` and `/aaa/bbb/ccc` but not `/aaa/bbbxyz`. ingress-nginx
  writes it as two locations (updateServerLocations): a prefix `location /aaa/bbb/`
  and an exact `location = /aaa/bbb`.
* ImplementationSpecific: ingress-nginx writes `location /aaa` as given — nginx's plain
  string prefix, so `/aaa` *does* match `/aaaxyz`.

The longest matching path wins; at equal length Exact wins over Prefix (nginx checks
`location =` first). Without a match, the server's `location /` answers: the Ingress's
defaultBackend, or the controller's own 404.

One deliberate simplification: for a path written with a trailing slash (`/aaa/bbb/`)
real nginx answers a request for `/aaa/bbb` with a 301 redirect to `/aaa/bbb/` (its
proxy_pass auto-redirect) rather than serving it at once; the model serves it, which is
where the redirect leads and what the Ingress API documents.
"""

from __future__ import annotations

import re


def host_matches(rule_host: str, host: str) -> bool:
    """The Ingress host (exact, or `*.` + suffix for exactly one label) against the
    Host header's name (lower-case, no port)."""
    if rule_host.startswith("*."):
        suffix = rule_host[1:]
        return host.endswith(suffix) and re.fullmatch(r"[\w-]+", host[:-len(suffix)]) is not None
    return rule_host == host


def split_host(header: str) -> str:
    """The Host header without its port, lower-case, as nginx's $host."""
    host = header.lower()
    if host.startswith("["):
        return host[:host.index("]") + 1]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def elements(path: str) -> list[str]:
    """A path's elements: `/aaa/bbb/` -> ['aaa', 'bbb'] (the trailing slash adds nothing)."""
    return [part for part in path.split("/") if part]


def path_matches(path_type: str, path: str, request_path: str) -> int | None:
    """How well `request_path` (no query) matches one Ingress path: the matched length
    (longer wins), or None. Exact scores one more than a Prefix of the same path."""
    path = path or "/"
    if path_type == "Exact":
        return 2 * len(path) + 1 if request_path == path else None
    if path_type == "Prefix":
        want, have = elements(path), elements(request_path)
        if have[:len(want)] != want:
            return None
        return 2 * len("/" + "/".join(want))
    # ImplementationSpecific: nginx's string prefix.
    return 2 * len(path) if request_path.startswith(path) else None


def best_location(locations: list, request_path: str):
    """The location taking `request_path` (each has `path` and `path_type`); the first
    of equally good ones, as ingress-nginx keeps the first Ingress's path."""
    path = request_path.split("?", 1)[0]
    best, score = None, -1
    for location in locations:
        found = path_matches(location.path_type, location.path, path)
        if found is not None and found > score:
            best, score = location, found
    return best
