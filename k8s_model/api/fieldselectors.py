"""Field selectors, as k8s.io/apimachinery/pkg/fields/selector.go parses them and the API
server applies them (`kubectl get pods --field-selector status.phase=Running`).

Only `=`, `==` and `!=` joined by commas; `\\,`, `\\=` and `\\\\` escape a value. Each
kind allows a few field labels: the API server runs every term through the kind's
field-label conversion (pkg/apis/*/v1/conversion.go; runtime.Scheme.ConvertFieldLabel),
and matches against the object's selectable fields (the registry strategies'
ToSelectableFields / GetAttrs), where a missing field reads as "". The two lists differ:
pods accept `status.podIPs` but never set it, and ReplicaSets set `status.replicas` yet
the apps group registers no conversion, so it is refused (kubernetes#135136, v1.34+).
A refused label is a 400; kubectl prints e.g.

    Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label
    selector "", field selector "foo=bar": field label not supported: foo
"""

from __future__ import annotations

from dataclasses import dataclass

from k8s_model.api.selector_parser import SelectorError


class FieldSelectorError(SelectorError):
    """An unparsable selector or an unsupported field label; str() is upstream's text.
    A SelectorError, so one `except SelectorError` covers both kinds of selector."""


_CORE_POD = {"metadata.name", "metadata.namespace", "spec.nodeName", "spec.restartPolicy",
             "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork",
             "status.phase", "status.podIP", "status.podIPs", "status.nominatedNodeName"}
_CORE_EVENT = {"involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
               "involvedObject.uid", "involvedObject.apiVersion",
               "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason",
               "reportingComponent", "source", "type", "metadata.namespace", "metadata.name"}
# kind -> the labels its conversion func accepts (pkg/apis/core/v1 and batch/v1
# conversion.go). Event is the core/v1 one; kinds not listed accept only metadata.*.
_ACCEPTED = {
    "Pod": _CORE_POD,
    "Node": {"metadata.name", "spec.unschedulable"},
    "ReplicationController": {"metadata.name", "metadata.namespace", "status.replicas"},
    "Event": _CORE_EVENT,
    "Namespace": {"status.phase", "metadata.name"},
    "Secret": {"type", "metadata.namespace", "metadata.name"},
    "Service": {"metadata.namespace", "metadata.name", "spec.clusterIP", "spec.type"},
    "Job": {"metadata.name", "metadata.namespace", "status.successful"},
}


def convert_field_label(kind: str, label: str, value: str) -> tuple[str, str]:
    """Scheme.ConvertFieldLabel: accept, rename (pods' legacy `spec.host`) or refuse."""
    accepted = _ACCEPTED.get(kind)
    if accepted is None:  # runtime.DefaultMetaV1FieldSelectorConversion
        if label in ("metadata.name", "metadata.namespace"):
            return label, value
        raise FieldSelectorError(f'"{label}" is not a known field selector: only '
                                 '"metadata.name", "metadata.namespace"')
    if kind == "Pod" and label == "spec.host":
        return "spec.nodeName", value
    if label in accepted:
        return label, value
    if kind == "Job":  # batch/v1 words it differently
        raise FieldSelectorError(f'field label "{label}" not supported for Job')
    raise FieldSelectorError(f"field label not supported: {label}")


@dataclass(frozen=True)
class FieldRequirement:
    field: str
    operator: str  # "=", "==" or "!="
    value: str

    def matches(self, fields: dict) -> bool:
        equal = fields.get(self.field, "") == self.value
        return not equal if self.operator == "!=" else equal

    def __str__(self) -> str:  # hasTerm / notHasTerm print `==` as `=`, values unescaped
        return f"{self.field}{'!=' if self.operator == '!=' else '='}{self.value}"


class FieldSelector:
    """An AND of terms, kept in the order parsing sorted them."""

    def __init__(self, requirements=()):
        self.requirements: tuple[FieldRequirement, ...] = tuple(requirements)

    def matches(self, fields: dict) -> bool:
        return all(r.matches(fields) for r in self.requirements)

    @property
    def empty(self) -> bool:
        return not self.requirements

    def requires_exact_match(self, field: str) -> str | None:
        for r in self.requirements:
            if r.field == field and r.operator != "!=":
                return r.value
        return None

    def transform(self, kind: str) -> "FieldSelector":
        """The selector with every label converted for `kind`, or FieldSelectorError."""
        out = []
        for r in self.requirements:
            label, value = convert_field_label(kind, r.field, r.value)
            out.append(FieldRequirement(label, r.operator, value))
        return FieldSelector(out)

    def __str__(self) -> str:
        return ",".join(str(r) for r in self.requirements)

    def __repr__(self) -> str:
        return f"FieldSelector({str(self)!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, FieldSelector) and self.requirements == other.requirements

    def __hash__(self) -> int:
        return hash(self.requirements)


