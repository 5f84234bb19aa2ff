"""ProbeTimelineView: one container's life under its probes, on the virtual clock.

What `kubectl get pod` and `kubectl describe pod` tell in snapshots, drawn over time
from the Pod's `status.containerStatuses[]` and its Events (pkg/kubelet/prober and
kuberuntime record them):

    restarts   restartCount, the number in the RESTARTS column;
    container  its state: Ready (running, READY 1/1), running but not ready (0/1),
               waiting in CrashLoopBackOff — each stretch labelled with the back-off
               the kubelet announced ("back-off 20s restarting failed container=…") —
               other waiting (ContainerCreating), terminated;
    probes     each failed probe (a Warning `Unhealthy` Event: "Liveness probe failed:
               …") on its probe's row, and each kill (`Killing`: "Container web failed
               liveness probe, will be restarted").

A `ProbeHistory` is the record: samples `(t, restarts, state, back-off)` taken when the
Pod changes, kept only when they change, and the Events' occurrences as they are counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from .base import View
from .timeline import PALETTE

STATES = {  # state -> (legend, colour)
    "ready": ("Ready", "#2ca02c"),
    "running": ("Running, not ready", "#ff7f0e"),
    "backoff": ("CrashLoopBackOff", "#d62728"),
    "waiting": ("Waiting", "#bbbbbb"),
    "terminated": ("Terminated", "#555555"),
}
PROBES = {"Liveness": ("v", "#d62728"), "Readiness": ("D", "#ff7f0e"),
          "Startup": ("s", "#9467bd")}
BACK_OFF = re.compile(r"back-off (\S+) restarting failed container")
MIN_WINDOW = 60.0  # seconds the time axis spans at least: room for what comes next


def container_state(status: dict | None) -> tuple[str, str]:
    """(state, back-off) of one containerStatuses[] entry, as the view's rows name them."""
    if not status:
        return "waiting", ""
    state = status.get("state") or {}
    if "running" in state:
        return ("ready" if status.get("ready") else "running"), ""
    if "terminated" in state:
        return "terminated", ""
    waiting = state.get("waiting") or {}
    if waiting.get("reason") == "CrashLoopBackOff":
        match = BACK_OFF.search(waiting.get("message", ""))
        return "backoff", match.group(1) if match else ""
    return "waiting", ""


@dataclass
class ProbeHistory:
    """What happened to container `container` of Pod `namespace/pod`."""
    pod: str
    container: str | None = None
    namespace: str = "default"
    samples: list[tuple[float, int, str, str]] = field(default_factory=list)
    events: list[tuple[float, str, str]] = field(default_factory=list)  # (t, kind, message)
    probes: tuple[str, ...] = ()   # Liveness, Readiness, Startup: those the spec defines
    uid: str = ""
    start: float = 0.0

    def record_pod(self, now: float, pod: dict | None) -> None:
        """Sample the Pod (None: it does not exist); a new uid starts a new history."""
        if pod is None:
            return
        uid = pod["metadata"].get("uid", "")
        if uid != self.uid:
            self.uid, self.samples, self.events, self.start = uid, [], [], now
            containers = pod["spec"]["containers"]
            spec = next((c for c in containers if c["name"] == self.container), containers[0])
            self.container = spec["name"]
            self.probes = tuple(kind for kind in PROBES
                                if spec.get(f"{kind.lower()}Probe") is not None)
        status = next((s for s in pod.get("status", {}).get("containerStatuses") or []
                       if s.get("name") == self.container), None)
        sample = (now, int((status or {}).get("restartCount", 0)), *container_state(status))
        if not self.samples or self.samples[-1][1:] != sample[1:]:
            self.samples.append(sample)

    def record_event(self, now: float, event: dict) -> None:
        """Note one occurrence of an Unhealthy or Killing Event about our container."""
        involved = event.get("involvedObject") or {}
        if involved.get("uid") != self.uid or event.get("reason") not in ("Unhealthy", "Killing") \
                or involved.get("fieldPath") != f"spec.containers{{{self.container}}}":
            return
        message = event.get("message", "")
        kind = message.split(" ", 1)[0] if event["reason"] == "Unhealthy" else "Killing"
        self.events.append((now, kind, message))

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for _, kind, _ in self.events:
            counts[kind] = counts.get(kind, 0) + 1
        return counts


