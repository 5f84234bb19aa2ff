"""Where field management meets the REST handlers (apiserver/pkg/endpoints/handlers:
create.go, update.go and patch.go call the FieldManager; patch.go's applyPatcher).

* every create, update and patch records its manager's fields (`track`);
* a PATCH of type `application/apply-patch+yaml` is server-side apply (`serve_apply`):
  it creates the object when there is none, else merges into it, and then goes through
  the same create or update pipeline — defaults, admission, validation, etcd.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import errors
from ..strategy import has_status
from . import schema as types
from .apply import apply
from .managed_fields import manager_name, track_update

if TYPE_CHECKING:
    from ..server import APIServer, Request


def track(server: "APIServer", req: "Request", old: dict | None, obj: dict) -> None:
    """FieldManager.UpdateNoErrors: the writer takes the fields it set."""
    if req.patch_type == "apply":
        return   # the apply already recorded its own entry
    rt = req.resource
    track_update(old, obj, manager_name(req.field_manager, req.client), rt.api_version,
                 req.subresource, server.sim.timestamp(), types.root(rt.api_version, rt.kind),
                 reset_status=not req.subresource and has_status(rt))


def validate_patch_options(req: "Request") -> None:
    """ValidatePatchOptions (apimachinery/pkg/apis/meta/v1/validation)."""
    problems = []
    if req.patch_type == "apply" and not req.field_manager:
        # "This field is defaulted to "kubectl" by kubectl, but HAS TO be explicitly set
        # by controllers."
        problems.append(errors.required("fieldManager", "is required for apply patch"))
    if req.patch_type != "apply" and req.force is not None:
        problems.append(errors.forbidden("force", "may not be specified for non-apply patch"))
    if problems:
        raise errors.invalid_object("PatchOptions", "meta.k8s.io", "", problems)


def serve_apply(server: "APIServer", req: "Request") -> dict:
    from ..handlers import create, update
    from ..server import Request

    validate_patch_options(req)
    config = req.body
    if not isinstance(config, dict):
        raise errors.bad_request("error decoding YAML: the apply configuration is not an object")
    rt = req.resource
    name = (config.get("metadata") or {}).get("name")
    if name and name != req.name:   # checkName (patch.go)
        raise errors.bad_request(f"the name of the object ({name}) does not match the name "
                                 f"on the URL ({req.name})")
    live = server.storage_get(rt, req.namespace, req.name or "")
    if live is None and req.subresource:
        raise errors.not_found(rt.plural, rt.group, req.name or "")
    merged = apply(live, config, req.field_manager or "", bool(req.force), rt.api_version,
                   req.subresource, server.sim.timestamp(),
                   ignore_status=not req.subresource and has_status(rt))
    metadata = merged["metadata"]
    metadata["name"] = req.name
    options = dict(user=req.user, client=req.client, dry_run=req.dry_run,
                   field_validation=req.field_validation, patch_type="apply",
                   field_manager=req.field_manager)
    if live is None:   # apply creates what does not exist yet
        metadata.pop("resourceVersion", None)
        return create(server, Request("create", rt, req.namespace, None, body=merged, **options))
    if "resourceVersion" not in ((config.get("metadata") or {})):
        metadata["resourceVersion"] = live["metadata"]["resourceVersion"]
    return update(server, Request("update", rt, req.namespace, req.name, req.subresource,
                                  body=merged, **options))
