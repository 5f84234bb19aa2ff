"""Creating, fixing and deleting a StatefulSet's Pods and their claims
(pkg/controller/statefulset/stateful_pod_control.go).

A Pod's claims are created before the Pod (the scheduler would refuse a Pod whose claim
does not exist) and are never deleted with it: `web-1` deleted and recreated mounts
`www-web-1` again. Each action is an Event on the StatefulSet, as `kubectl describe sts`
shows them:

    Normal  SuccessfulCreate  create Claim www-web-0 Pod web-0 in StatefulSet web success
    Normal  SuccessfulCreate  create Pod web-0 in StatefulSet web successful
    Normal  SuccessfulDelete  delete Pod web-2 in StatefulSet web successful
"""

from __future__ import annotations

import copy

from ...api import errors
from .retention import POD_KIND, claim_owner_up_to_date, has_stale_owner_ref, retention_policy
from .retention import update_claim_owner_refs
from .utils import (claim_name, get_ordinal, identity_matches, persistent_volume_claims,
                    storage_matches, update_identity, update_storage)


class StatefulPodControl:
    def __init__(self, client, claims, recorder) -> None:
        self.client, self.claims, self.recorder = client, claims, recorder

    def _claim(self, namespace: str, name: str) -> dict | None:
        return self.claims.get(f"{namespace}/{name}")

    # -- Pods ------------------------------------------------------------------------------------
    def create_stateful_pod(self, sts: dict, pod: dict) -> None:
        """CreateStatefulPod: claims first, then the Pod, then the claims' owners."""
        try:
            self.create_persistent_volume_claims(sts, pod)
        except errors.ApiError as error:
            self.record_pod_event("create", sts, pod, error)
            raise
        try:
            created = self.client.create("pods", pod, sts["metadata"]["namespace"])
        except errors.ApiError as error:
            if error.code != 409:   # AlreadyExists is sunk: the informer is behind
                self.record_pod_event("create", sts, pod, error)
            raise
        try:
            self.update_pod_claim_for_retention_policy(sts, created)
        except errors.ApiError as error:
            self.record_pod_event("update", sts, pod, error)
            raise
        self.record_pod_event("create", sts, pod, None)

    def update_stateful_pod(self, sts: dict, pod: dict) -> None:
        """UpdateStatefulPod: restore a Pod's identity labels and claim volumes, and its
        claims' owners (a Pod's volumes cannot change once created, so in practice the
        labels and the claims' ownerReferences are what get fixed)."""
        pod = copy.deepcopy(pod)
        consistent = True
        if not identity_matches(sts, pod):
            update_identity(sts, pod)
            consistent = False
        if not storage_matches(sts, pod):
            update_storage(sts, pod)
            consistent = False
            self.create_persistent_volume_claims(sts, pod)
        if not self.claims_match_retention_policy(sts, pod):
            self.update_pod_claim_for_retention_policy(sts, pod)
        if consistent:
            return
        try:
            self.client.update("pods", pod)
        except errors.ApiError as error:
            self.record_pod_event("update", sts, pod, error)
            raise
        self.record_pod_event("update", sts, pod, None)

    def delete_stateful_pod(self, sts: dict, pod: dict) -> None:
        try:
            self.client.delete("pods", pod["metadata"]["namespace"], pod["metadata"]["name"])
        except errors.ApiError as error:
            self.record_pod_event("delete", sts, pod, error)
            raise
        self.record_pod_event("delete", sts, pod, None)

    # -- claims ----------------------------------------------------------------------------------
    def create_persistent_volume_claims(self, sts: dict, pod: dict) -> None:
        """createPersistentVolumeClaims: each missing claim; a claim being deleted is an
        error (the Pod must wait for it to go and be recreated)."""
        first_error = None
        for _, claim in persistent_volume_claims(sts, pod):
            meta = claim["metadata"]
            existing = self._claim(meta["namespace"], meta["name"])
            if existing is None:
                try:
                    self.client.create("persistentvolumeclaims", claim, meta["namespace"])
                    self.record_claim_event("create", sts, pod, claim, None)
                except errors.ApiError as error:
                    if error.code != 409:
                        self.record_claim_event("create", sts, pod, claim, error)
                    first_error = first_error or error
            elif existing["metadata"].get("deletionTimestamp"):
                first_error = first_error or errors.ApiError({
                    "kind": "Status", "apiVersion": "v1", "status": "Failure", "code": 409,
                    "reason": "Conflict", "message": f"pvc {meta['name']} is being deleted"})
        if first_error is not None:
            raise first_error

    def create_missing_persistent_volume_claims(self, sts: dict, pod: dict) -> None:
        self.create_persistent_volume_claims(sts, pod)
        self.update_pod_claim_for_retention_policy(sts, pod)

    def claims_match_retention_policy(self, sts: dict, pod: dict) -> bool:
        for template in sts["spec"].get("volumeClaimTemplates") or []:
            claim = self._claim(sts["metadata"]["namespace"],
                                claim_name(sts, template, get_ordinal(pod)))
            if claim is not None and not claim_owner_up_to_date(claim, sts, pod):
                return False
        return True

    def update_pod_claim_for_retention_policy(self, sts: dict, pod: dict) -> None:
        for template in sts["spec"].get("volumeClaimTemplates") or []:
            claim = self._claim(sts["metadata"]["namespace"],
                                claim_name(sts, template, get_ordinal(pod)))
            if claim is None or claim_owner_up_to_date(claim, sts, pod):
                continue
            claim = copy.deepcopy(claim)
            update_claim_owner_refs(claim, sts, pod)
            self.client.update("persistentvolumeclaims", claim)

    def pod_claim_is_stale(self, sts: dict, pod: dict) -> bool:
        """PodClaimIsStale: with whenScaled Delete, a claim still owned by an earlier Pod
        of this name blocks the new Pod until the garbage collector has removed it."""
        if retention_policy(sts)[0] == "Retain":
            return False
        for _, claim in persistent_volume_claims(sts, pod):
            existing = self._claim(claim["metadata"]["namespace"], claim["metadata"]["name"])
            if existing is not None and has_stale_owner_ref(existing, pod, POD_KIND):
                return True
        return False

    # -- events ----------------------------------------------------------------------------------
    def record_pod_event(self, verb: str, sts: dict, pod: dict, error) -> None:
        name, set_name = pod["metadata"]["name"], sts["metadata"]["name"]
        if error is None:
            self.recorder.eventf(sts, "Normal", f"Successful{verb.title()}",
                                 f"{verb} Pod {name} in StatefulSet {set_name} successful")
        else:
            self.recorder.eventf(sts, "Warning", f"Failed{verb.title()}",
                                 f"{verb} Pod {name} in StatefulSet {set_name} failed error: "
                                 f"{error.message}")

    def record_claim_event(self, verb: str, sts: dict, pod: dict, claim: dict, error) -> None:
        name, set_name = pod["metadata"]["name"], sts["metadata"]["name"]
        claim_name_ = claim["metadata"]["name"]
        if error is None:
            self.recorder.eventf(sts, "Normal", f"Successful{verb.title()}",
                                 f"{verb} Claim {claim_name_} Pod {name} in StatefulSet "
                                 f"{set_name} success")
        else:
            self.recorder.eventf(sts, "Warning", f"Failed{verb.title()}",
                                 f"{verb} Claim {claim_name_} for Pod {name} in StatefulSet "
                                 f"{set_name} failed error: {error.message}")
