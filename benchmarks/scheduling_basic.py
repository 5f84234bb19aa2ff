"""Benchmark: scheduler_perf's SchedulingBasic on the model (issue 3, "Benchmarks").

Mirrors test/integration/scheduler_perf/misc/performance-config.yaml, SchedulingBasic:
`createNodes $initNodes`, `createPods $initPods` (namespace-1), then `createPods
$measurePods` (namespace-2) with collectMetrics. Nodes are upstream's base node
(makeBaseNode: 110 pods, 4 CPU, 32Gi) and registered without kubelets, as scheduler_perf's
fake nodes: the API server and the scheduler (default profile) do all the work; the
model's controller manager runs too. Pods are templates/pod-default.yaml (pause,
containerPort 80, requests = limits = 100m / 500Mi).

SchedulingThroughput here is measured pods / wall-clock seconds from the first measured
Pod's create request until the last `pods/binding` is accepted (creation included).
The percentiles are of per-interval rates (binds / wall second, sampled about once a
second) in the scheduling phase, as upstream's throughputCollector samples once a second.
The CPU time of this process is printed too: on a shared machine it is the steadier
figure. Wall-clock timing lives here only, never in the packages or the tests.

    python benchmarks/scheduling_basic.py                 # 5000Nodes_10000Pods
    python benchmarks/scheduling_basic.py --nodes 500 --initial 500 --measured 1000
    python benchmarks/scheduling_basic.py --measured 2000 --profile 30
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from k8s_model import Cluster  # noqa: E402
from k8s_model.client import Client  # noqa: E402

STEP = 0.02   # virtual seconds per sim step while waiting for binds (10 scheduling cycles)


def pod_default() -> dict:
    """templates/pod-default.yaml."""
    resources = {"cpu": "100m", "memory": "500Mi"}
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"generateName": "pod-"},
            "spec": {"containers": [{"image": "registry.k8s.io/pause:3.10.1", "name": "pause",
                                     "ports": [{"containerPort": 80}],
                                     "resources": {"limits": dict(resources),
                                                   "requests": dict(resources)}}]}}


class BindCounter:
    """Counts accepted `pods/binding` creates from the API server's audit trace."""

    def __init__(self, cluster: Cluster) -> None:
        self.trace, self.mark, self.bound = cluster.trace, cluster.trace.mark(), 0

    def poll(self) -> int:
        for record in self.trace.since(self.mark):
            if record.resource == "pods/binding" and record.code == 201:
                self.bound += 1
        self.mark = self.trace.mark()
        return self.bound


def create_pods(cluster: Cluster, client: Client, namespace: str, count: int) -> None:
    client.create("namespaces", {"apiVersion": "v1", "kind": "Namespace",
                                 "metadata": {"name": namespace}})
    cluster.sim.settle()  # the serviceaccount controller makes `default` before Pods need it
    for _ in range(count):
        client.create("pods", pod_default(), namespace)


def wait_bound(cluster: Cluster, counter: BindCounter, count: int, limit: float) -> list[float]:
    """Advance the virtual clock until `count` more binds; return per-interval rates."""
    target = counter.poll() + count
    rates, last_t, last_n = [], time.perf_counter(), counter.bound
    deadline = cluster.now + limit
    while counter.poll() < target:
        if cluster.now >= deadline:
            raise SystemExit(f"only {counter.bound - target + count} of {count} pods bound "
                             f"within {limit} virtual seconds")
        cluster.advance(STEP)
        now = time.perf_counter()
        if now - last_t >= 1.0:
            rates.append((counter.poll() - last_n) / (now - last_t))
            last_t, last_n = now, counter.bound
    return rates


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))] if ordered else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--initial", type=int, default=1000)
    parser.add_argument("--measured", type=int, default=10000)
    parser.add_argument("--kubelets", action=argparse.BooleanOptionalAction, default=False,
                        help="run a kubelet per node (upstream runs none; default: no)")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="cProfile the measured phase and print the top N functions")
    args = parser.parse_args()

    t0 = time.perf_counter()
    cluster = Cluster(nodes=args.nodes, cpu="4", memory="32Gi", pods=110,
                      control_plane_node=False, seed=0, kubelets=args.kubelets)
    t1 = time.perf_counter()
    client = Client(cluster.api, "scheduler-perf")
    counter = BindCounter(cluster)
    create_pods(cluster, client, "namespace-1", args.initial)
    wait_bound(cluster, counter, args.initial, limit=3600)
    t2 = time.perf_counter()
    print(f"set-up: {args.nodes} nodes in {t1 - t0:.1f} s, {args.initial} initial pods "
          f"created and bound in {t2 - t1:.1f} s (kubelets: {'yes' if args.kubelets else 'no'})")

    profiler = cProfile.Profile() if args.profile else None
    virtual_start = cluster.now
    if profiler:
        profiler.enable()
    start, cpu_start = time.perf_counter(), time.process_time()
    create_pods(cluster, client, "namespace-2", args.measured)
    created = time.perf_counter()
    rates = wait_bound(cluster, counter, args.measured, limit=3600)
    end, cpu = time.perf_counter(), time.process_time() - cpu_start
    if profiler:
        profiler.disable()

    total = end - start
    print(f"measured: {args.measured} pods, create {created - start:.1f} s + schedule "
          f"{end - created:.1f} s = {total:.1f} s wall ({cluster.now - virtual_start:.1f} "
          f"virtual s); this process's CPU time {cpu:.1f} s")
    print(f"SchedulingThroughput: {args.measured / total:.0f} pods/s "
          f"(scheduling phase alone: {args.measured / (end - created):.0f} pods/s; "
          f"per CPU second: {args.measured / cpu:.0f} pods/s)")
    if rates:
        print(f"  per-second samples ({len(rates)}): Average {statistics.mean(rates):.0f}  "
              + "  ".join(f"Perc{p} {percentile(rates, p):.0f}" for p in (50, 90, 95, 99)))
    if profiler:
        stats = pstats.Stats(profiler).strip_dirs()
        stats.sort_stats("tottime").print_stats(args.profile)
        stats.sort_stats("cumulative").print_stats(args.profile)


if __name__ == "__main__":
    main()
