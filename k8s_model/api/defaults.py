"""Defaulting: the values the API server fills in before it validates an object.

Mirrors the SetDefaults_* functions of pkg/apis/<group>/<version>/defaults.go and the
generated zz_generated.defaults.go that calls them on every nested struct. This is why
`kubectl get deploy web -o yaml` shows fields nobody wrote: `replicas: 1`, a
RollingUpdate strategy of 25%/25%, `revisionHistoryLimit: 10`, `progressDeadlineSeconds:
600`, and a template whose Pod spec says `restartPolicy: Always`, `dnsPolicy:
ClusterFirst`, `schedulerName: default-scheduler` (pod_defaults.py).

Two things happen later than defaulting, in the kind's REST strategy, and have their
own functions here: a Job's generated selector needs the uid the server assigns
(`prepare_job_selector`), and a Namespace's `kubernetes` finalizer is a create-time rule
(`prepare_namespace`).
"""

from __future__ import annotations

import base64

from .apiextensions.crd_validation import set_defaults as crd_defaults
from .pod_defaults import reorder, set_defaults_pod, set_defaults_pod_spec
from .resources import ResourceType
from .workload_defaults import (cron_job, daemon_set, deployment, job, pod_template,
                                prepare_job_selector, replica_set, replication_controller,
                                stateful_set)

SERVICE_SPEC_ORDER = ("ports", "selector", "clusterIP", "clusterIPs", "type", "externalIPs",
                      "sessionAffinity", "loadBalancerIP", "loadBalancerSourceRanges",
                      "externalName", "externalTrafficPolicy", "healthCheckNodePort",
                      "publishNotReadyAddresses", "sessionAffinityConfig", "ipFamilies",
                      "ipFamilyPolicy", "allocateLoadBalancerNodePorts", "loadBalancerClass",
                      "internalTrafficPolicy", "trafficDistribution")
SERVICE_PORT_ORDER = ("name", "protocol", "appProtocol", "port", "targetPort", "nodePort")

RBAC_GROUP = "rbac.authorization.k8s.io"
CLIENT_IP_TIMEOUT_SECONDS = 10800  # v1.DefaultClientIPServiceAffinitySeconds: 3 hours
DEFAULT_CPU_UTILIZATION = 80       # HPA with no metrics: target 80% CPU


def apply_defaults(resource: ResourceType, obj: dict) -> None:
    """Fill what the API server's defaulting fills, in place. (A custom resource's
    schema defaults were applied when its body was decoded.)"""
    if resource.custom is not None:
        return
    defaulter = _DEFAULTERS.get(resource.kind)
    if defaulter is not None:
        defaulter(obj)


def _spec(obj: dict) -> dict:
    return obj.setdefault("spec", {})


def _service(obj: dict) -> None:
    """SetDefaults_Service, plus the IP-family fields the Service REST storage fills on
    create (pkg/registry/core/service/storage/alloc.go) for a single-stack IPv4 cluster.
    The ClusterIP itself is allocated elsewhere."""
    spec = _spec(obj)
    spec.setdefault("sessionAffinity", "None")
    if spec["sessionAffinity"] == "None":
        spec.pop("sessionAffinityConfig", None)
    elif spec["sessionAffinity"] == "ClientIP":
        client_ip = (spec.get("sessionAffinityConfig") or {}).get("clientIP") or {}
        if client_ip.get("timeoutSeconds") is None:
            spec["sessionAffinityConfig"] = {
                "clientIP": {"timeoutSeconds": CLIENT_IP_TIMEOUT_SECONDS}}
    service_type = spec.setdefault("type", "ClusterIP")
    for port in spec.get("ports") or ():
        port.setdefault("protocol", "TCP")
        if port.get("targetPort") in (None, 0, ""):
            port["targetPort"] = port.get("port", 0)
        reorder(port, SERVICE_PORT_ORDER)
    externally_accessible = (service_type in ("LoadBalancer", "NodePort") or
                             service_type == "ClusterIP" and spec.get("externalIPs"))
    if externally_accessible and not spec.get("externalTrafficPolicy"):
        spec["externalTrafficPolicy"] = "Cluster"
    if service_type in ("ClusterIP", "NodePort", "LoadBalancer"):
        spec.setdefault("internalTrafficPolicy", "Cluster")
        headless_without_selector = spec.get("clusterIP") == "None" and not spec.get("selector")
        spec.setdefault("ipFamilyPolicy",
                        "RequireDualStack" if headless_without_selector else "SingleStack")
        spec.setdefault("ipFamilies", ["IPv4"])
    if service_type == "LoadBalancer":
        spec.setdefault("allocateLoadBalancerNodePorts", True)
        # LoadBalancerIPMode (GA in v1.32): an ingress IP given without a mode is a VIP.
        for ingress in ((obj.get("status") or {}).get("loadBalancer") or {}).get("ingress") or ():
            if ingress.get("ip") and not ingress.get("ipMode"):
                ingress["ipMode"] = "VIP"
    reorder(spec, SERVICE_SPEC_ORDER)


