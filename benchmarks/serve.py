"""Benchmark: how fast the served API answers, and what the real kubectl costs on top.

A cluster with a Deployment of `--replicas` Pods, served by `c.serve()`. Two numbers:
requests per second for the list kubectl's `get pods` makes (a Table, over one kept-alive
HTTPS connection, from this process) — the server's own cost —, and the wall time of one
whole `kubectl get pods` run of the real binary — what a learner at a terminal waits for,
mostly kubectl's start-up and discovery. Wall-clock timing lives here only.

    python benchmarks/serve.py [--requests 200] [--replicas 30] [--runs 5]
"""

from __future__ import annotations

import argparse
import http.client
import os
import ssl
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from k8s_model import Cluster  # noqa: E402
from k8s_model.serve.real_kubectl import find_kubectl  # noqa: E402

TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--replicas", type=int, default=30)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    c = Cluster(nodes=3, seed=0)
    c.kubectl(f"create deployment web --image=nginx --replicas={args.replicas}")
    c.advance(60)
    server = c.serve()
    try:
        context = ssl.create_default_context(cafile=str(server.ca_file))
        host, port = server.url.split("//")[1].split(":")
        conn = http.client.HTTPSConnection(host, int(port), context=context)
        headers = {"Authorization": f"Bearer {server.token}", "Accept": TABLE}
        start = time.perf_counter()
        for _ in range(args.requests):
            conn.request("GET", "/api/v1/namespaces/default/pods?limit=500", headers=headers)
            response = conn.getresponse()
            response.read()
            assert response.status == 200, response.status
        elapsed = time.perf_counter() - start
        print(f"list pods as Table ({args.replicas} Pods): {args.requests / elapsed:.0f} requests/s, "
              f"{elapsed / args.requests * 1e3:.2f} ms each")

        kubectl = find_kubectl()
        env = dict(os.environ, KUBECONFIG=server.kubeconfig)
        runs = []
        for _ in range(args.runs):
            start = time.perf_counter()
            subprocess.run([kubectl, "get", "pods"], env=env, capture_output=True, check=True)
            runs.append(time.perf_counter() - start)
        print(f"real `kubectl get pods`: median {statistics.median(runs) * 1e3:.0f} ms, "
              f"min {min(runs) * 1e3:.0f} ms over {args.runs} runs")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
