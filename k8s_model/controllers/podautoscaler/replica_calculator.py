"""The HPA's arithmetic (pkg/controller/podautoscaler/replica_calculator.go).

    desiredReplicas = ceil(currentUtilization / targetUtilization × readyPods)

with two refinements that keep a rollout from fooling it. Pods that cannot report a
fair number are set aside (groupPods): Pending ones, unready ones, and, for CPU, Pods
still inside their 300 s start-up window whose sample predates their readiness — a JVM
warming up burns CPU that says nothing about load. Pods with no metric at all are
*missing*. When any were set aside, the ratio is computed again on the cautious side:
on a scale-up the unready and missing count as 0 % used, on a scale-down the missing
count as 100 % (or the target, if higher) — and if that flips the direction, or lands
within the 10 % tolerance, nothing changes. Worked example (upstream's
TestReplicaCalcScaleUpUnreadyLessScale): 3 Pods at 300m/500m/700m of 1 CPU each,
target 30 %, the first unready: 600m/1000m = 60 % → ratio 2.0; counting the unready
Pod as 0 % gives 1200/3000 = 40 % → ratio 1.33 → ceil(1.33 × 3) = 4, not 6.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ...api.quantity import parse_quantity
from ...sim import parse_timestamp
from ..controller_utils import pod_ready_condition

CPU_INITIALIZATION_PERIOD = 300.0       # --horizontal-pod-autoscaler-cpu-initialization-period
INITIAL_READINESS_DELAY = 30.0          # --horizontal-pod-autoscaler-initial-readiness-delay
TOLERANCE = 0.1                         # --horizontal-pod-autoscaler-tolerance


class MetricsError(Exception):
    """Replica calculation failed; str() is upstream's error text."""


@dataclass(frozen=True)
class PodMetric:
    timestamp: float        # virtual seconds
    window: float           # seconds the sample covers
    value: int              # milli-units (millicores, milli-bytes)


@dataclass(frozen=True)
class Tolerances:
    scale_down: float = TOLERANCE
    scale_up: float = TOLERANCE

    def is_within(self, usage_ratio: float) -> bool:
        return 1.0 - self.scale_down <= usage_ratio <= 1.0 + self.scale_up


ZERO_TIME = parse_timestamp("0001-01-01T00:00:00Z")   # Go's time.Time{}


def _time(value: str | None) -> float:
    """metav1.Time in virtual seconds; unset is Go's zero time, long, long ago."""
    return parse_timestamp(value) if value else ZERO_TIME


def group_pods(pods: list[dict], metrics: dict[str, PodMetric], resource: str,
               cpu_initialization_period: float, delay_of_initial_readiness_status: float,
               now: float) -> tuple[int, set, set, set]:
    """groupPods: (readyPodCount, unready, missing, ignored) Pod names."""
    ready, unready, missing, ignored = 0, set(), set(), set()
    for pod in pods:
        name, status = pod["metadata"]["name"], pod.get("status") or {}
        if pod["metadata"].get("deletionTimestamp") or status.get("phase") == "Failed":
            ignored.add(name)
            continue
        if status.get("phase") == "Pending":
            unready.add(name)
            continue
        metric = metrics.get(name)
        if metric is None:
            missing.add(name)
            continue
        if resource == "cpu":
            condition = pod_ready_condition(pod)
            if condition is None or not status.get("startTime"):
                is_unready = True
            else:
                start = _time(status["startTime"])
                transition = _time(condition.get("lastTransitionTime"))
                if start + cpu_initialization_period > now:
                    # Still starting: ignore the sample if the Pod is unready, or if one
                    # whole window has not passed since it last changed readiness.
                    is_unready = condition.get("status") == "False" or \
                        metric.timestamp < transition + metric.window
                else:
                    # Ignore a Pod that is unready and has never been Ready.
                    is_unready = condition.get("status") == "False" and \
                        start + delay_of_initial_readiness_status > transition
            if is_unready:
                unready.add(name)
                continue
        ready += 1
    return ready, unready, missing, ignored


def calculate_requests(pods: list[dict], container: str, resource: str) -> dict[str, int]:
    """calculateRequests: each Pod's request in milli-units, summed over its containers
    (and restartable init containers), or one named container's."""
    requests = {}
    for pod in pods:
        spec, name = pod["spec"], pod["metadata"]["name"]
        containers = list(spec.get("containers") or []) + [
            c for c in spec.get("initContainers") or [] if c.get("restartPolicy") == "Always"]
        total = 0
        for c in containers:
            if container in ("", c["name"]):
                value = ((c.get("resources") or {}).get("requests") or {}).get(resource)
                if value is None:
                    raise MetricsError(f"missing request for {resource} in container "
                                       f"{c['name']} of Pod {name}")
                total += parse_quantity(value).milli_value()
            if container == c["name"]:
                break
        else:
            if container:
                raise MetricsError(f"container {container} not found in Pod {name}")
        requests[name] = total
    return requests


def get_resource_utilization_ratio(metrics: dict[str, PodMetric], requests: dict[str, int],
                                   target_utilization: int) -> tuple[float, int, int]:
    """metrics/utilization.go: (usage ratio, utilization %, average raw value)."""
    metrics_total = requests_total = entries = 0
    for name, metric in metrics.items():
        if name not in requests:
            continue        # a metric for a Pod we do not know: extraneous
        metrics_total += metric.value
        requests_total += requests[name]
        entries += 1
    if requests_total == 0:
        raise MetricsError("no metrics returned matched known pods")
    utilization = metrics_total * 100 // requests_total
    return utilization / target_utilization, utilization, metrics_total // entries


def get_metric_usage_ratio(metrics: dict[str, PodMetric], target_usage: int) -> tuple[float, int]:
    total = sum(m.value for m in metrics.values())
    usage = total // len(metrics)
    return usage / target_usage, usage


