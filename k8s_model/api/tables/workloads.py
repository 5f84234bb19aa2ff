"""Tables for workload controllers and HPAs (printers.go).

    Deployment   NAME READY UP-TO-DATE AVAILABLE AGE        (READY = ready/desired)
    ReplicaSet   NAME DESIRED CURRENT READY AGE
    DaemonSet    NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE
    StatefulSet  NAME READY AGE
    ControllerRevision  NAME CONTROLLER REVISION AGE   (CONTROLLER = daemonset.apps/fluentd)
    Job          NAME STATUS COMPLETIONS DURATION AGE       (COMPLETIONS = 2/3, 0/1 of 4)
    CronJob      NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE
    HPA          NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE

`-o wide` adds CONTAINERS, IMAGES and SELECTOR for the controllers. A Job's
DURATION runs from startTime to completionTime, or to now while it runs.
"""

from __future__ import annotations

from k8s_model.api.duration import human_duration
from k8s_model.api.tables.common import (AGE, CONTAINERS, IMAGES, NAME, Column, Printer, age,
                                         doc, format_label_selector, format_labels,
                                         layout_container_cells, print_bool_ptr, selector_string,
                                         template_containers, timestamp,
                                         translate_timestamp_since, wide)


def _spec(obj: dict) -> dict:
    return obj.get("spec") or {}


def _status(obj: dict) -> dict:
    return obj.get("status") or {}


def _wide_template(obj: dict, selector: str) -> list:
    names, images = layout_container_cells(template_containers(obj))
    return [names, images, selector]


def deployment_cells(d: dict, now: float) -> list:
    spec, status = _spec(d), _status(d)
    return [d["metadata"]["name"], f"{status.get('readyReplicas', 0)}/{spec.get('replicas', 1)}",
            status.get("updatedReplicas", 0), status.get("availableReplicas", 0), age(d, now),
            *_wide_template(d, selector_string(spec.get("selector")))]


def replica_set_cells(rs: dict, now: float) -> list:
    spec, status = _spec(rs), _status(rs)
    return [rs["metadata"]["name"], spec.get("replicas", 1), status.get("replicas", 0),
            status.get("readyReplicas", 0), age(rs, now),
            *_wide_template(rs, format_label_selector(spec.get("selector")))]


def replication_controller_cells(rc: dict, now: float) -> list:
    spec, status = _spec(rc), _status(rc)
    return [rc["metadata"]["name"], spec.get("replicas", 1), status.get("replicas", 0),
            status.get("readyReplicas", 0), age(rc, now),
            *_wide_template(rc, format_labels(spec.get("selector")))]


def daemon_set_cells(ds: dict, now: float) -> list:
    status = _status(ds)
    node_selector = ((_spec(ds).get("template") or {}).get("spec") or {}).get("nodeSelector")
    return [ds["metadata"]["name"], status.get("desiredNumberScheduled", 0),
            status.get("currentNumberScheduled", 0), status.get("numberReady", 0),
            status.get("updatedNumberScheduled", 0), status.get("numberAvailable", 0),
            format_labels(node_selector), age(ds, now),
            *_wide_template(ds, format_label_selector(_spec(ds).get("selector")))]


def controller_revision_cells(cr: dict, now: float) -> list:
    """printControllerRevision: the controller as formatResourceName(GroupKind, name),
    `<none>` for an orphan."""
    controller = "<none>"
    for ref in cr["metadata"].get("ownerReferences") or []:
        if ref.get("controller"):
            group = ref.get("apiVersion", "").rpartition("/")[0]
            kind = f"{ref.get('kind', '')}.{group}" if group else ref.get("kind", "")
            controller = f"{kind.lower()}/{ref.get('name', '')}"
            break
    return [cr["metadata"]["name"], controller, cr.get("revision", 0), age(cr, now)]


def stateful_set_cells(sts: dict, now: float) -> list:
    return [sts["metadata"]["name"],
            f"{_status(sts).get('readyReplicas', 0)}/{_spec(sts).get('replicas', 1)}", age(sts, now),
            *_wide_template(sts, "")[:2]]


