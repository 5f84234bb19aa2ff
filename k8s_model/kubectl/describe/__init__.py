"""`kubectl describe`: a port of staging/src/k8s.io/kubectl/pkg/describe/describe.go.

`describe(obj, events, related, now=...)` returns the text kubectl prints for one
object. kubectl's describers fetch more than the object; here the caller fetches it
and passes it in `related` (keys a describer does not need are ignored):

    Node                   "pods": Pods on the node (terminated ones are skipped),
                           "lease": its Lease in kube-node-lease (None: not found)
    Deployment             "old_replicasets": [...], "new_replicaset": {...} or None
    ReplicaSet, ReplicationController, DaemonSet, StatefulSet
                           "pods": Pods to count by phase (those it controls)
    Service                "endpoint_slices": its EndpointSlices, or
                           "endpoints": its Endpoints (converted the same way)
    Ingress                "services": {name: Service}, "endpoint_slices": [...]
    Namespace              "resource_quotas": [...], "limit_ranges": [...]
    PersistentVolumeClaim  "pods": Pods of its namespace (those mounting it are listed)

`events` are the Events whose involvedObject is `obj` (None hides the Events
section, as --show-events=false does); `now` is virtual seconds, for ages.
Kinds without a describer fall back to the generic field-by-field describer.
"""

from __future__ import annotations

from typing import Callable

from k8s_model.kubectl.describe import core, generic, networking, other, workloads
from k8s_model.kubectl.describe.pods import describe_pod

Describer = Callable[[dict, "list | None", dict, float], str]

DESCRIBERS: dict[str, Describer] = {
    "Pod": lambda obj, events, related, now: describe_pod(obj, events, now),
    "Deployment": workloads.describe_deployment,
    "ReplicaSet": workloads.describe_replica_set,
    "ReplicationController": workloads.describe_replica_set,
    "DaemonSet": workloads.describe_daemon_set,
    "StatefulSet": workloads.describe_stateful_set,
    "Job": workloads.describe_job,
    "CronJob": workloads.describe_cron_job,
    "Node": core.describe_node,
    "Namespace": core.describe_namespace,
    "ConfigMap": core.describe_config_map,
    "Secret": core.describe_secret,
    "ServiceAccount": core.describe_service_account,
    "Service": networking.describe_service,
    "Endpoints": networking.describe_endpoints,
    "EndpointSlice": networking.describe_endpoint_slice,
    "Ingress": networking.describe_ingress,
    "IngressClass": networking.describe_ingress_class,
    "LimitRange": generic.describe_limit_range,
    "ResourceQuota": other.describe_quota,
    "HorizontalPodAutoscaler": other.describe_hpa,
    "PersistentVolume": other.describe_pv,
    "PersistentVolumeClaim": other.describe_pvc,
    "Role": generic.describe_role,
    "ClusterRole": generic.describe_role,
    "RoleBinding": generic.describe_role_binding,
    "ClusterRoleBinding": generic.describe_role_binding,
}


def describe(obj: dict, events: list | None, related: dict | None = None, *,
             now: float) -> str:
    """The text of `kubectl describe <kind> <name>` for `obj`."""
    describer = DESCRIBERS.get(obj.get("kind", ""), generic.describe_generic)
    return describer(obj, events, related or {}, now)


__all__ = ["describe", "DESCRIBERS"]
