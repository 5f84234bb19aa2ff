"""One sync of a StatefulSet (pkg/controller/statefulset/stateful_set_control.go).

`update_stateful_set` finds the current and update revisions, sorts the Pods into
`replicas` (ordinals start … start+replicas-1, a missing one made fresh) and `condemned`
(ordinals beyond, highest first), then:

1. each replica in ordinal order: replace a Failed or Succeeded Pod, create a missing Pod
   (claims first). With `podManagementPolicy: OrderedReady` (the default) the loop stops
   at the first Pod created, terminating, or not yet Running, Ready and Available for
   minReadySeconds — so web-1 is created only once web-0 is Ready. `Parallel` creates
   all at once (slow-start batches);
2. the condemned, highest ordinal first: delete — one at a time, and only once every
   replica is healthy, when OrderedReady;
3. a rolling update: from the highest ordinal down to `partition`, delete the first Pod
   not at the update revision, up to maxUnavailable (1) unavailable Pods at a time; the
   next sync recreates it at the new revision. `OnDelete` stops before this step: Pods
   change revision only when someone deletes them.

Then the status: replicas, readyReplicas, availableReplicas, currentReplicas,
updatedReplicas, the two revision names, collisionCount, observedGeneration. A rolling
update is complete when every Pod is updated and ready: currentRevision := updateRevision.
"""

from __future__ import annotations

from ...api import errors
from ...api.selectors import from_label_selector
from ..deployment.util import scaled_value
from ..history import (find_equal_revisions, equal_revision, new_controller_revision,
                       next_revision, sort_controller_revisions)
from ..replicaset import slow_start_batch
from .status import update_status
from .utils import (CONTROLLER_KIND, allows_burst, apply_revision, end_ordinal, get_ordinal,
                    get_patch, identity_matches, in_ordinal_range, is_created,
                    is_running_and_available, is_running_and_ready, is_terminating,
                    is_unavailable, new_versioned_stateful_set_pod, phase, pod_revision,
                    start_ordinal, storage_matches)


class _Exit(Exception):
    """A step that must end this sync (monotonic mode waits for the next event)."""


