"""A Deployment's ReplicaSets: find, create, scale, prune (pkg/controller/deployment/sync.go).

Every rollout step begins here: `get_all_replica_sets_and_sync_revision` splits the
claimed ReplicaSets into the *new* one (template equal to the Deployment's, ignoring the
pod-template-hash label) and the *old* ones, gives the new one revision max(old)+1 and
copies that revision onto the Deployment. `get_new_replica_set` creates the new one as
`<deployment>-<hash>` with the hash label added to its selector and template, so its Pods
never match an old ReplicaSet's selector.

`scale` handles `kubectl scale` mid-rollout: with old 3 + new 1 Pods (maxSurge 1) and
replicas 3 → 6, the 6+2−4 = 4 extra replicas go to each ReplicaSet in proportion to its
size (3 of 4 to the old, 1 to the new: old 3 → 6, new 1 → 2) instead of all to one.
"""

from __future__ import annotations

import copy

from ...api import errors
from ..controller_ref_manager import new_controller_ref
from ..pod_control import namespace_terminating
from . import util
from .hashing import compute_hash


def get_all_replica_sets_and_sync_revision(dc, d: dict, rs_list: list[dict], create: bool):
    olds = util.find_old_replica_sets(d, rs_list)
    new = get_new_replica_set(dc, d, rs_list, olds, create)
    return new, olds


def get_new_replica_set(dc, d: dict, rs_list: list[dict], olds: list[dict], create: bool):
    existing = util.find_new_replica_set(d, rs_list)
    new_revision = str(util.max_revision(olds) + 1)
    if existing is not None:
        rs = copy.deepcopy(existing)
        annotations_updated = util.set_new_replica_set_annotations(d, rs, new_revision, True)
        min_ready = d["spec"].get("minReadySeconds", 0)
        if annotations_updated or rs["spec"].get("minReadySeconds", 0) != min_ready:
            rs["spec"]["minReadySeconds"] = min_ready
            return dc.client.update("replicasets", rs)
        needs_update = util.set_deployment_revision(
            d, rs["metadata"]["annotations"].get(util.REVISION, ""))
        status = d.setdefault("status", {})
        if util.has_progress_deadline(d) and util.get_condition(status, util.PROGRESSING) is None:
            util.set_condition(status, util.new_condition(
                util.PROGRESSING, "True", util.FOUND_NEW_RS_REASON,
                f'Found new replica set "{rs["metadata"]["name"]}"', dc.sim.timestamp()))
            needs_update = True
        if needs_update:
            dc.update_status(d)
        return rs
    if not create:
        return None

    template = copy.deepcopy(d["spec"]["template"])
    pod_hash = compute_hash(template, (d.get("status") or {}).get("collisionCount"))
    template.setdefault("metadata", {})["labels"] = {
        **(template["metadata"].get("labels") or {}), util.POD_TEMPLATE_HASH: pod_hash}
    selector = copy.deepcopy(d["spec"]["selector"])
    selector["matchLabels"] = {**(selector.get("matchLabels") or {}),
                               util.POD_TEMPLATE_HASH: pod_hash}
    name = f'{d["metadata"]["name"]}-{pod_hash}'
    new = {"apiVersion": "apps/v1", "kind": "ReplicaSet",
           "metadata": {"name": name, "namespace": d["metadata"]["namespace"],
                        "labels": dict(template["metadata"]["labels"]),
                        "ownerReferences": [new_controller_ref(d, "apps/v1", "Deployment")]},
           "spec": {"replicas": 0, "minReadySeconds": d["spec"].get("minReadySeconds", 0),
                    "selector": selector, "template": template}}
    count = util.new_rs_new_replicas(d, olds + [new], new)
    new["spec"]["replicas"] = count
    util.set_new_replica_set_annotations(d, new, new_revision, False)
    status = d.setdefault("status", {})
    try:
        created = dc.client.create("replicasets", new)
    except errors.ApiError as error:
        if error.code == 409:
            return _on_name_collision(dc, d, name)
        if namespace_terminating(error):
            raise
        message = f'Failed to create new replica set "{name}": {error.message}'
        if util.has_progress_deadline(d):
            util.set_condition(status, util.new_condition(
                util.PROGRESSING, "False", util.FAILED_RS_CREATE_REASON, message,
                dc.sim.timestamp()))
            try:
                dc.update_status(d)
            except errors.ApiError:
                pass
        dc.recorder.eventf(d, "Warning", util.FAILED_RS_CREATE_REASON, message)
        raise
    if count > 0:
        dc.recorder.eventf(d, "Normal", "ScalingReplicaSet",
                           f"Scaled up replica set {name} from 0 to {count}")
    util.set_deployment_revision(d, new_revision)
    if util.has_progress_deadline(d):
        util.set_condition(status, util.new_condition(
            util.PROGRESSING, "True", util.NEW_RS_REASON,
            f'Created new replica set "{name}"', dc.sim.timestamp()))
    dc.update_status(d)
    return created


