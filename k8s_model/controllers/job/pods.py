"""Creating and deleting a Job's Pods (job_controller.go manageJob, getPodsForJob,
deleteJobPods, activePodsForRemoval).

`manage_job` either deletes the surplus or creates the shortfall, never both in one
sync. Creations wait out the failure back-off (backoff.py), go in slow-start batches
of 1, 2, 4 … like the ReplicaSet's, and each Pod carries the tracking finalizer. For an
Indexed Job each new Pod takes the lowest index neither succeeded nor running.
Suspending a Job deletes all its active Pods.
"""

from __future__ import annotations

import copy

from ...api import errors
from ...api.selectors import from_label_selector
from ..base import key_of
from ..controller_ref_manager import CannotAdopt, PodControllerRefManager, new_controller_ref
from ..controller_utils import (SLOW_START_INITIAL_BATCH_SIZE, filter_pods_by_owner,
                                is_pod_ready, pod_key, sort_for_deletion)
from ..pod_control import namespace_terminating
from ..replicaset import slow_start_batch
from . import indexed
from .tracking import TRACKING_FINALIZER

SYNC_JOB_BATCH_PERIOD = 1.0
MAX_POD_CREATE_DELETE_PER_SYNC = 500


class PodManagement:
    """The Pod-facing half of the Job controller."""

    def get_pods_for_job(self, job: dict) -> list[dict]:
        """Our Pods and the orphans the selector matches (adopted on the way)."""
        checked: list[dict] = []

        def can_adopt() -> None:
            if not checked:
                checked.append(self.client.get("jobs", job["metadata"]["namespace"],
                                               job["metadata"]["name"]))
            if checked[0]["metadata"]["uid"] != job["metadata"]["uid"]:
                raise CannotAdopt(f"original Job {key_of(job)} is gone")
            if checked[0]["metadata"].get("deletionTimestamp"):
                raise CannotAdopt(f"{key_of(job)} has just been deleted")

        manager = PodControllerRefManager(
            self.client, job, new_controller_ref(job, "batch/v1", "Job"),
            from_label_selector(job["spec"].get("selector")), can_adopt)
        pods, failures = manager.claim_pods(filter_pods_by_owner(self.pods, job, True))
        if failures and isinstance(failures[0], errors.ApiError):
            raise failures[0]
        return pods

    def manage_job(self, job: dict, ctx) -> tuple[int, errors.ApiError | None]:
        """Delete the surplus or create the shortfall of active Pods, never both."""
        active, key = len(ctx.active_pods), ctx.key
        spec = job["spec"]
        if spec.get("suspend"):
            ready, removed, error = self.delete_pods(job, ctx.active_pods, True)
            ctx.terminating += removed
            ctx.ready -= ready
            return active - removed, error
        completions, parallelism = spec.get("completions"), spec["parallelism"]
        if completions is None:
            want = active if ctx.succeeded > 0 else parallelism
        else:
            want = max(min(completions - ctx.succeeded, parallelism), 0)
        to_delete = self.active_pods_for_removal(job, ctx.active_pods, max(active - want, 0))
        if to_delete:
            ready, removed, error = self.delete_pods(job, to_delete[:MAX_POD_CREATE_DELETE_PER_SYNC],
                                                     True)
            ctx.terminating += removed
            ctx.ready -= ready
            return active - removed, error
        terminating = ctx.terminating if spec.get("podReplacementPolicy") == "Failed" else 0
        diff = min(want - terminating - active, MAX_POD_CREATE_DELETE_PER_SYNC)
        if diff <= 0:
            return active, None
        remaining = ctx.new_backoff_record.remaining_time(self.sim.now)
        if remaining > 0:
            self.enqueue(key, after=max(remaining, SYNC_JOB_BATCH_PERIOD))
            return active, None
        indexes: list[int] = []
        if indexed.is_indexed(job):
            indexes = indexed.first_pending_indexes(ctx.active_pods, ctx.succeeded_indexes, diff,
                                                    completions)
            diff = len(indexes)
        template = copy.deepcopy(spec["template"])
        meta = template.setdefault("metadata", {})
        if TRACKING_FINALIZER not in meta.setdefault("finalizers", []):
            meta["finalizers"].append(TRACKING_FINALIZER)
        self.expectations.expect_creations(key, diff)
        pending = list(indexes)

        def create() -> None:
            pod_template, generate_name = template, None
            if pending:
                index = pending.pop(0)
                pod_template = indexed.indexed_template(template, job["metadata"]["name"], index)
                generate_name = indexed.pod_generate_name_with_index(job["metadata"]["name"], index)
            try:
                self.pod_control.create_pod(job, new_controller_ref(job, "batch/v1", "Job"),
                                            pod_template, generate_name)
            except errors.ApiError as error:
                if not namespace_terminating(error):
                    raise

        created, error = slow_start_batch(diff, SLOW_START_INITIAL_BATCH_SIZE, create)
        for _ in range(diff - created):
            self.expectations.creation_observed(key)   # never attempted or refused
        return active + created, error

    def active_pods_for_removal(self, job: dict, pods: list[dict], at_least: int) -> list[dict]:
        """Indexed: duplicates and out-of-range indexes first; then by ActivePods order
        (unscheduled < scheduled, Pending < Running, not ready < ready …)."""
        rm, left = [], pods
        if indexed.is_indexed(job):
            rm, left = indexed.duplicated_index_pods_for_removal(pods, job["spec"]["completions"],
                                                                 self.sim.now)
        if len(rm) < at_least:
            ranked = sort_for_deletion(left, [0] * len(left), self.sim.now)
            rm += ranked[:at_least - len(rm)]
        return rm

    def delete_pods(self, job: dict, pods: list[dict], expect: bool):
        """deleteJobPods (expect=True: counted in expectations) / deleteActivePods
        (finishing: the finalizers stay until the Pods are counted as failed)."""
        key, ready, removed, first_error = key_of(job), 0, 0, None
        if expect:
            self.expectations.expect_deletions(key, [pod_key(p) for p in pods])
        for pod in pods:
            try:
                self.pod_control.delete_pod(job, pod["metadata"]["name"])
            except errors.ApiError as error:
                if expect:
                    self.expectations.deletion_observed(key, pod_key(pod))
                if error.code != 404:
                    first_error = first_error or error
                    continue
            removed += 1
            ready += is_pod_ready(pod)
        return ready, removed, first_error