def _namespace(obj: dict) -> None:
    """SetDefaults_Namespace: every named Namespace carries kubernetes.io/metadata.name."""
    metadata = obj.setdefault("metadata", {})
    if metadata.get("name"):
        labels = metadata.get("labels") or {}
        metadata["labels"] = labels
        labels["kubernetes.io/metadata.name"] = metadata["name"]


def prepare_namespace(namespace: dict, old: dict | None) -> None:
    """The Namespace strategy: on create the `kubernetes` finalizer is required (the
    namespace controller removes it after emptying the namespace, through /finalize);
    on update the finalizers are carried over, since only /finalize may change them."""
    spec = _spec(namespace)
    if old is not None:
        finalizers = (old.get("spec") or {}).get("finalizers")
        if finalizers is None:
            spec.pop("finalizers", None)
        else:
            spec["finalizers"] = list(finalizers)
        return
    finalizers = spec.setdefault("finalizers", [])
    if "kubernetes" not in finalizers:
        finalizers.append("kubernetes")


def _secret(obj: dict) -> None:
    """SetDefaults_Secret, and the v1 → internal conversion's folding of `stringData`
    (Convert_v1_Secret_To_core_Secret): each value overwrites `data[key]`, base64-encoded
    as `data` is; `stringData` itself is write-only and never stored."""
    if not obj.get("type"):
        obj["type"] = "Opaque"
    string_data = obj.pop("stringData", None) or {}
    if string_data:
        data = obj.get("data") or {}
        for key, value in string_data.items():
            data[key] = base64.b64encode(str(value).encode()).decode()
        obj["data"] = data


def _persistent_volume_claim(obj: dict) -> None:
    _spec(obj).setdefault("volumeMode", "Filesystem")


def _persistent_volume(obj: dict) -> None:
    spec = _spec(obj)
    spec.setdefault("persistentVolumeReclaimPolicy", "Retain")
    spec.setdefault("volumeMode", "Filesystem")
    if spec.get("hostPath") is not None:
        spec["hostPath"].setdefault("type", "")


def _storage_class(obj: dict) -> None:
    """storage/v1 SetDefaults_StorageClass."""
    obj.setdefault("reclaimPolicy", "Delete")
    obj.setdefault("volumeBindingMode", "Immediate")


def _limit_range(obj: dict) -> None:
    """SetDefaults_LimitRangeItem for Container items: `default` from `max`, then
    `defaultRequest` from `default`, then from `min` — so `max: {memory: 1Gi}` alone gives
    containers a 1Gi limit and request."""
    for item in (obj.get("spec") or {}).get("limits") or []:
        if item.get("type") != "Container":
            continue
        default = item.setdefault("default", {})
        request = item.setdefault("defaultRequest", {})
        for source, target in ((item.get("max"), default), (default, request),
                               (item.get("min"), request)):
            for name, value in list((source or {}).items()):
                target.setdefault(name, value)
        for key in ("default", "defaultRequest"):
            if not item[key]:
                del item[key]


