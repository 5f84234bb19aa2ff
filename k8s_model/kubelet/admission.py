"""Pod admission on the node (pkg/kubelet/lifecycle/predicate.go, predicateAdmitHandler).

The scheduler already checked the Pod fits, but a Pod bound by hand (`nodeName` in
the manifest) skips it, and the scheduler's view can be stale. So before running a Pod
the kubelet re-runs the resource part of GeneralPredicates against its allocatable,
counting every Pod it already admitted: pods first, then cpu, memory, ephemeral
storage. The first shortfall rejects the Pod for good — phase Failed, reason
`OutOfcpu`, message `Pod was rejected: Node didn't have enough resource: cpu,
requested: 3000, used: 2000, capacity: 4000` (cpu in millicores, memory in bytes).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..api.quantity import parse_quantity

RESOURCES = ("cpu", "memory", "ephemeral-storage")
REASONS = {"cpu": "OutOfcpu", "memory": "OutOfmemory",
           "ephemeral-storage": "OutOfephemeral-storage", "pods": "OutOfpods"}


@dataclass(frozen=True)
class AdmitResult:
    admit: bool
    reason: str = ""
    message: str = ""


def _amount(resource: str, text) -> int:
    quantity = parse_quantity(str(text))
    return quantity.milli_value() if resource == "cpu" else quantity.value()


def pod_requests(pod: dict) -> dict[str, int]:
    """Sum of the containers' requests, or the largest init container's if larger
    (resourcehelper.PodRequests without overhead and pod-level resources)."""
    spec = pod.get("spec", {})
    total = dict.fromkeys(RESOURCES, 0)
    for container in spec.get("containers") or []:
        for name, value in ((container.get("resources") or {}).get("requests") or {}).items():
            if name in total:
                total[name] += _amount(name, value)
    for container in spec.get("initContainers") or []:
        for name, value in ((container.get("resources") or {}).get("requests") or {}).items():
            if name in total:
                total[name] = max(total[name], _amount(name, value))
    return total


def insufficient_resource(resource: str, requested: int, used: int, capacity: int) -> str:
    return (f"Node didn't have enough resource: {resource}, requested: {requested}, "
            f"used: {used}, capacity: {capacity}")


def can_admit_pod(pod: dict, other_pods: list[dict], node: dict) -> AdmitResult:
    allocatable = node.get("status", {}).get("allocatable", {})
    max_pods = int(allocatable.get("pods", "110"))
    if len(other_pods) + 1 > max_pods:
        return AdmitResult(False, REASONS["pods"],
                           insufficient_resource("pods", 1, len(other_pods), max_pods))
    wanted = pod_requests(pod)
    used = dict.fromkeys(RESOURCES, 0)
    for other in other_pods:
        for name, value in pod_requests(other).items():
            used[name] += value
    for name in RESOURCES:
        if wanted[name] == 0:
            continue
        capacity = _amount(name, allocatable.get(name, "0"))
        if wanted[name] > capacity - used[name]:
            return AdmitResult(False, REASONS[name],
                               insufficient_resource(name, wanted[name], used[name], capacity))
    return AdmitResult(True)
