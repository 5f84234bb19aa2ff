"""Defaulting for workload controllers (pkg/apis/apps/v1/defaults.go, batch/v1/defaults.go,
core/v1 SetDefaults_ReplicationController), and the Job strategy's selector generation.

A Deployment gets `replicas: 1`, a RollingUpdate strategy of 25%/25%,
`revisionHistoryLimit: 10` and `progressDeadlineSeconds: 600`; a DaemonSet rolls one node
at a time (maxUnavailable 1, maxSurge 0); a StatefulSet starts Pods in order
(OrderedReady) and keeps its volumes (Retain/Retain); a Job runs one Pod to one
completion with up to 6 retries. Every template gets the PodSpec defaults.
"""

from __future__ import annotations

from .pod_defaults import reorder, set_defaults_template

DEPLOYMENT_SPEC_ORDER = ("replicas", "selector", "template", "strategy", "minReadySeconds",
                         "revisionHistoryLimit", "paused", "progressDeadlineSeconds")
STATEFULSET_SPEC_ORDER = ("replicas", "selector", "template", "volumeClaimTemplates",
                          "serviceName", "podManagementPolicy", "updateStrategy",
                          "revisionHistoryLimit", "minReadySeconds",
                          "persistentVolumeClaimRetentionPolicy", "ordinals")
DAEMONSET_SPEC_ORDER = ("selector", "template", "updateStrategy", "minReadySeconds",
                        "revisionHistoryLimit")
REPLICA_SET_SPEC_ORDER = ("replicas", "minReadySeconds", "selector", "template")
JOB_SPEC_ORDER = ("parallelism", "completions", "activeDeadlineSeconds", "podFailurePolicy",
                  "successPolicy", "backoffLimit", "backoffLimitPerIndex", "maxFailedIndexes",
                  "selector", "manualSelector", "template", "ttlSecondsAfterFinished",
                  "completionMode", "suspend", "podReplacementPolicy", "managedBy")
CRONJOB_SPEC_ORDER = ("schedule", "timeZone", "startingDeadlineSeconds", "concurrencyPolicy",
                      "suspend", "jobTemplate", "successfulJobsHistoryLimit",
                      "failedJobsHistoryLimit")

def _spec(obj: dict) -> dict:
    return obj.setdefault("spec", {})


def deployment(obj: dict) -> None:
    spec = _spec(obj)
    spec.setdefault("replicas", 1)
    strategy = spec.setdefault("strategy", {})
    strategy.setdefault("type", "RollingUpdate")
    if strategy["type"] == "RollingUpdate":
        rolling = strategy.get("rollingUpdate") or {}
        strategy["rollingUpdate"] = rolling
        rolling.setdefault("maxUnavailable", "25%")
        rolling.setdefault("maxSurge", "25%")
        reorder(rolling, ("maxUnavailable", "maxSurge"))
    reorder(strategy, ("type", "rollingUpdate"))
    spec.setdefault("revisionHistoryLimit", 10)
    spec.setdefault("progressDeadlineSeconds", 600)
    set_defaults_template(spec.get("template"))
    reorder(spec, DEPLOYMENT_SPEC_ORDER)


def replica_set(obj: dict) -> None:
    spec = _spec(obj)
    spec.setdefault("replicas", 1)
    set_defaults_template(spec.get("template"))
    reorder(spec, REPLICA_SET_SPEC_ORDER)


def replication_controller(obj: dict) -> None:
    """SetDefaults_ReplicationController: selector and labels come from the template."""
    spec = _spec(obj)
    template = spec.get("template")
    labels = (template or {}).get("metadata", {}).get("labels")
    if labels is not None:
        if not spec.get("selector"):
            spec["selector"] = dict(labels)
        metadata = obj.setdefault("metadata", {})
        if not metadata.get("labels"):
            metadata["labels"] = dict(labels)
    spec.setdefault("replicas", 1)
    set_defaults_template(template)
    reorder(spec, REPLICA_SET_SPEC_ORDER)


def daemon_set(obj: dict) -> None:
    spec = _spec(obj)
    strategy = spec.setdefault("updateStrategy", {})
    strategy.setdefault("type", "RollingUpdate")
    if strategy["type"] == "RollingUpdate":
        rolling = strategy.get("rollingUpdate") or {}
        strategy["rollingUpdate"] = rolling
        rolling.setdefault("maxUnavailable", 1)
        rolling.setdefault("maxSurge", 0)
        reorder(rolling, ("maxUnavailable", "maxSurge"))
    reorder(strategy, ("type", "rollingUpdate"))
    spec.setdefault("revisionHistoryLimit", 10)
    set_defaults_template(spec.get("template"))
    reorder(spec, DAEMONSET_SPEC_ORDER)


