"""Defaults for Pods and pod templates (pkg/apis/core/v1/defaults.go, zz_generated.defaults.go).

SetDefaults_PodSpec runs on every PodSpec — a Pod's, and the template inside every
Deployment, ReplicaSet, DaemonSet, StatefulSet, Job, CronJob and ReplicationController.
SetDefaults_Pod runs on Pods only: that is why a Pod gets `enableServiceLinks: true` and
requests copied from its limits, while a Deployment's template does not. Example: a
container `image: nginx` has no tag, so it means `nginx:latest`, and its
`imagePullPolicy` becomes Always; `nginx:1.27` gets IfNotPresent.
"""

from __future__ import annotations

import re

from .decoding import cached_quantity as parse_quantity
from .quantity import QuantityError

# Go struct field order (k8s.io/api/core/v1/types.go), used where we add keys.
POD_SPEC_ORDER = (
    "volumes", "initContainers", "containers", "ephemeralContainers", "restartPolicy",
    "terminationGracePeriodSeconds", "activeDeadlineSeconds", "dnsPolicy", "nodeSelector",
    "serviceAccountName", "serviceAccount", "automountServiceAccountToken", "nodeName",
    "hostNetwork", "hostPID", "hostIPC", "shareProcessNamespace", "securityContext",
    "imagePullSecrets", "hostname", "subdomain", "affinity", "schedulerName", "tolerations",
    "hostAliases", "priorityClassName", "priority", "dnsConfig", "readinessGates",
    "runtimeClassName", "enableServiceLinks", "preemptionPolicy", "overhead",
    "topologySpreadConstraints", "setHostnameAsFQDN", "os", "hostUsers", "schedulingGates",
    "resourceClaims", "resources", "hostnameOverride", "workloadRef")
CONTAINER_ORDER = (
    "name", "image", "command", "args", "workingDir", "ports", "envFrom", "env", "resources",
    "resizePolicy", "restartPolicy", "restartPolicyRules", "volumeMounts", "volumeDevices",
    "livenessProbe", "readinessProbe", "startupProbe", "lifecycle", "terminationMessagePath",
    "terminationMessagePolicy", "imagePullPolicy", "securityContext", "stdin", "stdinOnce",
    "tty")
PORT_ORDER = ("name", "hostPort", "containerPort", "protocol", "hostIP")
PROBE_ORDER = ("exec", "httpGet", "tcpSocket", "grpc", "initialDelaySeconds", "timeoutSeconds",
               "periodSeconds", "successThreshold", "failureThreshold",
               "terminationGracePeriodSeconds")
HTTP_GET_ORDER = ("path", "port", "host", "scheme", "httpHeaders")

# Every VolumeSource member: a Volume naming none of them becomes an emptyDir.
_VOLUME_SOURCES = (
    "hostPath", "emptyDir", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "secret",
    "nfs", "iscsi", "glusterfs", "persistentVolumeClaim", "rbd", "flexVolume", "cinder",
    "cephfs", "flocker", "downwardAPI", "fc", "azureFile", "configMap", "vsphereVolume",
    "quobyte", "azureDisk", "photonPersistentDisk", "projected", "portworxVolume", "scaleIO",
    "storageos", "csi", "ephemeral", "image")
DEFAULT_MODE = 0o644  # 420: Secret, ConfigMap, DownwardAPI and projected volumes


def reorder(obj: dict, order: tuple[str, ...]) -> None:
    """Rewrite `obj` in Go struct field order (unknown keys keep their place at the end)."""
    rank = {key: i for i, key in enumerate(order)}
    items = sorted(obj.items(), key=lambda kv: rank.get(kv[0], len(order)))
    obj.clear()
    obj.update(items)


def set_defaults_pod(pod: dict) -> None:
    """SetObjectDefaults_Pod: the PodSpec defaults plus the Pod-only ones."""
    spec = pod.setdefault("spec", {})
    for group in ("containers", "initContainers"):
        for container in spec.get(group) or ():
            resources = container.get("resources") or {}
            limits = resources.get("limits")
            if limits is not None:  # requests default to limits, key by key
                requests = resources.setdefault("requests", {})
                for name, value in limits.items():
                    requests.setdefault(name, value)
    spec.setdefault("enableServiceLinks", True)
    if spec.get("hostNetwork"):
        for group in ("containers", "initContainers"):
            for container in spec.get(group) or ():
                for port in container.get("ports") or ():
                    if not port.get("hostPort"):
                        port["hostPort"] = port.get("containerPort", 0)
    set_defaults_pod_spec(spec)


def set_defaults_template(template: dict | None) -> None:
    """A PodTemplateSpec inside a workload: only the PodSpec defaults apply."""
    if template is None:
        return
    template.setdefault("metadata", {})  # ObjectMeta is a struct: always encoded, as {}
    template_spec = template.setdefault("spec", {})
    set_defaults_pod_spec(template_spec)
    reorder(template, ("metadata", "spec"))


