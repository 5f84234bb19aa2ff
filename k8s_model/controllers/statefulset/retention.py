"""persistentVolumeClaimRetentionPolicy: who owns a StatefulSet Pod's claims
(stateful_set_utils.go isClaimOwnerUpToDate, updateClaimOwnerRefForSetAndPod; GA in v1.32).

The controller never deletes a claim itself. It sets ownerReferences on the claim and
lets the garbage collector delete it when the owner goes:

    whenScaled  whenDeleted   claim's owners
    Retain      Retain        none: claims outlive everything (the default)
    Retain      Delete        the StatefulSet: deleting the set deletes the claims
    Delete      Retain        the Pod, once the Pod is scaled away (ordinal >= replicas)
    Delete      Delete        the set while the Pod is in range, the Pod once scaled away

A reference with the right name but another uid (a set or Pod deleted and recreated) is
stale: such a claim is left alone.
"""

from __future__ import annotations

from ..controller_ref_manager import new_controller_ref
from .utils import CONTROLLER_KIND, in_ordinal_range

POD_KIND = ("v1", "Pod")


def retention_policy(sts: dict) -> tuple[str, str]:
    policy = sts["spec"].get("persistentVolumeClaimRetentionPolicy") or {}
    return policy.get("whenScaled") or "Retain", policy.get("whenDeleted") or "Retain"


def _matches_ref(ref: dict, obj: dict, kind: tuple[str, str]) -> bool:
    return (ref.get("apiVersion"), ref.get("kind")) == kind and ref.get("name") == \
        obj["metadata"]["name"]


def _has_owner_ref(claim: dict, owner: dict) -> bool:
    uid = owner["metadata"].get("uid")
    return any(ref.get("uid") == uid for ref in claim["metadata"].get("ownerReferences") or [])


def has_stale_owner_ref(claim: dict, obj: dict, kind: tuple[str, str]) -> bool:
    for ref in claim["metadata"].get("ownerReferences") or []:
        if _matches_ref(ref, obj, kind):
            return ref.get("uid") != obj["metadata"].get("uid")
    return False


def _wanted_owners(sts: dict, pod: dict) -> tuple[bool, bool]:
    """(set should own, Pod should own) under the policy."""
    when_scaled, when_deleted = retention_policy(sts)
    scaled_down = not in_ordinal_range(pod, sts)
    set_owns = when_deleted == "Delete" and (when_scaled == "Retain" or not scaled_down)
    pod_owns = when_scaled == "Delete" and scaled_down
    return set_owns, pod_owns


def claim_owner_up_to_date(claim: dict, sts: dict, pod: dict) -> bool:
    """isClaimOwnerUpToDate (stale references count as up to date: hands off)."""
    if (has_stale_owner_ref(claim, sts, CONTROLLER_KIND)
            or has_stale_owner_ref(claim, pod, POD_KIND)):
        return True
    set_owns, pod_owns = _wanted_owners(sts, pod)
    return _has_owner_ref(claim, sts) == set_owns and _has_owner_ref(claim, pod) == pod_owns


def update_claim_owner_refs(claim: dict, sts: dict, pod: dict) -> None:
    """updateClaimOwnerRefForSetAndPod: scrub our refs, add those the policy wants."""
    refs = [ref for ref in claim["metadata"].get("ownerReferences") or []
            if not (_matches_ref(ref, sts, CONTROLLER_KIND) or _matches_ref(ref, pod, POD_KIND))]
    set_owns, pod_owns = _wanted_owners(sts, pod)
    if set_owns:
        refs.append(new_controller_ref(sts, *CONTROLLER_KIND))
    if pod_owns:
        refs.append(new_controller_ref(pod, *POD_KIND))
    if refs:
        claim["metadata"]["ownerReferences"] = refs
    else:
        claim["metadata"].pop("ownerReferences", None)
