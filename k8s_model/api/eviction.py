"""The eviction subresource: `POST /api/v1/namespaces/default/pods/web/eviction`
(pkg/registry/core/pod/storage/eviction.go).

An eviction is a delete that asks first: the client posts a policy/v1 `Eviction` naming
the Pod (and, optionally, delete options such as the grace period), and the API server
decides. It marks the Pod with the condition DisruptionTarget (reason
EvictionByEvictionAPI, "Eviction API: evicting") and deletes it gracefully, exactly as
`kubectl delete pod` would; the kubelet then stops it within its grace period.
`kubectl drain` evicts rather than deletes so that a PodDisruptionBudget can refuse
(429 TooManyRequests, "Cannot evict pod as it would violate the pod's disruption
budget."). The model has no disruption controller yet to keep budgets' status, so
PodDisruptionBudgets are not consulted: every eviction is allowed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import errors
from .podutil import update_pod_condition

if TYPE_CHECKING:
    from .server import APIServer, Request

CREATED = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success",
           "code": 201}


def evict(server: "APIServer", req: "Request") -> dict:
    from .handlers import delete, update
    from .server import Request

    eviction = req.body or {}
    if eviction.get("kind", "Eviction") != "Eviction":
        raise errors.bad_request(f"not a Eviction object: {eviction.get('kind')}")
    if (eviction.get("metadata") or {}).get("name") != req.name:
        raise errors.bad_request("name in URL does not match name in Eviction object")
    pod = server.storage_get(req.resource, req.namespace, req.name or "")
    if pod is None:
        raise errors.not_found("pods", "", req.name or "")
    options = eviction.get("deleteOptions") or {}
    dry_run = req.dry_run or bool(options.get("dryRun"))
    # addConditionAndDeletePod: the condition first, then an ordinary graceful delete.
    if not dry_run and update_pod_condition(pod.setdefault("status", {}), {
            "type": "DisruptionTarget", "status": "True", "reason": "EvictionByEvictionAPI",
            "message": "Eviction API: evicting"}, server.sim.timestamp()):
        update(server, Request("update", req.resource, req.namespace, req.name, "status", pod,
                               req.user, req.client))
    delete(server, Request("delete", req.resource, req.namespace, req.name, user=req.user,
                           client=req.client, dry_run=dry_run,
                           grace_period_seconds=options.get("gracePeriodSeconds")))
    return dict(CREATED)
