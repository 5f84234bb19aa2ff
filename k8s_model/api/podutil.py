"""Setting a Pod condition as every component does it (pkg/api/v1/pod/util.go
UpdatePodCondition).

A condition keeps its lastTransitionTime while its status stays the same; only a change
of status moves it. The caller writes the status only when something changed:

    update_pod_condition(pod["status"], {"type": "DisruptionTarget", "status": "True",
                                         "reason": "EvictionByEvictionAPI",
                                         "message": "Eviction API: evicting"}, now)
"""

from __future__ import annotations


def update_pod_condition(status: dict, condition: dict, now: str) -> bool:
    """Add or update `condition` in `status` (in place); True if anything changed."""
    new = {"type": condition["type"], "status": condition["status"], "lastProbeTime": None,
           "lastTransitionTime": now,
           **{k: condition[k] for k in ("reason", "message") if k in condition}}
    conditions = status.setdefault("conditions", [])
    for i, old in enumerate(conditions):
        if old.get("type") != new["type"]:
            continue
        if old.get("status") == new["status"]:
            new["lastTransitionTime"] = old.get("lastTransitionTime")
        if all(old.get(k) == new.get(k) for k in ("status", "reason", "message",
                                                  "lastProbeTime", "lastTransitionTime")):
            return False
        conditions[i] = new
        return True
    conditions.append(new)
    return True
