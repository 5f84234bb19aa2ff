"""SequenceDiagramView: a UML sequence diagram of API requests, drawn from the trace.

Every request the model's components make is one `TraceRecord`, the way the API server's
audit log sees it (staging/src/k8s.io/apiserver/pkg/audit). Here each becomes an arrow
from its client's lifeline to the API server, time flowing downward, one row per
request. Every write the API server persisted (create, update, patch, delete with a
2xx code, not a dry run) is followed by the write it made to etcd:
`txn put /registry/pods/default/web-1` (registry/generic/registry/store.go → etcd3).

Controllers all run inside kube-controller-manager, so their clients
(`kube-controller-manager/replicaset-controller`) share one lifeline and each arrow is
labelled with its controller: `[replicaset-controller] create pods web-`.
"""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from .base import View
from .portrayal import natural_key, shorten

APISERVER, ETCD, KCM = "kube-apiserver", "etcd", "kube-controller-manager"
ORDER = ("kubectl", APISERVER, ETCD, KCM, "kube-scheduler")
READS = ("get", "list")
LANE_W, ROW_H, HEAD_H, LEFT, FOOT_H = 2.15, 0.3, 0.95, 0.85, 0.35
COLORS = {"write": "#1f1f1f", "read": "#8a8a8a", "etcd": "#8c5a1e", "error": "#c0392b"}


@dataclass(frozen=True)
class Message:
    time: float
    source: str
    target: str
    label: str
    kind: str  # write, read, etcd, error


def lifeline(client: str) -> str:
    """`kube-controller-manager/<controller>` lives on one lifeline; the rest are their own."""
    return KCM if client.startswith(KCM + "/") else client


def messages(records, include_reads: bool = False,
             exclude_resources: tuple[str, ...] = ("leases.coordination.k8s.io",)) -> list[Message]:
    """The arrows to draw, in trace order, with etcd writes after the requests that made them."""
    out = []
    for r in records:
        if (r.verb in READS and not include_reads) or r.resource in exclude_resources:
            continue
        controller = r.client.split("/", 1)[1] if lifeline(r.client) == KCM and "/" in r.client else ""
        label = f"{r.verb} {r.resource}" + (f" {r.name}" if r.name else "")
        if controller:
            label = f"[{controller}] {label}"
        if r.detail:
            label += f" ({r.detail})"
        kind = "error" if r.code >= 400 else ("read" if r.verb in READS + ("watch",) else "write")
        if kind == "error":
            label += f" → {r.code}"
        out.append(Message(r.time, lifeline(r.client), lifeline(r.target), label, kind))
        if r.target == APISERVER and getattr(r, "revision", 0):
            # Only requests that reached etcd: a no-op update or a dry run writes nothing.
            verb = "delete" if r.verb in ("delete", "deletecollection") else "put"
            out.append(Message(r.time, APISERVER, ETCD, f"txn {verb} {r.key}", "etcd"))
    return out


def order_participants(msgs: list[Message]) -> list[str]:
    """The known components left to right, then kubelets by node, then the rest as met."""
    seen: list[str] = []
    for m in msgs:
        for name in (m.source, m.target):
            if name not in seen:
                seen.append(name)
    known = [p for p in ORDER if p in seen]
    kubelets = sorted((p for p in seen if p.startswith("kubelet")), key=natural_key)
    return known + kubelets + [p for p in seen if p not in known and p not in kubelets]


