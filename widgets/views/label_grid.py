"""LabelGridView: Pods as cards showing their labels, the ones a label selector selects lit.

What `kubectl get pods -l SELECTOR --show-labels` tells in a table, drawn as a grid: each
Pod a card with its name and its labels (`key=value`, keys sorted as labels.FormatLabels
sorts them). The selection is not computed here: the view is handed the names the API
server returned for `?labelSelector=` (k8s_model/api/listing.py), so the picture shows
what the server answered. Keys the selector mentions are printed bold, so a reader sees
why a card is lit: for `env notin (prod,devel)` the card without any `env` label is lit
too (a missing key is "not in"), and says "no env" in its corner. A selector the server
refused lights nothing and the title says so.
"""

from __future__ import annotations

import shlex

from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from .base import View
from .portrayal import PHASE_COLORS, natural_key, shorten

CARD_W, GAP = 2.5, 0.2
SELECTED = {"face": "#dff3e3", "edge": "#2e9e44", "text": "#111111"}
OTHER = {"face": "#f4f4f4", "edge": "#c8c8c8", "text": "#8a8a8a"}
KEY_COLOR = "#1f4e9a"
ERROR_COLOR = "#c0392b"


def format_labels(labels: dict | None) -> list[str]:
    """`key=value` per label, keys sorted (labels.FormatLabels), one per line."""
    return [f"{k}={v}" for k, v in sorted((labels or {}).items())]


class LabelGridView(View):
    """`pods` (dicts, as listed), `selected` the names the API server returned for the
    selector (None when it refused the selector), `keys` the label keys the selector
    names (drawn bold), `error` the refusal's first line."""

    def __init__(self, pods: list[dict], selected: set[str] | None, selector: str = "",
                 keys: tuple[str, ...] = (), error: str = "", namespace: str = "default",
                 columns: int = 3) -> None:
        self.pods = sorted(pods, key=lambda p: natural_key(p["metadata"]["name"]))
        self.selected, self.selector, self.keys = selected, selector, set(keys)
        self.error, self.namespace, self.columns = error, namespace, max(columns, 1)

    def is_selected(self, pod: dict) -> bool:
        return self.selected is not None and pod["metadata"]["name"] in self.selected

    def title(self) -> str:
        shown = f"-l {shlex.quote(self.selector)}" if self.selector else "(no selector: every Pod)"
        return f"kubectl get pods {shown}"

    def verdict(self) -> str:
        if self.selected is None:
            return "the API server refused the selector: no Pod listed"
        return (f"{len(self.selected)} of {len(self.pods)} Pods in namespace "
                f"{self.namespace} match")

    def draw(self, fig: Figure) -> None:
        rows = max((len(self.pods) + self.columns - 1) // self.columns, 1)
        most = max((len(p["metadata"].get("labels") or {}) for p in self.pods), default=0)
        card_h = 0.5 + 0.2 * max(most, 1)
        width = self.columns * (CARD_W + GAP) + GAP
        height = 0.75 + rows * (card_h + GAP)
        fig.set_size_inches(width, height)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, width)
        ax.set_ylim(height, 0)
        ax.axis("off")
        ax.text(GAP, 0.25, shorten(self.title(), 70), fontsize=10.5, fontweight="bold",
                family="monospace", va="center")
        bad = self.selected is None
        ax.text(GAP, 0.53, shorten(self.error if bad else self.verdict(), 110), fontsize=8,
                va="center", color=ERROR_COLOR if bad else "#333333")
        for i, pod in enumerate(self.pods):
            x = GAP + (i % self.columns) * (CARD_W + GAP)
            y = 0.75 + (i // self.columns) * (card_h + GAP)
            self._card(ax, x, y, card_h, pod)

    def _card(self, ax, x: float, y: float, h: float, pod: dict) -> None:
        style = SELECTED if self.is_selected(pod) else OTHER
        ax.add_patch(FancyBboxPatch((x, y), CARD_W, h, boxstyle="round,pad=0,rounding_size=0.08",
                                    facecolor=style["face"], edgecolor=style["edge"],
                                    linewidth=2.2 if style is SELECTED else 1))
        phase = (pod.get("status") or {}).get("phase") or "Pending"
        ax.add_patch(FancyBboxPatch((x + 0.12, y + 0.13), 0.1, 0.1, boxstyle="circle,pad=0",
                                    facecolor=PHASE_COLORS.get(phase, PHASE_COLORS["Unknown"]),
                                    edgecolor="none"))
        ax.text(x + 0.3, y + 0.19, shorten(pod["metadata"]["name"], 24), fontsize=9,
                fontweight="bold", va="center", color=style["text"])
        present = pod["metadata"].get("labels") or {}
        labels = format_labels(present)
        for j, text in enumerate(labels or ["<none>"]):
            key = text.partition("=")[0]
            mentioned = bool(labels) and key in self.keys
            ax.text(x + 0.3, y + 0.42 + 0.2 * j, shorten(text, 30), fontsize=7.5,
                    family="monospace", va="center",
                    fontweight="bold" if mentioned else "normal",
                    color=KEY_COLOR if mentioned and style is SELECTED else style["text"])
        absent = sorted(self.keys - set(present))
        if absent:  # why `!env` or `env notin (…)` selected a card: the key is missing
            ax.text(x + CARD_W - 0.12, y + 0.19, shorten("no " + ", ".join(absent), 18),
                    fontsize=7, style="italic", ha="right", va="center",
                    color=KEY_COLOR if style is SELECTED else style["text"])

    def description(self) -> str:
        lines = [f"{self.title()}: {self.error if self.selected is None else self.verdict()}"]
        for pod in self.pods:
            mark = "✓" if self.is_selected(pod) else "·"
            labels = ",".join(format_labels(pod["metadata"].get("labels"))) or "<none>"
            lines.append(f"  {mark} {pod['metadata']['name']}  {labels}")
        return "\n".join(lines)
