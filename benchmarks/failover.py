"""Benchmark: failover at scale (issue 4, "Benchmark").

A cluster of `--nodes` workers running `--pods` Pods under ReplicaSets (`--replicasets`
of them, the Pods spread by the default scheduler), every node with its kubelet. Then
`--fail` nodes stop heartbeating at once (`Cluster.fail_node`), and the clock runs until
every ReplicaSet again has all its replicas Ready on the nodes still alive. Printed: the
wall time of that simulation (the figure the issue's target is about: under 10 s for
1,000 nodes, 30,000 Pods and 100 failed nodes), the virtual time it took, and how it
splits into the node lifecycle controller's phases — detection (node-monitor-grace-period),
tainting (rate-limited, one node per 10 s in a healthy zone), eviction
(tolerationSeconds 300 s) and replacement. Wall-clock timing lives here only.

    python benchmarks/failover.py                                   # 1000 nodes, 30000 pods
    python benchmarks/failover.py --nodes 100 --pods 3000 --fail 10 --replicasets 10
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from k8s_model import Cluster  # noqa: E402
from k8s_model.examples import replica_set  # noqa: E402

STEP = 5.0   # virtual seconds between checks


def manifest(name: str, replicas: int) -> str:
    return replica_set(name, replicas, image="registry.k8s.io/pause:3.10.1", container="app",
                       requests={"cpu": "10m", "memory": "16Mi"})


def all_ready(cluster: Cluster) -> bool:
    """Every ReplicaSet has observed its spec and has all replicas Ready."""
    for rs in cluster.list("replicasets", "default"):
        status = rs.get("status", {})
        if status.get("readyReplicas", 0) != rs["spec"]["replicas"] or \
                status.get("observedGeneration") != rs["metadata"].get("generation"):
            return False
    return True


def run_until(cluster: Cluster, predicate, limit: float) -> float:
    start = cluster.now
    while not predicate():
        if cluster.now - start >= limit:
            raise SystemExit(f"not converged after {limit:g} virtual seconds")
        cluster.advance(STEP)
    return cluster.now - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=1000)
    parser.add_argument("--pods", type=int, default=30000)
    parser.add_argument("--replicasets", type=int, default=100)
    parser.add_argument("--fail", type=int, default=100)
    args = parser.parse_args()

    t0 = time.perf_counter()
    cluster = Cluster(nodes=args.nodes, cpu="4", memory="32Gi", pods=110, seed=0)
    per_set = args.pods // args.replicasets
    cluster.apply("---\n".join(manifest(f"app-{i:03d}", per_set)
                               for i in range(args.replicasets)))
    run_until(cluster, lambda: all_ready(cluster), limit=36000)
    t1 = time.perf_counter()
    print(f"set-up: {args.nodes} nodes, {per_set * args.replicasets} pods under "
          f"{args.replicasets} ReplicaSets, all Ready in {t1 - t0:.1f} s wall "
          f"({cluster.now:.0f} virtual s)")

    failed = {f"node-{i}" for i in range(1, args.fail + 1)}
    # Pods on failed nodes not yet evicted, kept current from the watch (listing 30,000
    # Pods at every check would cost more than the failover itself).
    stranded = {p["metadata"]["uid"] for p in cluster.list("pods", "default")
                if p["spec"].get("nodeName") in failed}
    lost = len(stranded)

    def on_change(event) -> None:
        pod = event.object
        if event.resource.plural == "pods" and (event.type == "DELETED" or
                                                pod["metadata"].get("deletionTimestamp")):
            stranded.discard(pod["metadata"]["uid"])

    cluster.watch(on_change)
    virtual_start, marks = cluster.now, {}

    def phases() -> bool:
        nodes = {n["metadata"]["name"]: n for n in cluster.list("nodes")}
        for name in failed:
            node = nodes[name]
            ready = next(c for c in node["status"]["conditions"] if c["type"] == "Ready")
            if ready["status"] == "Unknown":
                marks.setdefault("first node NotReady", cluster.now)
            if any(t["effect"] == "NoExecute" for t in node["spec"].get("taints") or []):
                marks.setdefault("first NoExecute taint", cluster.now)
        if all(any(t["effect"] == "NoExecute" for t in nodes[n]["spec"].get("taints") or [])
               for n in failed):
            marks.setdefault("all failed nodes tainted", cluster.now)
        if not stranded:
            marks.setdefault("last pod evicted", cluster.now)
        return not stranded and all_ready(cluster)

    start, cpu_start = time.perf_counter(), time.process_time()
    for name in sorted(failed):
        cluster.fail_node(name)
    virtual = run_until(cluster, phases, limit=36000)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu_start

    alive = [p for p in cluster.list("pods", "default")
             if not p["metadata"].get("deletionTimestamp")]
    misplaced = [p for p in alive if p["spec"].get("nodeName") in failed]
    print(f"failover: {args.fail} nodes failed holding {lost} pods; every ReplicaSet Ready "
          f"again after {virtual:.0f} virtual s, simulated in {wall:.1f} s wall "
          f"({cpu:.1f} s CPU); live pods on failed nodes: {len(misplaced)}")
    for label, at in sorted(marks.items(), key=lambda m: m[1]):
        print(f"  {at - virtual_start:7.0f} s  {label}")


if __name__ == "__main__":
    main()
