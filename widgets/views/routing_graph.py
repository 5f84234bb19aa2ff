"""RoutingGraphView: the path of a request to a Service, column by column.

    clients ─▶ Service ─▶ the client node's kube-proxy rules ─▶ EndpointSlice ─▶ Pods
                          KUBE-SVC-… ─p─▶ KUBE-SEP-… (iptables)
                          TCP ip:port rr ─▶ -> ip:port (IPVS)

A request never meets the Service object: it meets the rules kube-proxy compiled from
it on the node the request starts from. So the middle of the picture is that node's
rules as `iptables-save` or `ipvsadm -Ln` shows them, each way out labelled with the
`--probability` the kernel holds. The EndpointSlice lists every Pod the selector
matches; a Pod that is not Ready stays in it (`ready: false`) but gets no KUBE-SEP-
chain, so no edge reaches it. Under each Pod a bar shows its share of the last batch
of requests; the last request's path is drawn in blue.

The view draws a `RoutingPicture` (plain data the lab reads through the public
contract); `graph()` is the networkx graph of it, which the drawing follows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import networkx as nx
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Rectangle

from .base import View
from .portrayal import NOT_READY_EDGE, shorten

if TYPE_CHECKING:
    from ..routing_lab.rules import ServiceRules

READY_FACE, NOT_READY_FACE = "#dff2e1", "#fbe3e1"
READY_BAR, PATH, EDGE = "#2e9e44", "#1f5fbf", "#9a9a9a"
# Columns: centre x and box width in inches; the figure is 10.3 in wide (1030 px).
# The gap between the rule chain and its targets leaves room for the probabilities.
COLUMNS = {"client": (0.71, 1.32), "service": (2.325, 1.45), "entry": (4.05, 1.6),
           "target": (6.475, 1.45), "endpoint": (7.975, 1.15), "pod": (9.525, 1.45)}
WIDTH, ROW, TOP, BOTTOM = 10.3, 0.9, 0.85, 0.45
LINE = 0.155    # inches per line of text in a box
FONT = 7.5


@dataclass
class ClientBox:
    key: str                  # "pod/client", "node-1", "outside"
    label: str                # two or three short lines


@dataclass
class PodRow:
    name: str
    node: str
    ip: str
    ready: bool
    endpoint: str | None = None          # ip:port as the EndpointSlice lists it
    endpoint_ready: bool | None = None
    count: int = 0                       # requests of the last batch it answered


@dataclass
class RoutingPicture:
    service_label: str                   # "Service kubia\nClusterIP …"
    node: str                            # whose rules are drawn
    rules: ServiceRules
    clients: list[ClientBox]
    chosen: str                          # the selected client's key
    pods: list[PodRow] = field(default_factory=list)
    last_endpoint: str | None = None     # where the last request went
    sent: int = 0
    errors: int = 0
    ingress: str | None = None           # set when the rules lead to ingress-nginx, which
    #                                      proxies to the endpoints itself: what it does


def _target_row(picture: RoutingPicture) -> dict[str, int]:
    """Row of each rule target: its Pod's row if its IP is a Pod's, else a row of its own;
    the ingress-nginx Pod(s) in the middle of the Pods' rows."""
    if picture.ingress:
        middle = max(len(picture.pods) - len(picture.rules.targets), 0) // 2
        return {t.endpoint: middle + i for i, t in enumerate(picture.rules.targets)}
    rows = {p.ip: i for i, p in enumerate(picture.pods)}
    found, extra = {}, len(picture.pods)
    for target in picture.rules.targets:
        ip = target.endpoint.rsplit(":", 1)[0]
        if ip not in rows:
            rows[ip], extra = extra, extra + 1
        found[target.endpoint] = rows[ip]
    return found


