"""The StatefulSet controller (pkg/controller/statefulset/stateful_set.go and
stateful_set_status_updater.go).

Like the ReplicaSet controller it is level-triggered: Pod and StatefulSet events only
queue the set's key. A sync adopts orphaned ControllerRevisions, claims the Pods that
match the selector *and* are named `<set>-<ordinal>` (isMemberOf), runs one pass of
stateful_set_control.go (control.py) and writes the status. It keeps no expectations:
the ordered steps never create the same name twice, and a create that the informer has
not seen yet fails with AlreadyExists and is retried.

With minReadySeconds the set is synced again once a Pod that became Ready may count as
available (minReadySeconds + 1 s later).
"""

from __future__ import annotations

import copy

from ...api import errors
from ...api.selectors import from_label_selector
from ...record import EventRecorder
from ..base import Controller, Informer, key_of, split_key
from ..controller_ref_manager import CannotAdopt, PodControllerRefManager, new_controller_ref
from ..controller_utils import controller_ref, is_pod_ready
from ..history import History
from .control import StatefulSetControl
from .pod_control import StatefulPodControl
from .status import complete_rolling_update, inconsistent_status
from .utils import CONTROLLER_KIND, is_member_of

# Fields of StatefulSetStatus that Go omits when zero (omitempty); the others always show.
OMIT_WHEN_ZERO = ("readyReplicas", "currentReplicas", "updatedReplicas", "currentRevision",
                  "updateRevision", "observedGeneration")


class StatefulSetController(Controller):
    name = "statefulset-controller"

    def __init__(self, sim, client, sets: Informer, pods: Informer, claims: Informer,
                 revisions: Informer) -> None:
        super().__init__(sim, client)
        self.sets, self.pods = sets, pods
        recorder = EventRecorder(sim, client, component=self.name)
        self.history = History(client, revisions)
        self.control = StatefulSetControl(sim, StatefulPodControl(client, claims, recorder),
                                          self.history)
        sets.add_handler(lambda type_, sts, old: self.enqueue(key_of(sts)))
        pods.add_handler(self._on_pod_event)

    # -- event handlers ----------------------------------------------------------------------------
    def _resolve(self, pod: dict) -> dict | None:
        ref = controller_ref(pod)
        if ref is None or ref.get("kind") != "StatefulSet":
            return None
        sts = self.sets.get(f"{pod['metadata']['namespace']}/{ref.get('name')}")
        return sts if sts and sts["metadata"]["uid"] == ref.get("uid") else None

    def _sets_for_orphan(self, pod: dict) -> list[dict]:
        """getStatefulSetsForPod: sets whose selector matches the orphan's labels."""
        labels = pod["metadata"].get("labels")
        if not labels:
            return []
        return [s for s in self.sets.list(pod["metadata"]["namespace"])
                if not from_label_selector(s["spec"].get("selector")).empty
                and from_label_selector(s["spec"].get("selector")).matches(labels)]

    def _on_pod_event(self, type_: str, pod: dict, old: dict | None) -> None:
        owner = self._resolve(pod)
        if owner is not None:
            self.enqueue(key_of(owner))
            min_ready = owner["spec"].get("minReadySeconds", 0)
            if (type_ == "MODIFIED" and old is not None and min_ready > 0
                    and not is_pod_ready(old) and is_pod_ready(pod)):
                self.enqueue(key_of(owner), after=min_ready + 1)
        if old is not None and type_ != "DELETED":
            previous = self._resolve(old)
            if previous is not None and previous is not owner:
                self.enqueue(key_of(previous))
        if owner is None and controller_ref(pod) is None and type_ != "DELETED":
            for sts in self._sets_for_orphan(pod):
                self.enqueue(key_of(sts))

    # -- the sync ----------------------------------------------------------------------------------
    def reconcile(self, key: str) -> None:
        self.sync(key)

    def sync(self, key: str) -> None:
        sts = self.sets.get(key)
        if sts is None:
            return
        selector = from_label_selector(sts["spec"].get("selector"))
        if selector.empty:
            return   # a nil or empty selector selects nothing here
        self.adopt_orphan_revisions(sts, selector)
        pods = self.get_pods_for_stateful_set(sts, selector)
        status = self.control.update_stateful_set(copy.deepcopy(sts), pods)
        self.update_stateful_set_status(sts, status)
        min_ready = sts["spec"].get("minReadySeconds", 0)
        if min_ready > 0 and status["availableReplicas"] != sts["spec"].get("replicas", 1):
            self.enqueue(key, after=min_ready)

    def adopt_orphan_revisions(self, sts: dict, selector) -> None:
        for revision in self.history.list_controller_revisions(sts, selector):
            if controller_ref(revision) is None:
                self.history.adopt_controller_revision(sts, CONTROLLER_KIND, revision)

    def get_pods_for_stateful_set(self, sts: dict, selector) -> list[dict]:
        """getPodsForStatefulSet: the namespace's Pods, claimed with the set's selector,
        keeping only members (`<set>-<ordinal>`)."""
        namespace, _ = split_key(key_of(sts))
        checked: list[dict] = []

        def can_adopt() -> None:
            if not checked:
                checked.append(self.client.get("statefulsets", namespace,
                                               sts["metadata"]["name"]))
            fresh = checked[0]
            if fresh["metadata"]["uid"] != sts["metadata"]["uid"]:
                raise CannotAdopt(f"original StatefulSet {key_of(sts)} is gone")
            if fresh["metadata"].get("deletionTimestamp"):
                raise CannotAdopt(f"{key_of(sts)} has just been deleted")

        candidates = [p for p in self.pods.list(namespace) if is_member_of(sts, p)]
        manager = PodControllerRefManager(self.client, sts,
                                          new_controller_ref(sts, *CONTROLLER_KIND), selector,
                                          can_adopt)
        claimed, failures = manager.claim_pods(candidates)
        if failures and isinstance(failures[0], errors.ApiError):
            raise failures[0]
        return claimed

    def update_stateful_set_status(self, sts: dict, status: dict) -> None:
        """updateStatefulSetStatus: complete a finished rolling update, and write the
        status only if it changed (retrying once from a fresh read on a conflict)."""
        complete_rolling_update(sts, status)
        if not inconsistent_status(sts, status):
            return
        body_status = {k: v for k, v in status.items()
                       if not (k in OMIT_WHEN_ZERO and not v)}
        current = sts
        for attempt in range(2):
            body = copy.deepcopy(current)
            body["status"] = {**{k: v for k, v in (current.get("status") or {}).items()
                                 if k == "conditions"}, **body_status}
            try:
                self.client.update_status("statefulsets", body)
                return
            except errors.ApiError as error:
                if attempt == 1 or error.code != 409:
                    raise
                current = self.client.get("statefulsets", sts["metadata"]["namespace"],
                                          sts["metadata"]["name"])