def _split_terms(text: str) -> list[str]:
    """Split on commas not escaped by a backslash (the backslash stays in the term)."""
    terms, start, in_slash = [], 0, False
    for i, c in enumerate(text):
        if in_slash:
            in_slash = False
        elif c == "\\":
            in_slash = True
        elif c == ",":
            terms.append(text[start:i])
            start = i + 1
    return terms + [text[start:]] if text else []


def _unescape(value: str) -> str:
    if not any(c in value for c in "\\,="):
        return value
    out, in_slash = [], False
    for c in value:
        if in_slash:
            if c not in "\\,=":
                raise FieldSelectorError(
                    f"invalid field selector: invalid escape sequence: \\{c}")
            out.append(c)
            in_slash = False
        elif c == "\\":
            in_slash = True
        elif c in ",=":  # Go prints the rune with %v: its number, e.g. 61 for '='
            raise FieldSelectorError(
                f"invalid field selector: unescaped character in value: {ord(c)}")
        else:
            out.append(c)
    if in_slash:
        raise FieldSelectorError("invalid field selector: invalid escape sequence: \\")
    return "".join(out)


def parse_field_selector(text: str, kind: str | None = None) -> FieldSelector:
    """fields.ParseSelector; with `kind`, also the API server's label conversion.

    `parse_field_selector("status.phase!=Running,spec.nodeName=node-1", "Pod")` keeps
    both terms, sorted as strings: `spec.nodeName=node-1,status.phase!=Running`."""
    requirements = []
    for part in sorted(_split_terms(text)):
        if not part:
            continue
        for i in range(len(part)):  # the first operator wins; the field has no escapes
            op = next((o for o in ("!=", "==", "=") if part.startswith(o, i)), None)
            if op:
                field, raw = part[:i], part[i + len(op):]
                break
        else:
            raise FieldSelectorError(f"invalid selector: '{text}'; can't understand '{part}'")
        requirements.append(FieldRequirement(field, op, _unescape(raw)))
    selector = FieldSelector(requirements)
    return selector.transform(kind) if kind else selector


def _get(obj: dict, *path: str):
    for name in path:
        obj = obj.get(name) if isinstance(obj, dict) else None
    return obj


def field_set(obj: dict) -> dict[str, str]:
    """The object's selectable fields (GetAttrs), all as strings: a Pod gives
    {"metadata.name": "web-1", …, "spec.hostNetwork": "false", "status.phase": "Running"}.
    Namespaced objects carry metadata.namespace; cluster-scoped ones (no namespace) do not."""
    meta = obj.get("metadata") or {}
    fields = {"metadata.name": meta.get("name", "")}
    if meta.get("namespace"):
        fields["metadata.namespace"] = meta["namespace"]
    kind, s = obj.get("kind", ""), lambda *p: str(_get(obj, *p) or "")
    count = lambda *p: str(_get(obj, *p) or 0)                     # noqa: E731
    flag = lambda *p: "true" if _get(obj, *p) else "false"         # noqa: E731
    if kind == "Pod":
        pod_ips = _get(obj, "status", "podIPs") or []
        pod_ip = (pod_ips[0] or {}).get("ip", "") if pod_ips else s("status", "podIP")
        fields.update({"spec.nodeName": s("spec", "nodeName"),
                       "spec.restartPolicy": s("spec", "restartPolicy"),
                       "spec.schedulerName": s("spec", "schedulerName"),
                       "spec.serviceAccountName": s("spec", "serviceAccountName"),
                       "spec.hostNetwork": flag("spec", "hostNetwork"),
                       "status.phase": s("status", "phase"), "status.podIP": pod_ip,
                       "status.nominatedNodeName": s("status", "nominatedNodeName")})
    elif kind == "Event":
        involved = {f"involvedObject.{k}": s("involvedObject", k) for k in
                    ("kind", "namespace", "name", "uid", "apiVersion", "resourceVersion",
                     "fieldPath")}
        fields.update(involved, reason=s("reason"), reportingComponent=s("reportingComponent"),
                      source=s("source", "component") or s("reportingComponent"), type=s("type"))
    elif kind == "Node":
        fields["spec.unschedulable"] = flag("spec", "unschedulable")
    elif kind == "Namespace":
        fields["status.phase"] = s("status", "phase")
    elif kind == "Secret":
        fields["type"] = s("type")
    elif kind == "Service":
        fields.update({"spec.clusterIP": s("spec", "clusterIP"), "spec.type": s("spec", "type")})
    elif kind in ("ReplicaSet", "ReplicationController"):
        fields["status.replicas"] = count("status", "replicas")
    elif kind == "Job":
        fields["status.successful"] = count("status", "succeeded")
    return fields
