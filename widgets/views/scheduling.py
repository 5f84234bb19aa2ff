"""SchedulingView: one Pod's scheduling decision, read back from the Pod itself.

kube-scheduler's framework (pkg/scheduler/framework/runtime/framework.go) filters every
node, then scores the survivors with each score plugin, normalises to 0–100 and
multiplies by the plugin's weight. The model's scheduler writes each step on the Pod as
JSON annotations in the style of the kube-scheduler-simulator: `filter-result` (node →
plugin → "passed" or the reason), `finalscore-result` (node → plugin → weighted score)
and `selected-node`. This view draws them: a red line per rejected node naming the first
filter plugin that said no and why; for each feasible node a stacked horizontal bar of
its weighted scores, the winner outlined. E.g. TaintToleration 100 × 3 = 300, plus
NodeResourcesFit 91 and BalancedAllocation 95 at weight 1: a bar 486 long.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from matplotlib.figure import Figure
from matplotlib.patches import Patch

from .base import View
from .portrayal import natural_key, shorten

PREFIX = "scheduler.k8s-model.io/"
# Default-profile score plugins in config order (default_plugins.go), then any others.
PLUGIN_ORDER = ("TaintToleration", "NodeAffinity", "PodTopologySpread", "InterPodAffinity",
                "NodeResourcesFit", "NodeResourcesBalancedAllocation", "ImageLocality")
PLUGIN_COLORS = {
    "TaintToleration": "#4e79a7", "NodeAffinity": "#f28e2b", "PodTopologySpread": "#76b7b2",
    "InterPodAffinity": "#edc948", "NodeResourcesFit": "#59a14f",
    "NodeResourcesBalancedAllocation": "#b07aa1", "ImageLocality": "#9c755f",
}
OTHER_COLORS = ("#e15759", "#ff9da7", "#bab0ac", "#86bcb6")
REJECT_COLOR = "#c0392b"
WINNER_EDGE = "#111111"


@dataclass
class NodeVerdict:
    name: str
    rejected_by: str = ""          # the first filter plugin that did not pass
    reason: str = ""               # what it said ("Insufficient cpu")
    scores: dict = field(default_factory=dict)  # plugin -> weighted score

    @property
    def total(self) -> int:
        return sum(self.scores.values())


@dataclass
class Decision:
    pod: str
    selected: str = ""
    nodes: list = field(default_factory=list)   # NodeVerdict, natural node order
    note: str = ""                  # why there is nothing to show, if so

    @property
    def feasible(self) -> list:
        return [n for n in self.nodes if not n.rejected_by]


def _annotation(pod: dict, name: str):
    text = (pod.get("metadata", {}).get("annotations") or {}).get(PREFIX + name)
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text   # selected-node is a plain node name


def decision(pod: dict) -> Decision:
    """The scheduler's annotations on `pod`, as per-node verdicts."""
    meta = pod.get("metadata", {})
    out = Decision(f"{meta.get('namespace', 'default')}/{meta.get('name', '')}")
    filters = _annotation(pod, "filter-result")
    if not isinstance(filters, dict):
        bound = pod.get("spec", {}).get("nodeName")
        out.note = (f"spec.nodeName is {bound}: the scheduler never saw this Pod"
                    if bound else "not scheduled yet: advance the clock")
        return out
    finals = _annotation(pod, "finalscore-result") or {}
    selected = _annotation(pod, "selected-node")
    out.selected = selected if isinstance(selected, str) else ""
    for node in sorted(filters, key=natural_key):
        verdict = NodeVerdict(node)
        for plugin, result in filters[node].items():
            if result != "passed":
                verdict.rejected_by, verdict.reason = plugin, result
                break
        if not verdict.rejected_by:
            verdict.scores = dict(finals.get(node) or {})
        out.nodes.append(verdict)
    return out


def plugin_order(plugins) -> list[str]:
    known = [p for p in PLUGIN_ORDER if p in plugins]
    return known + sorted(p for p in plugins if p not in PLUGIN_ORDER)


def plugin_color(plugin: str, order: list[str]) -> str:
    if plugin in PLUGIN_COLORS:
        return PLUGIN_COLORS[plugin]
    others = [p for p in order if p not in PLUGIN_COLORS]
    return OTHER_COLORS[others.index(plugin) % len(OTHER_COLORS)]


