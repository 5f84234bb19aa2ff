"""A StatefulSet's status (stateful_set_control.go updateStatus, stateful_set_utils.go
completeRollingUpdate and inconsistentStatus).

Only created Pods count; `currentReplicas` and `updatedReplicas` count the live Pods
labelled with the current and the update revision. When a RollingUpdate has every
replica updated and ready, the update revision becomes the current one.
"""

from __future__ import annotations

from .utils import (is_created, is_running_and_available, is_running_and_ready,
                    is_terminating, pod_revision)


def update_status(status: dict, min_ready: int, current: dict, update: dict, now: float,
                  *pod_lists: list) -> dict:
    """updateStatus / computeReplicaStatus over the given Pods (only created ones count)."""
    counts = dict.fromkeys(("replicas", "readyReplicas", "availableReplicas",
                            "currentReplicas", "updatedReplicas"), 0)
    for pod in (p for pods in pod_lists for p in pods):
        if is_created(pod):
            counts["replicas"] += 1
        if is_running_and_ready(pod):
            counts["readyReplicas"] += 1
            if is_running_and_available(pod, min_ready, now):
                counts["availableReplicas"] += 1
        if is_created(pod) and not is_terminating(pod):
            revision = pod_revision(pod)
            counts["currentReplicas"] += revision == current["metadata"]["name"]
            counts["updatedReplicas"] += revision == update["metadata"]["name"]
    status.update(counts)
    return status


def complete_rolling_update(sts: dict, status: dict) -> None:
    """completeRollingUpdate: every replica updated and ready -> the update revision
    becomes the current one."""
    replicas = sts["spec"].get("replicas", 1)
    if ((sts["spec"].get("updateStrategy") or {}).get("type") == "RollingUpdate"
            and status["updatedReplicas"] == replicas and status["readyReplicas"] == replicas
            and status["replicas"] == replicas):
        status["currentReplicas"] = status["updatedReplicas"]
        status["currentRevision"] = status["updateRevision"]


STATUS_FIELDS = ("replicas", "currentReplicas", "readyReplicas", "updatedReplicas",
                 "currentRevision", "availableReplicas", "updateRevision")


def inconsistent_status(sts: dict, status: dict) -> bool:
    """inconsistentStatus: a newer generation or any counted field changed."""
    old = sts.get("status") or {}
    return (status["observedGeneration"] > old.get("observedGeneration", 0)
            or any(status.get(f) != old.get(f, 0 if f.endswith("eplicas") else "")
                   for f in STATUS_FIELDS))
