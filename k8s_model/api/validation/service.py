"""Service validation (pkg/apis/core/validation/validation.go: ValidateService,
validateServicePort, ValidateServiceUpdate).

A Service's name must be a DNS-1035 label (it becomes a DNS name and, historically, an
environment variable prefix), so `2web` is refused while a Pod may be called that. Ports
are required unless the Service is headless or an ExternalName; with several ports each
needs a name. Once allocated, a ClusterIP never changes: `spec.clusterIPs[0]: Invalid
value: ["10.96.0.10"]: may not change once set`.
"""

from __future__ import annotations

import ipaddress

from ..errors import FieldError, duplicate, forbidden, invalid, not_supported, required
from ..names import is_dns1123_label, is_dns1123_subdomain, validate_labels
from .container import PORT_PROTOCOLS, port_num_or_name
from .meta import validate_object_meta, validate_object_meta_update
from .util import is_valid_port_num, name_is_dns1035_label

SERVICE_TYPES = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"]  # sorted set
SESSION_AFFINITIES = ["ClientIP", "None"]
TRAFFIC_POLICIES = ["Cluster", "Local"]
IP_FAMILY_POLICIES = ["PreferDualStack", "RequireDualStack", "SingleStack"]
MAX_CLIENT_IP_TIMEOUT = 86400
NODE_PORT_RANGE = (30000, 32767)


def _headless(spec: dict) -> bool:
    return spec.get("clusterIP") == "None" or (spec.get("clusterIPs") or [None])[0] == "None"


def _externally_accessible(spec: dict) -> bool:
    kind = spec.get("type")
    return kind in ("LoadBalancer", "NodePort") or (kind == "ClusterIP" and
                                                    bool(spec.get("externalIPs")))


def validate_service(svc: dict, old: dict | None) -> list[FieldError]:
    meta, spec = svc.get("metadata") or {}, svc.get("spec") or {}
    errs: list[FieldError] = []
    if old is not None:
        errs.extend(validate_object_meta_update(meta, old.get("metadata") or {}))
        errs.extend(_cluster_ips_update(spec, old.get("spec") or {}))
    errs.extend(validate_object_meta(meta, True, name_is_dns1035_label))
    kind, ports = spec.get("type") or "", spec.get("ports") or []
    if not ports and not _headless(spec) and kind != "ExternalName":
        errs.append(required("spec.ports"))
    cluster_ips = spec.get("clusterIPs") or ([spec["clusterIP"]] if spec.get("clusterIP") else [])
    if kind in ("LoadBalancer", "NodePort") and _headless(spec):
        errs.append(invalid("spec.clusterIPs[0]", "None",
                            f"may not be set to 'None' for {kind} services"))
    elif kind == "ExternalName":
        for field in ("clusterIPs", "ipFamilies", "ipFamilyPolicy"):
            if (cluster_ips if field == "clusterIPs" else spec.get(field)):
                errs.append(forbidden(f"spec.{field}", "may not be set for ExternalName services"))
        cname = (spec.get("externalName") or "").rstrip(".")
        if cname:
            errs.extend(invalid("spec.externalName", cname, m) for m in is_dns1123_subdomain(cname))
        else:
            errs.append(required("spec.externalName"))
    names: set[str] = set()
    for i, port in enumerate(ports):
        errs.extend(_port(port, len(ports) > 1, names, f"spec.ports[{i}]"))
    if spec.get("selector") is not None:
        errs.extend(validate_labels(spec["selector"], "spec.selector"))
    errs.extend(_session_affinity(spec))
    policy = spec.get("ipFamilyPolicy")
    if policy is not None and policy not in IP_FAMILY_POLICIES:
        errs.append(not_supported("spec.ipFamilyPolicy", policy, IP_FAMILY_POLICIES))
    for i, ip in enumerate(spec.get("externalIPs") or []):
        errs.extend(_ip(ip, f"spec.externalIPs[{i}]"))
    if not kind:
        errs.append(required("spec.type"))
    elif kind not in SERVICE_TYPES:
        errs.append(not_supported("spec.type", kind, SERVICE_TYPES))
    if kind == "ClusterIP":
        for i, port in enumerate(ports):
            if port.get("nodePort"):
                errs.append(forbidden(f"spec.ports[{i}].nodePort",
                                      "may not be used when `type` is 'ClusterIP'"))
    errs.extend(_duplicate_ports(ports))
    if spec.get("allocateLoadBalancerNodePorts") is not None and kind != "LoadBalancer":
        errs.append(forbidden("spec.allocateLoadBalancerNodePorts",
                              "may only be used when `type` is 'LoadBalancer'"))
    errs.extend(_traffic_policies(spec, kind))
    return errs


def _port(port: dict, require_name: bool, names: set[str], path: str) -> list[FieldError]:
    errs: list[FieldError] = []
    name = port.get("name") or ""
    if require_name and not name:
        errs.append(required(f"{path}.name"))
    elif name:
        errs.extend(invalid(f"{path}.name", name, msg) for msg in is_dns1123_label(name))
        if name in names:
            errs.append(duplicate(f"{path}.name", name))
        names.add(name)
    errs.extend(invalid(f"{path}.port", port.get("port", 0), msg)
                for msg in is_valid_port_num(port.get("port", 0)))
    protocol = port.get("protocol") or ""
    if not protocol:
        errs.append(required(f"{path}.protocol"))
    elif protocol not in PORT_PROTOCOLS:
        errs.append(not_supported(f"{path}.protocol", protocol, PORT_PROTOCOLS))
    errs.extend(port_num_or_name(port.get("targetPort", 0), f"{path}.targetPort"))
    return errs


