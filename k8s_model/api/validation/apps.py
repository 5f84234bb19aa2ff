"""Workload controllers' validation: Deployment, ReplicaSet, DaemonSet, StatefulSet
(pkg/apis/apps/validation/validation.go) and the core group's ReplicationController.

They share one shape: a non-empty selector that matches the template's labels, a valid
pod template whose restartPolicy is Always, non-negative counts. The selector rule is
the one learners meet first: `spec.template.metadata.labels: Invalid value:
{"app":"web"}: `selector` does not match template `labels``. After creation the
selector is immutable (the apps/v1 strategies add `spec.selector: … field is immutable`).
"""

from __future__ import annotations

from ..errors import FieldError, forbidden, int_or_string, invalid, not_supported, required
from ..names import validate_labels
from ..selectors import from_label_selector, from_set, validate_label_selector
from .meta import validate_annotations, validate_object_meta, validate_object_meta_update
from .pod import validate_pod_template
from .util import (immutable, is_valid_percent, name_is_dns_label, name_is_dns_subdomain,
                   nonnegative)

SELECTOR_MISMATCH = "`selector` does not match template `labels`"


def _template_labels(spec: dict) -> dict:
    return ((spec.get("template") or {}).get("metadata") or {}).get("labels") or {}


def _selector(spec: dict, kind: str, path: str) -> tuple[object | None, list[FieldError]]:
    """Required, valid, not empty; returns the parsed selector (None when it does not parse)."""
    selector = spec.get("selector")
    if selector is None:  # selects nothing, so the template check below fails too
        return from_label_selector(None), [required(f"{path}.selector")]
    errs = validate_label_selector(selector, f"{path}.selector")
    if not (selector.get("matchLabels") or selector.get("matchExpressions")):
        errs.append(invalid(f"{path}.selector", selector, f"empty selector is invalid for {kind}"))
    try:
        return from_label_selector(selector), errs
    except Exception:  # LabelSelectorAsSelector failed
        errs.append(invalid(f"{path}.selector", selector, "invalid label selector"))
        return None, errs


def _template_for_replicas(spec: dict, parsed, path: str, kind: str) -> list[FieldError]:
    """ValidatePodTemplateSpecForReplicaSet (and ForRC): labels match, pods restart Always."""
    template = spec.get("template")
    if template is None:
        return [required(f"{path}.template")]
    errs: list[FieldError] = []
    if parsed is not None and not parsed.empty and not parsed.matches(_template_labels(spec)):
        errs.append(invalid(f"{path}.template.metadata.labels", _template_labels(spec),
                            SELECTOR_MISMATCH))
    errs.extend(validate_pod_template(template, f"{path}.template"))
    errs.extend(_restart_always(template, f"{path}.template"))
    if (template.get("spec") or {}).get("activeDeadlineSeconds") is not None:
        errs.append(forbidden(f"{path}.template.spec.activeDeadlineSeconds",
                              f"activeDeadlineSeconds in {kind} is not Supported"))
    return errs


def _restart_always(template: dict, path: str) -> list[FieldError]:
    policy = (template.get("spec") or {}).get("restartPolicy") or ""
    if policy != "Always":
        return [not_supported(f"{path}.spec.restartPolicy", policy, ["Always"])]
    return []


def validate_deployment(obj: dict, old: dict | None) -> list[FieldError]:
    spec = obj.get("spec") or {}
    errs = _meta(obj, old, name_is_dns_subdomain)
    errs.extend(nonnegative(spec.get("replicas", 0), "spec.replicas"))
    parsed, selector_errs = _selector(spec, "deployment", "spec")
    errs.extend(selector_errs)
    if parsed is not None:
        errs.extend(_template_for_replicas(spec, parsed, "spec", "ReplicaSet"))
    errs.extend(_deployment_strategy(spec.get("strategy") or {}, "spec.strategy"))
    errs.extend(nonnegative(spec.get("minReadySeconds", 0), "spec.minReadySeconds"))
    if spec.get("revisionHistoryLimit") is not None:
        errs.extend(nonnegative(spec["revisionHistoryLimit"], "spec.revisionHistoryLimit"))
    deadline = spec.get("progressDeadlineSeconds")
    if deadline is not None:
        errs.extend(nonnegative(deadline, "spec.progressDeadlineSeconds"))
        if deadline <= spec.get("minReadySeconds", 0):
            errs.append(invalid("spec.progressDeadlineSeconds", deadline,
                                "must be greater than minReadySeconds"))
    return errs + _selector_immutable(obj, old)


