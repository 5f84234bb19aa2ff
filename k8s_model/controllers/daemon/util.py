"""What a DaemonSet adds to its Pods, and how it reads them back
(pkg/controller/daemon/util/daemonset_util.go).

A daemon Pod is the DaemonSet's template plus:
* tolerations, so node trouble never evicts or blocks it: `not-ready` and `unreachable`
  NoExecute with no tolerationSeconds (a Deployment's Pods get 300 s and leave a dead
  node after 5 minutes; a node's agent stays), and NoSchedule for disk, memory and PID
  pressure and for a cordoned (`unschedulable`) node, plus `network-unavailable` when it
  uses the host network (a CNI plugin's own Pod must start before the network is up);
* the labels `controller-revision-hash` (which template it runs) and
  `pod-template-generation` (the older counter, still written);
* a required node affinity `matchFields: metadata.name In [node-2]`. Since v1.12 the
  controller picks the node but the default scheduler binds the Pod, so resources,
  priorities and preemption apply to daemons too. Any required node affinity of the
  template is replaced by this one term: the controller already checked it for the node.
"""

from __future__ import annotations

import copy

from ..deployment.util import scaled_value

TEMPLATE_GENERATION_ANNOTATION = "deprecated.daemonset.template.generation"
TEMPLATE_GENERATION_LABEL = "pod-template-generation"
REVISION_HASH_LABEL = "controller-revision-hash"
OBJECT_NAME_FIELD = "metadata.name"

_NO_EXECUTE = ("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable")
_NO_SCHEDULE = ("node.kubernetes.io/disk-pressure", "node.kubernetes.io/memory-pressure",
                "node.kubernetes.io/pid-pressure", "node.kubernetes.io/unschedulable")
NETWORK_UNAVAILABLE = "node.kubernetes.io/network-unavailable"


def get_template_generation(ds: dict) -> int | None:
    """GetTemplateGeneration: the deprecated annotation's value, None if absent or bad."""
    value = (ds["metadata"].get("annotations") or {}).get(TEMPLATE_GENERATION_ANNOTATION)
    try:
        return None if value is None else int(value)
    except ValueError:
        return None


def _matches(a: dict, b: dict) -> bool:
    """Toleration.MatchToleration: same key, operator, value and effect."""
    return all((a.get(f) or "") == (b.get(f) or "") for f in ("key", "operator", "value", "effect"))


def add_or_update_toleration(spec: dict, toleration: dict) -> None:
    """v1helper.AddOrUpdateTolerationInPodSpec: replace a matching toleration (dropping
    its tolerationSeconds), else append."""
    tolerations, replaced = [], False
    for existing in spec.get("tolerations") or []:
        if _matches(existing, toleration):
            tolerations.append(dict(toleration))
            replaced = True
        else:
            tolerations.append(existing)
    if not replaced:
        tolerations.append(dict(toleration))
    spec["tolerations"] = tolerations


def add_or_update_daemon_pod_tolerations(spec: dict) -> None:
    """AddOrUpdateDaemonPodTolerations."""
    for key in _NO_EXECUTE:
        add_or_update_toleration(spec, {"key": key, "operator": "Exists", "effect": "NoExecute"})
    keys = _NO_SCHEDULE + ((NETWORK_UNAVAILABLE,) if spec.get("hostNetwork") else ())
    for key in keys:
        add_or_update_toleration(spec, {"key": key, "operator": "Exists",
                                        "effect": "NoSchedule"})


def create_pod_template(template: dict, generation: int | None, hash_: str) -> dict:
    """CreatePodTemplate: a copy of the template with the daemon tolerations and labels."""
    new = copy.deepcopy(template)
    add_or_update_daemon_pod_tolerations(new.setdefault("spec", {}))
    labels = new.setdefault("metadata", {}).setdefault("labels", {})
    if generation is not None:
        labels[TEMPLATE_GENERATION_LABEL] = str(generation)
    if hash_:
        labels[REVISION_HASH_LABEL] = hash_
    return new


def _rolling(ds: dict) -> dict | None:
    strategy = ds["spec"].get("updateStrategy") or {}
    if strategy.get("type") != "RollingUpdate":
        return None
    return strategy.get("rollingUpdate")


def surge_count(ds: dict, number_to_schedule: int) -> int:
    """SurgeCount: maxSurge scaled (percentages round up); 0 unless RollingUpdate."""
    rolling = _rolling(ds)
    if rolling is None or rolling.get("maxSurge") is None:
        return 0
    return scaled_value(rolling["maxSurge"], number_to_schedule, True)


def unavailable_count(ds: dict, number_to_schedule: int) -> int:
    """UnavailableCount: maxUnavailable scaled (percentages round up)."""
    rolling = _rolling(ds)
    if rolling is None:
        return 0
    return scaled_value(rolling.get("maxUnavailable", 0), number_to_schedule, True)


def allows_surge(ds: dict) -> bool:
    """AllowsSurge: may a node run an old and a new Pod at once?"""
    try:
        return surge_count(ds, 1) > 0
    except ValueError:
        return False


def is_pod_updated(pod: dict, hash_: str, generation: int | None) -> bool:
    """IsPodUpdated: the Pod carries the current revision's hash (or, for Pods of old
    controllers, the current template generation)."""
    labels = pod["metadata"].get("labels") or {}
    template_matches = (generation is not None
                        and labels.get(TEMPLATE_GENERATION_LABEL) == str(generation))
    return (bool(hash_) and labels.get(REVISION_HASH_LABEL) == hash_) or template_matches


def replace_node_name_node_affinity(affinity: dict | None, node_name: str) -> dict:
    """ReplaceDaemonSetPodNodeNameNodeAffinity: the required node affinity becomes the
    single term `metadata.name In [node_name]`; preferred terms and pod (anti-)affinity
    stay."""
    selector = {"nodeSelectorTerms": [{"matchFields": [
        {"key": OBJECT_NAME_FIELD, "operator": "In", "values": [node_name]}]}]}
    affinity = copy.deepcopy(affinity) if affinity else {}
    node_affinity = affinity.setdefault("nodeAffinity", {})
    required = node_affinity.get("requiredDuringSchedulingIgnoredDuringExecution")
    if required is None:
        node_affinity["requiredDuringSchedulingIgnoredDuringExecution"] = selector
    else:
        required["nodeSelectorTerms"] = selector["nodeSelectorTerms"]
    return affinity


def get_target_node_name(pod: dict) -> str | None:
    """GetTargetNodeName: spec.nodeName, or for a Pod not yet scheduled the node its
    `metadata.name In [...]` term names; None if neither."""
    if pod["spec"].get("nodeName"):
        return pod["spec"]["nodeName"]
    required = (((pod["spec"].get("affinity") or {}).get("nodeAffinity") or {})
                .get("requiredDuringSchedulingIgnoredDuringExecution") or {})
    for term in required.get("nodeSelectorTerms") or []:
        for expr in term.get("matchFields") or []:
            if expr.get("key") == OBJECT_NAME_FIELD and expr.get("operator") == "In":
                values = expr.get("values") or []
                return values[0] if len(values) == 1 else None
    return None
