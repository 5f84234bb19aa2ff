"""The cluster autoscaler's what-if machinery (cluster-autoscaler/simulator/: clustersnapshot,
predicate checker, node templates).

The autoscaler never guesses whether a Pod fits: it vendors kube-scheduler's framework
and runs its PreFilter and Filter plugins against a *snapshot* — the Nodes and bound Pods
its informers see, to which it adds nodes that do not exist (a node group's template,
a node still booting) and Pods it imagines moved. The same plugins, so a "would fit"
here is what the scheduler will decide once the node is real: `Insufficient cpu`,
`node(s) didn't match Pod's node affinity/selector`, untolerated taints.

A snapshot is a scheduler `Cache`; `PredicateChecker` is a scheduler `Framework` of the
default profile whose handle reads the snapshot instead of the scheduler's own cache.
"""

from __future__ import annotations

import copy

from ..scheduler.cache import Cache
from ..scheduler.config import parse_config
from ..scheduler.framework import CycleState, Framework, ListerHandle
from ..scheduler.plugins import REGISTRY
from ..scheduler.status import UNSCHEDULABLE_AND_UNRESOLVABLE, Status, is_success

MIRROR_ANNOTATION = "kubernetes.io/config.mirror"


def owner_kind(pod: dict) -> str:
    """The kind of the Pod's controller ("" if none)."""
    for ref in pod["metadata"].get("ownerReferences") or ():
        if ref.get("controller"):
            return ref.get("kind", "")
    return ""


def is_daemonset_pod(pod: dict) -> bool:
    return owner_kind(pod) == "DaemonSet"


def is_mirror_pod(pod: dict) -> bool:
    return MIRROR_ANNOTATION in (pod["metadata"].get("annotations") or {})


class PredicateChecker(ListerHandle):
    """SchedulerBasedPredicateChecker: PreFilter + Filter of the default profile."""

    def __init__(self, client) -> None:
        self.start_listers(client)
        self.cache = Cache()
        self.framework = Framework(parse_config(None).profiles[0], REGISTRY, self)

    # -- the framework handle -------------------------------------------------------------
    def nominated_pods_for_node(self, node_name: str) -> list:
        return []

    # -- checking -------------------------------------------------------------------------
    def check_predicates(self, snapshot: Cache, pod: dict, node_name: str) -> Status:
        """CheckPredicates: would `pod` pass every filter on `node_name` of `snapshot`?"""
        self.cache = snapshot
        state = CycleState()
        state.record = False
        nodes, status, _ = self.framework.run_pre_filter_plugins(state, pod)
        if not is_success(status):
            return status
        if nodes is not None and node_name not in nodes:
            return Status(UNSCHEDULABLE_AND_UNRESOLVABLE,
                          "node(s) didn't satisfy plugin(s) PreFilter")
        return self.framework.run_filter_plugins(state, pod, snapshot.get(node_name))

    def fits_any_node(self, snapshot: Cache, pod: dict, exclude=()) -> str | None:
        """FitsAnyNodeMatching: the first node (snapshot order) the Pod passes, or None."""
        for info in snapshot.node_infos():
            if info.name not in exclude and \
                    is_success(self.check_predicates(snapshot, pod, info.name)):
                return info.name
        return None


def build_snapshot(nodes: list[dict], pods: list[dict]) -> Cache:
    """The cluster as the informers see it: Nodes, and Pods bound to them."""
    snapshot = Cache()
    for node in nodes:
        snapshot.add_node(node)
    for pod in pods:
        if pod.get("spec", {}).get("nodeName") and \
                pod.get("status", {}).get("phase") not in ("Succeeded", "Failed"):
            snapshot.add_pod(pod)
    return snapshot


def add_template_node(snapshot: Cache, template: dict, name: str,
                      daemonset_pods: list[dict]) -> None:
    """Add a made-up node of the group (`name`), running the DaemonSet Pods every node
    of the group runs (TemplateNodeInfo: a fresh node still pays for kube-proxy)."""
    node = copy.deepcopy(template)
    node["metadata"]["name"] = name
    node["metadata"].setdefault("labels", {})["kubernetes.io/hostname"] = name
    snapshot.add_node(node)
    for pod in daemonset_pods:
        clone = copy.deepcopy(pod)
        clone["metadata"]["name"] = f"{pod['metadata']['name']}-{name}"
        clone["spec"]["nodeName"] = name
        snapshot.add_pod(clone)


def place(snapshot: Cache, pod: dict, node_name: str) -> None:
    """Imagine `pod` bound to `node_name` (later checks count its requests)."""
    clone = copy.deepcopy(pod)
    clone["spec"]["nodeName"] = node_name
    snapshot.add_pod(clone)
