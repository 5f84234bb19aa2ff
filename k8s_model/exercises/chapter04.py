"""Checkers for chapter 04's exercises: a shorter toleration, a drain, and a node-failure
investigation.

The checkers judge what the control plane will do, the way it decides it: how long a
Pod stays on an unreachable node is what the taint-eviction-controller computes from
its tolerations (taint_eviction.get_matching_tolerations / get_min_toleration_time);
a drained node is cordoned, still Ready, and runs nothing a drain would evict. The
investigation is answered from what any client can read: the node's Ready condition
and its Lease in kube-node-lease.
"""

from __future__ import annotations

from datetime import datetime

from ..cluster import Cluster
from ..controllers.controller_utils import controller_ref
from ..controllers.node_health import get_condition
from ..controllers.taint_eviction import get_matching_tolerations, get_min_toleration_time
from ..sim import EPOCH, parse_timestamp
from .report import Report, get_or_none

UNREACHABLE_NO_EXECUTE = {"key": "node.kubernetes.io/unreachable", "effect": "NoExecute"}
MIRROR_ANNOTATION = "kubernetes.io/config.mirror"
ADVANCE = "advance the clock (c.advance(10))"


def stay_on_unreachable_node(pod: dict) -> float:
    """Seconds the Pod stays on a node tainted unreachable:NoExecute before it is
    evicted: 0 at once, -1 for ever (taint_eviction.processPodOnNode)."""
    tolerated, used = get_matching_tolerations([UNREACHABLE_NO_EXECUTE],
                                               pod.get("spec", {}).get("tolerations") or [])
    return get_min_toleration_time(used) if tolerated else 0


def check_short_toleration(c, pod: str = "critical", seconds: int = 60,
                           namespace: str = "default") -> None:
    """Exercise 1: Pod `critical` leaves an unreachable node after 60 s, not 300 s."""
    report = Report()
    found = get_or_none(c, "pods", pod, namespace)
    if not report.check(found is not None, f'Pod "{pod}" exists',
                        f'no Pod "{pod}" in namespace "{namespace}" yet'):
        return report.show()
    stay = stay_on_unreachable_node(found)
    said = {0: "it would be evicted at once", -1: "it would stay for ever"}.get(
        stay, f"it would stay {stay:g} s")
    report.check(stay == seconds,
                 f"on a node tainted node.kubernetes.io/unreachable:NoExecute it stays "
                 f"{seconds} s, then the taint-eviction-controller evicts it",
                 f"on an unreachable node {said}: want {seconds} s (a toleration of "
                 f"node.kubernetes.io/unreachable, effect NoExecute, tolerationSeconds "
                 f"{seconds})")
    node = found.get("spec", {}).get("nodeName")
    phase = found.get("status", {}).get("phase")
    report.check(bool(node) and phase == "Running", f"it runs on {node}",
                 f"it is {phase} on {node or 'no node'}: {ADVANCE}")
    report.show()


def _evictable(pod: dict) -> bool:
    """Would `kubectl drain` evict it? Not a mirror (static) Pod, nor a DaemonSet's."""
    if MIRROR_ANNOTATION in (pod["metadata"].get("annotations") or {}):
        return False
    return (controller_ref(pod) or {}).get("kind") != "DaemonSet"


