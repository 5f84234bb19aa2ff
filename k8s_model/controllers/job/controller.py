"""The Job controller (pkg/controller/job/job_controller.go).

A Job runs Pods until `completions` of them have succeeded, at most `parallelism` at
a time. Level-triggered like the ReplicaSet controller: Job events sync at once, Pod
events sync after a 1 s batching period (syncJobBatchPeriod), and `sync_job` re-reads
everything: which Pods are active, which finished since the last count (tracking.py),
whether the Job has failed (backoffLimit, activeDeadlineSeconds) or succeeded, and how
many Pods to create or delete (`manage_job`).

Worked example, completions 5 and parallelism 2: want min(5 − succeeded, 2) active,
so 2, 2, then 1 Pod; when the 5th succeeds the Job gets SuccessCriteriaMet, then
Complete with completionTime, and the event "Job completed".

Failures: with restartPolicy Never each failed Pod counts; with OnFailure the kubelet
restarts the container in place, so the restartCounts of the Pods still running count.
More than backoffLimit (default 6) ends the Job: FailureTarget, the active Pods are
deleted, then Failed with reason BackoffLimitExceeded.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from ...api.selectors import from_label_selector
from ...record import EventRecorder
from ...sim import parse_timestamp
from ..base import Controller, Informer, key_of
from ..controller_utils import (ControllerExpectations, add_pod_controller_uid_indexer,
                                controller_ref, is_pod_active, is_pod_ready,
                                is_pod_terminating, pod_key)
from ..pod_control import RealPodControl
from . import indexed
from .backoff import BackoffRecord, BackoffStore
from .conditions import (BACKOFF_LIMIT_EXCEEDED, COMPLETIONS_REACHED, DEADLINE_EXCEEDED,
                         ensure_job_condition_status, find_condition, is_job_finished,
                         new_condition)
from .pods import SYNC_JOB_BATCH_PERIOD, PodManagement
from .tracking import FinalizerTracking, has_tracking_finalizer, is_pod_failed

STATUS_ORDER = ("conditions", "startTime", "completionTime", "active", "succeeded", "failed",
                "terminating", "completedIndexes", "failedIndexes", "uncountedTerminatedPods",
                "ready")


@dataclass
class SyncJobCtx:
    key: str
    job: dict
    pods: list[dict]
    active_pods: list[dict]
    ready: int
    terminating: int
    expected_rm_finalizers: set[str]
    uncounted_succeeded: set[str]
    uncounted_failed: set[str]
    succeeded: int = 0
    failed: int = 0
    finished_condition: dict | None = None
    new_backoff_record: BackoffRecord | None = None
    prev_succeeded_indexes: list = field(default_factory=list)
    succeeded_indexes: list = field(default_factory=list)


class JobController(PodManagement, FinalizerTracking, Controller):
    name = "job-controller"
    BASE_DELAY, MAX_DELAY = 1.0, 60.0   # DefaultJobApiBackOff, MaxJobApiBackOff

    def __init__(self, sim, client, jobs: Informer, pods: Informer) -> None:
        super().__init__(sim, client)
        self.jobs, self.pods = jobs, pods
        self.expectations = ControllerExpectations(sim)
        self.finalizer_expectations: dict[str, set[str]] = {}   # uidTrackingExpectations
        self.backoff_store = BackoffStore()
        self.recorder = EventRecorder(sim, client, component=self.name)
        self.pod_control = RealPodControl(client, self.recorder)
        add_pod_controller_uid_indexer(pods)
        jobs.add_handler(self._on_job_event)
        pods.add_handler(self._on_pod_event)

    # -- event handlers ---------------------------------------------------------------------
    def _on_job_event(self, type_: str, job: dict, old: dict | None) -> None:
        key = key_of(job)
        if type_ == "DELETED" or old is None:
            self.enqueue(key)
            if type_ == "DELETED":
                self.cleanup_pod_finalizers(job)
            return
        same_generation = job["metadata"].get("generation") == old["metadata"].get("generation")
        self.enqueue(key, after=SYNC_JOB_BATCH_PERIOD if same_generation else 0)
        if is_job_finished(job):
            self.cleanup_pod_finalizers(job)
        start, ads = (job.get("status") or {}).get("startTime"), job["spec"].get(
            "activeDeadlineSeconds")
        if start and ads is not None and ads != old["spec"].get("activeDeadlineSeconds"):
            self.enqueue(key, after=max(ads - (self.sim.now - parse_timestamp(start)), 0))

    def _on_pod_event(self, type_: str, pod: dict, old: dict | None) -> None:
        if type_ == "DELETED":
            self.delete_pod(pod, final=True)
        elif pod["metadata"].get("deletionTimestamp"):
            self.delete_pod(pod, final=False)
        elif old is None or type_ == "ADDED":
            self.add_pod(pod)
        else:
            self.update_pod(old, pod)

    def resolve_controller_ref(self, namespace: str, ref: dict | None) -> dict | None:
        if not ref or ref.get("kind") != "Job":
            return None
        job = self.jobs.get(f"{namespace}/{ref.get('name')}")
        return job if job and job["metadata"]["uid"] == ref.get("uid") else None

    def _pod_jobs(self, pod: dict) -> list[dict]:
        labels = pod["metadata"].get("labels")
        return [j for j in self.jobs.list(pod["metadata"]["namespace"]) if labels
                and from_label_selector(j["spec"].get("selector")).matches(labels)]

    def add_pod(self, pod: dict) -> None:
        job = self.resolve_controller_ref(pod["metadata"]["namespace"], controller_ref(pod))
        if job is not None:
            self.expectations.creation_observed(key_of(job))
            self.enqueue(key_of(job), after=SYNC_JOB_BATCH_PERIOD)
            return
        if controller_ref(pod) is None:
            if has_tracking_finalizer(pod):
                self.enqueue_orphan_pod(pod)
            for job in self._pod_jobs(pod):
                self.enqueue(key_of(job), after=SYNC_JOB_BATCH_PERIOD)

    def update_pod(self, old: dict, cur: dict) -> None:
        if cur["metadata"].get("resourceVersion") == old["metadata"].get("resourceVersion"):
            return
        namespace, removed = cur["metadata"]["namespace"], not has_tracking_finalizer(cur)
        for ref in {r["uid"]: r for r in (controller_ref(old), controller_ref(cur)) if r}.values():
            job = self.resolve_controller_ref(namespace, ref)
            if job is not None:
                if removed:
                    self.finalizer_expectations.get(key_of(job), set()).discard(
                        cur["metadata"]["uid"])
                self.enqueue(key_of(job), after=SYNC_JOB_BATCH_PERIOD)
        if controller_ref(cur) is None:
            if has_tracking_finalizer(cur):
                self.enqueue_orphan_pod(cur)
            if cur["metadata"].get("labels") != old["metadata"].get("labels") or controller_ref(old):
                for job in self._pod_jobs(cur):
                    self.enqueue(key_of(job), after=SYNC_JOB_BATCH_PERIOD)

    def delete_pod(self, pod: dict, final: bool) -> None:
        ref, finalizer = controller_ref(pod), has_tracking_finalizer(pod)
        job = self.resolve_controller_ref(pod["metadata"]["namespace"], ref)
        if job is None or is_job_finished(job):
            if finalizer:
                self.enqueue_orphan_pod(pod)   # syncJob will not remove this finalizer
            return
        key = key_of(job)
        self.expectations.deletion_observed(key, pod_key(pod))
        if final or not finalizer:
            self.finalizer_expectations.get(key, set()).discard(pod["metadata"]["uid"])
        self.enqueue(key, after=SYNC_JOB_BATCH_PERIOD)

    # -- the sync ---------------------------------------------------------------------------
    def reconcile(self, key: str) -> None:
        self.sync_job(key)

    def sync_job(self, key: str) -> None:
        shared = self.jobs.get(key)
        if shared is None:
            self.expectations.delete_expectations(key)
            self.finalizer_expectations.pop(key, None)
            self.backoff_store.remove_backoff_record(key)
            return
        if is_job_finished(shared):
            self.backoff_store.remove_backoff_record(key)
            return
        job = copy.deepcopy(shared)
        status = job.setdefault("status", {})
        uncounted = status.setdefault("uncountedTerminatedPods", {})
        satisfied = self.expectations.satisfied_expectations(key)
        pods = self.get_pods_for_job(job)
        active_pods = [p for p in pods if is_pod_active(p)]
        ctx = SyncJobCtx(key, job, pods, active_pods, sum(map(is_pod_ready, active_pods)),
                         sum(map(is_pod_terminating, pods)),
                         set(self.finalizer_expectations.get(key, ())),
                         set(uncounted.get("succeeded") or ()), set(uncounted.get("failed") or ()))
        active = len(active_pods)
        new_succeeded, new_failed = self.new_finished_pods(ctx)
        ctx.succeeded = status.get("succeeded", 0) + len(new_succeeded) + len(ctx.uncounted_succeeded)
        ctx.failed = status.get("failed", 0) + len(new_failed) + len(ctx.uncounted_failed)
        if not status.get("startTime") and not job["spec"].get("suspend"):
            status["startTime"] = self.sim.timestamp()
        ctx.new_backoff_record = self.backoff_store.new_backoff_record(key, new_succeeded,
                                                                        new_failed)
        self.check_finished(ctx)
        if indexed.is_indexed(job):
            ctx.prev_succeeded_indexes, ctx.succeeded_indexes = indexed.succeeded_indexes(
                job, pods, has_tracking_finalizer)
            ctx.succeeded = indexed.total(ctx.succeeded_indexes)
        suspend_changed, manage_error = False, None
        if ctx.finished_condition is not None:
            deleted_ready, deleted, manage_error = self.delete_pods(job, active_pods, False)
            if deleted != active or not satisfied:
                ctx.finished_condition = None   # wait for the Pods (or the cache) to catch up
            active -= deleted
            ctx.terminating += deleted
            ctx.ready -= deleted_ready
        else:
            called = satisfied and not job["metadata"].get("deletionTimestamp")
            if called:
                active, manage_error = self.manage_job(job, ctx)
            completions = job["spec"].get("completions")
            if completions is None:
                complete = ctx.succeeded > 0 and active == 0
            else:
                complete = ctx.succeeded >= completions and active == 0
            if complete:
                ctx.finished_condition = new_condition("SuccessCriteriaMet", "True",
                                                       *COMPLETIONS_REACHED, self.sim.timestamp())
            elif called:
                suspend_changed = self.update_suspended_condition(job)
        needs_update = (suspend_changed or active != status.get("active", 0)
                        or ctx.ready != status.get("ready")
                        or ctx.terminating != status.get("terminating"))
        status["active"], status["ready"], status["terminating"] = active, ctx.ready, ctx.terminating
        self.track_job_status_and_remove_finalizers(ctx, needs_update)
        if manage_error is not None:
            raise manage_error

    def new_finished_pods(self, ctx: SyncJobCtx) -> tuple[list[dict], list[dict]]:
        """getNewFinishedPods: finished Pods still carrying the finalizer, not yet listed
        as uncounted (and, for Indexed Jobs, with a valid index)."""
        def valid(pod: dict, uncounted: set[str]) -> bool:
            uid = pod["metadata"]["uid"]
            if (not has_tracking_finalizer(pod) or uid in uncounted
                    or uid in ctx.expected_rm_finalizers):
                return False
            return not indexed.is_indexed(ctx.job) or (
                indexed.UNKNOWN != indexed.completion_index(pod) < ctx.job["spec"]["completions"])

        succeeded = [p for p in ctx.pods if valid(p, ctx.uncounted_succeeded)
                     and p["status"].get("phase") == "Succeeded"]
        failed = [p for p in ctx.pods if valid(p, ctx.uncounted_failed)
                  and is_pod_failed(p, ctx.job)]
        return succeeded, failed

    def check_finished(self, ctx: SyncJobCtx) -> None:
        """The Job's end, if it has come: success already decided, a FailureTarget to
        turn into Failed, the backoff limit, or the active deadline (else requeue for it)."""
        job, now = ctx.job, self.sim.timestamp()
        conditions = job["status"].get("conditions")
        met = find_condition(conditions, "SuccessCriteriaMet")
        if met is not None and met.get("status") == "True":
            ctx.finished_condition = met
            return
        target = find_condition(conditions, "FailureTarget")
        if target is not None and target.get("status") == "True":
            ctx.finished_condition = new_condition("Failed", "True", target["reason"],
                                                   target["message"], now)
            return
        spec = job["spec"]
        if ctx.failed > spec["backoffLimit"] or self.past_backoff_limit_on_failure(job, ctx.pods):
            ctx.finished_condition = new_condition("FailureTarget", "True",
                                                   *BACKOFF_LIMIT_EXCEEDED, now)
        elif self.past_active_deadline(job):
            ctx.finished_condition = new_condition("FailureTarget", "True", *DEADLINE_EXCEEDED, now)
        elif spec.get("activeDeadlineSeconds") is not None and not spec.get("suspend"):
            elapsed = self.sim.now - parse_timestamp(job["status"]["startTime"])
            self.enqueue(ctx.key, after=spec["activeDeadlineSeconds"] - elapsed)

    @staticmethod
    def past_backoff_limit_on_failure(job: dict, pods: list[dict]) -> bool:
        """restartPolicy OnFailure: the containers of Running or Pending Pods restart in
        place, so their restartCounts are the failures; reaching backoffLimit fails."""
        if job["spec"]["template"]["spec"].get("restartPolicy") != "OnFailure":
            return False
        restarts = sum(s.get("restartCount", 0) for p in pods
                       if (p.get("status") or {}).get("phase") in ("Running", "Pending")
                       for s in (p["status"].get("initContainerStatuses") or [])
                       + (p["status"].get("containerStatuses") or []))
        limit = job["spec"]["backoffLimit"]
        return restarts > 0 if limit == 0 else restarts >= limit

    def past_active_deadline(self, job: dict) -> bool:
        spec, start = job["spec"], job["status"].get("startTime")
        if spec.get("activeDeadlineSeconds") is None or not start or spec.get("suspend"):
            return False
        return self.sim.now - parse_timestamp(start) >= spec["activeDeadlineSeconds"]

    def update_suspended_condition(self, job: dict) -> bool:
        """Suspended True (reason JobSuspended) or False (JobResumed), with the events
        Suspended / Resumed; resuming restarts startTime so the deadline counts afresh."""
        conditions, now = job["status"].setdefault("conditions", []), self.sim.timestamp()
        if job["spec"].get("suspend"):
            changed = ensure_job_condition_status(conditions, "Suspended", "True", "JobSuspended",
                                                  "Job suspended", now)
            if changed:
                self.recorder.eventf(job, "Normal", "Suspended", "Job suspended")
            return changed
        changed = ensure_job_condition_status(conditions, "Suspended", "False", "JobResumed",
                                              "Job resumed", now)
        if changed:
            self.recorder.eventf(job, "Normal", "Resumed", "Job resumed")
            job["status"]["startTime"] = now
        return changed

    def update_job_status(self, job: dict) -> dict:
        """UpdateStatus with the cached resourceVersion: a stale cache gets a Conflict and
        the sync is retried from fresh state. Zero counters are omitted (omitempty)."""
        status = job["status"]
        for counter in ("active", "succeeded", "failed"):
            if not status.get(counter):
                status.pop(counter, None)
        uncounted = status.get("uncountedTerminatedPods") or {}
        status["uncountedTerminatedPods"] = {k: v for k, v in uncounted.items() if v}
        if not status.get("completedIndexes"):
            status.pop("completedIndexes", None)
        job["status"] = {k: status[k] for k in STATUS_ORDER if k in status}
        updated = self.client.update_status("jobs", job)
        updated.setdefault("status", {})
        return updated
