"""The CronJob controller (pkg/controller/cronjob/cronjob_controllerv2.go).

Each sync of a CronJob, in upstream's order:
1. delete the oldest finished Jobs beyond successfulJobsHistoryLimit (3) and
   failedJobsHistoryLimit (1);
2. reconcile `status.active` with the Jobs it owns (SawCompletedJob, MissingJob) and
   `status.lastSuccessfulTime`;
3. unless suspended, find the most recent unmet schedule time (utils.py); skip it if
   later than startingDeadlineSeconds (MissSchedule), or if Forbid and a Job still runs
   (JobAlreadyActive); with Replace delete the running Jobs first; then create the Job
   `<name>-<minutes>` and record it in `status.active` and `lastScheduleTime`;
4. requeue itself for the next schedule time + 100 ms.
There is no timer per schedule: the work queue's delayed add is the alarm clock.
"""

from __future__ import annotations

import copy
from datetime import datetime, timezone

from ...api import errors
from ...record import EventRecorder
from ...sim import parse_timestamp
from ..base import Controller, Informer, key_of
from ..controller_ref_manager import new_controller_ref
from ..controller_utils import controller_ref
from ..job.conditions import finished_status
from .utils import (Schedule, job_from_template, job_name, next_schedule_time_duration,
                    most_recent_schedule_time, start_time_key)


