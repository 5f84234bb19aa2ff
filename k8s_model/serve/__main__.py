"""`k8s-book-serve`: the book's cluster for a terminal, without a notebook.

    k8s-book-serve -f web.yaml --pace 1          # a 3-node cluster, web.yaml applied
    export KUBECONFIG=$PWD/k8s-book.kubeconfig
    kubectl get pods -w

A saved scenario is either manifests (`-f`, as `kubectl apply -f` takes them, applied in
order once the cluster is up) or a function that builds a `Cluster`
(`--scenario k8s_model.exercises.chapter04:mystery_cluster`). `--advance` runs virtual
time before serving (Pods start in ~30 s); `--pace` then lets it follow the wall clock,
since no notebook is there to advance it (0 keeps it still). Ctrl-C stops.
"""

from __future__ import annotations

import argparse
import importlib
import signal
import threading
from pathlib import Path


def build_cluster(args):
    from k8s_model import Cluster

    if args.scenario:
        module, _, function = args.scenario.partition(":")
        if not function:
            raise SystemExit(f"--scenario wants MODULE:FUNCTION, not {args.scenario!r}")
        cluster = getattr(importlib.import_module(module), function)()
        if not isinstance(cluster, Cluster):
            raise SystemExit(f"{args.scenario}() returned {type(cluster).__name__}, not a Cluster")
    else:
        cluster = Cluster(nodes=args.nodes, seed=args.seed)
    for path in args.filename:
        print(cluster.apply(Path(path).read_text()))
    cluster.advance(args.advance)
    return cluster


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="k8s-book-serve", description=__doc__.split("\n\n")[0])
    parser.add_argument("-f", "--filename", action="append", default=[],
                        help="manifests to apply once the cluster is up (repeatable)")
    parser.add_argument("--scenario", help="MODULE:FUNCTION returning a Cluster")
    parser.add_argument("--nodes", type=int, default=3, help="worker nodes (default 3)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--advance", type=float, default=30,
                        help="virtual seconds to run before serving (default 30)")
    parser.add_argument("--pace", type=float, default=1.0,
                        help="virtual seconds per wall-clock second while serving; 0 stops time")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--kubeconfig", default="k8s-book.kubeconfig",
                        help="where to write the kubeconfig (default ./k8s-book.kubeconfig)")
    args = parser.parse_args(argv)
    if args.pace < 0:
        parser.error("--pace must be 0 or more")

    cluster = build_cluster(args)
    server = cluster.serve(port=args.port, kubeconfig=Path(args.kubeconfig).resolve(),
                           pace=args.pace or None)
    pace = f"follows the wall clock ×{args.pace:g}" if args.pace else "stands still"
    print(f"Serving the book's cluster at {server.url} (virtual time {pace}).\n"
          f"In another terminal:\n  export KUBECONFIG={server.kubeconfig}\n  kubectl get nodes\n"
          f"Ctrl-C stops.", flush=True)
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    try:
        stopped.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == "__main__":
    main()
