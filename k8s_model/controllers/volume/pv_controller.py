"""The PersistentVolume binder (pkg/controller/volume/persistentvolume/pv_controller.go).

It binds claims to volumes, both ways, and never creates storage itself: a claim whose
StorageClass names a provisioner outside kube-controller-manager (every CSI driver,
minikube's `k8s.io/minikube-hostpath`) is only annotated
`volume.kubernetes.io/storage-provisioner: <provisioner>`; the external provisioner
watching for that annotation creates a PersistentVolume already pointing at the claim
(`spec.claimRef`), and the binder completes the bind. Worked example, a claim `www-web-0`
of class `standard`:

    claim ADDED, no volume              -> annotate the claim, event ExternalProvisioning
    provisioner creates pvc-<claim uid> -> volume Pending, its claimRef -> www-web-0
    bind: volume status Bound; claim spec.volumeName = pvc-<uid>, annotations
          pv.kubernetes.io/bind-completed and pv.kubernetes.io/bound-by-controller,
          claim status Bound with the volume's capacity and access modes
    claim deleted                       -> volume Released; with reclaimPolicy Delete
                                           the provisioner deletes it

A class with `volumeBindingMode: WaitForFirstConsumer` is provisioned only once the
scheduler has picked a node for a Pod using the claim and written it into the claim's
`volume.kubernetes.io/selected-node` annotation; until then the claim waits (event
WaitForFirstConsumer). Claims and volumes share one work queue here: a claim's key is
`namespace/name`, a volume's key its bare name. Everything is resynced every 15 s
(--pvclaimbinder-sync-period), as upstream does to catch what no event announces.
"""

from __future__ import annotations

import copy

from ...api import errors
from ...api.quantity import parse_quantity
from ...api.storage_util import storage_class_of
from ...record import EventRecorder
from ..base import Controller, Informer, key_of
from .util import (ANN_BETA_STORAGE_PROVISIONER, ANN_BIND_COMPLETED, ANN_BOUND_BY_CONTROLLER,
                   ANN_DYNAMICALLY_PROVISIONED, ANN_SELECTED_NODE, ANN_STORAGE_PROVISIONER,
                   SYNC_PERIOD, YES, claim_ref_matches, claim_reference, requested_storage)


