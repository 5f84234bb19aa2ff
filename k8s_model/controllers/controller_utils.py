"""What the Pod-owning controllers share (pkg/controller/controller_utils.go, pkg/api/v1/pod).

* Expectations. A controller's own writes come back to it later as watch events, so
  right after creating 3 Pods its cache still shows none. It records "I expect 3 adds"
  and skips managing replicas until the informer has seen them (or 5 minutes pass), so
  one sync never creates what the previous sync already created.
* Which Pods count: active (not Succeeded, not Failed, not being deleted) and which are
  terminating.
* Which Pods go first when scaling down: `ActivePodsWithRanks.Less`, see `less`.
* A Pod from a template: `GetPodFromTemplate`, generateName `<owner>-`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cmp_to_key

from ..sim import parse_timestamp

EXPECTATIONS_TIMEOUT = 300.0      # ExpectationsTimeout = 5 * time.Minute
SLOW_START_INITIAL_BATCH_SIZE = 1
POD_DELETION_COST = "controller.kubernetes.io/pod-deletion-cost"


# -- pod helpers (pkg/api/v1/pod/util.go) ------------------------------------------------------
def pod_key(pod: dict) -> str:
    return f"{pod['metadata']['namespace']}/{pod['metadata']['name']}"


def controller_ref(obj: dict) -> dict | None:
    """metav1.GetControllerOf: the ownerReference with `controller: true`."""
    for ref in obj["metadata"].get("ownerReferences") or []:
        if ref.get("controller"):
            return ref
    return None


# -- the pod informer's controller-UID index (controller_utils.go AddPodControllerUIDIndexer) --
POD_CONTROLLER_UID_INDEX = "podControllerUID"


def orphan_pod_index_key(namespace: str) -> str:
    """OrphanPodIndexKeyForNamespace: orphans are indexed per namespace."""
    return f"_ORPHAN_POD/{namespace}"


def pod_controller_uid(pod: dict) -> list[str]:
    ref = controller_ref(pod)
    return [ref["uid"]] if ref else [orphan_pod_index_key(pod["metadata"].get("namespace", ""))]


def add_pod_controller_uid_indexer(pods) -> None:
    if POD_CONTROLLER_UID_INDEX not in pods.indexers:
        pods.add_index(POD_CONTROLLER_UID_INDEX, pod_controller_uid)


def filter_pods_by_owner(pods, owner: dict, include_orphans: bool) -> list[dict]:
    """FilterPodsByOwner: the pods the owner controls, plus (to adopt) the namespace's
    orphans — without walking every pod of the namespace."""
    meta = owner["metadata"]
    owned = [p for p in pods.by_index(POD_CONTROLLER_UID_INDEX, meta["uid"])
             if p["metadata"].get("namespace") == meta.get("namespace")]
    if include_orphans:
        owned += pods.by_index(POD_CONTROLLER_UID_INDEX, orphan_pod_index_key(meta["namespace"]))
    return sorted(owned, key=pod_key)


def pod_ready_condition(pod: dict) -> dict | None:
    for condition in (pod.get("status") or {}).get("conditions") or []:
        if condition.get("type") == "Ready":
            return condition
    return None


def is_pod_ready(pod: dict) -> bool:
    condition = pod_ready_condition(pod)
    return condition is not None and condition.get("status") == "True"


def _time(value: str | None) -> float | None:
    """A metav1.Time in virtual seconds; None is Go's zero time."""
    return parse_timestamp(value) if value else None


def is_pod_available(pod: dict, min_ready_seconds: int, now: float) -> bool:
    """Ready, and Ready since more than minReadySeconds ago (`Before(now)`, strictly)."""
    if not is_pod_ready(pod):
        return False
    since = _time(pod_ready_condition(pod).get("lastTransitionTime"))
    return min_ready_seconds == 0 or (since is not None and since + min_ready_seconds < now)


def is_pod_active(pod: dict) -> bool:
    phase = (pod.get("status") or {}).get("phase")
    return phase not in ("Succeeded", "Failed") and not pod["metadata"].get("deletionTimestamp")


def is_pod_terminating(pod: dict) -> bool:
    phase = (pod.get("status") or {}).get("phase")
    return phase not in ("Succeeded", "Failed") and bool(pod["metadata"].get("deletionTimestamp"))


# -- expectations (ControllerExpectations + UIDTrackingControllerExpectations) -----------------
@dataclass
class ControlleeExpectations:
    add: int
    delete: int
    timestamp: float
    delete_keys: set[str] = field(default_factory=set)

    def fulfilled(self) -> bool:
        return self.add <= 0 and self.delete <= 0


class ControllerExpectations:
    """Per controller key: how many creations and which deletions it still waits to see.
    Deletions are tracked by Pod key, so a Pod seen first with a deletionTimestamp and
    then deleted is counted once."""

    def __init__(self, sim) -> None:
        self.sim = sim
        self._store: dict[str, ControlleeExpectations] = {}

    def get(self, key: str) -> ControlleeExpectations | None:
        return self._store.get(key)

    def satisfied_expectations(self, key: str) -> bool:
        """True when nothing is awaited, or the wait expired (a lost watch event must not
        put the controller to sleep forever)."""
        exp = self._store.get(key)
        if exp is None or exp.fulfilled():
            return True
        return self.sim.now - exp.timestamp > EXPECTATIONS_TIMEOUT

    def delete_expectations(self, key: str) -> None:
        self._store.pop(key, None)

    def expect_creations(self, key: str, adds: int) -> None:
        self._store[key] = ControlleeExpectations(adds, 0, self.sim.now)

    def expect_deletions(self, key: str, pod_keys: list[str]) -> None:
        self._store[key] = ControlleeExpectations(0, len(set(pod_keys)), self.sim.now,
                                                  set(pod_keys))

    def set_expectations(self, key: str, adds: int, delete_pod_keys: list[str]) -> None:
        """SetExpectations: creations and deletions at once (the DaemonSet controller)."""
        self._store[key] = ControlleeExpectations(adds, len(set(delete_pod_keys)), self.sim.now,
                                                  set(delete_pod_keys))

    def creation_observed(self, key: str) -> None:
        exp = self._store.get(key)
        if exp is not None:
            exp.add -= 1

    def deletion_observed(self, key: str, deleted_pod_key: str) -> None:
        exp = self._store.get(key)
        if exp is not None and deleted_pod_key in exp.delete_keys:
            exp.delete_keys.discard(deleted_pod_key)
            exp.delete -= 1


