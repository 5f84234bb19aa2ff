"""`--record`: write the command into `kubernetes.io/change-cause`
(cli-runtime genericclioptions/record_flags.go).

Deprecated since v1.15 and hidden from `--help`, but kubectl v1.35 still honours it on
apply, create, scale, set image, label, annotate and a few more: pflag prints the
deprecation on stderr, and the object gets the annotation `kubectl rollout history`
shows as CHANGE-CAUSE. The text is parseCommandArguments': `kubectl`, the words that
are not flags (command path first), then every flag given, in the order given, by its
long name with its value (`-o yaml` → `--output=yaml`, `--local` → `--local=true`):

    kubectl set image deployment/web nginx=nginx:1.28 --record=true

The replacement: set the annotation yourself,
`kubectl annotate deployment/web kubernetes.io/change-cause="nginx 1.28"`.
"""

from __future__ import annotations

from .flags import Flag, Parsed

RECORD_FLAG = Flag("record", boolean=True, default=False)
CHANGE_CAUSE = "kubernetes.io/change-cause"
DEPRECATION = "Flag --record has been deprecated, --record will be removed in the future"


def change_cause(parsed: Parsed) -> str:
    words = ["kubectl", *parsed.command.split(), *parsed.args, *parsed.after_dash]
    return " ".join(words) + "".join(f" --{name}={value}" for name, value in parsed.given)


def recording(parsed: Parsed) -> bool:
    """ToRecorder: only an explicit --record (true) records."""
    return bool(parsed.get("record"))


def record(obj: dict, parsed: Parsed) -> dict:
    """ChangeCauseRecorder.Record: set the annotation on `obj` (in place) if recording."""
    if recording(parsed):
        obj.setdefault("metadata", {}).setdefault("annotations", {})[CHANGE_CAUSE] = \
            change_cause(parsed)
    return obj


def warns(verb: str, rest: list[str]) -> bool:
    """Whether pflag prints DEPRECATION: `--record` given to a command that has the flag
    (the model's: apply, create -f, scale, set image, label, annotate; `create
    deployment` and the other generators do not have it and refuse it as unknown)."""
    if not any(word == "--record" or word.startswith("--record=") for word in rest):
        return False
    if verb == "create":
        return any(w == "-f" or w.startswith(("-f=", "--filename")) for w in rest)
    if verb == "set":
        return rest[:1] == ["image"]
    return verb in ("apply", "scale", "label", "annotate")
