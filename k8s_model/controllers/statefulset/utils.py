"""A StatefulSet's Pods: names, identity, storage and revisions
(pkg/controller/statefulset/stateful_set_utils.go).

Pods of StatefulSet `web` are `web-0`, `web-1` … — the ordinal is read back from the name
(`(.*)-([0-9]+)$`), so a Pod's identity survives its deletion: the controller recreates
`web-1`, not a Pod with a random suffix. Each Pod carries

    labels      statefulset.kubernetes.io/pod-name: web-1   (a Service can select one Pod)
                apps.kubernetes.io/pod-index: "1"
                controller-revision-hash: web-6d7b9c8f4     (the ControllerRevision it runs)
    spec        hostname: web-1, subdomain: <serviceName>  (DNS web-1.nginx.<ns>.svc…)
    volumes     www -> persistentVolumeClaim www-web-1      (one claim per template and Pod)

A revision stores the template as the patch `{"spec":{"template":{…,"$patch":"replace"}}}`;
applying it to the set gives the set as it was at that revision.
"""

from __future__ import annotations

import copy
import re

from ..controller_ref_manager import new_controller_ref
from ..controller_utils import is_pod_available, is_pod_ready, pod_from_template

POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name"
POD_INDEX_LABEL = "apps.kubernetes.io/pod-index"
REVISION_LABEL = "controller-revision-hash"
CONTROLLER_KIND = ("apps/v1", "StatefulSet")
_STATEFUL_POD = re.compile(r"(.*)-([0-9]+)$")


# -- ordinals and names -----------------------------------------------------------------------
def parent_name_and_ordinal(pod: dict) -> tuple[str, int]:
    """getParentNameAndOrdinal: ("", -1) for a name without an int32 ordinal."""
    match = _STATEFUL_POD.fullmatch(pod["metadata"]["name"])
    if not match or int(match.group(2)) >= 2**31:
        return "", -1
    return match.group(1), int(match.group(2))


def get_ordinal(pod: dict) -> int:
    return parent_name_and_ordinal(pod)[1]


def start_ordinal(sts: dict) -> int:
    """spec.ordinals.start (StatefulSetStartOrdinal, GA in v1.31), else 0."""
    return ((sts["spec"].get("ordinals") or {}).get("start")) or 0


def end_ordinal(sts: dict) -> int:
    return start_ordinal(sts) + sts["spec"].get("replicas", 1) - 1


def in_ordinal_range(pod: dict, sts: dict) -> bool:
    return start_ordinal(sts) <= get_ordinal(pod) <= end_ordinal(sts)


def pod_name(sts: dict, ordinal: int) -> str:
    return f"{sts['metadata']['name']}-{ordinal}"


def claim_name(sts: dict, template: dict, ordinal: int) -> str:
    """getPersistentVolumeClaimName: `<template>-<set>-<ordinal>`, e.g. www-web-0."""
    return f"{template['metadata']['name']}-{sts['metadata']['name']}-{ordinal}"


def is_member_of(sts: dict, pod: dict) -> bool:
    return parent_name_and_ordinal(pod)[0] == sts["metadata"]["name"]


# -- identity and storage ---------------------------------------------------------------------
def identity_matches(sts: dict, pod: dict) -> bool:
    parent, ordinal = parent_name_and_ordinal(pod)
    meta = pod["metadata"]
    return (ordinal >= 0 and parent == sts["metadata"]["name"]
            and meta.get("namespace") == sts["metadata"]["namespace"]
            and (meta.get("labels") or {}).get(POD_NAME_LABEL) == meta["name"])


def persistent_volume_claims(sts: dict, pod: dict) -> list[tuple[str, dict]]:
    """getPersistentVolumeClaims: (template name, claim) for each volumeClaimTemplate,
    labelled with the set's matchLabels on top of the template's own."""
    ordinal = get_ordinal(pod)
    claims = []
    for template in sts["spec"].get("volumeClaimTemplates") or []:
        claim = copy.deepcopy(template)
        claim.pop("status", None)
        meta = claim.setdefault("metadata", {})
        meta["name"] = claim_name(sts, template, ordinal)
        meta["namespace"] = sts["metadata"]["namespace"]
        match_labels = (sts["spec"].get("selector") or {}).get("matchLabels") or {}
        meta["labels"] = {**(meta.get("labels") or {}), **match_labels}
        claim["apiVersion"], claim["kind"] = "v1", "PersistentVolumeClaim"
        claims.append((template["metadata"]["name"], claim))
    return claims


def storage_matches(sts: dict, pod: dict) -> bool:
    """Every claim template has a volume of its name using the Pod's own claim."""
    ordinal = get_ordinal(pod)
    if ordinal < 0:
        return False
    volumes = {v.get("name"): v for v in pod["spec"].get("volumes") or []}
    for template in sts["spec"].get("volumeClaimTemplates") or []:
        source = (volumes.get(template["metadata"]["name"]) or {}).get("persistentVolumeClaim")
        if not source or source.get("claimName") != claim_name(sts, template, ordinal):
            return False
    return True


