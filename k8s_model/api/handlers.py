"""The REST verbs of the API server (apiserver/pkg/registry/generic/registry/store.go).

Each verb re-reads the stored object, runs the request through the same stages as
upstream's generic registry — decode, defaults, admission, PrepareForCreate/Update,
validation, validating admission — and writes to etcd with compare-and-swap on the
object's resourceVersion. Anything that raises before the write leaves the store
untouched (except a quota charged for an object that then fails to store, as upstream;
the quota controller's recount gives it back).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from . import admission, errors, fieldmanager, meta, rbac_escalation, strategy
from .decoding import decode
from .defaults import apply_defaults
from .patch import apply_patch, check_patch_type
from .store import CompareFailed, KeyExists
from .validation import validate

if TYPE_CHECKING:
    from .server import APIServer, Request

EVENT_TTL = 3600  # kube-apiserver --event-ttl: Events expire after one hour
GENERATE_NAME_ATTEMPTS = 8  # RetryGenerateName: a clash with a generated name is retried


def dispatch(server: "APIServer", req: "Request"):
    if req.resource.custom is not None and not req.resource.custom.serves(req.subresource):
        raise errors.no_route()   # e.g. /status of a CRD without subresources.status
    if req.subresource == "binding" and req.verb == "create":
        return bind(server, req)
    if req.subresource == "scale":
        from .scale import handle_scale
        return handle_scale(server, req)
    if req.subresource == "eviction" and req.verb == "create":
        from .eviction import evict
        return evict(server, req)
    handler = {"get": get, "list": list_, "create": create, "update": update, "patch": patch,
               "delete": delete, "deletecollection": delete_collection,
               "watch": watch}.get(req.verb)
    if handler is None:
        raise errors.method_not_supported(req.resource.plural, req.resource.group, req.verb)
    return handler(server, req)


def _copy(obj: dict) -> dict:
    return json.loads(json.dumps(obj))


def _not_found(req: "Request", name: str | None = None) -> errors.ApiError:
    return errors.not_found(req.resource.plural, req.resource.group, name or req.name or "")


def _invalid(req: "Request", obj: dict, errs: list) -> errors.ApiError:
    return errors.invalid_object(req.resource.kind, req.resource.group,
                                 obj.get("metadata", {}).get("name", ""), errs)


# -- reads -------------------------------------------------------------------------------------
def get(server: "APIServer", req: "Request") -> dict:
    obj = server.storage_get(req.resource, req.namespace, req.name or "")
    if obj is None:
        raise _not_found(req)
    if req.as_table:
        from .tables import convert_to_table

        return convert_to_table(req.resource, [obj], server.sim.now)
    return obj


def list_(server: "APIServer", req: "Request") -> dict:
    from .listing import select, to_list

    prefix = req.resource.prefix
    if req.resource.namespaced and req.namespace:
        prefix += req.namespace + "/"
    objects = [server.decode(kv) for kv in server.store.range(prefix)]
    objects = select(req, objects)
    if req.as_table:
        from .tables import convert_to_table

        table = convert_to_table(req.resource, objects, server.sim.now)
        table.setdefault("metadata", {})["resourceVersion"] = str(server.store.revision)
        return table
    return to_list(req.resource, objects, server.store.revision)


def watch(server: "APIServer", req: "Request"):
    from .listing import watch_predicate

    prefix = req.resource.prefix
    if req.resource.namespaced and req.namespace:
        prefix += req.namespace + "/"
    predicate = None
    if req.label_selector or req.field_selector:
        predicate = watch_predicate(req)
    start = int(req.resource_version) + 1 if req.resource_version not in (None, "", "0") else 0
    return server.watch_prefix(prefix, req.watch_callback, start_revision=start,
                               predicate=predicate)


# -- create ------------------------------------------------------------------------------------
def create(server: "APIServer", req: "Request") -> dict:
    resource = req.resource
    obj = _copy(req.body or {})
    decode(resource, obj, strict=req.field_validation == "Strict")
    metadata = obj.setdefault("metadata", {})
    if resource.namespaced:
        if metadata.get("namespace") and req.namespace and metadata["namespace"] != req.namespace:
            raise errors.bad_request("the namespace of the provided object does not match the "
                                     "namespace sent on the request")
        metadata["namespace"] = req.namespace or metadata.get("namespace") or "default"
    else:
        metadata.pop("namespace", None)
    rbac_escalation.check(server, req, obj)   # policybased storage: no granting what you lack
    apply_defaults(resource, obj)
    admission.namespace_lifecycle(server, resource, "create", metadata.get("namespace"),
                                  metadata.get("name") or metadata.get("generateName"))
    admission.admit(server, resource, "create", obj)
    strategy.prepare_for_create(resource, obj)
    generated = not metadata.get("name") and bool(metadata.get("generateName"))
    if generated:
        metadata["name"] = meta.generate_name(metadata["generateName"], server.sim.random)
    meta.fill_system_fields(metadata, meta.new_uid(server.sim.random), server.sim.timestamp())
    fieldmanager.track(server, req, None, obj)   # metadata.managedFields: who set what
    if resource.plural == "jobs":
        from .defaults import prepare_job_selector
        prepare_job_selector(obj)
    errs = validate(resource, obj, None)
    if errs:
        raise _invalid(req, obj, errs)
    admission.validate(server, resource, "create", obj, req.dry_run)
    for hook in server.create_hooks.get(resource.plural, []):
        hook(obj)  # e.g. the Service ClusterIP allocator; raises ApiError to refuse
    if req.dry_run:
        return obj
    lease = server.store.grant(EVENT_TTL) if resource.plural == "events" else 0
    for attempt in range(GENERATE_NAME_ATTEMPTS):
        try:
            kv = server.store.create(resource.key(metadata.get("namespace"), metadata["name"]),
                                     obj, lease)
            return server.decode(kv)
        except KeyExists:
            if not generated or attempt == GENERATE_NAME_ATTEMPTS - 1:
                raise errors.already_exists(resource.plural, resource.group, metadata["name"])
            metadata["name"] = meta.generate_name(metadata["generateName"], server.sim.random)
    raise AssertionError("unreachable")


def bind(server: "APIServer", req: "Request") -> dict:
    """pods/binding: the scheduler's decision, applied once (pkg/registry/core/pod/storage)."""
    pod = server.storage_get(req.resource, req.namespace, req.name or "")
    if pod is None:
        raise _not_found(req)
    target = (req.body or {}).get("target", {}).get("name", "")
    if pod["spec"].get("nodeName"):
        raise errors.conflict("pods", "", pod["metadata"]["name"],
                              f'pod {pod["metadata"]["name"]} is already assigned to node '
                              f'"{pod["spec"]["nodeName"]}"')
    if pod["metadata"].get("deletionTimestamp"):
        raise errors.conflict("pods", "", pod["metadata"]["name"], "pod is being deleted")
    pod["spec"]["nodeName"] = target
    conditions = pod.setdefault("status", {}).setdefault("conditions", [])
    conditions[:] = [c for c in conditions if c.get("type") != "PodScheduled"]
    conditions.append({"type": "PodScheduled", "status": "True",
                       "lastProbeTime": None, "lastTransitionTime": server.sim.timestamp()})
    _write(server, req, pod, int(pod["metadata"]["resourceVersion"]))
    return {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success", "code": 201}


# -- update and patch --------------------------------------------------------------------------
def update(server: "APIServer", req: "Request") -> dict:
    resource = req.resource
    old = server.storage_get(resource, req.namespace, req.name or "")
    if old is None:
        raise _not_found(req)
    obj = _copy(req.body or {})
    decode(resource, obj, strict=req.field_validation == "Strict")
    metadata = obj.setdefault("metadata", {})
    if metadata.get("name") and metadata["name"] != req.name:
        raise errors.bad_request(f"the name of the object ({metadata['name']}) does not match "
                                 f"the name on the URL ({req.name})")
    version = metadata.get("resourceVersion")
    if version and version != old["metadata"]["resourceVersion"]:
        raise errors.conflict(resource.plural, resource.group, req.name or "",
                              errors.OBJECT_MODIFIED)
    apply_defaults(resource, obj)
    meta.carry_over_system_fields(metadata, old["metadata"])
    rbac_escalation.check(server, req, obj, old)
    strategy.prepare_for_update(resource, obj, old, req.subresource)
    fieldmanager.track(server, req, old, obj)
    errs = validate(resource, obj, old)
    if errs:
        raise _invalid(req, obj, errs)
    admission.validate(server, resource, "update", obj, req.dry_run, old, req.subresource)
    if req.dry_run:
        return obj
    return _write(server, req, obj, int(old["metadata"]["resourceVersion"]), old)


def patch(server: "APIServer", req: "Request") -> dict:
    if req.patch_type == "apply":   # server-side apply: may create the object
        return fieldmanager.serve_apply(server, req)
    fieldmanager.validate_patch_options(req)
    check_patch_type(req.resource, req.patch_type)
    old = server.storage_get(req.resource, req.namespace, req.name or "")
    if old is None:
        raise _not_found(req)
    rt = req.resource
    patched = apply_patch(old, req.body if req.body is not None else {},
                          req.patch_type or "merge", (rt.group, rt.version, rt.kind))
    body_meta = req.body.get("metadata") if isinstance(req.body, dict) else None
    if "resourceVersion" not in (body_meta or {}):
        patched["metadata"]["resourceVersion"] = old["metadata"]["resourceVersion"]
    from .server import Request

    return update(server, Request("update", req.resource, req.namespace, req.name,
                                  req.subresource, patched, req.user, req.client, req.dry_run,
                                  req.field_validation, field_manager=req.field_manager))


def _write(server: "APIServer", req: "Request", obj: dict, expected: int,
           old: dict | None = None) -> dict:
    """Persist an update. An update that changes nothing writes nothing (no new
    resourceVersion), and an object whose last finalizer is gone after deletion was
    requested is removed for good."""
    resource = req.resource
    obj["metadata"].pop("resourceVersion", None)
    key = resource.key(obj["metadata"].get("namespace"), obj["metadata"]["name"])
    if old is not None:
        unchanged = {**old, "metadata": {k: v for k, v in old["metadata"].items()
                                         if k != "resourceVersion"}}
        if unchanged == obj:
            return old
    try:
        if (obj["metadata"].get("deletionTimestamp") and not obj["metadata"].get("finalizers")
                and obj["metadata"].get("deletionGracePeriodSeconds", 0) == 0
                and not obj.get("spec", {}).get("finalizers")):  # a Namespace's own
            server.store.delete(key, expected)
            return obj
        return server.decode(server.store.update(key, obj, expected))
    except CompareFailed:
        raise errors.conflict(resource.plural, resource.group, obj["metadata"]["name"],
                              errors.OBJECT_MODIFIED)


# -- delete ------------------------------------------------------------------------------------
def delete(server: "APIServer", req: "Request") -> dict:
    from .deletion import delete_object

    admission.namespace_lifecycle(server, req.resource, "delete", req.namespace, req.name)
    old = server.storage_get(req.resource, req.namespace, req.name or "")
    if old is None:
        raise _not_found(req)
    return delete_object(server, req, old)


def delete_collection(server: "APIServer", req: "Request") -> dict:
    from .deletion import delete_object
    from .listing import to_list

    listed = list_(server, req)
    deleted = [delete_object(server, req, obj) for obj in listed["items"]]
    return to_list(req.resource, deleted, server.store.revision)
