"""The pod nominator (pkg/scheduler/backend/queue/nominator.go).

When preemption succeeds, the preemptor does not run yet: its victims first get their
graceful termination. Meanwhile the preemptor is *nominated* to the node
(`status.nominatedNodeName`), and the nominator remembers that, so every later cycle
filters the node as if the preemptor were already there (RunFilterPluginsWithNominatedPods).
Without it, a lower-priority pod could take the room freed for the preemptor.

A pending pod is nominated when it enters the queue with a nominatedNodeName, or when
PostFilter nominates it; the nomination ends when the pod is assumed onto a node,
deleted, or PostFilter clears it ("Preemption is not helpful").
"""

from __future__ import annotations

from .types import PodInfo


def _key(pod: dict) -> str:
    return f"{pod['metadata'].get('namespace')}/{pod['metadata']['name']}"


class Nominator:
    def __init__(self) -> None:
        self.nominated_pods: dict[str, list[PodInfo]] = {}   # node name -> pods
        self.nominated_pod_to_node: dict[str, str] = {}      # pod key -> node name

    def add_nominated_pod(self, pod: dict, node_name: str | None = None) -> None:
        """addNominatedPod: `node_name` overrides (PostFilter's result); None means "as
        its status says". A pod is kept at most once."""
        self.delete_nominated_pod_if_exists(pod)
        if node_name is None:
            node_name = pod.get("status", {}).get("nominatedNodeName") or ""
        if not node_name or pod.get("spec", {}).get("nodeName"):
            return
        self.nominated_pod_to_node[_key(pod)] = node_name
        self.nominated_pods.setdefault(node_name, []).append(PodInfo(pod))

    def update_nominated_pod(self, old: dict | None, new: dict) -> None:
        """UpdateNominatedPod: an update that neither sets nor clears the nomination
        (the API has not caught up with PostFilter yet) keeps the node in memory."""
        node_name = None
        if not _nominated(old) and not _nominated(new):
            node_name = self.nominated_pod_to_node.get(_key(new))
        self.add_nominated_pod(new, node_name)

    def delete_nominated_pod_if_exists(self, pod: dict) -> None:
        key = _key(pod)
        node_name = self.nominated_pod_to_node.pop(key, None)
        if node_name is None:
            return
        pods = [p for p in self.nominated_pods[node_name] if p.key != key]
        if pods:
            self.nominated_pods[node_name] = pods
        else:
            del self.nominated_pods[node_name]

    def nominated_pods_for_node(self, node_name: str) -> list[PodInfo]:
        return list(self.nominated_pods.get(node_name, ()))


def _nominated(pod: dict | None) -> str:
    return (pod or {}).get("status", {}).get("nominatedNodeName") or ""
