"""Building EndpointSlices from Pods (staging/src/k8s.io/endpointslice/utils.go,
util/endpointset.go).

One Pod becomes one endpoint: its IPs of the slice's family, `conditions` (serving =
the Pod is Ready; terminating = it is being deleted; ready = serving and not
terminating, or always with publishNotReadyAddresses), nodeName, the Node's zone, a
targetRef, and a hostname when the Pod names this Service as its subdomain. The ports
come from the Service, a named targetPort looked up among the Pod's container ports
(FindPort): Pods whose ports resolve differently land in different slices.
"""

from __future__ import annotations

from ...api.validation.util import name_is_dns_subdomain
from ..controller_ref_manager import new_controller_ref
from ..controller_utils import is_pod_ready
from .util import (IS_HEADLESS_SERVICE, LABEL_MANAGED_BY, LABEL_SERVICE_NAME,
                   LABEL_TOPOLOGY_ZONE, LAST_CHANGE_TRIGGER_TIME, is_service_ip_set, pod_ips,
                   should_set_hostname)


def find_port(pod: dict, service_port: dict) -> int | None:
    """FindPort: a numeric targetPort as is; a named one from the containers' ports with
    the same name and protocol (sidecars — restartPolicy Always init containers — too).
    None when the Pod has no such port."""
    target = service_port.get("targetPort")
    if isinstance(target, int):
        return target
    protocol = service_port.get("protocol", "TCP")
    spec = pod.get("spec") or {}
    containers = list(spec.get("containers") or []) + [
        c for c in spec.get("initContainers") or [] if c.get("restartPolicy") == "Always"]
    for container in containers:
        for port in container.get("ports") or []:
            if port.get("name") == target and port.get("protocol", "TCP") == protocol:
                return port["containerPort"]
    return None


def pod_to_endpoint(pod: dict, node: dict | None, service: dict, address_type: str) -> dict:
    """podToEndpoint."""
    serving = is_pod_ready(pod)
    terminating = bool(pod["metadata"].get("deletionTimestamp"))
    # For compatibility, "ready" is never true for a terminating Pod unless
    # publishNotReadyAddresses is set.
    ready = bool((service.get("spec") or {}).get("publishNotReadyAddresses")) or \
        (serving and not terminating)
    meta = pod["metadata"]
    endpoint = {"addresses": endpoint_addresses(pod, address_type),
                "conditions": {"ready": ready, "serving": serving, "terminating": terminating}}
    if should_set_hostname(pod, service):
        endpoint["hostname"] = pod["spec"]["hostname"]
    endpoint["targetRef"] = {"kind": "Pod", "namespace": meta.get("namespace"),
                             "name": meta["name"], "uid": meta.get("uid")}
    if (pod.get("spec") or {}).get("nodeName"):
        endpoint["nodeName"] = pod["spec"]["nodeName"]
    zone = ((node or {}).get("metadata", {}).get("labels") or {}).get(LABEL_TOPOLOGY_ZONE)
    if zone:
        endpoint["zone"] = zone
    return endpoint


def endpoint_addresses(pod: dict, address_type: str) -> list[str]:
    """getEndpointAddresses: the Pod's IPs of this family."""
    return [ip for ip in pod_ips(pod) if (":" in ip) == (address_type == "IPv6")]


def get_endpoint_ports(service: dict, pod: dict) -> list[dict]:
    """getEndpointPorts: one per Service port the Pod can serve (a headless Service may
    have none)."""
    spec = service.get("spec") or {}
    ports = []
    for service_port in spec.get("ports") or []:
        number = find_port(pod, service_port)
        if number is None:
            continue   # "Failed to find port for service"
        port = {"name": service_port.get("name", ""), "port": number,
                "protocol": service_port.get("protocol", "TCP")}
        if service_port.get("appProtocol") is not None:
            port["appProtocol"] = service_port["appProtocol"]
        ports.append(port)
    return ports


def endpoint_slice_prefix(service_name: str) -> str:
    """getEndpointSlicePrefix: `<service>-`, unless that is no valid generateName."""
    prefix = f"{service_name}-"
    return prefix if not name_is_dns_subdomain(prefix, True) else service_name


