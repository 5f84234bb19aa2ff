"""Pod lifelines: one row per Pod, its states as coloured bars over virtual time.

Workloads differ in how their Pods live and die — a DaemonSet's Pod per node, a Job's
Pods running to completion and being replaced after a failure, a CronJob's Job each
scheduled time, a StatefulSet's Pods coming up one ordinal after another — and a Gantt
chart of the Pods shows each at a glance. `PodLifelines` records, from the watch,
what `kubectl get pods` would have shown for each Pod at every moment (the STATUS
column reduced to a few states); `LifelineView` draws it.

    lifelines = PodLifelines(lambda pod: pod["metadata"]["labels"].get("app") == "web")
    observer.on_event(lambda e: lifelines.record(cluster.now, e))
"""

from __future__ import annotations

from dataclasses import dataclass, field

from matplotlib.figure import Figure
from matplotlib.patches import Patch

from .base import View
from .portrayal import condition

STATE_COLORS = {
    "Pending": "#f2b134",       # not bound, pulling, or waiting in back-off
    "Running": "#9fd4a8",       # running, not Ready yet
    "Ready": "#2e9e44",
    "Succeeded": "#4a78c2",     # Completed
    "Failed": "#d0392b",        # Error
    "Terminating": "#9a9a9a",
}
MAX_ROWS = 30   # the newest rows are kept; older ones leave the picture


def pod_state(pod: dict) -> str:
    """The Pod as a few states: deletion first, then phase, Running split by Ready."""
    if pod["metadata"].get("deletionTimestamp"):
        return "Terminating"
    phase = (pod.get("status") or {}).get("phase") or "Pending"
    if phase == "Running":
        return "Ready" if condition(pod, "Ready") == "True" else "Running"
    return phase if phase in STATE_COLORS else "Pending"


@dataclass
class Lifeline:
    label: str
    created: float
    changes: list = field(default_factory=list)    # (time, state); state None: gone
    sort_key: tuple = ()


class PodLifelines:
    """Per Pod (by uid): the (time, state) changes seen on the watch, for the Pods a
    `selects(pod)` predicate accepts. `label(pod)` names a row (default: the Pod name,
    with its node once bound); `sort_key(pod)` orders rows (default: creation)."""

    def __init__(self, selects, label=None, sort_key=None) -> None:
        self.selects = selects
        self.label = label or (lambda pod: pod["metadata"]["name"])
        self.sort_key = sort_key
        self.lines: dict[str, Lifeline] = {}

    def record(self, now: float, event) -> None:
        if getattr(event.resource, "plural", event.resource) != "pods":
            return
        self.record_pod(now, event.object, gone=event.type == "DELETED")

    def record_pod(self, now: float, pod: dict, gone: bool = False) -> None:
        uid = pod["metadata"]["uid"]
        line = self.lines.get(uid)
        if line is None:
            if gone or not self.selects(pod):
                return
            line = self.lines[uid] = Lifeline(self.label(pod), now)
        line.label = self.label(pod)
        line.sort_key = self.sort_key(pod) if self.sort_key else (line.created, line.label)
        state = None if gone else pod_state(pod)
        if not line.changes or line.changes[-1][1] != state:
            line.changes.append((now, state))

    def rows(self) -> list[Lifeline]:
        rows = sorted(self.lines.values(), key=lambda line: line.sort_key)
        return rows[-MAX_ROWS:]


class LifelineView(View):
    def __init__(self, lifelines: PodLifelines, until: float, title: str = "",
                 marks: list[tuple[float, str]] | None = None, since: float = 0.0) -> None:
        self.rows = lifelines.rows()
        self.until, self.title, self.since = until, title, since
        self.marks = list(marks or [])

    def draw(self, fig: Figure) -> None:
        height = 1.3 + 0.28 * max(len(self.rows), 3)
        fig.set_size_inches(8.6, height)
        ax = fig.add_subplot(1, 1, 1)
        end = max(self.until, self.since + 1.0)
        for y, line in enumerate(reversed(self.rows)):
            spans = line.changes + [(end, None)]
            for (start, state), (stop, _) in zip(spans, spans[1:]):
                if state is None or stop <= start:
                    continue
                ax.broken_barh([(start, stop - start)], (y - 0.35, 0.7),
                               facecolors=STATE_COLORS[state], edgecolor="none")
        ax.set_yticks(range(len(self.rows)))
        ax.set_yticklabels([line.label for line in reversed(self.rows)], fontsize=7.5)
        ax.set_ylim(-0.7, max(len(self.rows), 1) - 0.3)
        ax.set_xlim(self.since, end)
        for t, label in self.marks:
            if self.since <= t <= end:
                ax.axvline(t, color="#888888", linestyle=":", linewidth=1.0)
                ax.annotate(label, (t, 1.0), xycoords=("data", "axes fraction"),
                            xytext=(3, -3), textcoords="offset points", fontsize=7,
                            color="#444444", va="top", rotation=90)
        ax.set_xlabel("virtual time (s)")
        if self.title:
            ax.set_title(self.title, fontsize=10)
        ax.grid(True, axis="x", linewidth=0.4, color="#dddddd")
        ax.spines[["top", "right"]].set_visible(False)
        if not self.rows:
            ax.text(0.5, 0.5, "no Pods yet", transform=ax.transAxes, ha="center",
                    va="center", color="#777777")
        ax.legend(handles=[Patch(color=c, label=s) for s, c in STATE_COLORS.items()],
                  fontsize=7.5, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
        fig.tight_layout()

    def description(self) -> str:
        counts: dict[str, int] = {}
        for line in self.rows:
            state = line.changes[-1][1] if line.changes else None
            counts[state or "gone"] = counts.get(state or "gone", 0) + 1
        summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "none"
        return f"Pod lifelines to t={self.until:g}s: {len(self.rows)} Pods ({summary})"
