"""The remaining kinds' validation: Namespace, ConfigMap, Secret, Node, ServiceAccount,
PersistentVolumeClaim, StorageClass, Ingress, HorizontalPodAutoscaler, RBAC, Lease, Event,
Endpoints, EndpointSlice (each kind's pkg/apis/<group>/validation).

Mostly the metadata rules with the kind's own name rule (a Namespace is a DNS label,
RBAC objects only need a path segment), plus the few fields learners trip over: ConfigMap
and Secret keys, an Ingress path's required `pathType`, an HPA's replica bounds.
"""

from __future__ import annotations

import re

from ..errors import (FieldError, duplicate, forbidden, invalid, not_supported, required,
                      too_long)
from ..names import (is_dns1035_label, is_ip, is_dns1123_subdomain, is_wildcard_dns1123_subdomain,
                     regex_error)
from .meta import STANDARD_FINALIZERS, validate_object_meta, validate_object_meta_update
from .util import (immutable, is_config_map_key, is_valid_port_name, is_valid_port_num,
                   name_is_dns_label, name_is_dns_subdomain, name_is_path_segment)

MAX_SECRET_SIZE = 1024 * 1024
PATH_TYPES = ["Exact", "ImplementationSpecific", "Prefix"]


def _meta(obj: dict, old: dict | None, namespaced: bool, name_fn) -> list[FieldError]:
    errs = []
    if old is not None:
        errs = validate_object_meta_update(obj.get("metadata") or {}, old.get("metadata") or {})
    return errs + validate_object_meta(obj.get("metadata") or {}, namespaced, name_fn)


def validate_namespace(ns: dict, old: dict | None) -> list[FieldError]:
    if old is not None:  # ValidateNamespaceUpdate checks metadata only
        return validate_object_meta_update(ns.get("metadata") or {}, old.get("metadata") or {})
    errs = validate_object_meta(ns.get("metadata") or {}, False, name_is_dns_label)
    for finalizer in (ns.get("spec") or {}).get("finalizers") or []:
        if "/" not in finalizer and finalizer not in STANDARD_FINALIZERS:
            errs.append(invalid("spec.finalizers", finalizer, "name is neither a standard "
                                "finalizer name nor is it fully qualified"))
    return errs


def _keys(data: dict | None, path: str) -> list[FieldError]:
    return [invalid(f"{path}[{key}]", key, msg)
            for key in sorted(data or {}) for msg in is_config_map_key(key)]


def validate_config_map(cm: dict, old: dict | None) -> list[FieldError]:
    errs = _immutable_data(cm, old, ("data", "binaryData"))
    errs.extend(_meta(cm, old, True, name_is_dns_subdomain))
    errs.extend(_keys(cm.get("data"), "data"))
    for key in sorted(cm.get("data") or {}):
        if key in (cm.get("binaryData") or {}):
            errs.append(invalid(f"data[{key}]", key, "duplicate of key present in binaryData"))
    errs.extend(_keys(cm.get("binaryData"), "binaryData"))
    return errs


def validate_secret(secret: dict, old: dict | None) -> list[FieldError]:
    errs = _immutable_data(secret, old, ("data",))
    if old is not None and secret.get("type") != old.get("type"):
        errs.append(invalid("type", secret.get("type"), "field is immutable"))
    errs.extend(_meta(secret, old, True, name_is_dns_subdomain))
    errs.extend(_keys(secret.get("data"), "data"))
    kind, data = secret.get("type") or "", secret.get("data") or {}
    needed = {"kubernetes.io/tls": ("tls.crt", "tls.key"),
              "kubernetes.io/dockerconfigjson": (".dockerconfigjson",),
              "kubernetes.io/ssh-auth": ("ssh-privatekey",)}.get(kind, ())
    errs.extend(required(f"data[{key}]") for key in needed if key not in data)
    if kind == "kubernetes.io/basic-auth" and "username" not in data and "password" not in data:
        errs.extend([required("data[username]"), required("data[password]")])
    return errs


