"""Container validation (pkg/apis/core/validation/validation.go: validateContainers,
validateContainerCommon, validateContainerPorts, validateProbe, validateResourceRequirements).

Checked in upstream's order, so a learner sees the same list of errors in the same order:
name and image, ports, env, volume mounts, pull policy, resources; then duplicate names,
lifecycle hooks and probes. Two classics: `spec.containers[0].image: Required value`, and
`spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to
cpu limit of 1`.
"""

from __future__ import annotations

from ..errors import (NOT_FOUND, FieldError, duplicate, forbidden, invalid, not_supported,
                      required)
from ..names import is_dns1123_label, is_qualified_name
from ..decoding import cached_quantity as parse_quantity
from ..quantity import QuantityError
from .util import IS_NEGATIVE, is_valid_port_name, is_valid_port_num, nonnegative

PORT_PROTOCOLS = ["SCTP", "TCP", "UDP"]  # sets.List: sorted
PULL_POLICIES = ["Always", "IfNotPresent", "Never"]
TERMINATION_MESSAGE_POLICIES = ["File", "FallbackToLogsOnError"]
HTTP_SCHEMES = ["HTTP", "HTTPS"]
_STANDARD_CONTAINER_RESOURCES = {"cpu", "memory", "ephemeral-storage"}
_STANDARD_RESOURCES = _STANDARD_CONTAINER_RESOURCES | {
    "requests.cpu", "requests.memory", "requests.ephemeral-storage", "limits.cpu",
    "limits.memory", "limits.ephemeral-storage", "pods", "services", "replicationcontrollers",
    "resourcequotas", "secrets", "configmaps", "persistentvolumeclaims", "storage",
    "requests.storage", "services.nodeports", "services.loadbalancers"}


def validate_containers(containers: list, volumes: set[str], path: str) -> list[FieldError]:
    if not containers:
        return [required(path)]
    errs: list[FieldError] = []
    names: set[str] = set()
    for i, ctr in enumerate(containers):
        here = f"{path}[{i}]"
        errs.extend(validate_container_common(ctr, volumes, here))
        if ctr.get("name", "") in names:
            errs.append(duplicate(f"{here}.name", ctr.get("name", "")))
        names.add(ctr.get("name", ""))
        lifecycle = ctr.get("lifecycle") or {}
        for hook in ("postStart", "preStop"):
            if lifecycle.get(hook) is not None:
                errs.extend(_handler(lifecycle[hook], f"{here}.lifecycle.{hook}"))
        for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
            if ctr.get(probe) is not None:
                errs.extend(_probe(ctr[probe], probe, f"{here}.{probe}"))
        if ctr.get("restartPolicy") is not None:
            errs.append(forbidden(f"{here}.restartPolicy", "may not be set for non-init containers"))
    errs.extend(_host_port_conflicts(containers, path))
    return errs


def validate_container_common(ctr: dict, volumes: set[str], path: str) -> list[FieldError]:
    errs: list[FieldError] = []
    name = ctr.get("name") or ""
    if not name:
        errs.append(required(f"{path}.name"))
    else:
        errs.extend(invalid(f"{path}.name", name, msg) for msg in is_dns1123_label(name))
    if not ctr.get("image"):
        errs.append(required(f"{path}.image"))
    policy = ctr.get("terminationMessagePolicy") or ""
    if not policy:
        errs.append(required(f"{path}.terminationMessagePolicy"))
    elif policy not in TERMINATION_MESSAGE_POLICIES:
        errs.append(not_supported(f"{path}.terminationMessagePolicy", policy,
                                  TERMINATION_MESSAGE_POLICIES))
    errs.extend(_ports(ctr.get("ports") or [], f"{path}.ports"))
    errs.extend(_env(ctr.get("env") or [], f"{path}.env"))
    errs.extend(_volume_mounts(ctr.get("volumeMounts") or [], volumes, f"{path}.volumeMounts"))
    pull = ctr.get("imagePullPolicy") or ""
    if not pull:
        errs.append(required(f"{path}.imagePullPolicy"))
    elif pull not in PULL_POLICIES:
        errs.append(not_supported(f"{path}.imagePullPolicy", pull, PULL_POLICIES))
    errs.extend(validate_resources(ctr.get("resources") or {}, f"{path}.resources"))
    return errs


