"""HPATimelineView: a HorizontalPodAutoscaler at work, on the virtual clock.

What `kubectl get hpa php-apache --watch` prints line by line in the docs' walkthrough
(https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale-walkthrough/),
drawn over time in three panels:

    load       requests per second the load generator sends to the Service;
    CPU        the utilisation the HPA controller last read from metrics-server
               (status.currentMetrics, % of the Pods' CPU request) against its target
               (50 %): it changes only at a sync, every 15 s;
    replicas   status.desiredReplicas (what the HPA wants, dashed), status.currentReplicas
               and the Deployment's ready Pods (the new ones need a few seconds to start).

Scaling up is prompt: `ceil(1 × 250 % / 50 %)` = 5 wanted, at most double (or 4) per
sync, so 1 → 4 → 5 → 7. Scaling down waits: the controller applies the highest
recommendation of the last 300 s (--horizontal-pod-autoscaler-downscale-stabilization),
reporting the condition AbleToScale=True, reason ScaleDownStabilized, meanwhile. Those
stretches are shaded: after the load stops the utilisation drops to 0 % at once, and
the replicas follow only when the window has passed.

An `HPAHistory` is the record: samples taken from the HPA's and the Deployment's watch
events (kept only when they change) and the load changes the lab reports.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from .base import View
from .timeline import PALETTE

STABILIZED = "ScaleDownStabilized"
MIN_WINDOW = 120.0          # seconds the time axis spans at least
SHADE = "#fde0c5"


@dataclass
class HPASample:
    time: float
    utilization: int | None       # None: no metric yet (`<unknown>` in TARGETS)
    current: int
    desired: int
    stabilized: bool              # AbleToScale reason ScaleDownStabilized


def hpa_sample(now: float, hpa: dict) -> HPASample | None:
    """One HPA object as the view reads it: its first metric's utilisation, the replica
    counts and whether the scale-down stabilization window is holding it up (None
    before the controller's first sync wrote a status)."""
    status = hpa.get("status") or {}
    if not status.get("conditions"):      # a new HPA's status is all zeros
        return None
    metrics = status.get("currentMetrics") or []
    current = ((metrics[0].get("resource") or {}).get("current") or {}) if metrics else {}
    reasons = {c["type"]: c.get("reason") for c in status.get("conditions") or []}
    return HPASample(now, current.get("averageUtilization"), status.get("currentReplicas", 0),
                     status.get("desiredReplicas", 0), reasons.get("AbleToScale") == STABILIZED)


@dataclass
class HPAHistory:
    """What happened to HPA `namespace/name` and the Deployment it scales."""
    name: str
    namespace: str = "default"
    target: int | None = None                 # the first metric's averageUtilization
    min_replicas: int = 1
    max_replicas: int = 10
    window: float = 300.0                     # the scale-down stabilization window
    start: float = 0.0
    samples: list[HPASample] = field(default_factory=list)
    ready: list[tuple[float, int]] = field(default_factory=list)
    load: list[tuple[float, int]] = field(default_factory=list)

    def record_hpa(self, now: float, hpa: dict) -> None:
        spec = hpa.get("spec") or {}
        metric = ((spec.get("metrics") or [{}])[0].get("resource") or {}).get("target") or {}
        self.target = metric.get("averageUtilization", self.target)
        self.min_replicas = spec.get("minReplicas", 1)
        self.max_replicas = spec.get("maxReplicas", self.max_replicas)
        sample = hpa_sample(now, hpa)
        last = self.samples[-1] if self.samples else None
        if sample is None:
            return
        if last is None or (last.utilization, last.current, last.desired, last.stabilized) != \
                (sample.utilization, sample.current, sample.desired, sample.stabilized):
            self.samples.append(sample)

    def record_deployment(self, now: float, deployment: dict) -> None:
        ready = (deployment.get("status") or {}).get("readyReplicas", 0)
        if not self.ready or self.ready[-1][1] != ready:
            self.ready.append((now, ready))

    def record_load(self, now: float, rps: int) -> None:
        if not self.load or self.load[-1][1] != rps:
            self.load.append((now, rps))

    def stabilized_spans(self, until: float) -> list[tuple[float, float]]:
        """(begin, end) stretches the HPA reported ScaleDownStabilized."""
        spans, begin = [], None
        for sample in self.samples:
            if sample.stabilized and begin is None:
                begin = sample.time
            elif not sample.stabilized and begin is not None:
                spans.append((begin, sample.time))
                begin = None
        if begin is not None:
            spans.append((begin, until))
        return spans


def _steps(points: list[tuple[float, float]], until: float) -> tuple[list, list]:
    xs = [t for t, _ in points] + ([until] if points else [])
    ys = [v for _, v in points] + ([points[-1][1]] if points else [])
    return xs, ys


class HPATimelineView(View):
    def __init__(self, history: HPAHistory, until: float | None = None,
                 size: tuple[float, float] = (8.0, 5.6)) -> None:
        self.history, self.size = history, size
        times = [s.time for s in history.samples] + [t for t, _ in history.load + history.ready]
        last = max(times, default=history.start)
        self.until = last if until is None else max(until, last)

    def description(self) -> str:
        h = self.history
        head = f"HPA {h.namespace}/{h.name}"
        if not h.samples:
            return f"{head}: no status yet"
        target = f"cpu {h.target}%" if h.target is not None else "no cpu target"
        loads = "→".join(str(rps) for _, rps in h.load) or "0"
        seen = [s.utilization for s in h.samples if s.utilization is not None]
        now = h.samples[-1]
        cpu = (f"cpu peak {max(seen)}%, now {now.utilization}%" if seen
               else "cpu <unknown>")
        replicas = [s.current for s in h.samples] + [s.desired for s in h.samples]
        spans = "; ".join(f"t={a:g}–{b:g}s" for a, b in h.stabilized_spans(self.until))
        return (f"{head} ({target}, {h.min_replicas}–{h.max_replicas} replicas), "
                f"t={h.start:g}–{self.until:g}s: load {loads} req/s; {cpu}; replicas peak "
                f"{max(replicas)}, now {now.current} (desired {now.desired}); "
                f"scale-down stabilized: {spans or 'never'}")

    def draw(self, fig: Figure) -> None:
        fig.set_size_inches(*self.size)
        h = self.history
        grid = fig.add_gridspec(3, 1, height_ratios=[0.7, 1.0, 1.3], hspace=0.15)
        load, cpu, replicas = (fig.add_subplot(grid[i]) for i in range(3))
        begin, end = h.start, max(self.until, h.start + MIN_WINDOW)
        for t0, t1 in h.stabilized_spans(self.until):
            for ax in (cpu, replicas):
                ax.axvspan(t0, t1, color=SHADE, linewidth=0, zorder=0)
        # load
        xs, ys = _steps(h.load, self.until)
        load.step(xs, ys, where="post", color=PALETTE[4], linewidth=1.8)
        load.fill_between(xs, ys, step="post", color=PALETTE[4], alpha=0.15)
        load.set_ylabel("load\n(req/s)", fontsize=8)
        load.set_ylim(bottom=0, top=max(max(ys, default=0) * 1.25, 10))
        load.set_title(f"HorizontalPodAutoscaler {h.namespace}/{h.name}", fontsize=10)
        # CPU utilisation against the target
        points = [(s.time, math.nan if s.utilization is None else s.utilization)
                  for s in h.samples]
        xs, ys = _steps(points, self.until)
        cpu.step(xs, ys, where="post", color=PALETTE[3], linewidth=1.8, label="CPU utilisation")
        if h.target is not None:
            cpu.axhline(h.target, color="#555555", linestyle="--", linewidth=1.1,
                        label=f"target {h.target}%")
        shown = [y for y in ys if not math.isnan(y)]
        cpu.set_ylim(bottom=0, top=max(max(shown, default=0), h.target or 0, 10) * 1.2)
        cpu.set_ylabel("CPU\n(% of request)", fontsize=8)
        cpu.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
        # replicas
        # No metric yet: the controller keeps desiredReplicas at its old value (0 at
        # first); the line starts with the first recommendation.
        series = (("desired", [(s.time, math.nan if s.utilization is None else s.desired)
                               for s in h.samples],
                   {"color": PALETTE[1], "linestyle": "--", "linewidth": 2.6}),
                  ("current", [(s.time, s.current) for s in h.samples],
                   {"color": PALETTE[0], "linewidth": 1.6}),
                  ("ready Pods", h.ready, {"color": PALETTE[2], "linewidth": 1.2}))
        top = 1
        for label, points, style in series:
            xs, ys = _steps(points, self.until)
            replicas.step(xs, ys, where="post", label=label, **style)
            top = max([top] + [y for y in ys if not math.isnan(y)])
        replicas.set_ylim(bottom=0, top=top + 1.5)
        replicas.yaxis.set_major_locator(MaxNLocator(integer=True))
        replicas.set_ylabel("replicas", fontsize=8)
        handles, labels = replicas.get_legend_handles_labels()
        handles.append(Patch(color=SHADE, label=f"scale-down stabilized\n"
                                                f"(window {h.window:g} s)"))
        replicas.legend(handles=handles, fontsize=7, frameon=False, loc="upper left",
                        bbox_to_anchor=(1.01, 1.0))
        replicas.set_xlabel("virtual time (s)")
        for ax in (load, cpu, replicas):
            ax.set_xlim(begin, begin + (end - begin) * 1.02)
            ax.grid(True, linewidth=0.4, color="#dddddd")
            ax.spines[["top", "right"]].set_visible(False)
            ax.tick_params(labelsize=8)
        for ax in (load, cpu):
            ax.tick_params(labelbottom=False)
        fig.subplots_adjust(left=0.11, right=0.75, top=0.94, bottom=0.09)
