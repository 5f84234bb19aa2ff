"""The Deployment controller (pkg/controller/deployment/deployment_controller.go).

A Deployment never touches Pods: it owns ReplicaSets (`web-5d8f7c9b6`, one per pod
template) and only changes their `spec.replicas`; the ReplicaSet controller does the
rest. Every Deployment, ReplicaSet or (for Recreate) Pod event just queues the
Deployment's key; `sync_deployment` re-reads the caches, claims the ReplicaSets its
selector matches, and picks one action:
  being deleted → status only · paused → scale only · a scaling event → `sync.scale`
  · else a rollout step of its strategy (rolling.py, recreate.py).
"""

from __future__ import annotations

import copy

from ...api import errors
from ...api.selectors import from_label_selector
from ...record import EventRecorder
from ..base import Controller, Informer, key_of
from ..controller_ref_manager import CannotAdopt, PodControllerRefManager, new_controller_ref
from ..controller_utils import controller_ref
from . import util
from .recreate import rollout_recreate
from .rollback import rollback
from .rolling import rollout_rolling
from .sync import (get_all_replica_sets_and_sync_revision, is_scaling_event, sync,
                   sync_deployment_status)


class ReplicaSetControllerRefManager(PodControllerRefManager):
    """ClaimReplicaSets: the Pod claiming rules, applied to ReplicaSets."""

    def _patch_owner_references(self, rs: dict, refs: list[dict]) -> None:
        meta = rs["metadata"]
        self.client.patch("replicasets", meta["namespace"], meta["name"], {"metadata": {
            "ownerReferences": refs or None, "resourceVersion": meta["resourceVersion"]}})


