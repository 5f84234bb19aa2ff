"""The LimitRanger admission plugin (plugin/pkg/admission/limitranger/admission.go).

A LimitRange gives a namespace default and bounding resources per container (or per Pod,
or per claim). The plugin works in both admission phases:

* mutating (`admit`) — a container that names no cpu limit gets `default.cpu`, no cpu
  request gets `defaultRequest.cpu`; the Pod is annotated
  `kubernetes.io/limit-ranger: LimitRanger plugin set: cpu request for container app`.
* validating (`validate`) — every container must lie within `min`/`max` and
  `maxLimitRequestRatio`; all violations are reported together, e.g.
  `pods "x" is forbidden: [maximum cpu usage per Container is 1, but limit is 2, ...]`.

Pod updates are skipped (containers' resources cannot change that way), so a new
LimitRange never touches running Pods. Example: with `default: {cpu: 1}` and
`defaultRequest: {cpu: 500m}`, a container asking `requests: {cpu: 750m}` ends up with
limit 1 and request 750m; one asking `limits: {cpu: 1}` got request 1 from the API
server's defaulting before LimitRanger ran, so `defaultRequest` does not apply.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import errors
from .quantity import Quantity
from .resource_helper import pod_requests_and_limits
from .resources import by_plural

if TYPE_CHECKING:
    from .server import APIServer

LIMIT_RANGER_ANNOTATION = "kubernetes.io/limit-ranger"
MAX_MILLI_VALUE = (2**63 - 1) // 1000


def limit_ranges(server: "APIServer", namespace: str) -> list[dict]:
    """The namespace's LimitRanges (the plugin's lister), by name."""
    prefix = by_plural("limitranges").prefix + namespace + "/"
    return [server.decode(kv) for kv in server.store.range(prefix)]


def forbidden(resource: str, obj: dict, message: str) -> errors.ApiError:
    """admission.NewForbidden: the object named by its name, else its generateName."""
    meta = obj.get("metadata") or {}
    name = meta.get("name") or meta.get("generateName") or "Unknown"
    return errors.forbidden_request(f'{resource} "{name}" is forbidden: {message}',
                                    resource, "", name)


def aggregate(messages: list[str]) -> str:
    """utilerrors.NewAggregate(...).Error(): one message alone, several in brackets."""
    unique = list(dict.fromkeys(messages))
    return unique[0] if len(unique) == 1 else "[" + ", ".join(unique) + "]"


# -- mutating: defaults ----------------------------------------------------------------------
def admit(server: "APIServer", pod: dict) -> None:
    for limit_range in limit_ranges(server, pod["metadata"]["namespace"]):
        default_requests, default_limits = {}, {}
        for item in (limit_range.get("spec") or {}).get("limits") or []:
            if item.get("type") == "Container":
                default_requests.update(item.get("defaultRequest") or {})
                default_limits.update(item.get("default") or {})
        merge_pod_resource_requirements(pod, default_requests, default_limits)


def merge_pod_resource_requirements(pod: dict, requests: dict, limits: dict) -> None:
    """mergePodResourceRequirements: fill what each container leaves out, and say so."""
    notes = []
    spec = pod.get("spec") or {}
    for kind, containers in (("container", spec.get("containers")),
                             ("init container", spec.get("initContainers"))):
        for container in containers or []:
            resources = container.setdefault("resources", {})
            set_limits = _fill(resources, "limits", limits)
            set_requests = _fill(resources, "requests", requests)
            name = container.get("name", "")
            if set_requests:
                notes.append(f"{', '.join(set_requests)} request for {kind} {name}")
            if set_limits:
                notes.append(f"{', '.join(set_limits)} limit for {kind} {name}")
    if notes:
        annotations = pod["metadata"].setdefault("annotations", {})
        annotations[LIMIT_RANGER_ANNOTATION] = "LimitRanger plugin set: " + "; ".join(notes)


def _fill(resources: dict, key: str, defaults: dict) -> list[str]:
    missing = sorted(name for name in defaults if name not in (resources.get(key) or {}))
    if missing:
        resources.setdefault(key, {}).update({name: defaults[name] for name in missing})
    return missing


# -- validating: min, max, ratio -------------------------------------------------------------
def validate(server: "APIServer", resource: str, obj: dict) -> None:
    for limit_range in limit_ranges(server, obj["metadata"]["namespace"]):
        items = (limit_range.get("spec") or {}).get("limits") or []
        messages = (pod_violations(items, obj) if resource == "pods"
                    else claim_violations(items, obj))
        if messages:
            raise forbidden(resource, obj, aggregate(messages))


def pod_violations(items: list[dict], pod: dict) -> list[str]:
    """PodValidateLimitFunc: containers one by one, or the Pod's sums for type Pod."""
    messages = []
    spec = pod.get("spec") or {}
    for item in items:
        if item.get("type") == "Container":
            for c in (spec.get("containers") or []) + (spec.get("initContainers") or []):
                resources = c.get("resources") or {}
                messages += _check(item, "Container", _q(resources.get("requests")),
                                   _q(resources.get("limits")))
        elif item.get("type") == "Pod":
            requests, limits = pod_requests_and_limits(pod)
            messages += _check(item, "Pod", requests, limits)
    return messages