def _node(obj: dict) -> None:
    status = obj.get("status")
    if status and status.get("allocatable") is None and status.get("capacity") is not None:
        status["allocatable"] = dict(status["capacity"])


def _endpoints(obj: dict) -> None:
    for subset in obj.get("subsets") or ():
        for port in subset.get("ports") or ():
            port.setdefault("protocol", "TCP")


def _endpoint_slice(obj: dict) -> None:
    for port in obj.get("ports") or ():
        port.setdefault("name", "")
        port.setdefault("protocol", "TCP")


def _horizontal_pod_autoscaler(obj: dict) -> None:
    """autoscaling/v2 SetDefaults_HorizontalPodAutoscaler: minReplicas 1, an 80% CPU
    target when no metric is given, and a behavior filled in rule by rule."""
    spec = _spec(obj)
    spec.setdefault("minReplicas", 1)
    if not spec.get("metrics"):
        spec["metrics"] = [{"type": "Resource", "resource": {
            "name": "cpu",
            "target": {"type": "Utilization", "averageUtilization": DEFAULT_CPU_UTILIZATION}}}]
    behavior = spec.get("behavior")
    if behavior is not None:
        up = {"stabilizationWindowSeconds": 0, "selectPolicy": "Max", "policies": [
            {"type": "Pods", "value": 4, "periodSeconds": 15},
            {"type": "Percent", "value": 100, "periodSeconds": 15}]}
        down = {"selectPolicy": "Max", "policies": [
            {"type": "Percent", "value": 100, "periodSeconds": 15}]}
        for name, rules in (("scaleUp", up), ("scaleDown", down)):
            rules.update({k: v for k, v in (behavior.get(name) or {}).items() if v is not None})
            reorder(rules, ("stabilizationWindowSeconds", "selectPolicy", "policies",
                            "tolerance"))
            behavior[name] = rules
        reorder(behavior, ("scaleUp", "scaleDown"))
    reorder(spec, ("scaleTargetRef", "minReplicas", "maxReplicas", "metrics", "behavior"))


def _role_binding(obj: dict) -> None:
    """SetDefaults_RoleBinding / _Subject: users and groups live in the RBAC API group,
    ServiceAccounts in the core group ("")."""
    role_ref = obj.setdefault("roleRef", {})
    if not role_ref.get("apiGroup"):
        role_ref["apiGroup"] = RBAC_GROUP
    for subject in obj.get("subjects") or ():
        if not subject.get("apiGroup"):
            if subject.get("kind") in ("User", "Group"):
                subject["apiGroup"] = RBAC_GROUP
            elif subject.get("kind") == "ServiceAccount":
                subject.pop("apiGroup", None)


_DEFAULTERS = {
    "Pod": set_defaults_pod,
    "PodTemplate": pod_template,
    "Deployment": deployment,
    "ReplicaSet": replica_set,
    "ReplicationController": replication_controller,
    "DaemonSet": daemon_set,
    "StatefulSet": stateful_set,
    "Job": job,
    "CronJob": cron_job,
    "Service": _service,
    "Namespace": _namespace,
    "Secret": _secret,
    "PersistentVolumeClaim": _persistent_volume_claim,
    "PersistentVolume": _persistent_volume,
    "StorageClass": _storage_class,
    "Node": _node,
    "LimitRange": _limit_range,
    "Endpoints": _endpoints,
    "EndpointSlice": _endpoint_slice,
    "HorizontalPodAutoscaler": _horizontal_pod_autoscaler,
    "RoleBinding": _role_binding,
    "ClusterRoleBinding": _role_binding,
    "CustomResourceDefinition": crd_defaults,
}

__all__ = ["apply_defaults", "prepare_job_selector", "prepare_namespace",
           "set_defaults_pod_spec"]