class StatefulSetControl:
    def __init__(self, sim, pod_control, history) -> None:
        self.sim, self.pod_control, self.history = sim, pod_control, history

    def update_stateful_set(self, sts: dict, pods: list[dict]) -> dict:
        """UpdateStatefulSet: returns the status to write (the caller writes it)."""
        selector = from_label_selector(sts["spec"].get("selector"))
        revisions = sort_controller_revisions(
            self.history.list_controller_revisions(sts, selector))
        current, update, collision_count = self.get_stateful_set_revisions(sts, revisions)
        try:
            status = self.update_pods(sts, current, update, collision_count, pods)
        finally:
            self.truncate_history(sts, pods, revisions, current, update)
        return status

    # -- revisions -------------------------------------------------------------------------------
    def get_stateful_set_revisions(self, sts: dict, revisions: list[dict]):
        """getStatefulSetRevisions: the update revision is the set's template now (an
        equal old revision is renumbered to the top — a rollback); the current revision is
        the one status.currentRevision names, or the update revision for a new set."""
        collision_count = (sts.get("status") or {}).get("collisionCount") or 0
        update = new_controller_revision(sts, CONTROLLER_KIND,
                                         (sts["spec"].get("template") or {}).get("metadata", {})
                                         .get("labels"), get_patch(sts),
                                         next_revision(revisions), collision_count)
        equal = find_equal_revisions(revisions, update)
        if equal and equal_revision(revisions[-1], equal[-1]):
            update = revisions[-1]
        elif equal:
            update = self.history.update_controller_revision(equal[-1], update["revision"])
        else:
            update, collision_count = self.history.create_controller_revision(
                sts, update, collision_count)
        current_name = (sts.get("status") or {}).get("currentRevision")
        current = next((r for r in revisions if r["metadata"]["name"] == current_name), update)
        return current, update, collision_count

    def truncate_history(self, sts, pods, revisions, current, update) -> None:
        """truncateHistory: keep revisionHistoryLimit revisions besides the live ones
        (current, update, and any a Pod still runs), deleting the oldest first."""
        live = {current["metadata"]["name"], update["metadata"]["name"]}
        live |= {pod_revision(p) for p in pods}
        old = [r for r in revisions if r["metadata"]["name"] not in live]
        limit = sts["spec"].get("revisionHistoryLimit", 10)
        for revision in old[:max(len(old) - limit, 0)]:
            self.history.delete_controller_revision(revision)

    # -- Pods ------------------------------------------------------------------------------------
    def update_pods(self, sts, current, update, collision_count, pods) -> dict:
        """updateStatefulSet."""
        current_set, update_set = apply_revision(sts, current), apply_revision(sts, update)
        min_ready = sts["spec"].get("minReadySeconds", 0)
        status = {"observedGeneration": sts["metadata"].get("generation", 0),
                  "currentRevision": current["metadata"]["name"],
                  "updateRevision": update["metadata"]["name"],
                  "collisionCount": collision_count}
        start, end = start_ordinal(sts), end_ordinal(sts)
        replicas: list[dict | None] = [None] * max(end - start + 1, 0)
        condemned = []
        for pod in pods:
            if in_ordinal_range(pod, sts):
                replicas[get_ordinal(pod) - start] = pod
            elif get_ordinal(pod) >= 0:
                condemned.append(pod)
        for ordinal in range(start, end + 1):
            if replicas[ordinal - start] is None:
                replicas[ordinal - start] = new_versioned_stateful_set_pod(
                    current_set, update_set, current["metadata"]["name"],
                    update["metadata"]["name"], ordinal)
        condemned.sort(key=get_ordinal, reverse=True)
        now = self.sim.now
        unhealthy = [p for p in replicas + condemned[::-1] if is_unavailable(p, min_ready, now)]
        first_unhealthy = unhealthy[0] if unhealthy else None

        def finish() -> dict:
            return update_status(status, min_ready, current, update, now, replicas, condemned)

        if sts["metadata"].get("deletionTimestamp"):
            return finish()
        monotonic = not allows_burst(sts)
        try:
            run_for_all(replicas, lambda i: self.process_replica(sts, update_set, monotonic,
                                                                 replicas, i), monotonic)
            run_for_all(condemned, lambda i: self.fix_pod_claim(update_set, condemned[i]),
                        monotonic)
            run_for_all(condemned, lambda i: self.process_condemned(
                sts, first_unhealthy, monotonic, condemned, i), monotonic)
        except _Exit:
            return finish()
        status = finish()
        if (sts["spec"].get("updateStrategy") or {}).get("type") == "OnDelete":
            return status
        return self.rolling_update(sts, replicas, update, status)

    def process_replica(self, sts, update_set, monotonic: bool, replicas, i: int) -> bool:
        """processReplica: True means "stop here" in monotonic mode."""
        pod, now = replicas[i], self.sim.now
        if phase(pod) in ("Failed", "Succeeded"):
            # Replace it (an evicted Pod ends Failed or Succeeded by its exit code): delete
            # now, recreate on a later sync once it is gone.
            if not is_terminating(pod):
                self.pod_control.delete_stateful_pod(sts, pod)
            return True
        if not is_created(pod):
            if self.pod_control.pod_claim_is_stale(sts, pod):
                return True
            self.pod_control.create_stateful_pod(sts, pod)
            if monotonic:
                return True
        if phase(pod) == "Pending":
            self.pod_control.create_missing_persistent_volume_claims(sts, pod)
        if is_terminating(pod) and monotonic:
            return True
        min_ready = sts["spec"].get("minReadySeconds", 0)
        if monotonic and (not is_running_and_ready(pod)
                          or not is_running_and_available(pod, min_ready, now)):
            return True
        if not is_created(pod):
            return False   # just created in Parallel mode: nothing more to check
        if (identity_matches(sts, pod) and storage_matches(sts, pod)
                and self.pod_control.claims_match_retention_policy(update_set, pod)):
            return False
        self.pod_control.update_stateful_pod(update_set, pod)
        return False

    def fix_pod_claim(self, update_set, pod) -> bool:
        if not self.pod_control.claims_match_retention_policy(update_set, pod):
            self.pod_control.update_pod_claim_for_retention_policy(update_set, pod)
        return False

    def process_condemned(self, sts, first_unhealthy, monotonic: bool, condemned, i) -> bool:
        """processCondemned: scale down from the highest ordinal; in monotonic mode wait
        for a terminating Pod to go, and delete an unhealthy Pod only if it is the first
        unhealthy one (so a broken web-2 can still be scaled away)."""
        pod, now = condemned[i], self.sim.now
        if is_terminating(pod):
            return monotonic
        min_ready = sts["spec"].get("minReadySeconds", 0)
        if monotonic and pod is not first_unhealthy and (
                not is_running_and_ready(pod)
                or not is_running_and_available(pod, min_ready, now)):
            return True
        self.pod_control.delete_stateful_pod(sts, pod)
        return True

    def rolling_update(self, sts, replicas, update, status) -> dict:
        """updateStatefulSetAfterInvariantEstablished (MaxUnavailableStatefulSet, beta and
        on in v1.35): delete up to maxUnavailable - unavailable Pods not at the update
        revision, highest ordinal first, none below the partition."""
        rolling = (sts["spec"].get("updateStrategy") or {}).get("rollingUpdate") or {}
        update_min = rolling.get("partition", 0)
        max_unavailable = max(scaled_value(rolling.get("maxUnavailable", 1), len(replicas),
                                           False), 1)
        min_ready, now = sts["spec"].get("minReadySeconds", 0), self.sim.now
        unavailable = sum(is_unavailable(p, min_ready, now) for p in replicas)
        if unavailable > max_unavailable:
            return status
        to_delete = max_unavailable - unavailable
        for target in range(len(replicas) - 1, update_min - 1, -1):
            if to_delete <= 0:
                break
            pod = replicas[target]
            if pod_revision(pod) != update["metadata"]["name"] and not is_terminating(pod):
                try:
                    self.pod_control.delete_stateful_pod(sts, pod)
                except errors.ApiError as error:
                    if error.code != 404:
                        raise
                to_delete -= 1
                status["currentReplicas"] -= 1
        return status


def run_for_all(pods: list, fn, monotonic: bool) -> None:
    """runForAll: in order, stopping at the first "stop" in monotonic mode; in Parallel
    mode, all of them in slow-start batches, stopping at a batch with an error."""
    if monotonic:
        for i in range(len(pods)):
            if fn(i):
                raise _Exit
        return
    indices = iter(range(len(pods)))
    _, error = slow_start_batch(len(pods), 1, lambda: fn(next(indices)))
    if error is not None:
        raise error
