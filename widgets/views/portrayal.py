"""How objects look in the pictures: Mesa-style portrayal functions and status helpers.

`pod_style(pod) -> dict` is the portrayal function a chapter passes to recolour Pods
without subclassing a view (Mesa's `agent_portrayal`). The default colours by
`status.phase`, the column kubectl shows as STATUS for most Pods, and marks a Pod that
is Running but not Ready with a red rim (the READY column's `0/1`) and a terminating
Pod (metadata.deletionTimestamp set) with an X. Node helpers follow kubectl's own
columns: STATUS `Ready,SchedulingDisabled`, ROLES from `node-role.kubernetes.io/<role>`,
taints as `kubectl describe node` prints them (`key=value:Effect`).
"""

from __future__ import annotations

import re

PHASE_COLORS = {
    "Pending": "#f2b134",
    "Running": "#2e9e44",
    "Succeeded": "#4a78c2",
    "Failed": "#d0392b",
    "Unknown": "#9a9a9a",
}
NOT_READY_EDGE = "#b30000"
EDGE = "#333333"


def condition(obj: dict, type_: str) -> str | None:
    """The status ("True", "False", "Unknown") of a condition, or None if absent."""
    for cond in obj.get("status", {}).get("conditions") or []:
        if cond.get("type") == type_:
            return cond.get("status")
    return None


def default_pod_style(pod: dict) -> dict:
    """Phase colour; red rim if Running but not Ready; X if terminating."""
    phase = pod.get("status", {}).get("phase") or "Pending"
    running_not_ready = phase == "Running" and condition(pod, "Ready") != "True"
    return {
        "color": PHASE_COLORS.get(phase, PHASE_COLORS["Unknown"]),
        "marker": "X" if pod["metadata"].get("deletionTimestamp") else "o",
        "edgecolor": NOT_READY_EDGE if running_not_ready else EDGE,
    }


def node_status(node: dict) -> str:
    """kubectl get nodes' STATUS: `Ready`, `NotReady` (Ready is False or Unknown),
    `Unknown` (no Ready condition at all), plus `,SchedulingDisabled` when cordoned
    (printers.go printNode)."""
    ready = condition(node, "Ready")
    status = "Unknown" if ready is None else "Ready" if ready == "True" else "NotReady"
    if node.get("spec", {}).get("unschedulable"):
        status += ",SchedulingDisabled"
    return status


def node_roles(node: dict) -> list[str]:
    """ROLES: the `<role>` of every `node-role.kubernetes.io/<role>` label."""
    prefix = "node-role.kubernetes.io/"
    return sorted(k[len(prefix):] for k in node["metadata"].get("labels", {})
                  if k.startswith(prefix) and k[len(prefix):])


def taint_text(taint: dict) -> str:
    """`key=value:Effect`, or `key:Effect` without a value (as describe prints)."""
    value = f"={taint['value']}" if taint.get("value") else ""
    return f"{taint['key']}{value}:{taint.get('effect', '')}"


def shorten(text: str, limit: int) -> str:
    """Keep both ends of a long name: `web-7d9c8f6b5-x2x9z` at 15 is `web-7d9…5-x2x9z`."""
    if len(text) <= limit:
        return text
    head = (limit - 1) // 2
    return text[:head] + "…" + text[len(text) - (limit - 1 - head):]


def natural_key(text: str) -> tuple:
    """Sort `node-2` before `node-10`: digit runs compare as numbers."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))
