"""The Endpoints controller (pkg/controller/endpoint/endpoints_controller.go).

The older API beside EndpointSlices: one Endpoints object per Service, named as the
Service, whose subsets list ready Pods in `addresses` and the others in
`notReadyAddresses` (all in `addresses` with publishNotReadyAddresses). v1 Endpoints is
deprecated since v1.33 but the controller still runs, and `kubectl get endpoints` still
reads it.

Each sync re-lists the Service's Pods and builds the whole object: one subset per
(Pod, port), packed by RepackSubsets; a named targetPort is resolved per Pod and a Pod
without that port is left out of that port. Pods being deleted drop out at once (unless
publishNotReadyAddresses); finished Pods and Pods without an IP never appear. Labels are
the Service's plus `endpoints.kubernetes.io/managed-by: endpoint-controller` and, for a
headless Service, `service.kubernetes.io/headless`. Over 1000
addresses are cut, with `endpoints.kubernetes.io/over-capacity: truncated`. Nothing is
written when nothing changed. ExternalName and selector-less Services are left alone;
deleting a Service deletes its Endpoints. Pod changes are queued after
--endpoint-updates-batch-period (default 0: at once).
"""

from __future__ import annotations

from ...api import errors
from ...record import EventRecorder
from ..base import Controller, Informer, SyncError, key_of, split_key
from ..controller_utils import is_pod_ready
from ..endpointslice.trigger_time_tracker import TriggerTimeTracker
from ..endpointslice.util import (IS_HEADLESS_SERVICE, LAST_CHANGE_TRIGGER_TIME, is_service_ip_set,
                                  pod_ips, pod_service_memberships, pods_for_service,
                                  service_selector,
                                  services_to_update_on_pod_change, should_pod_be_in_endpoints,
                                  should_set_hostname)
from ..endpointslice.utils import find_port
from ..pod_control import namespace_terminating
from .subsets import MAX_CAPACITY, TRUNCATED, repack_subsets, truncate_endpoints

OVER_CAPACITY = "endpoints.kubernetes.io/over-capacity"
# Since v1.33 the controller marks the Endpoints it writes (KEP-4974), so a later
# clean-up can tell them from hand-made ones.
LABEL_MANAGED_BY = "endpoints.kubernetes.io/managed-by"
CONTROLLER_NAME = "endpoint-controller"


def pod_to_endpoint_address(service: dict, pod: dict) -> dict | None:
    """podToEndpointAddressForService: the Pod's IP of the Service's first IP family."""
    family = ((service.get("spec") or {}).get("ipFamilies") or ["IPv4"])[0]
    ip = next((ip for ip in pod_ips(pod) if (":" in ip) == (family == "IPv6")), None)
    if ip is None:
        return None
    meta = pod["metadata"]
    address = {"ip": ip}
    if should_set_hostname(pod, service):
        address["hostname"] = pod["spec"]["hostname"]
    address["nodeName"] = (pod.get("spec") or {}).get("nodeName", "")
    address["targetRef"] = {"kind": "Pod", "namespace": meta.get("namespace"),
                            "name": meta["name"], "uid": meta.get("uid")}
    return address


def endpoint_port(service_port: dict, number: int) -> dict:
    """endpointPortFromServicePort."""
    port = {"port": number, "protocol": service_port.get("protocol", "TCP")}
    if service_port.get("name"):
        port = {"name": service_port["name"], **port}
    if service_port.get("appProtocol") is not None:
        port["appProtocol"] = service_port["appProtocol"]
    return port


def add_endpoint_subset(subsets: list, pod: dict, address: dict, port: dict | None,
                        tolerate_unready: bool) -> None:
    """addEndpointSubset: one subset for this Pod (and port), ready or not."""
    field = "addresses" if tolerate_unready or is_pod_ready(pod) else "notReadyAddresses"
    subsets.append({field: [address], "ports": [port] if port else []})


def capacity_annotation_set_correctly(annotations: dict | None, subsets: list) -> bool:
    count = sum(len(s.get("addresses") or []) + len(s.get("notReadyAddresses") or [])
                for s in subsets)
    return count <= MAX_CAPACITY and OVER_CAPACITY not in (annotations or {})


def _ignore_ref_version(subsets: list) -> list:
    """endpointSubsetsEqualIgnoreResourceVersion compares without targetRef's
    resourceVersion."""
    def strip(address):
        ref = {k: v for k, v in (address.get("targetRef") or {}).items() if k != "resourceVersion"}
        return {**address, "targetRef": ref} if "targetRef" in address else address
    return [{k: [strip(a) for a in v] if k != "ports" else v for k, v in s.items() if v}
            for s in subsets]


