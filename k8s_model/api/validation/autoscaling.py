"""HorizontalPodAutoscaler spec validation beyond the replica bounds
(pkg/apis/autoscaling/validation/validation.go): the scale target reference, the
metrics (each names one source and fills in that source only; a Resource metric has a
name and exactly one of averageUtilization and averageValue), and `behavior` — at least
one policy per direction, values and periods above zero, periods up to 30 minutes,
stabilization windows from 0 to an hour.
"""

from __future__ import annotations

from ..errors import FieldError, forbidden, invalid, not_supported, required
from ..quantity import QuantityError, parse_quantity
from .util import name_is_path_segment

MAX_PERIOD_SECONDS = 1800
MAX_STABILIZATION_WINDOW_SECONDS = 3600
SOURCE_FIELDS = {"ContainerResource": "containerResource", "External": "external",
                 "Object": "object", "Pods": "pods", "Resource": "resource"}
TARGET_TYPES = ("Utilization", "Value", "AverageValue")


def validate_spec_references(spec: dict) -> list[FieldError]:
    """ValidateCrossVersionObjectReference, validateMetrics and validateBehavior."""
    return (_reference(spec.get("scaleTargetRef") or {}, "spec.scaleTargetRef")
            + [e for i, m in enumerate(spec.get("metrics") or [])
               for e in _metric(m, f"spec.metrics[{i}]")]
            + _behavior(spec.get("behavior"), "spec.behavior"))


def _reference(ref: dict, path: str) -> list[FieldError]:
    errs = []
    for field in ("kind", "name"):
        if not ref.get(field):
            errs.append(required(f"{path}.{field}"))
        else:
            errs += [invalid(f"{path}.{field}", ref[field], msg)
                     for msg in name_is_path_segment(ref[field])]
    return errs


def _metric(metric: dict, path: str) -> list[FieldError]:
    kind = metric.get("type") or ""
    if not kind:
        return [required(f"{path}.type", "must specify a metric source type")]
    if kind not in SOURCE_FIELDS:
        return [not_supported(f"{path}.type", kind, sorted(SOURCE_FIELDS))]
    errs = []
    expected = SOURCE_FIELDS[kind]
    present = [f for f in SOURCE_FIELDS.values() if metric.get(f) is not None]
    if expected not in present:
        errs.append(required(f"{path}.{expected}",
                             "must populate information for the given metric source"))
    elif expected == "resource":
        errs += _resource_source(metric["resource"], f"{path}.resource")
    errs += [forbidden(f"{path}.{f}", "must populate the given metric source only")
             for f in present if f != expected]
    return errs


def _resource_source(source: dict, path: str) -> list[FieldError]:
    errs = [] if source.get("name") else [required(f"{path}.name", "must specify a resource name")]
    target = source.get("target") or {}
    kind = target.get("type") or ""
    if not kind:
        errs.append(required(f"{path}.target.type", "must specify a metric target type"))
    if kind not in TARGET_TYPES:
        errs.append(invalid(f"{path}.target.type", kind,
                            "must be either Utilization, Value, or AverageValue"))
    for field in ("value", "averageValue"):
        if target.get(field) is not None:
            try:
                positive = parse_quantity(target[field]).sign() == 1
            except QuantityError:
                positive = False
            if not positive:
                errs.append(invalid(f"{path}.target.{field}", target[field], "must be positive"))
    utilization = target.get("averageUtilization")
    if utilization is not None and utilization < 1:
        errs.append(invalid(f"{path}.target.averageUtilization", utilization,
                            "must be greater than 0"))
    if utilization is None and target.get("averageValue") is None:
        errs.append(required(f"{path}.target.averageUtilization",
                             "must set either a target raw value or a target utilization"))
    if utilization is not None and target.get("averageValue") is not None:
        errs.append(forbidden(f"{path}.target.averageValue",
                              "may not set both a target raw value and a target utilization"))
    return errs


def _behavior(behavior: dict | None, path: str) -> list[FieldError]:
    if behavior is None:
        return []
    errs = []
    for direction in ("scaleUp", "scaleDown"):
        rules = behavior.get(direction)
        if rules is not None:
            errs += _scaling_rules(rules, f"{path}.{direction}")
    return errs


def _scaling_rules(rules: dict, path: str) -> list[FieldError]:
    errs = []
    window = rules.get("stabilizationWindowSeconds")
    if window is not None and window < 0:
        errs.append(invalid(f"{path}.stabilizationWindowSeconds", window,
                            "must be greater than or equal to zero"))
    if window is not None and window > MAX_STABILIZATION_WINDOW_SECONDS:
        errs.append(invalid(f"{path}.stabilizationWindowSeconds", window,
                            f"must be less than or equal to {MAX_STABILIZATION_WINDOW_SECONDS}"))
    select = rules.get("selectPolicy")
    if select is not None and select not in ("Disabled", "Max", "Min"):
        errs.append(not_supported(f"{path}.selectPolicy", select, ["Disabled", "Max", "Min"]))
    policies = rules.get("policies") or []
    if not policies:
        errs.append(required(f"{path}.policies", "must specify at least one Policy"))
    for i, policy in enumerate(policies):
        at = f"{path}.policies[{i}]"
        if policy.get("type") not in ("Pods", "Percent"):
            errs.append(not_supported(f"{at}.type", policy.get("type", ""), ["Percent", "Pods"]))
        if policy.get("value", 0) <= 0:
            errs.append(invalid(f"{at}.value", policy.get("value", 0), "must be greater than zero"))
        period = policy.get("periodSeconds", 0)
        if period <= 0:
            errs.append(invalid(f"{at}.periodSeconds", period, "must be greater than zero"))
        if period > MAX_PERIOD_SECONDS:
            errs.append(invalid(f"{at}.periodSeconds", period,
                                f"must be less than or equal to {MAX_PERIOD_SECONDS}"))
    return errs
