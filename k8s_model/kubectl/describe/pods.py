"""`kubectl describe pod` and the pod template shared by the controllers (describe.go).

describePod walks the Pod top to bottom: identity, node, times, status, then each
container (image, ports, command, state and last state, resources, probes, env,
mounts), conditions, volumes, QoS class, node selectors, tolerations, events.
Probes print as `http-get http://:8080/healthz delay=0s timeout=1s period=10s
#success=1 #failure=3`. A container template (in a Deployment) has no state.
"""

from __future__ import annotations

from k8s_model.api.quantity import Quantity
from k8s_model.api.tables.common import format_label_selector
from k8s_model.kubectl.describe.containers import describe_containers, describe_resources
from k8s_model.kubectl.describe.volumes import describe_volumes
from k8s_model.kubectl.describe.writer import (PrefixWriter, describe_events,
                                               print_annotations_multiline,
                                               print_labels_multiline,
                                               print_tolerations_multiline, rfc1123z, since,
                                               tabbed_string)


def describe_pod(pod: dict, events: list | None, now: float) -> str:
    meta, spec, status = pod["metadata"], pod.get("spec", {}), pod.get("status", {})

    def body(w: PrefixWriter) -> None:
        w.write(0, f"Name:\t{meta['name']}\n")
        w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
        if spec.get("priority") is not None:
            w.write(0, f"Priority:\t{spec['priority']}\n")
        if spec.get("priorityClassName"):
            w.write(0, f"Priority Class Name:\t{spec['priorityClassName']}\n")
        if spec.get("runtimeClassName"):
            w.write(0, f"Runtime Class Name:\t{spec['runtimeClassName']}\n")
        if spec.get("serviceAccountName"):
            w.write(0, f"Service Account:\t{spec['serviceAccountName']}\n")
        if spec.get("nodeName"):
            w.write(0, f"Node:\t{spec['nodeName']}/{status.get('hostIP', '')}\n")
        else:
            w.write(0, "Node:\t<none>\n")
        if status.get("startTime"):
            w.write(0, f"Start Time:\t{rfc1123z(status['startTime'])}\n")
        print_labels_multiline(w, "Labels", meta.get("labels"))
        print_annotations_multiline(w, "Annotations", meta.get("annotations"))
        if meta.get("deletionTimestamp") and status.get("phase") not in ("Failed", "Succeeded"):
            w.write(0, f"Status:\tTerminating (lasts {since(meta['deletionTimestamp'], now)})\n")
            w.write(0, f"Termination Grace Period:\t{meta.get('deletionGracePeriodSeconds', 0)}s\n")
        else:
            w.write(0, f"Status:\t{status.get('phase', '')}\n")
        if status.get("reason"):
            w.write(0, f"Reason:\t{status['reason']}\n")
        if status.get("message"):
            w.write(0, f"Message:\t{status['message']}\n")
        seccomp = (spec.get("securityContext") or {}).get("seccompProfile")
        if seccomp:
            w.write(0, f"SeccompProfile:\t{seccomp.get('type', '')}\n")
            if seccomp.get("type") == "Localhost":
                w.write(0, f"LocalhostProfile:\t{seccomp.get('localhostProfile', '')}\n")
        w.write(0, f"IP:\t{status.get('podIP', '')}\n")
        describe_pod_ips(pod, w, "")
        controller = controlled_by(pod)
        if controller:
            w.write(0, f"Controlled By:\t{controller}\n")
        if status.get("nominatedNodeName"):
            w.write(0, f"NominatedNodeName:\t{status['nominatedNodeName']}\n")
        if spec.get("resources") is not None:
            w.write(0, "Resources:\n")
            describe_resources(spec["resources"], w, 1)
        if spec.get("initContainers"):
            describe_containers("Init Containers", spec["initContainers"],
                                status.get("initContainerStatuses"), w, "", pod)
        describe_containers("Containers", spec.get("containers") or [],
                            status.get("containerStatuses"), w, "", pod)
        if spec.get("readinessGates"):
            w.write(0, "Readiness Gates:\n  Type\tStatus\n")
            for gate in spec["readinessGates"]:
                found = next((c.get("status", "") for c in status.get("conditions") or []
                              if c.get("type") == gate.get("conditionType")), "<none>")
                w.write(1, f"{gate.get('conditionType', '')} \t{found} \n")
        if status.get("conditions"):
            w.write(0, "Conditions:\n  Type\tStatus\n")
            for c in status["conditions"]:
                w.write(1, f"{c.get('type', '')} \t{c.get('status', '')} \n")
        describe_volumes(spec.get("volumes"), w, "")
        w.write(0, f"QoS Class:\t{status.get('qosClass') or compute_qos(pod)}\n")
        print_labels_multiline(w, "Node-Selectors", spec.get("nodeSelector"))
        print_tolerations_multiline(w, "Tolerations", spec.get("tolerations"))
        describe_topology_spread_constraints(spec.get("topologySpreadConstraints"), w, "")
        describe_events(events, w, now)

    return tabbed_string(body)


