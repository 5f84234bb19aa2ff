"""`kubectl describe` for ResourceQuotas, HPAs, PersistentVolumes and claims (describe.go).

A quota shows used against hard per resource; an HPA each metric as
`( current / target )`:

    Metrics:                                               ( current / target )
      resource cpu on pods  (as a percentage of request):  23% (115m) / 50%
"""

from __future__ import annotations

from k8s_model.api.quantity import Quantity
from k8s_model.api.tables.core import access_modes
from k8s_model.kubectl.describe.writer import (PrefixWriter, describe_events,
                                               print_annotations_multiline,
                                               print_labels_multiline, rfc1123z, since,
                                               tabbed_string, v)

_SCOPE_HELP = {
    "Terminating": "Matches all pods that have an active deadline. These pods have a limited "
                   "lifespan on a node before being actively terminated by the system.",
    "NotTerminating": "Matches all pods that do not have an active deadline. These pods usually "
                      "include long running pods whose container command is not expected to terminate.",
    "BestEffort": "Matches all pods that do not have resource requirements set. These pods have a "
                  "best effort quality of service.",
    "NotBestEffort": "Matches all pods that have at least one resource requirement set. These pods "
                     "have a burstable or guaranteed quality of service.",
}


def describe_quota(quota: dict, events: list | None, related: dict, now: float) -> str:
    meta, status = quota["metadata"], quota.get("status", {})

    def body(w: PrefixWriter) -> None:
        w.write(0, f"Name:\t{meta['name']}\n")
        w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
        scopes = sorted((quota.get("spec") or {}).get("scopes") or [])
        if scopes:
            w.write(0, f"Scopes:\t{', '.join(scopes)}\n")
            for scope in scopes:
                if scope in _SCOPE_HELP:
                    w.write(0, f" * {_SCOPE_HELP[scope]}\n")
        w.write(0, "Resource\tUsed\tHard\n")
        w.write(0, "--------\t----\t----\n")
        hard, used = status.get("hard") or {}, status.get("used") or {}
        for name in sorted(hard):
            limit = Quantity.parse(hard[name])
            usage = Quantity.parse(used[name]) if name in used else Quantity.from_int(0)
            if usage.format != limit.format:
                usage = Quantity.from_int(usage.value(), limit.format)
            w.write(0, f"{name}\t{usage}\t{limit}\n")

    return tabbed_string(body)


def _hpa_metric(w: PrefixWriter, spec: dict, current: dict | None) -> None:
    kind = spec.get("type")
    if kind in ("Resource", "ContainerResource"):
        key = "resource" if kind == "Resource" else "containerResource"
        source, target = spec[key], spec[key].get("target") or {}
        status = ((current or {}).get(key) or {}).get("current") if current and current.get(key) else None
        label = f"resource {source.get('name', '')} on pods" if kind == "Resource" else \
            f"resource {source.get('name', '')} of container \"{source.get('container', '')}\" on pods"
        w.write(1, label)
        if target.get("averageValue") is not None:
            now = str((status or {}).get("averageValue")) if status is not None else "<unknown>"
            w.write(0, f":\t{now} / {target['averageValue']}\n")
        else:
            now = "<unknown>"
            if status is not None and status.get("averageUtilization") is not None:
                now = f"{status['averageUtilization']}% ({status.get('averageValue')})"
            goal = f"{target['averageUtilization']}%" if target.get("averageUtilization") is not None \
                else "<auto>"
            w.write(1, f"(as a percentage of request):\t{now} / {goal}\n")
    elif kind == "Pods":
        status = ((current or {}).get("pods") or {}).get("current") if current and current.get("pods") else None
        now = str((status or {}).get("averageValue")) if status is not None else "<unknown>"
        w.write(1, f"\"{spec['pods']['metric'].get('name', '')}\" on pods:\t{now} / "
                   f"{spec['pods']['target'].get('averageValue')}\n")
    else:
        w.write(1, f"<unknown metric type \"{kind}\">\n")


