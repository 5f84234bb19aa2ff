"""One probe of one container, on a ticker (pkg/kubelet/prober/worker.go).

A worker starts with the Pod (AddPod), long before its container runs, and probes every
periodSeconds. If the kubelet itself started less than a period ago, the first probe
waits a random part of the period, so that a restarted kubelet does not probe every
container at once. Each tick (doProbe):

    * a new container ID: its result starts at the initial value — readiness Failure
      (not ready until a probe passes), liveness Success, startup Unknown;
    * initialDelaySeconds since the container started: skip;
    * startup not passed yet: only the startup probe runs; once it has, only the others;
    * count the same result in a row; at failureThreshold failures (successThreshold
      successes) the result is set, and the kubelet acts on the change;
    * after a liveness Failure, or any startup result, hold until the next container.

With the defaults (period 10 s, failureThreshold 3) a container that stops answering
right after a probe at t=40 fails at 50, 60 and 70: the kubelet kills it at t=70.
"""

from __future__ import annotations

from .results import FAILURE, SUCCESS, UNKNOWN

INITIAL = {"readiness": FAILURE, "liveness": SUCCESS, "startup": UNKNOWN}


class Worker:
    def __init__(self, manager, kind: str, pod: dict, container: dict) -> None:
        self.manager, self.sim, self.kind = manager, manager.sim, kind
        self.pod, self.container = pod, container
        self.spec = container[f"{kind}Probe"]
        self.period = float(self.spec.get("periodSeconds", 10))
        self.results = manager.results[kind]
        self.container_id = ""
        self.last_result, self.result_run, self.on_hold = None, 0, False
        self.timer, self.next_tick = None, None   # next_tick None: still in the first sleep
        self.probing = self.manual = self.stopped = False

    # -- run: the ticker loop -----------------------------------------------------------------
    def run(self) -> None:
        delay = 0.0
        if self.period > self.sim.now - self.manager.start:
            delay = self.sim.random.random() * self.period
        self.timer = self.sim.call_later(delay, self._start_ticker)

    def _start_ticker(self) -> None:
        self.next_tick = self.sim.now + self.period
        self._probe()

    def _probe(self) -> None:
        self.timer, self.probing = None, True
        self.do_probe(self._probed)

    def _probed(self, keep_going: bool) -> None:
        self.probing = False
        if self.stopped or not keep_going:
            return self._exit()
        if self.manual:   # triggered meanwhile: probe again now, the ticker reset
            self.manual = False
            self.next_tick = self.sim.now + self.period
            self.timer = self.sim.call_soon(self._probe)
            return
        while self.next_tick <= self.sim.now - self.period:
            self.next_tick += self.period   # a ticker drops the ticks nobody took
        self.timer = self.sim.call_at(max(self.next_tick, self.sim.now), self._tick)

    def _tick(self) -> None:
        self.next_tick += self.period
        self._probe()

    def trigger(self) -> None:
        """manualTriggerCh: probe now, then every period from now."""
        if self.stopped:
            return
        if self.probing or self.next_tick is None:
            self.manual = True
            return
        self.timer.cancel()
        self.next_tick = self.sim.now + self.period
        self.timer = self.sim.call_soon(self._probe)

    def stop(self) -> None:
        self.stopped = True
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        if not self.probing:
            self._exit()

    def _exit(self) -> None:
        self.stopped = True
        if self.container_id:
            self.results.remove(self.container_id)
        self.manager.remove_worker(self)

    # -- doProbe ------------------------------------------------------------------------------
    def do_probe(self, done) -> None:
        state = self.manager.pod_state(self.pod["metadata"]["uid"])
        if state is None:
            return done(True)             # no status for the Pod yet
        if state.terminal_phase:
            return done(False)            # Succeeded or Failed: the worker ends
        cs = state.containers.get(self.container["name"])
        c = cs.current if cs is not None else None
        if c is None:
            return done(True)             # not created yet
        if self.container_id != c.id:
            if self.container_id:
                self.results.remove(self.container_id)
            self.container_id = c.id
            self.results.set(c.id, INITIAL[self.kind], self.pod)
            self.on_hold = False          # a new container: resume probing
        if self.on_hold:
            return done(True)
        if c.state != "CONTAINER_RUNNING":
            self.results.set(c.id, FAILURE, self.pod)
            return done(self.pod["spec"].get("restartPolicy", "Always") != "Never")
        if int(self.sim.now - c.started_at) < self.spec.get("initialDelaySeconds", 0):
            return done(True)
        started = cs.started_override is not False
        if started and self.kind == "startup" or not started and self.kind != "startup":
            return done(True)             # startup probes until started; the others after
        self.manager.prober.probe(self.kind, state.pod, state.pod_ip, self.container, c,
                                  lambda result, error: self._record(result, error, done))

    def _record(self, result: str, error: str | None, done) -> None:
        if error or self.stopped:
            return done(True)             # a prober error: the result is thrown away
        if self.last_result == result:
            self.result_run += 1
        else:
            self.last_result, self.result_run = result, 1
        threshold = self.spec.get("failureThreshold" if result == FAILURE
                                  else "successThreshold", 1)
        if self.result_run < threshold:
            return done(True)
        self.results.set(self.container_id, result, self.pod)
        if (self.kind == "liveness" and result == FAILURE) or self.kind == "startup":
            self.on_hold, self.result_run = True, 0   # until the kubelet starts a new one
        done(True)