class SchedulingView(View):
    """Why the Pod went where it went. `SchedulingView(c.get("pods", "web"))`."""

    def __init__(self, pod: dict | None, max_rows: int = 14) -> None:
        self.pod, self.max_rows = pod, max_rows
        self.decision = decision(pod) if pod else Decision("", note="no Pod yet: press Schedule")

    def rows(self) -> tuple[list, int]:
        """The verdicts to draw and how many were left out (big clusters)."""
        nodes = self.decision.nodes
        if len(nodes) <= self.max_rows:
            return nodes, 0
        best = sorted(self.decision.feasible, key=lambda n: (-n.total, natural_key(n.name)))
        rejected = [n for n in nodes if n.rejected_by]
        shown = (best + rejected)[: self.max_rows]
        return shown, len(nodes) - len(shown)

    def title(self) -> str:
        d = self.decision
        if d.note:
            return f"Pod {d.pod}: {d.note}" if d.pod else d.note
        if d.selected:
            return f"Pod {d.pod} → {d.selected}  ({len(d.feasible)} of {len(d.nodes)} nodes fit)"
        return f"Pod {d.pod}: 0/{len(d.nodes)} nodes are available"

    def draw(self, fig: Figure) -> None:
        rows, hidden = self.rows()
        n = max(len(rows), 1) + (1 if hidden else 0)
        height = 0.85 + 0.36 * n + 0.5   # inches: legend and axis label, rows, title
        fig.set_size_inches(9.5, height)
        ax = fig.add_axes((0.2, 0.85 / height, 0.62, 0.36 * n / height))
        fig.text(0.01, 1 - 0.25 / height, self.title(), fontsize=11, fontweight="bold",
                 va="center")
        order = plugin_order({p for v in rows for p in v.scores})
        top = max([v.total for v in rows if not v.rejected_by] + [1])
        ax.set_xlim(0, top * 1.02)
        ax.set_ylim(n - 0.5, -0.5)
        ax.set_yticks([])
        ax.spines[["top", "right", "left"]].set_visible(False)
        ax.tick_params(axis="x", labelsize=8)
        if order:
            ax.set_xlabel("weighted score (normalised 0–100 × plugin weight), summed", fontsize=8)
        else:  # nothing was scored: no axis to read
            ax.spines["bottom"].set_visible(False)
            ax.set_xticks([])
        for y, verdict in enumerate(rows):
            self._draw_row(ax, y, verdict, order, top)
        if hidden:
            ax.text(0, len(rows), f"… {hidden} more nodes not shown", fontsize=8,
                    color="#555555", va="center")
        if not rows:
            ax.text(0, 0, self.decision.note or "nothing to show", fontsize=9, va="center")
        if order:
            handles = [Patch(facecolor=plugin_color(p, order), label=p) for p in order]
            fig.legend(handles=handles, loc="lower center", ncol=min(4, len(handles)),
                       fontsize=7.5, frameon=False, bbox_to_anchor=(0.5, 0.0))

    def _draw_row(self, ax, y: int, verdict: NodeVerdict, order: list[str], top: int) -> None:
        winner = verdict.name == self.decision.selected
        label = ("★ " if winner else "") + shorten(verdict.name, 18)
        ax.text(-0.01 * top, y, label, ha="right", va="center", fontsize=9,
                fontweight="bold" if winner else "normal",
                color=REJECT_COLOR if verdict.rejected_by else "#111111",
                transform=ax.transData, clip_on=False)
        if verdict.rejected_by:
            ax.text(0, y, f"✗ {verdict.rejected_by}: {shorten(verdict.reason, 70)}",
                    va="center", fontsize=8.5, color=REJECT_COLOR)
            return
        if not verdict.scores and len(self.decision.feasible) == 1:
            ax.text(0, y, "✓ the only node that passed every filter: no scoring needed",
                    va="center", fontsize=8.5, fontweight="bold" if winner else "normal")
            return
        left = 0
        for plugin in order:
            value = verdict.scores.get(plugin, 0)
            if value <= 0:
                continue
            ax.barh(y, value, left=left, height=0.62, color=plugin_color(plugin, order),
                    edgecolor="white", linewidth=0.5)
            if value >= 0.07 * top:
                ax.text(left + value / 2, y, str(value), ha="center", va="center",
                        fontsize=7.5, color="white")
            left += value
        if winner:
            ax.barh(y, max(left, 0.005 * top), height=0.74, fill=False,
                    edgecolor=WINNER_EDGE, linewidth=1.8)
        ax.text(top * 1.03, y, f"{verdict.total}" + ("  selected" if winner else ""),
                va="center", fontsize=8.5, fontweight="bold" if winner else "normal",
                clip_on=False)

    def description(self) -> str:
        """The same decision as text: one line per node."""
        lines = [self.title()]
        for verdict in self.rows()[0]:
            if verdict.rejected_by:
                lines.append(f"  {verdict.name}: ✗ {verdict.rejected_by}: {verdict.reason}")
            else:
                parts = " + ".join(f"{p} {verdict.scores[p]}"
                                   for p in plugin_order(verdict.scores) if verdict.scores[p])
                mark = "  ← selected" if verdict.name == self.decision.selected else ""
                if not verdict.scores and len(self.decision.feasible) == 1:
                    parts = "the only feasible node, not scored"
                lines.append(f"  {verdict.name}: {verdict.total} = {parts or '0'}{mark}")
        return "\n".join(lines)
