"""Flag parsing as kubectl's cobra + spf13/pflag do it, with their exact error texts.

pflag lets flags sit anywhere among the arguments (`--image=nginx`, `--image nginx`,
`-r 3`, `-r3`); a flag that wants a value takes the next word even if it starts with
`-`; boolean flags take no value unless written `--flag=false`; `--` ends the flags.
Each flag has a type whose Set() can fail: an int32 goes through strconv.ParseInt(s,
0, 32), so `--replicas=0x10` is 16 and `--replicas=abc` fails with Go's own message.
After parsing, cobra checks the flags marked required, in alphabetical order.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field

from .errors import GeneratorError


@dataclass(frozen=True)
class Flag:
    name: str
    kind: str = "string"   # string | bool | int32 | int | slice | array | map
    short: str = ""
    default: object = None
    required: bool = False


# Flags every kubectl command accepts (the global options) and those of create's printers.
GLOBAL = (
    Flag("namespace", short="n"), Flag("context"), Flag("kubeconfig"), Flag("cluster"),
    Flag("user"), Flag("as"), Flag("as-group", "array"), Flag("as-uid"), Flag("token"),
    Flag("server", short="s"), Flag("request-timeout"), Flag("v", short="v"),
    Flag("insecure-skip-tls-verify", "bool"), Flag("certificate-authority"),
    Flag("client-certificate"), Flag("client-key"), Flag("cache-dir"), Flag("username"),
    Flag("password"), Flag("tls-server-name"), Flag("profile"), Flag("profile-output"),
    Flag("match-server-version", "bool"), Flag("disable-compression", "bool"),
    Flag("warnings-as-errors", "bool"),
)
PRINT = (
    Flag("output", short="o"), Flag("template"), Flag("show-managed-fields", "bool"),
    Flag("allow-missing-template-keys", "bool", default=True), Flag("dry-run", "dryrun"),
    Flag("validate", "validate"), Flag("field-manager"), Flag("save-config", "bool"),
)


@dataclass
class Parsed:
    args: list[str] = field(default_factory=list)
    values: dict = field(default_factory=dict)
    changed: set = field(default_factory=set)
    args_len_at_dash: int = -1   # cobra's ArgsLenAtDash: -1 when there was no `--`

    def __getitem__(self, name: str):
        return self.values[name]


def _display(flag: Flag) -> str:
    return f"-{flag.short}, --{flag.name}" if flag.short else f"--{flag.name}"


def go_parse_int(text: str, bits: int, func: str = "ParseInt") -> int:
    """strconv.ParseInt(text, 0, bits): 0x1f, 0o17, 0b101, 017 and 1_000 all parse."""
    match = re.fullmatch(r"([+-]?)(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO]?[0-7_]*|[1-9][0-9_]*)",
                         text)
    digits = match[2] if match else ""
    ok = match and "__" not in digits and not digits.endswith("_") and (
        "_" not in digits or digits[:2].lower() in ("0x", "0b", "0o") or digits[0] != "0")
    if not ok:
        raise ValueError(f'strconv.{func}: parsing "{text}": invalid syntax')
    body = digits.replace("_", "")
    if body[:2].lower() in ("0x", "0b", "0o"):
        value = int(body, 0)
    else:
        value = int(body, 8) if len(body) > 1 and body[0] == "0" else int(body)
    value = -value if match[1] == "-" else value
    if not -(1 << (bits - 1)) <= value < (1 << (bits - 1)):
        raise ValueError(f'strconv.{func}: parsing "{text}": value out of range')
    return value


def _parse_bool(text: str) -> bool:
    if text in ("1", "t", "T", "TRUE", "true", "True"):
        return True
    if text in ("0", "f", "F", "FALSE", "false", "False"):
        return False
    raise ValueError(f'strconv.ParseBool: parsing "{text}": invalid syntax')


def _set(parsed: Parsed, flag: Flag, value: str) -> None:
    """One pflag Value.Set(); the first Set of a list flag replaces its default."""
    first = flag.name not in parsed.changed
    if flag.kind == "bool":
        parsed.values[flag.name] = _parse_bool(value)
    elif flag.kind == "int32":
        parsed.values[flag.name] = go_parse_int(value, 32)
    elif flag.kind == "int":
        parsed.values[flag.name] = go_parse_int(value, 64)
    elif flag.kind in ("slice", "array"):
        items = ([] if value == "" else next(csv.reader([value]))) if flag.kind == "slice" \
            else [value]
        parsed.values[flag.name] = items if first else parsed.values[flag.name] + items
    elif flag.kind == "map":  # cliflag.MapStringString: "k=v,k2=v2", keys and values trimmed
        pairs = {} if first else dict(parsed.values[flag.name])
        for item in value.split(","):
            if not item:
                continue
            key, sep, val = item.partition("=")
            if not sep:
                raise ValueError("malformed pair, expect string=string")
            pairs[key.strip()] = val.strip()
        parsed.values[flag.name] = pairs
    else:
        parsed.values[flag.name] = value
    parsed.changed.add(flag.name)


# A flag of these kinds may be given without a value (pflag's NoOptDefVal).
_NO_VALUE = {"bool": "true", "dryrun": "unchanged", "validate": "strict"}


def parse(argv: list[str], specs: tuple[Flag, ...], command: str,
          printing: bool = True) -> Parsed:
    """Parse `argv` (the words after the command name) for `kubectl <command>`;
    printing=False for a command without -o/--dry-run (`kubectl create service`)."""
    # A command's own flag shadows a global one of the same name (--user).
    flags = GLOBAL + (PRINT if printing else ()) + specs
    by_name = {f.name: f for f in flags}
    by_short = {f.short: f for f in flags if f.short}
    usage = f"See 'kubectl {command} --help' for usage."
    parsed = Parsed(values={f.name: ([] if f.kind in ("slice", "array") and f.default is None
                                     else {} if f.kind == "map" else f.default)
                            for f in flags})

    def fail(message: str):
        raise GeneratorError(f"error: {message}\n{usage}")

    def assign(flag: Flag, value: str) -> None:
        try:
            _set(parsed, flag, value)
        except ValueError as error:
            fail(f'invalid argument "{value}" for "{_display(flag)}" flag: {error}')

    i = 0
    while i < len(argv):
        word = argv[i]
        i += 1
        if word == "--":
            parsed.args_len_at_dash = len(parsed.args)
            parsed.args.extend(argv[i:])
            break
        if word.startswith("--"):
            name, has_value, value = word[2:].partition("=")
            flag = by_name.get(name.replace("_", "-"))
            if flag is None:
                fail(f"unknown flag: --{name}")
            if not has_value and flag.kind in _NO_VALUE:
                value = _NO_VALUE[flag.kind]
            elif not has_value:
                if i >= len(argv):
                    fail(f"flag needs an argument: --{name}")
                value, i = argv[i], i + 1
            assign(flag, value)
        elif word.startswith("-") and len(word) > 1:
            shorts = word[1:]
            while shorts:
                char, shorts = shorts[0], shorts[1:]
                flag = by_short.get(char)
                if flag is None:
                    fail(f"unknown shorthand flag: '{char}' in -{word[1:]}")
                if shorts.startswith("="):
                    value, shorts = shorts[1:], ""
                elif flag.kind in _NO_VALUE:
                    value = _NO_VALUE[flag.kind]
                elif shorts:
                    value, shorts = shorts, ""
                elif i < len(argv):
                    value, i = argv[i], i + 1
                else:
                    fail(f"flag needs an argument: '{char}' in -{char}")
                assign(flag, value)
        else:
            parsed.args.append(word)
    missing = sorted(f.name for f in specs if f.required and f.name not in parsed.changed)
    if missing:
        raise GeneratorError("error: required flag(s) " + ", ".join(f'"{m}"' for m in missing)
                             + " not set")
    return parsed
