"""ClusterGraphView: the cluster as `kubectl get nodes,pods -o wide` would draw it.

A networkx graph of what the API server holds: Nodes, the Pods bound to them
(`spec.nodeName`, set by the scheduler's Binding), Pods still Pending, and the owner
chain from `metadata.ownerReferences` (Deployment -> ReplicaSet -> Pod), the same
edges the garbage collector follows. Nodes are panels with their name, kubectl's STATUS
and ROLES, and their taints; Pods are markers inside the panel of their Node. Owner
edges are drawn lightly: they explain, the placement is the point.

Reads only through the public contract: a `ClusterObserver`'s watch-fed cache when one
is given (no requests at all), else `cluster.list(...)` at each render.
"""

from __future__ import annotations

import networkx as nx
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch

from . import cluster_layout
from .base import View
from .portrayal import (NOT_READY_EDGE, PHASE_COLORS, default_pod_style, natural_key,
                        node_roles, node_status, shorten, taint_text)

OWNER_RESOURCES = ("deployments", "replicasets")  # top row first
STATUS_COLORS = {"Ready": "#1e7b34", "NotReady": "#c0392b", "Unknown": "#c0392b"}
# Pod names are written under their markers while a panel holds at most this many; a
# fuller panel shows markers only (its header still counts them). Names at 6 pt in a
# crowded panel are unreadable, and each label costs a text draw on every redraw.
LABELLED_PODS_PER_PANEL = 8


def _uid(obj: dict) -> str:
    meta = obj["metadata"]
    return meta.get("uid") or f"{meta.get('namespace', '')}/{meta['name']}"


def _sort_key(obj: dict) -> tuple:
    meta = obj["metadata"]
    return natural_key(meta.get("namespace") or ""), natural_key(meta["name"])


