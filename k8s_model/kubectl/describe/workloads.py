"""`kubectl describe` for the workload controllers (describe.go).

Each controller prints its selector, replica counts, `Pods Status` counted by phase
(only Pods whose controller ownerReference is this object), its Pod template, its
conditions and events. A Deployment also names its ReplicaSets:

    OldReplicaSets:  web-5d8f7c9b6 (0/0 replicas created)
    NewReplicaSet:   web-7d4b9c6f5 (3/3 replicas created)
"""

from __future__ import annotations

from k8s_model.api.duration import human_duration
from k8s_model.api.tables.common import format_label_selector, format_labels, selector_string
from k8s_model.kubectl.describe.pods import controlled_by, describe_pod_template
from k8s_model.kubectl.describe.writer import (PrefixWriter, describe_events,
                                               print_annotations_multiline,
                                               print_labels_multiline, rfc1123z, tabbed_string, v)
from k8s_model.sim import parse_timestamp


def pod_phase_counts(obj: dict, pods: list | None) -> tuple[int, int, int, int]:
    """getPodStatusForController: Running / Waiting (Pending) / Succeeded / Failed."""
    uid = obj["metadata"].get("uid")
    counts = {"Running": 0, "Pending": 0, "Succeeded": 0, "Failed": 0}
    for pod in pods or []:
        refs = pod.get("metadata", {}).get("ownerReferences") or []
        if not any(r.get("controller") and r.get("uid") == uid for r in refs):
            continue
        phase = pod.get("status", {}).get("phase")
        if phase in counts:
            counts[phase] += 1
    return counts["Running"], counts["Pending"], counts["Succeeded"], counts["Failed"]


def _pods_status(w: PrefixWriter, counts: tuple[int, int, int, int]) -> None:
    w.write(0, "Pods Status:\t%d Running / %d Waiting / %d Succeeded / %d Failed\n" % counts)


def _header(w: PrefixWriter, obj: dict) -> None:
    w.write(0, f"Name:\t{obj['metadata']['name']}\n")
    w.write(0, f"Namespace:\t{obj['metadata'].get('namespace', '')}\n")


def _conditions(w: PrefixWriter, conditions: list | None) -> None:
    if conditions:
        w.write(0, "Conditions:\n  Type\tStatus\tReason\n")
        w.write(1, "----\t------\t------\n")
        for c in conditions:
            w.write(1, f"{c.get('type', '')} \t{c.get('status', '')}\t{c.get('reason', '')}\n")


def _replica_sets(sets: list) -> str:
    text = ", ".join(f"{rs['metadata']['name']} ({rs.get('status', {}).get('replicas', 0)}/"
                     f"{rs.get('spec', {}).get('replicas', 1)} replicas created)" for rs in sets)
    return text or "<none>"


def describe_deployment(d: dict, events: list | None, related: dict, now: float) -> str:
    spec, status, meta = d.get("spec", {}), d.get("status", {}), d["metadata"]
    old = list(related.get("old_replicasets") or [])
    new = [related["new_replicaset"]] if related.get("new_replicaset") else []

    def body(w: PrefixWriter) -> None:
        _header(w, d)
        w.write(0, f"CreationTimestamp:\t{rfc1123z(meta.get('creationTimestamp'))}\n")
        print_labels_multiline(w, "Labels", meta.get("labels"))
        print_annotations_multiline(w, "Annotations", meta.get("annotations"))
        w.write(0, f"Selector:\t{selector_string(spec.get('selector'))}\n")
        w.write(0, f"Replicas:\t{spec.get('replicas', 1)} desired | {status.get('updatedReplicas', 0)} "
                   f"updated | {status.get('replicas', 0)} total | {status.get('availableReplicas', 0)} "
                   f"available | {status.get('unavailableReplicas', 0)} unavailable\n")
        strategy = spec.get("strategy") or {}
        w.write(0, f"StrategyType:\t{strategy.get('type', '')}\n")
        w.write(0, f"MinReadySeconds:\t{spec.get('minReadySeconds', 0)}\n")
        rolling = strategy.get("rollingUpdate")
        if rolling is not None:
            w.write(0, f"RollingUpdateStrategy:\t{rolling.get('maxUnavailable', 0)} max unavailable, "
                       f"{rolling.get('maxSurge', 0)} max surge\n")
        describe_pod_template(spec.get("template"), w)
        _conditions(w, status.get("conditions"))
        if old or new:
            w.write(0, f"OldReplicaSets:\t{_replica_sets(old)}\n")
            w.write(0, f"NewReplicaSet:\t{_replica_sets(new)}\n")
        describe_events(events, w, now)

    return tabbed_string(body)


