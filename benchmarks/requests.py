"""Benchmark: how fast `Cluster.request` follows a request along the real path.

A kubia Deployment behind a NodePort Service on a small cluster, and one batch of
requests from each kind of client: node-1 to the ClusterIP (kube-proxy's rules only),
a busybox Pod on node-1 to the name `kubia` (a DNS query through the kube-dns Service to
CoreDNS first, then the rules), and a machine outside to node-2's NodePort. Prints the
wall time per request for each — what the routing lab's "Send 1000" costs before the
redraw. Wall-clock timing lives here only, never in the packages or the tests.

    python benchmarks/requests.py [--requests 1000] [--nodes 3] [--replicas 3] [--mode iptables]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from k8s_model import Cluster  # noqa: E402
from k8s_model.examples import deployment  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--nodes", type=int, default=3)
    parser.add_argument("--replicas", type=int, default=3)
    parser.add_argument("--mode", choices=("iptables", "ipvs"), default="iptables")
    args = parser.parse_args()

    c = Cluster(nodes=args.nodes, seed=0, proxy_mode=args.mode)
    c.apply(deployment("kubia", args.replicas, "luksa/kubia", "kubia"))
    c.kubectl("expose deployment kubia --type=NodePort --port=80 --target-port=8080")
    c.kubectl("run client --image=busybox "
              """--overrides='{"spec":{"nodeName":"node-1"}}' -- sleep infinity""")
    c.advance(30)
    service = c.get("services", "kubia")["spec"]
    node_port = service["ports"][0]["nodePort"]
    cases = (("node-1 → ClusterIP", f"http://{service['clusterIP']}/", "node-1"),
             ("Pod → name (DNS first)", "http://kubia/", "client"),
             ("outside → NodePort", f"http://192.168.1.12:{node_port}/", None))
    print(f"{args.requests} requests each, {args.nodes} workers, {args.replicas} kubia Pods, "
          f"{args.mode} mode")
    for label, url, client in cases:
        start = time.perf_counter()
        answered = sum(c.request(url, client=client).status == 200 for _ in range(args.requests))
        seconds = time.perf_counter() - start
        print(f"  {label:24s} {seconds * 1e6 / args.requests:8.0f} µs/request   "
              f"({answered} answered 200)")


if __name__ == "__main__":
    main()
