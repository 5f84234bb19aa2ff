"""The ReplicaSet controller (pkg/controller/replicaset/replica_set.go, replica_set_utils.go).

Level-triggered: every Pod or ReplicaSet event only queues the ReplicaSet's key;
`sync_replica_set` re-reads the cache, claims the Pods its selector matches (adopting
orphans, releasing Pods whose labels moved away), compares the active ones with
`spec.replicas` and creates or deletes the difference, then writes `status`.

Worked example, `replicas: 5` and no Pods: expect 5 creations, then create in
slow-start batches of 1, 2 and 2 (each batch doubles while every create succeeds, so a
quota that refuses the first Pod costs one request, not five). The next syncs, woken by
those Pods' watch events, change nothing until the informer has seen all five
(expectations). Scaling 5 → 2 deletes the 3 Pods `controller_utils.less` ranks first —
unscheduled, Pending, not ready … before a long-ready Running one.

ReplicationController is the same controller with RC converted on the way in and out
(replication.py).
"""

from __future__ import annotations

import copy

from ..api import errors
from ..api.selectors import Selector, from_label_selector
from ..record import EventRecorder
from .base import Controller, Informer, key_of, split_key
from .controller_ref_manager import CannotAdopt, PodControllerRefManager, new_controller_ref
from .controller_utils import (SLOW_START_INITIAL_BATCH_SIZE, ControllerExpectations,
                               add_pod_controller_uid_indexer, filter_pods_by_owner,
                               controller_ref, is_pod_active, is_pod_ready, is_pod_terminating,
                               pod_key, sort_for_deletion)
from .pod_control import RealPodControl, namespace_terminating
from .replica_set_status import calculate_status, status_unchanged

BURST_REPLICAS = 500   # at most this many creations or deletions per sync


def slow_start_batch(count: int, initial_batch_size: int, fn) -> tuple[int, errors.ApiError | None]:
    """Call fn() `count` times in batches of 1, 2, 4 …; stop after a batch with a failure.
    Returns the number of successes and the first error."""
    remaining, successes = count, 0
    batch = min(remaining, initial_batch_size)
    while batch > 0:
        failures = []
        for _ in range(batch):
            try:
                fn()
            except errors.ApiError as error:
                failures.append(error)
        successes += batch - len(failures)
        if failures:
            return successes, failures[0]
        remaining -= batch
        batch = min(2 * batch, remaining)
    return successes, None