def check_drained(c, node: str = "node-3", replicaset: str = "web",
                  namespace: str = "default") -> None:
    """Exercise 2: node-3 drained for maintenance: cordoned, still Ready, running nothing a
    drain evicts, and the ReplicaSet at full strength on the other nodes."""
    report = Report()
    found = get_or_none(c, "nodes", node, None)
    if not report.check(found is not None, f"Node {node} exists",
                        f"no Node {node} (a drain keeps the Node: do not delete it)"):
        return report.show()
    report.check(bool(found.get("spec", {}).get("unschedulable")),
                 f"{node} is cordoned (Ready,SchedulingDisabled): nothing new lands there",
                 f"{node} is not cordoned: kubectl drain cordons it first")
    ready = (get_condition(found.get("status"), "Ready") or {}).get("status")
    report.check(ready == "True", f"{node} is still Ready: drained for maintenance, not failed",
                 f"{node}'s Ready condition is {ready}: drain a healthy node "
                 f"(c.recover_node(\"{node}\") if you failed it)")
    left = [f"{p['metadata']['namespace']}/{p['metadata']['name']}"
            for p in c.list("pods") if p["spec"].get("nodeName") == node and _evictable(p)]
    report.check(not left, f"no Pod that a drain evicts is left on {node}",
                 f"still on {node}: {', '.join(left)} (kubectl drain {node} "
                 f"--ignore-daemonsets; a Pod no controller owns needs --force)")
    rs = get_or_none(c, "replicasets", replicaset, namespace)
    if report.check(rs is not None, f'ReplicaSet "{replicaset}" exists',
                    f'no ReplicaSet "{replicaset}" in namespace "{namespace}": make it as in §2'):
        wanted = (rs.get("spec") or {}).get("replicas", 1)
        have = (rs.get("status") or {}).get("readyReplicas", 0)
        report.check(have == wanted, f"it has all {wanted} replicas ready",
                     f"it has {have} of {wanted} replicas ready: {ADVANCE}")
    report.show()


def mystery_cluster(nodes: int = 3, seed: int = 0) -> Cluster:
    """Exercise 3's cluster: one worker, picked with the cluster's seeded randomness, stops
    talking to the API server at a random moment; ten minutes later you investigate."""
    c = Cluster(nodes=nodes, seed=seed)
    victim = f"node-{c.sim.random.randint(1, nodes)}"
    c.advance(c.sim.random.randint(20, 120) + c.sim.random.choice((0, 2.5, 5, 7.5)))
    c.fail_node(victim)
    c.advance(600)
    return c


def _read_time(text) -> float | None:
    """Virtual seconds of an RFC 3339 time (renewTime, lastTransitionTime) or of the
    RFC 1123 form `kubectl describe` prints (Thu, 01 Jan 2026 00:01:20 +0000)."""
    if not isinstance(text, str):
        return None
    try:
        return parse_timestamp(text.strip())
    except ValueError:
        pass
    try:
        return (datetime.strptime(text.strip(), "%a, %d %b %Y %H:%M:%S %z")
                - EPOCH).total_seconds()
    except ValueError:
        return None


def check_failed_node(c, node: str | None = None, last_renewal: str | None = None,
                      not_ready_since: str | None = None) -> None:
    """Exercise 3: which node failed, when it last renewed its Lease, and when the node
    lifecycle controller marked it NotReady — answers checked to the second."""
    report = Report()
    found = get_or_none(c, "nodes", node, None) if isinstance(node, str) and node else None
    if not report.check(found is not None, f"Node {node} exists",
                        f"node={node!r} names no Node: which one is NotReady? "
                        f"(kubectl get nodes)"):
        return report.show()
    ready = get_condition(found.get("status"), "Ready") or {}
    if not report.check(ready.get("status") == "Unknown",
                        f"{node} is the silent one: Ready is Unknown "
                        f"({ready.get('message', '')})",
                        f"{node}'s Ready condition is {ready.get('status')}: not that one"):
        return report.show()
    lease = get_or_none(c, "leases", node, "kube-node-lease") or {}
    renewed = _read_time(lease.get("spec", {}).get("renewTime"))
    answer = _read_time(last_renewal)
    report.check(answer is not None and renewed is not None and abs(answer - renewed) < 1,
                 f"its Lease was last renewed at {last_renewal}",
                 f"last_renewal={last_renewal!r} is not when {node}'s Lease was last renewed: "
                 f"read spec.renewTime (kubectl get lease {node} -n kube-node-lease -o yaml)")
    marked = _read_time(ready.get("lastTransitionTime"))
    answer = _read_time(not_ready_since)
    report.check(answer is not None and marked is not None and abs(answer - marked) < 1,
                 f"the node lifecycle controller marked it NotReady at {not_ready_since}",
                 f"not_ready_since={not_ready_since!r} is not when Ready turned Unknown: "
                 f"read the Ready condition's LastTransitionTime (kubectl describe node {node})")
    report.show()
