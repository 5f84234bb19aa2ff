"""The EndpointSlice controller (pkg/controller/endpointslice/endpointslice_controller.go).

For every Service with a selector it keeps EndpointSlices labelled
`kubernetes.io/service-name: <svc>` and `endpointslice.kubernetes.io/managed-by:
endpointslice-controller.k8s.io`, owned by the Service, listing the matching Pods as
endpoints; kube-proxy and CoreDNS read these. Event handlers only queue the Service's
key: Service changes at once, Pod changes after --endpointslice-updates-batch-period
(default 0, so a Pod turning Ready reaches its slice in the same instant), and changes
to the slices themselves — someone else's edit or deletion — after at least 1 s. The
controller's own writes coming back through the watch are recognised by generation and
ignored. ExternalName Services and Services without a selector get no slices (their
owners write them by hand). Retries back off from 1 s, not 5 ms: a sync may rewrite
many slices.

Left out: the EndpointSlice mirroring controller (custom Endpoints → slices,
`endpointslice.kubernetes.io/skip-mirror`), topology hints and trafficDistribution.
"""

from __future__ import annotations

from ...record import EventRecorder
from ..base import Controller, Informer, SyncError, key_of, split_key
from .endpointslice_tracker import EndpointSliceTracker
from .reconciler import MAX_ENDPOINTS_PER_SLICE, Reconciler
from .trigger_time_tracker import TriggerTimeTracker
from .util import (LABEL_MANAGED_BY, LABEL_SERVICE_NAME, pod_service_memberships,
                   pods_for_service, service_selector, services_to_update_on_pod_change)
from .utils import service_controller_key

CONTROLLER_QUALIFIED_NAME = "endpointslice-controller.k8s.io"
ENDPOINT_SLICE_CHANGE_MIN_SYNC_DELAY = 1.0


class EndpointSliceController(Controller):
    name = "endpointslice-controller"
    BASE_DELAY = 1.0    # defaultSyncBackOff (maxSyncBackOff 1000 s as the base class)

    def __init__(self, sim, client, services: Informer, pods: Informer, nodes: Informer,
                 slices: Informer, max_endpoints_per_slice: int = MAX_ENDPOINTS_PER_SLICE,
                 endpoint_updates_batch_period: float = 0.0) -> None:
        super().__init__(sim, client)
        self.services, self.pods, self.nodes, self.slices = services, pods, nodes, slices
        self.batch_period = endpoint_updates_batch_period
        self.tracker = EndpointSliceTracker()
        self.trigger_time_tracker = TriggerTimeTracker()
        self.recorder = EventRecorder(sim, client, component="endpoint-slice-controller")
        self.reconciler = Reconciler(client, nodes, self.tracker, CONTROLLER_QUALIFIED_NAME,
                                     max_endpoints_per_slice)
        services.add_handler(lambda type_, svc, old: self.enqueue(key_of(svc)))
        pods.add_handler(self._on_pod_event)
        slices.add_handler(self._on_slice_event)

    # -- event handlers -------------------------------------------------------------------------
    def _on_pod_event(self, type_: str, pod: dict, old: dict | None) -> None:
        if type_ == "MODIFIED" and old is not None:
            keys = services_to_update_on_pod_change(self.services, old, pod)
        else:   # added or deleted: the Services it is (was) a member of
            keys = pod_service_memberships(self.services, pod)
        for key in sorted(keys):
            self.enqueue(key, after=self.batch_period)

    def managed_by_controller(self, slice_: dict) -> bool:
        labels = slice_["metadata"].get("labels") or {}
        return labels.get(LABEL_MANAGED_BY) == CONTROLLER_QUALIFIED_NAME

    def _on_slice_event(self, type_: str, slice_: dict, old: dict | None) -> None:
        if type_ == "DELETED":
            # Queue only a deletion we did not make ourselves.
            if self.managed_by_controller(slice_) and self.tracker.has(slice_) \
                    and not self.tracker.handle_deletion(slice_):
                self.queue_service_for_endpoint_slice(slice_)
            return
        if old is not None:
            name = (slice_["metadata"].get("labels") or {}).get(LABEL_SERVICE_NAME)
            if name != (old["metadata"].get("labels") or {}).get(LABEL_SERVICE_NAME):
                self.queue_service_for_endpoint_slice(slice_)
                self.queue_service_for_endpoint_slice(old)
                return
            if self.managed_by_controller(old) != self.managed_by_controller(slice_):
                self.queue_service_for_endpoint_slice(slice_)
                return
        if self.managed_by_controller(slice_) and self.tracker.should_sync(slice_):
            self.queue_service_for_endpoint_slice(slice_)

    def queue_service_for_endpoint_slice(self, slice_: dict) -> None:
        key = service_controller_key(slice_)
        if key is not None:
            self.enqueue(key, after=max(ENDPOINT_SLICE_CHANGE_MIN_SYNC_DELAY, self.batch_period))

    # -- the sync ---------------------------------------------------------------------------------
    def reconcile(self, key: str) -> None:
        self.sync_service(key)

    def sync_service(self, key: str) -> None:
        namespace, name = split_key(key)
        service = self.services.get(key)
        if service is None:
            # Deleted: the garbage collector removes its slices (they are owned by it).
            self.trigger_time_tracker.delete_service(namespace, name)
            self.tracker.delete_service(namespace, name)
            return
        spec = service.get("spec") or {}
        if spec.get("type") == "ExternalName" or service_selector(service) is None:
            return
        pods = pods_for_service(self.pods, service)
        slices = [s for s in self.slices.list(namespace)
                  if (s["metadata"].get("labels") or {}).get(LABEL_SERVICE_NAME) == name
                  and self.managed_by_controller(s) and not s["metadata"].get("deletionTimestamp")]
        if self.tracker.stale_slices(service, slices):
            raise SyncError("EndpointSlice informer cache is out of date")
        # Computed before reconciling, so the tracker moves on even if nothing is written.
        trigger_time = self.trigger_time_tracker.compute_endpoint_last_change_trigger_time(
            namespace, service, pods)
        try:
            self.reconciler.reconcile(service, pods, slices, trigger_time)
        except SyncError as error:
            self.recorder.eventf(service, "Warning", "FailedToUpdateEndpointSlices",
                                 f"Error updating Endpoint Slices for Service {namespace}/{name}: "
                                 f"{error}")
            raise