class SequenceDiagramView(View):
    def __init__(self, records, participants: list[str] | None = None,
                 include_reads: bool = False, max_messages: int = 80,
                 title: str | None = None) -> None:
        msgs = messages(list(records), include_reads)
        if participants is not None:
            msgs = [m for m in msgs if m.source in participants and m.target in participants]
        self.participants = list(participants) if participants else order_participants(msgs)
        self.hidden = max(0, len(msgs) - max_messages)
        self.messages = msgs[:max_messages]
        self.title = title

    def description(self) -> str:
        more = f" (+{self.hidden} not drawn)" if self.hidden else ""
        return (f"Sequence diagram: {len(self.messages)} messages{more} between "
                f"{', '.join(self.participants) or 'no one'}")

    def draw(self, fig: Figure) -> None:
        lanes = {p: LEFT + (i + 0.5) * LANE_W for i, p in enumerate(self.participants)}
        width = LEFT + max(len(lanes), 2) * LANE_W + 0.2
        rows = len(self.messages) + (1 if self.hidden else 0)
        height = HEAD_H + max(rows, 1) * ROW_H + FOOT_H
        fig.set_size_inches(width, height)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, width)
        ax.set_ylim(-height, 0)
        ax.axis("off")
        title = self.title or "API requests in time order (time flows down)"
        ax.text(0.15, -0.2, title, fontsize=10, fontweight="bold", va="center")
        bottom = -(height - 0.15)
        for name, x in lanes.items():
            ax.plot([x, x], [-HEAD_H + 0.1, bottom], color="#b0b0b0", linewidth=0.9,
                    linestyle=(0, (4, 3)), zorder=0)
            self._head(ax, name, x, -0.62)
        last_time = None
        for i, m in enumerate(self.messages):
            y = -(HEAD_H + (i + 0.75) * ROW_H)
            if m.time != last_time:
                ax.text(0.12, y, f"{m.time:.3f}s", fontsize=6.5, color="#555555", va="center",
                        family="monospace")
                last_time = m.time
            self._arrow(ax, m, lanes[m.source], lanes[m.target], y, width)
        if self.hidden:
            y = -(HEAD_H + (len(self.messages) + 0.75) * ROW_H)
            ax.text(width / 2, y, f"… {self.hidden} more messages not drawn (max_messages)",
                    fontsize=7.5, style="italic", ha="center", va="center", color="#555555")

    @staticmethod
    def _head(ax, name: str, x: float, y: float) -> None:
        text = name.replace("/", "\n", 1)
        ax.add_patch(FancyBboxPatch((x - LANE_W / 2 + 0.12, y - 0.25), LANE_W - 0.24, 0.5,
                                    boxstyle="round,pad=0,rounding_size=0.06",
                                    facecolor="#eef2f7" if name != ETCD else "#f7efe3",
                                    edgecolor="#5b6b7f", linewidth=1.0, zorder=2))
        ax.text(x, y, shorten(text, 30), fontsize=8, fontweight="bold", ha="center",
                va="center", zorder=3, linespacing=1.1)

    @staticmethod
    def _arrow(ax, m: Message, x1: float, x2: float, y: float, width: float) -> None:
        color = COLORS[m.kind]
        style = "--" if m.kind == "read" else "-"
        label = shorten(m.label, 64)
        if x1 == x2:  # a component's own step: a small loop to the right
            ax.plot([x1, x1 + 0.25, x1 + 0.25], [y + 0.06, y + 0.06, y - 0.06], color=color,
                    linewidth=1.0)
            ax.annotate("", xy=(x1, y - 0.06), xytext=(x1 + 0.25, y - 0.06),
                        arrowprops={"arrowstyle": "-|>", "color": color, "lw": 1.0})
            ax.text(x1 + 0.32, y, label, fontsize=7, color=color, va="center")
            return
        ax.annotate("", xy=(x2, y), xytext=(x1, y),
                    arrowprops={"arrowstyle": "-|>", "color": color, "lw": 1.0,
                                "linestyle": style, "shrinkA": 0, "shrinkB": 0})
        # Label above the arrow, centred, but kept inside the figure.
        half = len(label) * 0.058 * 7 / 8 / 2 + 0.05
        mid = min(max((x1 + x2) / 2, LEFT + half), width - half)
        ax.text(mid, y + 0.035, label, fontsize=7, color=color, ha="center", va="bottom",
                bbox={"boxstyle": "square,pad=0.08", "facecolor": "white", "edgecolor": "none"})
