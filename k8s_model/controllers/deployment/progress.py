"""The Progressing condition and the progress deadline (pkg/controller/deployment/progress.go).

During a rollout every sync that sees progress (more updated, ready or available Pods,
fewer old ones) refreshes Progressing's lastUpdateTime ("ReplicaSet \"web-…\" is
progressing."). If progressDeadlineSeconds (600) pass without any, the condition turns
False with ProgressDeadlineExceeded. Nothing else would wake a stuck Deployment, so a
sync without a status change requeues it for lastUpdateTime + deadline (+1 s for skew).
The rollout itself goes on: the deadline only reports.
"""

from __future__ import annotations

from ...sim import parse_timestamp
from . import util
from .sync import calculate_status


def sync_rollout_status(dc, all_sets: list, new: dict | None, d: dict) -> None:
    now = dc.sim.timestamp()
    status = calculate_status(all_sets, new, d, now)
    if not util.has_progress_deadline(d):
        util.remove_condition(status, util.PROGRESSING)
    current = util.get_condition(d.get("status") or {}, util.PROGRESSING)
    complete = (status.get("replicas", 0) == status.get("updatedReplicas", 0)
                and current is not None and current["reason"] == util.NEW_RS_AVAILABLE_REASON)
    subject = (f'ReplicaSet "{new["metadata"]["name"]}"' if new is not None
               else f'Deployment "{d["metadata"]["name"]}"')
    if util.has_progress_deadline(d) and not complete:
        if util.deployment_complete(d, status):
            util.set_condition(status, util.new_condition(
                util.PROGRESSING, "True", util.NEW_RS_AVAILABLE_REASON,
                f"{subject} has successfully progressed.", now))
        elif util.deployment_progressing(d, status):
            condition = util.new_condition(util.PROGRESSING, "True", util.RS_UPDATED_REASON,
                                           f"{subject} is progressing.", now)
            if current is not None:
                if current["status"] == "True":
                    condition["lastTransitionTime"] = current["lastTransitionTime"]
                util.remove_condition(status, util.PROGRESSING)
            util.set_condition(status, condition)
        elif util.deployment_timed_out(d, status, dc.sim.now):
            util.set_condition(status, util.new_condition(
                util.PROGRESSING, "False", util.TIMED_OUT_REASON,
                f"{subject} has timed out progressing.", now))
    failures = replica_failures(all_sets, new)
    if failures:
        util.set_condition(status, failures[0])
    else:
        util.remove_condition(status, util.REPLICA_FAILURE)
    if status == (d.get("status") or {}):
        requeue_stuck_deployment(dc, d, status)
        return
    d["status"] = status
    dc.update_status(d)


def replica_failures(all_sets: list, new: dict | None) -> list[dict]:
    """ReplicaFailure conditions of the new ReplicaSet, else of any ReplicaSet."""
    def of(rs):
        return [{"type": c["type"], "status": c["status"],
                 "lastUpdateTime": c.get("lastTransitionTime"),
                 "lastTransitionTime": c.get("lastTransitionTime"),
                 "reason": c.get("reason"), "message": c.get("message")}
                for c in (rs.get("status") or {}).get("conditions") or []
                if c["type"] == util.REPLICA_FAILURE]
    if new is not None and of(new):
        return of(new)
    return [c for rs in all_sets if rs is not None for c in of(rs)]


def requeue_stuck_deployment(dc, d: dict, status: dict) -> float:
    """Seconds until the deadline check (-1: none needed)."""
    current = util.get_condition(d.get("status") or {}, util.PROGRESSING)
    if not util.has_progress_deadline(d) or current is None:
        return -1
    if util.deployment_complete(d, status) or current["reason"] == util.TIMED_OUT_REASON:
        return -1
    deadline = parse_timestamp(current["lastUpdateTime"]) + d["spec"]["progressDeadlineSeconds"]
    after = deadline - dc.sim.now
    key = f'{d["metadata"]["namespace"]}/{d["metadata"]["name"]}'
    if after < 1:
        dc.enqueue(key, after=dc.BASE_DELAY)   # enqueueRateLimited
        return 0
    dc.enqueue(key, after=after + 1)
    return after
