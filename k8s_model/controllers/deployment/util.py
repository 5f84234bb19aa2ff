"""Deployment arithmetic (pkg/controller/deployment/util/deployment_util.go, controller.ComputeHash,
apimachinery intstr.GetScaledValueFromIntOrPercent).

Pure functions of Deployments and ReplicaSets, so the rollout steps can be checked by hand.
With `replicas: 3` and the default 25%/25%: maxSurge = ceil(0.75) = 1, maxUnavailable =
floor(0.75) = 0 — the rollout may run 4 Pods and must keep 3 available. Both resolving
to 0 (e.g. `replicas: 1, maxSurge: 0, maxUnavailable: 10%`) would deadlock, so
maxUnavailable becomes 1 (ResolveFenceposts).
"""

from __future__ import annotations

import copy
import math

from ...sim import parse_timestamp

REVISION = "deployment.kubernetes.io/revision"
REVISION_HISTORY = "deployment.kubernetes.io/revision-history"
DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas"
MAX_REPLICAS = "deployment.kubernetes.io/max-replicas"
ROLLBACK_TO = "deprecated.deployment.rollback.to"
POD_TEMPLATE_HASH = "pod-template-hash"   # apps.DefaultDeploymentUniqueLabelKey
MAX_REV_HISTORY_LENGTH_IN_CHARS = 2000
# Annotations a ReplicaSet does not copy from its Deployment (annotationsToSkip).
ANNOTATIONS_TO_SKIP = {"kubectl.kubernetes.io/last-applied-configuration", REVISION,
                       REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, ROLLBACK_TO}
MAX_INT32 = 2**31 - 1

# Condition reasons.
PROGRESSING, AVAILABLE, REPLICA_FAILURE = "Progressing", "Available", "ReplicaFailure"
NEW_RS_REASON, FOUND_NEW_RS_REASON = "NewReplicaSetCreated", "FoundNewReplicaSet"
FAILED_RS_CREATE_REASON = "ReplicaSetCreateError"
RS_UPDATED_REASON, NEW_RS_AVAILABLE_REASON = "ReplicaSetUpdated", "NewReplicaSetAvailable"
TIMED_OUT_REASON = "ProgressDeadlineExceeded"
PAUSED_REASON, RESUMED_REASON = "DeploymentPaused", "DeploymentResumed"
MIN_AVAILABLE, MIN_UNAVAILABLE = "MinimumReplicasAvailable", "MinimumReplicasUnavailable"


# -- maxSurge and maxUnavailable ---------------------------------------------------------------
def scaled_value(value, total: int, round_up: bool) -> int:
    """intstr.GetScaledValueFromIntOrPercent."""
    if isinstance(value, int):
        return value
    if not isinstance(value, str) or not value.endswith("%"):
        raise ValueError("invalid value for IntOrString: invalid type: string is not a percentage")
    try:
        percent = int(value[:-1])
    except ValueError:
        raise ValueError(f'invalid value for IntOrString: invalid value "{value}"') from None
    scaled = percent * total / 100
    return math.ceil(scaled) if round_up else math.floor(scaled)


def is_rolling_update(d: dict) -> bool:
    return (d["spec"].get("strategy") or {}).get("type", "RollingUpdate") == "RollingUpdate"


def resolve_fenceposts(max_surge, max_unavailable, desired: int) -> tuple[int, int]:
    """maxSurge rounded up, maxUnavailable rounded down; both 0 → maxUnavailable 1."""
    surge = scaled_value(0 if max_surge is None else max_surge, desired, True)
    unavailable = scaled_value(0 if max_unavailable is None else max_unavailable, desired, False)
    if surge == 0 and unavailable == 0:
        unavailable = 1
    return surge, unavailable


def _fenceposts(d: dict) -> tuple[int, int]:
    rolling = (d["spec"].get("strategy") or {}).get("rollingUpdate") or {}
    return resolve_fenceposts(rolling.get("maxSurge"), rolling.get("maxUnavailable"), replicas(d))


def max_surge(d: dict) -> int:
    return _fenceposts(d)[0] if is_rolling_update(d) else 0


def max_unavailable(d: dict) -> int:
    if not is_rolling_update(d) or replicas(d) == 0:
        return 0
    return min(_fenceposts(d)[1], replicas(d))


# -- counting ----------------------------------------------------------------------------------
def replicas(obj: dict | None) -> int:
    return 0 if obj is None else obj["spec"].get("replicas", 1)


def _status(rs: dict | None, field: str) -> int:
    return ((rs or {}).get("status") or {}).get(field, 0) if rs else 0


def replica_count(sets: list) -> int:
    """GetReplicaCountForReplicaSets: the sum of spec.replicas."""
    return sum(replicas(rs) for rs in sets if rs)


def actual_replica_count(sets: list) -> int:
    return sum(_status(rs, "replicas") for rs in sets if rs)


def ready_replica_count(sets: list) -> int:
    return sum(_status(rs, "readyReplicas") for rs in sets if rs)


def available_replica_count(sets: list) -> int:
    return sum(_status(rs, "availableReplicas") for rs in sets if rs)


