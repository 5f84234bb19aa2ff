"""Constraints and counting for PodTopologySpread (podtopologyspread/common.go, plugin.go).

A constraint says: pods matching `labelSelector` may differ by at most `maxSkew` between
the domains of `topologyKey`. A pod without constraints of its own gets the cluster
defaults (system defaults: ScheduleAnyway, maxSkew 3 per hostname and 5 per zone), with a
selector taken from the Services, ReplicaSet, StatefulSet or ReplicationController it
belongs to — so a Deployment's replicas spread even if nobody asked.
"""

from __future__ import annotations

from ....api.selectors import IN, Requirement, Selector, from_label_selector, from_set
from ..helper import find_matching_untolerated_taint, required_node_affinity_matches

HOSTNAME, ZONE = "kubernetes.io/hostname", "topology.kubernetes.io/zone"
SYSTEM_DEFAULT_CONSTRAINTS = [
    {"topologyKey": HOSTNAME, "whenUnsatisfiable": "ScheduleAnyway", "maxSkew": 3},
    {"topologyKey": ZONE, "whenUnsatisfiable": "ScheduleAnyway", "maxSkew": 5},
]
_OWNER_KINDS = {("v1", "ReplicationController"): "replicationcontrollers",
                ("apps/v1", "ReplicaSet"): "replicasets",
                ("apps/v1", "StatefulSet"): "statefulsets"}


class Constraint:
    __slots__ = ("max_skew", "topology_key", "selector", "min_domains", "affinity_policy",
                 "taints_policy")

    def __init__(self, raw: dict, selector: Selector) -> None:
        self.max_skew = raw.get("maxSkew", 1)
        self.topology_key = raw.get("topologyKey", "")
        self.selector = selector
        self.min_domains = raw.get("minDomains") or 1
        self.affinity_policy = raw.get("nodeAffinityPolicy") or "Honor"
        self.taints_policy = raw.get("nodeTaintsPolicy") or "Ignore"

    def match_node_inclusion_policies(self, pod: dict, node: dict) -> bool:
        if self.affinity_policy == "Honor" and not required_node_affinity_matches(pod, node):
            return False
        if self.taints_policy == "Honor" and find_matching_untolerated_taint(
                node.get("spec", {}).get("taints") or [],
                pod.get("spec", {}).get("tolerations") or [], ("NoSchedule", "NoExecute")):
            return False
        return True


def pod_constraints(pod: dict, action: str) -> list[Constraint]:
    """filterTopologySpreadConstraints: the pod's own constraints for `action`, with
    matchLabelKeys folded into the selector."""
    labels = pod["metadata"].get("labels") or {}
    out = []
    for raw in pod.get("spec", {}).get("topologySpreadConstraints") or []:
        if raw.get("whenUnsatisfiable") != action:
            continue
        selector = from_label_selector(raw.get("labelSelector"))
        extra = [Requirement(k, IN, (labels[k],)) for k in raw.get("matchLabelKeys") or []
                 if k in labels]
        if extra:
            selector = Selector(selector.requirements + tuple(extra), selector.nothing)
        out.append(Constraint(raw, selector))
    return out


def default_selector(pod: dict, handle) -> Selector:
    """helper.DefaultSelector: the union of the selectors of what the pod belongs to."""
    meta = pod["metadata"]
    namespace, labels = meta.get("namespace"), meta.get("labels") or {}
    merged: dict = {}
    for service in handle.list_objects("services", namespace):
        selector = service.get("spec", {}).get("selector")
        if selector and from_set(selector).matches(labels):
            merged.update(selector)
    selector = from_set(merged)
    owner = next((o for o in meta.get("ownerReferences") or [] if o.get("controller")), None)
    resource = _OWNER_KINDS.get((owner["apiVersion"], owner["kind"])) if owner else None
    if resource is None:
        return selector
    controller = handle.get_object(resource, namespace, owner["name"])
    if controller is None:
        return selector
    raw = controller.get("spec", {}).get("selector")
    if resource == "replicationcontrollers":
        merged.update(raw or {})
        return from_set(merged)
    other = from_label_selector(raw)
    if other.nothing:           # a nil selector has no requirements to add
        return selector
    return Selector(selector.requirements + other.requirements)


def default_constraints(pod: dict, action: str, args_constraints: list, handle) -> list:
    """buildDefaultConstraints: nothing when the pod belongs to nothing."""
    raws = [c for c in args_constraints if c.get("whenUnsatisfiable") == action]
    if not raws:
        return []
    selector = default_selector(pod, handle)
    if selector.empty:
        return []
    return [Constraint(raw, selector) for raw in raws]


def node_labels_match(labels: dict, constraints: list[Constraint]) -> bool:
    return all(c.topology_key in labels for c in constraints)


def count_pods_match_selector(pod_infos, selector: Selector, namespace: str) -> int:
    """Pods in `namespace`, not terminating, that the selector matches.

    An empty selector counts nothing: `labelSelector: {}` selects every pod, but v1.35
    takes the shortcut `if selector.Empty() { return 0 }` meant for a missing selector
    (kubernetes#141339, fixed after v1.35), so such a constraint never limits anything."""
    if selector.empty:
        return 0
    return sum(1 for p in pod_infos
               if p.pod["metadata"].get("namespace") == namespace
               and not p.pod["metadata"].get("deletionTimestamp")
               and selector.matches(p.pod["metadata"].get("labels") or {}))

