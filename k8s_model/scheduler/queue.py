"""The scheduling queue (pkg/scheduler/backend/queue/scheduling_queue.go).

Three places a pending pod can wait:
* activeQ — ready to be tried, highest priority first, then oldest (PrioritySort);
* backoffQ — failed recently; waits 1 s after its first rejection, 2 s after the second,
  then 4 s, 8 s, and at most 10 s (errors count apart: a failed API call is no reason
  for a long back-off later). Back-offs end on whole seconds, when the queue is flushed.
  While activeQ is empty the scheduler does not idle: it takes the next pod from
  backoffQ at once (SchedulerPopFromBackoffQ, on since v1.33);
* unschedulablePods — rejected by some plugins; it stays until a cluster event one of
  those plugins cares about happens (a node added or changed, a pod deleted…), or
  it has waited more than five minutes, checked every 30 s. Then it goes back to
  activeQ, or to backoffQ if still backing off.
Pods with spec.schedulingGates wait aside until the gates are removed.
The model times each back-off with its own timer on the virtual clock instead of
upstream's one-second flush loop, set for the whole second that loop would release it.
The scheduler's nominator (nominator.py) lives here too, as upstream.
"""

from __future__ import annotations

import heapq
import itertools
import math
from typing import Callable

from .nominator import Nominator
from .types import PodInfo

INITIAL_BACKOFF, MAX_BACKOFF = 1.0, 10.0
MAX_IN_UNSCHEDULABLE = 300.0   # DefaultPodMaxInUnschedulablePodsDuration (5 min)
LEFTOVER_FLUSH_PERIOD = 30.0   # flushUnschedulablePodsLeftover runs every 30 s
BACKOFF_WINDOW = 1.0           # backoffQOrderingWindowDuration: flushBackoffQCompleted


def pod_key(pod: dict) -> str:
    return f"{pod['metadata'].get('namespace')}/{pod['metadata']['name']}"


class QueuedPodInfo:
    def __init__(self, pod: dict, now: float) -> None:
        self.pod, self.key = pod, pod_key(pod)
        self.timestamp = now                 # when it was last (re-)added
        self.initial_attempt_timestamp: float | None = None
        self.attempts = 0
        self.unschedulable_count = 0         # rejections by plugins
        self.consecutive_errors_count = 0    # errors since the last rejection
        self.unschedulable_plugins: set[str] = set()

    @property
    def priority(self) -> int:
        return self.pod.get("spec", {}).get("priority") or 0


def backoff_duration(attempts: int, initial: float = INITIAL_BACKOFF,
                     maximum: float = MAX_BACKOFF) -> float:
    """calculateBackoffDuration: 1 s doubled per extra attempt, capped: 1, 2, 4, 8, 10."""
    duration = initial
    for _ in range(1, attempts):
        if duration > maximum - duration:
            return maximum
        duration += duration
    return duration


