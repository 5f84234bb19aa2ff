"""One worker per Pod (pkg/kubelet/pod_workers.go) running SyncPod
(kuberuntime_manager.go computePodActions / SyncPod, kuberuntime_container.go).

A sync compares what should run with what the runtime has and acts: create the
sandbox, kill the running containers that failed their liveness (or startup) probe,
then start each container that needs it, in order — pull, CreateContainer,
StartContainer — recording Pulling, Pulled, Created and Started. A container that
exited is restarted when the restart policy says so (Always; OnFailure after a non-zero
exit; a probe's kill under either), immediately the first time, then after the crash
back-off (10 s, 20 s, 40 s … 300 s), waiting meanwhile in `CrashLoopBackOff`. The
back-off counts from the exit of the last exited run. A probe kill waits out the
container's grace period inside the sync and then restarts it, checking the back-off
against the run *before* the killed one (computePodActions read the status before the
kill): so a container killed every 110 s restarts at once until its back-off grows past
110 s. Syncs of one Pod never overlap: a request during a sync runs right after it. A
Pod with a deletionTimestamp is killed: StopContainer with its grace period, the sandbox
removed, then the Pod object deleted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..runtime.programs import SCRIPT_ANNOTATION, parse_script

SANDBOX_SECONDS = 0.6   # RunPodSandbox: network namespace, CNI ADD, the pause container
CREATE_SECONDS = 0.1    # CreateContainer: snapshot and OCI spec
RESYNC_AFTER_ERROR = 1.0


@dataclass(eq=False)
class ContainerState:
    spec: dict
    current: object = None        # the runtime's Container
    previous: object = None       # the run before, shown as lastState
    restart_count: int = 0
    waiting: tuple | None = None  # (reason, message) while it cannot run
    busy: bool = False            # a start is in progress
    # Set by the prober manager for the current container: False until the startup
    # (readiness) probe passes; None: there is no such probe.
    started_override: bool | None = None
    ready_override: bool | None = None

    def running(self) -> bool:
        return self.current is not None and self.current.state == "CONTAINER_RUNNING"

    def started(self) -> bool:
        return self.running() and self.started_override is not False

    def ready(self) -> bool:
        return self.started() and self.ready_override is not False


@dataclass
class PodState:
    pod: dict
    started_at: float
    containers: dict = field(default_factory=dict)
    sandbox: object = None
    pod_ip: str = ""
    terminal_phase: str = ""
    terminating: bool = False


class PodWorker:
    def __init__(self, kubelet, pod: dict) -> None:
        self.kubelet, self.sim = kubelet, kubelet.sim
        self.state = PodState(pod, self.sim.now, {c["name"]: ContainerState(c)
                                                  for c in pod["spec"]["containers"]})
        self.syncing, self.sync_again, self.timers = False, False, []

    @property
    def pod(self) -> dict:
        return self.state.pod

    def update(self, pod: dict) -> None:
        self.state.pod = pod
        if pod["metadata"].get("deletionTimestamp") and not self.state.terminating:
            self.terminate()

    def post_status(self) -> None:
        self.kubelet.status_manager.set_pod_status(self.state, self.kubelet.node_ip)

    def _event(self, type_: str, reason: str, message: str, container: str | None = None):
        self.kubelet.recorder.eventf(self.pod, type_, reason, message, container)

    def _later(self, delay: float, fn) -> None:
        self.timers.append(self.sim.call_later(delay, fn))

    # -- SyncPod ------------------------------------------------------------------------------
    def sync(self) -> None:
        if self.state.terminating or self.state.terminal_phase:
            return
        if self.syncing:
            self.sync_again = True
            return
        self.syncing = True
        self.kubelet.prober.add_pod(self.pod)
        self.post_status()
        if self.state.sandbox is None:
            runtime = self.kubelet.runtime
            sandbox = runtime.run_pod_sandbox(self.pod)

            def ready() -> None:
                self.state.sandbox, self.state.pod_ip = sandbox, sandbox.ip
                self.post_status()
                self._start_containers(self._containers_to_start())
            self._later(SANDBOX_SECONDS, ready)
            return
        kills = self._containers_to_kill()
        if kills:
            return self._kill_containers(kills)
        self._start_containers(self._containers_to_start())

    def _finish_sync(self) -> None:
        self.syncing = False
        self.post_status()
        self._check_terminal()
        if self.sync_again:
            self.sync_again = False
            self.sync()

    def _containers_to_kill(self) -> list[tuple[ContainerState, str, int]]:
        """computePodActions: the running containers whose liveness or startup probe
        failed, with the Killing message and the grace period (setTerminationGracePeriod:
        the probe's own terminationGracePeriodSeconds, else the Pod's)."""
        restart = self.pod["spec"].get("restartPolicy", "Always") != "Never"
        kills = []
        for cs in self.state.containers.values():
            if cs.busy or not cs.running():
                continue
            kind = self.kubelet.prober.kill_reason(cs)
            if kind is None:
                continue
            message = f"Container {cs.spec['name']} failed {kind} probe"
            grace = cs.spec[f"{kind}Probe"].get("terminationGracePeriodSeconds")
            if grace is None:
                grace = self.pod["spec"].get("terminationGracePeriodSeconds", 30)
            kills.append((cs, message + (", will be restarted" if restart else ""), grace))
        return kills

    def _kill_containers(self, kills: list[tuple[ContainerState, str, int]]) -> None:
        """killContainer for each, then start: the sync waits for the kills to end."""
        longest = 0.0
        for cs, message, grace in kills:
            self._event("Normal", "Killing", message, cs.spec["name"])
            longest = max(longest, self.kubelet.runtime.stop_container(cs.current.id, grace))

        def killed() -> None:
            self._start_containers(self._containers_to_start([cs for cs, _, _ in kills]))
        self._later(longest, killed)

    def _containers_to_start(self, killed: list[ContainerState] = ()) -> list[ContainerState]:
        """computePodActions: what to (re)start now; CrashLoopBackOff for the rest."""
        policy = self.pod["spec"].get("restartPolicy", "Always")
        start = []
        for cs in self.state.containers.values():
            c = cs.current
            if cs.busy or (c is not None and c.state != "CONTAINER_EXITED"):
                continue
            if c is None:
                start.append(cs)
                continue
            if cs in killed:          # killed for a probe: restarted unless Never
                if policy != "Never" and self._do_backoff(cs, cs.previous):
                    start.append(cs)
                continue
            if policy == "Never" or (policy == "OnFailure" and c.exit_code == 0):
                continue
            if self._do_backoff(cs, c):
                start.append(cs)
        return start

    def _do_backoff(self, cs: ContainerState, exited) -> bool:
        """doBackOff: restart now, or wait out the crash back-off counted from the exit
        of `exited` — the latest run that had exited when the sync began (none: go)."""
        if exited is None:
            return True
        backoff, now = self.kubelet.crash_backoff, self.sim.now
        meta = self.pod["metadata"]
        key = f"{meta['name']}_{meta['namespace']}_{meta['uid']}_{cs.spec['name']}"
        finished = exited.finished_at
        if backoff.is_in_backoff_since(key, finished, now):
            pod_ref = f"{meta['name']}_{meta['namespace']}({meta['uid']})"
            delay = backoff.get(key)
            cs.waiting = ("CrashLoopBackOff", f"back-off {go_seconds(delay)} restarting failed "
                                              f"container={cs.spec['name']} pod={pod_ref}")
            self._event("Warning", "BackOff", f"Back-off restarting failed container "
                                              f"{cs.spec['name']} in pod {pod_ref}", cs.spec["name"])
            self._later(finished + delay - now, self.sync)
            return False
        backoff.next(key, finished, now)
        return True

    def _start_containers(self, todo: list[ContainerState]) -> None:
        if not todo:
            return self._finish_sync()
        cs, rest = todo[0], todo[1:]
        cs.busy = True
        spec = cs.spec

        def image_ready(image_ref, error) -> None:
            if self.state.terminating:
                cs.busy = False
                return
            if error is not None:
                cs.busy, cs.waiting = False, (error.reason, error.message)
                self._event("Warning", "Failed", f"Error: {error.reason}", spec["name"])
                if error.reason in ("ErrImagePull", "ImagePullBackOff"):
                    retry = (RESYNC_AFTER_ERROR if error.reason == "ErrImagePull" else
                             self.kubelet.image_manager.retry_at(self.pod, spec["image"])
                             - self.sim.now)
                    self._later(retry, self.sync)
                return self._start_containers(rest)
            runtime = self.kubelet.runtime
            created = runtime.create_container(self.state.sandbox.id, spec, image_ref)
            self._event("Normal", "Created", f"Created container: {spec['name']}", spec["name"])

            def start() -> None:
                if self.state.terminating:
                    cs.busy = False
                    return
                if cs.current is not None:
                    cs.previous, cs.restart_count = cs.current, cs.restart_count + 1
                cs.current, cs.waiting, cs.busy = created, None, False
                runtime.start_container(created.id,
                                        parse_script(self.pod["metadata"].get(
                                            "annotations", {}).get(SCRIPT_ANNOTATION)),
                                        self.state.started_at)
                self._event("Normal", "Started", f"Started container {spec['name']}",
                            spec["name"])
                self.kubelet.prober.container_started(self, cs)
                self._start_containers(rest)
            self._later(CREATE_SECONDS, start)

        self.kubelet.image_manager.ensure_image_exists(self.pod, spec, image_ready)

    def container_exited(self, container) -> None:
        """The PLEG saw a container die: post its status and sync again."""
        if self.state.terminating:
            return
        self.post_status()
        self._check_terminal()
        self.sync()

    def _check_terminal(self) -> None:
        """All containers stopped for good: the Pod is Succeeded or Failed; kill the sandbox."""
        from .status import container_status, get_phase

        statuses = [container_status(cs, self.sim.timestamp)
                    for cs in self.state.containers.values()]
        phase = get_phase(self.pod, statuses)
        if phase in ("Succeeded", "Failed") and not self.state.terminal_phase \
                and all(cs.current is not None and not cs.busy
                        for cs in self.state.containers.values()):
            self.state.terminal_phase = phase
            if self.state.sandbox is not None:
                self.kubelet.runtime.stop_pod_sandbox(self.state.sandbox.id)
            self.post_status()

    # -- termination --------------------------------------------------------------------------
    def terminate(self) -> None:
        """killPod: StopContainer each running container within the grace period."""
        self.state.terminating = True
        for timer in self.timers:
            timer.cancel()
        self.kubelet.prober.stop_liveness_and_startup(self.pod["metadata"]["uid"])
        meta = self.pod["metadata"]
        grace = meta.get("deletionGracePeriodSeconds",
                         self.pod["spec"].get("terminationGracePeriodSeconds", 30))
        longest = 0.0
        for cs in self.state.containers.values():
            if cs.current is not None and cs.current.state == "CONTAINER_RUNNING":
                self._event("Normal", "Killing", f"Stopping container {cs.spec['name']}",
                            cs.spec["name"])
                longest = max(longest, self.kubelet.runtime.stop_container(cs.current.id, grace))
        self.sim.call_later(longest, self._terminated)

    def _terminated(self) -> None:
        exit_codes = [cs.current.exit_code if cs.current is not None else 137
                      for cs in self.state.containers.values()]
        self.state.terminal_phase = self.state.terminal_phase or (
            "Succeeded" if all(code == 0 for code in exit_codes) else "Failed")
        runtime = self.kubelet.runtime
        if self.state.sandbox is not None:
            if self.state.sandbox.state == "SANDBOX_READY":
                runtime.stop_pod_sandbox(self.state.sandbox.id)
            self.post_status()
            runtime.remove_pod_sandbox(self.state.sandbox.id)
            self.state.sandbox = None
        self.kubelet.pod_terminated(self)

    def cleanup(self) -> None:
        """The Pod object is gone (deleted with grace 0, or after it finished)."""
        self.state.terminating = True
        for timer in self.timers:
            timer.cancel()
        runtime = self.kubelet.runtime
        if self.state.sandbox is not None:
            for cs in self.state.containers.values():
                if cs.current is not None and cs.current.state == "CONTAINER_RUNNING":
                    runtime.stop_container(cs.current.id, 0)
            if self.state.sandbox.state == "SANDBOX_READY":
                runtime.stop_pod_sandbox(self.state.sandbox.id)
            runtime.remove_pod_sandbox(self.state.sandbox.id)
            self.state.sandbox = None


def go_seconds(seconds: float) -> str:
    """A back-off delay as Go prints a time.Duration: 10s, 1m20s, 5m0s."""
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}m{secs}s" if minutes else f"{secs}s"
