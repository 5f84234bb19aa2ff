"""Deletion as the API server does it: graceful, finalized, and with propagation.

A delete does not always remove the object at once (registry/generic/registry/store.go):
* a Pod bound to a node gets `deletionTimestamp = now + grace period` and stays
  (Terminating) until its kubelet has stopped the containers and deletes it for good;
* an object with finalizers gets `deletionTimestamp` and stays until every finalizer
  is removed — `propagationPolicy: Foreground` adds `foregroundDeletion` (the garbage
  collector deletes the dependents first), `Orphan` adds `orphan` (it unlinks them);
* a Namespace turns `Terminating` and the namespace controller empties it.
Otherwise the key is deleted and the garbage collector removes the dependents in the
background.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from . import errors, strategy
from ..sim import parse_timestamp
from .store import CompareFailed

if TYPE_CHECKING:
    from .server import APIServer, Request

FOREGROUND = "foregroundDeletion"
ORPHAN = "orphan"


def delete_object(server: "APIServer", req: "Request", old: dict) -> dict:
    resource = req.resource
    obj = json.loads(json.dumps(old))
    metadata = obj["metadata"]
    expected = int(metadata.pop("resourceVersion"))
    key = resource.key(metadata.get("namespace"), metadata["name"])

    if resource.plural == "namespaces":
        if not metadata.get("deletionTimestamp"):
            metadata["deletionTimestamp"] = server.sim.timestamp()
            metadata["deletionGracePeriodSeconds"] = 0
            obj.setdefault("status", {})["phase"] = "Terminating"
        return _persist(server, req, key, obj, expected)

    if strategy.is_graceful_delete(resource, obj) and req.grace_period_seconds != 0:
        grace = (req.grace_period_seconds if req.grace_period_seconds is not None
                 else strategy.default_grace_period(obj))
        if metadata.get("deletionTimestamp"):
            return old  # already terminating
        metadata["deletionTimestamp"] = server.sim.timestamp(server.sim.now + grace)
        metadata["deletionGracePeriodSeconds"] = grace
        return _persist(server, req, key, obj, expected)

    if resource.plural == "customresourcedefinitions" and not metadata.get("deletionTimestamp"):
        # The CRD's REST Delete: its objects go first (apiextensions/finalizer.py).
        from .apiextensions.finalizer import mark_for_deletion
        mark_for_deletion(obj, server.sim.timestamp())

    finalizers = list(metadata.get("finalizers", []))
    policy = req.propagation_policy or "Background"
    if policy == "Foreground" and FOREGROUND not in finalizers:
        finalizers.append(FOREGROUND)
    elif policy == "Orphan" and ORPHAN not in finalizers:
        finalizers.append(ORPHAN)
    if finalizers:
        metadata["finalizers"] = finalizers
        if not metadata.get("deletionTimestamp"):
            metadata["deletionTimestamp"] = server.sim.timestamp()
            metadata["deletionGracePeriodSeconds"] = 0
        elif req.grace_period_seconds == 0 and metadata.get("deletionGracePeriodSeconds"):
            # BeforeDelete: a later delete may only shorten the grace period — the
            # kubelet's final delete of a Pod still held by a finalizer (a Job's
            # tracking finalizer) sets it to 0, so removing the finalizer removes the Pod.
            metadata["deletionTimestamp"] = server.sim.timestamp(
                parse_timestamp(metadata["deletionTimestamp"])
                - metadata["deletionGracePeriodSeconds"])
            metadata["deletionGracePeriodSeconds"] = 0
        return _persist(server, req, key, obj, expected)

    if req.dry_run:
        return old
    try:
        server.store.delete(key, expected)
    except CompareFailed:
        raise errors.conflict(resource.plural, resource.group, metadata["name"],
                              errors.OBJECT_MODIFIED)
    return old


def _persist(server: "APIServer", req: "Request", key: str, obj: dict, expected: int) -> dict:
    if req.dry_run:
        return obj
    try:
        return server.decode(server.store.update(key, obj, expected))
    except CompareFailed:
        raise errors.conflict(req.resource.plural, req.resource.group, obj["metadata"]["name"],
                              errors.OBJECT_MODIFIED)
