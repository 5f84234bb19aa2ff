"""The kubelet's prober manager (pkg/kubelet/prober/prober_manager.go), and what the
kubelet's sync loop does with probe results (kubelet.go syncLoopIteration).

AddPod starts a worker for every probe of every container; RemovePod stops them. The
workers write three results caches. The kubelet reacts to a change:

    liveness Failure   sync the Pod: computePodActions kills the container ("Container
                       web failed liveness probe, will be restarted") and starts it again
                       under the restart policy, through the crash back-off
    readiness          the container's `ready`, hence the Pod's Ready condition (and its
                       place in Service endpoints); no restart
    startup            `started`; until it is true the other two probes do not run; a
                       startup Failure kills the container like a liveness Failure

A container's `started` and `ready` (UpdatePodStatus) come from the caches: started once
the startup probe passed, or at once without one; ready once started and the readiness
probe passed, or at once without one. After the container starts, the status sync that
sees it triggers the readiness worker, so a readiness probe without initialDelaySeconds
runs at once instead of a period later.

To watch any of this, make a container misbehave at a chosen virtual time with the Pod
annotation `k8s-model.io/script` (runtime/programs.py): `{at: 40, action: fail-readiness}`,
`{after: 30s, action: hang}`, `{at: 100, action: recover}` …
"""

from __future__ import annotations

from .prober import KINDS, Prober
from .results import FAILURE, SUCCESS, ResultsManager
from .worker import Worker


class ProberManager:
    def __init__(self, kubelet) -> None:
        self.kubelet, self.sim = kubelet, kubelet.sim
        self.start = self.sim.now
        self.prober = Prober(self.sim, kubelet.runtime, kubelet.recorder)
        self.results = {kind: ResultsManager(lambda update, kind=kind: self._updated(kind, update))
                        for kind in KINDS}
        self.workers: dict[tuple[str, str, str], Worker] = {}   # (uid, container, kind)

    # -- the Manager interface ----------------------------------------------------------------
    def add_pod(self, pod: dict) -> None:
        """AddPod: a worker per probe; idempotent (SyncPod calls it every time)."""
        uid = pod["metadata"]["uid"]
        for container in pod["spec"]["containers"]:
            for kind in ("startup", "readiness", "liveness"):
                key = (uid, container["name"], kind)
                if container.get(f"{kind}Probe") and key not in self.workers:
                    self.workers[key] = Worker(self, kind, pod, container)
                    self.workers[key].run()

    def stop_liveness_and_startup(self, uid: str) -> None:
        """The Pod is terminating: no container gets killed for a probe any more."""
        self._stop(uid, ("liveness", "startup"))

    def pod_removed(self, uid: str) -> None:
        """RemovePod."""
        self._stop(uid, tuple(KINDS))

    def _stop(self, uid: str, kinds: tuple) -> None:
        for key, worker in list(self.workers.items()):
            if key[0] == uid and key[2] in kinds:
                worker.stop()

    def remove_worker(self, worker: Worker) -> None:
        key = (worker.pod["metadata"]["uid"], worker.container["name"], worker.kind)
        if self.workers.get(key) is worker:
            del self.workers[key]

    def pod_state(self, uid: str):
        """statusManager.GetPodStatus: what the kubelet last made of the Pod."""
        worker = self.kubelet.workers.get(uid)
        return worker.state if worker is not None else None

    # -- UpdatePodStatus ------------------------------------------------------------------------
    def container_started(self, pod_worker, cs) -> None:
        """A new container has no results: not started while a startup probe waits, not
        ready while a readiness probe waits — and the readiness worker is triggered."""
        uid, name = pod_worker.pod["metadata"]["uid"], cs.spec["name"]
        has = {kind: (uid, name, kind) in self.workers for kind in KINDS}
        cs.started_override = False if has["startup"] else None
        cs.ready_override = False if has["readiness"] else None
        if not has["startup"]:
            self._trigger_readiness(uid, name)

    def kill_reason(self, cs) -> str | None:
        """computePodActions: why a running container must be killed, if it must."""
        for kind in ("liveness", "startup"):
            if self.results[kind].get(cs.current.id) == FAILURE:
                return kind
        return None

    def _trigger_readiness(self, uid: str, name: str) -> None:
        worker = self.workers.get((uid, name, "readiness"))
        if worker is not None:
            worker.trigger()

    # -- the kubelet's sync loop: the results channels -------------------------------------------
    def _updated(self, kind: str, update) -> None:
        self.sim.call_soon(lambda: self._handle(kind, update))

    def _handle(self, kind: str, update) -> None:
        worker = self.kubelet.workers.get(update.pod_uid)
        if worker is None:
            return
        if kind == "liveness":
            if update.result == FAILURE:
                worker.sync()                      # handleProbeSync
            return
        cs = next((cs for cs in worker.state.containers.values()
                   if cs.current is not None and cs.current.id == update.container_id), None)
        if cs is None:
            return
        if kind == "readiness":                    # statusManager.SetContainerReadiness
            cs.ready_override = update.result == SUCCESS
        else:                                      # statusManager.SetContainerStartup
            cs.started_override = update.result == SUCCESS
            if cs.started_override:
                self._trigger_readiness(update.pod_uid, cs.spec["name"])
        worker.post_status()
        worker.sync()
