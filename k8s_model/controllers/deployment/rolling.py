"""The RollingUpdate strategy (pkg/controller/deployment/rolling.go).

Each sync takes at most one step: scale the new ReplicaSet up as far as maxSurge allows,
or else scale old ReplicaSets down as far as maxUnavailable allows; the ReplicaSet
controller then makes the Pods and their readiness wakes the Deployment again.

For replicas 3 (maxSurge 1, maxUnavailable 0), nginx:1.28 → 1.29:
  new 0→1 (4 Pods) · new Pod available → old 3→2 · new 1→2 · available → old 2→1 ·
  new 2→3 · available → old 1→0.
At every moment total ≤ 3+1 and available ≥ 3−0.
"""

from __future__ import annotations

from . import util
from .progress import sync_rollout_status
from .sync import (cleanup_deployment, get_all_replica_sets_and_sync_revision,
                   scale_replica_set_and_record_event)


def rollout_rolling(dc, d: dict, rs_list: list[dict]) -> None:
    new, olds = get_all_replica_sets_and_sync_revision(dc, d, rs_list, True)
    all_sets = olds + [new]
    if reconcile_new_replica_set(dc, all_sets, new, d):
        return sync_rollout_status(dc, all_sets, new, d)
    if reconcile_old_replica_sets(dc, all_sets, util.filter_active(olds), new, d):
        return sync_rollout_status(dc, all_sets, new, d)
    if util.deployment_complete(d, d.get("status") or {}):
        cleanup_deployment(dc, olds, d)
    return sync_rollout_status(dc, all_sets, new, d)


def reconcile_new_replica_set(dc, all_sets: list[dict], new: dict, d: dict) -> bool:
    if util.replicas(new) == util.replicas(d):
        return False
    if util.replicas(new) > util.replicas(d):
        return scale_replica_set_and_record_event(dc, new, util.replicas(d), d)[0]
    count = util.new_rs_new_replicas(d, all_sets, new)
    return scale_replica_set_and_record_event(dc, new, count, d)[0]


def reconcile_old_replica_sets(dc, all_sets: list[dict], olds: list[dict], new: dict,
                               d: dict) -> bool:
    """Scale old ReplicaSets down by at most
    maxScaledDown = all Pods − minAvailable − new Pods not yet available."""
    if util.replica_count(olds) == 0:
        return False
    min_available = util.replicas(d) - util.max_unavailable(d)
    new_unavailable = util.replicas(new) - (new.get("status") or {}).get("availableReplicas", 0)
    max_scaled_down = util.replica_count(all_sets) - min_available - new_unavailable
    if max_scaled_down <= 0:
        return False
    olds, cleaned = cleanup_unhealthy_replicas(dc, olds, d, max_scaled_down)
    scaled = scale_down_old_replica_sets_for_rolling_update(dc, olds + [new], olds, d)
    return cleaned + scaled > 0


def cleanup_unhealthy_replicas(dc, olds: list[dict], d: dict, max_cleanup: int):
    """Unavailable old Pods go first: deleting them costs no availability."""
    olds = util.by_creation(olds)
    total = 0
    for i, rs in enumerate(olds):
        if total >= max_cleanup:
            break
        available = (rs.get("status") or {}).get("availableReplicas", 0)
        if util.replicas(rs) == 0 or util.replicas(rs) == available:
            continue
        count = min(max_cleanup - total, util.replicas(rs) - available)
        _, olds[i] = scale_replica_set_and_record_event(dc, rs, util.replicas(rs) - count, d)
        total += count
    return olds, total


def scale_down_old_replica_sets_for_rolling_update(dc, all_sets: list[dict], olds: list[dict],
                                                   d: dict) -> int:
    min_available = util.replicas(d) - util.max_unavailable(d)
    available = util.available_replica_count(all_sets)
    if available <= min_available:
        return 0
    total, to_scale = 0, available - min_available
    for rs in util.by_creation(olds):
        if total >= to_scale:
            break
        if util.replicas(rs) == 0:
            continue
        count = min(util.replicas(rs), to_scale - total)
        scale_replica_set_and_record_event(dc, rs, util.replicas(rs) - count, d)
        total += count
    return total
