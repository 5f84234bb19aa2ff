"""What a modelled container does once started: its program, and the learner's script.

A container's program comes from its image (nginx serves forever, luksa/batch-job runs
120 s then exits 0) unless the Pod gives `command`/`args`, which a tiny shell reads in
the simple forms the book uses: `sleep N`, `exit N`, `echo …`, `true`, `false`,
`while true; do …; done`, joined by `;`, `&&` or newlines. `sh -c "echo hi; exit 3"`
logs `hi` and exits 3 at once; `sleep 30` exits 0 after 30 s.

The Pod annotation `k8s-model.io/script` scripts faults (YAML, a list of steps):

    k8s-model.io/script: |
      - after: 30s          # seconds after each start of the container
        action: crash       # crash | exit | hang | fail-liveness | fail-readiness |
        exitCode: 137       #   fail-startup | fail-probes | recover
        container: web      # optional when the Pod has one container
      - at: 300             # seconds after the Pod started (once)
        action: recover

`crash` and `exit` stop the process (exitCode default 1 and 0); `hang` keeps it running
but it stops answering: HTTP and gRPC probes time out, and so does an exec probe (a
health command that asks the app) — a tcpSocket probe still connects, because the
kernel completes the handshake for a hung process's listening socket. `fail-liveness`
(`-readiness`, `-startup`) makes that kind of probe fail: HTTP 500, connection refused,
NOT_SERVING, exit 1; `fail-probes` all three; `recover` undoes hang and fail-*.

The shell also keeps the files a command line `touch`es and `rm`s, for exec probes
such as `cat /tmp/healthy` (the liveness example of the Kubernetes docs):

    args: [/bin/sh, -c, "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"]
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field

import yaml

from .images import Image

SCRIPT_ANNOTATION = "k8s-model.io/script"
ACTIONS = ("crash", "exit", "hang", "fail-liveness", "fail-readiness", "fail-startup",
           "fail-probes", "recover")
QUICK_EXIT = 0.1   # a command that exits at once still lives a moment
NETWORK_TOOLS = ("wget", "curl", "nslookup")   # run by runtime/tools.py (need the network)


@dataclass
class Program:
    duration: float | None      # None: runs until stopped
    exit_code: int = 0
    logs: list[str] = field(default_factory=list)
    ports: tuple[int, ...] = ()  # where it listens: the image's own server only
    files: list[tuple[float, str, bool]] = field(default_factory=list)  # (after, path, exists)
    tool: list[str] | None = None  # a network tool it ends with (`wget -qO- web`): the runtime
    #                                runs it when the process ends, its output and status last
    loop: tuple[float, list[str]] | None = None  # `while sleep N; do wget …; done`: the tool
    #                                              every N s for as long as it runs

    def file_exists(self, path: str, elapsed: float) -> bool | None:
        """Whether `path` exists `elapsed` s after the start; None: the program never
        touches it. A file first touched is absent until then; one first removed was there."""
        changes = [(at, exists) for at, p, exists in self.files if p == path]
        if not changes:
            return None
        state = not changes[0][1]
        for at, exists in changes:
            if at <= elapsed:
                state = exists
        return state


@dataclass(frozen=True)
class Step:
    action: str
    after: float | None = None   # since each container start
    at: float | None = None      # since the Pod started
    exit_code: int | None = None
    container: str | None = None


def _seconds(value) -> float:
    if isinstance(value, (int, float)):
        return float(value)
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s|m|h)?", str(value).strip())
    if not match:
        raise ValueError(f"not a duration: {value!r}")
    scale = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, None: 1}[match.group(2)]
    return float(match.group(1)) * scale


def parse_script(text: str | None) -> list[Step]:
    """The steps of a `k8s-model.io/script` annotation; a bad script is ignored step by
    step (a learner's typo must not break the kubelet)."""
    if not text:
        return []
    try:
        loaded = yaml.safe_load(text)
    except yaml.YAMLError:
        return []
    steps = []
    for item in loaded if isinstance(loaded, list) else [loaded]:
        if not isinstance(item, dict) or item.get("action") not in ACTIONS:
            continue
        try:
            after = _seconds(item["after"]) if "after" in item else None
            at = _seconds(item["at"]) if "at" in item else None
        except ValueError:
            continue
        code = item.get("exitCode")
        steps.append(Step(item["action"], after, at, int(code) if code is not None else None,
                          item.get("container")))
    return steps


def _statements(script: str) -> list[str]:
    return [s.strip() for s in re.split(r";|&&|\|\||\n", script) if s.strip()]


def run_shell(argv: list[str]) -> Program:
    """Interpret the simple shell forms; an unknown command fails as sh does (127)."""
    if argv and argv[0] in ("sh", "/bin/sh", "bash", "/bin/bash", "ash") and "-c" in argv:
        script = " ".join(argv[argv.index("-c") + 1:][:1])
    else:
        script = " ".join(shlex.quote(a) if " " in a else a for a in argv)
    # A load generator: `while sleep 0.01; do wget -q -O- http://php-apache; done`.
    loop = re.fullmatch(r"\s*while\s+sleep\s+(\S+)\s*;\s*do\s+(.+?)\s*;?\s*done\s*", script)
    if loop:
        body = shlex.split(loop[2])
        if body and body[0].rsplit("/", 1)[-1] in NETWORK_TOOLS:
            return Program(None, logs=[], loop=(_seconds(loop[1]), body))
    # An endless loop: `while true`, `while :`, `while sleep 1` (sleep always succeeds).
    if re.search(r"while\s+(true|:|sleep\s)", script) or "tail -f" in script:
        return Program(None, logs=[])
    elapsed, logs, status, files = 0.0, [], 0, []
    for statement in _statements(script):
        try:
            words = shlex.split(statement)
        except ValueError:
            words = statement.split()
        if not words:
            continue
        cmd, rest = words[0], words[1:]
        if cmd in ("sleep", "/bin/sleep"):
            if rest and rest[0] == "infinity":
                return Program(None, logs=logs, files=files)
            elapsed += _seconds(rest[0]) if rest else 0.0
            status = 0
        elif cmd == "exit":
            return Program(elapsed or QUICK_EXIT, int(rest[0]) if rest else status, logs,
                           files=files)
        elif cmd in ("echo", "/bin/echo"):
            logs.append(" ".join(rest))
            status = 0
        elif cmd in ("touch", "rm"):
            files += [(elapsed, path, cmd == "touch") for path in rest
                      if not path.startswith("-")]
            status = 0
        elif cmd.rsplit("/", 1)[-1] in NETWORK_TOOLS:
            return Program(elapsed + QUICK_EXIT, 0, logs, files=files, tool=words)
        elif cmd in ("true", ":"):
            status = 0
        elif cmd == "false":
            status = 1
        else:
            logs.append(f"sh: {cmd}: not found")
            return Program(elapsed or QUICK_EXIT, 127, logs, files=files)
    return Program(elapsed or QUICK_EXIT, status, logs, files=files)


def program_for(image: Image, container: dict) -> Program:
    """The container's program: its command and args if given, else the image's own."""
    argv = list(container.get("command") or []) + list(container.get("args") or [])
    if argv and argv[0] in image.commands:
        return Program(None, ports=image.ports)   # the image's own server, with flags
    if argv and (container.get("command") or image.program == "shell"):
        return run_shell(argv)
    if image.program == "batch":
        return Program(image.run_seconds, 0, [])
    if image.program == "shell":   # busybox's default CMD is `sh`: no tty, exits at once
        return Program(QUICK_EXIT, 0, [])
    return Program(None, logs=list(image.log), ports=image.ports)
