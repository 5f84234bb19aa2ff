"""The `endpoints.kubernetes.io/last-change-trigger-time` annotation
(staging/src/k8s.io/endpointslice/util/trigger_time_tracker.go).

Both endpoint controllers stamp their objects with the time of the change that caused
the write, so a consumer (kube-proxy's network-programming-latency metric) can measure
"Pod became Ready → rule programmed". A Pod's trigger time is its Ready condition's
lastTransitionTime, a Service's its creationTimestamp. Each sync returns the earliest
trigger time that moved since the previous sync; the first sync of a Service returns
its creationTimestamp. Worked example: pods a and b turn Ready at 10:00:05 and 10:00:07
and one sync sees both → annotation 10:00:05Z. The next sync, nothing moved → None, and
the controller drops the annotation on its next write.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...sim import parse_timestamp
from ..controller_utils import pod_ready_condition


@dataclass
class ServiceState:
    last_service_trigger_time: str | None = None
    last_pod_trigger_times: dict[str, str] = field(default_factory=dict)


def _after(a: str | None, b: str | None) -> bool:
    return a is not None and (b is None or parse_timestamp(a) > parse_timestamp(b))


def _min(current: str | None, new: str) -> str:
    return new if current is None or parse_timestamp(new) < parse_timestamp(current) else current


class TriggerTimeTracker:
    def __init__(self) -> None:
        self.service_states: dict[tuple[str, str], ServiceState] = {}

    def compute_endpoint_last_change_trigger_time(self, namespace: str, service: dict,
                                                  pods: list[dict]) -> str | None:
        """ComputeEndpointLastChangeTriggerTime: an RFC 3339 time, or None for "none"."""
        key = (namespace, service["metadata"]["name"])
        was_known = key in self.service_states
        state = self.service_states.setdefault(key, ServiceState())
        min_changed = None
        pod_times = {}
        for pod in pods:
            condition = pod_ready_condition(pod)
            pod_time = (condition or {}).get("lastTransitionTime")
            if pod_time:
                name = pod["metadata"]["name"]
                pod_times[name] = pod_time
                if _after(pod_time, state.last_pod_trigger_times.get(name)):
                    min_changed = _min(min_changed, pod_time)
        service_time = service["metadata"].get("creationTimestamp")
        if _after(service_time, state.last_service_trigger_time):
            min_changed = _min(min_changed, service_time)
        state.last_pod_trigger_times = pod_times
        state.last_service_trigger_time = service_time
        if not was_known:
            return service_time   # a new Service: its creationTimestamp
        return min_changed

    def delete_service(self, namespace: str, name: str) -> None:
        self.service_states.pop((namespace, name), None)
