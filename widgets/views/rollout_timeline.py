"""RolloutTimelineView: a Deployment's rollout over virtual time, in two panels.

The top panel is the promise a RollingUpdate makes. The Deployment controller keeps the
ReplicaSets' replicas summed at most `replicas + maxSurge` and the available Pods at
least `replicas − maxUnavailable` (pkg/controller/deployment/rolling.go), so the two
solid lines stay between the two dashed bounds — except where upstream itself lets
them out: just after a scale, before the controller has resized the ReplicaSets, and
while Pods cannot become available at all (a bad image never counts as available, so
the rollout stalls at the floor rather than going below it).

The bottom panel shows each ReplicaSet as `kubectl get rs` would over time, one colour
per ReplicaSet (revision order, the colours of the cluster picture): DESIRED as a wide
pale band, READY solid on it, AVAILABLE dashed. A rolling update is the new
ReplicaSet's band climbing while the old one's steps down.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .base import View
from .timeline import PALETTE, TimelineView

TOTAL = "pods (Σ ReplicaSet replicas)"
AVAILABLE = "available"
CEILING = "replicas + maxSurge"
FLOOR = "replicas − maxUnavailable"
TOTAL_STYLES = {TOTAL: {"color": "#1f77b4", "linewidth": 2.0},
                AVAILABLE: {"color": "#2ca02c", "linewidth": 2.0},
                CEILING: {"color": "#d62728", "linestyle": "--", "linewidth": 1.2},
                FLOOR: {"color": "#ff7f0e", "linestyle": "--", "linewidth": 1.2}}
# The ReplicaSets' colours skip the totals' blue and green.
SET_COLORS = ("#9467bd", "#e377c2", "#17becf", "#8c564b", "#bcbd22", "#7f7f7f") + PALETTE


def set_color(index: int) -> str:
    return SET_COLORS[index % len(SET_COLORS)]


@dataclass
class ReplicaSetSeries:
    """One ReplicaSet's counts over time: (time, value) points, appended on change."""
    label: str
    color: str
    desired: list = field(default_factory=list)
    ready: list = field(default_factory=list)
    available: list = field(default_factory=list)


class RolloutTimelineView(View):
    def __init__(self, totals: dict[str, list], sets: dict[str, ReplicaSetSeries],
                 title: str = "", until: float | None = None,
                 marks: list[tuple[float, str]] | None = None) -> None:
        self.totals, self.sets = totals, sets
        self.title, self.until, self.marks = title, until, list(marks or [])

    def _top(self) -> TimelineView:
        return TimelineView(self.totals, until=self.until, marks=self.marks,
                            ylabel="pods", styles=TOTAL_STYLES, title=self.title)

    def _bottom(self) -> TimelineView:
        series, styles = {}, {}
        for name, s in self.sets.items():
            for part, style in (("desired", {"linewidth": 6, "alpha": 0.3, "label": s.label}),
                                ("ready", {"linewidth": 1.6, "label": "_nolegend_"}),
                                ("available", {"linewidth": 1.2, "linestyle": "--",
                                               "label": "_nolegend_"})):
                series[f"{name} {part}"] = getattr(s, part)
                styles[f"{name} {part}"] = {"color": s.color, **style}
        return TimelineView(series, until=self.until, marks=self.marks, ylabel="pods",
                            styles=styles, title="per ReplicaSet: desired (band), "
                                                 "ready (solid), available (dashed)")

    def end_time(self) -> float:
        return max(self._top().end_time(), self._bottom().end_time())

    def draw(self, fig: Figure) -> None:
        fig.set_size_inches(8.6, 5.6)
        top, bottom = fig.subplots(2, 1, sharex=True)
        end = self.end_time()
        for view, ax in ((self._top(), top), (self._bottom(), bottom)):
            view.until = end
            view.plot(ax)
        top.set_xlabel("")
        if not self.sets:
            bottom.text(0.5, 0.5, "no ReplicaSet yet", transform=bottom.transAxes,
                        ha="center", va="center", color="#777777")
        handles, _ = bottom.get_legend_handles_labels()
        if handles:  # the line styles explained once, after the ReplicaSets
            handles += [Line2D([], [], color="#555555", linewidth=1.6, label="ready"),
                        Line2D([], [], color="#555555", linewidth=1.2, linestyle="--",
                               label="available")]
            bottom.legend(handles=handles, fontsize=8, frameon=False, loc="upper left",
                          bbox_to_anchor=(1.01, 1.0))
        fig.tight_layout()

    def description(self) -> str:
        latest = {name: (points[-1][1] if points else 0) for name, points in self.totals.items()}
        sets = "; ".join(f"{s.label}: {s.desired[-1][1] if s.desired else 0} desired, "
                         f"{s.available[-1][1] if s.available else 0} available"
                         for s in self.sets.values())
        return (f"Rollout to t={self.end_time():g}s: {latest.get(TOTAL, 0)} pods, "
                f"{latest.get(AVAILABLE, 0)} available, bounds "
                f"[{latest.get(FLOOR, 0)}, {latest.get(CEILING, 0)}]" + (f"; {sets}" if sets else ""))
