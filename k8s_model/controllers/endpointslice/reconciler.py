"""The EndpointSlice reconciler (staging/src/k8s.io/endpointslice/reconciler.go).

Given a Service, the Pods its selector matches and the slices that exist, it works out
the fewest writes that make the slices say the same as the Pods:

1. Group the desired endpoints by their set of ports (Pods whose named targetPort
   resolves differently need different slices).
2. Per group, walk the existing slices: keep endpoints still desired (updating any whose
   conditions, node or zone changed), drop the others; a slice left empty is deleted.
3. Fill the slices already being updated, fullest first, up to maxEndpointsPerSlice
   (100 by default); then put what is left into the unchanged slice it would fill best,
   and only then create new slices.

Worked example, maxEndpointsPerSlice 100: a Service with 250 ready Pods gets three new
slices of 100, 100 and 50. Scale to 260: the 10 new endpoints fit the 50-slice (one
update, no create). Scale to 240 by deleting Pods from the first slice: that slice is
updated in place with 80 endpoints. A Service with no endpoints keeps one empty
placeholder slice. Topology hints and trafficDistribution are not modelled.
"""

from __future__ import annotations

from ...api import errors
from ..base import SyncError
from ..pod_control import namespace_terminating
from .util import deep_hash, endpoints_equal_beyond_hash, should_pod_be_in_endpoints
from .utils import (EndpointSet, add_trigger_time_annotation, get_endpoint_ports,
                    get_slice_to_fill, new_endpoint_slice, owned_by, pod_to_endpoint,
                    set_endpoint_slice_labels)

MAX_ENDPOINTS_PER_SLICE = 100   # kube-controller-manager --max-endpoints-per-slice


def address_types_for_service(service: dict) -> list[str]:
    """getAddressTypesForService: one slice family per spec.ipFamilies entry."""
    families = (service.get("spec") or {}).get("ipFamilies") or ["IPv4"]
    return [{"IPv4": "IPv4", "IPv6": "IPv6"}[f] for f in families if f in ("IPv4", "IPv6")]


def port_map_key(ports: list[dict]) -> str:
    """NewPortMapKey: sorts the ports by hash (in place, as upstream) and hashes them."""
    ports.sort(key=deep_hash)
    return deep_hash(ports)


