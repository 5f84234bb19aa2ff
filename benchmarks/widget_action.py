"""Benchmark: one widget action on a teaching-size cluster (DESIGN.md §10).

A ClusterLab on 10 workers (+ the control plane) with 100 Pods bound to them by
`spec.nodeName` (no scheduler needed). One action is what a reader's click costs:
Step button -> `cluster.advance(step)` -> the observer's notify() -> the cluster picture
redrawn into its Output as a new PNG. Before each timed click, an untimed
`kubectl label pod` changes one Pod, so every click really redraws. Prints the median
of 20 runs, with the split between the model step and the redraw. Wall-clock timing
lives here only, never in the packages or the tests.

    python benchmarks/widget_action.py [--runs 20] [--nodes 10] [--pods 100]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from k8s_model import Cluster  # noqa: E402
from widgets import ClusterLab  # noqa: E402


def pod_manifests(count: int, nodes: int) -> str:
    return "---\n".join(
        f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: app-{i:03d}\n  labels:\n    app: bench\n"
        f"spec:\n  nodeName: node-{i % nodes + 1}\n  containers:\n  - name: app\n"
        f"    image: nginx\n" for i in range(count))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--nodes", type=int, default=10)
    parser.add_argument("--pods", type=int, default=100)
    parser.add_argument("--step", type=float, default=10.0)
    args = parser.parse_args()

    started = time.perf_counter()
    cluster = Cluster(nodes=args.nodes, seed=0)
    cluster.apply(pod_manifests(args.pods, args.nodes))
    lab = ClusterLab(cluster, step_seconds=args.step)
    setup = time.perf_counter() - started

    clicks, steps, redraws = [], [], []
    for run in range(args.runs):
        cluster.kubectl(f"label pod app-{run % args.pods:03d} bench-run={run} --overwrite")
        shown = lab.view.out.outputs
        t0 = time.perf_counter()
        lab.clock.step_button.click()
        clicks.append(time.perf_counter() - t0)
        if lab.view.out.outputs is shown:
            raise SystemExit(f"run {run}: the click did not redraw the picture")
        t1 = time.perf_counter()
        cluster.advance(args.step)  # the model step alone, for the split
        t2 = time.perf_counter()
        lab.view.redraw()  # the redraw alone
        steps.append(t2 - t1)
        redraws.append(time.perf_counter() - t2)

    ms = lambda values: statistics.median(values) * 1000  # noqa: E731
    print(f"cluster: {args.nodes} workers + control plane, {args.pods} pods "
          f"(set-up {setup:.2f} s, PNG {len(lab.view.png) / 1024:.0f} KiB)")
    print(f"click -> step {args.step:g}s -> redrawn figure: median {ms(clicks):.1f} ms "
          f"over {args.runs} runs (min {min(clicks) * 1000:.1f}, max {max(clicks) * 1000:.1f})")
    print(f"  of which model step: median {ms(steps):.1f} ms; redraw: median {ms(redraws):.1f} ms")


if __name__ == "__main__":
    main()
