"""A ReplicaSet's status, computed from its Pods (pkg/controller/replicaset/replica_set_utils.go).

`calculate_status` is a pure function of the ReplicaSet, its claimed active Pods and
its terminating Pods. For 3 active Pods of which 2 carry every template label, 2 are
Ready and 1 has been Ready longer than minReadySeconds, plus 1 Pod being deleted:

    replicas: 3, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 1,
    terminatingReplicas: 1

Zero counts are omitted as the API's `omitempty` does, except `replicas` and
`terminatingReplicas` (a pointer: 0 is printed, absent means "not reported" — RCs).
A failed create or delete adds a `ReplicaFailure` condition (reason FailedCreate or
FailedDelete, the error's message); the next clean sync removes it.
"""

from __future__ import annotations

from ..api.selectors import from_set
from .controller_utils import is_pod_available, is_pod_ready

COUNTS = ("replicas", "fullyLabeledReplicas", "readyReplicas", "availableReplicas",
          "terminatingReplicas")
REPLICA_FAILURE = "ReplicaFailure"


def _condition(status: dict, type_: str) -> dict | None:
    return next((c for c in status.get("conditions") or [] if c.get("type") == type_), None)


def calculate_status(rs: dict, active: list[dict], terminating: list[dict] | None,
                     manage_error, sim) -> dict:
    spec, old = rs.get("spec") or {}, rs.get("status") or {}
    template_labels = from_set(((spec.get("template") or {}).get("metadata") or {}).get("labels"))
    min_ready = spec.get("minReadySeconds", 0)
    fully_labeled = sum(template_labels.matches(p["metadata"].get("labels")) for p in active)
    ready = [p for p in active if is_pod_ready(p)]
    available = sum(is_pod_available(p, min_ready, sim.now) for p in ready)
    counts = {"replicas": len(active), "fullyLabeledReplicas": fully_labeled,
              "readyReplicas": len(ready), "availableReplicas": available}
    status = {k: v for k, v in counts.items() if v or k == "replicas"}
    if terminating is not None:
        status["terminatingReplicas"] = len(terminating)
    if old.get("observedGeneration"):
        status["observedGeneration"] = old["observedGeneration"]
    conditions = list(old.get("conditions") or [])
    failure = _condition(old, REPLICA_FAILURE)
    if manage_error is not None and failure is None:
        diff = len(active) - spec.get("replicas", 1)
        reason = "FailedCreate" if diff < 0 else "FailedDelete" if diff > 0 else ""
        conditions.append({"type": REPLICA_FAILURE, "status": "True",
                           "lastTransitionTime": sim.timestamp(), "reason": reason,
                           "message": manage_error.message})
    elif manage_error is None and failure is not None:
        conditions = [c for c in conditions if c.get("type") != REPLICA_FAILURE]
    if conditions:
        status["conditions"] = conditions
    return status


def status_unchanged(rs: dict, status: dict) -> bool:
    """The steady state: same counts, same conditions, generation already observed."""
    old = rs.get("status") or {}
    return (all(old.get(k, 0 if k != "terminatingReplicas" else None)
                == status.get(k, 0 if k != "terminatingReplicas" else None) for k in COUNTS)
            and rs["metadata"].get("generation", 0) == old.get("observedGeneration", 0)
            and (old.get("conditions") or []) == (status.get("conditions") or []))
