"""containerd behind the CRI (k8s.io/cri-api runtime/v1: RuntimeService, ImageService).

The kubelet never starts a process itself: it asks the runtime over gRPC to run a Pod
sandbox (the pause container and its network namespace, addressed by CNI), pull an
image, create and start a container, stop it, remove the sandbox. Each call here is
one such RPC and leaves a TraceRecord (client `kubelet/<node>`, target `containerd`,
verb the RPC's name), so chapter 14 can draw the call sequence. Container programs
come from the image catalogue; when one ends, the runtime tells the kubelet through
`on_container_exit` (what the PLEG would notice on its next relist).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from ..trace import Trace, TraceRecord
from .cni import HostLocalIPAM
from .images import (PAUSE_IMAGE, REPULL_SECONDS, Image, PullFailure, image_digest, image_id,
                     parse_reference, resolve)
from .programs import QUICK_EXIT, Program, Step, program_for
from .tools import run as run_tool

RUNTIME_SERVICE, IMAGE_SERVICE = "runtime.v1.RuntimeService", "runtime.v1.ImageService"
# What every container's filesystem has, whatever its image: the top directories and what
# the kubelet mounts. Any other path its program never touches is absent — as the marker
# files of probe examples are (`ls /var/ready` fails until something creates it).
EVERY_CONTAINER_HAS = ("/", "/bin", "/dev", "/etc", "/proc", "/sys", "/tmp", "/usr", "/var",
                       "/etc/hosts", "/etc/hostname", "/etc/resolv.conf",
                       "/var/run/secrets/kubernetes.io/serviceaccount")
GRPC_TO_HTTP = {"NotFound": 404, "Unknown": 500, "InvalidArgument": 400}


@dataclass
class Sandbox:
    id: str
    namespace: str
    name: str
    uid: str
    ip: str
    state: str = "SANDBOX_READY"
    created_at: float = 0.0
    labels: dict = field(default_factory=dict)       # the Pod's, as the kubelet passes them
    annotations: dict = field(default_factory=dict)


@dataclass
class Container:
    id: str
    sandbox_id: str
    name: str
    image: Image
    image_ref: str          # docker.io/library/nginx:latest
    image_id: str           # docker.io/library/nginx@sha256:…
    program: Program
    spec: dict = field(default_factory=dict)   # the Pod's container: command, args, ports
    attempt: int = 0        # ContainerMetadata.Attempt: the kubelet's restart count
    state: str = "CONTAINER_CREATED"
    created_at: float = 0.0
    started_at: float | None = None
    finished_at: float | None = None
    exit_code: int | None = None
    reason: str = ""        # Completed, Error, OOMKilled
    hung: bool = False
    failing_probes: set = field(default_factory=set)
    requests: int = 0
    logs: list[str] = field(default_factory=list)
    timers: list = field(default_factory=list)


@dataclass(frozen=True)
class PullResult:
    image_ref: str      # docker.io/library/nginx:latest
    image_id: str       # docker.io/library/nginx@sha256:…
    size: int
    seconds: float      # the pull itself
    waited: float       # including the wait behind earlier pulls (serialized pulls)


class ContainerRuntime:
    """One node's containerd: its sandboxes, containers and image store."""

    def __init__(self, sim, trace: Trace, node_name: str) -> None:
        self.sim, self.trace, self.node_name = sim, trace, node_name
        self.sandboxes: dict[str, Sandbox] = {}
        self.containers: dict[str, Container] = {}
        self.images: dict[str, tuple[str, int]] = {}  # ref -> (id, size)
        self.pulled_at: dict[str, float] = {}         # ref -> when it entered the store
        self.preload(PAUSE_IMAGE)
        self.ipam: HostLocalIPAM | None = None
        self.host_ip = ""    # the node's address: a hostNetwork Pod's IP
        self.on_container_exit: Callable[[Container], None] = lambda container: None
        # What a sandbox's processes see of the network (runtime/tools.Network), given by
        # whoever wires the node up; None: programs that need it fail as without a route.
        self.network_for: Callable[[Sandbox], object] | None = None
        self._pulls_free_at = 0.0

    # -- bookkeeping --------------------------------------------------------------------------
    def _record(self, verb: str, service: str, namespace=None, name=None, detail="",
                code=200) -> None:
        self.trace.add(TraceRecord(self.sim.now, f"kubelet/{self.node_name}", verb, service,
                                   namespace, name, code, target="containerd", detail=detail))

    def _new_id(self) -> str:
        return f"{self.sim.random.getrandbits(256):064x}"

    # -- RuntimeService -----------------------------------------------------------------------
    def update_runtime_config(self, pod_cidr: str) -> None:
        if self.ipam is None or str(self.ipam.network) != pod_cidr:
            self.ipam = HostLocalIPAM(pod_cidr)
        self._record("UpdateRuntimeConfig", RUNTIME_SERVICE, detail=pod_cidr)

    def run_pod_sandbox(self, pod: dict) -> Sandbox:
        meta = pod["metadata"]
        sandbox_id = self._new_id()
        if (pod.get("spec") or {}).get("hostNetwork"):
            ip = self.host_ip   # the node's own network namespace: no CNI ADD
        else:
            ip = self.ipam.allocate(sandbox_id) if self.ipam else ""
        sandbox = Sandbox(sandbox_id, meta["namespace"], meta["name"], meta["uid"], ip,
                          created_at=self.sim.now, labels=dict(meta.get("labels") or {}),
                          annotations=dict(meta.get("annotations") or {}))
        self.sandboxes[sandbox_id] = sandbox
        self._record("RunPodSandbox", RUNTIME_SERVICE, meta["namespace"], meta["name"],
                     detail=f"ip {ip}")
        return sandbox

    def stop_pod_sandbox(self, sandbox_id: str) -> None:
        sandbox = self.sandboxes[sandbox_id]
        sandbox.state = "SANDBOX_NOTREADY"
        if self.ipam and sandbox.ip:
            self.ipam.release(sandbox.ip)   # CNI DEL when the sandbox stops
        self._record("StopPodSandbox", RUNTIME_SERVICE, sandbox.namespace, sandbox.name)

    def remove_pod_sandbox(self, sandbox_id: str) -> None:
        sandbox = self.sandboxes.pop(sandbox_id)
        for cid in [c.id for c in self.containers.values() if c.sandbox_id == sandbox_id]:
            del self.containers[cid]
        self._record("RemovePodSandbox", RUNTIME_SERVICE, sandbox.namespace, sandbox.name)

    def create_container(self, sandbox_id: str, container: dict, image_ref: str) -> Container:
        sandbox = self.sandboxes[sandbox_id]
        ref = parse_reference(image_ref)
        image, _ = resolve(ref)
        attempt = sum(1 for c in self.containers.values()
                      if c.sandbox_id == sandbox_id and c.name == container["name"])
        created = Container(self._new_id(), sandbox_id, container["name"], image, str(ref),
                            f"{ref.repository}@{image_digest(ref)}",
                            program_for(image, container), dict(container), attempt,
                            created_at=self.sim.now)
        self.containers[created.id] = created
        self._record("CreateContainer", RUNTIME_SERVICE, sandbox.namespace, sandbox.name,
                     detail=container["name"])
        return created

    def start_container(self, container_id: str, script: list[Step] = (),
                        pod_started_at: float = 0.0) -> None:
        """Start the process; schedule its exit and the learner's scripted faults."""
        c = self.containers[container_id]
        c.state, c.started_at = "CONTAINER_RUNNING", self.sim.now
        c.logs.extend(c.program.logs)
        sandbox = self.sandboxes[c.sandbox_id]
        self._record("StartContainer", RUNTIME_SERVICE, sandbox.namespace, sandbox.name,
                     detail=c.name)
        if c.program.tool is not None:
            c.timers.append(self.sim.call_later(c.program.duration, lambda: self._run_tool(c)))
        elif c.program.duration is not None:
            c.timers.append(self.sim.call_later(c.program.duration,
                                                lambda: self._exit(c, c.program.exit_code)))
        if c.program.loop is not None:
            self._schedule_loop(c)
        for step in script:
            if step.container not in (None, c.name):
                continue
            if step.after is not None:
                delay = step.after
            elif step.at is not None and pod_started_at + step.at >= self.sim.now:
                delay = pod_started_at + step.at - self.sim.now
            else:
                continue
            c.timers.append(self.sim.call_later(delay, lambda s=step: self._apply(c, s)))

    def _schedule_loop(self, c: Container) -> None:
        """`while sleep 0.01; do wget -q -O- http://php-apache; done`: a request takes no
        virtual time, so each second runs the body 1/0.01 = 100 times, in one batch at the
        second's end (or once every N s for a slower loop). Its output is not kept."""
        interval, body = c.program.loop

        def tick() -> None:
            c.timers.remove(timer)
            if c.state != "CONTAINER_RUNNING":
                return
            network = self.network_for(self.sandboxes[c.sandbox_id]) if self.network_for \
                else None
            for _ in range(max(1, round(1 / interval))):
                run_tool(c.image.binaries, body, network)
            self._schedule_loop(c)

        timer = self.sim.call_later(max(1.0, interval), tick)
        c.timers.append(timer)

    def _run_tool(self, c: Container) -> None:
        """The program's last command needs the network (`wget -qO- http://web`): it runs
        now, from this sandbox; what it prints is logged and its status is the exit code."""
        if c.state != "CONTAINER_RUNNING":
            return
        sandbox = self.sandboxes[c.sandbox_id]
        network = self.network_for(sandbox) if self.network_for else None
        code, output = run_tool(c.image.binaries, c.program.tool, network) or (0, "")
        c.logs.extend(output.splitlines())
        self._exit(c, code)

    def _apply(self, c: Container, step: Step) -> None:
        if c.state != "CONTAINER_RUNNING":
            return
        if step.action in ("crash", "exit"):
            default = 1 if step.action == "crash" else 0
            self._exit(c, default if step.exit_code is None else step.exit_code)
        elif step.action == "hang":
            c.hung = True
        elif step.action == "recover":
            c.hung, c.failing_probes = False, set()
        else:
            kinds = (("liveness", "readiness", "startup") if step.action == "fail-probes"
                     else (step.action.removeprefix("fail-"),))
            c.failing_probes.update(kinds)

    def perform(self, pod_uid: str, name: str, step: Step) -> bool:
        """Apply a script step to the Pod's running container `name` now, as its cue would
        (Cluster.break_container); False if no such container is running here."""
        for c in self.containers.values():
            sandbox = self.sandboxes.get(c.sandbox_id)
            if sandbox is not None and sandbox.uid == pod_uid and c.name == name \
                    and c.state == "CONTAINER_RUNNING":
                self._apply(c, step)
                return True
        return False

    def _exit(self, c: Container, exit_code: int, reason: str | None = None) -> None:
        if c.state != "CONTAINER_RUNNING":
            return
        for timer in c.timers:
            timer.cancel()
        c.state, c.finished_at, c.exit_code = "CONTAINER_EXITED", self.sim.now, exit_code
        c.reason = reason or ("Completed" if exit_code == 0 else "Error")
        self.on_container_exit(c)

    def stop_container(self, container_id: str, timeout: int) -> float:
        """SIGTERM, then SIGKILL after `timeout` s. Returns how long the stop takes: nginx
        and redis exit at once (0); a PID 1 that installs no handler (sh, node) ignores
        SIGTERM and is killed when the grace period ends (exit code 137) — unless its
        program ends on its own before that (`sleep 2; exit 1` is done 2 s later)."""
        c = self.containers[container_id]
        sandbox = self.sandboxes[c.sandbox_id]
        self._record("StopContainer", RUNTIME_SERVICE, sandbox.namespace, sandbox.name,
                     detail=f"{c.name} timeout {timeout}s")
        if c.state != "CONTAINER_RUNNING":
            return 0.0
        graceful = c.image.program in ("server", "pause") and not c.hung \
            and not c.image.repository.startswith("docker.io/luksa/")
        if graceful:
            self.sim.call_later(QUICK_EXIT, lambda: self._exit(c, 0, "Completed"))
            return QUICK_EXIT
        self.sim.call_later(timeout, lambda: self._exit(c, 137, "Error"))
        if c.program.duration is not None and c.started_at is not None:
            # Its own exit timer still runs; the stop is over when it fires.
            remaining = max(c.started_at + c.program.duration - self.sim.now, 0.0)
            return min(float(timeout), remaining)
        return float(timeout)

    def remove_container(self, container_id: str) -> None:
        c = self.containers.pop(container_id)
        sandbox = self.sandboxes[c.sandbox_id]
        self._record("RemoveContainer", RUNTIME_SERVICE, sandbox.namespace, sandbox.name,
                     detail=c.name)

    # -- ImageService -------------------------------------------------------------------------
    def image_status(self, image: str) -> str:
        """The local image id if present, else "" (the kubelet's GetImageRef). A digest
        names content: `nginx@sha256:…` is present if the image it names was pulled by
        any tag (the store keeps every image's repo digests)."""
        parsed = parse_reference(image)
        ref = str(parsed)
        self._record("ImageStatus", IMAGE_SERVICE, detail=ref)
        if ref not in self.images and parsed.digest:
            content = image_id(parsed)
            return content if any(id_ == content for id_, _ in self.images.values()) else ""
        return self.images.get(ref, ("", 0))[0]

    def preload(self, image: str) -> None:
        """An image in the store before any Pod asks: what `kubeadm config images pull`
        or a node image that ships it leaves behind (no PullImage, no trace)."""
        ref = parse_reference(image)
        self.images[str(ref)] = (image_id(ref), resolve(ref)[1])
        self.pulled_at.setdefault(str(ref), self.sim.now)

    def pull_image(self, image: str, namespace: str, pod: str) -> PullResult:
        """Resolve and fetch `image`. Pulls are serialized (the kubelet's default
        serializeImagePulls: true), so `waited` includes the time behind earlier ones."""
        ref = parse_reference(image)
        try:
            found, size = resolve(ref)
        except PullFailure as failure:
            self._record("PullImage", IMAGE_SERVICE, namespace, pod, str(failure),
                         GRPC_TO_HTTP.get(failure.code, 500))
            raise
        present = str(ref) in self.images
        seconds = REPULL_SECONDS if present else found.pull_seconds
        begin = max(self.sim.now, self._pulls_free_at)
        self._pulls_free_at = begin + seconds
        self.images[str(ref)] = (image_id(ref), size)
        self.pulled_at.setdefault(str(ref), begin + seconds)
        self._record("PullImage", IMAGE_SERVICE, namespace, pod, detail=str(ref))
        return PullResult(str(ref), f"{ref.repository}@{image_digest(ref)}", size, seconds,
                          self._pulls_free_at - self.sim.now)

    # -- what probes and Services will ask ------------------------------------------------------
    def dial(self, ip: str, port: int, probe: str | None = None) -> Container | None:
        """A TCP connect to ip:port (or a UDP datagram, e.g. a DNS query to :53): the
        running container of that sandbox whose program listens there (containers of a
        Pod share its network namespace), or None — `connect: connection refused`. A container failing `probe` on cue (`fail-*`)
        refuses that probe's connection."""
        for sandbox in self.sandboxes.values():
            if sandbox.ip != ip or sandbox.state != "SANDBOX_READY":
                continue
            for c in self.containers.values():
                if c.sandbox_id == sandbox.id and c.state == "CONTAINER_RUNNING" \
                        and port in c.program.ports:
                    return None if probe in c.failing_probes else c
        return None

    def serve_http(self, container_id: str, pod_name: str,
                   probe: str | None = None) -> tuple[int, str]:
        """An HTTP GET to the container: kubia answers "You've hit <pod>";
        kubia-unhealthy answers 500 from its sixth request on (probes count too).
        Status 0: no answer (hung). A `fail-<probe>` step answers that probe 500."""
        c = self.containers[container_id]
        if c.state != "CONTAINER_RUNNING" or c.hung:
            return 0, ""
        c.requests += 1
        if probe in c.failing_probes:
            return 500, "unhealthy"
        if c.image.program == "unhealthy" and c.requests > 5:
            return 500, "I'm not well. Please restart me!"
        return 200, c.image.answer.format(pod=pod_name)

    def exec_sync(self, container_id: str, cmd: list[str],
                  probe: str | None = None) -> tuple[int | None, str]:
        """ExecSync: run `cmd` in the container; (exit code, combined output). None: it
        did not finish (the container hangs), the caller's timeout decides. `cat F`,
        `test -e|-f F` and `ls F` see the files the container's shell touched and removed
        (a file it never touches is absent, but for EVERY_CONTAINER_HAS); any other
        command succeeds."""
        c = self.containers[container_id]
        sandbox = self.sandboxes[c.sandbox_id]
        self._record("ExecSync", RUNTIME_SERVICE, sandbox.namespace, sandbox.name,
                     detail=f"{c.name}: {' '.join(cmd)}")
        if c.hung:
            return None, ""
        if probe in c.failing_probes:
            return 1, ""
        return self._exec_files(c, cmd)

    def _exec_files(self, c: Container, cmd: list[str]) -> tuple[int | None, str]:
        argv = cmd[2:] if cmd[:2] in (["sh", "-c"], ["/bin/sh", "-c"]) else cmd
        words = " ".join(argv).split()
        if len(words) >= 2 and words[0] in ("cat", "ls", "test", "["):
            path = words[-1] if words[-1] != "]" else words[-2]
            exists = c.program.file_exists(path, self.sim.now - (c.started_at or 0.0))
            if exists is None:
                exists = path.rstrip("/") in EVERY_CONTAINER_HAS or path == "/" or \
                    path.startswith(EVERY_CONTAINER_HAS[-1] + "/")
            if not exists:
                return 1, _no_such_file(words[0], path, c.image.program == "shell")
        return 0, ""

    def exec(self, container_id: str, cmd: list[str], network=None,
             env: dict | None = None) -> tuple[int, str]:
        """Exec, the streaming RPC behind `kubectl exec`: run `cmd` in the running
        container with the image's own binaries (runtime/tools.py); `network` is what the
        Pod sees of the network (a runtime/tools.Network). (exit code, terminal output)."""
        c = self.containers[container_id]
        sandbox = self.sandboxes[c.sandbox_id]
        self._record("Exec", RUNTIME_SERVICE, sandbox.namespace, sandbox.name,
                     detail=f"{c.name}: {' '.join(cmd)}")
        result = run_tool(c.image.binaries, cmd, network, env)
        if result is not None:
            return result
        # An exec is a process of its own: a hung server does not stop it.
        code, output = self._exec_files(c, cmd)
        return code or 0, output.rstrip("\n")

    def probe_healthy(self, container_id: str, kind: str) -> bool:
        """Whether a `kind` probe (liveness, readiness, startup) would succeed now."""
        c = self.containers.get(container_id)
        return bool(c) and c.state == "CONTAINER_RUNNING" and not c.hung \
            and kind not in c.failing_probes


def _no_such_file(command: str, path: str, busybox: bool) -> str:
    """What cat and ls print for a missing file: busybox's words, or GNU coreutils'."""
    if command == "cat":
        return (f"cat: can't open '{path}': No such file or directory\n" if busybox
                else f"cat: {path}: No such file or directory\n")
    if command == "ls":
        return (f"ls: {path}: No such file or directory\n" if busybox
                else f"ls: cannot access '{path}': No such file or directory\n")
    return ""