class ProbeTimelineView(View):
    def __init__(self, history: ProbeHistory, until: float | None = None,
                 size: tuple[float, float] = (8.0, 4.4)) -> None:
        self.history, self.size = history, size
        last = max([s[0] for s in history.samples] + [e[0] for e in history.events],
                   default=history.start)
        self.until = last if until is None else max(until, last)

    def description(self) -> str:
        h = self.history
        head = f"Pod {h.namespace}/{h.pod}"
        if not h.samples:
            return f"{head}: no such Pod yet"
        _, restarts, state, back_off = h.samples[-1]
        now = STATES[state][0] + (f" (back-off {back_off})" if back_off else "")
        counts = h.counts()
        failures = ", ".join(f"{kind.lower()} {counts[kind]}" for kind in PROBES if kind in counts)
        back_offs = [s[3] for i, s in enumerate(h.samples)
                     if s[3] and (i == 0 or h.samples[i - 1][3] != s[3])]
        return (f"{head}, container {h.container}, t={h.start:g}–{self.until:g}s: "
                f"{restarts} restart{'s' if restarts != 1 else ''}, now {now}; "
                f"probe failures: {failures or 'none'}; kills: {counts.get('Killing', 0)}"
                + (f"; back-offs: {', '.join(back_offs)}" if back_offs else ""))

    def _spans(self):
        """(begin, end, state, back-off) stretches of the container's state."""
        samples = self.history.samples
        for i, (t, _, state, back_off) in enumerate(samples):
            end = samples[i + 1][0] if i + 1 < len(samples) else self.until
            if end > t:
                yield t, end, state, back_off

    def draw(self, fig: Figure) -> None:
        fig.set_size_inches(*self.size)
        h = self.history
        rows = list(h.probes)
        ratios = [1.3, 0.55] + ([0.35 + 0.3 * len(rows)] if rows else [])
        grid = fig.add_gridspec(len(ratios), 1, height_ratios=ratios, hspace=0.12)
        axes = [fig.add_subplot(grid[i]) for i in range(len(ratios))]
        restarts, band = axes[:2]
        begin, end = h.start, max(self.until, h.start + MIN_WINDOW)
        # restarts: a step plot, held to `until`
        xs = [s[0] for s in h.samples] + ([self.until] if h.samples else [])
        ys = [s[1] for s in h.samples] + ([h.samples[-1][1]] if h.samples else [])
        restarts.step(xs, ys, where="post", color=PALETTE[0], linewidth=1.8)
        restarts.set_ylabel("restarts", fontsize=8)
        restarts.yaxis.set_major_locator(MaxNLocator(integer=True))
        restarts.set_ylim(bottom=-0.3, top=max(max(ys, default=0), 1) + 0.7)
        restarts.set_title(f"Pod {h.namespace}/{h.pod}: container {h.container}", fontsize=10)
        # container state band, back-off written on its CrashLoopBackOff stretches
        for t0, t1, state, back_off in self._spans():
            band.broken_barh([(t0, t1 - t0)], (0, 1), color=STATES[state][1], linewidth=0)
            if back_off and t1 - t0 >= 0.04 * (end - begin):
                band.text((t0 + t1) / 2, 0.5, back_off, ha="center", va="center", fontsize=7,
                          color="white")
        band.set_yticks([0.5], ["container"], fontsize=8)
        band.set_ylim(0, 1)
        shown = [s for s in STATES if any(sample[2] == s for sample in h.samples)]
        band.legend(handles=[Patch(color=STATES[s][1], label=STATES[s][0]) for s in shown],
                    fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.3))
        if rows:
            self._draw_probes(axes[2], rows)
        axes[-1].set_xlabel("virtual time (s)")
        for ax in axes:
            ax.set_xlim(begin, begin + (end - begin) * 1.02)
            ax.grid(True, axis="x", linewidth=0.4, color="#dddddd")
            ax.spines[["top", "right"]].set_visible(False)
        for ax in axes[:-1]:
            ax.tick_params(labelbottom=False)
        fig.subplots_adjust(left=0.1, right=0.76, top=0.92, bottom=0.12)

    def _draw_probes(self, ax, rows: list[str]) -> None:
        """Failed probes and kills, one row per probe the container has (liveness on top);
        a kill sits on the row of the probe its message names ("failed startup probe")."""
        events = self.history.events
        for i, kind in enumerate(rows):
            marker, colour = PROBES[kind]
            times = [t for t, k, _ in events if k == kind]
            if times:
                ax.scatter(times, [i] * len(times), marker=marker, color=colour, s=18,
                           zorder=3, label=f"{kind} probe failed")
        kills = [(t, next((i for i, kind in enumerate(rows)
                           if f"failed {kind.lower()} probe" in message), 0))
                 for t, k, message in events if k == "Killing"]
        if kills:
            ax.scatter([t for t, _ in kills], [row for _, row in kills], marker="x",
                       color="black", s=60, linewidths=1.6, zorder=4, label="Killing")
        ax.set_yticks(range(len(rows)), [r.lower() for r in rows], fontsize=8)
        ax.set_ylim(len(rows) - 0.4, -0.6)
        if events:
            ax.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
