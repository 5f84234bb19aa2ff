"""A Pod's total requests and limits (pkg/api/v1/resource/helpers.go PodRequests, PodLimits).

What the Pod as a whole asks for: its containers summed; init containers run one at a
time before them, so each counts alone and the Pod needs the larger of the two; sidecars
(init containers with `restartPolicy: Always`) keep running, so they add up with both;
then `spec.overhead`. Example: containers of 250m and 250m with an init container of
1 make `requests.cpu` 1, not 1500m. Quantities keep their format (`600Mi` stays binary),
so quota status and `kubectl describe` print them as upstream does.
"""

from __future__ import annotations

from .quantity import Quantity


def add_resource_list(total: dict, resources: dict | None) -> None:
    """addResourceList: `total[name] += quantity` for every named resource."""
    for name, text in (resources or {}).items():
        q = text if isinstance(text, Quantity) else Quantity.parse(text)
        total[name] = total[name] + q if name in total else q


def max_resource_list(total: dict, other: dict) -> None:
    """maxResourceList: `total[name] = max(total[name], other[name])`."""
    for name, q in other.items():
        if name not in total or total[name] < q:
            total[name] = q


def aggregate_pod(spec: dict, resources_of, add, maximum) -> dict:
    """PodRequests' shape, before overhead, for any value type: containers summed;
    each init container with the sidecars started before it; sidecars added to the
    total; the larger of the two. `resources_of(container)` gives a container's
    resources; `add(total, other)` and `maximum(total, other)` combine them in place."""
    total: dict = {}
    for c in spec.get("containers") or []:
        add(total, resources_of(c))
    sidecars: dict = {}
    init_max: dict = {}
    for c in spec.get("initContainers") or []:
        own = resources_of(c)
        if c.get("restartPolicy") == "Always":   # a sidecar: it keeps running
            add(total, own)
            add(sidecars, own)
            candidate = dict(sidecars)
        else:
            candidate = dict(sidecars)
            add(candidate, own)
        maximum(init_max, candidate)
    maximum(total, init_max)
    return total


def _pod_resources(pod: dict, key: str) -> dict:
    spec = pod.get("spec", {})
    total = aggregate_pod(spec, lambda c: (c.get("resources") or {}).get(key) or {},
                          add_resource_list, max_resource_list)
    overhead = spec.get("overhead") or {}
    if key == "requests":
        add_resource_list(total, overhead)
    else:  # overhead counts only toward limits that are set at all
        add_resource_list(total, {n: t for n, t in overhead.items() if n in total})
    return total


def pod_requests_and_limits(pod: dict) -> tuple[dict, dict]:
    """(PodRequests, PodLimits) as {resource name: Quantity}."""
    return _pod_resources(pod, "requests"), _pod_resources(pod, "limits")
