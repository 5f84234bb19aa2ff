"""Arithmetic on RBAC PolicyRules: break down, compact, cover, print.

Upstream keeps these in k8s.io/component-helpers/auth/rbac/validation (BreakdownRule,
Covers — the escalation check), pkg/registry/rbac/validation/policy_compact.go
(CompactRules) and pkg/apis/rbac/v1 (CompactString); kubectl carries its own copy of
BreakdownRule and CompactRules (k8s.io/kubectl/pkg/util/rbac) for `describe role` and
`auth can-i --list`. One copy serves both here.

A rule is the API's dict: verbs, apiGroups, resources, resourceNames, nonResourceURLs.
"""

from __future__ import annotations

FIELDS = ("verbs", "apiGroups", "resources", "resourceNames", "nonResourceURLs")


def breakdown(rule: dict) -> list[dict]:
    """BreakdownRule: one rule per group × resource × verb (× resource name), and one per
    non-resource URL × verb."""
    out = []
    for group in rule.get("apiGroups") or []:
        for resource in rule.get("resources") or []:
            for verb in rule.get("verbs") or []:
                base = {"verbs": [verb], "apiGroups": [group], "resources": [resource]}
                names = rule.get("resourceNames") or []
                out += [{**base, "resourceNames": [n]} for n in names] if names else [base]
    out += [{"verbs": [verb], "nonResourceURLs": [url]}
            for url in rule.get("nonResourceURLs") or [] for verb in rule.get("verbs") or []]
    return out


def compact(rules: list[dict]) -> list[dict]:
    """CompactRules: rules naming one group, one resource and at most one resource name
    merge their verbs (appended as met, duplicates kept); the others stay as they are,
    first."""
    compacted, simple = [], {}
    for rule in rules:
        names = rule.get("resourceNames") or []
        groups, resources = rule.get("apiGroups") or [], rule.get("resources") or []
        if len(names) <= 1 and not rule.get("nonResourceURLs") and len(groups) == len(resources) == 1:
            key = (rule["apiGroups"][0], rule["resources"][0], names[0] if names else None)
            if key in simple:
                simple[key]["verbs"] += rule.get("verbs") or []
            else:
                simple[key] = {k: list(v) for k, v in rule.items()}
        else:
            compacted.append(rule)
    return compacted + list(simple.values())


def go_list(items) -> str:
    """fmt's %v of a []string: [get list]."""
    return "[" + " ".join(items or []) + "]"


def go_quoted_list(items) -> str:
    """fmt's %q of a []string: ["get" "list"]."""
    return "[" + " ".join(f'"{item}"' for item in items or []) + "]"


def policy_rule_string(rule: dict) -> str:
    """PolicyRule.String() (generated.pb.go), the key SortableRuleSlice sorts by:
    verbs first, so `[create]` rows come before `[get]` rows."""
    fields = (("Verbs", "verbs"), ("APIGroups", "apiGroups"), ("Resources", "resources"),
              ("ResourceNames", "resourceNames"), ("NonResourceURLs", "nonResourceURLs"))
    return "&PolicyRule{" + "".join(f"{label}:{go_list(rule.get(key))}," for label, key in fields) + "}"


def sorted_rules(rules: list[dict]) -> list[dict]:
    """sort.Stable(SortableRuleSlice(rules)), Go's byte order."""
    return sorted(rules, key=lambda r: policy_rule_string(r).encode())


def compact_string(rule: dict) -> str:
    """rbacv1helpers.CompactString, as escalation errors list the missing rules:
    {APIGroups:[""], Resources:["secrets"], Verbs:["get"]}."""
    parts = [f"{label}:{go_quoted_list(rule[key])}" for label, key in
             (("APIGroups", "apiGroups"), ("Resources", "resources"),
              ("NonResourceURLs", "nonResourceURLs"), ("ResourceNames", "resourceNames"),
              ("Verbs", "verbs")) if rule.get(key)]
    return "{" + ", ".join(parts) + "}"


def combine_resource_group(resources: list, groups: list) -> str:
    """describe.CombineResourceGroup: `pods`, `deployments.apps`, `deployments.apps/scale`."""
    if not resources:
        return ""
    resource, _, sub = resources[0].partition("/")
    if groups and groups[0]:
        resource += "." + groups[0]
    return resource + ("/" + sub if sub else "")


# -- Covers (policy_comparator.go) -------------------------------------------------------------
def _has(values, wanted) -> bool:
    return wanted in (values or [])


def _has_all(values, wanted) -> bool:
    return all(w in (values or []) for w in wanted or [])


def _resource_covers_all(owned: list, wanted: list) -> bool:
    if _has(owned, "*") or _has_all(owned, wanted):
        return True
    for path in wanted:
        if _has(owned, path):
            continue
        if "/" not in path or not _has(owned, "*/" + path.split("/", 1)[1]):
            return False
    return True


def _url_covers(owner: str, path: str) -> bool:
    return owner == path or (owner.endswith("*") and path.startswith(owner.rstrip("*")))


def rule_covers(owner: dict, sub: dict) -> bool:
    verbs = _has(owner.get("verbs"), "*") or _has_all(owner.get("verbs"), sub.get("verbs"))
    groups = (_has(owner.get("apiGroups"), "*")
              or _has_all(owner.get("apiGroups"), sub.get("apiGroups")))
    resources = _resource_covers_all(owner.get("resources") or [], sub.get("resources") or [])
    urls = all(any(_url_covers(o, p) for o in owner.get("nonResourceURLs") or [])
               for p in sub.get("nonResourceURLs") or [])
    if sub.get("resourceNames"):
        names = (not owner.get("resourceNames")
                 or _has_all(owner["resourceNames"], sub["resourceNames"]))
    else:
        names = not owner.get("resourceNames")
    return verbs and groups and resources and names and urls


def covers(owner_rules: list[dict], servant_rules: list[dict]) -> list[dict]:
    """Covers: the broken-down servant rules no owner rule covers (empty when covered)."""
    return [sub for rule in servant_rules for sub in breakdown(rule)
            if not any(rule_covers(owner, sub) for owner in owner_rules)]
