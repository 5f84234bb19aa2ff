"""client-go's flowcontrol.Backoff, as the kubelet uses it for crashes and image pulls.

Per key, a delay that starts at 10 s and doubles on every `next` up to 300 s
(kubelet.go: `flowcontrol.NewBackOff(containerBackOffPeriod, MaxContainerBackOff)`;
v1.35's defaults — the alpha gate ReduceDefaultCrashLoopBackOffDecay, 1 s to 60 s, is
off). `next` remembers when it was called (`lastUpdate`: the restart). An entry has
expired when the event it is asked about — a container's exit — came more than 600 s
after that (kubelet.go sets `HasExpiredFunc` to a fixed 10 minutes; image pulls keep
the default 2 × 300 s): a container that ran 10 minutes starts over at 10 s.

A crashing container restarts at once the first time, then 10 s, 20 s, 40 s … after
each exit: exits at t=0, 0, 10, 30, 70 … (restart times 0, 10, 30, 70, 150, 310, 610).
"""

from __future__ import annotations

INITIAL, MAXIMUM = 10.0, 300.0
EXPIRE_AFTER = 600.0
EPSILON = 1e-6  # virtual seconds: below any delay the model schedules


class Backoff:
    def __init__(self, initial: float = INITIAL, maximum: float = MAXIMUM,
                 expire_after: float = EXPIRE_AFTER) -> None:
        self.initial, self.maximum, self.expire_after = initial, maximum, expire_after
        self.entries: dict[str, tuple[float, float]] = {}   # key -> (delay, lastUpdate)

    def _entry(self, key: str, event_time: float) -> tuple[float, float] | None:
        entry = self.entries.get(key)
        if entry and event_time - entry[1] > self.expire_after:   # hasExpired
            return None
        return entry

    def next(self, key: str, event_time: float, now: float) -> None:
        """Next: the first delay, or double the last one; lastUpdate is now."""
        entry = self._entry(key, event_time)
        delay = self.initial if entry is None else min(entry[0] * 2, self.maximum)
        self.entries[key] = (delay, now)

    def get(self, key: str) -> float:
        return self.entries.get(key, (0.0, 0.0))[0]

    def is_in_backoff_since(self, key: str, event_time: float, now: float) -> bool:
        """IsInBackOffSince: still waiting out the delay counted from `event_time`."""
        entry = self._entry(key, event_time)
        # EPSILON: `finished + delay - finished` can miss `delay` by a rounding error, and
        # a wake-up exactly at the end of the delay must find the delay over.
        return entry is not None and now - event_time < entry[0] - EPSILON

    def is_in_backoff_since_update(self, key: str, event_time: float) -> bool:
        """IsInBackOffSinceUpdate: less than the delay since the last `next`."""
        entry = self._entry(key, event_time)
        return entry is not None and event_time - entry[1] < entry[0] - EPSILON
