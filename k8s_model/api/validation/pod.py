"""Pod and pod template validation (pkg/apis/core/validation/validation.go: ValidatePodSpec,
ValidatePodCreate, ValidatePodUpdate, ValidatePodTemplateSpec).

The same PodSpec rules guard a bare Pod and the template inside every workload; a few
are Pod-only (no whitespace around an image, no ephemeral containers on create). Once a
Pod exists almost all of its spec is frozen: only images, activeDeadlineSeconds, added
tolerations and a terminationGracePeriodSeconds fix may change, which is why `kubectl
apply` of an edited Pod so often fails with `spec: Forbidden: pod updates may not change
fields other than …`.
"""

from __future__ import annotations

from ..errors import FieldError, duplicate, forbidden, invalid, not_supported, required
from ..names import is_dns1123_label, is_valid_label_value, validate_label_name, validate_labels
from .container import validate_container_common, validate_containers
from .meta import validate_annotations, validate_object_meta, validate_object_meta_update
from .util import MAX_INT32, inclusive_range_error, name_is_dns_subdomain

RESTART_POLICIES = ["Always", "OnFailure", "Never"]
DNS_POLICIES = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"]
TOLERATION_OPERATORS = ["Equal", "Exists"]
TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"]
UPDATABLE_POD_SPEC_FIELDS = (
    "`spec.containers[*].image`", "`spec.initContainers[*].image`",
    "`spec.activeDeadlineSeconds`",
    "`spec.tolerations` (only additions to existing tolerations)",
    "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)")
_VOLUME_SOURCES = ("emptyDir", "hostPath", "gitRepo", "gcePersistentDisk", "awsElasticBlockStore",
                   "secret", "nfs", "iscsi", "glusterfs", "flocker", "persistentVolumeClaim",
                   "rbd", "cinder", "cephfs", "quobyte", "downwardAPI", "fc", "flexVolume",
                   "configMap", "azureFile", "vsphereVolume", "photonPersistentDisk",
                   "portworxVolume", "azureDisk", "storageos", "projected", "scaleIO", "csi",
                   "ephemeral", "image")
# The one required field of the common sources, checked as validate<Kind>VolumeSource does.
_SOURCE_REQUIRED = {"hostPath": "path", "persistentVolumeClaim": "claimName",
                    "configMap": "name", "secret": "secretName", "nfs": "server"}


def validate_pod(pod: dict, old: dict | None) -> list[FieldError]:
    if old is not None:
        return _validate_pod_update(pod, old)
    errs = _pod_metadata_and_spec(pod)
    spec = pod.get("spec") or {}
    if spec.get("ephemeralContainers"):
        errs.append(forbidden("spec.ephemeralContainers", "cannot be set on create"))
    if spec.get("nodeName") and spec.get("schedulingGates"):
        errs.append(forbidden("spec.nodeName",
                              "cannot be set until all schedulingGates have been cleared"))
    return errs


def _pod_metadata_and_spec(pod: dict) -> list[FieldError]:
    errs = validate_object_meta(pod.get("metadata") or {}, True, name_is_dns_subdomain)
    spec = pod.get("spec") or {}
    errs.extend(validate_pod_spec(spec, "spec", is_pod=True))
    for group in ("containers", "initContainers"):
        for i, ctr in enumerate(spec.get(group) or []):
            image = ctr.get("image") or ""
            if image != image.strip():
                errs.append(invalid(f"spec.{group}[{i}].image", image,
                                    "must not have leading or trailing whitespace"))
    return errs


def validate_pod_template(template: dict | None, path: str) -> list[FieldError]:
    """ValidatePodTemplateSpec: the template's labels and annotations, then its PodSpec."""
    template = template or {}
    meta = template.get("metadata") or {}
    errs = validate_labels(meta.get("labels"), f"{path}.labels")
    errs.extend(validate_annotations(meta.get("annotations"), f"{path}.annotations"))
    errs.extend(validate_pod_spec(template.get("spec") or {}, f"{path}.spec"))
    if (template.get("spec") or {}).get("ephemeralContainers"):
        errs.append(forbidden(f"{path}.spec.ephemeralContainers",
                              "ephemeral containers not allowed in pod template"))
    return errs