def controlled_by(obj: dict) -> str:
    """printController: `ReplicaSet/web-7d4b9c6f5` from the controller ownerReference."""
    for ref in obj.get("metadata", {}).get("ownerReferences") or []:
        if ref.get("controller"):
            return f"{ref.get('kind', '')}/{ref.get('name', '')}"
    return ""


def describe_pod_ips(pod: dict, w: PrefixWriter, space: str) -> None:
    ips = pod.get("status", {}).get("podIPs") or []
    if not ips:
        w.write(0, f"{space}IPs:\t<none>\n")
        return
    w.write(0, f"{space}IPs:\n")
    for ip in ips:
        w.write(1, f"IP:\t{ip.get('ip', '')}\n")


def describe_topology_spread_constraints(constraints: list | None, w: PrefixWriter,
                                         space: str) -> None:
    if not constraints:
        return
    w.write(0, f"{space}Topology Spread Constraints:\t")
    for i, tsc in enumerate(sorted(constraints, key=lambda c: c.get("topologyKey", ""))):
        if i:
            w.write(0, space)
            w.write(0, "\t")
        text = (f"{tsc.get('topologyKey', '')}:{tsc.get('whenUnsatisfiable', '')} "
                f"when max skew {tsc.get('maxSkew', 0)} is exceeded")
        if tsc.get("labelSelector") is not None:
            text += f" for selector {format_label_selector(tsc['labelSelector'])}"
        w.write(0, text + "\n")


# -- QoS (kubectl/pkg/util/qos) ----------------------------------------------------------
def compute_qos(pod: dict) -> str:
    """Guaranteed when every container limits cpu and memory and requests equal limits."""
    requests: dict[str, Quantity] = {}
    limits: dict[str, Quantity] = {}
    guaranteed = True
    spec = pod.get("spec", {})
    for container in (spec.get("containers") or []) + (spec.get("initContainers") or []):
        resources = container.get("resources") or {}
        for target, values in ((requests, resources.get("requests")), (limits, resources.get("limits"))):
            for name, text in (values or {}).items():
                q = Quantity.parse(text)
                if name in ("cpu", "memory") and q.sign() > 0:
                    target[name] = target[name] + q if name in target else q
        found = {n for n, t in (resources.get("limits") or {}).items()
                 if n in ("cpu", "memory") and Quantity.parse(t).sign() > 0}
        if not {"cpu", "memory"} <= found:
            guaranteed = False
    if not requests and not limits:
        return "BestEffort"
    if guaranteed and all(n in limits and limits[n] == q for n, q in requests.items()) \
            and len(requests) == len(limits):
        return "Guaranteed"
    return "Burstable"


# -- pod templates (DescribePodTemplate) -------------------------------------------------
def describe_pod_template(template: dict | None, w: PrefixWriter) -> None:
    w.write(0, "Pod Template:\n")
    if template is None:
        w.write(1, "<unset>")
        return
    meta, spec = template.get("metadata") or {}, template.get("spec") or {}
    print_labels_multiline(w, "  Labels", meta.get("labels"))
    if meta.get("annotations"):
        print_annotations_multiline(w, "  Annotations", meta["annotations"])
    if spec.get("serviceAccountName"):
        w.write(1, f"Service Account:\t{spec['serviceAccountName']}\n")
    if spec.get("initContainers"):
        describe_containers("Init Containers", spec["initContainers"], None, w, "  ", None)
    describe_containers("Containers", spec.get("containers") or [], None, w, "  ", None)
    describe_volumes(spec.get("volumes"), w, "  ")
    describe_topology_spread_constraints(spec.get("topologySpreadConstraints"), w, "  ")
    if spec.get("priorityClassName"):
        w.write(1, f"Priority Class Name:\t{spec['priorityClassName']}\n")
    print_labels_multiline(w, "  Node-Selectors", spec.get("nodeSelector"))
    print_tolerations_multiline(w, "  Tolerations", spec.get("tolerations"))
