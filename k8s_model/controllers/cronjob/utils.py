"""Schedules and the Jobs made from them (pkg/controller/cronjob/utils.go).

Upstream parses `spec.schedule` with robfig/cron (`TZ=<spec.timeZone> <schedule>`);
here croniter computes the next times, in the CronJob's time zone through zoneinfo,
and `@every <duration>` (robfig's ConstantDelaySchedule, which croniter lacks) is a
fixed step. `next(t)` is strictly after t, as `Schedule.Next`.

Worked example, `*/5 * * * *` created at 00:02 and synced at 00:17:30 after an outage:
the unmet times are 00:05, 00:10 and 00:15; only the most recent, 00:15, is started,
as the Job `<name>-29453775` (00:15 on 2026-01-01 in Unix minutes). More than 100
missed times adds the warning TooManyMissedTimes — still starting the latest one.
"""

from __future__ import annotations

import copy
import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from croniter import croniter

NEXT_SCHEDULE_DELTA = 0.1   # requeue 100 ms after the scheduled time (NTP skew)
SCHEDULED_TIMESTAMP = "batch.kubernetes.io/cronjob-scheduled-timestamp"
_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600}


class Schedule:
    """cron.Schedule: `next(t)` for aware datetimes."""

    def __init__(self, spec: str, time_zone: str | None) -> None:
        self.zone = ZoneInfo(time_zone) if time_zone else timezone.utc
        self.every = None
        if spec.startswith("@every "):
            seconds = sum(float(n) * _UNITS[u] for n, u in
                          re.findall(r"([0-9.]+)(ns|us|µs|ms|s|m|h)", spec[len("@every "):]))
            self.every = timedelta(seconds=max(int(seconds), 1))
        else:
            self.spec = spec

    def next(self, t: datetime) -> datetime | None:
        """The first activation after t; None if there is none (`0 0 31 2 *`)."""
        if self.every is not None:
            return t.replace(microsecond=0) + self.every
        try:
            found = croniter(self.spec, t.astimezone(self.zone)).get_next(datetime)
        except ValueError:   # CroniterBadDateError: no such date within its search limits
            return None
        return found.astimezone(timezone.utc)


def most_recent_schedule_time(cj: dict, now: datetime, schedule: Schedule, epoch_of,
                              include_starting_deadline: bool):
    """mostRecentScheduleTime: (earliest time considered, the most recent unmet time or
    None, how many were missed: "none" | "few" | "many", error text or None)."""
    status, spec = cj.get("status") or {}, cj["spec"]
    earliest = epoch_of(status.get("lastScheduleTime") or cj["metadata"]["creationTimestamp"])
    if include_starting_deadline and spec.get("startingDeadlineSeconds") is not None:
        earliest = max(earliest, now - timedelta(seconds=spec["startingDeadlineSeconds"]))
    t1 = schedule.next(earliest)
    t2 = schedule.next(t1) if t1 else None
    if t1 is None or now < t1:
        return earliest, None, "none", None
    if t2 is None or now < t2:
        return earliest, t1, "none", None
    between = round((t2 - t1).total_seconds())
    if between < 1:
        return earliest, None, "none", "time difference between two schedules is less than 1 second"
    missed = int((now - t1).total_seconds()) // between + 1
    # Jump close to now by whole intervals, then let the schedule find the exact times.
    t, recent = schedule.next(t1 + timedelta(seconds=(missed - 2) * between)), None
    while t is not None and t <= now:
        recent, t = t, schedule.next(t)
    kind = "many" if missed > 100 else "few"
    return earliest, recent, kind, None


def next_schedule_time_duration(cj: dict, now: datetime, schedule: Schedule, epoch_of) -> float:
    """nextScheduleTimeDuration: seconds until the next run, plus 100 ms."""
    earliest, recent, missed, error = most_recent_schedule_time(cj, now, schedule, epoch_of, False)
    if error is not None or (recent is None and missed != "none"):
        recent = now
    elif recent is None:
        recent = earliest
    following = schedule.next(recent)
    if following is None:
        return 365 * 24 * 3600.0
    return (following - now).total_seconds() + NEXT_SCHEDULE_DELTA


def job_name(cj: dict, scheduled: datetime) -> str:
    """getJobName: `<cronjob>-<scheduled time in Unix minutes>`."""
    return f"{cj['metadata']['name']}-{int(scheduled.timestamp()) // 60}"


def job_from_template(cj: dict, scheduled: datetime, owner_ref: dict) -> dict:
    """getJobFromTemplate2: the jobTemplate's labels, annotations and spec, the
    scheduled-timestamp annotation (RFC 3339, in the CronJob's time zone)."""
    template = cj["spec"].get("jobTemplate") or {}
    meta = template.get("metadata") or {}
    zone = ZoneInfo(cj["spec"]["timeZone"]) if cj["spec"].get("timeZone") else timezone.utc
    local = scheduled.astimezone(zone)
    stamp = local.strftime("%Y-%m-%dT%H:%M:%S") + (
        "Z" if local.utcoffset() == timedelta(0) else local.strftime("%z")[:3] + ":"
        + local.strftime("%z")[3:])
    annotations = {**(meta.get("annotations") or {}), SCHEDULED_TIMESTAMP: stamp}
    job_meta = {"name": job_name(cj, scheduled), "namespace": cj["metadata"]["namespace"]}
    if meta.get("labels"):
        job_meta["labels"] = dict(meta["labels"])
    job_meta["annotations"] = annotations
    job_meta["ownerReferences"] = [owner_ref]
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": job_meta,
            "spec": copy.deepcopy(template.get("spec") or {})}


def start_time_key(job: dict):
    """byJobStartTime: by status.startTime (none last), then by name."""
    start = (job.get("status") or {}).get("startTime")
    return (start is None, start or "", job["metadata"]["name"])