class PersistentVolumeController(Controller):
    name = "persistent-volume-binder"   # its service account; events say the component

    def __init__(self, sim, client, claims: Informer, volumes: Informer,
                 classes: Informer) -> None:
        super().__init__(sim, client)
        self.claims, self.volumes, self.classes = claims, volumes, classes
        self.recorder = EventRecorder(sim, client, component="persistentvolume-controller")
        self._written: dict[str, str] = {}   # key -> resourceVersion of our last write
        claims.add_handler(self._on_claim_event)
        volumes.add_handler(self._on_volume_event)
        sim.call_later(SYNC_PERIOD, self.resync)

    # -- event handlers ------------------------------------------------------------------------
    def _own_write(self, obj: dict) -> bool:
        """storeObjectUpdate: the controller keeps what it wrote in its own cache, so the
        watch event of its own write is no news (and triggers no second sync)."""
        return self._written.get(key_of(obj)) == obj["metadata"].get("resourceVersion")

    def _store(self, obj: dict) -> dict:
        self._written[key_of(obj)] = obj["metadata"].get("resourceVersion")
        return obj

    def _on_claim_event(self, type_: str, claim: dict, old: dict | None) -> None:
        if type_ != "DELETED" and self._own_write(claim):
            return
        if type_ == "DELETED":
            # deleteClaim: the volume it was bound to must be released.
            volume = claim.get("spec", {}).get("volumeName")
            if volume:
                self.enqueue(volume)
            return
        self.enqueue(key_of(claim))

    def _on_volume_event(self, type_: str, volume: dict, old: dict | None) -> None:
        ref = volume.get("spec", {}).get("claimRef")
        if type_ != "DELETED" and self._own_write(volume):
            return
        if type_ == "DELETED":
            if ref:   # deleteVolume: a bound claim has lost its volume
                self.enqueue(f"{ref.get('namespace')}/{ref.get('name')}")
            return
        self.enqueue(key_of(volume))

    def resync(self) -> None:
        self.sim.call_later(SYNC_PERIOD, self.resync)
        for obj in self.claims.list() + self.volumes.list():
            self.enqueue(key_of(obj))

    def reconcile(self, key: str) -> None:
        if "/" in key:
            claim = self.claims.get(key)
            if claim is not None:
                self.sync_claim(claim)
        else:
            volume = self.volumes.get(key)
            if volume is not None:
                self.sync_volume(volume)

    # -- claims ----------------------------------------------------------------------------------
    def sync_claim(self, claim: dict) -> None:
        if claim["metadata"].get("deletionTimestamp"):
            return
        if ANN_BIND_COMPLETED in (claim["metadata"].get("annotations") or {}):
            self.sync_bound_claim(claim)
        else:
            self.sync_unbound_claim(claim)

    def sync_unbound_claim(self, claim: dict) -> None:
        name = claim["spec"].get("volumeName")
        if not name:
            volume = self.find_best_match_for_claim(claim)
            if volume is not None:
                self.bind(volume, claim)
                return
            storage_class = self.classes.get(storage_class_of(claim))
            if storage_class_of(claim) and storage_class is not None:
                if self.should_delay_binding(claim, storage_class):
                    self.recorder.eventf(claim, "Normal", "WaitForFirstConsumer",
                                         "waiting for first consumer to be created before binding")
                else:
                    self.provision_claim(claim, storage_class)
            elif not storage_class_of(claim):
                self.recorder.eventf(claim, "Normal", "FailedBinding",
                                     "no persistent volumes available for this claim and no "
                                     "storage class is set")
            else:
                self.recorder.eventf(claim, "Warning", "ProvisioningFailed",
                                     f'storageclass.storage.k8s.io "{storage_class_of(claim)}" '
                                     "not found")
            self.update_claim_status(claim, "Pending", None)
            return
        volume = self.volumes.get(name)
        if volume is None:   # the user pre-bound the claim to a volume that is not there yet
            self.update_claim_status(claim, "Pending", None)
        elif not volume["spec"].get("claimRef") or claim_ref_matches(volume, claim):
            self.bind(volume, claim)
        else:   # the volume belongs to someone else
            self.update_claim_status(claim, "Pending", None)

    def sync_bound_claim(self, claim: dict) -> None:
        volume = self.volumes.get(claim["spec"].get("volumeName") or "")
        if volume is None:
            if (claim.get("status") or {}).get("phase") != "Lost":
                self.update_claim_status(claim, "Lost", None)
                self.recorder.eventf(claim, "Warning", "ClaimLost",
                                     "Bound claim has lost reference to PersistentVolume. "
                                     "Data on the volume is lost!")
            return
        if claim_ref_matches(volume, claim):
            self.bind(volume, claim)   # finishes a half-done bind; a no-op otherwise

    def find_best_match_for_claim(self, claim: dict) -> dict | None:
        """findBestMatchForClaim: a volume pre-bound to this claim, else the smallest
        Available volume of the claim's class with room enough and every access mode."""
        wanted_class, size = storage_class_of(claim), requested_storage(claim)
        modes = set(claim["spec"].get("accessModes") or [])
        best = None
        for volume in self.volumes.list():
            spec = volume.get("spec", {})
            if spec.get("claimRef"):
                if claim_ref_matches(volume, claim):
                    return volume
                continue
            if (volume["metadata"].get("deletionTimestamp")
                    or storage_class_of(volume) != wanted_class
                    or not modes <= set(spec.get("accessModes") or [])):
                continue
            capacity = parse_quantity((spec.get("capacity") or {}).get("storage", "0")).value()
            if capacity >= size and (best is None or capacity < best[0]):
                best = (capacity, volume)
        return best[1] if best else None

    @staticmethod
    def should_delay_binding(claim: dict, storage_class: dict) -> bool:
        """IsDelayBindingMode and no node selected for the claim yet."""
        return (storage_class.get("volumeBindingMode") == "WaitForFirstConsumer"
                and ANN_SELECTED_NODE not in (claim["metadata"].get("annotations") or {}))

    def provision_claim(self, claim: dict, storage_class: dict) -> None:
        """provisionClaimOperationExternal: tell the external provisioner, and wait."""
        provisioner = storage_class.get("provisioner", "")
        annotations = claim["metadata"].get("annotations") or {}
        if annotations.get(ANN_STORAGE_PROVISIONER) != provisioner:
            body = copy.deepcopy(claim)
            body["metadata"].setdefault("annotations", {}).update({
                ANN_BETA_STORAGE_PROVISIONER: provisioner, ANN_STORAGE_PROVISIONER: provisioner})
            claim = self._store(self.client.update("persistentvolumeclaims", body))
        self.recorder.eventf(claim, "Normal", "ExternalProvisioning",
                             f"Waiting for a volume to be created either by the external "
                             f"provisioner '{provisioner}' or manually by the system "
                             f"administrator. If volume creation is delayed, please verify "
                             f"that the provisioner is running and correctly registered.")

    # -- binding ---------------------------------------------------------------------------------
    def bind(self, volume: dict, claim: dict) -> None:
        """bind(): the volume's claimRef, the volume's phase, the claim's volumeName and
        annotations, the claim's phase — four writes, each skipped when already done."""
        if not claim_ref_matches(volume, claim) or not volume["spec"]["claimRef"].get("uid"):
            body = copy.deepcopy(volume)
            body["spec"]["claimRef"] = claim_reference(claim)
            body["metadata"].setdefault("annotations", {})[ANN_BOUND_BY_CONTROLLER] = YES
            volume = self._store(self.client.update("persistentvolumes", body))
        volume = self.update_volume_phase(volume, "Bound")
        annotations = claim["metadata"].get("annotations") or {}
        if claim["spec"].get("volumeName") != volume["metadata"]["name"] \
                or annotations.get(ANN_BIND_COMPLETED) != YES:
            body = copy.deepcopy(claim)
            added = body["metadata"].setdefault("annotations", {})
            if body["spec"].get("volumeName") != volume["metadata"]["name"]:
                body["spec"]["volumeName"] = volume["metadata"]["name"]
                added[ANN_BOUND_BY_CONTROLLER] = YES
            added[ANN_BIND_COMPLETED] = YES
            claim = self._store(self.client.update("persistentvolumeclaims", body))
        self.update_claim_status(claim, "Bound", volume)

    def update_claim_status(self, claim: dict, phase: str, volume: dict | None) -> dict:
        """updateClaimStatus: the phase, and a bound claim's capacity and access modes
        (those of the volume, which may be more than asked for)."""
        status = dict(claim.get("status") or {})
        status["phase"] = phase
        if volume is not None:
            status["accessModes"] = list(volume["spec"].get("accessModes") or [])
            status["capacity"] = dict(volume["spec"].get("capacity") or {})
        elif phase == "Pending":
            status.pop("accessModes", None)
            status.pop("capacity", None)
        if status == (claim.get("status") or {}):
            return claim
        body = copy.deepcopy(claim)
        body["status"] = status
        return self._store(self.client.update_status("persistentvolumeclaims", body))

    # -- volumes ---------------------------------------------------------------------------------
    def sync_volume(self, volume: dict) -> None:
        ref = volume["spec"].get("claimRef")
        if not ref:
            self.update_volume_phase(volume, "Available")
            return
        claim = self.claims.get(f"{ref.get('namespace')}/{ref.get('name')}")
        if claim is not None and ref.get("uid") and claim["metadata"]["uid"] != ref["uid"]:
            claim = None   # a new claim of the same name: ours is gone
        if claim is None:
            if ref.get("uid"):
                self.release(volume)
            else:
                self.update_volume_phase(volume, "Available")   # pre-bound by the admin
        elif claim["spec"].get("volumeName") == volume["metadata"]["name"]:
            self.update_volume_phase(volume, "Bound")
        else:
            self.enqueue(key_of(claim))   # the claim's sync completes the bind

    def release(self, volume: dict) -> None:
        """The claim is gone: Released. Retain keeps the volume for an administrator;
        Delete leaves the deletion to whoever provisioned it (an external provisioner)."""
        if (volume.get("status") or {}).get("phase") in ("Released", "Failed"):
            return
        self.update_volume_phase(volume, "Released")
        policy = volume["spec"].get("persistentVolumeReclaimPolicy")
        if policy == "Delete" and ANN_DYNAMICALLY_PROVISIONED not in (
                volume["metadata"].get("annotations") or {}):
            self.recorder.eventf(volume, "Warning", "VolumeFailedDelete",
                                 "error getting deleter volume plugin for volume "
                                 f'"{volume["metadata"]["name"]}": no deletable volume plugin '
                                 "matched")

    def update_volume_phase(self, volume: dict, phase: str) -> dict:
        if (volume.get("status") or {}).get("phase") == phase:
            return volume
        body = copy.deepcopy(volume)
        body["status"] = {**(volume.get("status") or {}), "phase": phase,
                          "lastPhaseTransitionTime": self.sim.timestamp()}
        try:
            return self._store(self.client.update_status("persistentvolumes", body))
        except errors.ApiError as error:
            if error.code == 404:
                return volume
            raise