def _ports(ports: list, path: str) -> list[FieldError]:
    errs: list[FieldError] = []
    names: set[str] = set()
    for i, port in enumerate(ports):
        here = f"{path}[{i}]"
        name = port.get("name") or ""
        if name:
            msgs = is_valid_port_name(name)
            if msgs:
                errs.extend(invalid(f"{here}.name", name, msg) for msg in msgs)
            elif name in names:
                errs.append(duplicate(f"{here}.name", name))
            names.add(name)
        container_port = port.get("containerPort", 0)
        if not container_port:
            errs.append(required(f"{here}.containerPort"))
        else:
            errs.extend(invalid(f"{here}.containerPort", container_port, msg)
                        for msg in is_valid_port_num(container_port))
        if port.get("hostPort"):
            errs.extend(invalid(f"{here}.hostPort", port["hostPort"], msg)
                        for msg in is_valid_port_num(port["hostPort"]))
        protocol = port.get("protocol") or ""
        if not protocol:
            errs.append(required(f"{here}.protocol"))
        elif protocol not in PORT_PROTOCOLS:
            errs.append(not_supported(f"{here}.protocol", protocol, PORT_PROTOCOLS))
    return errs


def _host_port_conflicts(containers: list, path: str) -> list[FieldError]:
    """AccumulateUniqueHostPorts: `TCP//8080` may appear once per Pod."""
    errs, seen = [], set()
    for ci, ctr in enumerate(containers):
        for pi, port in enumerate(ctr.get("ports") or []):
            if not port.get("hostPort"):
                continue
            key = f"{port.get('protocol', '')}/{port.get('hostIP', '')}/{port['hostPort']}"
            if key in seen:
                errs.append(duplicate(f"{path}[{ci}].ports[{pi}].hostPort", key))
            seen.add(key)
    return errs


def _env(env: list, path: str) -> list[FieldError]:
    """ValidateEnv with the relaxed names of v1.34+ (any printable ASCII but `=`)."""
    errs: list[FieldError] = []
    sources = ("fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef")
    for i, var in enumerate(env):
        here = f"{path}[{i}]"
        name = var.get("name") or ""
        if not name:
            errs.append(required(f"{here}.name"))
        elif "=" in name or any(not " " <= ch <= "~" for ch in name):
            errs.append(invalid(f"{here}.name", name, "a valid environment variable name must "
                                "consist only of printable ASCII characters other than '='"))
        value_from = var.get("valueFrom")
        if value_from is None:
            continue
        count = sum(1 for s in sources if value_from.get(s) is not None)
        if count == 0:
            errs.append(invalid(f"{here}.valueFrom", "", "must specify one of: `fieldRef`, "
                                "`resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"))
        elif var.get("value"):
            errs.append(invalid(f"{here}.valueFrom", "",
                                "may not be specified when `value` is not empty"))
        elif count > 1:
            errs.append(invalid(f"{here}.valueFrom", "",
                                "may not have more than one field specified at a time"))
    return errs


def _volume_mounts(mounts: list, volumes: set[str], path: str) -> list[FieldError]:
    errs: list[FieldError] = []
    paths: set[str] = set()
    for i, mount in enumerate(mounts):
        here = f"{path}[{i}]"
        name, mount_path = mount.get("name") or "", mount.get("mountPath") or ""
        if not name:
            errs.append(required(f"{here}.name"))
        if name not in volumes:
            errs.append(FieldError(NOT_FOUND, f"{here}.name", name))
        if not mount_path:
            errs.append(required(f"{here}.mountPath"))
        if mount_path in paths:
            errs.append(invalid(f"{here}.mountPath", mount_path, "must be unique"))
        paths.add(mount_path)
    return errs


def _handler(handler: dict, path: str) -> list[FieldError]:
    """validateHandler: exactly one of exec, httpGet, tcpSocket, grpc (sleep for hooks)."""
    errs: list[FieldError] = []
    count = 0
    for kind in ("exec", "httpGet", "tcpSocket", "grpc", "sleep"):
        action = handler.get(kind)
        if action is None:
            continue
        if count:
            errs.append(forbidden(f"{path}.{kind}", "may not specify more than 1 handler type"))
            continue
        count += 1
        here = f"{path}.{kind}"
        if kind == "exec" and not action.get("command"):
            errs.append(required(f"{here}.command"))
        elif kind == "httpGet":
            if not action.get("path"):
                errs.append(required(f"{here}.path"))
            errs.extend(port_num_or_name(action.get("port", 0), f"{here}.port"))
            if action.get("scheme") not in HTTP_SCHEMES:
                errs.append(not_supported(f"{here}.scheme", action.get("scheme", ""), HTTP_SCHEMES))
        elif kind in ("tcpSocket", "grpc"):
            errs.extend(port_num_or_name(action.get("port", 0), f"{here}.port"))
    if count == 0:
        errs.append(required(path, "must specify a handler type"))
    return errs


