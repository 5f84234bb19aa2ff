"""The hook where probes plug in (pkg/kubelet/prober/prober_manager.go) — issue 4.

Upstream's prober manager starts a worker per container and probe once the container
starts, and writes results the status code reads: liveness failures restart the
container, readiness sets `ready`, startup gates both. Here the pod worker calls
`container_started(worker, container_state)` after every StartContainer and
`pod_removed(uid)` when a Pod goes. A prober sets `container_state.ready_override`
(False: not ready) and may ask the runtime `probe_healthy(container_id, kind)` or
`serve_http(...)` (runtime/cri.py). This default prober does nothing: without probes a
running container is ready, as upstream.
"""

from __future__ import annotations


class NoProber:
    def container_started(self, worker, container_state) -> None:
        """A container (re)started: a real prober would start its probe workers here."""

    def pod_removed(self, uid: str) -> None:
        """The Pod is gone: stop its probe workers."""
