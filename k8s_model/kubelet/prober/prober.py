"""One probe of one container (pkg/kubelet/prober/prober.go, pkg/probe/{http,tcp,exec,grpc}).

runProbe picks the handler the Probe names and returns upstream's result and output:

    httpGet    GET http://<podIP>:8080/ — 200–399 passes; else
               `HTTP probe failed with statuscode: 500`; nobody listening:
               `Get "http://10.244.1.5:8080/": dial tcp 10.244.1.5:8080: connect: connection refused`
    tcpSocket  a connect — even to a hung process, whose socket the kernel still accepts
    exec       ExecSync in the container: exit 0 passes; else its output
               (`cat: can't open '/tmp/healthy': No such file or directory`)
    grpc       grpc.health.v1 Check: SERVING passes

A handler that gets no answer fails when timeoutSeconds run out, so its result (and the
Unhealthy event) comes that much later. Every failed probe records a Warning `Unhealthy`
`Liveness probe failed: …` — the threshold is the worker's business, so
`kubectl describe` shows `Unhealthy (x3 over 20s)` before the one `Killing`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...api.errors import go_quote
from ..events import go_duration
from .results import FAILURE, SUCCESS

KINDS = {"liveness": "Liveness", "readiness": "Readiness", "startup": "Startup"}
MAX_PROBE_RETRIES = 3


@dataclass(frozen=True)
class Outcome:
    result: str            # pkg/probe: success | failure | unknown
    output: str = ""
    error: str = ""        # the handler could not run (a port it cannot resolve)
    seconds: float = 0.0   # how long until the answer (the timeout, when none comes)


class ProbeError(Exception):
    pass


def resolve_container_port(port, container: dict) -> int:
    """probe.ResolveContainerPort: a number, or the name of one of the container's ports."""
    if isinstance(port, str):
        named = [p["containerPort"] for p in container.get("ports") or [] if p.get("name") == port]
        if named:
            port = named[0]
        elif port.isdigit():
            port = int(port)
        else:
            raise ProbeError(f'strconv.Atoi: parsing {go_quote(port)}: invalid syntax')
    if not 0 < int(port) < 65536:
        raise ProbeError(f"invalid port number: {port}")
    return int(port)


def join_host_port(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


class Prober:
    def __init__(self, sim, runtime, recorder) -> None:
        self.sim, self.runtime, self.recorder = sim, runtime, recorder

    def probe(self, kind: str, pod: dict, pod_ip: str, container_spec: dict, container,
              done) -> None:
        """Probe once; `done(result, error)` when the answer (or the timeout) comes."""
        spec = container_spec[f"{kind}Probe"]
        for _ in range(MAX_PROBE_RETRIES):   # runProbeWithRetries: only errors are retried
            outcome = self.run_probe(kind, spec, pod, pod_ip, container_spec, container)
            if not outcome.error:
                break

        def finish() -> None:
            name, title = container_spec["name"], KINDS[kind]
            if outcome.error:
                self.recorder.eventf(pod, "Warning", "Unhealthy",
                                     f"{title} probe errored and resulted in {outcome.result} "
                                     f"state: {outcome.error}", name)
                return done(FAILURE, outcome.error)
            if outcome.result == "success":
                return done(SUCCESS, None)
            self.recorder.eventf(pod, "Warning", "Unhealthy",
                                 f"{title} probe failed: {outcome.output}", name)
            done(FAILURE, None)

        if outcome.seconds:
            self.sim.call_later(outcome.seconds, finish)
        else:
            finish()

    def run_probe(self, kind, spec, pod, pod_ip, container_spec, container) -> Outcome:
        timeout = float(spec.get("timeoutSeconds", 1))
        try:
            if spec.get("exec") is not None:
                return self.exec_probe(spec["exec"].get("command") or [], container, kind,
                                       timeout)
            if spec.get("httpGet") is not None:
                return self.http_probe(spec["httpGet"], container_spec, pod, pod_ip, kind,
                                       timeout)
            if spec.get("tcpSocket") is not None:
                action = spec["tcpSocket"]
                port = resolve_container_port(action.get("port"), container_spec)
                return self.tcp_probe(action.get("host") or pod_ip, port, kind)
            if spec.get("grpc") is not None:
                return self.grpc_probe(pod_ip, int(spec["grpc"].get("port", 0)), kind, timeout)
        except ProbeError as error:
            return Outcome("unknown", error=str(error))
        meta = pod["metadata"]
        return Outcome("unknown", error=f"missing probe handler for {meta['name']}_"
                                        f"{meta['namespace']}({meta['uid']}):{container_spec['name']}")

    # -- the handlers (pkg/probe) -------------------------------------------------------------
    def http_probe(self, action, container_spec, pod, pod_ip, kind, timeout) -> Outcome:
        """DoHTTPProbe; the body of a failure stays out of the message (issue 99425)."""
        port = resolve_container_port(action.get("port"), container_spec)
        host = action.get("host") or pod_ip
        path = action.get("path") or "/"
        url = (f"{(action.get('scheme') or 'HTTP').lower()}://{join_host_port(host, port)}"
               f"{path if path.startswith('/') else '/' + path}")
        server = self.runtime.dial(host, port)
        if server is None:
            return Outcome("failure", f'Get "{url}": dial tcp {join_host_port(host, port)}: '
                                      f"connect: connection refused")
        if url.startswith("https:"):   # no image of the catalogue serves TLS
            return Outcome("failure", f'Get "{url}": http: server gave HTTP response to '
                                      f"HTTPS client")
        status, body = self.runtime.serve_http(server.id, pod["metadata"]["name"], kind)
        if status == 0:
            return Outcome("failure", f'Get "{url}": context deadline exceeded '
                                      f"(Client.Timeout exceeded while awaiting headers)",
                           seconds=timeout)
        if 200 <= status < 400:
            return Outcome("success", body)
        return Outcome("failure", f"HTTP probe failed with statuscode: {status}")

    def tcp_probe(self, host: str, port: int, kind: str) -> Outcome:
        """DoTCPProbe: a connect and a close; no byte is exchanged."""
        if self.runtime.dial(host, port, kind) is None:
            return Outcome("failure", f"dial tcp {join_host_port(host, port)}: "
                                      f"connect: connection refused")
        return Outcome("success")

    def exec_probe(self, command: list[str], container, kind: str, timeout: float) -> Outcome:
        """execProber over the CRI's ExecSync; a command that outlives timeoutSeconds
        fails (the ExecProbeTimeout gate, GA)."""
        code, output = self.runtime.exec_sync(container.id, command, kind)
        if code is None:
            return Outcome("failure", f"command {go_quote(' '.join(command))} timed out",
                           seconds=timeout)
        return Outcome("success" if code == 0 else "failure", output)

    def grpc_probe(self, pod_ip: str, port: int, kind: str, timeout: float) -> Outcome:
        """grpcProber: dial with WithBlock, then grpc.health.v1.Health/Check. A port
        nobody serves, or a hung server, never completes the dial."""
        addr = join_host_port(pod_ip, port)
        server = self.runtime.dial(pod_ip, port)
        if server is None or server.hung:
            return Outcome("failure", f"timeout: failed to connect service {go_quote(addr)} "
                                      f"within {go_duration(timeout)}: context deadline exceeded",
                           seconds=timeout)
        if kind in server.failing_probes:
            return Outcome("failure", 'service unhealthy (responded with "NOT_SERVING")')
        return Outcome("success", "service healthy")
