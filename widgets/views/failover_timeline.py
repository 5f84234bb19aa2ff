"""FailoverTimelineView: a node fails, and the control plane copes — over virtual time.

What `kubectl get nodes`, `kubectl describe node` and `kubectl get rs` show in
snapshots, drawn from what a watch saw:

    nodes      each worker's Ready condition (Ready, or NotReady: Unknown when the node
               lifecycle controller gave up waiting for its heartbeat, False when the
               kubelet said so), and under it the node's taints (NoSchedule, NoExecute);
    pods       per node, the Pods bound there and not being deleted; and how many are
               Terminating (deleted, waiting for their kubelet to confirm);
    replicas   the ReplicaSet's DESIRED and READY.

Numbered dotted lines mark the moments as they were observed, listed under the plot
with the time since the node's last Fail or Recover click: a Ready condition
changing, taints added or removed, Pods marked for deletion (the
taint-eviction-controller's `TaintManagerEviction` events), the ReplicaSet creating
replacements (`SuccessfulCreate`), terminating Pods finally removed. Nothing is computed
from the controllers' constants: the 50 s and 300 s show up because they happened.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

from matplotlib.figure import Figure
from matplotlib.patches import Patch

from .base import View
from .portrayal import condition
from .timeline import TimelineView

READY = {"True": ("Ready", "#2ca02c"), "Unknown": ("NotReady (Unknown)", "#c0392b"),
         "False": ("NotReady (False)", "#ff7f0e"), None: ("no Ready condition", "#bbbbbb")}
TAINTED = {"NoSchedule": ("NoSchedule taint", "#f2b134"),
           "NoExecute": ("NoExecute taint", "#6b3d10")}
TERMINATING = "Terminating"
MERGE_WINDOW = 1.0   # moments less than this many seconds apart share one number
MIN_WINDOW = 120.0   # the time axis spans at least this much: room for what comes next
LIST_WIDTH = 118     # characters per line of the list of moments
RS_STYLES = {"desired": {"linewidth": 6, "alpha": 0.3}, "ready": {"linewidth": 1.8}}
MARKED = "Pod{s} {items} marked for deletion by the taint-eviction-controller"
CANCELLED = "deletion of Pod{s} {items} cancelled"
CREATED = "ReplicaSet {rs} created Pod{s} {items}"
REMOVED = "Terminating Pod{s} {items} removed"


def taint_keys(node: dict) -> tuple[str, ...]:
    """The node's taints as `key:Effect`, sorted."""
    return tuple(sorted(f"{t.get('key')}:{t.get('effect')}"
                        for t in (node.get("spec") or {}).get("taints") or []))


@dataclass
class Moment:
    """What was seen at one time: clauses, each a template and the names it lists
    ("Pod{s} {items} removed", [web-a, web-b]), and the time since the last Fail or Recover
    of the node concerned ("+57s after Fail node-2")."""

    time: float
    clauses: list[tuple[str, list[str]]]
    since: str = ""

    def add(self, template: str, item: str) -> None:
        for known, items in self.clauses:
            if known == template and item:
                items.append(item)
                return
        self.clauses.append((template, [item] if item else []))

    def text(self) -> str:
        return "; ".join(template.format(s="s" if len(items) > 1 else "",
                                         items=", ".join(items))
                         for template, items in self.clauses)


