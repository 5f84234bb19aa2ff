"""`iptables-save -t nat` on a node: the rules as the kernel gives them back.

kube-proxy writes `-m comment --comment "…" -m tcp -p tcp -d 10.96.0.1 --dport 443`; the
kernel stores the parsed rule, and iptables-save prints it in its own canonical order —
addresses (with a /32 mask), protocol, then each match module with its options, then the
target — with the extensions' own spelling: MARK `--or-mark 0x4000` reads back as
`--set-xmark 0x4000/0x4000`, `-m recent` gains `--mask 255.255.255.255 --rsource`, and a
probability comes back as the kernel's 31-bit fraction (0.3333333333 → 0.33333333349).
Built-in chains come first, then user chains sorted by name, each followed by its rules.
The iptables is Ubuntu 24.04's, v1.8.10 on nf_tables. Chains of the CNI plugin are not shown.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from .names import saved_probability

VERSION = "iptables-save v1.8.10 (nf_tables)"
BUILTIN = {"nat": ("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"),
           "filter": ("INPUT", "FORWARD", "OUTPUT")}
_NO_QUOTE = set("_-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def save_string(value: str) -> str:
    """xtables_save_string: bare if only [-_0-9A-Za-z], else double-quoted with escapes."""
    if value and set(value) <= _NO_QUOTE:
        return value
    return '"' + "".join("\\" + c if c in "\"\\'" else c for c in value) + '"'


def ctime(moment: datetime) -> str:
    """C's ctime(): `Thu Jan  1 00:00:00 2026`."""
    return f"{moment:%a %b} {moment.day:2d} {moment:%H:%M:%S %Y}"


@lru_cache(maxsize=4096)
def parse_rule(tokens: tuple[str, ...]):
    """Split kube-proxy's arguments into addresses, match modules and target (cached:
    a packet's walk parses the same rules again and again; callers only read it)."""
    spec: dict[str, tuple[bool, str]] = {}
    matches: list[tuple[str, list[tuple[bool, str, list[str]]]]] = []
    target, target_opts = None, []
    i, negate = 0, False
    while i < len(tokens):
        token = tokens[i]
        if token == "!":
            negate = True
            i += 1
            continue
        if token in ("-s", "-d", "-p"):
            spec[token] = (negate, tokens[i + 1])
            i += 2
        elif token == "-m":
            matches.append((tokens[i + 1], []))
            i += 2
        elif token == "-j":
            target, target_opts = tokens[i + 1], list(tokens[i + 2:])
            break
        else:                                   # an option of the last match module
            values = []
            i += 1
            while i < len(tokens) and not tokens[i].startswith("-") and tokens[i] != "!":
                values.append(tokens[i])
                i += 1
            matches[-1][1].append((negate, token, values))
        negate = False
    return spec, matches, target, target_opts


def _match(name: str, options) -> str:
    opts = {opt: (neg, vals) for neg, opt, vals in options}
    bang = lambda opt: "! " if opts[opt][0] else ""  # noqa: E731
    value = lambda opt: opts[opt][1][0] if opts[opt][1] else ""  # noqa: E731
    if name == "comment":
        return f" -m comment --comment {save_string(value('--comment').strip(chr(34)))}"
    if name == "statistic":
        return f" -m statistic --mode random --probability {saved_probability(value('--probability'))}"
    if name == "recent":
        text = " -m recent"
        for flag in ("--set", "--rcheck", "--update", "--remove"):
            if flag in opts:
                text += f" {bang(flag)}{flag}"
        if "--seconds" in opts:
            text += f" --seconds {value('--seconds')}"
        if "--reap" in opts:
            text += " --reap"
        return text + f" --name {value('--name')} --mask 255.255.255.255 --rsource"
    order = {"addrtype": ("--src-type", "--dst-type")}.get(name, tuple(opts))
    return f" -m {name}" + "".join(f" {bang(opt)}{opt}" + "".join(f" {v}" for v in opts[opt][1])
                                   for opt in order if opt in opts)


def _target(target: str, opts: list[str]) -> str:
    if target == "MARK":
        mark = opts[1]
        return f" -j MARK --set-xmark {mark}/{mark if opts[0] == '--or-mark' else '0x0'}"
    if target == "REJECT" and not opts:
        return " -j REJECT --reject-with icmp-port-unreachable"
    return " -j " + " ".join([target, *opts])


def save_rule(chain: str, tokens: tuple[str, ...]) -> str:
    """One rule as iptables-save prints it."""
    spec, matches, target, target_opts = parse_rule(tokens)
    text = f"-A {chain}"
    for flag in ("-s", "-d"):
        if flag in spec:
            negate, address = spec[flag]
            text += f"{' !' if negate else ''} {flag} {address if '/' in address else address + '/32'}"
    if "-p" in spec:
        text += f" -p {spec['-p'][1]}"
    text += "".join(_match(name, options) for name, options in matches)
    return text + (_target(target, target_opts) if target else "")


def iptables_save(tables: dict[str, dict[str, list[tuple[str, ...]]]], table: str,
                  moment: datetime) -> str:
    """The text of `iptables-save -t <table>` for the kernel tables given."""
    chains = tables[table]
    builtin = BUILTIN[table]
    user = sorted(c for c in chains if c not in builtin)
    lines = [f"# Generated by {VERSION} on {ctime(moment)}", f"*{table}"]
    lines += [f":{c} ACCEPT [0:0]" for c in builtin] + [f":{c} - [0:0]" for c in user]
    lines += [save_rule(c, rule) for c in (*builtin, *user) for rule in chains.get(c, ())]
    lines += ["COMMIT", f"# Completed on {ctime(moment)}"]
    return "\n".join(lines) + "\n"
