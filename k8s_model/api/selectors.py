"""Label selectors, as k8s.io/apimachinery/pkg/labels/selector.go parses and matches them,
and as apis/meta/v1 (helpers.go, validation) turns `matchLabels`/`matchExpressions` into one.

A selector is an AND of requirements, each a key, an operator and a set of values:
`app=web,tier in (cache,db),!canary` selects Pods labelled app=web whose tier is cache
or db and that have no `canary` label. The string form is lexed into tokens and parsed
by recursive descent; requirements are kept sorted by key, so `str()` is canonical:
`parse("tier in (db,cache), app = web")` prints `app=web,tier in (cache,db)`.

Errors carry upstream's text. The API server parses `?labelSelector=` itself (kubectl
sends `-l` untouched) and answers 400 BadRequest, which kubectl frames; so
`kubectl get pods -l 'a in b'` prints exactly

    Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label
    selector "a in b", field selector "": unable to parse requirement: found 'b' expected: '('

(one line; no comma before "expected" there: upstream's typo). For Deployments the
resource reads "apps/v1, Resource=deployments"; with no selector at all kubectl says
`Unable to list "/v1, Resource=pods": …` (cli-runtime resource.EnhanceListError).
Checked against kubectl v1.35 (`set selector --local` parses client-side) and a stub server.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from k8s_model.api.errors import FieldError, forbidden, go_value, invalid, required
# Field selectors live in their own module; re-exported for callers that want one import.
from k8s_model.api.fieldselectors import (FieldSelector, FieldSelectorError,  # noqa: F401
                                          field_set, parse_field_selector)
from k8s_model.api.names import (is_qualified_name, is_valid_label_value, validate_label_name,
                                 validate_labels)
from k8s_model.api.selector_parser import Parser, SelectorError

# selection.Operator values
IN, NOT_IN, EQUALS, DOUBLE_EQUALS, NOT_EQUALS = "in", "notin", "=", "==", "!="
EXISTS, DOES_NOT_EXIST, GREATER_THAN, LESS_THAN = "exists", "!", "gt", "lt"
_BINARY = [IN, NOT_IN, EQUALS, DOUBLE_EQUALS, NOT_EQUALS, GREATER_THAN, LESS_THAN]
_VALID_OPERATORS = _BINARY + [EXISTS, DOES_NOT_EXIST]
_INT64 = re.compile(r"[+-]?[0-9]+")


def _int64(text: str) -> int | None:
    """strconv.ParseInt(text, 10, 64), or None."""
    if not _INT64.fullmatch(text):
        return None
    number = int(text)
    return number if -2**63 <= number < 2**63 else None


def _aggregate(errors: list[FieldError]) -> str:
    """ErrorList.ToAggregate().Error(): duplicates dropped, several shown as `[a, b]`."""
    messages = list(dict.fromkeys(str(e) for e in errors))
    return messages[0] if len(messages) == 1 else "[" + ", ".join(messages) + "]"


def _child(path: str | None, name: str) -> str:
    return f"{path}.{name}" if path else name


@dataclass(frozen=True)
class Requirement:
    """One `key op values` term; build it with `new_requirement` to have it validated."""

    key: str
    operator: str
    values: tuple[str, ...] = ()

    def matches(self, labels: dict) -> bool:
        if self.operator in (IN, EQUALS, DOUBLE_EQUALS):
            return self.key in labels and labels[self.key] in self.values
        if self.operator in (NOT_IN, NOT_EQUALS):      # a missing key is "not in"
            return self.key not in labels or labels[self.key] not in self.values
        if self.operator == EXISTS:
            return self.key in labels
        if self.operator == DOES_NOT_EXIST:
            return self.key not in labels
        if self.operator in (GREATER_THAN, LESS_THAN):
            have = _int64(labels[self.key]) if self.key in labels else None
            want = _int64(self.values[0]) if len(self.values) == 1 else None
            if have is None or want is None:
                return False
            return have > want if self.operator == GREATER_THAN else have < want
        return False

    def __str__(self) -> str:
        if self.operator == EXISTS:
            return self.key
        if self.operator == DOES_NOT_EXIST:
            return "!" + self.key
        op = {IN: " in ", NOT_IN: " notin ", GREATER_THAN: ">", LESS_THAN: "<"}.get(
            self.operator, self.operator)
        values = self.values[0] if len(self.values) == 1 else ",".join(sorted(self.values))
        return f"{self.key}{op}({values})" if self.operator in (IN, NOT_IN) \
            else f"{self.key}{op}{values}"


def new_requirement(key: str, operator: str, values: list[str] | tuple[str, ...] = (),
                    path: str | None = None) -> Requirement:
    """labels.NewRequirement: check the key, the operator's value count, each value."""
    values = list(values)
    errs: list[FieldError] = []
    key_msgs = is_qualified_name(key)
    if key_msgs:
        errs.append(invalid(_child(path, "key"), key, "; ".join(key_msgs)))
    values_path = _child(path, "values")
    if operator in (IN, NOT_IN):
        if not values:
            errs.append(invalid(values_path, values,
                                "for 'in', 'notin' operators, values set can't be empty"))
    elif operator in (EQUALS, DOUBLE_EQUALS, NOT_EQUALS):
        if len(values) != 1:
            errs.append(invalid(values_path, values,
                                "exact-match compatibility requires one single value"))
    elif operator in (EXISTS, DOES_NOT_EXIST):
        if values:
            errs.append(invalid(values_path, values,
                                "values set must be empty for exists and does not exist"))
    elif operator in (GREATER_THAN, LESS_THAN):
        if len(values) != 1:
            errs.append(invalid(values_path, values,
                                "for 'Gt', 'Lt' operators, exactly one value is required"))
        for i, value in enumerate(values):
            if _int64(value) is None:
                errs.append(invalid(f"{values_path}[{i}]", value,
                                    "for 'Gt', 'Lt' operators, the value must be an integer"))
    else:
        errs.append(FieldError("Unsupported value", _child(path, "operator"), operator,
                               "supported values: " + ", ".join(go_value(o) for o in
                                                                _VALID_OPERATORS)))
    for i, value in enumerate(values):
        msgs = is_valid_label_value(value)
        if msgs:
            errs.append(invalid(f"{values_path}[{i}][{key}]", value, "; ".join(msgs)))
    if errs:
        raise SelectorError(_aggregate(errs))
    return Requirement(key, operator, tuple(values))