# -- which Pods to delete first (ActivePodsWithRanks.Less) -------------------------------------
PHASE_ORDINAL = {"Pending": 0, "Unknown": 1, "Running": 2}


def _deletion_cost(pod: dict) -> int:
    """GetDeletionCostFromPodAnnotations: a decimal int32 ("+10" and "008" are not); an
    invalid value counts as 0."""
    value = (pod["metadata"].get("annotations") or {}).get(POD_DELETION_COST, "0")
    if not re.fullmatch(r"-[0-9]+|0|[1-9][0-9]*", value) or not -2**31 <= int(value) < 2**31:
        return 0
    return int(value)


def _max_restarts(pod: dict) -> int:
    return max([c.get("restartCount", 0)
                for c in (pod.get("status") or {}).get("containerStatuses") or []], default=0)


def _log_rank(t: float, now: float) -> int:
    """floor(log2(nanoseconds since t)); -1 for t not in the past."""
    nanos = round((now - t) * 1e9)
    return int(math.log2(nanos)) if nanos > 0 else -1


def _newer_first(a: dict, b: dict, ta: float | None, tb: float | None, now: float) -> bool | None:
    """Steps 6 and 8 (LogarithmicScaleDown, GA in v1.31): a zero time first, then the
    more recent — but times in the same power-of-two bucket of age (e.g. 5 h and 8 h
    ago, both ~2^44 ns) tie and fall back to the UID, a pseudorandom order."""
    if ta == tb:
        return None
    if ta is None or tb is None:
        return ta is None
    diff = _log_rank(ta, now) - _log_rank(tb, now)
    if diff == 0:
        return a["metadata"].get("uid", "") < b["metadata"].get("uid", "")
    return diff < 0


def less(a: dict, b: dict, rank_a: int, rank_b: int, now: float) -> bool:
    """Whether Pod `a` should be deleted before Pod `b`:
    1. not scheduled < scheduled;  2. Pending < Unknown < Running;  3. not ready < ready;
    4. lower pod-deletion-cost annotation first;  5. higher rank (more related Pods on
    its node) first;  6. ready for a shorter time first;  7. more container restarts
    first;  8. created more recently first."""
    node_a, node_b = a["spec"].get("nodeName", ""), b["spec"].get("nodeName", "")
    if node_a != node_b and (not node_a or not node_b):
        return not node_a
    phase_a = PHASE_ORDINAL.get((a.get("status") or {}).get("phase"), 0)
    phase_b = PHASE_ORDINAL.get((b.get("status") or {}).get("phase"), 0)
    if phase_a != phase_b:
        return phase_a < phase_b
    if is_pod_ready(a) != is_pod_ready(b):
        return not is_pod_ready(a)
    if _deletion_cost(a) != _deletion_cost(b):
        return _deletion_cost(a) < _deletion_cost(b)
    if rank_a != rank_b:
        return rank_a > rank_b
    if is_pod_ready(a) and is_pod_ready(b):
        decided = _newer_first(a, b, _time(pod_ready_condition(a).get("lastTransitionTime")),
                               _time(pod_ready_condition(b).get("lastTransitionTime")), now)
        if decided is not None:
            return decided
    if _max_restarts(a) != _max_restarts(b):
        return _max_restarts(a) > _max_restarts(b)
    decided = _newer_first(a, b, _time(a["metadata"].get("creationTimestamp")),
                           _time(b["metadata"].get("creationTimestamp")), now)
    return bool(decided)


def sort_for_deletion(pods: list[dict], ranks: list[int], now: float) -> list[dict]:
    """sort.Sort(ActivePodsWithRanks{pods, ranks, now}): deletion candidates first."""
    def compare(x: tuple[dict, int], y: tuple[dict, int]) -> int:
        if less(x[0], y[0], x[1], y[1], now):
            return -1
        return 1 if less(y[0], x[0], y[1], x[1], now) else 0

    return [pod for pod, _ in sorted(zip(pods, ranks), key=cmp_to_key(compare))]


# -- a Pod from a template (GetPodFromTemplate) ------------------------------------------------
def pod_from_template(template: dict, owner: dict, owner_ref: dict,
                      generate_name: str | None = None) -> dict:
    """The Pod a controller creates: the template's labels, annotations, finalizers and
    spec, generateName `<owner name>-` (unless given), and the controller's ownerReference."""
    meta = template.get("metadata") or {}
    pod_meta = {"generateName": generate_name or f"{owner['metadata']['name']}-",
                "namespace": owner["metadata"]["namespace"], "ownerReferences": [owner_ref]}
    for key in ("labels", "annotations", "finalizers"):
        if meta.get(key):
            pod_meta[key] = meta[key]
    return {"apiVersion": "v1", "kind": "Pod", "metadata": pod_meta,
            "spec": template.get("spec") or {}}
