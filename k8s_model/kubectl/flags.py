"""Command-line parsing in the manner of kubectl's cobra/pflag.

Flags may come anywhere among the arguments, as `--flag=value`, `--flag value`,
`-n value` or `-nvalue`; boolean flags take no value (`--all`, `-A`, `-w`); `--` ends
the flags (what follows is the container's command). Unknown flags give pflag's errors.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field

from .errors import KubectlError


@dataclass(frozen=True)
class Flag:
    name: str
    short: str = ""
    boolean: bool = False
    repeated: bool = False
    default: object = None


# Flags every command accepts (kubectl's global flags that matter in the model). The
# impersonation flags (--as, --as-group, --as-uid) are taken out before any command
# parses (Context.impersonating).
GLOBAL_FLAGS = (
    Flag("namespace", "n"),
    Flag("context"),
    Flag("kubeconfig"),
    Flag("request-timeout"),
    Flag("v", "v"),
)


@dataclass
class Parsed:
    args: list[str] = field(default_factory=list)
    flags: dict = field(default_factory=dict)
    after_dash: list[str] = field(default_factory=list)  # everything after `--`
    command: str = ""      # `set image`: the command path after `kubectl`
    given: list[tuple[str, str]] = field(default_factory=list)  # (long name, value) in order

    def get(self, name: str, default=None):
        return self.flags.get(name, default)


def split(command: str) -> list[str]:
    try:
        return shlex.split(command)
    except ValueError as error:
        raise KubectlError(f"error: {error}") from None


def parse(argv: list[str], specs: tuple[Flag, ...], command: str) -> Parsed:
    by_name = {f.name: f for f in specs + GLOBAL_FLAGS}
    by_short = {f.short: f for f in specs + GLOBAL_FLAGS if f.short}
    parsed = Parsed(command=command)
    for spec in by_name.values():
        if spec.repeated:
            parsed.flags[spec.name] = []
        elif spec.default is not None:
            parsed.flags[spec.name] = spec.default
    usage = f"See 'kubectl {command} --help' for usage."
    i = 0
    while i < len(argv):
        word = argv[i]
        if word == "--":
            parsed.after_dash = argv[i + 1:]
            break
        if word.startswith("--") and len(word) > 2:
            name, has_value, value = word[2:].partition("=")
            spec = by_name.get(name)
            if spec is None:
                raise KubectlError(f"error: unknown flag: --{name}\n{usage}")
        elif word.startswith("-") and len(word) > 1:
            spec = by_short.get(word[1])
            if spec is None:
                raise KubectlError(f"error: unknown shorthand flag: '{word[1]}' in {word}\n{usage}")
            rest = word[2:]
            has_value, value = bool(rest), rest.removeprefix("=")
        else:
            parsed.args.append(word)
            i += 1
            continue
        if spec.boolean:
            parsed.flags[spec.name] = (value.lower() != "false") if has_value else True
            parsed.given.append((spec.name, value if has_value else "true"))
        else:
            if not has_value:
                i += 1
                if i >= len(argv):
                    which = (f"--{spec.name}" if word.startswith("--")
                             else f"'{spec.short}' in -{spec.short}")
                    raise KubectlError(f"error: flag needs an argument: {which}\n{usage}")
                value = argv[i]
            if spec.repeated:
                parsed.flags[spec.name].append(value)
            else:
                parsed.flags[spec.name] = value
            parsed.given.append((spec.name, value))
        i += 1
    return parsed


# -- duration flags (pflag DurationVar: Go's time.ParseDuration and Duration.String) -------
_DURATION_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0,
                   "h": 3600.0}
_DURATION_PART = re.compile(r"(\d+\.?\d*|\.\d+)(ns|us|µs|ms|s|m|h)")


def resources_and_pairs(args: list[str], is_pair, pair_type: str) -> tuple[list[str], list[str]]:
    """GetResourcesAndPairs: `kubectl set image deploy/web nginx=nginx:1.29` and
    `kubectl taint nodes node-1 k=v:NoSchedule` name their objects first, then the changes;
    a resource after a change is refused. `is_pair` tells a change from a resource."""
    resources, pairs = [], []
    for arg in args:
        if is_pair(arg):
            pairs.append(arg)
        elif pairs:
            raise KubectlError(f"error: all resources must be specified before {pair_type} "
                               f"changes: {arg}")
        else:
            resources.append(arg)
    return resources, pairs


def parse_duration(value: str, flag: str, command: str) -> float:
    """`--timeout=1m30s` in seconds; pflag's error for anything time.ParseDuration refuses."""
    from ..api.errors import go_quote

    text = value[1:] if value[:1] in "+-" else value
    parts = _DURATION_PART.findall(text)
    if text != "0" and (not parts or "".join(n + u for n, u in parts) != text):
        raise KubectlError(f'error: invalid argument "{value}" for "--{flag}" flag: '
                           f"time: invalid duration {go_quote(value)}\n"
                           f"See 'kubectl {command} --help' for usage.")
    seconds = sum(float(n) * _DURATION_UNITS[u] for n, u in parts)
    return -seconds if value.startswith("-") else seconds


def format_duration(seconds: float) -> str:
    """time.Duration.String: 0s, 500ms, 30s, 1m0s, 1h2m3.5s."""
    if seconds == 0:
        return "0s"
    if abs(seconds) < 1:
        return f"{seconds * 1000:g}ms"
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{secs:.9f}".rstrip("0").rstrip(".") + "s"
    if hours:
        return f"{int(hours)}h{int(minutes)}m{text}"
    if minutes:
        return f"{int(minutes)}m{text}"
    return text