class SchedulingQueue:
    def __init__(self, sim, on_active: Callable[[], None]) -> None:
        self.sim, self.on_active = sim, on_active
        self._heap: list = []
        self._seq = itertools.count()
        self.active: dict[str, QueuedPodInfo] = {}
        self.backoff: dict[str, QueuedPodInfo] = {}
        self.unschedulable: dict[str, QueuedPodInfo] = {}
        self.gated: dict[str, QueuedPodInfo] = {}
        self.in_flight: dict[str, QueuedPodInfo] = {}
        self.plugin_events: dict[str, set[str]] = {}
        self.nominator = Nominator()
        self._started = sim.now   # the leftover flush ticks from here

    # -- adding and popping ---------------------------------------------------------------
    def add(self, pod: dict) -> None:
        self._to_active(QueuedPodInfo(pod, self.sim.now))
        if pod_key(pod) in self.active:   # a gated pod is not nominated (moveToActiveQ)
            self.nominator.add_nominated_pod(pod)

    def _to_active(self, info: QueuedPodInfo) -> None:
        for pool in (self.backoff, self.unschedulable, self.gated):
            pool.pop(info.key, None)
        if info.pod.get("spec", {}).get("schedulingGates"):
            self.gated[info.key] = info   # PreEnqueue (SchedulingGates) says wait
            return
        self.active[info.key] = info
        heapq.heappush(self._heap, (-info.priority, info.timestamp, next(self._seq), info))
        self.on_active()

    def pop(self) -> QueuedPodInfo | None:
        info = None
        while self._heap and info is None:
            *_, candidate = heapq.heappop(self._heap)
            if self.active.get(candidate.key) is candidate:
                info = self.active.pop(candidate.key)
        if info is None:
            info = self._pop_backoff()
            if info is None:
                return None
        info.attempts += 1
        info.unschedulable_plugins = set()   # this attempt finds its own
        if info.initial_attempt_timestamp is None:
            info.initial_attempt_timestamp = self.sim.now
        self.in_flight[info.key] = info
        return info

    def _pop_backoff(self) -> QueuedPodInfo | None:
        """popBackoff: with activeQ empty, the pod whose back-off ends first (then the
        highest priority, then the oldest) — never one backing off after an error."""
        waiting = [i for i in self.backoff.values() if i.unschedulable_plugins]
        if not waiting:
            return None
        info = min(waiting, key=lambda i: (self.backoff_expiry(i), -i.priority, i.timestamp))
        return self.backoff.pop(info.key)

    def __len__(self) -> int:
        """Pods a pop would return: activeQ, or else backoffQ (errors excepted)."""
        return len(self.active) + sum(1 for i in self.backoff.values() if i.unschedulable_plugins)

    def done(self, key: str) -> None:
        self.in_flight.pop(key, None)

    def add_unschedulable_if_not_present(self, info: QueuedPodInfo) -> None:
        """After a failed attempt: a pod some plugins rejected waits for an event; one
        that failed for any other reason (no plugin to blame) backs off and retries."""
        self.done(info.key)
        if info.key in self.active or info.key in self.backoff or info.key in self.unschedulable:
            return
        info.timestamp = self.sim.now
        if info.unschedulable_plugins:
            info.unschedulable_count += 1
            info.consecutive_errors_count = 0
            self.unschedulable[info.key] = info
            self.sim.call_at(self._next_leftover_flush(info), lambda: self._flush_leftover(info))
        else:
            info.consecutive_errors_count += 1
            self._to_backoff(info)

    def _next_leftover_flush(self, info: QueuedPodInfo) -> float:
        """The first 30 s tick at which the pod has waited *more* than five minutes."""
        due = info.timestamp + MAX_IN_UNSCHEDULABLE - self._started
        return self._started + (due // LEFTOVER_FLUSH_PERIOD + 1) * LEFTOVER_FLUSH_PERIOD

    def _to_backoff(self, info: QueuedPodInfo) -> None:
        self.unschedulable.pop(info.key, None)
        self.backoff[info.key] = info
        self.sim.call_at(self.backoff_expiry(info), lambda: self._backoff_done(info))
        if info.unschedulable_plugins:
            self.on_active()   # an idle scheduler may pop it from backoffQ right away

    def backoff_expiry(self, info: QueuedPodInfo) -> float:
        """When the pod stops backing off. getBackoffTime counts consecutive errors if the
        last attempts failed with errors, else rejections (a pod never tried has no
        back-off); the end is truncated to its 1 s ordering window, and the pod leaves at
        the next whole-second flush: 1 s after a failure at t=12.004 means t=14."""
        count = info.consecutive_errors_count or info.unschedulable_count
        if not count:
            return info.timestamp
        end = info.timestamp + backoff_duration(count)
        return math.floor(end / BACKOFF_WINDOW) * BACKOFF_WINDOW + BACKOFF_WINDOW

    def _backoff_done(self, info: QueuedPodInfo) -> None:
        if self.backoff.get(info.key) is info and self.sim.now >= self.backoff_expiry(info):
            del self.backoff[info.key]
            self._to_active(info)

    def _flush_leftover(self, info: QueuedPodInfo) -> None:
        if (self.unschedulable.get(info.key) is info
                and self.sim.now - info.timestamp > MAX_IN_UNSCHEDULABLE):
            self._move(info)

    def _move(self, info: QueuedPodInfo) -> None:
        if self.sim.now < self.backoff_expiry(info):
            self._to_backoff(info)
        else:
            self.unschedulable.pop(info.key, None)
            self._to_active(info)

    # -- informer events ------------------------------------------------------------------
    def update(self, old: dict | None, new: dict) -> None:
        """A pending pod changed. Our own writes (annotations, status) change neither spec
        nor labels and leave it where it is; a real change is a reason to try again."""
        key = pod_key(new)
        for pool in (self.active, self.backoff, self.unschedulable, self.gated):
            info = pool.get(key)
            if info is None:
                continue
            changed = old is None or old.get("spec") != new.get("spec") or \
                old["metadata"].get("labels") != new["metadata"].get("labels")
            info.pod = new
            self.nominator.update_nominated_pod(old, new)
            if pool is self.gated and not new.get("spec", {}).get("schedulingGates"):
                self._to_active(info)
            elif pool is self.unschedulable and changed:
                self._move(info)
            elif pool is self.active:
                heapq.heappush(self._heap, (-info.priority, info.timestamp, next(self._seq), info))
            return
        if key in self.in_flight:
            self.in_flight[key].pod = new
            return
        self.add(new)

    def delete(self, pod: dict) -> None:
        key = pod_key(pod)
        self.nominator.delete_nominated_pod_if_exists(pod)
        for pool in (self.active, self.backoff, self.unschedulable, self.gated, self.in_flight):
            pool.pop(key, None)

    def move_all_to_active_or_backoff(self, event: str) -> None:
        """MoveAllToActiveOrBackoffQueue: wake the pods a plugin that rejected them says
        this event could help (its EventsToRegister)."""
        for info in list(self.unschedulable.values()):
            if self._worth_requeuing(info, event):
                self._move(info)

    def assigned_pod_added(self, pod: dict, ns_labels: dict,
                           event: str = "AssignedPodAdd") -> None:
        """AssignedPodAdded: a pod newly placed (or relabelled) can only help pods whose
        fit depends on where other pods are (getUnschedulablePodsWithCrossTopologyTerm):
        those PodTopologySpread rejected in its namespace, and those with a required
        pod-affinity term it matches."""
        namespace = pod["metadata"].get("namespace")
        for info in list(self.unschedulable.values()):
            spread = ("PodTopologySpread" in info.unschedulable_plugins
                      and info.pod["metadata"].get("namespace") == namespace)
            if (spread or any(t.matches(pod, ns_labels)
                              for t in PodInfo(info.pod).required_affinity)) \
                    and self._worth_requeuing(info, event):
                self._move(info)

    def _worth_requeuing(self, info: QueuedPodInfo, event: str) -> bool:
        plugins = info.unschedulable_plugins
        return not plugins or any(event in self.plugin_events.get(p, ()) for p in plugins)

    def pending_pods(self) -> list[dict]:
        pools = (self.active, self.backoff, self.unschedulable, self.gated)
        return [info.pod for pool in pools for info in pool.values()]