def new_endpoint_slice(service: dict, ports: list[dict], address_type: str,
                       controller_name: str) -> dict:
    """newEndpointSlice: owned by the Service (so the garbage collector removes it with
    the Service), labelled with the Service's labels and the reserved ones."""
    meta = service["metadata"]
    slice_ = {"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
              "metadata": {"generateName": endpoint_slice_prefix(meta["name"]),
                           "namespace": meta.get("namespace"), "labels": {},
                           "ownerReferences": [new_controller_ref(service, "v1", "Service")]},
              "addressType": address_type, "endpoints": [], "ports": ports}
    slice_["metadata"]["labels"], _ = set_endpoint_slice_labels(slice_, service, controller_name)
    return slice_


RESERVED_LABELS = (LABEL_SERVICE_NAME, LABEL_MANAGED_BY, IS_HEADLESS_SERVICE)


def set_endpoint_slice_labels(slice_: dict, service: dict,
                              controller_name: str) -> tuple[dict, bool]:
    """setEndpointSliceLabels: the Service's labels (minus the reserved ones) plus
    service-name, managed-by and, for a headless Service, service.kubernetes.io/headless;
    and whether the copied Service labels changed."""
    slice_labels = {k: v for k, v in (slice_["metadata"].get("labels") or {}).items()
                    if k not in RESERVED_LABELS}
    labels = {k: v for k, v in (service["metadata"].get("labels") or {}).items()
              if k not in RESERVED_LABELS}
    updated = slice_labels != labels
    if not is_service_ip_set(service):
        labels[IS_HEADLESS_SERVICE] = ""
    labels[LABEL_SERVICE_NAME] = service["metadata"]["name"]
    labels[LABEL_MANAGED_BY] = controller_name
    return labels, updated


def owned_by(slice_: dict, service: dict) -> bool:
    return any(ref.get("uid") == service["metadata"].get("uid") and ref.get("kind") == "Service"
               and ref.get("apiVersion") == "v1"
               for ref in slice_["metadata"].get("ownerReferences") or [])


def get_slice_to_fill(slices: list[dict], num_endpoints: int, max_endpoints: int) -> dict | None:
    """getSliceToFill: the slice that would be closest to full after taking them all."""
    closest_diff, closest = max_endpoints, None
    for slice_ in slices:
        diff = max_endpoints - (num_endpoints + len(slice_.get("endpoints") or []))
        if 0 <= diff < closest_diff:
            closest_diff, closest = diff, slice_
            if diff == 0:
                return closest
    return closest


def add_trigger_time_annotation(slice_: dict, trigger_time: str | None) -> None:
    annotations = dict(slice_["metadata"].get("annotations") or {})
    if trigger_time:
        annotations[LAST_CHANGE_TRIGGER_TIME] = trigger_time
    else:
        annotations.pop(LAST_CHANGE_TRIGGER_TIME, None)
    if annotations:
        slice_["metadata"]["annotations"] = annotations
    else:
        slice_["metadata"].pop("annotations", None)


def service_controller_key(slice_: dict) -> str | None:
    """ServiceControllerKey: `<namespace>/<kubernetes.io/service-name>`."""
    name = (slice_["metadata"].get("labels") or {}).get(LABEL_SERVICE_NAME)
    return f"{slice_['metadata'].get('namespace')}/{name}" if name else None


class EndpointSet:
    """util.EndpointSet: endpoints keyed by addresses, hostname and target Pod, so a
    change of conditions or zone updates an endpoint in place. Upstream is a Go map
    (PopAny takes any); here insertion order, so runs are repeatable."""

    def __init__(self) -> None:
        self.items: dict[tuple, dict] = {}

    @staticmethod
    def hash(endpoint: dict) -> tuple:
        ref = endpoint.get("targetRef") or {}
        return (tuple(sorted(endpoint.get("addresses") or [])), endpoint.get("hostname") or "",
                ref.get("namespace") or "", ref.get("name") or "")

    def insert(self, endpoint: dict) -> None:
        self.items[self.hash(endpoint)] = endpoint

    def get(self, endpoint: dict) -> dict | None:
        return self.items.get(self.hash(endpoint))

    def delete(self, endpoint: dict) -> None:
        self.items.pop(self.hash(endpoint), None)

    def pop_any(self) -> dict:
        return self.items.pop(next(iter(self.items)))

    def __len__(self) -> int:
        return len(self.items)
