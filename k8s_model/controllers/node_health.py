"""How the node lifecycle controller decides a node has gone quiet
(node_lifecycle_controller.go tryUpdateNodeHealth).

The controller keeps, per node, the last time it *saw* a sign of life — its own clock,
never the node's timestamps, so clock skew between machines does not matter. A sign
of life is either a new `lastHeartbeatTime` on the Node's Ready condition or a newer
`renewTime` on the node's Lease in kube-node-lease. The kubelet renews the Lease every
10 s but rewrites its status only on change or every 5 minutes, so in practice the
Lease is what keeps a node alive.

When `--node-monitor-grace-period` (50 s; 40 s before v1.32) has passed since the last
sign, the controller writes the node's conditions as the kubelet can no longer do:
Ready, MemoryPressure, DiskPressure and PIDPressure all become `Unknown`, reason
`NodeStatusUnknown`, "Kubelet stopped posting node status.", keeping their
lastHeartbeatTime (the kubelet's last word) with a new lastTransitionTime.

Worked timeline (monitor every 5 s, Lease renewed at 100 s, node cut off at 105 s): the
pass at 105 s sees the renewal (probe time 105); 105 + 50 = 155, and the first pass
after that, at 160 s, marks the node Unknown.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from ..sim import parse_timestamp

NODE_MONITOR_PERIOD = 5.0
NODE_MONITOR_GRACE_PERIOD = 50.0
NODE_STARTUP_GRACE_PERIOD = 60.0
NODE_HEALTH_UPDATE_RETRY = 5
WATCHED_CONDITIONS = ("Ready", "MemoryPressure", "DiskPressure", "PIDPressure")


@dataclass
class NodeHealth:
    """nodeHealthData: what the controller last saw of a node, and when (its own clock)."""

    probe_timestamp: float
    ready_transition_timestamp: float
    status: dict
    lease: dict | None = None


def get_condition(status: dict | None, type_: str) -> dict | None:
    for condition in (status or {}).get("conditions") or []:
        if condition.get("type") == type_:
            return condition
    return None


def _renewed(saved: dict | None, observed: dict | None) -> bool:
    if observed is None:
        return False
    if saved is None:
        return True
    return (saved.get("spec", {}).get("renewTime") or "") < \
        (observed.get("spec", {}).get("renewTime") or "")


def observe(health: NodeHealth | None, node: dict, lease: dict | None, now: float) -> NodeHealth:
    """The bookkeeping half of tryUpdateNodeHealth: move the probe time when the Ready
    condition's heartbeat changed or the Lease was renewed since the last look."""
    status = node.get("status") or {}
    current = get_condition(status, "Ready")
    saved = get_condition(health.status, "Ready") if health else None
    if current is None:
        if health is None:   # never posted: count from the node's creation
            created = node["metadata"].get("creationTimestamp")
            start = parse_timestamp(created) if created else now
            health = NodeHealth(start, start, status)
        else:
            health.status = status
    elif health is None or saved is None:
        health = NodeHealth(now, now, status, health.lease if health else None)
    elif saved.get("lastHeartbeatTime") != current.get("lastHeartbeatTime"):
        transition = now if saved.get("lastTransitionTime") != current.get(
            "lastTransitionTime") else health.ready_transition_timestamp
        health = NodeHealth(now, transition, status, health.lease)
    if _renewed(health.lease, lease):
        health.lease, health.probe_timestamp = lease, now
    return health


def mark_unknown(node: dict, timestamp: str) -> dict:
    """The node's status with every watched condition Unknown (a copy)."""
    status = copy.deepcopy(node.get("status") or {})
    conditions = status.setdefault("conditions", [])
    for type_ in WATCHED_CONDITIONS:
        condition = get_condition(status, type_)
        if condition is None:
            conditions.append({"type": type_, "status": "Unknown",
                               "lastHeartbeatTime": node["metadata"].get("creationTimestamp"),
                               "lastTransitionTime": timestamp,
                               "reason": "NodeStatusNeverUpdated",
                               "message": "Kubelet never posted node status."})
        elif condition.get("status") != "Unknown":
            condition.update(status="Unknown", reason="NodeStatusUnknown",
                             message="Kubelet stopped posting node status.",
                             lastTransitionTime=timestamp)
    return status