def set_defaults_pod_spec(spec: dict) -> None:
    """SetDefaults_PodSpec and the per-container, per-volume defaults under it."""
    spec.setdefault("restartPolicy", "Always")
    spec.setdefault("terminationGracePeriodSeconds", 30)
    spec.setdefault("dnsPolicy", "ClusterFirst")
    spec.setdefault("securityContext", {})
    spec.setdefault("schedulerName", "default-scheduler")
    for volume in spec.get("volumes") or ():
        set_defaults_volume(volume)
    for group in ("initContainers", "containers", "ephemeralContainers"):
        for container in spec.get(group) or ():
            set_defaults_container(container)
    reorder(spec, POD_SPEC_ORDER)


def set_defaults_container(container: dict) -> None:
    if not container.get("imagePullPolicy"):
        tag = image_tag(container.get("image", ""))
        container["imagePullPolicy"] = "Always" if tag == "latest" else "IfNotPresent"
    container.setdefault("terminationMessagePath", "/dev/termination-log")
    container.setdefault("terminationMessagePolicy", "File")
    resources = container.setdefault("resources", {})  # a struct: always shown, as {}
    for group in ("limits", "requests"):
        round_up_to_milli(resources.get(group))
    for port in container.get("ports") or ():
        port.setdefault("protocol", "TCP")
        reorder(port, PORT_ORDER)
    for env in container.get("env") or ():
        field_ref = (env.get("valueFrom") or {}).get("fieldRef")
        if field_ref is not None:
            field_ref.setdefault("apiVersion", "v1")
    for probe_name in ("livenessProbe", "readinessProbe", "startupProbe"):
        probe = container.get(probe_name)
        if probe is not None:
            set_defaults_probe(probe)
    for hook in (container.get("lifecycle") or {}).values():
        if isinstance(hook, dict) and hook.get("httpGet") is not None:
            set_defaults_http_get(hook["httpGet"])
    reorder(container, CONTAINER_ORDER)


def round_up_to_milli(resource_list: dict | None) -> None:
    """SetDefaults_ResourceList: quantities are rounded up to milli units (`0.1m` -> `1m`)."""
    for name, value in (resource_list or {}).items():
        try:
            resource_list[name] = str(parse_quantity(value).round_up(-3))
        except QuantityError:
            pass  # the decoder has refused it already


def set_defaults_probe(probe: dict) -> None:
    """SetDefaults_Probe: `0` counts as unset, exactly as in Go."""
    for field, value in (("timeoutSeconds", 1), ("periodSeconds", 10),
                         ("successThreshold", 1), ("failureThreshold", 3)):
        if not probe.get(field):
            probe[field] = value
    if probe.get("httpGet") is not None:
        set_defaults_http_get(probe["httpGet"])
    grpc = probe.get("grpc")
    if grpc is not None:
        grpc.setdefault("service", "")  # +default="" on GRPCAction.Service
    reorder(probe, PROBE_ORDER)


def set_defaults_http_get(action: dict) -> None:
    if not action.get("path"):
        action["path"] = "/"
    if not action.get("scheme"):
        action["scheme"] = "HTTP"
    reorder(action, HTTP_GET_ORDER)


def set_defaults_volume(volume: dict) -> None:
    if not any(volume.get(source) is not None for source in _VOLUME_SOURCES):
        volume["emptyDir"] = {}
    for source in ("secret", "configMap", "downwardAPI", "projected"):
        if volume.get(source) is not None:
            volume[source].setdefault("defaultMode", DEFAULT_MODE)
    if volume.get("hostPath") is not None:
        volume["hostPath"].setdefault("type", "")
    for item in (volume.get("downwardAPI") or {}).get("items") or ():
        if item.get("fieldRef") is not None:
            item["fieldRef"].setdefault("apiVersion", "v1")
    for projection in (volume.get("projected") or {}).get("sources") or ():
        for item in (projection.get("downwardAPI") or {}).get("items") or ():
            if item.get("fieldRef") is not None:
                item["fieldRef"].setdefault("apiVersion", "v1")
        if projection.get("serviceAccountToken") is not None:
            projection["serviceAccountToken"].setdefault("expirationSeconds", 3600)
    claim = (volume.get("ephemeral") or {}).get("volumeClaimTemplate")
    if claim is not None:
        claim.setdefault("spec", {}).setdefault("volumeMode", "Filesystem")


# distribution/reference: the grammar parsers.ParseImageName accepts.
_PATH = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
_DOMAIN = (r"(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
           r"(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\[[a-fA-F0-9:]+\])"
           r"(?::[0-9]+)?")
_REFERENCE = re.compile(rf"(?:{_DOMAIN}/)?{_PATH}(?:/{_PATH})*"
                        r"(?::([\w][\w.-]{0,127}))?"
                        r"(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?")


def image_tag(image: str) -> str | None:
    """The tag parsers.ParseImageName finds: `latest` when none is given (and no digest),
    "" for a digest-only reference, None when the name does not parse (`Nginx`)."""
    match = _REFERENCE.fullmatch(image)
    if match is None or re.fullmatch(r"[a-f0-9]{64}", image):
        return None
    tag, digest = match.group(1), match.group(2)
    if tag:
        return tag
    return "" if digest else "latest"