def _on_name_collision(dc, d: dict, name: str):
    """A ReplicaSet of that name exists. Ours with our template: use it. Anyone else's:
    bump status.collisionCount so the next sync hashes to another name."""
    rs = dc.sets.get(f'{d["metadata"]["namespace"]}/{name}')
    ref = rs and (rs["metadata"].get("ownerReferences") or [])
    if rs is not None and any(r.get("controller") and r.get("uid") == d["metadata"]["uid"]
                              for r in ref) and util.equal_ignore_hash(
            d["spec"]["template"], rs["spec"]["template"]):
        return rs
    status = d.setdefault("status", {})
    status["collisionCount"] = status.get("collisionCount", 0) + 1
    dc.update_status(d)
    raise errors.ApiError(409, "AlreadyExists", f'replicasets.apps "{name}" already exists')


def scale_replica_set_and_record_event(dc, rs: dict, new_scale: int, d: dict):
    if util.replicas(rs) == new_scale:
        return False, rs
    operation = "up" if util.replicas(rs) < new_scale else "down"
    return scale_replica_set(dc, rs, new_scale, d, operation)


def scale_replica_set(dc, rs: dict, new_scale: int, d: dict, operation: str):
    """Write spec.replicas and the desired/max-replicas annotations; an event per resize."""
    desired, max_replicas = util.replicas(d), util.replicas(d) + util.max_surge(d)
    size_changed = util.replicas(rs) != new_scale
    if not size_changed and not util.replicas_annotations_need_update(rs, desired, max_replicas):
        return False, rs
    old_scale = util.replicas(rs)
    body = copy.deepcopy(rs)
    body["spec"]["replicas"] = new_scale
    util.set_replicas_annotations(body, desired, max_replicas)
    updated = dc.client.update("replicasets", body)
    if size_changed:
        dc.recorder.eventf(d, "Normal", "ScalingReplicaSet",
                           f"Scaled {operation} replica set {rs['metadata']['name']} "
                           f"from {old_scale} to {new_scale}")
    return size_changed, updated


def scale(dc, d: dict, new: dict | None, olds: list[dict]) -> None:
    """Scaling with no template change: one active ReplicaSet takes it all; otherwise
    every active ReplicaSet proportionally, leftovers to the largest."""
    target = util.find_active_or_latest(new, olds)
    if target is not None:
        if util.replicas(target) != util.replicas(d):
            scale_replica_set_and_record_event(dc, target, util.replicas(d), d)
        return
    if util.is_saturated(d, new):
        for old in util.filter_active(olds):
            scale_replica_set_and_record_event(dc, old, 0, d)
        return
    if not util.is_rolling_update(d):
        return
    active = util.filter_active(olds + [new])
    allowed = util.replicas(d) + util.max_surge(d) if util.replicas(d) > 0 else 0
    to_add = allowed - util.replica_count(active)
    operation = ""
    if to_add > 0:
        active, operation = util.by_size_newer(active), "up"
    elif to_add < 0:
        active, operation = util.by_size_older(active), "down"
    added, sizes = 0, {}
    for rs in active:
        proportion = util.get_proportion(rs, d, to_add, added) if to_add else 0
        sizes[rs["metadata"]["name"]] = util.replicas(rs) + proportion
        added += proportion
    for i, rs in enumerate(active):
        name = rs["metadata"]["name"]
        if i == 0 and to_add:
            sizes[name] = max(sizes[name] + to_add - added, 0)
        scale_replica_set(dc, rs, sizes[name], d, operation)


