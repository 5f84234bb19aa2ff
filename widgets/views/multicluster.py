"""MultiClusterView: three ways many clusters are run together today (a static diagram).

The model simulates one cluster, so this view draws no state: it is a picture for
chapter 15 of what replaced Kubernetes Federation (kubernetes-retired/kubefed, archived
in 2023), each pattern a panel with the objects that do the work:

* Cluster API (kubernetes-sigs/cluster-api): a *management* cluster whose controllers
  reconcile `Cluster` and `MachineDeployment` objects into workload clusters — clusters
  created, upgraded and deleted the way a Deployment manages Pods;
* propagation (Karmada's `PropagationPolicy`, Argo CD's `ApplicationSet`, Open Cluster
  Management's `ManifestWork`): one place holds a Deployment, and an agent copies it into
  the member clusters it selects, with per-cluster overrides;
* Multi-Cluster Services (KEP-1645, `multicluster.x-k8s.io`): a `ServiceExport` in one
  cluster makes a `ServiceImport` appear in the others, reachable as
  `<service>.<namespace>.svc.clusterset.local`.
"""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from .base import View

CLUSTER = "#e8f0fb"     # a cluster's box
MANAGER = "#fdf0d5"     # the box that manages the others
EDGE = "#3a5a80"
ARROW = "#444444"


def _box(ax, x: float, y: float, w: float, h: float, title: str, lines: tuple[str, ...] = (),
         color: str = CLUSTER) -> None:
    ax.add_patch(FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0.02,rounding_size=0.05",
                                facecolor=color, edgecolor=EDGE, linewidth=1.2))
    ax.text(x + w / 2, y + h - 0.07, title, ha="center", va="top", fontsize=8.5,
            fontweight="bold")
    for i, line in enumerate(lines):
        ax.text(x + w / 2, y + h - 0.25 - 0.14 * i, line, ha="center", va="top", fontsize=7.5,
                family="monospace")


def _arrow(ax, start: tuple[float, float], end: tuple[float, float], label: str = "",
           offset: tuple[float, float] = (0.0, 0.0)) -> None:
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=10,
                                 color=ARROW, linewidth=1.0))
    if label:
        ax.text((start[0] + end[0]) / 2 + offset[0], (start[1] + end[1]) / 2 + offset[1], label,
                ha="center", va="center", fontsize=7, style="italic",
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5})


def _members(ax, names: tuple[str, ...], lines: tuple[str, ...], y: float = 0.05,
             h: float = 0.55) -> list[float]:
    """Member clusters side by side along the bottom; returns their centres' x."""
    w, gap = 0.9, 0.1
    left = (3.0 - len(names) * w - (len(names) - 1) * gap) / 2
    centres = []
    for i, name in enumerate(names):
        x = left + i * (w + gap)
        _box(ax, x, y, w, h, name, lines)
        centres.append(x + w / 2)
    return centres


def _cluster_api(ax) -> None:
    _box(ax, 0.55, 1.45, 1.9, 0.85, "management cluster",
         ("Cluster/prod-eu", "MachineDeployment", "(Cluster API controllers)"), MANAGER)
    for x in _members(ax, ("prod-eu", "prod-us", "staging"), ("control plane", "+ nodes (VMs)")):
        _arrow(ax, (1.5, 1.45), (x, 0.62))
    ax.text(1.5, 1.05, "create · upgrade · delete", ha="center", fontsize=7, style="italic",
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5})


def _propagation(ax) -> None:
    _box(ax, 0.55, 1.45, 1.9, 0.85, "control point",
         ("Deployment web", "PropagationPolicy /", "ApplicationSet"), MANAGER)
    for x in _members(ax, ("cluster A", "cluster B", "cluster C"),
                      ("Deployment web", "replicas: 3")):
        _arrow(ax, (1.5, 1.45), (x, 0.62))
    ax.text(1.5, 1.05, "copy, with overrides", ha="center", fontsize=7, style="italic",
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5})


def _services(ax) -> None:
    _box(ax, 0.1, 0.55, 1.25, 1.5, "cluster A",
         ("Service api", "ServiceExport api", "Pods api-…"))
    _box(ax, 1.65, 0.55, 1.25, 1.5, "cluster B",
         ("ServiceImport api", "", "client Pod"))
    _arrow(ax, (1.35, 1.75), (1.65, 1.75), "export", (0.0, 0.12))
    _arrow(ax, (2.27, 1.42), (0.72, 1.3))
    ax.text(1.5, 1.12, "curl api.shop.svc.clusterset.local", ha="center", fontsize=7,
            family="monospace", bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5})
    ax.text(1.5, 0.3, "(ServiceExport/ServiceImport:\nmulticluster.x-k8s.io)", ha="center",
            fontsize=7, color="#555555")


PANELS = (
    ("Cluster API: clusters as objects", _cluster_api),
    ("Karmada / Argo CD: one app, many clusters", _propagation),
    ("Multi-Cluster Services", _services),
)


class MultiClusterView(View):
    """Cluster API, workload propagation and Multi-Cluster Services, side by side."""

    def draw(self, fig: Figure) -> None:
        fig.set_size_inches(11.5, 3.3)
        for i, (title, panel) in enumerate(PANELS):
            ax = fig.add_axes((0.01 + i / 3, 0.02, 1 / 3 - 0.02, 0.86))
            ax.set_xlim(0, 3)
            ax.set_ylim(0, 2.4)
            ax.axis("off")
            ax.set_title(title, fontsize=10)
            panel(ax)

    def description(self) -> str:
        return "MultiClusterView: " + "; ".join(title for title, _ in PANELS)
