"""A load generator in virtual time: the docs' HPA walkthrough's busybox loop,

    kubectl run load-generator --image=busybox:1.28 --restart=Never -- \\
        /bin/sh -c "while sleep 0.01; do wget -q -O- http://php-apache; done"

as a steady request rate. Each virtual second it sends `rps` requests along the real
path (`Cluster.request`: DNS, the client's kube-proxy rules, the chosen Pod), so the
Pods that answer are the ones kube-proxy picks and their request counters are what
metrics-server turns into CPU.
"""

from __future__ import annotations

from ..api.errors import ApiError


class LoadGenerator:
    def __init__(self, cluster, url: str, rps: int = 100, client: str | None = None,
                 namespace: str = "default") -> None:
        self.cluster, self.url, self.rps = cluster, url, rps
        self.client, self.namespace = client, namespace
        self.sent = 0
        self.answered: dict[str, int] = {}     # Pod name -> requests it answered
        self._timer = cluster.sim.call_later(1.0, self._second)

    def _second(self) -> None:
        for _ in range(self.rps):
            try:
                response = self.cluster.request(self.url, client=self.client,
                                                namespace=self.namespace)
            except (ValueError, ApiError):  # the client Pod is gone: the loop died with it
                self._timer = None
                return
            self.sent += 1
            if response.pod:
                self.answered[response.pod] = self.answered.get(response.pod, 0) + 1
        self._timer = self.cluster.sim.call_later(1.0, self._second)

    @property
    def running(self) -> bool:
        return self._timer is not None

    def stop(self) -> None:
        """Ctrl-C in the load generator's terminal."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