def is_scaling_event(dc, d: dict, rs_list: list[dict]) -> bool:
    """spec.replicas differs from an active ReplicaSet's desired-replicas annotation."""
    new, olds = get_all_replica_sets_and_sync_revision(dc, d, rs_list, False)
    for rs in util.filter_active(olds + [new]):
        desired = util.desired_replicas_annotation(rs)
        if desired is not None and desired != util.replicas(d):
            return True
    return False


def sync(dc, d: dict, rs_list: list[dict]) -> None:
    """Scaling events and paused Deployments: resize, prune, report; never roll out."""
    new, olds = get_all_replica_sets_and_sync_revision(dc, d, rs_list, False)
    scale(dc, d, new, olds)
    if d["spec"].get("paused") and util.get_rollback_to(d) is None:
        cleanup_deployment(dc, olds, d)
    sync_deployment_status(dc, olds + [new], new, d)


def cleanup_deployment(dc, olds: list[dict], d: dict) -> None:
    """Delete the oldest scaled-down ReplicaSets beyond revisionHistoryLimit."""
    if not util.has_revision_history_limit(d):
        return
    cleanable = [rs for rs in olds
                 if rs is not None and not rs["metadata"].get("deletionTimestamp")]
    diff = len(cleanable) - d["spec"]["revisionHistoryLimit"]
    for rs in util.by_revision(cleanable)[:max(diff, 0)]:
        status = rs.get("status") or {}
        if (status.get("replicas", 0) or util.replicas(rs)
                or rs["metadata"].get("generation", 0) > status.get("observedGeneration", 0)):
            continue
        try:
            dc.client.delete("replicasets", rs["metadata"]["namespace"], rs["metadata"]["name"])
        except errors.ApiError as error:
            if error.code != 404:
                raise


def calculate_status(all_sets: list, new: dict | None, d: dict, now: str) -> dict:
    available = util.available_replica_count(all_sets)
    unavailable = max(util.replica_count(all_sets) - available, 0)
    old = d.get("status") or {}
    counts = {"observedGeneration": d["metadata"].get("generation", 0),
              "replicas": util.actual_replica_count(all_sets),
              "updatedReplicas": util.actual_replica_count([new]),
              "readyReplicas": util.ready_replica_count(all_sets),
              "availableReplicas": available, "unavailableReplicas": unavailable}
    status = {k: v for k, v in counts.items() if v}   # omitempty
    # Feature gate DeploymentReplicaSetTerminatingReplicas: beta, on by default in v1.35.
    terminating = util.terminating_replica_count(all_sets)
    if terminating is not None:
        status["terminatingReplicas"] = terminating
    if old.get("collisionCount") is not None:
        status["collisionCount"] = old["collisionCount"]
    if old.get("conditions"):
        status["conditions"] = [dict(c) for c in old["conditions"]]
    if available >= util.replicas(d) - util.max_unavailable(d):
        util.set_condition(status, util.new_condition(
            util.AVAILABLE, "True", util.MIN_AVAILABLE, "Deployment has minimum availability.",
            now))
    else:
        util.set_condition(status, util.new_condition(
            util.AVAILABLE, "False", util.MIN_UNAVAILABLE,
            "Deployment does not have minimum availability.", now))
    return status


def sync_deployment_status(dc, all_sets: list, new: dict | None, d: dict) -> None:
    status = calculate_status(all_sets, new, d, dc.sim.timestamp())
    if status != (d.get("status") or {}):
        d["status"] = status
        dc.update_status(d)
