"""A Pod's quality-of-service class (pkg/apis/core/helper/qos/qos.go, ComputePodQOS).

Only cpu and memory count. No requests or limits anywhere: BestEffort (evicted first).
Every container (init containers too) limits both cpu and memory, and the summed
requests equal the summed limits: Guaranteed. Anything in between: Burstable. Example:
one container with `limits: {cpu: 500m, memory: 128Mi}` and no requests is Guaranteed,
because defaulting copied the limits into the requests; add a second container without
resources and the Pod becomes Burstable. Pod-level `spec.resources`, when set, decide alone.
"""

from __future__ import annotations

from .decoding import cached_quantity as parse_quantity
from .quantity import Quantity, QuantityError

_QOS_RESOURCES = ("cpu", "memory")


def pod_qos_class(pod: dict) -> str:
    """"Guaranteed", "Burstable" or "BestEffort" (what status.qosClass records)."""
    spec = pod.get("spec") or {}
    requests: dict[str, Quantity] = {}
    limits: dict[str, Quantity] = {}
    guaranteed = True
    if spec.get("resources") is not None:
        holders = [spec["resources"]]
    else:
        holders = [c.get("resources") or {} for c in
                   (spec.get("containers") or []) + (spec.get("initContainers") or [])]
    for resources in holders:
        _add_positive(resources.get("requests"), requests)
        found = _add_positive(resources.get("limits"), limits)
        if not set(_QOS_RESOURCES) <= found:
            guaranteed = False
    if not requests and not limits:
        return "BestEffort"
    if guaranteed and all(name in limits and limits[name] == value
                          for name, value in requests.items()):
        if len(requests) == len(limits):
            return "Guaranteed"
    return "Burstable"


def _add_positive(resources: dict | None, totals: dict[str, Quantity]) -> set[str]:
    """Sum the positive cpu/memory quantities into `totals`; return the names seen."""
    found = set()
    for name, text in (resources or {}).items():
        if name not in _QOS_RESOURCES:
            continue
        try:
            quantity = parse_quantity(text)
        except QuantityError:
            continue
        if quantity.sign() > 0:
            found.add(name)
            totals[name] = totals[name] + quantity if name in totals else quantity
    return found
