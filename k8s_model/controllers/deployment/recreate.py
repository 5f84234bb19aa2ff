"""The Recreate strategy (pkg/controller/deployment/recreate.go).

Scale every old ReplicaSet to 0, wait until none of their Pods is left (a Pod still
terminating counts: the two versions never run side by side), then create the new
ReplicaSet at full size.
"""

from __future__ import annotations

from . import util
from .progress import sync_rollout_status
from .sync import (cleanup_deployment, get_all_replica_sets_and_sync_revision,
                   scale_replica_set_and_record_event)


def rollout_recreate(dc, d: dict, rs_list: list[dict], pod_map: dict[str, list[dict]]) -> None:
    new, olds = get_all_replica_sets_and_sync_revision(dc, d, rs_list, False)
    all_sets = olds + [new]
    scaled_down = False
    for rs in util.filter_active(olds):
        scaled_down |= scale_replica_set_and_record_event(dc, rs, 0, d)[0]
    if scaled_down or old_pods_running(new, olds, pod_map):
        return sync_rollout_status(dc, all_sets, new, d)
    if new is None:
        new, olds = get_all_replica_sets_and_sync_revision(dc, d, rs_list, True)
        all_sets = olds + [new]
    scale_replica_set_and_record_event(dc, new, util.replicas(d), d)
    if util.deployment_complete(d, d.get("status") or {}):
        cleanup_deployment(dc, olds, d)
    return sync_rollout_status(dc, all_sets, new, d)


def old_pods_running(new: dict | None, olds: list[dict], pod_map: dict[str, list[dict]]) -> bool:
    if util.actual_replica_count(olds) > 0:
        return True
    new_uid = new["metadata"]["uid"] if new else None
    return any((p.get("status") or {}).get("phase") not in ("Failed", "Succeeded")
               for uid, pods in pod_map.items() if uid != new_uid for p in pods)
