"""TimelineView: step plots of values over virtual time (replica counts, Ready nodes …).

A controller's state only changes when an event is processed, so a value holds until
its next sample: a step plot (`where="post"`), like a Deployment's `.status.replicas`
jumping 3 -> 4 when the new ReplicaSet's Pod is created. Each series is a list of
`(time, value)`, drawn in the dict's order with a fixed palette, and extended to `until`
(default: the latest sample of any series) so the last value stays visible. `marks`
put labelled vertical lines at moments of interest ("node-2 stops heartbeating").
`styles` sets matplotlib line options per series, e.g. a dashed, wider `desired` that
stays visible under `current` and `ready` when all three agree (`label="_nolegend_"`
keeps a series out of the legend).
"""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .base import View

PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
           "#7f7f7f", "#bcbd22", "#17becf")


class TimelineView(View):
    def __init__(self, series: dict[str, list[tuple[float, float]]], title: str = "",
                 ylabel: str = "", until: float | None = None,
                 marks: list[tuple[float, str]] | None = None, integer: bool = True,
                 size: tuple[float, float] = (8.0, 3.2),
                 styles: dict[str, dict] | None = None) -> None:
        self.series = {name: sorted(points, key=lambda p: p[0])
                       for name, points in series.items()}
        self.title, self.ylabel, self.until = title, ylabel, until
        self.marks = list(marks or [])
        self.integer, self.size = integer, size
        self.styles = dict(styles or {})

    def end_time(self) -> float:
        times = [p[0] for points in self.series.values() for p in points]
        times += [t for t, _ in self.marks]
        return self.until if self.until is not None else max(times, default=0.0)

    def description(self) -> str:
        names = ", ".join(self.series) or "no series"
        return f"Timeline to t={self.end_time():g}s: {names}"

    def draw(self, fig: Figure) -> None:
        fig.set_size_inches(*self.size)
        self.plot(fig.add_subplot(1, 1, 1))
        fig.tight_layout()

    def plot(self, ax) -> None:
        """Draw the series and marks on one Axes (also a panel of a bigger figure)."""
        end = self.end_time()
        for i, (name, points) in enumerate(self.series.items()):
            if not points:
                continue
            xs = [t for t, _ in points]
            ys = [v for _, v in points]
            if end > xs[-1]:
                xs.append(end)
                ys.append(ys[-1])
            style = {"linewidth": 1.8, "color": PALETTE[i % len(PALETTE)], "label": name,
                     **self.styles.get(name, {})}
            ax.step(xs, ys, where="post", **style)
        for t, label in self.marks:
            ax.axvline(t, color="#888888", linestyle=":", linewidth=1.0)
            ax.annotate(label, (t, 1.0), xycoords=("data", "axes fraction"), xytext=(3, -3),
                        textcoords="offset points", fontsize=7.5, color="#444444",
                        va="top", rotation=90,
                        bbox={"boxstyle": "square,pad=0.1", "facecolor": "white",
                              "edgecolor": "none"})
        ax.set_xlabel("virtual time (s)")
        if self.ylabel:
            ax.set_ylabel(self.ylabel)
        if self.title:
            ax.set_title(self.title, fontsize=10)
        if self.integer:
            ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlim(left=0, right=max(end, 1.0) * 1.02)
        ax.margins(y=0.12)
        ax.grid(True, linewidth=0.4, color="#dddddd")
        ax.spines[["top", "right"]].set_visible(False)
        if any(self.series.values()):
            ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