def describe_replica_set(rs: dict, events: list | None, related: dict, now: float) -> str:
    spec, status, meta = rs.get("spec", {}), rs.get("status", {}), rs["metadata"]
    rc = rs.get("kind") == "ReplicationController"

    def body(w: PrefixWriter) -> None:
        _header(w, rs)
        selector = format_labels(spec.get("selector")) if rc \
            else format_label_selector(spec.get("selector"))
        w.write(0, f"Selector:\t{selector}\n")
        print_labels_multiline(w, "Labels", meta.get("labels"))
        print_annotations_multiline(w, "Annotations", meta.get("annotations"))
        controller = "" if rc else controlled_by(rs)
        if controller:
            w.write(0, f"Controlled By:\t{controller}\n")
        w.write(0, f"Replicas:\t{status.get('replicas', 0)} current / {spec.get('replicas', 1)} desired\n")
        _pods_status(w, pod_phase_counts(rs, related.get("pods")))
        describe_pod_template(spec.get("template"), w)
        _conditions(w, status.get("conditions"))
        describe_events(events, w, now)

    return tabbed_string(body)


def describe_daemon_set(ds: dict, events: list | None, related: dict, now: float) -> str:
    spec, status, meta = ds.get("spec", {}), ds.get("status", {}), ds["metadata"]

    def body(w: PrefixWriter) -> None:
        _header(w, ds)
        w.write(0, f"Selector:\t{selector_string(spec.get('selector'))}\n")
        node_selector = ((spec.get("template") or {}).get("spec") or {}).get("nodeSelector")
        w.write(0, f"Node-Selector:\t{format_labels(node_selector)}\n")
        print_labels_multiline(w, "Labels", meta.get("labels"))
        print_annotations_multiline(w, "Annotations", meta.get("annotations"))
        for label, key in (("Desired Number of Nodes Scheduled", "desiredNumberScheduled"),
                           ("Current Number of Nodes Scheduled", "currentNumberScheduled"),
                           ("Number of Nodes Scheduled with Up-to-date Pods", "updatedNumberScheduled"),
                           ("Number of Nodes Scheduled with Available Pods", "numberAvailable"),
                           ("Number of Nodes Misscheduled", "numberMisscheduled")):
            w.write(0, f"{label}: {status.get(key, 0)}\n")
        _pods_status(w, pod_phase_counts(ds, related.get("pods")))
        describe_pod_template(spec.get("template"), w)
        describe_events(events, w, now)

    return tabbed_string(body)


def _volume_claim_templates(templates: list | None, w: PrefixWriter) -> None:
    if not templates:
        w.write(0, "Volume Claims:\t<none>\n")
        return
    w.write(0, "Volume Claims:\n")
    for pvc in templates:
        meta, spec = pvc.get("metadata", {}), pvc.get("spec", {})
        beta = (meta.get("annotations") or {}).get("volume.beta.kubernetes.io/storage-class")
        w.write(1, f"Name:\t{meta.get('name', '')}\n")
        w.write(1, f"StorageClass:\t{beta if beta is not None else spec.get('storageClassName') or ''}\n")
        print_labels_multiline(w, "Labels", meta.get("labels"), initial_indent="  ")
        print_labels_multiline(w, "Annotations", meta.get("annotations"), initial_indent="  ")
        capacity = ((spec.get("resources") or {}).get("requests") or {}).get("storage", "<default>")
        w.write(1, f"Capacity:\t{capacity}\n")
        w.write(1, f"Access Modes:\t{v(spec.get('accessModes') or [])}\n")


def describe_stateful_set(sts: dict, events: list | None, related: dict, now: float) -> str:
    spec, status, meta = sts.get("spec", {}), sts.get("status", {}), sts["metadata"]

    def body(w: PrefixWriter) -> None:
        _header(w, sts)
        w.write(0, f"CreationTimestamp:\t{rfc1123z(meta.get('creationTimestamp'))}\n")
        w.write(0, f"Selector:\t{selector_string(spec.get('selector'))}\n")
        print_labels_multiline(w, "Labels", meta.get("labels"))
        print_annotations_multiline(w, "Annotations", meta.get("annotations"))
        w.write(0, f"Replicas:\t{spec.get('replicas', 1)} desired | {status.get('replicas', 0)} total\n")
        strategy = spec.get("updateStrategy") or {}
        w.write(0, f"Update Strategy:\t{strategy.get('type', '')}\n")
        rolling = strategy.get("rollingUpdate")
        if rolling is not None and rolling.get("partition") is not None:
            w.write(1, f"Partition:\t{rolling['partition']}\n")
            if rolling.get("maxUnavailable") is not None:
                w.write(1, f"MaxUnavailable:\t{rolling['maxUnavailable']}\n")
        _pods_status(w, pod_phase_counts(sts, related.get("pods")))
        describe_pod_template(spec.get("template"), w)
        _volume_claim_templates(spec.get("volumeClaimTemplates"), w)
        describe_events(events, w, now)

    return tabbed_string(body)


def _cap_indexes(indexes: str, soft_limit: int = 50) -> str:
    if not indexes:
        return "<none>"
    cut = indexes.find(",", soft_limit)
    return indexes if cut < 0 else indexes[:cut + 1] + "..."


