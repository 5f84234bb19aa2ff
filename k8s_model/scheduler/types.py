"""What the scheduler knows about Pods and Nodes (pkg/scheduler/framework/types.go,
k8s.io/component-helpers/resource/helpers.go).

A `PodInfo` is a Pod plus what every cycle needs from it, computed once: its requests
(sum of containers, at least the largest init container, plus overhead) and its affinity
terms. A `NodeInfo` is a Node plus the Pods on it and running totals, so Filter and
Score never walk a node's Pods again. Two totals matter:

* `requested` — the real requests, what NodeResourcesFit's filter compares;
* `non_zero_requested` — the same, but a container that names no cpu counts 100m and
  one that names no memory counts 200Mi. Only scoring uses it, so ten BestEffort pods
  still make a node look busier. A request written as `cpu: 0` stays zero.
"""

from __future__ import annotations

from ..api.resource_helper import aggregate_pod
from ..api.quantity import parse_quantity
from ..api.selectors import Selector, from_label_selector

DEFAULT_MILLI_CPU_REQUEST = 100                 # schedutil.DefaultMilliCPURequest
DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024      # schedutil.DefaultMemoryRequest (200Mi)
NON_MISSING = {"cpu": DEFAULT_MILLI_CPU_REQUEST, "memory": DEFAULT_MEMORY_REQUEST}
_NATIVE = ("cpu", "memory", "ephemeral-storage")


def quantity_value(name: str, value) -> int:
    """CPU in millicores (MilliValue), everything else in whole units (Value)."""
    q = parse_quantity(value)
    return q.milli_value() if name == "cpu" else q.value()


def is_scalar_resource(name: str) -> bool:
    """IsScalarResourceName: extended (example.com/gpu), hugepages-*, attachable-volumes-*."""
    return (name.startswith("hugepages-") or name.startswith("attachable-volumes-")
            or ("/" in name and not name.startswith("kubernetes.io/")))


def _add(into: dict, other: dict) -> None:
    for name, value in other.items():
        into[name] = into.get(name, 0) + value


def _max(into: dict, other: dict) -> None:
    for name, value in other.items():
        into[name] = max(into.get(name, 0), value)


def pod_requests(pod: dict, non_missing: dict | None = None) -> dict[str, int]:
    """resourcehelper.PodRequests: containers summed; each init container must fit alone
    (sidecars — init containers with restartPolicy Always — keep running, so they add
    up); plus spec.overhead. `non_missing` fills in requests a container does not name."""
    spec = pod.get("spec", {})

    def container_requests(container: dict) -> dict[str, int]:
        requests = (container.get("resources") or {}).get("requests") or {}
        out = {n: quantity_value(n, v) for n, v in requests.items()
               if n in _NATIVE or is_scalar_resource(n)}
        for name, value in (non_missing or {}).items():
            out.setdefault(name, value)   # only a *missing* request gets the default
        return out

    total = aggregate_pod(spec, container_requests, _add, _max)
    _add(total, {n: quantity_value(n, v) for n, v in (spec.get("overhead") or {}).items()})
    return total


class AffinityTerm:
    """A PodAffinityTerm compiled: namespaces, selector, topology key (and weight)."""

    __slots__ = ("namespaces", "selector", "topology_key", "namespace_selector", "weight")

    def __init__(self, pod: dict, term: dict, weight: int = 0) -> None:
        namespaces = term.get("namespaces") or []
        ns_selector = term.get("namespaceSelector")
        if not namespaces and ns_selector is None:
            namespaces = [pod["metadata"].get("namespace", "default")]
        self.namespaces = set(namespaces)
        self.selector: Selector = from_label_selector(term.get("labelSelector"))
        self.namespace_selector: Selector = from_label_selector(ns_selector)
        self.topology_key = term.get("topologyKey", "")
        self.weight = weight

    def matches(self, pod: dict, ns_labels: dict | None) -> bool:
        meta = pod["metadata"]
        if meta.get("namespace") in self.namespaces or (
                ns_labels is not None and self.namespace_selector.matches(ns_labels)):
            return self.selector.matches(meta.get("labels") or {})
        return False


def _terms(pod: dict, kind: str, required: bool) -> list[AffinityTerm]:
    section = ((pod.get("spec", {}).get("affinity") or {}).get(kind) or {})
    if required:
        return [AffinityTerm(pod, t) for t in
                section.get("requiredDuringSchedulingIgnoredDuringExecution") or []]
    return [AffinityTerm(pod, w.get("podAffinityTerm") or {}, w.get("weight", 0)) for w in
            section.get("preferredDuringSchedulingIgnoredDuringExecution") or []]


