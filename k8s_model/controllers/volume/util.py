"""What the PersistentVolume binder and provisioners share: the annotations of a bind
(component-helpers/storage/volume helpers.go, pv_controller.go) and a claim's reference.
"""

from __future__ import annotations

from ...api.quantity import parse_quantity

ANN_BIND_COMPLETED = "pv.kubernetes.io/bind-completed"
ANN_BOUND_BY_CONTROLLER = "pv.kubernetes.io/bound-by-controller"
ANN_STORAGE_PROVISIONER = "volume.kubernetes.io/storage-provisioner"
ANN_BETA_STORAGE_PROVISIONER = "volume.beta.kubernetes.io/storage-provisioner"
ANN_DYNAMICALLY_PROVISIONED = "pv.kubernetes.io/provisioned-by"
ANN_SELECTED_NODE = "volume.kubernetes.io/selected-node"
YES = "yes"
SYNC_PERIOD = 15.0   # kube-controller-manager --pvclaimbinder-sync-period


def claim_ref_matches(volume: dict, claim: dict) -> bool:
    """IsVolumeBoundToClaim: the claimRef names the claim (and its uid, if it has one)."""
    ref = volume.get("spec", {}).get("claimRef") or {}
    meta = claim["metadata"]
    return (ref.get("name") == meta["name"] and ref.get("namespace") == meta["namespace"]
            and ref.get("uid") in (None, "", meta["uid"]))


def claim_reference(claim: dict) -> dict:
    """reference.GetReference(claim): what a volume's claimRef holds."""
    meta = claim["metadata"]
    return {"kind": "PersistentVolumeClaim", "namespace": meta["namespace"],
            "name": meta["name"], "uid": meta["uid"], "apiVersion": "v1",
            "resourceVersion": meta.get("resourceVersion", "")}


def requested_storage(claim: dict) -> int:
    storage = ((claim.get("spec") or {}).get("resources") or {}).get("requests", {}).get("storage")
    return parse_quantity(storage).value() if storage else 0
