"""Virtual time: the clock every component of the model runs on.

Like the stdlib's `sched` and SimPy's core, the clock is a heap of
`(time, priority, sequence, callback)`. Advancing runs every event that falls due, in
time order; equal times run by priority, then in the order they were scheduled (the
sequence number). Nothing reads the wall clock and all randomness comes from one
seeded `random.Random`, so the same seed and the same calls give the same story.
"""

from __future__ import annotations

import heapq
import itertools
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Callable

# Virtual time 0 is this instant: timestamps in the model are real RFC 3339 strings.
EPOCH = datetime(2026, 1, 1, 0, 0, 0, tzinfo=timezone.utc)


@dataclass(order=True)
class Timer:
    """A scheduled callback; `cancel()` it to skip it when it falls due."""

    time: float
    priority: int
    sequence: int
    callback: Callable[[], None] = field(compare=False)
    cancelled: bool = field(default=False, compare=False)

    def cancel(self) -> None:
        self.cancelled = True


class Simulation:
    """The virtual clock, its event queue and the one source of randomness."""

    def __init__(self, seed: int = 0) -> None:
        self.now: float = 0.0
        self.random = random.Random(seed)
        self._queue: list[Timer] = []
        self._sequence = itertools.count()
        self._last_unix_nanos = 0

    # -- scheduling -------------------------------------------------------------------
    def call_at(self, when: float, callback: Callable[[], None], priority: int = 0) -> Timer:
        timer = Timer(max(when, self.now), priority, next(self._sequence), callback)
        heapq.heappush(self._queue, timer)
        return timer

    def call_later(self, delay: float, callback: Callable[[], None], priority: int = 0) -> Timer:
        return self.call_at(self.now + delay, callback, priority)

    def call_soon(self, callback: Callable[[], None], priority: int = 0) -> Timer:
        """Run at the current instant, after what is already due (a watch delivery)."""
        return self.call_at(self.now, callback, priority)

    # -- running ----------------------------------------------------------------------
    def next_time(self) -> float | None:
        while self._queue and self._queue[0].cancelled:
            heapq.heappop(self._queue)
        return self._queue[0].time if self._queue else None

    def _run_through(self, until: float) -> None:
        """Run every event due at or before `until`. The timer is popped before its
        callback runs, so an exception inside a step leaves the clock consistent."""
        while True:
            due = self.next_time()
            if due is None or due > until:
                return
            timer = heapq.heappop(self._queue)
            self.now = timer.time
            timer.callback()

    def settle(self) -> None:
        """Run everything due now (components reacting to the last request)."""
        self._run_through(self.now)

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError(f"cannot advance by a negative time: {seconds}")
        target = self.now + seconds
        self._run_through(target)
        self.now = target

    def run_until(self, predicate: Callable[[], bool], timeout: float,
                  step: float = 1.0) -> bool:
        """Advance in steps of `step` seconds until `predicate()` holds; give up after
        `timeout` virtual seconds. Returns whether the predicate came true."""
        self.settle()
        deadline = self.now + timeout
        while not predicate():
            if self.now >= deadline:
                return False
            self.advance(min(step, deadline - self.now))
        return True

    # -- time as the API shows it -----------------------------------------------------
    def datetime(self, at: float | None = None) -> datetime:
        return EPOCH + timedelta(seconds=self.now if at is None else at)

    def timestamp(self, at: float | None = None) -> str:
        """metav1.Time in RFC 3339 with whole seconds: `2026-01-01T00:00:05Z`."""
        return self.datetime(at).strftime("%Y-%m-%dT%H:%M:%SZ")

    def unix_nanos(self) -> int:
        """Now in Unix nanoseconds, as `time.Now().UnixNano()` — strictly increasing, so two
        components stamping the same virtual instant still get distinct values (Event
        names are `<object>.<nanoseconds in hex>`), as a real clock's nanoseconds do."""
        nanos = max(round(EPOCH.timestamp()) * 1_000_000_000 + round(self.now * 1e9),
                    self._last_unix_nanos + 1)
        self._last_unix_nanos = nanos
        return nanos

    def micro_timestamp(self, at: float | None = None) -> str:
        """metav1.MicroTime (Leases, Events' eventTime): `2026-01-01T00:00:05.000000Z`."""
        return self.datetime(at).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_timestamp(text: str) -> float:
    """Virtual seconds of an RFC 3339 timestamp the model wrote."""
    text = text.replace("Z", "+00:00")
    return (datetime.fromisoformat(text) - EPOCH).total_seconds()