class PodInfo:
    """A Pod with what scheduling reads from it, computed once per version of the Pod."""

    def __init__(self, pod: dict) -> None:
        meta = pod["metadata"]
        self.pod = pod
        self.key = f"{meta.get('namespace')}/{meta['name']}"
        self.uid = meta.get("uid", self.key)
        self.requests = pod_requests(pod)
        self.non_zero = pod_requests(pod, NON_MISSING)
        self.required_affinity = _terms(pod, "podAffinity", True)
        self.required_anti_affinity = _terms(pod, "podAntiAffinity", True)
        self.preferred_affinity = _terms(pod, "podAffinity", False)
        self.preferred_anti_affinity = _terms(pod, "podAntiAffinity", False)
        affinity = pod.get("spec", {}).get("affinity") or {}
        self.has_affinity = bool(affinity.get("podAffinity") or affinity.get("podAntiAffinity"))
        self.host_ports = [(p.get("hostIP") or "0.0.0.0", p.get("protocol") or "TCP",
                            p["hostPort"])
                           for c in pod.get("spec", {}).get("containers") or []
                           for p in c.get("ports") or [] if p.get("hostPort")]

    @property
    def priority(self) -> int:
        return self.pod.get("spec", {}).get("priority") or 0


class NodeInfo:
    """A Node, the Pods bound (or assumed) to it, and running totals."""

    def __init__(self, node: dict | None = None) -> None:
        self.node: dict | None = None
        self.name = ""
        self.pods: dict[str, PodInfo] = {}
        self.requested: dict[str, int] = {}
        self.non_zero_requested = {"cpu": 0, "memory": 0}
        self.used_ports: list[tuple[str, str, int]] = []
        self.allocatable: dict[str, int] = {}
        self.allowed_pod_number = 0
        self.image_sizes: dict[str, int] = {}   # image name -> size, from node.status.images
        if node is not None:
            self.set_node(node)

    def set_node(self, node: dict) -> None:
        self.node = node
        self.name = node["metadata"]["name"]
        alloc = node.get("status", {}).get("allocatable") or {}
        self.allocatable = {n: quantity_value(n, v) for n, v in alloc.items()
                            if n in _NATIVE or is_scalar_resource(n)}
        self.allowed_pod_number = parse_quantity(alloc.get("pods", "0")).value()
        self.image_sizes = {name: image.get("sizeBytes", 0)
                            for image in node.get("status", {}).get("images") or []
                            for name in image.get("names") or []}

    @property
    def labels(self) -> dict:
        return self.node["metadata"].get("labels") or {}

    @property
    def taints(self) -> list:
        return self.node.get("spec", {}).get("taints") or []

    def add_pod(self, info: PodInfo) -> None:
        self.pods[info.key] = info
        _add(self.requested, info.requests)
        for name in ("cpu", "memory"):
            self.non_zero_requested[name] += info.non_zero.get(name, 0)
        self.used_ports.extend(info.host_ports)

    def remove_pod(self, key: str) -> PodInfo | None:
        info = self.pods.pop(key, None)
        if info is not None:
            _add(self.requested, {n: -v for n, v in info.requests.items()})
            for name in ("cpu", "memory"):
                self.non_zero_requested[name] -= info.non_zero.get(name, 0)
            for port in info.host_ports:
                self.used_ports.remove(port)
        return info

    def snapshot(self) -> "NodeInfo":
        """A copy whose pod set can change (preemption's dry runs use one)."""
        copy = NodeInfo()
        copy.node, copy.name = self.node, self.name
        copy.pods = dict(self.pods)
        copy.requested = dict(self.requested)
        copy.non_zero_requested = dict(self.non_zero_requested)
        copy.used_ports = list(self.used_ports)
        copy.allocatable, copy.allowed_pod_number = self.allocatable, self.allowed_pod_number
        copy.image_sizes = self.image_sizes
        return copy

    def pods_with_affinity(self) -> list[PodInfo]:
        return [p for p in self.pods.values() if p.has_affinity]

    def pods_with_required_anti_affinity(self) -> list[PodInfo]:
        return [p for p in self.pods.values() if p.required_anti_affinity]