class CronJobController(Controller):
    name = "cronjob-controller"

    def __init__(self, sim, client, cron_jobs: Informer, jobs: Informer) -> None:
        super().__init__(sim, client)
        self.cron_jobs, self.jobs = cron_jobs, jobs
        self.recorder = EventRecorder(sim, client, component=self.name)
        cron_jobs.add_handler(self._on_cron_job_event)
        jobs.add_handler(self._on_job_event)

    # -- time as robfig/cron sees it ----------------------------------------------------------
    def now(self) -> datetime:
        return self.sim.datetime().astimezone(timezone.utc)

    def epoch_of(self, timestamp: str) -> datetime:
        return self.sim.datetime(parse_timestamp(timestamp))

    # -- event handlers ------------------------------------------------------------------------
    def _on_cron_job_event(self, type_: str, cj: dict, old: dict | None) -> None:
        if type_ == "DELETED":
            return
        spec, old_spec = cj["spec"], (old or {}).get("spec") or {}
        if old is not None and (spec.get("schedule") != old_spec.get("schedule")
                                or spec.get("timeZone") != old_spec.get("timeZone")):
            # A new schedule: wake up for its next time (an invalid one waits for a fix).
            try:
                schedule = Schedule(spec["schedule"], spec.get("timeZone"))
            except (ValueError, KeyError):
                return
            self.enqueue(key_of(cj), after=next_schedule_time_duration(
                cj, self.now(), schedule, self.epoch_of))
            return
        self.enqueue(key_of(cj))

    def _on_job_event(self, type_: str, job: dict, old: dict | None) -> None:
        refs = [controller_ref(job)] + ([controller_ref(old)] if old else [])
        for ref in {r["uid"]: r for r in refs if r}.values():
            cj = self.resolve_controller_ref(job["metadata"]["namespace"], ref)
            if cj is not None:
                self.enqueue(key_of(cj))

    def resolve_controller_ref(self, namespace: str, ref: dict) -> dict | None:
        if ref.get("kind") != "CronJob":
            return None
        cj = self.cron_jobs.get(f"{namespace}/{ref.get('name')}")
        return cj if cj and cj["metadata"]["uid"] == ref.get("uid") else None

    # -- the sync ------------------------------------------------------------------------------
    def reconcile(self, key: str) -> None:
        requeue_after = self.sync(key)
        if requeue_after is not None:
            self.enqueue(key, after=max(requeue_after, 0.001))

    def sync(self, key: str) -> float | None:
        cj = self.cron_jobs.get(key)
        if cj is None:
            return None
        jobs = [j for j in self.jobs.list(cj["metadata"]["namespace"])
                if (controller_ref(j) or {}).get("name") == cj["metadata"]["name"]]
        cj = copy.deepcopy(cj)
        cj.setdefault("status", {})
        changed = self.cleanup_finished_jobs(cj, jobs)
        requeue_after, synced = self.sync_cron_job(cj, jobs)
        if changed or synced:
            status = cj["status"]
            if not status.get("active"):
                status.pop("active", None)
            self.client.update_status("cronjobs", cj)
        return requeue_after

    def sync_cron_job(self, cj: dict, jobs: list[dict]) -> tuple[float | None, bool]:
        status, spec, update = cj["status"], cj["spec"], False
        children = set()
        for job in jobs:
            uid, finished = job["metadata"]["uid"], finished_status(job)
            children.add(uid)
            found = any(ref.get("uid") == uid for ref in status.get("active") or ())
            if not found and finished is None:
                fresh = self.client.get("cronjobs", cj["metadata"]["namespace"],
                                        cj["metadata"]["name"])
                if any(ref.get("uid") == uid for ref in fresh["status"].get("active") or ()):
                    cj.clear()
                    cj.update(fresh)   # our cache was behind our own status update
                    status = cj["status"]
                    continue
                self.recorder.eventf(cj, "Warning", "UnexpectedJob", "Saw a job that the controller "
                                     f"did not create or forgot: {job['metadata']['name']}")
            elif found and finished is not None:
                self.delete_from_active_list(cj, uid)
                self.recorder.eventf(cj, "Normal", "SawCompletedJob",
                                     f"Saw completed job: {job['metadata']['name']}, "
                                     f"status: {finished}")
                update = True
            elif finished == "Complete":
                completed = (job.get("status") or {}).get("completionTime")
                last = status.get("lastSuccessfulTime")
                if completed and (last is None or parse_timestamp(completed) > parse_timestamp(last)):
                    status["lastSuccessfulTime"] = completed
                    update = True
        for ref in list(status.get("active") or ()):
            if ref.get("uid") in children:
                continue
            if self.client.get_or_none("jobs", ref.get("namespace"), ref.get("name")) is None:
                self.recorder.eventf(cj, "Normal", "MissingJob",
                                     f"Active job went missing: {ref.get('name')}")
                self.delete_from_active_list(cj, ref.get("uid"))
                update = True
        if cj["metadata"].get("deletionTimestamp") or spec.get("suspend"):
            return None, update
        schedule = Schedule(spec["schedule"], spec.get("timeZone"))
        now = self.now()
        _, scheduled, missed, error = most_recent_schedule_time(cj, now, schedule, self.epoch_of,
                                                                True)
        if error is not None:
            self.recorder.eventf(cj, "Warning", "InvalidSchedule",
                                 f"invalid schedule: {spec['schedule']} : {error}")
            return None, update
        requeue = next_schedule_time_duration(cj, now, schedule, self.epoch_of)
        if scheduled is None:
            return requeue, update
        if missed == "many":
            self.recorder.eventf(cj, "Warning", "TooManyMissedTimes",
                                 "too many missed start times. Set or decrease "
                                 ".spec.startingDeadlineSeconds or check clock skew")
        deadline = spec.get("startingDeadlineSeconds")
        if deadline is not None and (now - scheduled).total_seconds() > deadline:
            self.recorder.eventf(cj, "Warning", "MissSchedule",
                                 "Missed scheduled time to start a job: "
                                 + scheduled.strftime("%a, %d %b %Y %H:%M:%S +0000"))
            return requeue, update
        name = job_name(cj, scheduled)
        if any(ref.get("name") == name for ref in status.get("active") or ()) or \
                status.get("lastScheduleTime") == scheduled.strftime("%Y-%m-%dT%H:%M:%SZ"):
            return requeue, update   # already processed
        if spec.get("concurrencyPolicy") == "Forbid" and status.get("active"):
            self.recorder.eventf(cj, "Normal", "JobAlreadyActive", "Not starting job because prior "
                                 "execution is running and concurrency policy is Forbid")
            return requeue, update
        if spec.get("concurrencyPolicy") == "Replace":
            for ref in list(status.get("active") or ()):
                job = self.client.get("jobs", ref["namespace"], ref["name"])
                if not self.delete_job(cj, job):
                    raise errors.conflict("jobs", "batch", ref["name"], "could not replace job")
                update = True
        job = self.create_job(cj, scheduled)
        if job is None:
            return None, update
        status.setdefault("active", []).append(
            {"kind": "Job", "namespace": job["metadata"]["namespace"],
             "name": job["metadata"]["name"], "uid": job["metadata"]["uid"],
             "apiVersion": "batch/v1", "resourceVersion": job["metadata"]["resourceVersion"]})
        status["lastScheduleTime"] = scheduled.strftime("%Y-%m-%dT%H:%M:%SZ")
        return requeue, True

    def create_job(self, cj: dict, scheduled: datetime) -> dict | None:
        """Create the Job; AlreadyExists means an earlier sync made it (the name is the
        lock): take it if it is ours and not yet listed as active."""
        body = job_from_template(cj, scheduled, new_controller_ref(cj, "batch/v1", "CronJob"))
        namespace = cj["metadata"]["namespace"]
        try:
            job = self.client.create("jobs", body, namespace)
        except errors.ApiError as error:
            if error.code == 409 and error.reason == "AlreadyExists":
                job = self.client.get("jobs", namespace, body["metadata"]["name"])
                mine = (controller_ref(job) or {}).get("uid") == cj["metadata"]["uid"]
                listed = any(r.get("uid") == job["metadata"]["uid"]
                             for r in cj["status"].get("active") or ())
                return job if mine and not listed else None
            if not any(c.get("type") == "NamespaceTerminating" for c in error.causes):
                self.recorder.eventf(cj, "Warning", "FailedCreate",
                                     f"Error creating job: {error.message}")
            raise
        self.recorder.eventf(cj, "Normal", "SuccessfulCreate",
                             f"Created job {job['metadata']['name']}")
        return job

    # -- history --------------------------------------------------------------------------------
    def cleanup_finished_jobs(self, cj: dict, jobs: list[dict]) -> bool:
        spec = cj["spec"]
        succeeded = [j for j in jobs if finished_status(j) == "Complete"]
        failed = [j for j in jobs if finished_status(j) == "Failed"]
        changed = False
        for finished, limit in ((succeeded, spec.get("successfulJobsHistoryLimit")),
                                (failed, spec.get("failedJobsHistoryLimit"))):
            if limit is not None and len(finished) > limit:
                for job in sorted(finished, key=start_time_key)[:len(finished) - limit]:
                    changed = self.delete_job(cj, job) or changed
        return changed

    def delete_job(self, cj: dict, job: dict) -> bool:
        """Delete a Job (its Pods follow in the background) and unlist it."""
        name = job["metadata"]["name"]
        try:
            self.client.delete("jobs", job["metadata"]["namespace"], name,
                               propagation_policy="Background")
        except errors.ApiError as error:
            self.recorder.eventf(cj, "Warning", "FailedDelete", f"Deleted job: {error.message}")
            return False
        self.delete_from_active_list(cj, job["metadata"]["uid"])
        self.recorder.eventf(cj, "Normal", "SuccessfulDelete", f"Deleted job {name}")
        return True

    @staticmethod
    def delete_from_active_list(cj: dict, uid: str) -> None:
        status = cj["status"]
        status["active"] = [r for r in status.get("active") or () if r.get("uid") != uid]
