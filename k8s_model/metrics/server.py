"""metrics-server (kubernetes-sigs/metrics-server): the Metrics API behind `kubectl top`
and the HorizontalPodAutoscaler.

Every `--metric-resolution` (15 s) it scrapes each reachable kubelet's /metrics/resource
and keeps the last two samples of every container. CPU is a counter, so a rate needs
both: a container seen once has no metrics yet, which is why a new Pod shows up in
`kubectl top` only after a scrape or two. It stores nothing in etcd; the API server
proxies `metrics.k8s.io/v1beta1` to it (an APIService), and each answer is built from
memory at the time it is asked. Here clients call it in Python: `pod_metrics`,
`node_metrics` return the API's own PodMetrics / NodeMetrics objects.
"""

from __future__ import annotations

from ..api.quantity import parse_quantity
from ..api.selectors import Selector
from .usage import MI, ContainerSample, scrape_kubelet

METRIC_RESOLUTION = 15.0        # metrics-server --metric-resolution
API_VERSION = "metrics.k8s.io/v1beta1"
# What a node's own daemons use besides its Pods (systemd, containerd, the kubelet).
NODE_OVERHEAD = (0.040, 420 * MI)


def nanocores(cores: float) -> str:
    return f"{round(cores * 1e9)}n"


def kibibytes(value: int) -> str:
    return f"{value // 1024}Ki"


class MetricsServer:
    def __init__(self, sim, kubelets: dict, resolution: float = METRIC_RESOLUTION) -> None:
        self.sim, self.kubelets, self.resolution = sim, kubelets, resolution
        self._previous: dict[str, tuple[float, int]] = {}   # container id -> (time, served)
        self._pods: dict[tuple[str, str], dict] = {}
        self._nodes: dict[str, dict] = {}
        self.sim.call_later(resolution, self._tick)

    def _tick(self) -> None:
        self.scrape()
        self.sim.call_later(self.resolution, self._tick)

    def scrape(self) -> None:
        now = self.sim.now
        seen: dict[str, tuple[float, int]] = {}
        pods: dict[tuple[str, str], dict] = {}
        nodes: dict[str, dict] = {}
        for node, kubelet in sorted(self.kubelets.items()):
            if not kubelet.client.connected:   # unreachable: its metrics go stale and drop
                continue
            cpu, memory = NODE_OVERHEAD
            for sample in scrape_kubelet(kubelet):
                seen[sample.container_id] = (now, sample.requests_served)
                usage = self._rate(sample, now)
                if usage is None:
                    continue
                cpu, memory = cpu + usage, memory + sample.profile.memory_bytes
                pod = pods.setdefault((sample.namespace, sample.pod), self._pod_metrics(sample))
                pod["containers"].append({"name": sample.container, "usage": {
                    "cpu": nanocores(usage), "memory": kibibytes(sample.profile.memory_bytes)}})
            nodes[node] = {"kind": "NodeMetrics", "apiVersion": API_VERSION,
                           "metadata": {"name": node, "labels": {}},
                           "timestamp": self.sim.timestamp(), "window": self._window(),
                           "usage": {"cpu": nanocores(cpu), "memory": kibibytes(memory)}}
        self._previous, self._pods, self._nodes = seen, pods, nodes

    def _rate(self, sample: ContainerSample, now: float) -> float | None:
        """CPU cores over the last window: idle + cost × requests per second, capped by
        the CPU limit (the cgroup's CFS quota). None until the container has two samples."""
        previous = self._previous.get(sample.container_id)
        if previous is None or now <= previous[0]:
            return None
        elapsed = now - previous[0]
        per_second = (sample.requests_served - previous[1]) / elapsed
        cores = sample.profile.idle_cores + sample.profile.cpu_per_request * per_second
        return cores if sample.limit_cores is None else min(cores, sample.limit_cores)

    def _window(self) -> str:
        return f"{self.resolution:g}s"

    def _pod_metrics(self, sample: ContainerSample) -> dict:
        return {"kind": "PodMetrics", "apiVersion": API_VERSION,
                "metadata": {"name": sample.pod, "namespace": sample.namespace,
                             "labels": dict(sample.labels)},
                "timestamp": self.sim.timestamp(), "window": self._window(),
                "containers": []}

    # -- the Metrics API ---------------------------------------------------------------------
    def pod_metrics(self, namespace: str | None = None,
                    selector: Selector | None = None) -> list[dict]:
        """GET /apis/metrics.k8s.io/v1beta1[/namespaces/NS]/pods?labelSelector=…"""
        items = []
        for (ns, name), item in sorted(self._pods.items()):
            if namespace is not None and ns != namespace:
                continue
            if selector is not None and not selector.matches(item["metadata"]["labels"]):
                continue
            items.append(_stamped(item, self.sim.timestamp()))
        return items

    def node_metrics(self, selector: Selector | None = None) -> list[dict]:
        return [_stamped(item, self.sim.timestamp()) for name, item in sorted(self._nodes.items())
                if selector is None or selector.matches(item["metadata"]["labels"])]


def _stamped(item: dict, now: str) -> dict:
    """A copy, with the creationTimestamp metrics-server gives every answer: now."""
    copy = {**item, "metadata": {**item["metadata"], "creationTimestamp": now}}
    if "containers" in item:
        copy["containers"] = [{**c, "usage": dict(c["usage"])} for c in item["containers"]]
    else:
        copy["usage"] = dict(item["usage"])
    return copy


def milli_value(quantity: str) -> int:
    """resource.Quantity's MilliValue of a metric (`123456n` is 1m: rounded up)."""
    return parse_quantity(quantity).milli_value()