class Selector:
    """An AND of requirements (labels.internalSelector), or Nothing() when `nothing`."""

    def __init__(self, requirements=(), nothing: bool = False):
        # selector.Add sorts by key; Python's sort is stable like Go's for <= 12 terms.
        self.requirements: tuple[Requirement, ...] = tuple(
            sorted(requirements, key=lambda r: r.key))
        self.nothing = nothing

    @classmethod
    def everything(cls) -> "Selector":
        return cls()

    @classmethod
    def nothing_selector(cls) -> "Selector":
        return cls(nothing=True)

    def matches(self, labels: dict | None) -> bool:
        if self.nothing:
            return False
        labels = labels or {}
        return all(r.matches(labels) for r in self.requirements)

    @property
    def empty(self) -> bool:
        """True when the selector does not restrict anything (Nothing() is not empty)."""
        return not self.nothing and not self.requirements

    def requires_exact_match(self, key: str) -> str | None:
        """The one value `key` must have (`=`, `==`, or `in` with one value), else None."""
        for r in self.requirements:
            if r.key == key:
                if r.operator in (EQUALS, DOUBLE_EQUALS, IN) and len(r.values) == 1:
                    return r.values[0]
                return None
        return None

    def __str__(self) -> str:
        return "" if self.nothing else ",".join(str(r) for r in self.requirements)

    def __repr__(self) -> str:
        return "Selector(<nothing>)" if self.nothing else f"Selector({str(self)!r})"

    def __eq__(self, other) -> bool:
        return (isinstance(other, Selector) and self.nothing == other.nothing
                and self.requirements == other.requirements)

    def __hash__(self) -> int:
        return hash((self.nothing, self.requirements))


def from_set(labels: dict | None) -> Selector:
    """SelectorFromSet: `{app: web}` as `app=web` (a Service's or RC's selector). An empty
    or missing map selects everything."""
    return Selector(Requirement(k, EQUALS, (v,)) for k, v in (labels or {}).items())


def from_label_selector(selector: dict | None) -> Selector:
    """metav1.LabelSelectorAsSelector: None selects nothing, `{}` selects everything.

    {"matchLabels": {"app": "web"},
     "matchExpressions": [{"key": "tier", "operator": "In", "values": ["db", "cache"]}]}
    becomes `app=web,tier in (cache,db)`."""
    if selector is None:
        return Selector.nothing_selector()
    match_labels = selector.get("matchLabels") or {}
    expressions = selector.get("matchExpressions") or []
    requirements = [new_requirement(k, EQUALS, [match_labels[k]]) for k in sorted(match_labels)]
    operators = {"In": IN, "NotIn": NOT_IN, "Exists": EXISTS, "DoesNotExist": DOES_NOT_EXIST}
    for expr in expressions:
        op = expr.get("operator", "")
        if op not in operators:
            raise SelectorError(f"{go_value(op)} is not a valid label selector operator")
        requirements.append(new_requirement(expr.get("key", ""), operators[op],
                                            list(expr.get("values") or [])))
    return Selector(requirements)


def validate_label_selector(selector: dict | None, path: str,
                            allow_invalid_label_value: bool = False) -> list[FieldError]:
    """ValidateLabelSelector (apimachinery/pkg/apis/meta/v1/validation), e.g.
    `spec.selector.matchExpressions[0].values: Required value: must be specified when
    `operator` is 'In' or 'NotIn'`. Values are checked unless `allow_invalid_label_value`
    (upstream sets it only to keep old, already stored objects valid)."""
    if selector is None:
        return []
    errs = validate_labels(selector.get("matchLabels"), _child(path, "matchLabels"))
    for i, expr in enumerate(selector.get("matchExpressions") or []):
        here = f"{_child(path, 'matchExpressions')}[{i}]"
        op, values = expr.get("operator", ""), list(expr.get("values") or [])
        if op in ("In", "NotIn"):
            if not values:
                errs.append(required(f"{here}.values",
                                     "must be specified when `operator` is 'In' or 'NotIn'"))
        elif op in ("Exists", "DoesNotExist"):
            if values:
                errs.append(forbidden(f"{here}.values", "may not be specified when `operator` "
                                                        "is 'Exists' or 'DoesNotExist'"))
        else:
            errs.append(invalid(f"{here}.operator", op, "not a valid selector operator"))
        errs.extend(validate_label_name(expr.get("key", ""), f"{here}.key"))
        if not allow_invalid_label_value:
            for j, value in enumerate(values):
                errs.extend(invalid(f"{here}.values[{j}]", value, msg)
                            for msg in is_valid_label_value(value))
    return errs


def parse(text: str) -> Selector:
    """labels.Parse: the string grammar (see selector_parser). `parse("")` is Everything."""
    return Selector(Parser(text).parse(new_requirement))
