"""Counting finished Pods with the tracking finalizer (job_controller.go
trackJobStatusAndRemoveFinalizers, flushUncountedAndRemoveFinalizers, enactJobFinished).

Every Pod a Job creates carries the finalizer `batch.kubernetes.io/job-tracking`, so
the Pod cannot vanish (pod GC, eviction, `kubectl delete`) before the Job has counted
it. When a Pod finishes the controller, in this order:
1. writes the Pod's uid into `status.uncountedTerminatedPods.succeeded|failed`;
2. removes the finalizer from the Pod;
3. moves the uid from the uncounted list into `status.succeeded|failed`.
A Pod whose Job is gone or finished loses the finalizer at once (syncOrphanPod).
A crash between any two steps neither loses nor double-counts the Pod. The terminal
condition waits until nothing is uncounted and no Pod is still terminating.

Simplified here: the MaxUncountedPods cap (500) is kept, but the per-Pod patches run
one after another, not in parallel goroutines; podFailurePolicy and
backoffLimitPerIndex are not modelled.
"""

from __future__ import annotations

from ...api import errors
from ..controller_utils import controller_ref, filter_pods_by_owner, pod_key
from . import indexed
from .conditions import (ensure_job_condition_status, find_condition, is_job_finished,
                         new_condition)

TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking"
MAX_UNCOUNTED_PODS = 500
ORPHAN_RETRY = 1.0


def has_tracking_finalizer(pod: dict) -> bool:
    return TRACKING_FINALIZER in (pod["metadata"].get("finalizers") or ())


def is_pod_failed(pod: dict, job: dict) -> bool:
    """isPodFailed: Failed, or (unless only failed Pods are replaced) deleted before it
    succeeded — an orphan deleted by pod GC never reaches the Failed phase."""
    phase = (pod.get("status") or {}).get("phase")
    if phase == "Failed":
        return True
    if job["spec"].get("podReplacementPolicy") == "Failed":
        return False
    return bool(pod["metadata"].get("deletionTimestamp")) and phase != "Succeeded"


def _uncounted(job: dict) -> dict:
    return job["status"].setdefault("uncountedTerminatedPods", {})