def validate_pod_spec(spec: dict, path: str, is_pod: bool = False) -> list[FieldError]:
    errs: list[FieldError] = []
    if spec.get("terminationGracePeriodSeconds") is None:
        errs.append(required(f"{path}.terminationGracePeriodSeconds"))
    volumes, volume_errs = _volumes(spec.get("volumes") or [], f"{path}.volumes")
    errs.extend(volume_errs)
    errs.extend(validate_containers(spec.get("containers") or [], volumes, f"{path}.containers"))
    errs.extend(_init_containers(spec, volumes, f"{path}.initContainers"))
    errs.extend(_host_network_ports(spec, path, is_pod))
    errs.extend(_one_of(spec.get("restartPolicy") or "", RESTART_POLICIES, f"{path}.restartPolicy"))
    errs.extend(_one_of(spec.get("dnsPolicy") or "", DNS_POLICIES, f"{path}.dnsPolicy"))
    errs.extend(validate_labels(spec.get("nodeSelector"), f"{path}.nodeSelector"))
    for field in ("serviceAccountName", "nodeName"):
        if spec.get(field):
            errs.extend(invalid(f"{path}.{field}", spec[field], msg)
                        for msg in name_is_dns_subdomain(spec[field]))
    deadline = spec.get("activeDeadlineSeconds")
    if deadline is not None and not 1 <= deadline <= MAX_INT32:
        errs.append(invalid(f"{path}.activeDeadlineSeconds", deadline,
                            inclusive_range_error(1, MAX_INT32)))
    for field in ("hostname", "subdomain"):
        if spec.get(field):
            errs.extend(invalid(f"{path}.{field}", spec[field], msg)
                        for msg in is_dns1123_label(spec[field]))
    errs.extend(validate_tolerations(spec.get("tolerations") or [], f"{path}.tolerations"))
    return errs


def _one_of(value: str, allowed: list[str], path: str) -> list[FieldError]:
    if not value:
        return [required(path)]
    return [] if value in allowed else [not_supported(path, value, allowed)]


def _volumes(volumes: list, path: str) -> tuple[set[str], list[FieldError]]:
    names: set[str] = set()
    errs: list[FieldError] = []
    for i, volume in enumerate(volumes):
        here = f"{path}[{i}]"
        own: list[FieldError] = []
        count = 0
        for source in _VOLUME_SOURCES:
            if volume.get(source) is None:
                continue
            if count:
                own.append(forbidden(f"{here}.{source}", "may not specify more than 1 volume type"))
                continue
            count += 1
            field = _SOURCE_REQUIRED.get(source)
            if field and not (volume[source] or {}).get(field):
                own.append(required(f"{here}.{source}.{field}"))
        if count == 0:
            own.append(required(here, "must specify a volume type"))
        name = volume.get("name") or ""
        if not name:
            own.append(required(f"{here}.name"))
        else:
            own.extend(invalid(f"{here}.name", name, msg) for msg in is_dns1123_label(name))
        if name in names:
            own.append(duplicate(f"{here}.name", name))
        if own:
            errs.extend(own)
        else:
            names.add(name)
    return names, errs


