"""Job conditions and what they mean (job_controller.go newCondition,
ensureJobConditionStatus; pkg/controller/job/util IsJobFinished).

A Job ends in two steps since v1.31: first an interim condition — `FailureTarget` or
`SuccessCriteriaMet` — while its remaining Pods terminate, then the terminal one —
`Failed` or `Complete`, with the same reason and message — once none is left. Only
the terminal condition counts as finished (for the CronJob and TTL controllers too).

    BackoffLimitExceeded  "Job has reached the specified backoff limit"
    DeadlineExceeded      "Job was active longer than specified deadline"
    CompletionsReached    "Reached expected number of succeeded pods"
"""

from __future__ import annotations

BACKOFF_LIMIT_EXCEEDED = ("BackoffLimitExceeded", "Job has reached the specified backoff limit")
DEADLINE_EXCEEDED = ("DeadlineExceeded", "Job was active longer than specified deadline")
COMPLETIONS_REACHED = ("CompletionsReached", "Reached expected number of succeeded pods")


def new_condition(ctype: str, status: str, reason: str, message: str, now: str) -> dict:
    return {"type": ctype, "status": status, "lastProbeTime": now, "lastTransitionTime": now,
            "reason": reason, "message": message}


def find_condition(conditions: list | None, ctype: str) -> dict | None:
    return next((c for c in conditions or () if c.get("type") == ctype), None)


def condition_true(job: dict, ctype: str) -> bool:
    found = find_condition((job.get("status") or {}).get("conditions"), ctype)
    return found is not None and found.get("status") == "True"


def ensure_job_condition_status(conditions: list, ctype: str, status: str, reason: str,
                                message: str, now: str) -> bool:
    """Update the condition of that type in place, or append it — but never append a
    False one (going from nothing to False means nothing). Returns whether it changed."""
    found = find_condition(conditions, ctype)
    if found is not None:
        if (found.get("status"), found.get("reason"), found.get("message")) != (
                status, reason, message):
            found.clear()
            found.update(new_condition(ctype, status, reason, message, now))
            return True
        return False
    if status != "False":
        conditions.append(new_condition(ctype, status, reason, message, now))
        return True
    return False


def finished_status(job: dict) -> str | None:
    """getFinishedStatus: "Complete" or "Failed" when the Job has finished, else None."""
    for c in (job.get("status") or {}).get("conditions") or ():
        if c.get("type") in ("Complete", "Failed") and c.get("status") == "True":
            return c["type"]
    return None


def is_job_finished(job: dict) -> bool:
    return finished_status(job) is not None


def finish_time(job: dict) -> str | None:
    """The lastTransitionTime of the Complete or Failed condition (ttlafterfinished)."""
    for c in (job.get("status") or {}).get("conditions") or ():
        if c.get("type") in ("Complete", "Failed") and c.get("status") == "True":
            return c.get("lastTransitionTime")
    return None