def terminating_replica_count(sets: list) -> int | None:
    """None when some ReplicaSet does not report terminatingReplicas."""
    total = 0
    for rs in sets:
        if rs is None:
            continue
        value = (rs.get("status") or {}).get("terminatingReplicas")
        if value is None:
            return None
        total += value
    return total


def filter_active(sets: list) -> list[dict]:
    return [rs for rs in sets if rs is not None and replicas(rs) > 0]


# -- ordering (controller.ReplicaSetsByCreationTimestamp and friends) --------------------------
def _created(rs: dict) -> float:
    return parse_timestamp(rs["metadata"]["creationTimestamp"])


def by_creation(sets: list[dict], reverse: bool = False) -> list[dict]:
    return sorted(sets, key=lambda rs: (_created(rs), rs["metadata"]["name"]), reverse=reverse)


def by_size_newer(sets: list[dict]) -> list[dict]:
    """Largest first; among equals, the newest first."""
    return sorted(by_creation(sets, reverse=True), key=lambda rs: -replicas(rs))


def by_size_older(sets: list[dict]) -> list[dict]:
    return sorted(by_creation(sets), key=lambda rs: -replicas(rs))


def revision(obj: dict) -> int:
    try:
        return int((obj["metadata"].get("annotations") or {}).get(REVISION, "0"))
    except ValueError:
        return 0


def by_revision(sets: list[dict]) -> list[dict]:
    return sorted(by_creation(sets), key=revision)


def max_revision(sets: list[dict]) -> int:
    return max((revision(rs) for rs in sets), default=0)


# -- new and old ReplicaSets -------------------------------------------------------------------
def equal_ignore_hash(a: dict, b: dict) -> bool:
    """Templates equal apart from the pod-template-hash label."""
    a, b = copy.deepcopy(a), copy.deepcopy(b)
    for t in (a, b):
        labels = (t.get("metadata") or {}).get("labels") or {}
        labels.pop(POD_TEMPLATE_HASH, None)
    return a == b


def find_new_replica_set(d: dict, sets: list[dict]) -> dict | None:
    """The oldest ReplicaSet whose template is the Deployment's."""
    for rs in by_creation(sets):
        if equal_ignore_hash(rs["spec"]["template"], d["spec"]["template"]):
            return rs
    return None


def find_old_replica_sets(d: dict, sets: list[dict]) -> list[dict]:
    new = find_new_replica_set(d, sets)
    return [rs for rs in sets if new is None or rs["metadata"]["uid"] != new["metadata"]["uid"]]


def find_active_or_latest(new: dict | None, olds: list[dict]) -> dict | None:
    if new is None and not olds:
        return None
    olds = by_creation(olds, reverse=True)
    active = filter_active(olds + [new])
    if not active:
        return new if new is not None else olds[0]
    return active[0] if len(active) == 1 else None


def desired_replicas_annotation(rs: dict) -> int | None:
    value = (rs["metadata"].get("annotations") or {}).get(DESIRED_REPLICAS)
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def is_saturated(d: dict, rs: dict | None) -> bool:
    return (rs is not None and replicas(rs) == replicas(d)
            and desired_replicas_annotation(rs) == replicas(d)
            and _status(rs, "availableReplicas") == replicas(d))


def new_rs_new_replicas(d: dict, all_sets: list[dict], new: dict) -> int:
    """NewRSNewReplicas: how far the new ReplicaSet may grow now."""
    if not is_rolling_update(d):
        return replicas(d)
    surge = scaled_value(((d["spec"].get("strategy") or {}).get("rollingUpdate") or {})
                         .get("maxSurge", 0), replicas(d), True)
    current, max_total = replica_count(all_sets), replicas(d) + surge
    if current >= max_total:
        return replicas(new)
    return replicas(new) + min(max_total - current, replicas(d) - replicas(new))


def get_proportion(rs: dict, d: dict, to_add: int, added: int) -> int:
    """GetProportion: this ReplicaSet's share of a scaling of the whole Deployment."""
    if rs is None or replicas(rs) == 0 or to_add == 0 or to_add == added:
        return 0
    fraction = _fraction(rs, d)
    allowed = to_add - added
    return min(fraction, allowed) if to_add > 0 else max(fraction, allowed)


def _fraction(rs: dict, d: dict) -> int:
    """getReplicaSetFraction: rs.replicas × new max size ÷ old max size, rounded."""
    if replicas(d) == 0:
        return -replicas(rs)
    max_replicas = replicas(d) + max_surge(d)
    annotated = (rs["metadata"].get("annotations") or {}).get(MAX_REPLICAS)
    try:
        before = int(annotated)
    except (TypeError, ValueError):
        before = (d.get("status") or {}).get("replicas", 0)
    size = replicas(rs) * max_replicas / before
    return math.floor(size + 0.5) - replicas(rs)


