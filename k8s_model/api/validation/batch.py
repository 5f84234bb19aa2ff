"""Job and CronJob validation (pkg/apis/batch/validation/validation.go).

A Job's Pods must stop: `restartPolicy: Always` is refused with `spec.template.spec.
restartPolicy: Required value: valid values: "OnFailure", "Never"` (the same message as a
missing policy, since defaulting would have set Always). The Job's selector is generated
from its uid (see defaults.prepare_job_selector) and must match the template's labels.
A CronJob adds a schedule in cron syntax and a name of at most 52 characters, because
each Job it creates appends an 11-character `-<timestamp>`.
"""

from __future__ import annotations

from ..errors import FieldError, invalid, not_supported, required
from ..selectors import from_label_selector, validate_label_selector
from .cron import schedule_error
from .meta import validate_object_meta, validate_object_meta_update
from .pod import validate_pod_template
from .util import immutable, name_is_dns_subdomain, nonnegative

SELECTOR_MISMATCH = "`selector` does not match template `labels`"


def validate_job(job: dict, old: dict | None) -> list[FieldError]:
    """ValidateJob; on update the Job strategy appends ValidateJobUpdate's immutability."""
    meta, spec = job.get("metadata") or {}, job.get("spec") or {}
    errs = validate_object_meta(meta, True, name_is_dns_subdomain)
    errs.extend(_generated_selector(job))
    errs.extend(_job_spec(spec, "spec"))
    selector = spec.get("selector")
    if selector is None:
        errs.append(required("spec.selector"))
    else:
        errs.extend(validate_label_selector(selector, "spec.selector"))
    try:
        parsed = from_label_selector(selector)
        labels = ((spec.get("template") or {}).get("metadata") or {}).get("labels") or {}
        if not parsed.matches(labels):
            errs.append(invalid("spec.template.metadata.labels", labels, SELECTOR_MISMATCH))
    except Exception:
        pass
    if old is not None:
        old_spec = old.get("spec") or {}
        errs.extend(validate_object_meta_update(meta, old.get("metadata") or {}))
        errs.extend(immutable(spec.get("completions"), old_spec.get("completions"),
                              "spec.completions"))
        errs.extend(immutable(spec.get("selector"), old_spec.get("selector"), "spec.selector"))
        errs.extend(immutable(spec.get("template"), old_spec.get("template"), "spec.template"))
    return errs


def _generated_selector(job: dict) -> list[FieldError]:
    """validateGeneratedSelector: without manualSelector the labels must be the generated ones."""
    spec, meta = job.get("spec") or {}, job.get("metadata") or {}
    if spec.get("manualSelector") or spec.get("selector") is None:
        return []
    errs: list[FieldError] = []
    if not meta.get("uid"):
        errs.append(required("metadata.uid"))
    labels = ((spec.get("template") or {}).get("metadata") or {}).get("labels") or {}
    expected = {"controller-uid": meta.get("uid", ""), "job-name": meta.get("name", ""),
                "batch.kubernetes.io/controller-uid": meta.get("uid", ""),
                "batch.kubernetes.io/job-name": meta.get("name", "")}
    for key, want in expected.items():
        path = f"spec.template.metadata.labels[{key}]"
        if key not in labels:
            errs.append(required(path, f"must be '{want}'"))
        elif labels[key] != want:
            errs.append(invalid(path, labels, f"must be '{want}'"))
    try:
        if not from_label_selector(spec["selector"]).matches(expected):
            errs.append(invalid("spec.selector", spec["selector"], "`selector` not auto-generated"))
    except Exception:
        pass
    return errs


def _job_spec(spec: dict, path: str) -> list[FieldError]:
    """validateJobSpec: counts, completion mode, the template, and a restartPolicy that ends."""
    errs: list[FieldError] = []
    for field in ("parallelism", "completions", "activeDeadlineSeconds", "backoffLimit",
                  "ttlSecondsAfterFinished", "backoffLimitPerIndex", "maxFailedIndexes"):
        if spec.get(field) is not None:
            errs.extend(nonnegative(spec[field], f"{path}.{field}"))
    mode = spec.get("completionMode")
    if mode is not None:
        if mode not in ("NonIndexed", "Indexed"):
            errs.append(not_supported(f"{path}.completionMode", mode, ["NonIndexed", "Indexed"]))
        if mode == "Indexed" and spec.get("completions") is None:
            errs.append(required(f"{path}.completions", "when completion mode is Indexed"))
    policy = spec.get("podReplacementPolicy")
    if policy is not None and policy not in ("Failed", "TerminatingOrFailed"):
        errs.append(not_supported(f"{path}.podReplacementPolicy", policy,
                                  ["Failed", "TerminatingOrFailed"]))
    template = spec.get("template") or {}
    errs.extend(validate_pod_template(template, f"{path}.template"))
    restart = (template.get("spec") or {}).get("restartPolicy") or ""
    here = f"{path}.template.spec.restartPolicy"
    if restart in ("Always", ""):
        errs.append(required(here, 'valid values: "OnFailure", "Never"'))
    elif restart not in ("OnFailure", "Never"):
        errs.append(not_supported(here, restart, ["OnFailure", "Never"]))
    elif spec.get("podFailurePolicy") is not None and restart != "Never":
        errs.append(invalid(here, restart, 'only "Never" is supported when podFailurePolicy '
                                           "is specified"))
    return errs


def validate_cron_job(cron_job: dict, old: dict | None) -> list[FieldError]:
    meta, spec = cron_job.get("metadata") or {}, cron_job.get("spec") or {}
    if old is None:
        errs = validate_object_meta(meta, True, name_is_dns_subdomain)
    else:
        errs = validate_object_meta_update(meta, old.get("metadata") or {})
    schedule = spec.get("schedule") or ""
    if not schedule:
        errs.append(required("spec.schedule"))
    else:
        problem = schedule_error(schedule)
        if problem:
            errs.append(invalid("spec.schedule", schedule, problem))
        old_schedule = ((old or {}).get("spec") or {}).get("schedule") or ""
        if "TZ" in schedule and "TZ" not in old_schedule:
            errs.append(invalid("spec.schedule", schedule,
                                "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"))
    if spec.get("startingDeadlineSeconds") is not None:
        errs.extend(nonnegative(spec["startingDeadlineSeconds"], "spec.startingDeadlineSeconds"))
    policy = spec.get("concurrencyPolicy") or ""
    if not policy:
        errs.append(required("spec.concurrencyPolicy"))
    elif policy not in ("Allow", "Forbid", "Replace"):
        errs.append(not_supported("spec.concurrencyPolicy", policy, ["Allow", "Forbid", "Replace"]))
    job_spec = (spec.get("jobTemplate") or {}).get("spec") or {}
    errs.extend(_job_spec(job_spec, "spec.jobTemplate.spec"))
    if job_spec.get("selector") is not None:
        errs.append(invalid("spec.jobTemplate.spec.selector", job_spec["selector"],
                            "`selector` will be auto-generated"))
    if job_spec.get("manualSelector"):
        errs.append(not_supported("spec.jobTemplate.spec.manualSelector", True, ["nil", "false"]))
    for field in ("successfulJobsHistoryLimit", "failedJobsHistoryLimit"):
        if spec.get(field) is not None:
            errs.extend(nonnegative(spec[field], f"spec.{field}"))
    if old is None and len(meta.get("name") or "") > 52:
        errs.append(invalid("metadata.name", meta["name"], "must be no more than 52 characters"))
    return errs
