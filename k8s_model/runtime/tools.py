"""The programs a container image ships, and what they print when run in it
(`kubectl exec web -- curl -s http://web`, a busybox Pod's `wget -qO- http://web`).

Each catalogue `Image` declares its `binaries`: busybox has its applets (sh, wget,
nslookup, cat, …) but no curl; the nginx image (Debian) has curl but neither wget nor
nslookup; luksa/kubia (node:7 on Debian) has curl. A command an image lacks fails as
runc fails to exec it, and `kubectl exec` reports its exit code 126:

    OCI runtime exec failed: exec failed: unable to start container process: exec: "wget": executable file not found in $PATH: unknown

— inside `sh -c "…"` it is the shell that looks, and says `sh: wget: not found` (127).

The network is not the runtime's business: the caller hands in a `Network` (what the Pod
sees: `fetch(url)` through Cluster.request from this Pod, its resolv.conf, nslookup),
so this module never imports the Cluster. Commands it does not model return None and
the runtime's own file checks answer (`cat /tmp/healthy`).
"""

from __future__ import annotations

import shlex
from typing import Callable, Protocol

from ..net.http import Response
from ..net.tools import curl, wget

SHELLS = ("sh", "/bin/sh", "bash", "/bin/bash", "ash")

# busybox 1.37's applets that the book runs (`busybox --list` has about 400).
BUSYBOX = frozenset((
    "sh", "ash", "cat", "date", "df", "echo", "env", "false", "grep", "head", "hostname", "id",
    "ip", "ifconfig", "kill", "ls", "mkdir", "nc", "nslookup", "ping", "printenv", "ps", "pwd",
    "rm", "sleep", "tail", "test", "[", "top", "touch", "true", "uname", "wc", "wget",
    "whoami"))
# A Debian bookworm base (nginx:1.29, node): coreutils, bash, no procps, no ping.
DEBIAN = frozenset((
    "sh", "bash", "cat", "date", "df", "echo", "env", "false", "grep", "head", "hostname",
    "id", "kill", "ls", "mkdir", "printenv", "pwd", "rm", "sleep", "tail", "test", "[",
    "touch", "true", "uname", "wc", "whoami"))


class Network(Protocol):
    """What a Pod's processes see of the network."""

    hostname: str

    def fetch(self, url: str, host: str = "") -> Response: ...

    def resolv_conf(self) -> str | None: ...

    def nslookup(self, args: list[str]) -> tuple[int, str] | None: ...


def not_in_path(command: str) -> str:
    return ("OCI runtime exec failed: exec failed: unable to start container process: "
            f'exec: "{command}": executable file not found in $PATH: unknown')


def command_of(argv: list[str]) -> tuple[list[str], bool]:
    """The command a shell runs (`sh -c "wget -qO- web"` → wget …) and whether a shell
    is in between (then "not found" is the shell's complaint)."""
    if len(argv) >= 3 and argv[0] in SHELLS and argv[1] == "-c":
        try:
            return shlex.split(argv[2]), True
        except ValueError:
            return argv[2].split(), True
    return list(argv), False


def run(binaries: frozenset, argv: list[str], network: Network | None,
        env: dict[str, str] | None = None) -> tuple[int, str] | None:
    """Run `argv` in a container of an image with `binaries`: (exit code, output), or None
    for a command left to the runtime's file checks."""
    if not argv:
        return None
    words, via_shell = command_of(argv)
    if via_shell and argv[0] not in binaries:
        return 126, not_in_path(argv[0])
    if not words:
        return 0, ""
    name = words[0].rsplit("/", 1)[-1]
    if name not in binaries:
        if via_shell:
            return 127, f"{argv[0]}: {words[0]}: not found"
        return 126, not_in_path(words[0])
    return _builtin(name, words[1:], network, env or {})


def _builtin(name: str, args: list[str], network: Network | None,
             env: dict[str, str]) -> tuple[int, str] | None:
    tools: dict[str, Callable[[], tuple[int, str] | None]] = {
        "curl": lambda: curl(args, network.fetch) if network else None,
        "wget": lambda: wget(args, network.fetch) if network else None,
        "hostname": lambda: (0, network.hostname) if network else None,
        "nslookup": lambda: network.nslookup(args) if network else None,
        "env": lambda: (0, "\n".join(f"{k}={v}" for k, v in env.items())),
        "printenv": lambda: (0, "\n".join(f"{k}={v}" for k, v in env.items()) if not args
                             else (0 if args[0] in env else 1, env.get(args[0], ""))),
        "echo": lambda: (0, " ".join(args)),
        "true": lambda: (0, ""),
        "false": lambda: (1, ""),
    }
    if name == "cat" and args == ["/etc/resolv.conf"] and network is not None:
        text = network.resolv_conf()
        return None if text is None else (0, text.rstrip("\n"))
    handler = tools.get(name)
    return handler() if handler else None