def _init_containers(spec: dict, volumes: set[str], path: str) -> list[FieldError]:
    errs: list[FieldError] = []
    names = {c.get("name", "") for c in spec.get("containers") or []}
    for i, ctr in enumerate(spec.get("initContainers") or []):
        here = f"{path}[{i}]"
        errs.extend(validate_container_common(ctr, volumes, here))
        sidecar = ctr.get("restartPolicy") == "Always"
        if ctr.get("restartPolicy") not in (None, "Always"):
            errs.append(not_supported(f"{here}.restartPolicy", ctr["restartPolicy"], ["Always"]))
        if ctr.get("name", "") in names:
            errs.append(duplicate(f"{here}.name", ctr.get("name", "")))
        elif ctr.get("name"):
            names.add(ctr["name"])
        if not sidecar:
            for field in ("lifecycle", "livenessProbe", "readinessProbe", "startupProbe"):
                if ctr.get(field) is not None:
                    errs.append(forbidden(f"{here}.{field}", "may not be set for init "
                                          "containers without restartPolicy=Always"))
    return errs


def _host_network_ports(spec: dict, path: str, is_pod: bool) -> list[FieldError]:
    if not spec.get("hostNetwork"):
        return []
    errs = []
    for i, ctr in enumerate(spec.get("containers") or []):
        for j, port in enumerate(ctr.get("ports") or []):
            host, container = port.get("hostPort", 0), port.get("containerPort", 0)
            if (is_pod or host) and host != container:
                errs.append(invalid(f"{path}.containers[{i}].ports[{j}].hostPort", host,
                                    "must match `containerPort` when `hostNetwork` is true"))
    return errs


def validate_tolerations(tolerations: list, path: str) -> list[FieldError]:
    errs: list[FieldError] = []
    for i, tol in enumerate(tolerations):
        here = f"{path}[{i}]"
        key, operator = tol.get("key") or "", tol.get("operator") or ""
        if key:
            errs.extend(validate_label_name(key, f"{here}.key"))
        if not key and operator != "Exists":
            errs.append(invalid(f"{here}.operator", operator, "operator must be Exists when "
                                '`key` is empty, which means "match all values and all keys"'))
        if tol.get("tolerationSeconds") is not None and tol.get("effect") != "NoExecute":
            errs.append(invalid(f"{here}.effect", tol.get("effect", ""),
                                "effect must be 'NoExecute' when `tolerationSeconds` is set"))
        value = tol.get("value") or ""
        if operator in ("Equal", ""):
            msgs = is_valid_label_value(value)
            if msgs:
                errs.append(invalid(f"{here}.operator", value, ";".join(msgs)))
        elif operator == "Exists":
            if value:
                errs.append(invalid(f"{here}.operator", value,
                                    "value must be empty when `operator` is 'Exists'"))
        else:
            errs.append(not_supported(f"{here}.operator", operator, TOLERATION_OPERATORS))
        effect = tol.get("effect") or ""
        if effect and effect not in TAINT_EFFECTS:
            errs.append(not_supported(f"{here}.effect", effect, TAINT_EFFECTS))
    return errs


def _validate_pod_update(pod: dict, old: dict) -> list[FieldError]:
    """ValidatePodUpdate. Upstream appends a Go cmp.Diff of the two specs to the Forbidden
    message; we stop after the list of what may change."""
    errs = validate_object_meta_update(pod.get("metadata") or {}, old.get("metadata") or {})
    errs.extend(_pod_metadata_and_spec(pod))
    spec, old_spec = pod.get("spec") or {}, old.get("spec") or {}
    for group in ("containers", "initContainers"):
        new_list, old_list = spec.get(group) or [], old_spec.get(group) or []
        if len(new_list) != len(old_list):
            errs.append(forbidden(f"spec.{group}", "pod updates may not add or remove containers"))
            return errs
    if spec == old_spec:
        return errs
    munged = dict(spec)
    for group in ("containers", "initContainers"):
        if group in spec:
            munged[group] = [dict(c, image=o.get("image")) for c, o in
                             zip(spec[group], old_spec.get(group) or [])]
    for field in ("activeDeadlineSeconds", "tolerations", "schedulingGates"):
        munged.pop(field, None)
        if field in old_spec:
            munged[field] = old_spec[field]
    if munged != old_spec:
        errs.append(forbidden("spec", "pod updates may not change fields other than "
                              + ",".join(UPDATABLE_POD_SPEC_FIELDS)))
    return errs
