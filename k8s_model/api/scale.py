"""The `scale` subresource (pkg/registry/apps/deployment/storage ScaleREST and friends).

`kubectl scale` and the HorizontalPodAutoscaler do not edit a Deployment: they read and
write its `/scale`, a small `autoscaling/v1` Scale object that exposes only the desired
replicas (spec), the current count and the label selector (status). Writing a Scale
writes `spec.replicas` of its parent, with the parent's optimistic concurrency.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import errors

if TYPE_CHECKING:
    from .server import APIServer, Request

SCALABLE = {"deployments", "replicasets", "statefulsets", "replicationcontrollers"}


def _selector_string(parent: dict) -> str:
    from .selectors import from_label_selector, from_set

    selector = parent.get("spec", {}).get("selector")
    if parent["kind"] == "ReplicationController":
        return str(from_set(selector or {}))
    return str(from_label_selector(selector))


def to_scale(parent: dict) -> dict:
    meta = parent["metadata"]
    return {
        "kind": "Scale", "apiVersion": "autoscaling/v1",
        "metadata": {"name": meta["name"], "namespace": meta.get("namespace"),
                     "uid": meta["uid"], "resourceVersion": meta["resourceVersion"],
                     "creationTimestamp": meta["creationTimestamp"]},
        "spec": {"replicas": parent.get("spec", {}).get("replicas", 0)},
        "status": {"replicas": parent.get("status", {}).get("replicas", 0),
                   "selector": _selector_string(parent)},
    }


def handle_scale(server: "APIServer", req: "Request") -> dict:
    from . import handlers
    from .patch import apply_patch, check_patch_type
    from .server import Request

    check_patch_type(req.resource, req.patch_type)

    if req.resource.plural not in SCALABLE:
        # No such route: the REST server's own 404, not an object-not-found.
        raise errors.ApiError({"kind": "Status", "apiVersion": "v1", "metadata": {},
                               "status": "Failure", "code": 404, "reason": "NotFound",
                               "message": "the server could not find the requested resource",
                               "details": {}})
    parent = handlers.get(server, Request("get", req.resource, req.namespace, req.name))
    scale = to_scale(parent)
    if req.verb == "get":
        return scale
    if req.verb == "patch":
        body = apply_patch(scale, req.body or {}, req.patch_type or "merge",
                           ("autoscaling", "v1", "Scale"))
    elif req.verb == "update":
        body = req.body or {}
    else:
        raise errors.method_not_supported(req.resource.plural, req.resource.group, req.verb)
    replicas = (body.get("spec") or {}).get("replicas", 0)
    if not isinstance(replicas, int) or isinstance(replicas, bool) or replicas < 0:
        raise errors.invalid_object("Scale", "autoscaling", req.name or "", [errors.invalid(
            "spec.replicas", replicas, "must be greater than or equal to 0")])
    version = (body.get("metadata") or {}).get("resourceVersion")
    if version and version != parent["metadata"]["resourceVersion"]:
        raise errors.conflict(req.resource.plural, req.resource.group, req.name or "",
                              errors.OBJECT_MODIFIED)
    parent["spec"]["replicas"] = replicas
    updated = handlers.update(server, Request(
        "update", req.resource, req.namespace, req.name, body=parent, user=req.user,
        client=req.client, dry_run=req.dry_run,
        # managedFields: the writer owns .spec.replicas "with subresource scale"
        subresource="scale", field_manager=req.field_manager))
    return to_scale(updated)
