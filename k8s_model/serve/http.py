"""The HTTP server: kube-apiserver's handler chain in front of `APIServer.handle`.

    authentication (the kubeconfig's bearer token) → impersonation headers → routing
    → the model's API server (authorization, admission, validation, etcd) → JSON

It binds to loopback only, like a kubeconfig for a local cluster expects. All model
calls happen under the cluster's lock: HTTP requests arrive on server threads while the
notebook may be advancing the clock, and each must see the cluster between two steps,
never in the middle of one.
"""

from __future__ import annotations

import ipaddress
import json
import queue
import secrets
import ssl
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ..api import errors
from ..api.authz import ADMIN
from ..api.impersonation import Impersonation
from ..api.server import Request
from ..api.tables import convert_to_table
from . import discovery, routing
from .certs import make_serving_certs
from .kubeconfig import write_kubeconfig

UNAUTHORIZED = errors._status(401, "Unauthorized", "Unauthorized")
NOT_FOUND = errors._status(404, "NotFound", "the server could not find the requested resource")


class APIServerHTTP:
    """A running server: `.url`, `.kubeconfig` (a file path), `.token`, `.stop()`."""

    def __init__(self, cluster, host: str = "127.0.0.1", port: int = 0,
                 kubeconfig: str | Path | None = None) -> None:
        if not ipaddress.ip_address(host).is_loopback:
            raise ValueError(f"serve() binds to loopback only, not {host}")
        self.cluster, self.token = cluster, secrets.token_hex(16)
        self._stopping = threading.Event()
        self.open_watches = 0   # streams being served now (kubectl get -w, informers)
        self.httpd = ThreadingHTTPServer((host, port), _handler_class(self))
        self.httpd.daemon_threads = True
        self.url = f"https://{host}:{self.httpd.server_address[1]}"
        path = Path(kubeconfig) if kubeconfig else Path(tempfile.mkdtemp(prefix="k8s-book-")) / "config"
        certs = make_serving_certs(host)
        self.ca_file = path.parent / "ca.crt"
        self.ca_file.parent.mkdir(parents=True, exist_ok=True)
        self.ca_file.write_bytes(certs.ca_pem)
        (path.parent / "apiserver.crt").write_bytes(certs.cert_pem)
        (path.parent / "apiserver.key").write_bytes(certs.key_pem)
        (path.parent / "apiserver.key").chmod(0o600)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(path.parent / "apiserver.crt", path.parent / "apiserver.key")
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.kubeconfig = str(write_kubeconfig(path, self.url, self.token, certs.ca_pem))
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def __repr__(self) -> str:
        return f"<API server {self.url}, KUBECONFIG={self.kubeconfig}>"

    # -- what one request does, under the cluster's lock ---------------------------------------
    def call(self, method: str, target: str, headers, raw: bytes):
        """(code, body) for a non-watch request, or ("watch", request, as_table)."""
        parts, query = routing.split_path(target)
        api = self.cluster.api
        found = self._discovery(parts, api)
        if found is not None:
            return 200, found
        r = routing.route(parts)
        if r is None:
            return 404, NOT_FOUND
        try:
            rt = api.resources.by_plural(r.plural, r.group)
        except KeyError:
            return 404, NOT_FOUND
        if rt.version != r.version or (r.namespace is not None and not rt.namespaced):
            return 404, NOT_FOUND
        verb = routing.verb(method, r, query)
        content_type = headers.get("Content-Type", "")
        body = routing.body_json(raw, content_type)
        request = Request(
            verb, rt, r.namespace if rt.namespaced else None, r.name, r.subresource,
            body=body if verb != "delete" else None, user=ADMIN,
            client=headers.get("User-Agent", "http").split(" ")[0],
            dry_run=query.get("dryRun") == "All",
            field_validation=query.get("fieldValidation", "Strict"),
            label_selector=query.get("labelSelector") or None,
            field_selector=query.get("fieldSelector") or None,
            resource_version=query.get("resourceVersion") or None,
            as_table=routing.wants_table(headers.get("Accept", "")),
            impersonate=_impersonation(headers))
        if verb == "patch":
            request.patch_type = routing.patch_type(content_type)
        if verb in ("delete", "deletecollection"):
            options = body or {}
            request.propagation_policy = query.get("propagationPolicy") or options.get("propagationPolicy")
            grace = query.get("gracePeriodSeconds", options.get("gracePeriodSeconds"))
            request.grace_period_seconds = int(grace) if grace is not None else None
        if verb == "watch":
            return "watch", request, request.as_table
        try:
            result = api.handle(request)
        finally:   # watchers hear of a write at once, as after the model's own kubectl
            self.cluster.sim.settle()
        code = 201 if verb == "create" and not request.dry_run else 200
        return code, result

    def _discovery(self, parts: list[str], api) -> dict | None:
        if parts == ["version"]:
            return discovery.version()
        if parts == ["api"]:
            return discovery.api_versions(self.url.split("//", 1)[1])
        if parts == ["apis"]:
            return discovery.group_list(api.resources.all)
        if len(parts) == 2 and parts[0] == "api":
            return discovery.resource_list(api.resources.all, "", parts[1])
        if len(parts) == 3 and parts[0] == "apis":
            return discovery.resource_list(api.resources.all, parts[1], parts[2])
        return None


def _impersonation(headers) -> Impersonation | None:
    user = headers.get("Impersonate-User")
    if not user:
        return None
    return Impersonation(user, tuple(headers.get_all("Impersonate-Group") or ()),
                         headers.get("Impersonate-Uid") or "")


def _handler_class(server: APIServerHTTP) -> type:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):   # the notebook is not a log
            pass

        def _reply(self, code: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            if self.headers.get("Authorization") != f"Bearer {server.token}":
                return self._reply(401, UNAUTHORIZED)
            with server.cluster.lock:
                try:
                    answer = server.call(self.command, self.path, self.headers, raw)
                except errors.ApiError as error:
                    return self._reply(error.code, error.status)
                if answer[0] == "watch":
                    events, handle = self._start_watch(answer[1], answer[2])
            if answer[0] != "watch":
                return self._reply(*answer)
            self._stream(events, handle)

        def _start_watch(self, request: Request, as_table: bool):
            events: queue.Queue = queue.Queue()
            first = [True]
            sim = server.cluster.sim

            def deliver(event) -> None:
                obj = event.object
                if as_table:   # headers only in the first event (handlers/watch.go)
                    obj = convert_to_table(event.resource, [obj], sim.now,
                                           no_headers=not first[0])
                    first[0] = False
                events.put({"type": event.type, "object": obj})

            request.watch_callback = deliver
            handle = server.cluster.api.handle(request)
            server.open_watches += 1
            return events, handle

        def _stream(self, events: queue.Queue, handle) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            try:
                while not server._stopping.is_set():
                    try:
                        event = events.get(timeout=0.2)
                    except queue.Empty:
                        continue
                    data = json.dumps(event).encode() + b"\n"
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass
            finally:
                with server.cluster.lock:
                    handle.stop()
                    server.open_watches -= 1
                self.close_connection = True

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

    return Handler


def serve(cluster, host: str = "127.0.0.1", port: int = 0,
          kubeconfig: str | Path | None = None) -> APIServerHTTP:
    return APIServerHTTP(cluster, host, port, kubeconfig)