def stateful_set(obj: dict) -> None:
    spec = _spec(obj)
    spec.setdefault("podManagementPolicy", "OrderedReady")
    strategy = spec.setdefault("updateStrategy", {})
    if not strategy.get("type"):
        strategy["type"] = "RollingUpdate"
        strategy.setdefault("rollingUpdate", {})  # only when the type itself was defaulted
    rolling = strategy.get("rollingUpdate")
    if strategy["type"] == "RollingUpdate" and rolling is not None:
        rolling.setdefault("partition", 0)
        reorder(rolling, ("partition", "maxUnavailable"))
    reorder(strategy, ("type", "rollingUpdate"))
    retention = spec.setdefault("persistentVolumeClaimRetentionPolicy", {})
    retention.setdefault("whenDeleted", "Retain")
    retention.setdefault("whenScaled", "Retain")
    reorder(retention, ("whenDeleted", "whenScaled"))
    spec.setdefault("replicas", 1)
    spec.setdefault("revisionHistoryLimit", 10)
    set_defaults_template(spec.get("template"))
    for claim in spec.get("volumeClaimTemplates") or ():
        # v1 conversion names the embedded claims' kind (apps/v1 conversion.go).
        claim.setdefault("apiVersion", "v1")
        claim.setdefault("kind", "PersistentVolumeClaim")
        claim.setdefault("spec", {}).setdefault("volumeMode", "Filesystem")
        claim.setdefault("status", {}).setdefault("phase", "Pending")
        reorder(claim, ("kind", "apiVersion", "metadata", "spec", "status"))
    reorder(spec, STATEFULSET_SPEC_ORDER)


def job(obj: dict) -> None:
    """SetDefaults_Job. `completions` is defaulted only together with `parallelism`:
    a work-queue Job (parallelism set, completions unset) keeps completions unset."""
    spec = _spec(obj)
    if spec.get("completions") is None and spec.get("parallelism") is None:
        spec["completions"] = 1
        spec["parallelism"] = 1
    spec.setdefault("parallelism", 1)
    if spec.get("backoffLimit") is None:
        spec["backoffLimit"] = 2**31 - 1 if spec.get("backoffLimitPerIndex") is not None else 6
    labels = ((spec.get("template") or {}).get("metadata") or {}).get("labels")
    metadata = obj.setdefault("metadata", {})
    if labels is not None and not metadata.get("labels"):
        metadata["labels"] = dict(labels)
    spec.setdefault("completionMode", "NonIndexed")
    spec.setdefault("suspend", False)
    for rule in (spec.get("podFailurePolicy") or {}).get("rules") or ():
        for pattern in rule.get("onPodConditions") or ():
            pattern.setdefault("status", "True")
    if spec.get("podReplacementPolicy") is None:
        spec["podReplacementPolicy"] = ("Failed" if spec.get("podFailurePolicy") is not None
                                        else "TerminatingOrFailed")
    spec.setdefault("manualSelector", False)
    set_defaults_template(spec.get("template"))
    reorder(spec, JOB_SPEC_ORDER)


def prepare_job_selector(job: dict) -> None:
    """The Job strategy's PrepareForCreate (generateSelector, pkg/registry/batch/job):
    unless `manualSelector` is true, label the template with the Job's name and uid
    (both the `batch.kubernetes.io/` labels and the legacy unprefixed ones) and select
    on `batch.kubernetes.io/controller-uid`. Call it once the server has set the uid.

    Defaulting runs again whenever the stored Job is read, so a Job without labels of
    its own then shows its template's labels; we apply that here once."""
    spec, metadata = _spec(job), job.setdefault("metadata", {})
    if spec.get("manualSelector"):
        return
    template = spec.setdefault("template", {})
    labels = template.setdefault("metadata", {}).get("labels")
    if labels is None:
        labels = template["metadata"]["labels"] = {}
    for key in ("job-name", "batch.kubernetes.io/job-name"):
        labels.setdefault(key, metadata.get("name", ""))
    for key in ("controller-uid", "batch.kubernetes.io/controller-uid"):
        labels.setdefault(key, metadata.get("uid", ""))
    selector = spec.get("selector") or {}
    spec["selector"] = selector
    selector.setdefault("matchLabels", {})
    selector["matchLabels"].setdefault("batch.kubernetes.io/controller-uid", metadata.get("uid", ""))
    if not metadata.get("labels"):
        metadata["labels"] = dict(labels)
    reorder(spec, JOB_SPEC_ORDER)


def cron_job(obj: dict) -> None:
    """SetDefaults_CronJob. The jobTemplate gets only the PodSpec defaults, not the Job's:
    backoffLimit and friends appear on each Job the controller creates."""
    spec = _spec(obj)
    spec.setdefault("concurrencyPolicy", "Allow")
    spec.setdefault("suspend", False)
    spec.setdefault("successfulJobsHistoryLimit", 3)
    spec.setdefault("failedJobsHistoryLimit", 1)
    job_template = spec.get("jobTemplate")
    if job_template is not None:
        job_template.setdefault("metadata", {})
        set_defaults_template((job_template.get("spec") or {}).get("template"))
        reorder(job_template, ("metadata", "spec"))
    reorder(spec, CRONJOB_SPEC_ORDER)


def pod_template(obj: dict) -> None:
    set_defaults_template(obj.get("template"))
