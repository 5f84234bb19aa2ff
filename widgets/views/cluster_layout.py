"""Where everything goes in the cluster picture: a deterministic, computed layout.

No force-directed layout: positions are computed from sorted names, so the same
cluster always gives the same picture and a Pod keeps its place between redraws.
Units are inches, y grows downward from 0 (drawn as negative y). From the top:

    owners     Deployments, then their ReplicaSets, spread evenly across the width
    nodes      one panel per Node, `columns` to a row; its Pods in a grid inside
    Pending    one full-width panel for Pods not bound to any existing Node

Worked size: 10 workers + control plane at 4 panels a row is 3 rows of panels, each
2.9 in wide with 3 Pod cells of 0.9 in; 100 unbound Pods fill 13 columns x 8 rows of
the Pending panel, 8 x 0.42 = 3.4 in tall.
"""

from __future__ import annotations

from dataclasses import dataclass, field

GAP = 0.2
PANEL_W = 2.9
CELL_W = 0.9
CELL_H = 0.42
TITLE_H = 0.45
OWNER_ROW_H = 0.55
LEGEND_H = 0.45
HEADER_BASE = 0.5  # name and status lines
TAINT_LINE = 0.15


@dataclass
class Panel:
    key: str  # node name, or "" for the Pending area
    x: float
    y: float  # top edge, inches down from the top
    w: float
    h: float
    header_h: float
    pods: dict[str, tuple[float, float]] = field(default_factory=dict)


@dataclass
class Layout:
    width: float
    height: float
    panels: list[Panel]
    owners: dict[str, tuple[float, float]]  # owner uid -> centre
    owner_slot: float  # width available to one owner label


def _grid(keys: list[str], x: float, y: float, columns: int) -> dict[str, tuple[float, float]]:
    """Cell centres, row by row, for `keys` in the order given."""
    return {k: (x + (i % columns + 0.5) * CELL_W, y + (i // columns + 0.5) * CELL_H)
            for i, k in enumerate(keys)}


def _rows_needed(count: int, columns: int) -> int:
    return max(1, -(-count // columns))


def compute(node_names: list[str], taint_counts: dict[str, int],
            pods_by_node: dict[str, list[str]], pending: list[str],
            owner_rows: list[list[str]], columns: int = 4) -> Layout:
    """Positions for panels, pods and owners; all lists arrive already sorted."""
    # At least 3 panel widths, so the title and the legend always fit.
    columns = max(3, min(columns, len(node_names)))
    per_panel = int((PANEL_W - 0.1) // CELL_W)
    width = columns * PANEL_W + (columns + 1) * GAP
    y = TITLE_H
    owners: dict[str, tuple[float, float]] = {}
    widest = max((len(row) for row in owner_rows), default=1)
    slot = (width - 2 * GAP) / max(widest, 1)
    for row in owner_rows:
        if not row:
            continue
        step = (width - 2 * GAP) / len(row)
        for i, uid in enumerate(row):
            owners[uid] = (GAP + (i + 0.5) * step, y + OWNER_ROW_H / 2)
        y += OWNER_ROW_H
    if owners:
        y += GAP
    panels: list[Panel] = []
    for start in range(0, len(node_names), columns):
        row = node_names[start:start + columns]
        header = HEADER_BASE + TAINT_LINE * max(taint_counts.get(n, 0) for n in row)
        rows = max(_rows_needed(len(pods_by_node.get(n, [])), per_panel) for n in row)
        height = header + rows * CELL_H + 0.1
        for i, name in enumerate(row):
            x = GAP + i * (PANEL_W + GAP)
            panel = Panel(name, x, y, PANEL_W, height, header)
            offset = x + (PANEL_W - per_panel * CELL_W) / 2
            panel.pods = _grid(pods_by_node.get(name, []), offset, y + header, per_panel)
            panels.append(panel)
        y += height + GAP
    pending_w = width - 2 * GAP
    pending_columns = int((pending_w - 0.1) // CELL_W)
    header = HEADER_BASE - 0.15
    height = header + _rows_needed(len(pending), pending_columns) * CELL_H + 0.1
    panel = Panel("", GAP, y, pending_w, height, header)
    panel.pods = _grid(pending, GAP + (pending_w - pending_columns * CELL_W) / 2, y + header,
                       pending_columns)
    panels.append(panel)
    y += height + LEGEND_H
    return Layout(width, y, panels, owners, slot)