class RoutingGraphView(View):
    def __init__(self, picture: RoutingPicture) -> None:
        self.picture = picture

    def graph(self) -> nx.DiGraph:
        """Columns as node attribute `column`, rows as `row`; edges along every way a
        request may take, `p` the printed probability on rule → target edges."""
        pic, g = self.picture, nx.DiGraph()
        targets = _target_row(pic)
        rows = max([len(pic.pods), 1] + [row + 1 for row in targets.values()])
        for i, client in enumerate(pic.clients):
            g.add_node(client.key, column="client", row=(i + 0.5) * rows / len(pic.clients) - 0.5)
        middle = (rows - 1) / 2
        g.add_node("service", column="service", row=middle)
        g.add_node("entry", column="entry", row=middle)
        for client in pic.clients:
            g.add_edge(client.key, "service")
        if pic.rules.entry:
            g.add_edge("service", "entry")
        for target in pic.rules.targets:
            g.add_node(f"target/{target.endpoint}", column="target", row=targets[target.endpoint],
                       obj=target)
            g.add_edge("entry", f"target/{target.endpoint}", p=target.probability)
        for i, pod in enumerate(pic.pods):
            g.add_node(f"pod/{pod.name}", column="pod", row=i, obj=pod)
            if pod.endpoint:
                g.add_node(f"endpoint/{pod.endpoint}", column="endpoint", row=i, obj=pod)
                g.add_edge(f"endpoint/{pod.endpoint}", f"pod/{pod.name}")
                if pic.ingress and pod.endpoint_ready:   # the controller's upstream
                    for target in pic.rules.targets:
                        g.add_edge(f"target/{target.endpoint}", f"endpoint/{pod.endpoint}")
                elif not pic.ingress and f"target/{pod.endpoint}" in g:
                    g.add_edge(f"target/{pod.endpoint}", f"endpoint/{pod.endpoint}")
        return g

    def path(self) -> list[str]:
        """The last request's way through the graph (empty before any request)."""
        pic = self.picture
        target = f"target/{pic.last_endpoint}"
        if pic.ingress and len(pic.rules.targets) == 1:     # one controller: it took them all
            target = f"target/{pic.rules.targets[0].endpoint}"
        if not pic.last_endpoint or target not in self.graph():
            return []
        steps = [pic.chosen, "service", "entry", target, f"endpoint/{pic.last_endpoint}"]
        steps += [f"pod/{p.name}" for p in pic.pods if p.endpoint == pic.last_endpoint]
        return steps

    # -- drawing -------------------------------------------------------------------------
    def draw(self, fig: Figure) -> None:
        pic, g = self.picture, self.graph()
        rows = max([len(pic.clients)] + [d["row"] + 1 for _, d in g.nodes(data=True)])
        height = TOP + rows * ROW + BOTTOM
        fig.set_size_inches(WIDTH, height)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, WIDTH)
        ax.set_ylim(-height, 0)
        ax.axis("off")
        y_of = lambda row: -TOP - (row + 0.5) * ROW  # noqa: E731
        pos = {n: (COLUMNS[d["column"]][0], y_of(d["row"])) for n, d in g.nodes(data=True)}
        texts = self._texts(g)
        self._frame(ax, rows)
        path = self.path()
        on_path = set(zip(path, path[1:]))
        for u, v, data in g.edges(data=True):
            self._edge(ax, pos, g, texts, u, v, (u, v) in on_path, data.get("p"))
        for node, data in g.nodes(data=True):
            column = data["column"]
            if column == "pod":
                self._pod(ax, pos[node], data["obj"], pic.sent, node in path)
                continue
            style = {"client": {"face": "white"}, "service": {"face": "#e3ecfa"},
                     "entry": {"face": "#fff4dc"}, "target": {"face": "#fff4dc"},
                     "endpoint": {"face": "#f4f4f4"}}[column]
            if column == "client" and node != pic.chosen:
                style.update(color="#8a8a8a", edge="#c4c4c4")
            if column == "endpoint" and not data["obj"].endpoint_ready:
                style.update(color=NOT_READY_EDGE, edge=NOT_READY_EDGE)
            self._box(ax, pos[node], column, texts[node], lit=node in path, **style)
        missing = "no KUBE-SEP chain" if pic.rules.mode == "iptables" else "no real server"
        for node, data in g.nodes(data=True):   # listed in the slice, left out of the rules
            pod = data.get("obj")
            if data["column"] == "endpoint" and f"target/{pod.endpoint}" not in g \
                    and not pic.ingress:
                ax.text(COLUMNS["target"][0], pos[node][1], f"({missing}:\nnot ready)",
                        fontsize=FONT, ha="center", va="center", color="#9a9a9a",
                        style="italic", linespacing=1.25)
        ax.text(0.1, -height + 0.22, self._caption(), fontsize=FONT, color="#444444",
                va="center")

    def _texts(self, g: nx.DiGraph) -> dict[str, str]:
        """What each box says."""
        pic, rules = self.picture, self.picture.rules
        texts = {c.key: c.label for c in pic.clients}
        texts["service"] = pic.service_label
        if not rules.entry:
            entry = "no rules here\nfor this address"
        elif rules.mode == "iptables":          # 25 characters: two lines
            entry = f"{rules.entry[:13]}\n{rules.entry[13:]}"
        else:                                   # TCP  10.96.0.10:80 rr [persistent N]
            words = rules.entry.split()
            entry = f"{words[0]} {words[1]}\nscheduler {words[2]}"
        texts["entry"] = entry + (f"\nClientIP affinity:\n{rules.affinity}" if rules.affinity
                                  else "")
        for node, data in g.nodes(data=True):
            if data["column"] == "target":
                t = data["obj"]
                texts[node] = (f"{t.name[:13]}\n{t.name[13:]}\nDNAT {t.endpoint}"
                               if t.name.startswith("KUBE-") else
                               f"real server\n-> {t.endpoint}\nMasq weight 1")
                if pic.ingress:
                    texts[node] += "\n= ingress-nginx Pod"
            elif data["column"] == "endpoint":
                pod = data["obj"]
                texts[node] = f"{pod.endpoint}\nready: {str(bool(pod.endpoint_ready)).lower()}"
        return texts

    def _frame(self, ax, rows: int) -> None:
        """Column headings, the title, and the panel around the node's rules."""
        pic = self.picture
        names = {"client": "clients", "service": "Service",
                 "endpoint": "upstream" if pic.ingress else "EndpointSlice", "pod": "Pods"}
        for column, text in names.items():
            ax.text(COLUMNS[column][0], -TOP + 0.12, text, fontsize=9, fontweight="bold",
                    ha="center", va="bottom")
        left = COLUMNS["entry"][0] - COLUMNS["entry"][1] / 2 - 0.1
        right = COLUMNS["target"][0] + COLUMNS["target"][1] / 2 + 0.1
        ax.add_patch(FancyBboxPatch((left, -TOP - rows * ROW + 0.02), right - left,
                                    rows * ROW - 0.04, boxstyle="round,pad=0,rounding_size=0.08",
                                    facecolor="#fbfbf6", edgecolor="#c9b98a", linewidth=1,
                                    linestyle="--", zorder=0))
        tool = "iptables-save -t nat" if pic.rules.mode == "iptables" else "ipvsadm -Ln"
        ax.text((left + right) / 2, -TOP + 0.12, f"kube-proxy's rules on {pic.node} ({tool})",
                fontsize=9, fontweight="bold", ha="center", va="bottom")
        ax.text(0.1, -0.28, self.title(), fontsize=10.5, fontweight="bold", va="center")

    @staticmethod
    def _size(column: str, text: str) -> tuple[float, float]:
        return COLUMNS[column][1], LINE * (text.count("\n") + 1) + 0.14

    def _box(self, ax, xy, column: str, text: str, face: str = "white", edge: str = "#8a8a8a",
             color: str = "#222222", lit: bool = False) -> None:
        (x, y), (w, h) = xy, self._size(column, text)
        ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h,
                                    boxstyle="round,pad=0,rounding_size=0.05", facecolor=face,
                                    edgecolor=PATH if lit else edge,
                                    linewidth=1.8 if lit else 0.8, zorder=3))
        ax.text(x, y, text, fontsize=FONT, ha="center", va="center", color=color,
                linespacing=1.25, zorder=4,
                family="DejaVu Sans Mono" if column in ("entry", "target") else None)

    def _edge(self, ax, pos, g, texts, u, v, lit: bool, probability) -> None:
        pic = self.picture
        (x0, y0), (x1, y1) = pos[u], pos[v]
        start = (x0 + COLUMNS[g.nodes[u]["column"]][1] / 2, y0)
        end = (x1 - COLUMNS[g.nodes[v]["column"]][1] / 2, y1)
        faint = g.nodes[u]["column"] == "client" and u != pic.chosen
        ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=9,
                                     color=PATH if lit else ("#d5d5d5" if faint else EDGE),
                                     linewidth=2.2 if lit else 0.9, zorder=2 if lit else 1,
                                     shrinkA=1, shrinkB=1))
        if g.nodes[u]["column"] == "entry" and pic.rules.mode == "iptables":
            # the rule's chance, written just above the arrow where it meets the target
            label = (f"p={probability}" if probability else "always (the only rule)"
                     if len(pic.rules.targets) == 1 else "else (all the rest)")
            ax.text(end[0] - 0.06, end[1] + 0.07 + (0.04 if y1 > y0 else 0), label,
                    fontsize=6.5, ha="right", va="bottom", zorder=4,
                    color=PATH if lit else "#555555", family="DejaVu Sans Mono")

    def _pod(self, ax, xy, pod: PodRow, sent: int, lit: bool) -> None:
        x, y = xy
        w = COLUMNS["pod"][1]
        state = "Ready" if pod.ready else "not Ready"
        text = f"{shorten(pod.name, 24)}\n{pod.node} · {state}"
        self._box(ax, (x, y + 0.08), "pod", text, face=READY_FACE if pod.ready else NOT_READY_FACE,
                  edge="#6b6b6b" if pod.ready else NOT_READY_EDGE,
                  color="#222222" if pod.ready else NOT_READY_EDGE, lit=lit)
        if not sent:
            return
        share, top = pod.count / sent, y - 0.26
        ax.add_patch(Rectangle((x - w / 2, top - 0.09), w, 0.09, facecolor="#e6e6e6",
                               edgecolor="none", zorder=2))
        ax.add_patch(Rectangle((x - w / 2, top - 0.09), w * share, 0.09, facecolor=READY_BAR,
                               edgecolor="none", zorder=3))
        ax.text(x - w / 2, top - 0.16, f"{pod.count} of {sent} ({share:.0%})", fontsize=6.8,
                ha="left", va="top", color="#333333", zorder=3)

    # -- words ---------------------------------------------------------------------------
    def title(self) -> str:
        pic = self.picture
        if pic.ingress:
            return (f"A request from {pic.chosen} through ingress-nginx: {pic.node}'s rules "
                    "reach the controller, it picks a Pod")
        service = pic.service_label.split()[0]
        return f"A request from {pic.chosen} to Service {service}: {pic.node}'s rules pick a Pod"

    def _caption(self) -> str:
        pic = self.picture
        if not pic.sent:
            return "Press Send: each request takes the path the rules pick (blue: the last one)."
        return (f"last batch: {pic.sent} requests from {pic.chosen}, {pic.errors} failed; "
                f"blue: the last request's path" + (f"; {pic.ingress}" if pic.ingress else ""))

    def description(self) -> str:
        pic = self.picture
        counts = ", ".join(f"{p.name}={p.count}" + ("" if p.ready else " (not Ready)")
                           for p in pic.pods)
        rules = f"{pic.rules.mode} {pic.rules.entry or '(none)'} → " + (
            ", ".join(t.endpoint + (f" p={t.probability}" if t.probability else "")
                      for t in pic.rules.targets) or "nothing")
        return (f"{self.title()}\n{rules}" + (f" [{pic.rules.affinity}]" if pic.rules.affinity
                                                else "")
                + f"\nlast batch {pic.sent} from {pic.chosen}, {pic.errors} failed: {counts}")