def _deployment_strategy(strategy: dict, path: str) -> list[FieldError]:
    kind = strategy.get("type") or ""
    if kind == "Recreate":
        if strategy.get("rollingUpdate") is not None:
            return [forbidden(f"{path}.rollingUpdate",
                              "may not be specified when strategy `type` is 'Recreate'")]
        return []
    if kind != "RollingUpdate":
        return [not_supported(path, strategy, ["Recreate", "RollingUpdate"])]
    rolling = strategy.get("rollingUpdate")
    if rolling is None:
        return [required(f"{path}.rollingUpdate", "this should be defaulted and never be nil")]
    here = f"{path}.rollingUpdate"
    unavailable, surge = rolling.get("maxUnavailable", 0), rolling.get("maxSurge", 0)
    errs = _int_or_percent(unavailable, f"{here}.maxUnavailable")
    errs.extend(_int_or_percent(surge, f"{here}.maxSurge"))
    if _value(unavailable) == 0 and _value(surge) == 0:
        errs.append(invalid(f"{here}.maxUnavailable", int_or_string(unavailable),
                            "may not be 0 when `maxSurge` is 0"))
    errs.extend(_at_most_100_percent(unavailable, f"{here}.maxUnavailable"))
    return errs


def _int_or_percent(value, path: str) -> list[FieldError]:
    """ValidatePositiveIntOrPercent: `25%` or a non-negative integer."""
    if isinstance(value, str):
        return [invalid(path, int_or_string(value), msg) for msg in is_valid_percent(value)]
    return nonnegative(value, path)


def _value(value) -> int:
    """getIntOrPercentValue: `25%` → 25, 3 → 3 (a bad string counts as 0)."""
    if isinstance(value, str):
        return int(value[:-1]) if not is_valid_percent(value) else 0
    return value or 0


def _at_most_100_percent(value, path: str) -> list[FieldError]:
    if isinstance(value, str) and not is_valid_percent(value) and int(value[:-1]) > 100:
        return [invalid(path, int_or_string(value), "must not be greater than 100%")]
    return []


def validate_replica_set(obj: dict, old: dict | None) -> list[FieldError]:
    spec = obj.get("spec") or {}
    errs = _meta(obj, old, name_is_dns_subdomain)
    errs.extend(nonnegative(spec.get("replicas", 0), "spec.replicas"))
    errs.extend(nonnegative(spec.get("minReadySeconds", 0), "spec.minReadySeconds"))
    parsed, selector_errs = _selector(spec, "deployment", "spec")  # sic: upstream's wording
    errs.extend(selector_errs)
    if parsed is not None:
        errs.extend(_template_for_replicas(spec, parsed, "spec", "ReplicaSet"))
    return errs + _selector_immutable(obj, old)


def validate_replication_controller(obj: dict, old: dict | None) -> list[FieldError]:
    """ValidateReplicationControllerSpec: a plain map selector, never empty."""
    spec = obj.get("spec") or {}
    errs = _meta(obj, old, name_is_dns_subdomain)
    errs.extend(nonnegative(spec.get("minReadySeconds", 0), "spec.minReadySeconds"))
    if not spec.get("selector"):
        errs.append(required("spec.selector"))
    else:
        errs.extend(validate_labels(spec["selector"], "spec.selector"))
    errs.extend(nonnegative(spec.get("replicas", 0), "spec.replicas"))
    errs.extend(_template_for_replicas(spec, from_set(spec.get("selector")), "spec",
                                       "ReplicationController"))
    return errs


