"""DaemonSetLab: one Pod per node, following nodes as they join, fail and return."""

from __future__ import annotations

import ipywidgets as w

from k8s_model import examples

from ..labs import ClusterView
from ..views.portrayal import natural_key
from .base import WorkloadLab, button


class DaemonSetLab(WorkloadLab):
    resource, kind, css = "daemonsets", "DaemonSet", "daemonset"

    def __init__(self, cluster, manifest: str | None = None, name: str = "node-agent",
                 step_seconds: float = 10) -> None:
        self.add_node_button = button("Add node", "plus", self.add_node, "add-node",
                                       "kubeadm join on a new machine")
        self.node_choice = w.Dropdown(options=(), description="node",
                                      layout=w.Layout(width="200px"),
                                      style={"description_width": "40px"})
        self.fail_button = button("Fail node", "power-off", self.fail_node, "fail-node",
                                   "the node stops: no heartbeats")
        self.recover_button = button("Recover node", "plug", self.recover_node,
                                      "recover-node", "the node is back")
        row = w.HBox([self.add_node_button, self.node_choice, self.fail_button,
                      self.recover_button], layout=w.Layout(flex_flow="row wrap"))
        self.start(cluster, name, manifest or examples.daemon_set(name),
                   lambda: cluster.advance(step_seconds))
        super().__init__(cluster, name, [row], step_seconds)
        self.view = ClusterView(cluster, self.observer)
        self.children = (*self.children, self.view)
        self._update_nodes()

    def row_label(self, pod: dict) -> str:
        node = (pod.get("spec") or {}).get("nodeName") or _affinity_node(pod) or "?"
        return f"{node}: {pod['metadata']['name']}"

    def row_key(self, pod: dict) -> tuple:
        return natural_key(self.row_label(pod))

    def _update_nodes(self) -> None:
        names = sorted((n["metadata"]["name"] for n in self.observer.list("nodes")),
                       key=natural_key)
        current = self.node_choice.value
        self.node_choice.options = names
        self.node_choice.value = current if current in names else names[-1]

    def refresh(self) -> None:
        self.clock.refresh()
        self._update_nodes()
        self.refresh_views()

    def add_node(self) -> str:
        taken = {n["metadata"]["name"] for n in self.observer.list("nodes")}
        number = len(taken)
        while f"node-{number}" in taken:
            number += 1
        node = f"node-{number}"
        self.cluster.add_node(node)
        self.marks.append((self.cluster.now, f"{node} joins"))
        self._update_nodes()
        self.node_choice.value = node
        return self.kubectl(f"get pods -l app={self.name} -o wide")   # shows and redraws

    def fail_node(self) -> str:
        node = self.node_choice.value
        self.cluster.fail_node(node)
        self.marks.append((self.cluster.now, f"{node} fails"))
        return self.kubectl("get nodes")

    def recover_node(self) -> str:
        node = self.node_choice.value
        self.cluster.recover_node(node)
        self.marks.append((self.cluster.now, f"{node} back"))
        return self.kubectl("get nodes")


def _affinity_node(pod: dict) -> str | None:
    """The node a DaemonSet Pod is meant for: its `metadata.name` node-affinity field."""
    affinity = ((pod.get("spec") or {}).get("affinity") or {}).get("nodeAffinity") or {}
    required = affinity.get("requiredDuringSchedulingIgnoredDuringExecution") or {}
    for term in required.get("nodeSelectorTerms") or []:
        for field in term.get("matchFields") or []:
            if field.get("key") == "metadata.name" and field.get("values"):
                return field["values"][0]
    return None