def claim_violations(items: list[dict], claim: dict) -> list[str]:
    """PersistentVolumeClaimValidateLimitFunc: min and max on requests.storage only."""
    requests = _q((((claim.get("spec") or {}).get("resources") or {}).get("requests")))
    messages = []
    for item in items:
        if item.get("type") != "PersistentVolumeClaim":
            continue
        for name, value in sorted((item.get("min") or {}).items()):
            messages += _one(min_constraint("PersistentVolumeClaim", name, Quantity.parse(value),
                                            requests, {}))
        for name, value in sorted((item.get("max") or {}).items()):
            enforced, req = Quantity.parse(value), requests.get(name)
            if req is None:
                messages.append(f"maximum {name} usage per PersistentVolumeClaim is {enforced}.  "
                                "No request is specified")
            elif _values(req, None, enforced)[0] > _values(req, None, enforced)[2]:
                messages.append(f"maximum {name} usage per PersistentVolumeClaim is {enforced}, "
                                f"but request is {req}")
    return messages


def _q(resources: dict | None) -> dict:
    return {name: Quantity.parse(v) for name, v in (resources or {}).items()}


def _one(message: str | None) -> list[str]:
    return [message] if message else []


def _check(item: dict, kind: str, requests: dict, limits: dict) -> list[str]:
    # Upstream ranges over Go maps (random order); the model goes by resource name.
    out = []
    for name, value in sorted((item.get("min") or {}).items()):
        out += _one(min_constraint(kind, name, Quantity.parse(value), requests, limits))
    for name, value in sorted((item.get("max") or {}).items()):
        out += _one(max_constraint(kind, name, Quantity.parse(value), requests, limits))
    for name, value in sorted((item.get("maxLimitRequestRatio") or {}).items()):
        out += _one(ratio_constraint(kind, name, Quantity.parse(value), requests, limits))
    return out


def _values(request, limit, enforced) -> tuple[int, int, int]:
    """requestLimitEnforcedValues: compare in milli-units unless that would overflow."""
    zero = Quantity.from_int(0)
    request, limit = request or zero, limit or zero
    if max(request.value(), limit.value(), enforced.value()) <= MAX_MILLI_VALUE:
        return request.milli_value(), limit.milli_value(), enforced.milli_value()
    return request.value(), limit.value(), enforced.value()


def min_constraint(kind: str, name: str, enforced: Quantity, requests: dict,
                   limits: dict) -> str | None:
    req, lim = requests.get(name), limits.get(name)
    observed_req, observed_lim, value = _values(req, lim, enforced)
    if req is None:
        return f"minimum {name} usage per {kind} is {enforced}.  No request is specified"
    if observed_req < value:
        return f"minimum {name} usage per {kind} is {enforced}, but request is {req}"
    if lim is not None and observed_lim < value:
        return f"minimum {name} usage per {kind} is {enforced}, but limit is {lim}"
    return None


def max_constraint(kind: str, name: str, enforced: Quantity, requests: dict,
                   limits: dict) -> str | None:
    req, lim = requests.get(name), limits.get(name)
    observed_req, observed_lim, value = _values(req, lim, enforced)
    if lim is None:
        return f"maximum {name} usage per {kind} is {enforced}.  No limit is specified"
    if observed_lim > value:
        return f"maximum {name} usage per {kind} is {enforced}, but limit is {lim}"
    if req is not None and observed_req > value:
        return f"maximum {name} usage per {kind} is {enforced}, but request is {req}"
    return None


def ratio_constraint(kind: str, name: str, enforced: Quantity, requests: dict,
                     limits: dict) -> str | None:
    """limitRequestRatioConstraint: limit / request may not exceed the ratio; the
    message prints the observed ratio as Go's %f (`4.000000`)."""
    req, lim = requests.get(name), limits.get(name)
    observed_req, observed_lim, _ = _values(req, lim, enforced)
    prefix = f"{name} max limit to request ratio per {kind} is {enforced}"
    if req is None or observed_req == 0:
        return f"{prefix}, but no request is specified or request is 0"
    if lim is None or observed_lim == 0:
        return f"{prefix}, but no limit is specified or limit is 0"
    ratio = observed_lim / observed_req
    if enforced.value() <= MAX_MILLI_VALUE:
        exceeded = ratio * 1000 > enforced.milli_value()
    else:
        exceeded = ratio > enforced.value()
    return f"{prefix}, but provided ratio is {ratio:f}" if exceeded else None