class ClusterGraphView(View):
    """The cluster picture. `pod_style(pod) -> dict(color=…, marker=…)` recolours Pods;
    an optional `edgecolor`, `label` and `legend` (a legend entry) are honoured too."""

    def __init__(self, cluster, pod_style=None, observer=None, namespace: str | None = None,
                 columns: int = 4) -> None:
        self.cluster, self.observer, self.namespace = cluster, observer, namespace
        self.pod_style = pod_style or default_pod_style
        self.columns = columns
        self._counts = None

    # -- reading the cluster ----------------------------------------------------------------
    def _list(self, resource: str) -> list[dict]:
        source = self.observer if self.observer is not None else self.cluster
        items = source.list(resource)
        if self.namespace is not None and resource != "nodes":
            items = [o for o in items if o["metadata"].get("namespace") == self.namespace]
        return sorted(items, key=_sort_key)

    def graph(self) -> nx.DiGraph:
        """Nodes, Pods and owners as graph nodes (attributes `kind`, `obj`, `panel`), owner
        edges `owner -> dependent` (attribute `rel="owns"`)."""
        g = nx.DiGraph()
        nodes = self._list("nodes")
        names = {n["metadata"]["name"] for n in nodes}
        for node in nodes:
            g.add_node(f"node/{node['metadata']['name']}", kind="Node", obj=node)
        owners = [self._list(r) for r in OWNER_RESOURCES]
        for level in owners:
            for obj in level:
                g.add_node(_uid(obj), kind=obj.get("kind", ""), obj=obj)
        for pod in self._list("pods"):
            bound = pod.get("spec", {}).get("nodeName")
            g.add_node(_uid(pod), kind="Pod", obj=pod, panel=bound if bound in names else "")
        for uid, data in list(g.nodes(data=True)):
            for ref in data["obj"]["metadata"].get("ownerReferences") or []:
                if ref.get("uid") in g and ref["uid"] != uid:
                    g.add_edge(ref["uid"], uid, rel="owns")
        return g

    # -- drawing ---------------------------------------------------------------------------
    def draw(self, fig: Figure) -> None:
        g = self.graph()
        nodes = [d["obj"] for _, d in g.nodes(data=True) if d["kind"] == "Node"]
        pods = [(k, d["obj"], d["panel"]) for k, d in g.nodes(data=True) if d["kind"] == "Pod"]
        node_names = [n["metadata"]["name"] for n in nodes]
        node_names.sort(key=natural_key)
        by_name = {n["metadata"]["name"]: n for n in nodes}
        pods_by_node: dict[str, list[str]] = {}
        for key, _, panel in pods:
            pods_by_node.setdefault(panel, []).append(key)
        owner_rows = self._owner_rows(g)
        layout = cluster_layout.compute(
            node_names, {n: len(by_name[n].get("spec", {}).get("taints") or []) for n in node_names},
            pods_by_node, pods_by_node.get("", []), owner_rows, self.columns)
        fig.set_size_inches(layout.width, layout.height)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, layout.width)
        ax.set_ylim(-layout.height, 0)
        ax.axis("off")

        pos = {}
        for panel in layout.panels:
            self._draw_panel(ax, panel, by_name.get(panel.key), len(panel.pods))
            pos.update({k: (x, -y) for k, (x, y) in panel.pods.items()})
        for uid, (x, y) in layout.owners.items():
            pos[uid] = (x, -y)
            self._draw_owner(ax, g.nodes[uid]["obj"], x, -y, layout.owner_slot)
        edges = [(u, v) for u, v in g.edges if u in pos and v in pos]
        if edges:
            # Lighter as they multiply: 100 Pods of one ReplicaSet must not hide the nodes.
            alpha = 0.3 if len(edges) <= 12 else max(0.07, 0.3 * (12 / len(edges)) ** 0.5)
            lines = nx.draw_networkx_edges(g, pos, edgelist=edges, ax=ax, arrows=False,
                                           edge_color="#7a7a7a", alpha=alpha, width=0.6)
            lines.set_zorder(1)
        labelled = {key for panel in layout.panels if len(panel.pods) <= LABELLED_PODS_PER_PANEL
                    for key in panel.pods}
        legend = self._draw_pods(ax, g, pods, pos, labelled)
        self._counts = (len(nodes), sum(node_status(n).startswith("Ready") for n in nodes),
                        len(pods), len(pods_by_node.get("", [])))
        ax.text(cluster_layout.GAP, -0.22, self._title(), fontsize=11, fontweight="bold",
                va="center")
        if legend:
            ax.legend(handles=legend, loc="lower center", bbox_to_anchor=(0.5, 0.0),
                      ncol=len(legend), frameon=False, fontsize=8,
                      bbox_transform=ax.transAxes)

    def _owner_rows(self, g: nx.DiGraph) -> list[list[str]]:
        """Deployments in name order; ReplicaSets grouped under their Deployment."""
        top = [k for k, d in g.nodes(data=True) if d["kind"] == "Deployment"]
        rank = {k: i for i, k in enumerate(top)}
        second = [k for k, d in g.nodes(data=True) if d["kind"] == "ReplicaSet"]
        second.sort(key=lambda k: (min((rank[p] for p in g.predecessors(k) if p in rank),
                                       default=len(rank)), _sort_key(g.nodes[k]["obj"])))
        return [top, second]

    @staticmethod
    def _draw_panel(ax, panel, node: dict | None, pod_count: int) -> None:
        x, y, w, h = panel.x, -panel.y, panel.w, panel.h
        if node is None:  # the Pending area
            face, edge, style = "#fff8e6", "#d9a21b", "--"
        elif "control-plane" in node_roles(node):
            face, edge, style = "#eef2f7", "#5b6b7f", "-"
        else:
            face, edge, style = "#f6f6f6", "#6b6b6b", "-"
        if node is not None and not node_status(node).startswith("Ready"):
            edge, style = STATUS_COLORS["NotReady"], "--"
        ax.add_patch(FancyBboxPatch((x, y - h), w, h, boxstyle="round,pad=0,rounding_size=0.08",
                                    facecolor=face, edgecolor=edge, linestyle=style,
                                    linewidth=1.2, zorder=0))
        left = x + 0.1
        plural = "pod" if pod_count == 1 else "pods"
        if node is None:
            ax.text(left, y - 0.08, f"Pending: not bound to a node ({pod_count} {plural})",
                    fontsize=9, fontweight="bold", color="#7a5a00", va="top")
            return
        ax.text(left, y - 0.08, shorten(node["metadata"]["name"], 24), fontsize=10,
                fontweight="bold", va="top")
        roles = ",".join(node_roles(node))
        if roles:
            ax.text(x + w - 0.1, y - 0.1, roles, fontsize=7, color="#555555", va="top",
                    ha="right")
        status = node_status(node)
        ax.text(left, y - 0.3, f"{status}  ·  {pod_count} {plural}", fontsize=8,
                color=STATUS_COLORS.get(status.split(",")[0], "#333333"), va="top")
        for i, taint in enumerate(node.get("spec", {}).get("taints") or []):
            ax.text(left, y - cluster_layout.HEADER_BASE - i * cluster_layout.TAINT_LINE + 0.02,
                    "taint " + shorten(taint_text(taint), 50), fontsize=6.5, color="#6b4e16",
                    style="italic", va="top")

    @staticmethod
    def _draw_owner(ax, obj: dict, x: float, y: float, slot: float) -> None:
        kind, name = obj.get("kind", ""), obj["metadata"]["name"]
        chars = max(6, int((slot - 0.15) / 0.075))
        face = "#e3ecfa" if kind == "Deployment" else "#edf6ea"
        ax.text(x, y, f"{kind}\n{shorten(name, chars)}", fontsize=7, ha="center", va="center",
                linespacing=1.3, zorder=3,
                bbox={"boxstyle": "round,pad=0.3", "facecolor": face, "edgecolor": "#8a8a8a",
                      "linewidth": 0.8})

    def _draw_pods(self, ax, g: nx.DiGraph, pods, pos, labelled: set) -> list:
        """Markers grouped by shape (one scatter each), labels under the `labelled` ones;
        returns the legend handles."""
        styles = {key: self.pod_style(obj) for key, obj, _ in pods}
        for marker in sorted({s.get("marker", "o") for s in styles.values()}):
            keys = [k for k, _, _ in pods if styles[k].get("marker", "o") == marker]
            artist = nx.draw_networkx_nodes(
                g, pos, nodelist=keys, ax=ax, node_shape=marker, node_size=110,
                node_color=[styles[k].get("color", PHASE_COLORS["Unknown"]) for k in keys],
                edgecolors=[styles[k].get("edgecolor", "#333333") for k in keys],
                linewidths=[2.0 if styles[k].get("edgecolor") == NOT_READY_EDGE else 0.8
                            for k in keys])
            artist.set_zorder(2)
        for key, obj, _ in pods:
            if key not in labelled:
                continue
            x, y = pos[key]
            label = styles[key].get("label") or shorten(obj["metadata"]["name"], 17)
            ax.text(x, y - 0.1, label, fontsize=6, ha="center", va="top", zorder=2)
        if self.pod_style is default_pod_style:
            return self._default_legend()
        entries = {}
        for s in styles.values():
            if s.get("legend"):
                entries.setdefault(s["legend"], s)
        return [Line2D([], [], linestyle="", marker=s.get("marker", "o"), markersize=8,
                       markerfacecolor=s.get("color"), markeredgecolor=s.get("edgecolor", "#333"),
                       label=label) for label, s in sorted(entries.items())]

    @staticmethod
    def _default_legend() -> list:
        def handle(label, color, marker="o", edge="#333333"):
            return Line2D([], [], linestyle="", marker=marker, markersize=8,
                          markerfacecolor=color, markeredgecolor=edge, label=label,
                          markeredgewidth=2.0 if edge == NOT_READY_EDGE else 0.8)

        entries = [handle(phase, color) for phase, color in PHASE_COLORS.items()]
        entries.append(handle("Running, not Ready", PHASE_COLORS["Running"],
                              edge=NOT_READY_EDGE))
        entries.append(handle("terminating", "#bbbbbb", marker="X"))
        return entries

    # -- text ------------------------------------------------------------------------------
    def _title(self) -> str:
        nodes, ready, pods, pending = self._counts
        ns = f" in namespace {self.namespace}" if self.namespace else ""
        return (f"{nodes} node{'s' * (nodes != 1)} ({ready} Ready), "
                f"{pods} pod{'s' * (pods != 1)}{ns} ({pending} not bound to a node)")

    def description(self) -> str:
        if self._counts is None:
            self.figure()
        return f"Cluster: {self._title()}"
