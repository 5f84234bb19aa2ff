"""NodeResourcesView: each node's allocatable and requested CPU and memory.

What NodeResourcesFit compares (pkg/scheduler/framework/plugins/noderesources/fit.go):
a Pod fits a node when its requests plus the requests of the Pods already there stay
within the node's `status.allocatable` — actual usage never enters into it. The numbers
are those of `kubectl describe node`'s "Allocated resources": e.g. allocatable cpu 4,
Pods requesting 500m + 1500m = 2 (50%). Rows also show kubectl's STATUS (cordoned nodes
are `Ready,SchedulingDisabled`) and the node's taints, the other two reasons a node says
no. Pods not yet bound are counted in the title.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from k8s_model.scheduler.types import pod_requests, quantity_value

from .base import View
from .portrayal import natural_key, node_status, shorten, taint_text

BAR = {"cpu": "#4e79a7", "memory": "#59a14f"}
FULL = "#c0392b"
TERMINAL = ("Succeeded", "Failed")


def cpu_text(milli: int) -> str:
    return f"{milli // 1000}" if milli % 1000 == 0 else f"{milli}m"


def memory_text(value: int) -> str:
    for unit, size in (("Gi", 1 << 30), ("Mi", 1 << 20), ("Ki", 1 << 10)):
        if value >= size and value % size == 0:
            return f"{value // size}{unit}"
    return f"{value / (1 << 20):.0f}Mi" if value >= 1 << 20 else str(value)


def node_usage(nodes: list[dict], pods: list[dict]) -> list[dict]:
    """Per node: name, status, taints, allocatable and requested cpu (milli) / memory."""
    requested: dict[str, dict] = {}
    counts: dict[str, int] = {}
    for pod in pods:
        node = pod.get("spec", {}).get("nodeName")
        if not node or pod.get("status", {}).get("phase") in TERMINAL:
            continue
        totals = requested.setdefault(node, {"cpu": 0, "memory": 0})
        for name, value in pod_requests(pod).items():
            if name in totals:
                totals[name] += value
        counts[node] = counts.get(node, 0) + 1
    rows = []
    for node in sorted(nodes, key=lambda n: natural_key(n["metadata"]["name"])):
        name = node["metadata"]["name"]
        alloc = node.get("status", {}).get("allocatable") or {}
        rows.append({
            "name": name, "status": node_status(node), "pods": counts.get(name, 0),
            "taints": [taint_text(t) for t in node.get("spec", {}).get("taints") or []],
            "allocatable": {r: quantity_value(r, alloc.get(r, "0")) for r in ("cpu", "memory")},
            "requested": requested.get(name, {"cpu": 0, "memory": 0}),
        })
    return rows


class NodeResourcesView(View):
    """Requested / allocatable per node, from the observer's cache (or `cluster.list`)."""

    def __init__(self, cluster, observer=None) -> None:
        self.cluster, self.observer = cluster, observer
        self._rows: list[dict] = []
        self._pending = 0

    def _read(self) -> None:
        source = self.observer if self.observer is not None else self.cluster
        pods = source.list("pods")
        self._rows = node_usage(source.list("nodes"), pods)
        self._pending = sum(1 for p in pods if not p.get("spec", {}).get("nodeName"))

    def draw(self, fig: Figure) -> None:
        self._read()
        n = max(len(self._rows), 1)
        height = 0.55 + 0.5 * n
        fig.set_size_inches(9.5, height)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, 9.5)
        ax.set_ylim(height, 0)
        ax.axis("off")
        ax.text(0.1, 0.25, self.title(), fontsize=11, fontweight="bold", va="center")
        ax.text(3.3, 0.45, "CPU requested / allocatable", fontsize=7.5, color="#555555")
        ax.text(6.3, 0.45, "memory requested / allocatable", fontsize=7.5, color="#555555")
        for i, row in enumerate(self._rows):
            y = 0.8 + 0.5 * i
            ok = row["status"] == "Ready"
            ax.text(0.1, y - 0.07, shorten(row["name"], 16), fontsize=9.5, va="center",
                    fontweight="bold")
            detail = row["status"] + (f"  · {row['pods']} pod{'s' if row['pods'] > 1 else ''}"
                                    if row["pods"] else "")
            ax.text(0.1, y + 0.13, detail, fontsize=7, va="center",
                    color="#1e7b34" if ok else FULL)
            if row["taints"]:
                ax.text(1.75, y + 0.13, shorten(", ".join(row["taints"]), 30), fontsize=6.5,
                        va="center", color="#8a4b08")
            for x, resource, fmt in ((3.3, "cpu", cpu_text), (6.3, "memory", memory_text)):
                self._bar(ax, x, y - 0.05, resource, row, fmt)

    @staticmethod
    def _bar(ax, x: float, y: float, resource: str, row: dict, fmt) -> None:
        width = 2.0
        alloc, used = row["allocatable"][resource], row["requested"][resource]
        share = used / alloc if alloc else 0
        ax.barh(y, width, left=x, height=0.22, color="#e6e6e6")
        ax.barh(y, width * min(share, 1), left=x, height=0.22,
                color=FULL if share > 0.9 else BAR[resource])
        ax.text(x + width + 0.08, y, f"{fmt(used)} / {fmt(alloc)} ({share:.0%})",
                fontsize=7.5, va="center")

    def title(self) -> str:
        pending = f", {self._pending} Pending" if self._pending else ""
        return f"{len(self._rows)} nodes{pending}"

    def description(self) -> str:
        self._read()
        lines = [self.title()]
        for row in self._rows:
            cpu, mem = row["requested"], row["allocatable"]
            lines.append(f"  {row['name']} {row['status']}: cpu {cpu_text(cpu['cpu'])}/"
                         f"{cpu_text(mem['cpu'])}, memory {memory_text(cpu['memory'])}/"
                         f"{memory_text(mem['memory'])}"
                         + (f", taints {', '.join(row['taints'])}" if row["taints"] else ""))
        return "\n".join(lines)