# -- annotations -------------------------------------------------------------------------------
def set_replicas_annotations(rs: dict, desired: int, max_replicas: int) -> bool:
    annotations = rs["metadata"].setdefault("annotations", {})
    changed = False
    for key, value in ((DESIRED_REPLICAS, str(desired)), (MAX_REPLICAS, str(max_replicas))):
        if annotations.get(key) != value:
            annotations[key] = value
            changed = True
    return changed


def replicas_annotations_need_update(rs: dict, desired: int, max_replicas: int) -> bool:
    annotations = rs["metadata"].get("annotations") or {}
    return (annotations.get(DESIRED_REPLICAS) != str(desired)
            or annotations.get(MAX_REPLICAS) != str(max_replicas))


def set_new_replica_set_annotations(d: dict, rs: dict, new_revision: str, exists: bool) -> bool:
    """Copy the Deployment's annotations (kubernetes.io/change-cause among them), raise the
    revision, keep the superseded revision in revision-history on a rollback."""
    annotations = rs["metadata"].setdefault("annotations", {})
    changed = False
    for key, value in (d["metadata"].get("annotations") or {}).items():
        if key not in ANNOTATIONS_TO_SKIP and annotations.get(key) != value:
            annotations[key] = value
            changed = True
    old = annotations.get(REVISION)
    try:
        old_int = int(old) if old is not None else 0
    except ValueError:
        return False
    if old_int < int(new_revision):
        annotations[REVISION] = new_revision
        changed = True
        if old is not None:
            history = annotations.get(REVISION_HISTORY, "")
            revisions = history.split(",") if history else []
            while revisions and len(",".join(revisions + [old])) > MAX_REV_HISTORY_LENGTH_IN_CHARS:
                revisions.pop(0)
            annotations[REVISION_HISTORY] = ",".join(revisions + [old])
    if not exists and set_replicas_annotations(rs, replicas(d), replicas(d) + max_surge(d)):
        changed = True
    return changed


def set_deployment_revision(d: dict, value: str) -> bool:
    annotations = d["metadata"].setdefault("annotations", {})
    if annotations.get(REVISION) == value:
        return False
    annotations[REVISION] = value
    return True


# -- conditions --------------------------------------------------------------------------------
def new_condition(type_: str, status: str, reason: str, message: str, now: str) -> dict:
    return {"type": type_, "status": status, "lastUpdateTime": now, "lastTransitionTime": now,
            "reason": reason, "message": message}


def get_condition(status: dict, type_: str) -> dict | None:
    return next((c for c in status.get("conditions") or [] if c["type"] == type_), None)


def set_condition(status: dict, condition: dict) -> None:
    """SetDeploymentCondition: same status and reason → unchanged; same status → keep
    lastTransitionTime."""
    current = get_condition(status, condition["type"])
    if (current and current["status"] == condition["status"]
            and current["reason"] == condition["reason"]):
        return
    if current and current["status"] == condition["status"]:
        condition = {**condition, "lastTransitionTime": current["lastTransitionTime"]}
    remove_condition(status, condition["type"])
    status["conditions"] = (status.get("conditions") or []) + [condition]


def remove_condition(status: dict, type_: str) -> None:
    conditions = [c for c in status.get("conditions") or [] if c["type"] != type_]
    if conditions:
        status["conditions"] = conditions
    else:
        status.pop("conditions", None)


def has_progress_deadline(d: dict) -> bool:
    deadline = d["spec"].get("progressDeadlineSeconds")
    return deadline is not None and deadline != MAX_INT32


def has_revision_history_limit(d: dict) -> bool:
    limit = d["spec"].get("revisionHistoryLimit")
    return limit is not None and limit != MAX_INT32


def deployment_complete(d: dict, status: dict) -> bool:
    want = replicas(d)
    return (status.get("updatedReplicas", 0) == want and status.get("replicas", 0) == want
            and status.get("availableReplicas", 0) == want
            and status.get("observedGeneration", 0) >= d["metadata"].get("generation", 0))


def deployment_progressing(d: dict, new: dict) -> bool:
    old = d.get("status") or {}

    def old_replicas(s: dict) -> int:
        return s.get("replicas", 0) - s.get("updatedReplicas", 0)
    return (new.get("updatedReplicas", 0) > old.get("updatedReplicas", 0)
            or old_replicas(new) < old_replicas(old)
            or new.get("readyReplicas", 0) > old.get("readyReplicas", 0)
            or new.get("availableReplicas", 0) > old.get("availableReplicas", 0))


def deployment_timed_out(d: dict, status: dict, now: float) -> bool:
    if not has_progress_deadline(d):
        return False
    condition = get_condition(status, PROGRESSING)
    if condition is None or condition["reason"] == NEW_RS_AVAILABLE_REASON:
        return False
    if condition["reason"] == TIMED_OUT_REASON:
        return True
    return parse_timestamp(condition["lastUpdateTime"]) + d["spec"]["progressDeadlineSeconds"] < now


def get_rollback_to(d: dict) -> int | None:
    """The revision in the `deprecated.deployment.rollback.to` annotation (what
    extensions/v1beta1 `spec.rollbackTo` converts to); None without one."""
    value = (d["metadata"].get("annotations") or {}).get(ROLLBACK_TO)
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        return None