def _immutable_data(obj: dict, old: dict | None, fields: tuple[str, ...]) -> list[FieldError]:
    if old is None or not old.get("immutable"):
        return []
    errs = []
    if not obj.get("immutable"):
        errs.append(forbidden("immutable", "field is immutable when `immutable` is set"))
    errs.extend(forbidden(f, "field is immutable when `immutable` is set")
                for f in fields if obj.get(f) != old.get(f))
    return errs


def validate_pvc(pvc: dict, old: dict | None) -> list[FieldError]:
    errs = _meta(pvc, old, True, name_is_dns_subdomain)
    spec = pvc.get("spec") or {}
    if not spec.get("accessModes"):
        errs.append(required("spec.accessModes", "at least 1 access mode is required"))
    if not ((spec.get("resources") or {}).get("requests") or {}).get("storage"):
        errs.append(required("spec.resources[storage]"))
    return errs


INVALID_PATH_SEQUENCES = ("//", "/./", "/../", "%2f", "%2F")
INVALID_PATH_SUFFIXES = ("/..", "/.")
INGRESS_CLASS_ANNOTATION = "kubernetes.io/ingress.class"


def validate_ingress(ing: dict, old: dict | None) -> list[FieldError]:
    """ValidateIngressCreate/Update (pkg/apis/networking/validation): rules or a default
    backend, hosts that are DNS names (a wildcard only as a whole first label), every
    path with its pathType, every backend a Service (name and port) or a resource."""
    errs = _meta(ing, old, True, name_is_dns_subdomain)
    spec = ing.get("spec") or {}
    rules = spec.get("rules") or []
    if not rules and spec.get("defaultBackend") is None:
        errs.append(invalid("spec", spec.get("rules"),
                            "either `defaultBackend` or `rules` must be specified"))
    if spec.get("defaultBackend") is not None:
        errs.extend(_ingress_backend(spec["defaultBackend"], "spec.defaultBackend"))
    for i, rule in enumerate(rules):
        host = rule.get("host") or ""
        if host:
            if is_ip(host):
                errs.append(invalid(f"spec.rules[{i}].host", host,
                                    "must be a DNS name, not an IP address"))
            msgs = (is_wildcard_dns1123_subdomain(host) if "*" in host
                    else is_dns1123_subdomain(host))
            errs.extend(invalid(f"spec.rules[{i}].host", host, msg) for msg in msgs)
        if rule.get("http") is None:
            continue
        paths = rule["http"].get("paths") or []
        if not paths:
            errs.append(required(f"spec.rules[{i}].http.paths"))
        for j, path in enumerate(paths):
            errs.extend(_ingress_path(path, f"spec.rules[{i}].http.paths[{j}]"))
    for i, tls in enumerate(spec.get("tls") or []):
        for j, host in enumerate(tls.get("hosts") or []):
            msgs = (is_wildcard_dns1123_subdomain(host) if "*" in host
                    else is_dns1123_subdomain(host))
            errs.extend(invalid(f"spec.tls[{i}].hosts[{j}]", host, msg) for msg in msgs)
    if spec.get("ingressClassName") is not None:
        errs.extend(invalid("spec.ingressClassName", spec["ingressClassName"], msg)
                    for msg in name_is_dns_subdomain(spec["ingressClassName"]))
    annotations = (ing.get("metadata") or {}).get("annotations") or {}
    if old is None and INGRESS_CLASS_ANNOTATION in annotations and spec.get("ingressClassName"):
        errs.append(invalid(f"annotations.{INGRESS_CLASS_ANNOTATION}",   # sic: no "metadata."
                            annotations[INGRESS_CLASS_ANNOTATION],
                            "can not be set when the class field is also set"))
    return errs



