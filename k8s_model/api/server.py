"""The kube-apiserver: the one door to the cluster's state.

Every request — from kubectl, a controller, the scheduler or a kubelet — goes through
`APIServer.handle`, which runs the real pipeline:

    authenticate → authorize → decode (strict fields) → defaults → admission (mutating)
    → validation → persist in etcd → watchers notified

Only the API server talks to the store. Readers get fresh copies; a write that fails
at any stage changes nothing. Verbs live in `handlers.py`; this module is the pipeline
and the bookkeeping around it (the trace, the watch cache's fan-out).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from ..sim import Simulation
from ..trace import Trace, TraceRecord
from . import errors, resources
from .authz import Authorizer, User, ADMIN
from .impersonation import Impersonation, impersonate
from .rbac import GROUP as RBAC_GROUP
from .resources import Registry, ResourceType
from .store import Store


READS = ("get", "list", "watch")


@dataclass
class Request:
    """One API request, as the REST handler sees it after routing."""

    verb: str  # get, list, create, update, patch, delete, deletecollection, watch
    resource: ResourceType
    namespace: str | None = None
    name: str | None = None
    subresource: str | None = None  # status, binding, scale, log …
    body: dict | None = None
    user: User = ADMIN
    client: str = "kubectl"  # the user agent, for the trace
    dry_run: bool = False
    field_validation: str = "Strict"  # Strict, Warn, Ignore
    label_selector: str | None = None
    field_selector: str | None = None
    resource_version: str | None = None
    propagation_policy: str | None = None  # Background, Foreground, Orphan
    grace_period_seconds: int | None = None
    patch_type: str | None = None  # merge, json, strategic, apply
    field_manager: str | None = None  # ?fieldManager= (else the User-Agent names the manager)
    force: bool | None = None  # ?force= : server-side apply takes conflicting fields
    as_table: bool = False
    impersonate: "Impersonation | None" = None  # kubectl --as: the Impersonate-* headers
    watch_callback: Callable | None = field(default=None, repr=False)

    @property
    def trace_resource(self) -> str:
        name = self.resource.group_resource
        return f"{name}/{self.subresource}" if self.subresource else name


@dataclass(frozen=True)
class WatchEvent:
    """What a watcher receives: ADDED, MODIFIED or DELETED and the object as stored."""

    type: str
    object: dict
    resource: ResourceType


class WatchHandle:
    def __init__(self, cancel: Callable[[], None]) -> None:
        self._cancel = cancel

    def stop(self) -> None:
        self._cancel()


class APIServer:
    def __init__(self, sim: Simulation, store: Store, trace: Trace) -> None:
        self.sim, self.store, self.trace = sim, store, trace
        self.authorizer = Authorizer(self)
        # What this server serves: the built-in kinds plus those CRDs add (discovery).
        self.resources = Registry()
        self.namespaces = resources.by_plural("namespaces")
        self.serviceaccounts = resources.by_plural("serviceaccounts")
        # Hooks other control-plane parts register (e.g. the Service IP allocator).
        self.create_hooks: dict[str, list[Callable[[dict], None]]] = {}
        self._shared_event, self._shared_obj = None, None
        from .service_allocation import register
        register(self)
        # The apiextensions-apiserver's controllers that run inside kube-apiserver.
        from .apiextensions.controllers import start_apiextensions
        self.apiextensions = start_apiextensions(self)

    # -- the one handler -------------------------------------------------------------------
    def handle(self, request: Request):
        from . import handlers

        code, name = 200, request.name or _body_name(request.body)
        revision_before = self.store.revision
        try:
            if request.impersonate is not None:
                request.user = impersonate(self.authorizer, request.user, request.impersonate)
            self.authorizer.authorize(request)
            result = handlers.dispatch(self, request)
            if request.resource.group == RBAC_GROUP and request.verb not in READS:
                self.authorizer.rbac.invalidate()   # the RBAC listers see the change
            if request.verb == "create" and not request.dry_run:
                code = 201
                if not request.subresource:  # a generated name is known only now
                    name = result["metadata"]["name"]
            return result
        except errors.ApiError as error:
            code = error.code
            raise
        finally:
            wrote = self.store.revision if self.store.revision > revision_before else 0
            key = request.resource.key(request.namespace, name or "") if wrote else ""
            self.trace.add(TraceRecord(
                self.sim.now, request.client, request.verb, request.trace_resource,
                request.namespace, name, code,
                detail="dry run" if request.dry_run else "", revision=wrote, key=key))

    # -- storage helpers used by handlers and admission ----------------------------------------
    def storage_get(self, resource: ResourceType, namespace: str | None, name: str) -> dict | None:
        kv = self.store.get(resource.key(namespace, name))
        return self.decode(kv) if kv else None

    @staticmethod
    def decode(kv) -> dict:
        """Read an object from its etcd value: resourceVersion is the key's mod_revision."""
        obj = kv.value
        obj["metadata"]["resourceVersion"] = str(kv.mod_revision)
        return obj

    # -- watch ------------------------------------------------------------------------------
    def watch_prefix(self, prefix: str, callback: Callable[[WatchEvent], None],
                     start_revision: int = 0, replay_current: bool = True,
                     predicate: Callable[[dict], bool] | None = None) -> WatchHandle:
        """Deliver store changes under `prefix` as watch events, one clock step later than
        the write (so a watcher never runs inside another client's request). Like the
        watch cache, each change is decoded once and shared for filtering (`predicate`,
        e.g. a kubelet's `spec.nodeName=node-1`); only watchers it matches get their copy."""

        def on_event(event) -> None:
            resource = self.resources.for_key(event.kv.key)
            if resource is None:
                return
            if predicate is not None and not predicate(self._shared_view(event)):
                return
            if event.type == "DELETE":
                obj = event.prev_kv.value
                obj["metadata"]["resourceVersion"] = str(event.kv.mod_revision)
                watch_event = WatchEvent("DELETED", obj, resource)
            else:
                watch_event = WatchEvent("ADDED" if event.is_create else "MODIFIED",
                                         self.decode(event.kv), resource)
            self.sim.call_soon(lambda: handle.active and callback(watch_event))

        class _Active:
            active = True

        handle = _Active()
        if replay_current and not start_revision:
            # resourceVersion "0" / unset: the current state first, as synthetic ADDED events.
            for kv in self.store.range(prefix):
                resource = self.resources.for_key(kv.key)
                if resource is not None:
                    obj = self.decode(kv)
                    if predicate is not None and not predicate(obj):
                        continue
                    added = WatchEvent("ADDED", obj, resource)
                    self.sim.call_soon(lambda e=added: handle.active and callback(e))
            start_revision = self.store.revision + 1
        watcher = self.store.watch(prefix, start_revision, on_event)

        def cancel() -> None:
            handle.active = False
            watcher.cancel()

        return WatchHandle(cancel)

    def _shared_view(self, event) -> dict:
        """The decoded object of a store event, decoded once for all watchers' filters.
        Read-only: watchers receive their own copies."""
        if self._shared_event is not event:
            kv = event.prev_kv if event.type == "DELETE" else event.kv
            self._shared_event, self._shared_obj = event, kv.value
        return self._shared_obj


def _body_name(body: dict | None) -> str | None:
    if not body:
        return None
    meta = body.get("metadata", {})
    return meta.get("name") or meta.get("generateName")