def describe_hpa(hpa: dict, events: list | None, related: dict, now: float) -> str:
    meta, spec, status = hpa["metadata"], hpa.get("spec", {}), hpa.get("status", {})
    ref = spec.get("scaleTargetRef") or {}

    def body(w: PrefixWriter) -> None:
        w.write(0, f"Name:\t{meta['name']}\n")
        w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
        print_labels_multiline(w, "Labels", meta.get("labels"))
        print_annotations_multiline(w, "Annotations", meta.get("annotations"))
        w.write(0, f"CreationTimestamp:\t{rfc1123z(meta.get('creationTimestamp'))}\n")
        w.write(0, f"Reference:\t{ref.get('kind', '')}/{ref.get('name', '')}\n")
        w.write(0, "Metrics:\t( current / target )\n")
        currents = status.get("currentMetrics") or []
        for i, metric in enumerate(spec.get("metrics") or []):
            _hpa_metric(w, metric, currents[i] if i < len(currents) else None)
        minimum = spec.get("minReplicas")
        w.write(0, f"Min replicas:\t{'<unset>' if minimum is None else minimum}\n")
        w.write(0, f"Max replicas:\t{spec.get('maxReplicas', 0)}\n")
        behavior = spec.get("behavior")
        if behavior is not None:
            w.write(0, "Behavior:\n")
            for title, key in (("Scale Up", "scaleUp"), ("Scale Down", "scaleDown")):
                rules = behavior.get(key)
                if rules is None:
                    continue
                w.write(1, f"{title}:\n")
                if rules.get("stabilizationWindowSeconds") is not None:
                    w.write(2, f"Stabilization Window: {rules['stabilizationWindowSeconds']} seconds\n")
                if rules.get("policies"):
                    w.write(2, f"Select Policy: {rules.get('selectPolicy') or 'Max'}\n")
                    w.write(2, "Policies:\n")
                    for p in rules["policies"]:
                        w.write(3, f"- Type: {p.get('type', '')}\tValue: {p.get('value', 0)}\t"
                                   f"Period: {p.get('periodSeconds', 0)} seconds\n")
        w.write(0, f"{ref.get('kind', '')} pods:\t")
        w.write(0, f"{status.get('currentReplicas', 0)} current / {status.get('desiredReplicas', 0)} desired\n")
        if status.get("conditions"):
            w.write(0, "Conditions:\n")
            w.write(1, "Type\tStatus\tReason\tMessage\n")
            w.write(1, "----\t------\t------\t-------\n")
            for c in status["conditions"]:
                w.write(1, f"{c.get('type', '')}\t{c.get('status', '')}\t{c.get('reason', '')}\t"
                           f"{c.get('message', '')}\n")
        describe_events(events, w, now)

    return tabbed_string(body)


def _storage_class(obj: dict) -> str:
    beta = (obj["metadata"].get("annotations") or {}).get("volume.beta.kubernetes.io/storage-class")
    return beta if beta is not None else (obj.get("spec", {}).get("storageClassName") or "")


def _node_affinity(w: PrefixWriter, affinity: dict | None) -> None:
    """printVolumeNodeAffinity: `Term 0:  kubernetes.io/hostname in [node-1]`."""
    w.write(0, "Node Affinity:\t")
    required = (affinity or {}).get("required")
    if required is None:
        w.write_line("<none>")
        return
    w.write_line("")
    w.write(1, "Required Terms:\t")
    terms = required.get("nodeSelectorTerms") or []
    if not terms:
        w.write_line("<none>")
        return
    w.write_line("")
    for i, term in enumerate(terms):
        w.write(2, f"Term {i}:\t")
        expressions = term.get("matchExpressions") or []
        if not expressions:
            w.write_line("<none>")
        for j, req in enumerate(expressions):
            if j:
                w.write(2, "\t")
            text = f"{req.get('key', '')} {req.get('operator', '').lower()}"
            if req.get("values"):
                text += f" [{', '.join(req['values'])}]"
            w.write(0, text + "\n")