def validate_daemon_set(obj: dict, old: dict | None) -> list[FieldError]:
    spec = obj.get("spec") or {}
    errs = _meta(obj, old, name_is_dns_subdomain)
    selector = spec.get("selector")
    errs.extend(validate_label_selector(selector, "spec.selector"))
    try:
        parsed = from_label_selector(selector)
        if not parsed.matches(_template_labels(spec)):
            errs.append(invalid("spec.template.metadata.labels", _template_labels(spec),
                                SELECTOR_MISMATCH))
    except Exception:
        pass
    if selector is not None and not (selector.get("matchLabels") or
                                     selector.get("matchExpressions")):
        errs.append(invalid("spec.selector", selector, "empty selector is invalid for daemonset"))
    template = spec.get("template") or {}
    errs.extend(validate_pod_template(template, "spec.template"))
    errs.extend(_restart_always(template, "spec.template"))
    if (template.get("spec") or {}).get("activeDeadlineSeconds") is not None:
        errs.append(forbidden("spec.template.spec.activeDeadlineSeconds",
                              "activeDeadlineSeconds in DaemonSet is not Supported"))
    errs.extend(nonnegative(spec.get("minReadySeconds", 0), "spec.minReadySeconds"))
    errs.extend(_daemon_set_strategy(spec.get("updateStrategy") or {}, "spec.updateStrategy"))
    if spec.get("revisionHistoryLimit") is not None:
        errs.extend(nonnegative(spec["revisionHistoryLimit"], "spec.revisionHistoryLimit"))
    return errs + _selector_immutable(obj, old)


def _daemon_set_strategy(strategy: dict, path: str) -> list[FieldError]:
    kind = strategy.get("type") or ""
    if kind == "OnDelete":
        return []
    if kind != "RollingUpdate":
        return [not_supported(path, strategy, ["RollingUpdate", "OnDelete"])]
    rolling = strategy.get("rollingUpdate")
    if rolling is None:
        return [required(f"{path}.rollingUpdate")]
    here = f"{path}.rollingUpdate"
    unavailable, surge = rolling.get("maxUnavailable", 0), rolling.get("maxSurge", 0)
    errs = _int_or_percent(unavailable, f"{here}.maxUnavailable")
    errs.extend(_int_or_percent(surge, f"{here}.maxSurge"))
    errs.extend(_at_most_100_percent(unavailable, f"{here}.maxUnavailable"))
    errs.extend(_at_most_100_percent(surge, f"{here}.maxSurge"))
    if _value(unavailable) and _value(surge):
        errs.append(invalid(f"{here}.maxSurge", surge,
                            "may not be set when maxUnavailable is non-zero"))
    elif not _value(unavailable) and not _value(surge):
        errs.append(required(f"{here}.maxUnavailable", "cannot be 0 when maxSurge is 0"))
    return errs