def _duplicate_ports(ports: list) -> list[FieldError]:
    """(protocol, nodePort) and (protocol, port) pairs must be unique. Upstream shows the
    internal core.ServicePort struct as the value (Go field names, since it has no tags)."""
    errs: list[FieldError] = []
    node_ports, seen = set(), set()
    for i, port in enumerate(ports):
        if port.get("nodePort"):
            key = (port.get("protocol"), port["nodePort"])
            if key in node_ports:
                errs.append(duplicate(f"spec.ports[{i}].nodePort", port["nodePort"]))
            node_ports.add(key)
    for i, port in enumerate(ports):
        key = (port.get("protocol", ""), port.get("port", 0))
        if key in seen:
            errs.append(duplicate(f"spec.ports[{i}]", {
                "Name": "", "Protocol": key[0], "AppProtocol": None, "Port": key[1],
                "TargetPort": 0, "NodePort": 0}))
        seen.add(key)
    return errs


def _session_affinity(spec: dict) -> list[FieldError]:
    affinity = spec.get("sessionAffinity") or ""
    if not affinity:
        return [required("spec.sessionAffinity")]
    if affinity not in SESSION_AFFINITIES:
        return [not_supported("spec.sessionAffinity", affinity, SESSION_AFFINITIES)]
    config = spec.get("sessionAffinityConfig")
    if affinity == "None":
        if config is not None:
            return [forbidden("spec.sessionAffinityConfig",
                              "must not be set when session affinity is None")]
        return []
    path = "spec.sessionAffinityConfig"
    if config is None:
        return [required(path, "when session affinity type is ClientIP")]
    if config.get("clientIP") is None:
        return [required(f"{path}.clientIP", "when session affinity type is ClientIP")]
    timeout = config["clientIP"].get("timeoutSeconds")
    if timeout is None:
        return [required(f"{path}.clientIP.timeoutSeconds", "when session affinity type is ClientIP")]
    if not 0 < timeout <= MAX_CLIENT_IP_TIMEOUT:
        return [invalid(f"{path}.clientIP.timeoutSeconds", timeout,
                        f"must be greater than 0 and less than {MAX_CLIENT_IP_TIMEOUT}")]
    return []


def _ip(ip: str, path: str) -> list[FieldError]:
    try:
        ipaddress.ip_address(ip)
    except ValueError:
        return [invalid(path, ip, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)")]
    return []


def _traffic_policies(spec: dict, kind: str) -> list[FieldError]:
    errs: list[FieldError] = []
    external = spec.get("externalTrafficPolicy") or ""
    if not _externally_accessible(spec):
        if external:
            errs.append(invalid("spec.externalTrafficPolicy", external,
                                "may only be set for externally-accessible services"))
    elif not external:
        errs.append(required("spec.externalTrafficPolicy"))
    elif external not in TRAFFIC_POLICIES:
        errs.append(not_supported("spec.externalTrafficPolicy", external, TRAFFIC_POLICIES))
    internal = spec.get("internalTrafficPolicy")
    if internal is None and kind in ("ClusterIP", "NodePort", "LoadBalancer"):
        errs.append(required("spec.internalTrafficPolicy"))
    elif internal is not None and internal not in TRAFFIC_POLICIES:
        errs.append(not_supported("spec.internalTrafficPolicy", internal, TRAFFIC_POLICIES))
    return errs


def _cluster_ips_update(spec: dict, old: dict) -> list[FieldError]:
    """validateUpgradeDowngradeClusterIPs: an allocated ClusterIP may not change."""
    if "ExternalName" in (spec.get("type"), old.get("type")) or (_headless(spec) and _headless(old)):
        return []
    new_ips = spec.get("clusterIPs") or ([spec["clusterIP"]] if spec.get("clusterIP") else [])
    old_ips = old.get("clusterIPs") or ([old["clusterIP"]] if old.get("clusterIP") else [])
    if len(new_ips) == len(old_ips):
        return [invalid(f"spec.clusterIPs[{i}]", new_ips, "may not change once set")
                for i, ip in enumerate(old_ips) if ip != new_ips[i]]
    if not new_ips:
        return [invalid("spec.clusterIPs[0]", new_ips, "primary clusterIP can not be unset")]
    if new_ips[0] != old_ips[0]:
        return [invalid("spec.clusterIPs[0]", new_ips, "may not change once set")]
    return []


def node_port_errors(svc: dict, low: int = NODE_PORT_RANGE[0],
                     high: int = NODE_PORT_RANGE[1]) -> list[FieldError]:
    """What the NodePort allocator (pkg/registry/core/service/portallocator) refuses when a
    Service asks for a port outside --service-node-port-range (default 30000-32767)."""
    return [invalid(f"spec.ports[{i}].nodePort", port["nodePort"], "provided port is not in the "
                    f"valid range. The range of valid ports is {low}-{high}")
            for i, port in enumerate((svc.get("spec") or {}).get("ports") or [])
            if port.get("nodePort") and not low <= port["nodePort"] <= high]
