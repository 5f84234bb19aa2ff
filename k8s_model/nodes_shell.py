"""A root shell on a node: what `ssh node-1` (or `minikube ssh`) and a command print.

kubectl only ever shows the API server's view. To see what a node itself runs you log
in to it and ask the node's own tools: `crictl` (the CRI client: the runtime as the
kubelet sees it), `nerdctl` (containerd's own CLI), `iptables-save` / `ipvsadm` (the
rules kube-proxy wrote). There is no `docker` on a containerd node: Kubernetes stopped
needing Docker when dockershim was removed (v1.24).

The shell is root's (`sudo` in front is accepted and changes nothing), runs one
command, and understands two kinds of pipe, `| grep [-v] [-i] PATTERN` (or `-e P1 -e P2`)
and `| head -n N`, for the usual `crictl ps | grep web`. Anything else is a command this node
does not have, and gets bash's answer.
"""

from __future__ import annotations

import re
import shlex

from .runtime.crictl import crictl
from .runtime.nerdctl import nerdctl

IPTABLES_TABLES = ("filter", "nat")


def ssh(cluster, node: str, command: str) -> tuple[int, str]:
    """Run `command` on `node` as `ssh root@<node> '<command>'` would: (exit code, output
    with stderr merged)."""
    if node not in cluster.kubelets:
        return 255, f"ssh: Could not resolve hostname {node}: Name or service not known\n"
    try:
        stages = [shlex.split(stage) for stage in _split_pipes(command)]
    except ValueError:
        return 2, "bash: -c: line 1: unexpected EOF while looking for matching `\"'\n"
    if not stages or not stages[0]:
        return 0, ""
    code, output = _run(cluster, node, stages[0])
    for stage in stages[1:]:
        code, output = _filter(stage, output)
    return code, output


def _split_pipes(command: str) -> list[str]:
    """Split at `|` outside quotes."""
    parts, current, quote = [], "", None
    for ch in command:
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "|":
            parts.append(current)
            current = ""
            continue
        current += ch
    return parts + [current]


def _run(cluster, node: str, argv: list[str]) -> tuple[int, str]:
    while argv and argv[0] == "sudo":
        argv = argv[1:]
    if not argv:
        return 1, "usage: sudo -h | -K | -k | -V\n"
    program, args = argv[0], argv[1:]
    runtime = cluster.kubelets[node].runtime
    if program == "crictl":
        return crictl(runtime, args)
    if program == "nerdctl":
        return nerdctl(runtime, args)
    if program == "hostname":
        return 0, node + "\n"
    if program == "iptables-save":
        table = args[args.index("-t") + 1] if "-t" in args[:-1] else None
        if table is not None and table not in IPTABLES_TABLES:
            return 1, ("iptables-save v1.8.10 (nf_tables): table '" + table
                       + "' does not exist\n")
        proxy = cluster.kube_proxies[node]
        return 0, "".join(proxy.iptables_save(t) for t in ([table] if table else IPTABLES_TABLES))
    if program == "ipvsadm":
        proxy = cluster.kube_proxies[node]
        if proxy.mode == "ipvs":
            return 0, proxy.ipvsadm()
        # iptables mode: the IPVS table exists but kube-proxy put nothing in it.
        return 0, ("IP Virtual Server version 1.2.1 (size=4096)\n"
                   "Prot LocalAddress:Port Scheduler Flags\n"
                   "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n")
    return 127, f"bash: {program}: command not found\n"


def _filter(argv: list[str], text: str) -> tuple[int, str]:
    """`grep [-v] [-i] PATTERN` or `grep -e P1 -e P2` (exit 1 when nothing matches), or
    `head -n N`."""
    lines = text.splitlines(keepends=True)
    if argv and argv[0] == "head":
        count = 10
        if len(argv) >= 3 and argv[1] == "-n":
            count = int(argv[2])
        elif len(argv) == 2 and argv[1].startswith("-"):
            count = int(argv[1][1:])
        return 0, "".join(lines[:count])
    if not argv or argv[0] != "grep":
        name = argv[0] if argv else ""
        return 127, f"bash: {name}: command not found\n"
    flags, patterns, words = set(), [], iter(argv[1:])
    for word in words:
        if word == "-e":
            patterns.append(next(words, ""))
        elif word.startswith("-"):
            flags.add(word)
        elif not patterns:
            patterns.append(word)
    if not patterns:
        return 2, "Usage: grep [OPTION]... PATTERNS [FILE]...\n"
    regex = re.compile("|".join(f"(?:{p})" for p in patterns),
                       re.IGNORECASE if "-i" in flags else 0)
    kept = [line for line in lines if bool(regex.search(line)) != ("-v" in flags)]
    return (0 if kept else 1), "".join(kept)