def describe_job(job: dict, events: list | None, related: dict, now: float) -> str:
    spec, status, meta = job.get("spec", {}), job.get("status", {}), job["metadata"]

    def body(w: PrefixWriter) -> None:
        _header(w, job)
        w.write(0, f"Selector:\t{selector_string(spec.get('selector'))}\n")
        print_labels_multiline(w, "Labels", meta.get("labels"))
        print_annotations_multiline(w, "Annotations", meta.get("annotations"))
        controller = controlled_by(job)
        if controller:
            w.write(0, f"Controlled By:\t{controller}\n")
        if spec.get("parallelism") is not None:
            w.write(0, f"Parallelism:\t{spec['parallelism']}\n")
        w.write(0, f"Completions:\t{spec['completions'] if spec.get('completions') is not None else '<unset>'}\n")
        for label, key in (("Completion Mode", "completionMode"), ("Suspend", "suspend"),
                           ("Backoff Limit", "backoffLimit"),
                           ("TTL Seconds After Finished", "ttlSecondsAfterFinished")):
            if spec.get(key) is not None:
                w.write(0, f"{label}:\t{v(spec[key])}\n")
        if status.get("startTime"):
            w.write(0, f"Start Time:\t{rfc1123z(status['startTime'])}\n")
        if status.get("completionTime"):
            w.write(0, f"Completed At:\t{rfc1123z(status['completionTime'])}\n")
        if status.get("startTime") and status.get("completionTime"):
            took = parse_timestamp(status["completionTime"]) - parse_timestamp(status["startTime"])
            w.write(0, f"Duration:\t{human_duration(took)}\n")
        if spec.get("activeDeadlineSeconds") is not None:
            w.write(0, f"Active Deadline Seconds:\t{spec['activeDeadlineSeconds']}s\n")
        counts = (status.get("active", 0), status.get("succeeded", 0), status.get("failed", 0))
        if status.get("ready") is None:
            w.write(0, "Pods Statuses:\t%d Active / %d Succeeded / %d Failed\n" % counts)
        else:
            w.write(0, f"Pods Statuses:\t{counts[0]} Active ({status['ready']} Ready) / "
                       f"{counts[1]} Succeeded / {counts[2]} Failed\n")
        if spec.get("completionMode") == "Indexed":
            w.write(0, f"Completed Indexes:\t{_cap_indexes(status.get('completedIndexes', ''))}\n")
        describe_pod_template(spec.get("template"), w)
        describe_events(events, w, now)

    return tabbed_string(body)


def describe_cron_job(cj: dict, events: list | None, related: dict, now: float) -> str:
    spec, status, meta = cj.get("spec", {}), cj.get("status", {}), cj["metadata"]

    def unset(value, suffix: str = "") -> str:
        return "<unset>" if value is None else f"{value}{suffix}"

    def body(w: PrefixWriter) -> None:
        _header(w, cj)
        print_labels_multiline(w, "Labels", meta.get("labels"))
        print_annotations_multiline(w, "Annotations", meta.get("annotations"))
        w.write(0, f"Schedule:\t{spec.get('schedule', '')}\n")
        w.write(0, f"Concurrency Policy:\t{spec.get('concurrencyPolicy', '')}\n")
        suspend = spec.get("suspend")
        w.write(0, f"Suspend:\t{'<unset>' if suspend is None else ('True' if suspend else 'False')}\n")
        w.write(0, f"Successful Job History Limit:\t{unset(spec.get('successfulJobsHistoryLimit'))}\n")
        w.write(0, f"Failed Job History Limit:\t{unset(spec.get('failedJobsHistoryLimit'))}\n")
        w.write(0, f"Starting Deadline Seconds:\t{unset(spec.get('startingDeadlineSeconds'), 's')}\n")
        job_spec = (spec.get("jobTemplate") or {}).get("spec") or {}
        selector = job_spec.get("selector")
        w.write(0, f"Selector:\t{selector_string(selector) if selector is not None else '<unset>'}\n")
        w.write(0, f"Parallelism:\t{unset(job_spec.get('parallelism'))}\n")
        w.write(0, f"Completions:\t{unset(job_spec.get('completions'))}\n")
        if job_spec.get("activeDeadlineSeconds") is not None:
            w.write(0, f"Active Deadline Seconds:\t{job_spec['activeDeadlineSeconds']}s\n")
        describe_pod_template(job_spec.get("template"), w)
        last = status.get("lastScheduleTime")
        w.write(0, f"Last Schedule Time:\t{rfc1123z(last) if last else '<unset>'}\n")
        w.write(0, "Active Jobs:\t")
        active = status.get("active") or []
        if not active:
            w.write_line("<none>")
        else:
            w.write(0, ", ".join(ref.get("name", "") for ref in active))
            w.write_line("")
        describe_events(events, w, now)

    return tabbed_string(body)