def _ingress_path(path: dict, here: str) -> list[FieldError]:
    """validateHTTPIngressPath."""
    kind, value = path.get("pathType"), path.get("path") or ""
    if kind is None:
        return [required(f"{here}.pathType", "pathType must be specified")]
    errs = []
    if kind in ("Exact", "Prefix"):
        if not value.startswith("/"):
            errs.append(invalid(f"{here}.path", value, "must be an absolute path"))
        errs.extend(invalid(f"{here}.path", value, f"must not contain '{seq}'")
                    for seq in INVALID_PATH_SEQUENCES if seq in value)
        errs.extend(invalid(f"{here}.path", value, f"cannot end with '{suffix}'")
                    for suffix in INVALID_PATH_SUFFIXES if value.endswith(suffix))
    elif kind == "ImplementationSpecific":
        if value and not value.startswith("/"):
            errs.append(invalid(f"{here}.path", value, "must be an absolute path"))
    else:
        errs.append(not_supported(f"{here}.pathType", kind, PATH_TYPES))
    return errs + _ingress_backend(path.get("backend") or {}, f"{here}.backend")


def _ingress_backend(backend: dict, here: str) -> list[FieldError]:
    """validateIngressBackend: a Service (name, and a port name or number) or a resource."""
    service, resource = backend.get("service"), backend.get("resource")
    if service is not None and resource is not None:
        return [invalid(here, "", "cannot set both resource and service backends")]
    if resource is not None:
        errs = []
        for field in ("kind", "name"):
            if not resource.get(field):
                errs.append(required(f"{here}.resource.{field}", f"{field} is required"))
        return errs
    if service is None:
        return [invalid(here, "", "resource or service backend is required")]
    errs = []
    name = service.get("name") or ""
    if not name:
        errs.append(required(f"{here}.service.name"))
    else:
        errs.extend(invalid(f"{here}.service.name", name, msg) for msg in is_dns1035_label(name))
    port = service.get("port") or {}
    if port.get("name") and port.get("number"):
        errs.append(invalid(here, "", "cannot set both port name & port number"))
    elif port.get("name"):
        errs.extend(invalid(f"{here}.service.port.name", port["name"], msg)
                    for msg in is_valid_port_name(port["name"]))
    elif port.get("number"):
        errs.extend(invalid(f"{here}.service.port.number", port["number"], msg)
                    for msg in is_valid_port_num(port["number"]))
    else:
        errs.append(required(here, "port name or number is required"))
    return errs


def validate_ingress_class(ic: dict, old: dict | None) -> list[FieldError]:
    """ValidateIngressClass(Update): spec.controller is a domain-prefixed path, immutable."""
    errs = []
    if old is not None:
        errs = immutable((ic.get("spec") or {}).get("controller"),
                         (old.get("spec") or {}).get("controller"), "spec.controller")
    errs.extend(_meta(ic, old, False, name_is_dns_subdomain))
    controller = (ic.get("spec") or {}).get("controller") or ""
    if len(controller) > 250:
        errs.append(too_long("spec.controller", 250))
    errs.extend(is_domain_prefixed_path("spec.controller", controller))
    return errs


HTTP_PATH_FMT = r"[A-Za-z0-9/\-._~%!$&'()*+,;=:]+"


def is_domain_prefixed_path(path: str, value: str) -> list[FieldError]:
    """IsDomainPrefixedPath: `k8s.io/ingress-nginx`, a DNS subdomain then a path."""
    if not value:
        return [required(path, "")]
    host, _, rest = value.partition("/")
    if not host or not rest:
        return [invalid(path, value, 'must be a domain-prefixed path (such as "acme.io/foo")')]
    errs = [invalid(path, host, msg) for msg in is_dns1123_subdomain(host)]
    if not re.fullmatch(HTTP_PATH_FMT, rest):
        errs.append(invalid(path, rest, regex_error("Invalid path", HTTP_PATH_FMT)))
    return errs