def _probe(probe: dict, kind: str, path: str) -> list[FieldError]:
    errs = _handler(probe, path)
    for field in ("initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold",
                  "failureThreshold"):
        errs.extend(nonnegative(probe.get(field, 0), f"{path}.{field}"))
    grace = probe.get("terminationGracePeriodSeconds")
    if grace is not None and grace <= 0:
        errs.append(invalid(f"{path}.terminationGracePeriodSeconds", grace, "must be greater than 0"))
    if kind in ("livenessProbe", "startupProbe") and probe.get("successThreshold", 0) != 1:
        errs.append(invalid(f"{path}.successThreshold", probe.get("successThreshold", 0), "must be 1"))
    if kind == "readinessProbe" and grace is not None:
        errs.append(invalid(f"{path}.terminationGracePeriodSeconds", grace,
                            "must not be set for readinessProbes"))
    return errs


def port_num_or_name(port, path: str) -> list[FieldError]:
    """ValidatePortNumOrName: an int-or-string port (`8080` or `http`)."""
    if isinstance(port, str):
        return [invalid(path, port, msg) for msg in is_valid_port_name(port)]
    return [invalid(path, port, msg) for msg in is_valid_port_num(port)]


def _overcommit_allowed(name: str) -> bool:
    native = "/" not in name or "kubernetes.io/" in name
    return native and not name.startswith("hugepages-")


def _resource_name(name: str, path: str) -> list[FieldError]:
    """validateContainerResourceName: `cpu`, `memory`, … or a fully qualified extended name."""
    errs = [invalid(path, name, msg) for msg in is_qualified_name(name)]
    if errs:
        return errs
    if "/" not in name:
        if name not in _STANDARD_RESOURCES and not name.startswith("hugepages-"):
            errs.append(invalid(path, name, "must be a standard resource type or fully qualified"))
        if name not in _STANDARD_CONTAINER_RESOURCES and not name.startswith("hugepages-"):
            errs.append(invalid(path, name, "must be a standard resource for containers"))
    return errs


def _quantity(value):
    try:
        return parse_quantity(value)
    except QuantityError:
        return None


def validate_resources(resources: dict, path: str) -> list[FieldError]:
    """validateResourceRequirements. Upstream walks Go maps; we walk keys sorted."""
    errs: list[FieldError] = []
    limits, requests = resources.get("limits") or {}, resources.get("requests") or {}
    for name in sorted(limits):
        errs.extend(_resource_name(name, f"{path}.limits[{name}]"))
        errs.extend(_quantity_value(name, limits[name], f"{path}.limits[{name}]"))
    for name in sorted(requests):
        here = f"{path}.requests[{name}]"
        errs.extend(_resource_name(name, here))
        errs.extend(_quantity_value(name, requests[name], here))
        request = _quantity(requests[name])
        limit = _quantity(limits[name]) if name in limits else None
        if name in limits and request is not None and limit is not None:
            if request != limit and not _overcommit_allowed(name):
                errs.append(invalid(f"{path}.requests", str(request),
                                    f"must be equal to {name} limit of {limit}"))
            elif limit < request:
                errs.append(invalid(f"{path}.requests", str(request),
                                    f"must be less than or equal to {name} limit of {limit}"))
        elif name not in limits and not _overcommit_allowed(name):
            errs.append(required(f"{path}.limits",
                                 "Limit must be set for non overcommitable resources"))
    return errs


def _quantity_value(name: str, value, path: str) -> list[FieldError]:
    quantity = _quantity(value)
    if quantity is None:
        return []
    errs = []
    if quantity.sign() < 0:
        errs.append(invalid(path, str(quantity), IS_NEGATIVE))
    integer_resource = "/" in name and "kubernetes.io/" not in name
    if integer_resource and quantity.milli_value() % 1000:
        errs.append(invalid(path, str(quantity), "must be an integer"))
    return errs
