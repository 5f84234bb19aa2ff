"""Adopting and releasing Pods (pkg/controller/controller_ref_manager.go).

A ReplicaSet owns a Pod when the Pod's ownerReferences name it with `controller: true`;
the label selector only decides which Pods it *may* own. On every sync the controller
claims Pods:
* ours and still matching: keep;
* ours but the labels no longer match (`kubectl label pod web-x app=debug --overwrite`):
  release — remove our ownerReference; the Pod lives on as an orphan and, since the
  ReplicaSet now has one Pod too few, it creates a replacement;
* an orphan that matches: adopt — add our ownerReference (a ReplicaSet created over
  existing Pods takes them instead of starting new ones);
* another controller's: never touched.
Upstream sends strategic-merge patches keyed by the Pod's uid; the model sends a merge
patch of the whole ownerReferences list with the Pod's resourceVersion as precondition,
so a concurrent change makes the patch fail with a Conflict instead of clobbering it.
"""

from __future__ import annotations

from typing import Callable

from ..api import errors
from ..api.selectors import Selector
from .controller_utils import controller_ref


def new_controller_ref(owner: dict, api_version: str, kind: str) -> dict:
    """metav1.NewControllerRef: what a controller writes into the Pods it owns."""
    return {"apiVersion": api_version, "kind": kind, "name": owner["metadata"]["name"],
            "uid": owner["metadata"]["uid"], "controller": True, "blockOwnerDeletion": True}


class CannotAdopt(Exception):
    """RecheckDeletionTimestamp failed: the owner is gone or being deleted."""


class PodControllerRefManager:
    def __init__(self, client, owner: dict, owner_ref: dict, selector: Selector,
                 can_adopt: Callable[[], None]) -> None:
        self.client, self.owner, self.owner_ref, self.selector = client, owner, owner_ref, selector
        self.can_adopt = can_adopt
        self.uid = owner["metadata"]["uid"]

    def claim_pods(self, pods: list[dict]) -> tuple[list[dict], list[Exception]]:
        """The Pods this controller owns after adopting and releasing; errors to retry."""
        claimed, failures = [], []
        for pod in pods:
            try:
                if self.claim(pod):
                    claimed.append(pod)
            except (errors.ApiError, CannotAdopt) as error:
                failures.append(error)
        return claimed, failures

    def claim(self, pod: dict) -> bool:
        """ClaimObject."""
        meta = pod["metadata"]
        ref = controller_ref(pod)
        matches = self.selector.matches(meta.get("labels"))
        if ref is not None:
            if ref.get("uid") != self.uid:
                return False            # someone else's
            if matches:
                return True
            if not self.owner["metadata"].get("deletionTimestamp"):
                self.release(pod)
            return False
        if (self.owner["metadata"].get("deletionTimestamp") or not matches
                or meta.get("deletionTimestamp")
                or meta.get("namespace") != self.owner["metadata"]["namespace"]):
            return False
        try:
            self.adopt(pod)
        except errors.ApiError as error:
            if error.code == 404:
                return False
            raise
        return True

    def _patch_owner_references(self, pod: dict, refs: list[dict]) -> None:
        meta = pod["metadata"]
        self.client.patch("pods", meta["namespace"], meta["name"], {"metadata": {
            "ownerReferences": refs or None, "resourceVersion": meta["resourceVersion"]}})

    def adopt(self, pod: dict) -> None:
        self.can_adopt()
        refs = pod["metadata"].get("ownerReferences") or []
        self._patch_owner_references(pod, refs + [self.owner_ref])

    def release(self, pod: dict) -> None:
        refs = [r for r in pod["metadata"].get("ownerReferences") or [] if r.get("uid") != self.uid]
        try:
            self._patch_owner_references(pod, refs)
        except errors.ApiError as error:
            if error.code not in (404, 422):   # gone, or not the Pod we meant: nothing to do
                raise
