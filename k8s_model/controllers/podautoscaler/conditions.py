"""The HPA's status conditions (horizontal.go setCondition / setConditionInList)."""

from __future__ import annotations


def set_condition(hpa: dict, type_: str, status: str, reason: str, message: str,
                  now: str) -> None:
    """setConditionInList: update in place; lastTransitionTime moves only when the status
    does."""
    conditions = hpa.setdefault("status", {}).setdefault("conditions", [])
    existing = next((c for c in conditions if c["type"] == type_), None)
    if existing is None:
        existing = {"type": type_}
        conditions.append(existing)
    if existing.get("status") != status:
        existing["lastTransitionTime"] = now
    existing.update(status=status, reason=reason, message=message)
    for field in ("type", "status", "lastTransitionTime", "reason", "message"):
        existing[field] = existing.pop(field)