@dataclass
class FailoverHistory:
    """What happened to the worker `nodes` and ReplicaSet `replicaset`, from `start`."""

    nodes: list[str]
    replicaset: str
    namespace: str = "default"
    start: float = 0.0
    ready: dict[str, list[tuple[float, str | None, tuple]]] = field(default_factory=dict)
    pods: dict[str, list[tuple[float, int]]] = field(default_factory=dict)
    replicas: dict[str, list[tuple[float, int]]] = field(default_factory=dict)
    moments: list[Moment] = field(default_factory=list)
    last_action: dict[str, tuple[float, str]] = field(default_factory=dict)

    # -- recording ----------------------------------------------------------------------------
    def record(self, now: float, nodes: list[dict], pods: list[dict], rs: dict | None) -> None:
        """Sample nodes, Pods and the ReplicaSet; note each node's Ready and taint changes."""
        by_name = {n["metadata"]["name"]: n for n in nodes}
        for name in self.nodes:
            node = by_name.get(name)
            if node is None:
                continue
            sample = (now, condition(node, "Ready"), taint_keys(node))
            samples = self.ready.setdefault(name, [])
            if samples and samples[-1][1:] == sample[1:]:
                continue
            if samples:
                self._note_node_change(now, name, samples[-1], sample)
            samples.append(sample)
        counts = {name: 0 for name in self.nodes}
        counts[TERMINATING] = 0
        for pod in pods:
            if pod["metadata"].get("namespace") != self.namespace:
                continue
            if pod["metadata"].get("deletionTimestamp"):
                counts[TERMINATING] += 1
            elif pod["spec"].get("nodeName") in counts:
                counts[pod["spec"]["nodeName"]] += 1
        for series, count in counts.items():
            self._append(self.pods.setdefault(series, []), now, count)
        status = (rs or {}).get("status") or {}
        self._append(self.replicas.setdefault("desired", []), now,
                     ((rs or {}).get("spec") or {}).get("replicas", 0) if rs else 0)
        self._append(self.replicas.setdefault("ready", []), now, status.get("readyReplicas", 0))

    @staticmethod
    def _append(points: list, now: float, value: int) -> None:
        if not points or points[-1][1] != value:
            points.append((now, value))

    def _note_node_change(self, now: float, name: str, before: tuple, after: tuple) -> None:
        if before[1] != after[1]:
            word = "Ready" if after[1] == "True" else "NotReady"
            self.note(now, f"{name} {word} (Ready={after[1]})", node=name)
        added = [t for t in after[2] if t not in before[2]]
        removed = [t for t in before[2] if t not in after[2]]
        if added:
            self.note(now, f"{name} tainted {', '.join(added)}", node=name)
        if removed:
            self.note(now, f"{name} untainted {', '.join(removed)}", node=name)

    def record_action(self, now: float, node: str, action: str) -> None:
        """The lab's own Fail / Recover click on `node`."""
        self.last_action[node] = (now, action)
        self.note(now, f"{action} {node}", node=node)

    def record_event(self, now: float, event: dict, node_of: dict[str, str]) -> None:
        """Note the Events that tell the story: TaintManagerEviction and the
        ReplicaSet's SuccessfulCreate. `node_of` maps Pod names to their node."""
        involved = event.get("involvedObject") or {}
        reason, message = event.get("reason"), event.get("message", "")
        if involved.get("namespace") != self.namespace:
            return
        if reason == "TaintManagerEviction" and involved.get("kind") == "Pod":
            pod = involved.get("name", "")
            template = MARKED if message.startswith("Marking") else CANCELLED
            self.note(now, template, pod, node_of.get(pod))
        elif reason == "SuccessfulCreate" and involved.get("kind") == "ReplicaSet" \
                and involved.get("name") == self.replicaset:
            # "Created pod: web-hjqxm"
            self.note(now, CREATED.replace("{rs}", self.replicaset),
                      message.rpartition(": ")[2])

    def record_pod_removed(self, now: float, pod: dict) -> None:
        """A Terminating Pod is finally gone (its kubelet confirmed, or it was force-deleted)."""
        if pod["metadata"].get("namespace") == self.namespace and \
                pod["metadata"].get("deletionTimestamp"):
            self.note(now, REMOVED, pod["metadata"]["name"], pod["spec"].get("nodeName"))

    def note(self, now: float, template: str, item: str = "", node: str | None = None) -> None:
        """Add a clause to the moment at `now` (or less than MERGE_WINDOW before), or start
        a new moment."""
        last = self.moments[-1] if self.moments else None
        if last is None or now - last.time >= MERGE_WINDOW:
            last = Moment(now, [])
            self.moments.append(last)
        last.add(template, item)
        if not last.since and node in self.last_action:
            at, action = self.last_action[node]
            if last.time > at:
                last.since = f"+{last.time - at:g}s after {action} {node}"

    def moment_lines(self) -> list[str]:
        """The numbered list under the plot, wrapped to LIST_WIDTH."""
        lines = []
        for i, m in enumerate(self.moments, 1):
            head = f"{i}. t={m.time:g}s" + (f" ({m.since})" if m.since else "") + ": "
            lines += textwrap.wrap(head + m.text(), LIST_WIDTH, subsequent_indent="     ")
        return lines


