"""What a container costs: the kubelet's view of CPU and memory (its /metrics/resource).

Containers do not really run, so their usage is a model: CPU is an image's idle
baseline plus a cost for each HTTP request the container answered (the runtime counts
them: `ContainerRuntime.serve_http`), capped by the container's CPU limit as the CFS
quota caps a real cgroup; memory is a constant per image. Calibration for the docs'
HPA walkthrough (registry.k8s.io/hpa-example, the php-apache Deployment with
requests.cpu 200m, limits.cpu 500m, and a `wget` loop with `sleep 0.01`, ~100 req/s):

    the docs report 305% of the request for one Pod = 610m of CPU at ~100 req/s
    => (610m - 1m idle) / 100 req/s ≈ 6.1 mCPU-seconds per request.

(PHP's loop of a million `sqrt` per request takes a few milliseconds of CPU on today's
hardware; 0.2 CPU-s per request would put 20 cores behind one `wget` loop.) A single
Pod is then capped at its 500m limit — 250% of the request — and `ceil(250/50 * 1)` = 5
replicas, then `ceil(61/50 * 5)` = 7: where the docs' walkthrough settles.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..api.quantity import parse_quantity

MI = 1024 * 1024


@dataclass(frozen=True)
class Profile:
    idle_cores: float           # CPU a container uses when nobody asks it anything
    cpu_per_request: float      # CPU-seconds per HTTP request answered
    memory_bytes: int           # its working set, constant


DEFAULT = Profile(0.001, 0.0005, 8 * MI)
PROFILES = {
    "registry.k8s.io/hpa-example": Profile(0.001, 0.0061, 11 * MI),
    "docker.io/library/nginx": Profile(0.0, 0.0002, 3 * MI),
    "docker.io/luksa/kubia": Profile(0.0, 0.001, 12 * MI),
    "docker.io/luksa/kubia-unhealthy": Profile(0.0, 0.001, 12 * MI),
    "docker.io/library/busybox": Profile(0.0, 0.0, 1 * MI // 2),
    "docker.io/library/redis": Profile(0.002, 0.0001, 4 * MI),
    "registry.k8s.io/coredns/coredns": Profile(0.002, 0.0001, 14 * MI),
    "registry.k8s.io/kube-proxy": Profile(0.001, 0.0, 16 * MI),
    # The control plane's static Pods, idle (a small cluster's `kubectl top` numbers).
    "registry.k8s.io/etcd": Profile(0.022, 0.0, 48 * MI),
    "registry.k8s.io/kube-apiserver": Profile(0.048, 0.0, 262 * MI),
    "registry.k8s.io/kube-controller-manager": Profile(0.016, 0.0, 54 * MI),
    "registry.k8s.io/kube-scheduler": Profile(0.004, 0.0, 23 * MI),
}


def profile_for(repository: str) -> Profile:
    return PROFILES.get(repository, DEFAULT)


@dataclass(frozen=True)
class ContainerSample:
    """One container in one scrape: its cumulative request counter, not a rate — the
    rate needs two scrapes, as container_cpu_usage_seconds_total does."""
    namespace: str
    pod: str
    container: str
    container_id: str
    labels: tuple                  # the Pod's labels, as (key, value) pairs
    requests_served: int
    limit_cores: float | None      # resources.limits.cpu, None if unlimited
    profile: Profile
    started_at: float


def _cpu_limit(pod: dict, name: str) -> float | None:
    for c in pod["spec"].get("containers") or ():
        if c["name"] == name:
            limit = ((c.get("resources") or {}).get("limits") or {}).get("cpu")
            return None if limit is None else float(parse_quantity(limit).amount)
    return None


def scrape_kubelet(kubelet) -> list[ContainerSample]:
    """The running containers of one node, as its kubelet's /metrics/resource lists them
    (the kubelet knows its Pods; the runtime counts what each container served)."""
    runtime = kubelet.runtime
    pods_by_uid = {uid: w.state.pod for uid, w in kubelet.workers.items()}
    samples = []
    for c in runtime.containers.values():
        if c.state != "CONTAINER_RUNNING":
            continue
        sandbox = runtime.sandboxes.get(c.sandbox_id)
        pod = pods_by_uid.get(sandbox.uid) if sandbox else None
        if pod is None:
            continue
        samples.append(ContainerSample(
            sandbox.namespace, sandbox.name, c.name, c.id,
            tuple(sorted((pod["metadata"].get("labels") or {}).items())), c.requests,
            _cpu_limit(pod, c.name), profile_for(c.image.repository), c.started_at or 0.0))
    # Static Pods (the control plane's): counted, not run by the runtime here, so only
    # their idle profile — they serve the cluster, not the book's requests.
    for uid, pod in sorted(kubelet.static_pods.items()):
        meta = pod["metadata"]
        for c in pod["spec"]["containers"]:
            samples.append(ContainerSample(
                meta["namespace"], meta["name"], c["name"], f"static/{uid}/{c['name']}",
                tuple(sorted((meta.get("labels") or {}).items())), 0, None,
                profile_for(c["image"].rsplit(":", 1)[0]), 0.0))
    return samples
