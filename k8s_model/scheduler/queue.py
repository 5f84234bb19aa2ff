"""The scheduling queue (pkg/scheduler/backend/queue/scheduling_queue.go).

Three places a pending pod can wait:
* activeQ — ready to be tried, highest priority first, then oldest (PrioritySort);
* backoffQ — failed recently; waits 1 s after its first attempt, 2 s after the second,
  then 4 s, 8 s, and at most 10 s;
* unschedulablePods — rejected by some plugins; it stays until a cluster event one of
  those plugins cares about happens (a node added or changed, a pod deleted…), or
  five minutes pass. Then it goes back to activeQ, or to backoffQ if still backing off.
Pods with spec.schedulingGates wait aside until the gates are removed.
The model times each back-off with its own timer on the virtual clock instead of
upstream's one-second flush loop, so a pod returns exactly when its back-off ends.
"""

from __future__ import annotations

import heapq
import itertools
from typing import Callable

INITIAL_BACKOFF, MAX_BACKOFF = 1.0, 10.0
MAX_IN_UNSCHEDULABLE = 300.0   # DefaultPodMaxInUnschedulablePodsDuration (5 min)


def pod_key(pod: dict) -> str:
    return f"{pod['metadata'].get('namespace')}/{pod['metadata']['name']}"


class QueuedPodInfo:
    def __init__(self, pod: dict, now: float) -> None:
        self.pod, self.key = pod, pod_key(pod)
        self.timestamp = now                 # when it was last (re-)added
        self.initial_attempt_timestamp: float | None = None
        self.attempts = 0
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

    # -- adding and popping ---------------------------------------------------------------
    def add(self, pod: dict) -> None:
        self._to_active(QueuedPodInfo(pod, self.sim.now))

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
        while self._heap:
            *_, info = heapq.heappop(self._heap)
            if self.active.get(info.key) is info:
                del self.active[info.key]
                info.attempts += 1
                if info.initial_attempt_timestamp is None:
                    info.initial_attempt_timestamp = self.sim.now
                self.in_flight[info.key] = info
                return info
        return None

    def __len__(self) -> int:
        return len(self.active)

    def done(self, key: str) -> None:
        self.in_flight.pop(key, None)

    def add_unschedulable_if_not_present(self, info: QueuedPodInfo, rejected: bool) -> None:
        """After a failed attempt: rejected pods wait for an event, errors back off."""
        self.done(info.key)
        if info.key in self.active or info.key in self.backoff or info.key in self.unschedulable:
            return
        info.timestamp = self.sim.now
        if rejected:
            self.unschedulable[info.key] = info
            self.sim.call_later(MAX_IN_UNSCHEDULABLE, lambda: self._flush_leftover(info))
        else:
            self._to_backoff(info)

    def _to_backoff(self, info: QueuedPodInfo) -> None:
        self.unschedulable.pop(info.key, None)
        self.backoff[info.key] = info
        self.sim.call_at(self.backoff_expiry(info), lambda: self._backoff_done(info))

    def backoff_expiry(self, info: QueuedPodInfo) -> float:
        return info.timestamp + backoff_duration(info.attempts)

    def _backoff_done(self, info: QueuedPodInfo) -> None:
        if self.backoff.get(info.key) is info and self.sim.now >= self.backoff_expiry(info):
            del self.backoff[info.key]
            self._to_active(info)

    def _flush_leftover(self, info: QueuedPodInfo) -> None:
        if (self.unschedulable.get(info.key) is info
                and self.sim.now - info.timestamp >= MAX_IN_UNSCHEDULABLE):
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
        for pool in (self.active, self.backoff, self.unschedulable, self.gated, self.in_flight):
            pool.pop(key, None)

    def move_all_to_active_or_backoff(self, event: str) -> None:
        """MoveAllToActiveOrBackoffQueue: wake the pods a plugin that rejected them says
        this event could help (its EventsToRegister)."""
        for info in list(self.unschedulable.values()):
            plugins = info.unschedulable_plugins
            if not plugins or any(event in self.plugin_events.get(p, ()) for p in plugins):
                self._move(info)

    def pending_pods(self) -> list[dict]:
        pools = (self.active, self.backoff, self.unschedulable, self.gated)
        return [info.pod for pool in pools for info in pool.values()]