class FailoverTimelineView(View):
    def __init__(self, history: FailoverHistory, until: float | None = None,
                 width: float = 9.0) -> None:
        self.history, self.width = history, width
        self.drawn_moments = len(history.moments)
        times = [m.time for m in history.moments] + \
            [s[0] for samples in history.ready.values() for s in samples]
        last = max(times, default=history.start)
        self.until = last if until is None else max(until, last)

    def description(self) -> str:
        h = self.history
        states = []
        for name in h.nodes:
            samples = h.ready.get(name)
            if samples:
                ready, taints = samples[-1][1], samples[-1][2]
                states.append(f"{name} {READY[ready][0]}" + (f" [{', '.join(taints)}]"
                                                            if taints else ""))
        ready = h.replicas.get("ready", [(0, 0)])[-1][1]
        desired = h.replicas.get("desired", [(0, 0)])[-1][1]
        head = (f"Failover timeline t={h.start:g}–{self.until:g}s: {'; '.join(states)}; "
                f"ReplicaSet {h.replicaset} {ready}/{desired} ready")
        return "\n".join([head] + h.moment_lines())

    # -- drawing ------------------------------------------------------------------------------
    def draw(self, fig: Figure) -> None:
        h = self.history
        lines = h.moment_lines()
        band_height = 0.42 * max(len(h.nodes), 1) + 0.3
        list_height = 0.14 * max(len(lines), 1) + 0.3   # + room for the time axis' label
        heights = [band_height, 1.7, 1.3, list_height]
        fig.set_size_inches(self.width, sum(heights) + 0.9)
        grid = fig.add_gridspec(4, 1, height_ratios=heights, hspace=0.25)
        bands, pods, replicas, text = (fig.add_subplot(grid[i]) for i in range(4))
        span = max(self.until, h.start + MIN_WINDOW) - h.start
        self._draw_bands(bands)
        # nodes first and widest, so that equal counts show as nested lines
        styles = {n: {"linewidth": 1.6 + 1.6 * (len(h.nodes) - 1 - i), "alpha": 0.85}
                  for i, n in enumerate(h.nodes)}
        styles[TERMINATING] = {"color": "#7f7f7f", "linestyle": "--", "linewidth": 1.6}
        TimelineView({n: h.pods.get(n, []) for n in list(h.nodes) + [TERMINATING]},
                     ylabel="pods", until=self.until, styles=styles).plot(pods)
        TimelineView(dict(h.replicas), ylabel=f"rs/{h.replicaset}", until=self.until,
                     styles=RS_STYLES).plot(replicas)
        for ax in (bands, pods, replicas):
            ax.set_xlim(h.start - 0.02 * span, h.start + 1.03 * span)
            for i, moment in enumerate(h.moments, 1):
                ax.axvline(moment.time, color="#888888", linestyle=":", linewidth=1.0)
                if ax is bands:
                    ax.annotate(str(i), (moment.time, 1.0), xycoords=("data", "axes fraction"),
                                xytext=(0, 2 + 8 * ((i - 1) % 2)), textcoords="offset points",
                                fontsize=7, ha="center", va="bottom", color="#444444")
        for ax in (bands, pods):
            ax.set_xlabel("")
            ax.tick_params(labelbottom=False)
        bands.set_title(f"node failover: nodes, Pods and ReplicaSet {h.replicaset}",
                        fontsize=10, pad=16)
        text.axis("off")
        text.annotate("\n".join(lines) or "(no moments yet: fail a node)", (0, 1),
                      xycoords="axes fraction", xytext=(0, -22), textcoords="offset points",
                      fontsize=7, va="top", ha="left", family="monospace")
        fig.subplots_adjust(left=0.1, right=0.78, top=1 - 0.45 / (sum(heights) + 0.9),
                            bottom=0.05)

    def _spans(self, samples):
        for i, (t, ready, taints) in enumerate(samples):
            end = samples[i + 1][0] if i + 1 < len(samples) else self.until
            if end > t:
                yield t, end, ready, taints

    def _draw_bands(self, ax) -> None:
        """Per node: the Ready condition as a band, the taints as a strip under it."""
        h = self.history
        for row, name in enumerate(h.nodes):
            for t0, t1, ready, taints in self._spans(h.ready.get(name, [])):
                ax.broken_barh([(t0, t1 - t0)], (row + 0.38, 0.5), color=READY[ready][1],
                               linewidth=0)
                effects = {t.rsplit(":", 1)[1] for t in taints}
                kind = "NoExecute" if "NoExecute" in effects else \
                    "NoSchedule" if "NoSchedule" in effects else None
                if kind:
                    ax.broken_barh([(t0, t1 - t0)], (row + 0.1, 0.22),
                                   color=TAINTED[kind][1], linewidth=0)
        ax.set_yticks([row + 0.5 for row in range(len(h.nodes))], h.nodes, fontsize=8)
        ax.set_ylim(len(h.nodes) + 0.05, -0.05)
        ax.grid(True, axis="x", linewidth=0.4, color="#dddddd")
        ax.spines[["top", "right"]].set_visible(False)
        shown = sorted({s[1] for samples in h.ready.values() for s in samples},
                       key=lambda r: list(READY).index(r))
        handles = [Patch(color=READY[r][1], label=READY[r][0]) for r in shown]
        handles += [Patch(color=color, label=label) for label, color in TAINTED.values()]
        ax.legend(handles=handles, fontsize=7, frameon=False, loc="upper left",
                  bbox_to_anchor=(1.01, 1.0))
