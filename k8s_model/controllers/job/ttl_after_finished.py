"""The TTL-after-finished controller (pkg/controller/ttlafterfinished).

A Job with `ttlSecondsAfterFinished: 100` is deleted 100 s after its Complete or
Failed condition's lastTransitionTime — in the foreground, so its Pods go first and
the Job last. Before deleting, the controller re-reads the Job from the API server:
someone may have changed the TTL in the meantime. Before the TTL expires it only
requeues the Job for the moment it will.
"""

from __future__ import annotations

from ...sim import parse_timestamp
from ..base import Controller, Informer, key_of, split_key
from .conditions import finish_time, is_job_finished


def needs_cleanup(job: dict) -> bool:
    return (job.get("spec") or {}).get("ttlSecondsAfterFinished") is not None \
        and is_job_finished(job)


class TTLAfterFinishedController(Controller):
    name = "ttl-after-finished-controller"

    def __init__(self, sim, client, jobs: Informer) -> None:
        super().__init__(sim, client)
        self.jobs = jobs
        jobs.add_handler(self._on_job_event)

    def _on_job_event(self, type_: str, job: dict, old: dict | None) -> None:
        if type_ != "DELETED" and not job["metadata"].get("deletionTimestamp") \
                and needs_cleanup(job):
            self.enqueue(key_of(job))

    def reconcile(self, key: str) -> None:
        self.process_job(key)

    def process_job(self, key: str) -> None:
        job = self.jobs.get(key)
        if job is None or not self.process_ttl(job):
            return
        namespace, name = split_key(key)
        fresh = self.client.get_or_none("jobs", namespace, name)   # the TTL may have changed
        if fresh is None or not self.process_ttl(fresh):
            return
        self.client.delete("jobs", namespace, name, propagation_policy="Foreground")

    def process_ttl(self, job: dict) -> bool:
        """Whether the TTL has expired; if it will later, requeue for then."""
        if job["metadata"].get("deletionTimestamp") or not needs_cleanup(job):
            return False
        expire_at = parse_timestamp(finish_time(job)) + job["spec"]["ttlSecondsAfterFinished"]
        remaining = expire_at - self.sim.now
        if remaining <= 0:
            return True
        self.enqueue(key_of(job), after=remaining)
        return False