def _job_condition(job: dict, ctype: str) -> bool:
    for c in _status(job).get("conditions") or []:
        if c.get("type") == ctype:
            return c.get("status") == "True"
    return False


def job_status(job: dict) -> str:
    if _job_condition(job, "Complete"):
        return "Complete"
    if _job_condition(job, "Failed"):
        return "Failed"
    if job.get("metadata", {}).get("deletionTimestamp"):
        return "Terminating"
    if _job_condition(job, "Suspended"):
        return "Suspended"
    if _job_condition(job, "FailureTarget"):
        return "FailureTarget"
    return "Running"


def job_cells(job: dict, now: float) -> list:
    spec, status = _spec(job), _status(job)
    succeeded = status.get("succeeded", 0)
    if spec.get("completions") is not None:
        completions = f"{succeeded}/{spec['completions']}"
    elif (spec.get("parallelism") or 0) > 1:
        completions = f"{succeeded}/1 of {spec['parallelism']}"
    else:
        completions = f"{succeeded}/1"
    start, end = timestamp(status.get("startTime")), timestamp(status.get("completionTime"))
    duration = "" if start is None else human_duration((now if end is None else end) - start)
    return [job["metadata"]["name"], job_status(job), completions, duration, age(job, now),
            *_wide_template(job, format_label_selector(spec.get("selector")))]


def cron_job_cells(cj: dict, now: float) -> list:
    spec, status = _spec(cj), _status(cj)
    last = status.get("lastScheduleTime")
    job_spec = (spec.get("jobTemplate") or {}).get("spec") or {}
    names, images = layout_container_cells(((job_spec.get("template") or {}).get("spec") or {})
                                           .get("containers"))
    return [cj["metadata"]["name"], spec.get("schedule", ""), spec.get("timeZone") or "<none>",
            print_bool_ptr(spec.get("suspend")), len(status.get("active") or []),
            translate_timestamp_since(last, now) if last else "<none>", age(cj, now),
            names, images, format_label_selector(job_spec.get("selector"))]


def _q(value) -> str:
    """resource.Quantity's String(), which prints `<nil>` for a nil pointer."""
    return "<nil>" if value is None else str(value)


def _metric(spec: dict, status: dict | None) -> str:
    """One entry of formatHPAMetrics (autoscaling/v2 shapes): `cpu: 45%/80%`."""
    kind = spec.get("type")
    key = {"External": "external", "Pods": "pods", "Object": "object", "Resource": "resource",
           "ContainerResource": "containerResource"}.get(kind)
    if key is None:
        return "<unknown type>"
    source = spec.get(key) or {}
    target = source.get("target") or {}
    reported = (status or {}).get(key)          # this metric's status, if any
    current = (reported or {}).get("current") or {}
    if kind == "Pods":
        now = _q(current.get("averageValue")) if reported else "<unknown>"
        return f"{now}/{_q(target.get('averageValue'))}"
    if kind in ("External", "Object"):
        if target.get("averageValue") is not None:
            now = _q(current["averageValue"]) if current.get("averageValue") is not None \
                else "<unknown>"
            return f"{now}/{target['averageValue']} (avg)"
        now = _q(current.get("value")) if reported else "<unknown>"
        return f"{now}/{_q(target.get('value'))}"
    if target.get("averageValue") is not None:
        now = _q(current.get("averageValue")) if reported else "<unknown>"
        return f"{source.get('name')}: {now}/{target['averageValue']}"
    now = f"{current['averageUtilization']}%" if current.get("averageUtilization") is not None \
        else "<unknown>"
    goal = f"{target['averageUtilization']}%" if target.get("averageUtilization") is not None \
        else "<auto>"
    return f"{source.get('name')}: {now}/{goal}"


def format_hpa_metrics(specs: list | None, statuses: list | None) -> str:
    if not specs:
        return "<none>"
    statuses = statuses or []
    items = [_metric(s, statuses[i] if i < len(statuses) else None) for i, s in enumerate(specs)]
    text = ", ".join(items[:2])
    return f"{text} + {len(items) - 2} more..." if len(items) > 2 else text