class FinalizerTracking:
    """The part of the Job controller that counts Pods and finishes the Job."""

    def track_job_status_and_remove_finalizers(self, ctx, needs_flush: bool) -> None:
        job = ctx.job
        uncounted = _uncounted(job)
        is_indexed = indexed.is_indexed(job)
        pods = sorted(ctx.pods, key=indexed.completion_index) if is_indexed else ctx.pods
        with_finalizer = {p["metadata"]["uid"] for p in pods if has_tracking_finalizer(p)
                          and p["metadata"]["uid"] not in ctx.expected_rm_finalizers}
        if clean_uncounted_pods_without_finalizers(job["status"], with_finalizer):
            needs_flush = True
        to_remove, new_succeeded_indexes, reached_max = [], [], False
        for pod in pods:
            uid = pod["metadata"]["uid"]
            if not has_tracking_finalizer(pod) or uid in ctx.expected_rm_finalizers:
                continue   # counted in an earlier sync
            failed = is_pod_failed(pod, job)
            if not (job["metadata"].get("deletionTimestamp") or ctx.finished_condition
                    or pod["status"].get("phase") == "Succeeded" or failed):
                continue   # canRemoveFinalizer
            to_remove.append(pod)
            ix = indexed.completion_index(pod)
            if pod["status"].get("phase") == "Succeeded" and uid not in ctx.uncounted_failed:
                if is_indexed:
                    if (indexed.UNKNOWN != ix < job["spec"]["completions"]
                            and not indexed.has(ctx.prev_succeeded_indexes, ix)):
                        new_succeeded_indexes.append(ix)
                        needs_flush = True
                elif uid not in ctx.uncounted_succeeded:
                    uncounted.setdefault("succeeded", []).append(uid)
                    needs_flush = True
            elif failed or (ctx.finished_condition is not None
                            and ctx.finished_condition["type"] != "SuccessCriteriaMet"):
                # When the Job is finished, every Pod not yet terminated counts as failed.
                valid = not is_indexed or indexed.UNKNOWN != ix < job["spec"]["completions"]
                if uid not in ctx.uncounted_failed and valid:
                    uncounted.setdefault("failed", []).append(uid)
                    needs_flush = True
            if (len(new_succeeded_indexes) + len(uncounted.get("succeeded", []))
                    + len(uncounted.get("failed", [])) >= MAX_UNCOUNTED_PODS):
                reached_max = True
                break
        if is_indexed:
            ctx.succeeded_indexes = indexed.with_indexes(ctx.succeeded_indexes,
                                                         new_succeeded_indexes)
            text = indexed.to_string(ctx.succeeded_indexes)
            if text != job["status"].get("completedIndexes", ""):
                needs_flush = True
            job["status"]["succeeded"] = indexed.total(ctx.succeeded_indexes)
            job["status"]["completedIndexes"] = text
        needs_flush = self._add_interim_condition(ctx) or needs_flush
        needs_flush = self.flush_uncounted_and_remove_finalizers(ctx, to_remove, with_finalizer,
                                                                 needs_flush)
        finished = not reached_max and self.enact_job_finished(ctx)
        if finished or needs_flush:
            ctx.job = self.update_job_status(ctx.job)
            if finished:
                self.record_job_finished(ctx.job, ctx.finished_condition)

    def _add_interim_condition(self, ctx) -> bool:
        """FailureTarget / SuccessCriteriaMet go into status before the finalizers come
        off; the terminal condition to set later keeps their reason and message."""
        cond = ctx.finished_condition
        if cond is None or cond["type"] not in ("FailureTarget", "SuccessCriteriaMet"):
            return False
        conditions = ctx.job["status"].setdefault("conditions", [])
        added = find_condition(conditions, cond["type"]) is None
        if added:
            conditions.append(cond)
        final = "Failed" if cond["type"] == "FailureTarget" else "Complete"
        ctx.finished_condition = new_condition(final, "True", cond["reason"], cond["message"],
                                               self.sim.timestamp())
        return added

    def flush_uncounted_and_remove_finalizers(self, ctx, to_remove: list[dict],
                                              with_finalizer: set[str], needs_flush: bool) -> bool:
        if needs_flush:
            ctx.job = self.update_job_status(ctx.job)
            self.backoff_store.update_backoff_record(ctx.new_backoff_record)
            needs_flush = False
        error = None
        if to_remove:
            self.finalizer_expectations.setdefault(ctx.key, set()).update(
                p["metadata"]["uid"] for p in to_remove)
            for pod in to_remove:
                try:
                    self.remove_tracking_finalizer(pod)
                except errors.ApiError as e:
                    self.finalizer_expectations[ctx.key].discard(pod["metadata"]["uid"])
                    error = error or e
                    continue
                with_finalizer.discard(pod["metadata"]["uid"])
        if clean_uncounted_pods_without_finalizers(ctx.job["status"], with_finalizer):
            needs_flush = True
        if error is not None:
            if needs_flush:
                ctx.job = self.update_job_status(ctx.job)
            raise error
        return needs_flush

    def remove_tracking_finalizer(self, pod: dict) -> None:
        """removeTrackingFinalizerPatch (a strategic $deleteFromPrimitiveList upstream; a
        merge patch of the remaining list, guarded by resourceVersion, here)."""
        meta = pod["metadata"]
        rest = [f for f in meta.get("finalizers") or () if f != TRACKING_FINALIZER]
        try:
            self.client.patch("pods", meta["namespace"], meta["name"], {"metadata": {
                "finalizers": rest or None, "resourceVersion": meta["resourceVersion"]}})
        except errors.ApiError as error:
            if error.code != 404:
                raise

    # -- orphan Pods still carrying our finalizer (syncOrphanPod) --------------------------
    def enqueue_orphan_pod(self, pod: dict) -> None:
        self.sim.call_soon(lambda key=pod_key(pod): self.sync_orphan_pod(key))

    def sync_orphan_pod(self, key: str) -> None:
        pod = self.pods.get(key)
        if pod is None or not has_tracking_finalizer(pod):
            return
        ref = controller_ref(pod)
        if ref is not None:
            if ref.get("kind") != "Job" or ref.get("apiVersion") != "batch/v1":
                return
            job = self.resolve_controller_ref(pod["metadata"]["namespace"], ref)
            if job is not None and not is_job_finished(job):
                return   # adopted: the Job counts it
        try:
            self.remove_tracking_finalizer(pod)
        except errors.ApiError:
            self.sim.call_later(ORPHAN_RETRY, lambda: self.sync_orphan_pod(key))

    def cleanup_pod_finalizers(self, job: dict) -> None:
        for pod in filter_pods_by_owner(self.pods, job, include_orphans=False):
            if has_tracking_finalizer(pod):
                self.enqueue_orphan_pod(pod)

    def enact_job_finished(self, ctx) -> bool:
        """Set Complete/Failed once no Pod is uncounted or still terminating."""
        cond = ctx.finished_condition
        if cond is None:
            return False
        uncounted = _uncounted(ctx.job)
        if uncounted.get("succeeded") or uncounted.get("failed") or ctx.terminating > 0:
            return False
        now = self.sim.timestamp()
        ensure_job_condition_status(ctx.job["status"].setdefault("conditions", []), cond["type"],
                                    cond["status"], cond["reason"], cond["message"], now)
        if cond["type"] == "Complete":
            ctx.job["status"]["completionTime"] = now
        return True

    def record_job_finished(self, job: dict, cond: dict) -> None:
        if cond["type"] == "Complete":
            completions = job["spec"].get("completions")
            if completions is not None and job["status"].get("succeeded", 0) > completions:
                self.recorder.eventf(job, "Warning", "TooManySucceededPods",
                                     "Too many succeeded pods running after completion count "
                                     "reached")
            self.recorder.eventf(job, "Normal", "Completed", "Job completed")
        else:
            self.recorder.eventf(job, "Warning", cond["reason"], cond["message"])


def clean_uncounted_pods_without_finalizers(status: dict, with_finalizer: set[str]) -> bool:
    """Move the uids whose finalizer is gone from the uncounted lists to the counters."""
    uncounted, updated = status.setdefault("uncountedTerminatedPods", {}), False
    for field in ("succeeded", "failed"):
        uids = uncounted.get(field) or []
        kept = [uid for uid in uids if uid in with_finalizer]
        if len(kept) != len(uids):
            updated = True
            status[field] = status.get(field, 0) + len(uids) - len(kept)
            uncounted[field] = kept
    return updated
