"""Storage object in-use protection (pkg/controller/volume/pvcprotection and pvprotection).

The StorageObjectInUseProtection admission plugin gives every new claim the finalizer
`kubernetes.io/pvc-protection` and every new volume `kubernetes.io/pv-protection`. A
deleted claim therefore only gets a deletionTimestamp (`kubectl get pvc` shows
Terminating) and stays while a scheduled Pod still names it in its volumes; once no Pod
does, this controller removes the finalizer and the API server deletes the claim. A
volume is held the same way while it is Bound.
"""

from __future__ import annotations

import copy

from ...api import errors
from ..base import Controller, Informer, key_of

PVC_PROTECTION_FINALIZER = "kubernetes.io/pvc-protection"
PV_PROTECTION_FINALIZER = "kubernetes.io/pv-protection"


def _being_deleted_with(obj: dict, finalizer: str) -> bool:
    meta = obj["metadata"]
    return bool(meta.get("deletionTimestamp")) and finalizer in (meta.get("finalizers") or [])


def _remove_finalizer(client, resource: str, obj: dict, finalizer: str) -> None:
    body = copy.deepcopy(obj)
    body["metadata"]["finalizers"] = [f for f in body["metadata"]["finalizers"] if f != finalizer]
    try:
        client.update(resource, body)
    except errors.ApiError as error:
        if error.code != 404:
            raise


def pod_uses_claim(pod: dict, claim_name: str) -> bool:
    """podUsesPVC: only a scheduled Pod counts (the kubelet will not start a Pod whose
    claim is being deleted, so an unscheduled one cannot start using it)."""
    if not pod["spec"].get("nodeName"):
        return False
    return any((v.get("persistentVolumeClaim") or {}).get("claimName") == claim_name
               for v in pod["spec"].get("volumes") or [])


class PVCProtectionController(Controller):
    name = "pvc-protection-controller"

    def __init__(self, sim, client, claims: Informer, pods: Informer) -> None:
        super().__init__(sim, client)
        self.claims, self.pods = claims, pods
        claims.add_handler(lambda t, claim, old: t != "DELETED" and _being_deleted_with(
            claim, PVC_PROTECTION_FINALIZER) and self.enqueue(key_of(claim)))
        pods.add_handler(self._on_pod_event)

    def _on_pod_event(self, type_: str, pod: dict, old: dict | None) -> None:
        """A Pod that goes away (or is seen terminating) may free the claims it used."""
        namespace = pod["metadata"].get("namespace")
        for volume in pod["spec"].get("volumes") or []:
            name = (volume.get("persistentVolumeClaim") or {}).get("claimName")
            if name:
                self.enqueue(f"{namespace}/{name}")

    def reconcile(self, key: str) -> None:
        claim = self.claims.get(key)
        if claim is None or not _being_deleted_with(claim, PVC_PROTECTION_FINALIZER):
            return
        namespace, name = claim["metadata"]["namespace"], claim["metadata"]["name"]
        if any(pod_uses_claim(pod, name) for pod in self.pods.list(namespace)):
            return
        _remove_finalizer(self.client, "persistentvolumeclaims", claim, PVC_PROTECTION_FINALIZER)


class PVProtectionController(Controller):
    name = "pv-protection-controller"

    def __init__(self, sim, client, volumes: Informer) -> None:
        super().__init__(sim, client)
        self.volumes = volumes
        volumes.add_handler(lambda t, volume, old: t != "DELETED" and _being_deleted_with(
            volume, PV_PROTECTION_FINALIZER) and self.enqueue(key_of(volume)))

    def reconcile(self, key: str) -> None:
        volume = self.volumes.get(key)
        if volume is None or not _being_deleted_with(volume, PV_PROTECTION_FINALIZER):
            return
        if (volume.get("status") or {}).get("phase") == "Bound":
            return   # isVolumeUsed: still bound to a claim
        _remove_finalizer(self.client, "persistentvolumes", volume, PV_PROTECTION_FINALIZER)