def hpa_cells(hpa: dict, now: float) -> list:
    spec, status = _spec(hpa), _status(hpa)
    ref = spec.get("scaleTargetRef") or {}
    min_pods = spec.get("minReplicas")
    return [hpa["metadata"]["name"], f"{ref.get('kind', '')}/{ref.get('name', '')}",
            format_hpa_metrics(spec.get("metrics"), status.get("currentMetrics")),
            "<unset>" if min_pods is None else str(min_pods), spec.get("maxReplicas", 0),
            status.get("currentReplicas", 0), age(hpa, now)]


def _selector(description: str) -> Column:
    return wide("Selector", description)


PRINTERS = {
    "Deployment": Printer((
        NAME, Column("Ready", description="Number of the pod with ready state"),
        Column("Up-to-date", description=doc("deploy.status.updatedReplicas")),
        Column("Available", description=doc("deploy.status.availableReplicas")), AGE,
        CONTAINERS, IMAGES, _selector(doc("deploy.spec.selector"))), deployment_cells),
    "ReplicaSet": Printer((
        NAME, Column("Desired", "integer", doc("rs.spec.replicas")),
        Column("Current", "integer", doc("rs.status.replicas")),
        Column("Ready", "integer", doc("rs.status.readyReplicas")), AGE,
        CONTAINERS, IMAGES, _selector(doc("rs.spec.selector"))), replica_set_cells),
    "ReplicationController": Printer((
        NAME, Column("Desired", "integer", doc("rc.spec.replicas")),
        Column("Current", "integer", doc("rc.status.replicas")),
        Column("Ready", "integer", doc("rc.status.readyReplicas")), AGE,
        CONTAINERS, IMAGES, _selector(doc("rc.spec.selector"))), replication_controller_cells),
    "DaemonSet": Printer((
        NAME, Column("Desired", "integer", doc("ds.status.desiredNumberScheduled")),
        Column("Current", "integer", doc("ds.status.currentNumberScheduled")),
        Column("Ready", "integer", doc("ds.status.numberReady")),
        Column("Up-to-date", "integer", doc("ds.status.updatedNumberScheduled")),
        Column("Available", "integer", doc("ds.status.numberAvailable")),
        Column("Node Selector", description=doc("pod.spec.nodeSelector")), AGE,
        CONTAINERS, IMAGES, _selector(doc("ds.spec.selector"))), daemon_set_cells),
    "ControllerRevision": Printer((
        NAME, Column("Controller", description="Controller of the object"),
        Column("Revision", description=doc("cr.revision")), AGE), controller_revision_cells),
    "StatefulSet": Printer((
        NAME, Column("Ready", description="Number of the pod with ready state"), AGE,
        CONTAINERS, IMAGES), stateful_set_cells),
    "Job": Printer((
        NAME, Column("Status", description="Status of the job."),
        Column("Completions", description=doc("job.status.succeeded")),
        Column("Duration", description="Time required to complete the job."), AGE,
        CONTAINERS, IMAGES, _selector(doc("job.spec.selector"))), job_cells),
    "CronJob": Printer((
        NAME, Column("Schedule", description=doc("cj.spec.schedule")),
        Column("Timezone", description=doc("cj.spec.timeZone")),
        Column("Suspend", "boolean", doc("cj.spec.suspend")),
        Column("Active", "integer", doc("cj.status.active")),
        Column("Last Schedule", description=doc("cj.status.lastScheduleTime")), AGE,
        CONTAINERS, IMAGES, _selector(doc("job.spec.selector"))), cron_job_cells),
    "HorizontalPodAutoscaler": Printer((
        NAME, Column("Reference", description=doc("hpa.spec.scaleTargetRef")),
        Column("Targets", description=doc("hpa.spec.metrics")),
        Column("MinPods", description=doc("hpa.spec.minReplicas")),
        Column("MaxPods", description=doc("hpa.spec.maxReplicas")),
        Column("Replicas", description=doc("hpa.status.currentReplicas")), AGE), hpa_cells),
}