def validate_stateful_set(obj: dict, old: dict | None) -> list[FieldError]:
    """StatefulSet names are DNS labels: each Pod's hostname is `<name>-<ordinal>`."""
    spec = obj.get("spec") or {}
    if old is None:
        errs = validate_object_meta(obj.get("metadata") or {}, True, name_is_dns_label)
    else:
        errs = validate_object_meta_update(obj.get("metadata") or {}, old.get("metadata") or {})
    policy = spec.get("podManagementPolicy") or ""
    if not policy:
        errs.append(required("spec.podManagementPolicy"))
    elif policy not in ("OrderedReady", "Parallel"):
        errs.append(invalid("spec.podManagementPolicy", policy,
                            "must be 'OrderedReady' or 'Parallel'"))
    strategy = spec.get("updateStrategy") or {}
    kind = strategy.get("type") or ""
    if not kind:
        errs.append(required("spec.updateStrategy"))
    elif kind == "OnDelete" and strategy.get("rollingUpdate") is not None:
        errs.append(invalid("spec.updateStrategy.rollingUpdate", strategy["rollingUpdate"],
                            "only allowed for updateStrategy 'RollingUpdate'"))
    elif kind == "RollingUpdate" and strategy.get("rollingUpdate") is not None:
        errs.extend(nonnegative(strategy["rollingUpdate"].get("partition", 0),
                                "spec.updateStrategy.rollingUpdate.partition"))
    elif kind not in ("OnDelete", "RollingUpdate"):
        errs.append(invalid("spec.updateStrategy", strategy,
                            "must be 'RollingUpdate' or 'OnDelete'"))
    retention = spec.get("persistentVolumeClaimRetentionPolicy") or {}
    for field in ("whenDeleted", "whenScaled"):
        if retention and retention.get(field) not in ("Retain", "Delete"):
            errs.append(not_supported(f"spec.persistentVolumeClaimRetentionPolicy.{field}",
                                      retention.get(field, ""), ["Retain", "Delete"]))
    errs.extend(nonnegative(spec.get("replicas", 0), "spec.replicas"))
    errs.extend(nonnegative(spec.get("minReadySeconds", 0), "spec.minReadySeconds"))
    parsed, selector_errs = _selector(spec, "statefulset", "spec")
    errs.extend(selector_errs)
    if parsed is not None and not parsed.empty and not parsed.matches(_template_labels(spec)):
        errs.append(invalid("spec.template.metadata.labels", _template_labels(spec),
                            SELECTOR_MISMATCH))
    meta = (spec.get("template") or {}).get("metadata") or {}
    errs.extend(validate_labels(meta.get("labels"), "spec.template.labels"))
    errs.extend(validate_annotations(meta.get("annotations"), "spec.template.annotations"))
    errs.extend(_restart_always(spec.get("template") or {}, "spec.template"))
    if ((spec.get("template") or {}).get("spec") or {}).get("activeDeadlineSeconds") is not None:
        errs.append(forbidden("spec.template.spec.activeDeadlineSeconds",
                              "activeDeadlineSeconds in StatefulSet is not Supported"))
    if old is not None:
        frozen = ("replicas", "template", "updateStrategy", "minReadySeconds", "ordinals",
                  "persistentVolumeClaimRetentionPolicy")
        if {k: v for k, v in spec.items() if k not in frozen} != \
                {k: v for k, v in (old.get("spec") or {}).items() if k not in frozen}:
            errs.append(forbidden("spec", "updates to statefulset spec for fields other than "
                                  "'replicas', 'ordinals', 'template', 'updateStrategy', "
                                  "'persistentVolumeClaimRetentionPolicy' and "
                                  "'minReadySeconds' are forbidden"))
    return errs


def _meta(obj: dict, old: dict | None, name_fn) -> list[FieldError]:
    if old is None:
        return validate_object_meta(obj.get("metadata") or {}, True, name_fn)
    return validate_object_meta_update(obj.get("metadata") or {}, old.get("metadata") or {})


def _selector_immutable(obj: dict, old: dict | None) -> list[FieldError]:
    """The apps/v1 strategies' ValidateUpdate: the selector may never change."""
    if old is None:
        return []
    return immutable((obj.get("spec") or {}).get("selector"),
                     (old.get("spec") or {}).get("selector"), "spec.selector")


def validate_controller_revision(obj: dict, old: dict | None) -> list[FieldError]:
    """ValidateControllerRevision(Update): `data: Required value: data is mandatory`, a
    non-negative revision; on update the data may not change."""
    errs = []
    if old is not None:
        errs = validate_object_meta_update(obj.get("metadata") or {}, old.get("metadata") or {})
    errs.extend(validate_object_meta(obj.get("metadata") or {}, True, name_is_dns_subdomain))
    if obj.get("data") is None:
        errs.append(required("data", "data is mandatory"))
    errs.extend(nonnegative(obj.get("revision", 0), "revision"))
    if old is not None:
        errs.extend(immutable(obj.get("data"), old.get("data"), "data"))
    return errs