class ReplicaSetController(Controller):
    name = "replicaset-controller"
    kind, api_version, resource = "ReplicaSet", "apps/v1", "replicasets"
    status_terminating_replicas = True   # RCs have no status.terminatingReplicas

    def __init__(self, sim, client, sets: Informer, pods: Informer,
                 burst_replicas: int = BURST_REPLICAS) -> None:
        super().__init__(sim, client)
        self.sets, self.pods, self.burst_replicas = sets, pods, burst_replicas
        self.expectations = ControllerExpectations(sim)
        self.pod_control = RealPodControl(client, EventRecorder(sim, client, component=self.name))
        add_pod_controller_uid_indexer(pods)
        sets.add_handler(self._on_set_event)
        pods.add_handler(self._on_pod_event)

    def selector(self, owner: dict) -> Selector:
        return from_label_selector((owner.get("spec") or {}).get("selector"))

    # -- event handlers: only queue keys and count what was observed ---------------------------
    def _on_set_event(self, type_: str, rs: dict, old: dict | None) -> None:
        if type_ == "DELETED":
            # A new ReplicaSet of the same name must start with clean expectations.
            self.expectations.delete_expectations(key_of(rs))
        self.enqueue(key_of(rs))

    def _on_pod_event(self, type_: str, pod: dict, old: dict | None) -> None:
        if type_ == "DELETED":
            self.delete_pod(pod)
        elif type_ == "ADDED" or old is None:
            self.add_pod(pod)
        else:
            self.update_pod(old, pod)

    def resolve_controller_ref(self, namespace: str, ref: dict) -> dict | None:
        if ref.get("kind") != self.kind:
            return None
        owner = self.sets.get(f"{namespace}/{ref.get('name')}")
        return owner if owner and owner["metadata"]["uid"] == ref.get("uid") else None

    def pod_owners(self, pod: dict) -> list[dict]:
        """GetPodReplicaSets: the ReplicaSets whose (non-empty) selector matches the Pod."""
        labels = pod["metadata"].get("labels")
        if not labels:
            return []
        return [rs for rs in self.sets.list(pod["metadata"]["namespace"])
                if not self.selector(rs).empty and self.selector(rs).matches(labels)]

    def add_pod(self, pod: dict) -> None:
        if pod["metadata"].get("deletionTimestamp"):
            self.delete_pod(pod)   # seen first while already being deleted
            return
        ref = controller_ref(pod)
        if ref is not None:
            owner = self.resolve_controller_ref(pod["metadata"]["namespace"], ref)
            if owner is not None:
                self.expectations.creation_observed(key_of(owner))
                self.enqueue(key_of(owner))
            return
        for owner in self.pod_owners(pod):   # an orphan: does anyone want to adopt it?
            self.enqueue(key_of(owner))

    def update_pod(self, old: dict, cur: dict) -> None:
        if cur["metadata"].get("resourceVersion") == old["metadata"].get("resourceVersion"):
            return
        label_changed = cur["metadata"].get("labels") != old["metadata"].get("labels")
        if cur["metadata"].get("deletionTimestamp"):
            # A graceful deletion counts as the deletion: replace the Pod now, not when
            # the kubelet has finished with it.
            self.delete_pod(cur)
            if label_changed:
                self.delete_pod(old)
            return
        cur_ref, old_ref = controller_ref(cur), controller_ref(old)
        namespace = cur["metadata"]["namespace"]
        if cur_ref != old_ref and old_ref is not None:
            owner = self.resolve_controller_ref(namespace, old_ref)
            if owner is not None:
                self.enqueue(key_of(owner))
        if cur_ref is not None:
            owner = self.resolve_controller_ref(namespace, cur_ref)
            if owner is None:
                return
            self.enqueue(key_of(owner))
            min_ready = owner["spec"].get("minReadySeconds", 0)
            if not is_pod_ready(old) and is_pod_ready(cur) and min_ready > 0:
                # Check availability once minReadySeconds have passed (+1 s for skew).
                self.enqueue(key_of(owner), after=min_ready + 1)
            return
        if label_changed or cur_ref != old_ref:
            for owner in self.pod_owners(cur):
                self.enqueue(key_of(owner))

    def delete_pod(self, pod: dict) -> None:
        ref = controller_ref(pod)
        owner = ref and self.resolve_controller_ref(pod["metadata"]["namespace"], ref)
        if owner:
            self.expectations.deletion_observed(key_of(owner), pod_key(pod))
            self.enqueue(key_of(owner))

    # -- the sync -------------------------------------------------------------------------------
    def reconcile(self, key: str) -> None:
        self.sync_replica_set(key)

    def sync_replica_set(self, key: str) -> None:
        rs = self.sets.get(key)
        if rs is None:
            self.expectations.delete_expectations(key)
            return
        needs_sync = self.expectations.satisfied_expectations(key)
        selector = self.selector(rs)
        namespace, _ = split_key(key)
        uid = rs["metadata"]["uid"]
        # FilterPodsByOwner: ours, plus orphans we might adopt.
        all_pods = filter_pods_by_owner(self.pods, rs, include_orphans=True)
        active, failures = self.claim_pods(rs, selector, [p for p in all_pods if is_pod_active(p)])
        if failures:
            if isinstance(failures[0], errors.ApiError):
                raise failures[0]   # retried with back-off from fresh state
            return                  # the owner is going away; its own event requeues it
        terminating = [p for p in all_pods if is_pod_terminating(p)
                       and (controller_ref(p) or {}).get("uid") == uid
                       and selector.matches(p["metadata"].get("labels"))]
        manage_error = None
        if needs_sync and not rs["metadata"].get("deletionTimestamp"):
            manage_error = self.manage_replicas(active, rs)
        status = calculate_status(rs, active, terminating if self.status_terminating_replicas
                                  else None, manage_error, self.sim)
        updated = self.update_status(rs, status)
        spec, new = updated["spec"], updated.get("status") or {}
        if (manage_error is None and spec.get("minReadySeconds", 0) > 0
                and new.get("readyReplicas", 0) == spec.get("replicas", 1)
                and new.get("availableReplicas", 0) != spec.get("replicas", 1)):
            self.enqueue(key, after=spec["minReadySeconds"])
        if manage_error is not None:
            raise manage_error

    def claim_pods(self, rs: dict, selector: Selector, pods: list[dict]):
        checked: list[dict] = []

        def can_adopt() -> None:
            """RecheckDeletionTimestamp: before the first adoption, read the owner fresh
            from the API server, not the cache."""
            if not checked:
                checked.append(self.client.get(self.resource, rs["metadata"]["namespace"],
                                               rs["metadata"]["name"]))
            fresh = checked[0]
            if fresh["metadata"]["uid"] != rs["metadata"]["uid"]:
                raise CannotAdopt(f"original {self.kind} {key_of(rs)} is gone")
            if fresh["metadata"].get("deletionTimestamp"):
                raise CannotAdopt(f"{key_of(rs)} has just been deleted")

        manager = PodControllerRefManager(self.client, rs, self.controller_ref(rs), selector,
                                          can_adopt)
        return manager.claim_pods(pods)

    def controller_ref(self, rs: dict) -> dict:
        return new_controller_ref(rs, self.api_version, self.kind)

    def manage_replicas(self, active: list[dict], rs: dict) -> errors.ApiError | None:
        """Create or delete the difference between the active Pods and spec.replicas."""
        key = key_of(rs)
        diff = len(active) - rs["spec"].get("replicas", 1)
        if diff < 0:
            diff = min(-diff, self.burst_replicas)
            self.expectations.expect_creations(key, diff)
            created, error = slow_start_batch(diff, SLOW_START_INITIAL_BATCH_SIZE,
                                              lambda: self.create_pod(rs))
            for _ in range(diff - created):
                # Pods never attempted or refused will never be observed.
                self.expectations.creation_observed(key)
            return error
        if diff > 0:
            diff = min(diff, self.burst_replicas)
            to_delete = self.pods_to_delete(active, self.indirectly_related_pods(rs), diff)
            self.expectations.expect_deletions(key, [pod_key(p) for p in to_delete])
            first_error = None
            for pod in to_delete:
                try:
                    self.pod_control.delete_pod(rs, pod["metadata"]["name"])
                except errors.ApiError as error:
                    self.expectations.deletion_observed(key, pod_key(pod))
                    if error.code != 404 and first_error is None:
                        first_error = error
            return first_error
        return None

    def create_pod(self, rs: dict) -> None:
        try:
            self.pod_control.create_pod(rs, self.controller_ref(rs))
        except errors.ApiError as error:
            if not namespace_terminating(error):
                raise   # in a namespace being deleted every creation fails: not an error

    def indirectly_related_pods(self, rs: dict) -> list[dict]:
        """Pods of every ReplicaSet with the same controller (a Deployment's old and new
        ReplicaSets). A ReplicaSet nobody controls has none, so all its ranks are 0."""
        ref = controller_ref(rs)
        if ref is None:
            return []
        related, seen = [], set()
        for other in self.sets.list():
            if (controller_ref(other) or {}).get("uid") != ref.get("uid"):
                continue
            selector = self.selector(other)
            for pod in self.pods.list(other["metadata"]["namespace"]):
                uid = pod["metadata"]["uid"]
                if selector.matches(pod["metadata"].get("labels")) and uid not in seen:
                    seen.add(uid)
                    related.append(pod)
        return related

    def pods_to_delete(self, active: list[dict], related: list[dict], diff: int) -> list[dict]:
        """getPodsToDelete: rank each Pod by how many related active Pods share its node,
        sort by `less`, take the first `diff`."""
        if diff < len(active):
            on_node: dict[str, int] = {}
            for pod in related:
                if is_pod_active(pod):
                    node = pod["spec"].get("nodeName", "")
                    on_node[node] = on_node.get(node, 0) + 1
            ranks = [on_node.get(p["spec"].get("nodeName", ""), 0) for p in active]
            active = sort_for_deletion(active, ranks, self.sim.now)
        return active[:diff]

    def update_status(self, rs: dict, status: dict) -> dict:
        """updateReplicaSetStatus: write only a changed status (or a new generation), with
        observedGeneration; one retry from a fresh read on failure."""
        if status_unchanged(rs, status):
            return rs
        status["observedGeneration"] = rs["metadata"].get("generation", 0)
        current = rs
        for attempt in range(2):
            body = copy.deepcopy(current)
            body["status"] = status
            try:
                return self.client.update_status(self.resource, body)
            except errors.ApiError:
                if attempt == 1:
                    raise
                current = self.client.get(self.resource, rs["metadata"]["namespace"],
                                          rs["metadata"]["name"])
        return current