class EndpointController(Controller):
    name = CONTROLLER_NAME

    def __init__(self, sim, client, services: Informer, pods: Informer, endpoints: Informer,
                 endpoint_updates_batch_period: float = 0.0) -> None:
        super().__init__(sim, client)
        self.services, self.pods, self.endpoints = services, pods, endpoints
        self.batch_period = endpoint_updates_batch_period
        self.trigger_time_tracker = TriggerTimeTracker()
        self.stale_resource_versions: dict[str, str] = {}   # staleEndpointsTracker
        self.recorder = EventRecorder(sim, client, component="endpoint-controller")
        services.add_handler(lambda type_, svc, old: self.enqueue(key_of(svc)))
        pods.add_handler(self._on_pod_event)
        endpoints.add_handler(
            lambda type_, ep, old: type_ == "DELETED" and self.enqueue(key_of(ep)))

    def _on_pod_event(self, type_: str, pod: dict, old: dict | None) -> None:
        if type_ == "MODIFIED" and old is not None:
            keys = services_to_update_on_pod_change(self.services, old, pod)
        else:
            keys = pod_service_memberships(self.services, pod)
        for key in sorted(keys):
            self.enqueue(key, after=self.batch_period)

    def reconcile(self, key: str) -> None:
        self.sync_service(key)

    def sync_service(self, key: str) -> None:
        namespace, name = split_key(key)
        service = self.services.get(key)
        if service is None:
            # The Service is gone: delete its Endpoints.
            try:
                self.client.delete("endpoints", namespace, name)
            except errors.ApiError as error:
                if error.code != 404:
                    raise
            self.trigger_time_tracker.delete_service(namespace, name)
            self.stale_resource_versions.pop(key, None)
            return
        spec = service.get("spec") or {}
        if spec.get("type") == "ExternalName" or service_selector(service) is None:
            return
        pods = pods_for_service(self.pods, service)
        trigger_time = self.trigger_time_tracker.compute_endpoint_last_change_trigger_time(
            namespace, service, pods)
        publish_not_ready = bool(spec.get("publishNotReadyAddresses"))
        subsets: list[dict] = []
        for pod in pods:
            if not should_pod_be_in_endpoints(pod, publish_not_ready):
                continue
            address = pod_to_endpoint_address(service, pod)
            if address is None:
                continue
            if not spec.get("ports"):
                if spec.get("clusterIP") == "None":   # a headless Service may have no ports
                    add_endpoint_subset(subsets, pod, address, None, publish_not_ready)
                continue
            for service_port in spec["ports"]:
                number = find_port(pod, service_port)
                if number is None:
                    continue   # "Failed to find port for service"
                add_endpoint_subset(subsets, pod, address, endpoint_port(service_port, number),
                                    publish_not_ready)
        subsets = repack_subsets(subsets)
        self.write_endpoints(service, subsets, trigger_time)

    def write_endpoints(self, service: dict, subsets: list, trigger_time: str | None) -> None:
        meta = service["metadata"]
        namespace, name = meta["namespace"], meta["name"]
        current = self.endpoints.get(f"{namespace}/{name}")
        if current is not None and self.stale_resource_versions.get(key_of(current)) == \
                current["metadata"].get("resourceVersion"):
            raise SyncError(f"endpoints informer cache is out of date, resource version "
                            f"{current['metadata']['resourceVersion']} already processed for "
                            f"endpoints {namespace}/{name}")
        service_labels = meta.get("labels") or {}
        if current is not None:
            compare_labels = {k: v for k, v in (current["metadata"].get("labels") or {}).items()
                              if k not in (IS_HEADLESS_SERVICE, LABEL_MANAGED_BY)}
            if (_ignore_ref_version(current.get("subsets") or []) == _ignore_ref_version(subsets)
                    and compare_labels == service_labels
                    and capacity_annotation_set_correctly(current["metadata"].get("annotations"),
                                                          current.get("subsets") or [])):
                return   # endpoints are equal, skipping update
        new = {"apiVersion": "v1", "kind": "Endpoints",
               "metadata": {"name": name, "namespace": namespace}} if current is None else \
            {**current, "metadata": dict(current["metadata"])}
        labels = {**service_labels, LABEL_MANAGED_BY: CONTROLLER_NAME}
        annotations = dict(new["metadata"].get("annotations") or {})
        if trigger_time:
            annotations[LAST_CHANGE_TRIGGER_TIME] = trigger_time
        else:
            annotations.pop(LAST_CHANGE_TRIGGER_TIME, None)
        if truncate_endpoints(subsets):
            annotations[OVER_CAPACITY] = TRUNCATED
        else:
            annotations.pop(OVER_CAPACITY, None)
        if not is_service_ip_set(service):
            labels[IS_HEADLESS_SERVICE] = ""
        for field, value in (("labels", labels), ("annotations", annotations)):
            if value:
                new["metadata"][field] = value
            else:
                new["metadata"].pop(field, None)
        new["subsets"] = subsets
        if not subsets:
            new.pop("subsets")
        try:
            if current is None:
                self.client.create("endpoints", new, namespace)
            else:
                updated = self.client.update("endpoints", new)
                # Remember the version we replaced: seeing it again in the cache means
                # the cache is behind our own write.
                old_version = current["metadata"].get("resourceVersion")
                if updated["metadata"].get("resourceVersion") != old_version:
                    self.stale_resource_versions[key_of(current)] = old_version
        except errors.ApiError as error:
            if current is None and error.code == 403 and namespace_terminating(error):
                return   # creates will keep failing in a namespace being deleted
            if current is None:
                self.recorder.eventf(new, "Warning", "FailedToCreateEndpoint",
                                     f"Failed to create endpoint for service {namespace}/{name}: "
                                     f"{error.message}")
            else:
                self.recorder.eventf(new, "Warning", "FailedToUpdateEndpoint",
                                     f"Failed to update endpoint {namespace}/{name}: "
                                     f"{error.message}")
            raise
