"""describe.go's generic describer, and the small describers for LimitRanges and RBAC.

Kinds without a describer of their own (a Lease, a custom resource) are printed
field by field from the object's JSON: keys sorted, camelCase keys turned into
words (`holderIdentity` -> `Holder Identity`, `apiVersion` -> `API Version`),
maps and lists indented one level deeper:

    Spec:
      Holder Identity:         node-1
      Lease Duration Seconds:  40
"""

from __future__ import annotations

from k8s_model.api import rbac_rules
from k8s_model.api.quantity import Quantity
from k8s_model.kubectl.describe.writer import (PrefixWriter, describe_events,
                                               print_annotations_multiline,
                                               print_labels_multiline, tabbed_string, v)

_ACRONYMS = ("API", "URL", "UID", "OSB", "GUID")


def camelcase_split(text: str) -> list[str]:
    """github.com/fatih/camelcase.Split: `HTTPServer` -> HTTP, Server; `v1` -> v, 1."""
    def kind(ch: str) -> int:
        return 1 if ch.islower() else 2 if ch.isupper() else 3 if ch.isdecimal() else 4

    runs: list[list[str]] = []
    last = 0
    for ch in text:
        k = kind(ch)
        if runs and k == last:
            runs[-1].append(ch)
        else:
            runs.append([ch])
        last = k
    for i in range(len(runs) - 1):   # "PDFL", "oader" -> "PDF", "Loader"
        if runs[i][0].isupper() and runs[i + 1][0].islower():
            runs[i + 1].insert(0, runs[i].pop())
    return ["".join(r) for r in runs if r]


def smart_label_for(field: str) -> str:
    """smartLabelFor: a field name as words; names with other than letters and '-' unchanged."""
    if any(not (ch.isalpha() or ch == "-") for ch in field):
        return field
    parts = []
    for part in camelcase_split(field):
        if part == "_":
            continue
        parts.append(part.upper() if part.upper() in _ACRONYMS else part[:1].upper() + part[1:])
    return " ".join(parts)


_SKIP = (".metadata.managedFields", ".metadata.name", ".metadata.namespace", ".metadata.labels",
         ".metadata.annotations")


def print_unstructured_content(w: PrefixWriter, level: int, content: dict, prefix: str) -> None:
    for field in sorted(content):
        value, path = content[field], f"{prefix}.{field}"
        if path in _SKIP:
            continue
        if isinstance(value, dict):
            w.write(level, f"{smart_label_for(field)}:\n")
            print_unstructured_content(w, level + 1, value, path)
        elif isinstance(value, list):
            w.write(level, f"{smart_label_for(field)}:\n")
            for child in value:
                if isinstance(child, dict):
                    print_unstructured_content(w, level + 1, child, path)
                else:
                    w.write(level + 1, f"{v(child)}\n")
        else:
            w.write(level, f"{smart_label_for(field)}:\t{v(value)}\n")


def describe_generic(obj: dict, events: list | None, related: dict, now: float) -> str:
    meta = obj.get("metadata") or {}

    def body(w: PrefixWriter) -> None:
        w.write(0, f"Name:\t{meta.get('name', '')}\n")
        w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
        print_labels_multiline(w, "Labels", meta.get("labels"))
        print_annotations_multiline(w, "Annotations", meta.get("annotations"))
        print_unstructured_content(w, 0, obj, "")
        describe_events(events, w, now)

    return tabbed_string(body)


# -- LimitRange -------------------------------------------------------------------------------
def describe_limit_range_spec(spec: dict, prefix: str, w: PrefixWriter) -> None:
    for item in spec.get("limits") or []:
        columns = [item.get(k) or {} for k in ("min", "max", "defaultRequest", "default",
                                               "maxLimitRequestRatio")]
        names = sorted({name for column in columns for name in column})
        for name in names:
            values = [str(Quantity.parse(c[name])) if name in c else "-" for c in columns]
            w.write(0, f"{prefix}{item.get('type', '')}\t{name}\t" + "\t".join(values) + "\n")


def describe_limit_range(lr: dict, events: list | None, related: dict, now: float) -> str:
    def body(w: PrefixWriter) -> None:
        w.write(0, f"Name:\t{lr['metadata']['name']}\n")
        w.write(0, f"Namespace:\t{lr['metadata'].get('namespace', '')}\n")
        w.write(0, "Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n")
        w.write(0, "----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n")
        describe_limit_range_spec(lr.get("spec") or {}, "", w)

    return tabbed_string(body)


# -- RBAC (kubectl/pkg/util/rbac: k8s_model.api.rbac_rules) ------------------------------------
def describe_role(role: dict, events: list | None, related: dict, now: float) -> str:
    rules = rbac_rules.sorted_rules(rbac_rules.compact(
        [r for rule in role.get("rules") or [] for r in rbac_rules.breakdown(rule)]))

    def body(w: PrefixWriter) -> None:
        w.write(0, f"Name:\t{role['metadata']['name']}\n")
        print_labels_multiline(w, "Labels", role["metadata"].get("labels"))
        print_annotations_multiline(w, "Annotations", role["metadata"].get("annotations"))
        w.write(0, "PolicyRule:\n")
        w.write(1, "Resources\tNon-Resource URLs\tResource Names\tVerbs\n")
        w.write(1, "---------\t-----------------\t--------------\t-----\n")
        for r in rules:
            resource = rbac_rules.combine_resource_group(r.get("resources"), r.get("apiGroups"))
            w.write(1, f"{resource}\t"
                       f"{v(r.get('nonResourceURLs') or [])}\t{v(r.get('resourceNames') or [])}\t"
                       f"{v(r.get('verbs') or [])}\n")

    return tabbed_string(body)


def describe_role_binding(binding: dict, events: list | None, related: dict, now: float) -> str:
    def body(w: PrefixWriter) -> None:
        w.write(0, f"Name:\t{binding['metadata']['name']}\n")
        print_labels_multiline(w, "Labels", binding["metadata"].get("labels"))
        print_annotations_multiline(w, "Annotations", binding["metadata"].get("annotations"))
        ref = binding.get("roleRef") or {}
        w.write(0, "Role:\n")
        w.write(1, f"Kind:\t{ref.get('kind', '')}\n")
        w.write(1, f"Name:\t{ref.get('name', '')}\n")
        w.write(0, "Subjects:\n")
        w.write(1, "Kind\tName\tNamespace\n")
        w.write(1, "----\t----\t---------\n")
        for s in binding.get("subjects") or []:
            w.write(1, f"{s.get('kind', '')}\t{s.get('name', '')}\t{s.get('namespace', '')}\n")

    return tabbed_string(body)