class DeploymentController(Controller):
    name = "deployment-controller"

    def __init__(self, sim, client, deployments: Informer, sets: Informer, pods: Informer) -> None:
        super().__init__(sim, client)
        self.deployments, self.sets, self.pods = deployments, sets, pods
        self.recorder = EventRecorder(sim, client, component=self.name)
        deployments.add_handler(lambda type_, d, old: self.enqueue(key_of(d)))
        sets.add_handler(self._on_replica_set_event)
        pods.add_handler(self._on_pod_event)

    # -- event handlers ---------------------------------------------------------------------
    def resolve_controller_ref(self, namespace: str, ref: dict) -> dict | None:
        if ref.get("kind") != "Deployment":
            return None
        d = self.deployments.get(f"{namespace}/{ref.get('name')}")
        return d if d and d["metadata"]["uid"] == ref.get("uid") else None

    def deployments_for_replica_set(self, rs: dict) -> list[dict]:
        """getDeploymentsForReplicaSet: who might adopt an orphan."""
        labels = rs["metadata"].get("labels")
        if not labels:
            return []
        return [d for d in self.deployments.list(rs["metadata"]["namespace"])
                if not from_label_selector(d["spec"].get("selector")).empty
                and from_label_selector(d["spec"]["selector"]).matches(labels)]

    def _on_replica_set_event(self, type_: str, rs: dict, old: dict | None) -> None:
        namespace = rs["metadata"]["namespace"]
        refs = [controller_ref(rs)] + ([controller_ref(old)] if old else [])
        owners = [self.resolve_controller_ref(namespace, r) for r in refs if r]
        for owner in owners:
            if owner is not None:
                self.enqueue(key_of(owner))
        if type_ != "DELETED" and controller_ref(rs) is None:
            for d in self.deployments_for_replica_set(rs):
                self.enqueue(key_of(d))

    def _on_pod_event(self, type_: str, pod: dict, old: dict | None) -> None:
        """deletePod: a Recreate rollout waits for the last old Pod to be gone."""
        if type_ != "DELETED":
            return
        ref = controller_ref(pod)
        rs = ref and ref.get("kind") == "ReplicaSet" and self.sets.get(
            f"{pod['metadata']['namespace']}/{ref['name']}")
        d_ref = rs and controller_ref(rs)
        d = d_ref and self.resolve_controller_ref(pod["metadata"]["namespace"], d_ref)
        if d and (d["spec"].get("strategy") or {}).get("type") == "Recreate":
            if not any(self.pod_map(d, self.owned_sets(d)).values()):
                self.enqueue(key_of(d))

    # -- reading the caches -----------------------------------------------------------------
    def owned_sets(self, d: dict) -> list[dict]:
        uid = d["metadata"]["uid"]
        return [rs for rs in self.sets.list(d["metadata"]["namespace"])
                if (controller_ref(rs) or {}).get("uid") == uid]

    def get_replica_sets_for_deployment(self, d: dict) -> list[dict]:
        """Claim the ReplicaSets the selector matches; adopt orphans, release strays."""
        checked: list[dict] = []

        def can_adopt() -> None:
            if not checked:
                checked.append(self.client.get("deployments", d["metadata"]["namespace"],
                                               d["metadata"]["name"]))
            if checked[0]["metadata"]["uid"] != d["metadata"]["uid"]:
                raise CannotAdopt(f"original Deployment {key_of(d)} is gone")
            if checked[0]["metadata"].get("deletionTimestamp"):
                raise CannotAdopt(f"{key_of(d)} has just been deleted")

        manager = ReplicaSetControllerRefManager(
            self.client, d, new_controller_ref(d, "apps/v1", "Deployment"),
            from_label_selector(d["spec"].get("selector")), can_adopt)
        claimed, failures = manager.claim_pods(self.sets.list(d["metadata"]["namespace"]))
        for failure in failures:
            if isinstance(failure, errors.ApiError):
                raise failure
        return claimed

    def pod_map(self, d: dict, sets: list[dict]) -> dict[str, list[dict]]:
        """getPodMapForDeployment: each ReplicaSet's Pods, by ReplicaSet UID."""
        result: dict[str, list[dict]] = {rs["metadata"]["uid"]: [] for rs in sets}
        selector = from_label_selector(d["spec"].get("selector"))
        for pod in self.pods.list(d["metadata"]["namespace"]):
            ref = controller_ref(pod)
            if ref and ref.get("uid") in result and selector.matches(pod["metadata"].get("labels")):
                result[ref["uid"]].append(pod)
        return result

    # -- the sync ---------------------------------------------------------------------------
    def reconcile(self, key: str) -> None:
        self.sync_deployment(key)

    def update_status(self, d: dict) -> dict:
        updated = self.client.update_status("deployments", d)
        d["metadata"]["resourceVersion"] = updated["metadata"]["resourceVersion"]
        return updated

    def sync_deployment(self, key: str) -> None:
        cached = self.deployments.get(key)
        if cached is None:
            return
        d = copy.deepcopy(cached)
        if d["spec"].get("selector") in ({}, {"matchLabels": {}}, {"matchExpressions": []}):
            self.recorder.eventf(d, "Warning", "SelectingAll", "This deployment is selecting "
                                 "all pods. A non-empty selector is required.")
            status = d.setdefault("status", {})
            if status.get("observedGeneration", 0) < d["metadata"].get("generation", 0):
                status["observedGeneration"] = d["metadata"]["generation"]
                self.update_status(d)
            return
        rs_list = self.get_replica_sets_for_deployment(d)
        pod_map = self.pod_map(d, rs_list)
        if d["metadata"].get("deletionTimestamp"):
            new, olds = get_all_replica_sets_and_sync_revision(self, d, rs_list, False)
            return sync_deployment_status(self, olds + [new], new, d)
        self.check_paused_conditions(d)
        if d["spec"].get("paused"):
            return sync(self, d, rs_list)
        if util.get_rollback_to(d) is not None:
            return rollback(self, d, rs_list)
        if is_scaling_event(self, d, rs_list):
            return sync(self, d, rs_list)
        if util.is_rolling_update(d):
            return rollout_rolling(self, d, rs_list)
        return rollout_recreate(self, d, rs_list, pod_map)

    def check_paused_conditions(self, d: dict) -> None:
        """A Progressing condition of Unknown while paused, so the time spent paused never
        counts against progressDeadlineSeconds."""
        if not util.has_progress_deadline(d):
            return
        status = d.setdefault("status", {})
        condition = util.get_condition(status, util.PROGRESSING)
        if condition is not None and condition["reason"] == util.TIMED_OUT_REASON:
            return
        paused_condition = condition is not None and condition["reason"] == util.PAUSED_REASON
        if d["spec"].get("paused") and not paused_condition:
            reason, message = util.PAUSED_REASON, "Deployment is paused"
        elif not d["spec"].get("paused") and paused_condition:
            reason, message = util.RESUMED_REASON, "Deployment is resumed"
        else:
            return
        util.set_condition(status, util.new_condition(util.PROGRESSING, "Unknown", reason,
                                                      message, self.sim.timestamp()))
        self.update_status(d)