def validate_hpa(hpa: dict, old: dict | None) -> list[FieldError]:
    errs = _meta(hpa, old, True, name_is_dns_subdomain)
    spec = hpa.get("spec") or {}
    low = spec.get("minReplicas")
    if low is not None and low < 1:
        errs.append(invalid("spec.minReplicas", low, "must be greater than or equal to 1"))
    high = spec.get("maxReplicas", 0)
    if high < 1:
        errs.append(invalid("spec.maxReplicas", high, "must be greater than 0"))
    if low is not None and high < low:
        errs.append(invalid("spec.maxReplicas", high,
                            "must be greater than or equal to `minReplicas`"))
    from .autoscaling import validate_spec_references
    return errs + validate_spec_references(spec)


def _generic(namespaced: bool, name_fn):
    def validate(obj: dict, old: dict | None) -> list[FieldError]:
        return _meta(obj, old, namespaced, name_fn)
    return validate


def validate_endpoints(ep: dict, old: dict | None) -> list[FieldError]:
    errs = _meta(ep, old, True, name_is_dns_subdomain)
    for i, subset in enumerate(ep.get("subsets") or []):
        if not subset.get("addresses") and not subset.get("notReadyAddresses"):
            errs.append(required(f"subsets[{i}]", "must specify `addresses` or `notReadyAddresses`"))
    return errs


def validate_node(node: dict, old: dict | None) -> list[FieldError]:
    errs = _meta(node, old, False, name_is_dns_subdomain)
    seen = set()
    for i, taint in enumerate((node.get("spec") or {}).get("taints") or []):
        key = (taint.get("key"), taint.get("effect"))
        if not taint.get("effect"):
            errs.append(required(f"metadata.taints[{i}].effect"))  # sic: upstream's path
        if key in seen:
            error = duplicate(f"metadata.taints[{i}]", taint)
            error.detail = "taints must be unique by key and effect pair"
            errs.append(error)
        seen.add(key)
    return errs


def validate_storage_class(sc: dict, old: dict | None) -> list[FieldError]:
    """pkg/apis/storage/validation ValidateStorageClass(Update): a provisioner is
    required; parameters, provisioner, reclaimPolicy and volumeBindingMode never change."""
    errs = _meta(sc, old, False, name_is_dns_subdomain)
    if not sc.get("provisioner"):
        errs.append(required("provisioner"))
    if sc.get("reclaimPolicy") not in (None, "Delete", "Retain"):
        errs.append(not_supported("reclaimPolicy", sc["reclaimPolicy"], ["Delete", "Retain"]))
    if sc.get("volumeBindingMode") not in (None, "Immediate", "WaitForFirstConsumer"):
        errs.append(not_supported("volumeBindingMode", sc["volumeBindingMode"],
                                  ["Immediate", "WaitForFirstConsumer"]))
    for field in ("parameters", "provisioner", "reclaimPolicy", "volumeBindingMode"):
        if old is not None and sc.get(field) != old.get(field):
            errs.append(forbidden(field, f"updates to {field} are forbidden."))
    return errs


VALIDATORS = {
    "Namespace": validate_namespace,
    "ConfigMap": validate_config_map,
    "Secret": validate_secret,
    "PersistentVolumeClaim": validate_pvc,
    "StorageClass": validate_storage_class,
    "Ingress": validate_ingress,
    "IngressClass": validate_ingress_class,
    "HorizontalPodAutoscaler": validate_hpa,
    "Endpoints": validate_endpoints,
    "Node": validate_node,
    "ServiceAccount": _generic(True, name_is_dns_subdomain),
    "PersistentVolume": _generic(False, name_is_path_segment),
    "Lease": _generic(True, name_is_dns_subdomain),
    "Event": _generic(True, name_is_dns_subdomain),
    "EndpointSlice": _generic(True, name_is_dns_subdomain),
    "LimitRange": _generic(True, name_is_dns_subdomain),
    "ResourceQuota": _generic(True, name_is_dns_subdomain),
    "Role": _generic(True, name_is_path_segment),
    "RoleBinding": _generic(True, name_is_path_segment),
    "ClusterRole": _generic(False, name_is_path_segment),
    "ClusterRoleBinding": _generic(False, name_is_path_segment),
}

__all__ = ["VALIDATORS"]
