"""The Pod re-creation back-off of a Job (pkg/controller/job/backoff_utils.go).

Every failed Pod since the last success doubles the wait before the controller
creates the next one: 10 s after the first failure, 20 s after the second, then 40 s,
80 s … capped at 10 minutes (DefaultJobPodFailureBackOff, MaxJobPodFailureBackOff;
the Job docs say "capped at six minutes", the code says ten). The wait counts from
the moment the last failed Pod finished — the latest `finishedAt` of its containers.
A success resets the count. The record lives in the controller's memory only.

Worked example, backoffLimit 6 and a container that exits 1 at once: the Pods are
created at about 0, 12, 34, 75, 156, 317 and 638 s (each wait 10, 20 … 320 s after a
failure, plus a second for the sync); the 7th failure exceeds the limit.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...sim import parse_timestamp
from ..controller_utils import pod_ready_condition

DEFAULT_JOB_POD_FAILURE_BACKOFF = 10.0
MAX_JOB_POD_FAILURE_BACKOFF = 600.0


@dataclass
class BackoffRecord:
    key: str
    failures_after_last_success: int = 0
    last_failure_time: float | None = None

    def remaining_time(self, now: float, default: float = DEFAULT_JOB_POD_FAILURE_BACKOFF,
                       maximum: float = MAX_JOB_POD_FAILURE_BACKOFF) -> float:
        return remaining_time_for_failures(now, default, maximum,
                                           self.failures_after_last_success,
                                           self.last_failure_time)


def remaining_time_for_failures(now: float, default: float, maximum: float, failures: int,
                                last_failure: float | None) -> float:
    """getRemainingTimeForFailuresCount: default·2^(failures−1), capped, minus the time
    already waited."""
    if failures == 0 or last_failure is None:
        return 0.0
    backoff = default
    for _ in range(1, failures):
        backoff *= 2
        if backoff >= maximum:
            backoff = maximum
            break
    elapsed = now - last_failure
    return 0.0 if backoff < elapsed else backoff - elapsed


def finished_time(pod: dict) -> float:
    """getFinishedTime: the latest container finishedAt; else when Ready turned False;
    else deletionTimestamp − grace period; else creation."""
    status = pod.get("status") or {}
    latest = None
    statuses = status.get("containerStatuses") or []
    for s in statuses:
        finished = ((s.get("state") or {}).get("terminated") or {}).get("finishedAt")
        if not finished:
            latest = None
            break
        t = parse_timestamp(finished)
        latest = t if latest is None or t > latest else latest
    if latest is not None:
        return latest
    ready = pod_ready_condition(pod)
    if ready is not None and ready.get("status") == "False" and ready.get("lastTransitionTime"):
        return parse_timestamp(ready["lastTransitionTime"])
    meta = pod["metadata"]
    if meta.get("deletionTimestamp"):
        return parse_timestamp(meta["deletionTimestamp"]) - meta.get("deletionGracePeriodSeconds", 0)
    return parse_timestamp(meta["creationTimestamp"])


class BackoffStore:
    def __init__(self) -> None:
        self._records: dict[str, BackoffRecord] = {}

    def update_backoff_record(self, record: BackoffRecord) -> None:
        self._records[record.key] = record

    def remove_backoff_record(self, key: str) -> None:
        self._records.pop(key, None)

    def new_backoff_record(self, key: str, new_succeeded: list[dict],
                           new_failed: list[dict]) -> BackoffRecord:
        """The record after this sync's newly finished Pods: failures add up; a success
        resets the count to the failures that finished after it."""
        old = self._records.get(key)
        record = BackoffRecord(key, old.failures_after_last_success if old else 0,
                               old.last_failure_time if old else None)
        failed = sorted(finished_time(p) for p in new_failed)
        if not new_succeeded:
            if failed:
                record.failures_after_last_success += len(failed)
                record.last_failure_time = failed[-1]
            return record
        last_success = max(finished_time(p) for p in new_succeeded)
        record.failures_after_last_success, record.last_failure_time = 0, None
        for t in reversed(failed):
            if not t > last_success:
                break
            if record.last_failure_time is None:
                record.last_failure_time = t
            record.failures_after_last_success += 1
        return record
