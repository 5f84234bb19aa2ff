"""Pacing: virtual time that follows the wall clock, for a cluster driven from a terminal.

Nothing in the model moves by itself: the notebook advances the clock, and HTTP requests
never do. A learner at a terminal has no notebook cell to run, so `kubectl get pods -w`
would wait forever for a Pod to become Ready. A `Pacer` is the notebook's hand on the
clock: a thread that, every `tick` wall-clock seconds, advances virtual time by the
wall-clock time that passed × `speed` — 1 for real time, 10 to watch a 5-minute
eviction timeout pass in 30 s.

It is the one part of the package that reads the wall clock, and it only decides how far
to advance; what happens in that time is the model's, deterministic as ever. (In a
notebook, a lab's Play button does the same job from the browser, and redraws the lab.)
"""

from __future__ import annotations

import threading
import time

# Behind by more than this (a slow step, a suspended laptop): skip ahead in wall time
# instead of running minutes of virtual time at once.
MAX_CATCH_UP = 5.0


class Pacer:
    def __init__(self, cluster, speed: float = 1.0, tick: float = 0.25) -> None:
        if not speed > 0:
            raise ValueError(f"pace speed must be greater than 0, not {speed}")
        self.cluster, self.speed, self.tick = cluster, float(speed), tick
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="k8s-book-pacer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        last = time.monotonic()
        while not self._stopped.wait(self.tick):
            now = time.monotonic()
            wall = min(now - last, MAX_CATCH_UP)
            last = now
            # whole milliseconds: timestamps stay readable (2026-01-01T00:01:02Z, AGE 62s)
            self.cluster.advance(round(wall * self.speed, 3))

    def stop(self) -> None:
        self._stopped.set()
        if self._thread is not threading.current_thread():
            self._thread.join()

    def __repr__(self) -> str:
        return f"<Pacer ×{self.speed:g}, virtual t = {self.cluster.now:g} s>"
