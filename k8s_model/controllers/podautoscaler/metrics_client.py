"""The HPA's view of the Metrics API (pkg/controller/podautoscaler/metrics/
rest_metrics_client.go, resourceMetricsClient).

It lists the PodMetrics of the target's selector and turns each into one number per
Pod: the sum of its containers' usage in milli-units (or one container's). A Pod with
a container lacking the resource is left out — the replica calculator then treats it
as *missing*. Without metrics-server the list fails as a real cluster's does.
"""

from __future__ import annotations

from ...api.quantity import parse_quantity
from ...sim import parse_timestamp
from .replica_calculator import MetricsError, PodMetric

NO_METRICS_API = ("the server could not find the requested resource "
                  "(get pods.metrics.k8s.io)")


def _seconds(window: str) -> float:
    return float(window.rstrip("s"))


class RESTMetricsClient:
    def __init__(self, metrics_server=None) -> None:
        self.metrics_server = metrics_server     # None: metrics-server is not installed

    def get_resource_metric(self, resource: str, namespace: str, selector,
                            container: str = "") -> tuple[dict[str, PodMetric], float]:
        if self.metrics_server is None:
            raise MetricsError(f"unable to fetch metrics from resource metrics API: "
                               f"{NO_METRICS_API}")
        items = self.metrics_server.pod_metrics(namespace, selector)
        if not items:
            raise MetricsError("no metrics returned from resource metrics API")
        result = {}
        for item in items:
            containers = item.get("containers") or []
            if container:
                containers = [c for c in containers if c["name"] == container]
                if not containers:
                    raise MetricsError(f"container {container} not present in metrics for pod "
                                       f"{item['metadata']['namespace']}/"
                                       f"{item['metadata']['name']}")
            values = [c["usage"].get(resource) for c in containers]
            if not values or None in values:
                continue                        # a container without it: the Pod is missing
            result[item["metadata"]["name"]] = PodMetric(
                parse_timestamp(item["timestamp"]), _seconds(item["window"]),
                sum(parse_quantity(v).milli_value() for v in values))
        return result, parse_timestamp(items[0]["timestamp"])