def update_storage(sts: dict, pod: dict) -> None:
    """updateStorage: the claim volumes first, then the Pod's other volumes (a template
    volume of the same name as a claim template is replaced)."""
    claims = persistent_volume_claims(sts, pod)
    names = {name for name, _ in claims}
    volumes = [{"name": name, "persistentVolumeClaim": {"claimName": claim["metadata"]["name"]}}
               for name, claim in claims]
    volumes += [v for v in pod["spec"].get("volumes") or [] if v.get("name") not in names]
    if volumes:
        pod["spec"]["volumes"] = volumes


def update_identity(sts: dict, pod: dict) -> None:
    """updateIdentity: name, namespace and the pod-name and pod-index labels."""
    ordinal = get_ordinal(pod)
    meta = pod["metadata"]
    meta["name"] = pod_name(sts, ordinal)
    meta["namespace"] = sts["metadata"]["namespace"]
    labels = meta.setdefault("labels", {})
    labels[POD_NAME_LABEL] = meta["name"]
    labels[POD_INDEX_LABEL] = str(ordinal)   # PodIndexLabel, GA in v1.32


def new_stateful_set_pod(sts: dict, ordinal: int) -> dict:
    """newStatefulSetPod: GetPodFromTemplate, then the identity (hostname and subdomain
    are set only here, at creation) and the storage."""
    pod = pod_from_template(copy.deepcopy(sts["spec"].get("template") or {}), sts,
                            new_controller_ref(sts, *CONTROLLER_KIND))
    pod["metadata"]["name"] = pod_name(sts, ordinal)
    update_identity(sts, pod)
    pod["spec"]["hostname"] = pod["metadata"]["name"]
    if sts["spec"].get("serviceName"):
        pod["spec"]["subdomain"] = sts["spec"]["serviceName"]
    update_storage(sts, pod)
    return pod


def new_versioned_stateful_set_pod(current_set: dict, update_set: dict, current_revision: str,
                                   update_revision: str, ordinal: int) -> dict:
    """newVersionedStatefulSetPod: below the partition a Pod is (re)created at the current
    revision, from the partition up at the update revision."""
    strategy = current_set["spec"].get("updateStrategy") or {}
    rolling = strategy.get("rollingUpdate")
    start = start_ordinal(current_set)
    if ((strategy.get("type") == "RollingUpdate" and rolling is None
         and ordinal < start + (current_set.get("status") or {}).get("currentReplicas", 0))
            or (rolling is not None and ordinal < start + rolling.get("partition", 0))):
        pod, revision = new_stateful_set_pod(current_set, ordinal), current_revision
    else:
        pod, revision = new_stateful_set_pod(update_set, ordinal), update_revision
    pod["metadata"]["labels"][REVISION_LABEL] = revision
    return pod


# -- Pod states ---------------------------------------------------------------------------------
def phase(pod: dict) -> str:
    return (pod.get("status") or {}).get("phase", "")


def is_created(pod: dict) -> bool:
    return phase(pod) != ""


def is_terminating(pod: dict) -> bool:
    return bool(pod["metadata"].get("deletionTimestamp"))


def is_running_and_ready(pod: dict) -> bool:
    return phase(pod) == "Running" and is_pod_ready(pod)


def is_running_and_available(pod: dict, min_ready_seconds: int, now: float) -> bool:
    return is_pod_available(pod, min_ready_seconds, now)


def is_unavailable(pod: dict, min_ready_seconds: int, now: float) -> bool:
    """isUnavailable: not yet created, terminating, or not available."""
    return (not is_created(pod) or is_terminating(pod)
            or not is_running_and_available(pod, min_ready_seconds, now))


def pod_revision(pod: dict) -> str:
    return (pod["metadata"].get("labels") or {}).get(REVISION_LABEL, "")


def allows_burst(sts: dict) -> bool:
    return sts["spec"].get("podManagementPolicy") == "Parallel"


# -- revisions ----------------------------------------------------------------------------------
def get_patch(sts: dict) -> dict:
    """getPatch: the set's template, to be applied with `$patch: replace`. Go encodes the
    typed template, so an unset creationTimestamp appears as null."""
    template = copy.deepcopy(sts["spec"].get("template") or {})
    template.setdefault("metadata", {}).setdefault("creationTimestamp", None)
    template["$patch"] = "replace"
    return {"spec": {"template": template}}


def apply_revision(sts: dict, revision: dict) -> dict:
    """ApplyRevision: the set with the revision's template."""
    clone = copy.deepcopy(sts)
    template = copy.deepcopy(revision["data"]["spec"]["template"])
    template.pop("$patch", None)
    if template.get("metadata", {}).get("creationTimestamp") is None:
        template.get("metadata", {}).pop("creationTimestamp", None)
    clone["spec"]["template"] = template
    return clone
