"""Taints the node lifecycle controller owns, and how it changes them
(pkg/controller/controller_utils.go AddOrUpdateTaintOnNode / RemoveTaintOffNode,
pkg/controller/util/node SwapNodeControllerTaint).

A node's taints are a list without a merge key, so a change replaces the whole list;
the patch carries the resourceVersion it was computed from, and a node changed in the
meantime answers Conflict and the change is retried from a fresh GET. Every taint the
controller adds is stamped with `timeAdded`.
"""

from __future__ import annotations

from ..api import errors

NOT_READY = "node.kubernetes.io/not-ready"
UNREACHABLE = "node.kubernetes.io/unreachable"
UNSCHEDULABLE = "node.kubernetes.io/unschedulable"
UNREACHABLE_NO_EXECUTE = {"key": UNREACHABLE, "effect": "NoExecute"}
NOT_READY_NO_EXECUTE = {"key": NOT_READY, "effect": "NoExecute"}
RETRIES = 5


def match_taint(a: dict, b: dict) -> bool:
    """Taint.MatchTaint: same key and effect."""
    return a.get("key") == b.get("key") and a.get("effect") == b.get("effect")


def has_taint(node: dict, taint: dict) -> bool:
    return any(match_taint(t, taint) for t in node.get("spec", {}).get("taints") or [])


def swapped_taints(taints: list[dict], add: list[dict], remove: list[dict],
                   time_added: str) -> list[dict]:
    """AddOrUpdateTaint for each of `add` (replaced in place, or appended), then
    RemoveTaint for each of `remove`."""
    result = list(taints)
    for taint in add:
        stamped = {**taint, "timeAdded": time_added}
        at = next((i for i, t in enumerate(result) if match_taint(t, taint)), None)
        if at is None:
            result.append(stamped)
        elif {k: v for k, v in result[at].items() if k != "timeAdded"} != taint:
            result[at] = stamped
    return [t for t in result if not any(match_taint(t, gone) for gone in remove)]


def swap_node_controller_taint(client, name: str, add: list[dict], remove: list[dict],
                               time_added: str, node: dict | None = None) -> bool:
    """Add and remove taints on a node; True when done (or nothing to do). The first try
    uses `node` when given (the informer's copy), retries a fresh GET."""
    for attempt in range(RETRIES):
        try:
            if node is None or attempt:
                node = client.get("nodes", None, name)
            taints = node.get("spec", {}).get("taints") or []
            new = swapped_taints(taints, add, remove, time_added)
            if new == taints:
                return True
            client.patch("nodes", None, name, {
                "metadata": {"resourceVersion": node["metadata"]["resourceVersion"]},
                "spec": {"taints": new or None}})
            return True
        except errors.ApiError as error:
            if error.code == 404:
                return True
            if error.code != 409:
                return False
    return False
