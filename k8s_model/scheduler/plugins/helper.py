"""Helpers the plugins share (plugins/helper/normalize_score.go,
component-helpers/scheduling/corev1: taints, tolerations and node selectors).

DefaultNormalizeScore scales a plugin's raw scores so the best node gets 100:
raw [2, 4, 8] become [25, 50, 100]; with `reverse` (fewer is better, as for untolerated
PreferNoSchedule taints) they become [75, 50, 0].
"""

from __future__ import annotations

from ...api.selectors import GREATER_THAN, LESS_THAN, Requirement, new_requirement

MAX_NODE_SCORE = 100


def default_normalize_score(max_priority: int, reverse: bool, scores: list) -> None:
    """scores is a list of [node name, score], changed in place."""
    max_count = max((s for _, s in scores), default=0)
    if max_count == 0:
        if reverse:
            for entry in scores:
                entry[1] = max_priority
        return
    for entry in scores:
        score = max_priority * entry[1] // max_count
        entry[1] = max_priority - score if reverse else score


# -- taints and tolerations --------------------------------------------------------------
def tolerates(toleration: dict, taint: dict) -> bool:
    """Toleration.ToleratesTaint: an empty effect or key matches all; Exists ignores value."""
    if toleration.get("effect") and toleration["effect"] != taint.get("effect"):
        return False
    if toleration.get("key") and toleration["key"] != taint.get("key"):
        return False
    operator = toleration.get("operator") or "Equal"
    if operator == "Exists":
        return True
    if operator == "Equal":
        return (toleration.get("value") or "") == (taint.get("value") or "")
    return False


def tolerations_tolerate_taint(tolerations: list, taint: dict) -> bool:
    return any(tolerates(t, taint) for t in tolerations)


def find_matching_untolerated_taint(taints: list, tolerations: list, effects) -> dict | None:
    """FindMatchingUntoleratedTaint: the first taint (of the given effects) not tolerated."""
    for taint in taints:
        if taint.get("effect") in effects and not tolerations_tolerate_taint(tolerations, taint):
            return taint
    return None


# -- node selectors ----------------------------------------------------------------------
_OPS = {"In": "in", "NotIn": "notin", "Exists": "exists", "DoesNotExist": "!",
        "Gt": GREATER_THAN, "Lt": LESS_THAN}


def _requirement(expr: dict) -> Requirement | None:
    op = _OPS.get(expr.get("operator", ""))
    if op is None:
        return None
    try:
        return new_requirement(expr.get("key", ""), op, list(expr.get("values") or []))
    except Exception:   # an invalid expression matches nothing (nodeSelectorRequirementsAsSelector)
        return None


def term_matches(term: dict, node: dict) -> bool:
    """A NodeSelectorTerm: all matchExpressions (labels) and matchFields (metadata.name)
    must hold; a term with neither matches nothing."""
    expressions, fields = term.get("matchExpressions") or [], term.get("matchFields") or []
    if not expressions and not fields:
        return False
    labels = node["metadata"].get("labels") or {}
    for expr in expressions:
        req = _requirement(expr)
        if req is None or not req.matches(labels):
            return False
    name = {"metadata.name": node["metadata"]["name"]}
    for expr in fields:
        if expr.get("key") != "metadata.name" or expr.get("operator") not in ("In", "NotIn"):
            return False
        req = _requirement(expr)
        if req is None or not req.matches(name):
            return False
    return True


def node_selector_matches(selector: dict | None, node: dict) -> bool:
    """NodeSelector: the terms are ORed."""
    return any(term_matches(t, node) for t in (selector or {}).get("nodeSelectorTerms") or [])


def required_node_affinity_matches(pod: dict, node: dict) -> bool:
    """RequiredNodeAffinity.Match: spec.nodeSelector and the required node affinity."""
    spec = pod.get("spec", {})
    labels = node["metadata"].get("labels") or {}
    if any(labels.get(k) != v for k, v in (spec.get("nodeSelector") or {}).items()):
        return False
    required = (((spec.get("affinity") or {}).get("nodeAffinity") or {})
                .get("requiredDuringSchedulingIgnoredDuringExecution"))
    return required is None or node_selector_matches(required, node)