class Reconciler:
    def __init__(self, client, nodes, tracker, controller_name: str,
                 max_endpoints_per_slice: int = MAX_ENDPOINTS_PER_SLICE) -> None:
        self.client, self.nodes, self.tracker = client, nodes, tracker
        self.controller_name = controller_name
        self.max_endpoints_per_slice = max_endpoints_per_slice

    def reconcile(self, service: dict, pods: list[dict], existing: list[dict],
                  trigger_time: str | None) -> None:
        supported = address_types_for_service(service)
        for address_type in supported:
            same_type = [s for s in existing if s.get("addressType") == address_type]
            self.reconcile_by_address_type(service, pods, trigger_time, address_type, same_type)
        for slice_ in existing:   # a family the Service no longer has
            if slice_.get("addressType") not in supported:
                self.delete_endpoint_slice(service, slice_)

    def reconcile_by_address_type(self, service, pods, trigger_time, address_type,
                                  existing) -> None:
        to_delete, sync_errors = [], []
        existing_by_port_map: dict[str, list[dict]] = {}
        for slice_ in existing:
            if owned_by(slice_, service):
                key = port_map_key(list(slice_.get("ports") or []))
                existing_by_port_map.setdefault(key, []).append(slice_)
            else:
                to_delete.append(slice_)
        desired_ports: dict[str, list[dict]] = {}
        desired: dict[str, EndpointSet] = {}
        publish_not_ready = bool((service.get("spec") or {}).get("publishNotReadyAddresses"))
        for pod in pods:
            if not should_pod_be_in_endpoints(pod, True):
                continue
            ports = get_endpoint_ports(service, pod)
            key = port_map_key(ports)
            desired.setdefault(key, EndpointSet())
            desired_ports.setdefault(key, ports)
            node = self.nodes.get(pod["spec"].get("nodeName", ""))
            if node is None and not publish_not_ready:
                # Skip the Pod now and retry: its Node may be on its way into the cache.
                svc = f"{service['metadata']['namespace']}/{service['metadata']['name']}"
                sync_errors.append(f"skipping Pod {pod['metadata']['name']} for Service {svc}: "
                                   f"Node {pod['spec'].get('nodeName', '')} Not Found")
                continue
            endpoint = pod_to_endpoint(pod, node, service, address_type)
            if endpoint["addresses"]:
                desired[key].insert(endpoint)
        to_create, to_update = [], []
        for key, endpoints in desired.items():
            create, update, delete = self.reconcile_by_port_mapping(
                service, existing_by_port_map.get(key, []), endpoints, desired_ports[key],
                address_type)
            to_create += create
            to_update += update
            to_delete += delete
        for key, slices in existing_by_port_map.items():   # port sets no longer wanted
            if key not in desired:
                to_delete += slices
        # With no endpoints at all, keep (or create) one empty placeholder slice.
        if len(existing) == len(to_delete) and not to_create:
            placeholder = new_endpoint_slice(service, [], address_type, self.controller_name)
            if len(to_delete) == 1 and self._is_placeholder(to_delete[0], placeholder):
                to_delete = []
            else:
                to_create.append(placeholder)
        self.finalize(service, to_create, to_update, to_delete, trigger_time)
        if sync_errors:
            raise SyncError("; ".join(sync_errors))

    @staticmethod
    def _is_placeholder(slice_: dict, placeholder: dict) -> bool:
        """placeholderSliceCompare: of the metadata only namespace and labels count; an
        empty list equals a missing one."""
        meta, want = slice_["metadata"], placeholder["metadata"]
        return (meta.get("namespace") == want["namespace"]
                and (meta.get("labels") or {}) == want["labels"]
                and slice_.get("addressType") == placeholder["addressType"]
                and not slice_.get("endpoints") and not slice_.get("ports"))

    def reconcile_by_port_mapping(self, service, existing, desired: EndpointSet, ports,
                                  address_type) -> tuple[list, list, list]:
        """reconcileByPortMapping: (slices to create, to update, to delete)."""
        max_per_slice = self.max_endpoints_per_slice
        by_name = {}
        unchanged, to_update, to_delete = [], [], []   # slice names, in order
        # 1. Keep the endpoints still desired, update those that changed.
        for slice_ in existing:
            name = slice_["metadata"]["name"]
            by_name[name] = slice_
            kept, updated = [], False
            for endpoint in slice_.get("endpoints") or []:
                got = desired.get(endpoint)
                if got is not None:
                    kept.append(got)
                    updated = updated or not endpoints_equal_beyond_hash(got, endpoint)
                    desired.delete(endpoint)
            labels, labels_changed = set_endpoint_slice_labels(slice_, service,
                                                               self.controller_name)
            if updated or len(kept) != len(slice_.get("endpoints") or []):
                if not kept:
                    to_delete.append(name)
                else:
                    by_name[name] = {**slice_, "endpoints": kept,
                                     "metadata": {**slice_["metadata"], "labels": labels}}
                    to_update.append(name)
            elif labels_changed:
                by_name[name] = {**slice_, "endpoints": list(slice_.get("endpoints") or []),
                                 "metadata": {**slice_["metadata"], "labels": labels}}
                to_update.append(name)
            else:
                unchanged.append(name)
        # 2. Fill the slices being updated anyway, fullest first.
        if desired and to_update:
            for name in sorted(to_update, key=lambda n: -len(by_name[n]["endpoints"])):
                slice_ = by_name[name]
                while desired and len(slice_["endpoints"]) < max_per_slice:
                    slice_["endpoints"].append(desired.pop_any())
        # 3. Put what is left in the unchanged slice it fills best, else in new slices.
        to_create = []
        while desired:
            fill = None
            if len(desired) < max_per_slice and unchanged:
                fill = get_slice_to_fill([by_name[n] for n in unchanged], len(desired),
                                         max_per_slice)
            if fill is None:
                fill = new_endpoint_slice(service, ports, address_type, self.controller_name)
            else:
                fill = {**fill, "endpoints": list(fill.get("endpoints") or [])}
                by_name[fill["metadata"]["name"]] = fill
            while desired and len(fill["endpoints"]) < max_per_slice:
                fill["endpoints"].append(desired.pop_any())
            if fill["metadata"].get("name"):
                to_update.append(fill["metadata"]["name"])
                unchanged.remove(fill["metadata"]["name"])
            else:
                to_create.append(fill)
        return to_create, [by_name[n] for n in to_update], [by_name[n] for n in to_delete]

    def finalize(self, service, to_create, to_update, to_delete, trigger_time) -> None:
        """Turn creates into updates of slices that would otherwise be deleted, then write."""
        i = 0
        while i < len(to_delete) and to_create:
            doomed, slice_ = to_delete[i], to_create[-1]
            if doomed.get("addressType") == slice_["addressType"] and owned_by(doomed, service):
                # The new slice takes the doomed one's name: one update, not two writes.
                to_create.pop()
                to_update.append({**doomed, "endpoints": slice_["endpoints"],
                                  "ports": slice_["ports"],
                                  "metadata": {**doomed["metadata"],
                                               "labels": slice_["metadata"]["labels"]}})
                del to_delete[i]
            else:
                i += 1
        namespace = service["metadata"]["namespace"]
        svc = f"{namespace}/{service['metadata']['name']}"
        for slice_ in to_create + to_update:
            # Stored as protobuf, an empty list is no list: a real placeholder reads
            # `endpoints: null`, `ports: null` (kubernetes/kubernetes#135968).
            for field in ("endpoints", "ports"):
                slice_[field] = slice_.get(field) or None
        # No new slices for a Service being deleted: the garbage collector is removing them.
        if not service["metadata"].get("deletionTimestamp"):
            for slice_ in to_create:
                add_trigger_time_annotation(slice_, trigger_time)
                try:
                    created = self.client.create("endpointslices", slice_, namespace)
                except errors.ApiError as error:
                    if namespace_terminating(error):
                        return   # creates will keep failing: drop the item
                    raise SyncError(f"failed to create EndpointSlice for Service {svc}: "
                                    f"{error.message}") from error
                self.tracker.update(created)
        for slice_ in to_update:
            add_trigger_time_annotation(slice_, trigger_time)
            try:
                self.tracker.update(self.client.update("endpointslices", slice_))
            except errors.ApiError as error:
                raise SyncError(f"failed to update {slice_['metadata']['name']} EndpointSlice "
                                f"for Service {svc}: {error.message}") from error
        for slice_ in to_delete:
            self.delete_endpoint_slice(service, slice_)

    def delete_endpoint_slice(self, service: dict, slice_: dict) -> None:
        """deleteEndpointSlice: one already gone is fine."""
        namespace = service["metadata"]["namespace"]
        try:
            self.client.delete("endpointslices", namespace, slice_["metadata"]["name"])
        except errors.ApiError as error:
            if error.code == 404:
                return
            raise SyncError(f"failed to delete {slice_['metadata']['name']} EndpointSlice for "
                            f"Service {namespace}/{service['metadata']['name']}: "
                            f"{error.message}") from error
        self.tracker.expect_deletion(slice_)
