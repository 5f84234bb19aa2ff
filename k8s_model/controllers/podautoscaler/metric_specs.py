"""One metric of an HPA's spec (horizontal.go computeReplicasForMetric and
computeStatusForResourceMetric): the replicas it asks for, a name for the event's reason
(`cpu resource utilization (percentage of request)`), and its MetricStatus — the
`currentMetrics` entry `kubectl get hpa` prints as `cpu: 45%/50%`. A failure becomes a
Warning event and the ScalingActive=False condition the controller may set.
"""

from __future__ import annotations

from ...api.quantity import Quantity
from .replica_calculator import MetricsError, ReplicaCalculator, Tolerances


class FailedMetric(Exception):
    """One metric could not be computed; carries the ScalingActive condition to set."""

    def __init__(self, message: str, reason: str, cause: str) -> None:
        super().__init__(message)
        self.reason, self.cause = reason, cause


def compute_replicas_for_metric(calc: ReplicaCalculator, recorder, hpa: dict, spec: dict,
                                spec_replicas: int, selector,
                                tolerances: Tolerances) -> tuple[int, str, dict]:
    """computeReplicasForMetric for Resource metrics (cpu, memory), utilization or
    averageValue targets. Pods, Object, External and ContainerResource metrics need
    an adapter this cluster does not run: they fail as with none installed."""
    kind = spec.get("type")
    if kind != "Resource":
        reason = {"Pods": "FailedGetPodsMetric", "Object": "FailedGetObjectMetric",
                  "External": "FailedGetExternalMetric",
                  "ContainerResource": "FailedGetContainerResourceMetric"}.get(
            kind, "InvalidMetricSourceType")
        message = f"unable to fetch metrics from {kind} metrics API: the server could " \
                  f"not find the requested resource"
        recorder.eventf(hpa, "Warning", reason, message)
        raise FailedMetric(f"failed to get {kind} metric value: {message}", reason, message)
    source = spec["resource"]
    name, target = source["name"], source.get("target") or {}
    namespace = hpa["metadata"]["namespace"]
    try:
        if target.get("averageValue") is not None:
            goal = Quantity.parse(target["averageValue"]).milli_value()
            try:
                replicas, raw, _ = calc.get_raw_resource_replicas(
                    spec_replicas, goal, name, namespace, selector, "", tolerances)
            except MetricsError as error:
                raise MetricsError(f"failed to get {name} usage: {error}") from None
            return replicas, f"{name} resource", {"type": "Resource", "resource": {
                "name": name, "current": {"averageValue": str(Quantity.from_milli(raw))}}}
        if target.get("averageUtilization") is None:
            raise MetricsError("invalid resource metric source: neither an average "
                               "utilization target nor an average value (usage) target "
                               "was set")
        try:
            replicas, utilization, raw, _ = calc.get_resource_replicas(
                spec_replicas, target["averageUtilization"], name, namespace, selector, "",
                tolerances)
        except MetricsError as error:
            raise MetricsError(f"failed to get {name} utilization: {error}") from None
    except MetricsError as error:
        recorder.eventf(hpa, "Warning", "FailedGetResourceMetric", str(error))
        raise FailedMetric(f"failed to get {name} resource metric value: {error}",
                           "FailedGetResourceMetric", str(error)) from None
    return replicas, f"{name} resource utilization (percentage of request)", {
        "type": "Resource", "resource": {"name": name, "current": {
            "averageUtilization": utilization,
            "averageValue": str(Quantity.from_milli(raw))}}}

