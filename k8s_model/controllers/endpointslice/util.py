"""Which Pods belong in a Service's endpoints, and which Pod changes matter
(staging/src/k8s.io/endpointslice/util/controller_utils.go, shared by the Endpoints and
EndpointSlice controllers).

A Pod is published when it has an IP and is not finished (Succeeded/Failed); a Pod being
deleted only when the caller includes terminating Pods (the EndpointSlice controller
always does, marking it `terminating: true`; the Endpoints controller only for
publishNotReadyAddresses). A Pod update wakes the Services it matches only if it moved
something an endpoint shows: deletionTimestamp, readiness, IPs — or its labels,
hostname or subdomain, which may change the Services it matches.
"""

from __future__ import annotations

import hashlib
import json

from ...api.selectors import from_set
from ..base import key_of
from ..controller_utils import is_pod_ready

LABEL_SERVICE_NAME = "kubernetes.io/service-name"
LABEL_MANAGED_BY = "endpointslice.kubernetes.io/managed-by"
IS_HEADLESS_SERVICE = "service.kubernetes.io/headless"
LAST_CHANGE_TRIGGER_TIME = "endpoints.kubernetes.io/last-change-trigger-time"
LABEL_TOPOLOGY_ZONE = "topology.kubernetes.io/zone"


def is_pod_terminal(pod: dict) -> bool:
    return (pod.get("status") or {}).get("phase") in ("Succeeded", "Failed")


def pod_ips(pod: dict) -> list[str]:
    status = pod.get("status") or {}
    ips = [p.get("ip", "") for p in status.get("podIPs") or []]
    return ips or ([status["podIP"]] if status.get("podIP") else [])


def should_pod_be_in_endpoints(pod: dict, include_terminating: bool) -> bool:
    """ShouldPodBeInEndpoints: not terminal, has an IP, and not being deleted unless
    terminating Pods are wanted."""
    if is_pod_terminal(pod):
        return False
    if not pod_ips(pod):
        return False
    return include_terminating or not pod["metadata"].get("deletionTimestamp")


def should_set_hostname(pod: dict, svc: dict) -> bool:
    """ShouldSetHostname: spec.hostname set and spec.subdomain names this Service."""
    spec = pod.get("spec") or {}
    return bool(spec.get("hostname")) and spec.get("subdomain", "") == svc["metadata"]["name"] \
        and svc["metadata"].get("namespace") == pod["metadata"].get("namespace")


def is_service_ip_set(svc: dict) -> bool:
    """helper.IsServiceIPSet: a ClusterIP that is neither empty nor None (not headless)."""
    cluster_ip = (svc.get("spec") or {}).get("clusterIP", "")
    return cluster_ip not in ("", "None")


def service_selector(svc: dict) -> dict | None:
    """spec.selector, None when absent. An empty map is stored as none at all (protobuf
    drops it), so it too selects nothing here."""
    return (svc.get("spec") or {}).get("selector") or None


def pod_service_memberships(services, pod: dict) -> set[str]:
    """GetPodServiceMemberships: keys of the Services in the Pod's namespace whose
    selector matches its labels (a Service without a selector matches nothing)."""
    labels = pod["metadata"].get("labels") or {}
    return {key_of(svc) for svc in services.list(pod["metadata"].get("namespace", ""))
            if service_selector(svc) is not None
            and from_set(service_selector(svc)).matches(labels)}


def pods_for_service(pods, service: dict) -> list[dict]:
    """podLister.Pods(namespace).List(selector): the Pods the Service selects."""
    selector = from_set(service_selector(service))
    return [p for p in pods.list(service["metadata"].get("namespace", ""))
            if selector.matches(p["metadata"].get("labels"))]


def _host_name_and_domain_equal(a: dict, b: dict) -> bool:
    sa, sb = a.get("spec") or {}, b.get("spec") or {}
    return sa.get("hostname") == sb.get("hostname") and sa.get("subdomain") == sb.get("subdomain")


def pod_endpoints_changed(old: dict, new: dict) -> tuple[bool, bool]:
    """podEndpointsChanged: (the Pod changed in a way its endpoint shows, its labels or
    hostname/subdomain changed and so perhaps its Services)."""
    labels_changed = (new["metadata"].get("labels") != old["metadata"].get("labels")
                      or not _host_name_and_domain_equal(new, old))
    if new["metadata"].get("deletionTimestamp") != old["metadata"].get("deletionTimestamp"):
        return True, labels_changed
    if is_pod_ready(old) != is_pod_ready(new):
        return True, labels_changed
    old_ips = [p.get("ip") for p in (old.get("status") or {}).get("podIPs") or []]
    new_ips = [p.get("ip") for p in (new.get("status") or {}).get("podIPs") or []]
    return old_ips != new_ips, labels_changed


def services_to_update_on_pod_change(services, old: dict, cur: dict) -> set[str]:
    """GetServicesToUpdateOnPodChange. When only the labels changed, only the Services
    the Pod joined or left (the symmetric difference); when the Pod changed too, all."""
    if cur["metadata"].get("resourceVersion") == old["metadata"].get("resourceVersion"):
        return set()
    pod_changed, labels_changed = pod_endpoints_changed(old, cur)
    if not pod_changed and not labels_changed:
        return set()
    keys = pod_service_memberships(services, cur)
    if labels_changed:
        old_keys = pod_service_memberships(services, old)
        keys = keys | old_keys if pod_changed else keys ^ old_keys
    return keys


def deep_hash(obj) -> str:
    """deepHashObjectToString, used to order ports and subsets. Upstream hashes Go's spew
    dump, which has no Python counterpart; the model hashes canonical JSON, so the order
    is as stable as upstream's but not the same one."""
    return hashlib.md5(json.dumps(obj, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def endpoints_equal_beyond_hash(a: dict, b: dict) -> bool:
    """EndpointsEqualBeyondHash: nodeName, zone, the three conditions and targetRef
    (ignoring its resourceVersion) — what the endpoint's hash does not cover."""
    def ref(ep):
        return {k: v for k, v in (ep.get("targetRef") or {}).items() if k != "resourceVersion"}
    return (a.get("nodeName") == b.get("nodeName") and a.get("zone") == b.get("zone")
            and (a.get("conditions") or {}) == (b.get("conditions") or {}) and ref(a) == ref(b))