def describe_pv(pv: dict, events: list | None, related: dict, now: float) -> str:
    meta, spec, status = pv["metadata"], pv.get("spec", {}), pv.get("status", {})

    def body(w: PrefixWriter) -> None:
        w.write(0, f"Name:\t{meta['name']}\n")
        print_labels_multiline(w, "Labels", meta.get("labels"))
        print_annotations_multiline(w, "Annotations", meta.get("annotations"))
        w.write(0, f"Finalizers:\t{v(meta.get('finalizers') or [])}\n")
        w.write(0, f"StorageClass:\t{_storage_class(pv)}\n")
        if meta.get("deletionTimestamp"):
            w.write(0, f"Status:\tTerminating (lasts {since(meta['deletionTimestamp'], now)})\n")
        else:
            w.write(0, f"Status:\t{status.get('phase', '')}\n")
        claim = spec.get("claimRef")
        w.write(0, f"Claim:\t{claim.get('namespace', '') + '/' + claim.get('name', '') if claim else ''}\n")
        w.write(0, f"Reclaim Policy:\t{spec.get('persistentVolumeReclaimPolicy', '')}\n")
        w.write(0, f"Access Modes:\t{access_modes(spec.get('accessModes'))}\n")
        if spec.get("volumeMode"):
            w.write(0, f"VolumeMode:\t{spec['volumeMode']}\n")
        w.write(0, f"Capacity:\t{Quantity.parse((spec.get('capacity') or {}).get('storage', '0'))}\n")
        _node_affinity(w, spec.get("nodeAffinity"))
        w.write(0, f"Message:\t{status.get('message', '')}\n")
        w.write(0, "Source:\n")
        if spec.get("hostPath") is not None:
            host = spec["hostPath"]
            w.write(2, "Type:\tHostPath (bare host directory volume)\n"
                       f"    Path:\t{host.get('path', '')}\n"
                       f"    HostPathType:\t{'<none>' if host.get('type') is None else host['type']}\n")
        elif spec.get("nfs") is not None:
            nfs = spec["nfs"]
            w.write(2, "Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n"
                       f"    Server:\t{nfs.get('server', '')}\n    Path:\t{nfs.get('path', '')}\n"
                       f"    ReadOnly:\t{'true' if nfs.get('readOnly') else 'false'}\n")
        elif spec.get("local") is not None:
            w.write(2, "Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n"
                       f"    Path:\t{spec['local'].get('path', '')}\n")
        else:
            w.write(1, "<unknown>\n")
        describe_events(events, w, now)

    return tabbed_string(body)


def describe_pvc(pvc: dict, events: list | None, related: dict, now: float) -> str:
    meta, spec, status = pvc["metadata"], pvc.get("spec", {}), pvc.get("status", {})
    users = sorted(p["metadata"]["name"] for p in related.get("pods") or []
                   if any((vol.get("persistentVolumeClaim") or {}).get("claimName") == meta["name"]
                          for vol in p.get("spec", {}).get("volumes") or []))

    def body(w: PrefixWriter) -> None:
        w.write(0, f"Name:\t{meta['name']}\n")
        w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
        w.write(0, f"StorageClass:\t{_storage_class(pvc)}\n")
        if meta.get("deletionTimestamp"):
            w.write(0, f"Status:\tTerminating (lasts {since(meta['deletionTimestamp'], now)})\n")
        else:
            w.write(0, f"Status:\t{status.get('phase', '')}\n")
        w.write(0, f"Volume:\t{spec.get('volumeName', '')}\n")
        print_labels_multiline(w, "Labels", meta.get("labels"))
        print_annotations_multiline(w, "Annotations", meta.get("annotations"))
        w.write(0, f"Finalizers:\t{v(meta.get('finalizers') or [])}\n")
        bound = bool(spec.get("volumeName"))
        capacity = str(Quantity.parse((status.get("capacity") or {}).get("storage", "0"))) if bound else ""
        w.write(0, f"Capacity:\t{capacity}\n")
        w.write(0, f"Access Modes:\t{access_modes(status.get('accessModes')) if bound else ''}\n")
        if spec.get("volumeMode"):
            w.write(0, f"VolumeMode:\t{spec['volumeMode']}\n")
        w.write(0, "Used By:\t")
        if not users:
            w.write_line("<none>")
        for i, name in enumerate(users):
            w.write(0, ("\t" if i else "") + f"{name}\n")
        describe_events(events, w, now)

    return tabbed_string(body)