class ReplicaCalculator:
    def __init__(self, metrics_client, pod_lister, clock,
                 cpu_initialization_period: float = CPU_INITIALIZATION_PERIOD,
                 delay_of_initial_readiness_status: float = INITIAL_READINESS_DELAY) -> None:
        # pod_lister(namespace, selector) -> Pods; clock() -> virtual now.
        self.metrics_client, self.pod_lister, self.clock = metrics_client, pod_lister, clock
        self.cpu_initialization_period = cpu_initialization_period
        self.delay_of_initial_readiness_status = delay_of_initial_readiness_status

    def _pods(self, namespace: str, selector) -> list[dict]:
        pods = self.pod_lister(namespace, selector)
        if not pods:
            raise MetricsError("no pods returned by selector while calculating replica count")
        return pods

    def _group(self, pods, metrics, resource):
        return group_pods(pods, metrics, resource, self.cpu_initialization_period,
                          self.delay_of_initial_readiness_status, self.clock())

    def get_resource_replicas(self, current_replicas: int, target_utilization: int,
                              resource: str, namespace: str, selector, container: str = "",
                              tolerances: Tolerances = Tolerances()
                              ) -> tuple[int, int, int, float]:
        """GetResourceReplicas: (replicas, utilization %, raw average milli-value, timestamp)."""
        try:
            metrics, timestamp = self.metrics_client.get_resource_metric(
                resource, namespace, selector, container)
        except MetricsError as error:
            raise MetricsError(f"unable to get metrics for resource {resource}: {error}") from None
        pods = self._pods(namespace, selector)
        ready, unready, missing, ignored = self._group(pods, metrics, resource)
        for name in ignored | unready:
            metrics.pop(name, None)
        if not metrics:
            raise MetricsError("did not receive metrics for targeted pods (pods might be unready)")
        requests = calculate_requests(pods, container, resource)
        ratio, utilization, raw = get_resource_utilization_ratio(metrics, requests,
                                                                 target_utilization)
        scale_up_with_unready = bool(unready) and ratio > 1.0
        if not scale_up_with_unready and not missing:
            if tolerances.is_within(ratio):
                return current_replicas, utilization, raw, timestamp
            return math.ceil(ratio * ready), utilization, raw, timestamp
        if missing:
            if ratio < 1.0:
                # Scale-down: a missing Pod counts as using all of its request (or the
                # target, for targets above 100 %).
                fallback = max(100, target_utilization)
                for name in missing:
                    metrics[name] = PodMetric(0, 0, requests[name] * fallback // 100)
            elif ratio > 1.0:
                for name in missing:            # scale-up: a missing Pod uses nothing
                    metrics[name] = PodMetric(0, 0, 0)
        if scale_up_with_unready:
            for name in unready:                # scale-up: an unready Pod uses nothing
                metrics[name] = PodMetric(0, 0, 0)
        new_ratio, _, _ = get_resource_utilization_ratio(metrics, requests, target_utilization)
        return self._rebalanced(current_replicas, ratio, new_ratio, len(metrics), tolerances), \
            utilization, raw, timestamp

    def get_raw_resource_replicas(self, current_replicas: int, target_usage: int, resource: str,
                                  namespace: str, selector, container: str = "",
                                  tolerances: Tolerances = Tolerances()
                                  ) -> tuple[int, int, float]:
        """GetRawResourceReplicas: an averageValue target (`--cpu=500m`)."""
        try:
            metrics, timestamp = self.metrics_client.get_resource_metric(
                resource, namespace, selector, container)
        except MetricsError as error:
            raise MetricsError(f"unable to get metrics for resource {resource}: {error}") from None
        replicas, usage = self.calc_plain_metric_replicas(metrics, current_replicas, target_usage,
                                                          namespace, selector, resource, tolerances)
        return replicas, usage, timestamp

    def calc_plain_metric_replicas(self, metrics: dict[str, PodMetric], current_replicas: int,
                                   target_usage: int, namespace: str, selector, resource: str,
                                   tolerances: Tolerances = Tolerances()) -> tuple[int, int]:
        pods = self._pods(namespace, selector)
        ready, unready, missing, ignored = self._group(pods, metrics, resource)
        for name in ignored | unready:
            metrics.pop(name, None)
        if not metrics:
            raise MetricsError("did not receive metrics for targeted pods (pods might be unready)")
        ratio, usage = get_metric_usage_ratio(metrics, target_usage)
        scale_up_with_unready = bool(unready) and ratio > 1.0
        if not scale_up_with_unready and not missing:
            if tolerances.is_within(ratio):
                return current_replicas, usage
            return math.ceil(ratio * ready), usage
        if missing:
            value = target_usage if ratio < 1.0 else 0
            if ratio != 1.0:
                for name in missing:
                    metrics[name] = PodMetric(0, 0, value)
        if scale_up_with_unready:
            for name in unready:
                metrics[name] = PodMetric(0, 0, 0)
        new_ratio, _ = get_metric_usage_ratio(metrics, target_usage)
        return self._rebalanced(current_replicas, ratio, new_ratio, len(metrics),
                                tolerances), usage

    @staticmethod
    def _rebalanced(current: int, ratio: float, new_ratio: float, counted: int,
                    tolerances: Tolerances) -> int:
        """The second pass: no change if within tolerance or if the direction flipped."""
        if tolerances.is_within(new_ratio) or (ratio < 1.0 < new_ratio) or \
                (ratio > 1.0 > new_ratio):
            return current
        replicas = math.ceil(new_ratio * counted)
        if (new_ratio < 1.0 and replicas > current) or (new_ratio > 1.0 and replicas < current):
            return current
        return replicas
