"""describe.go's PrefixWriter and the helpers every describer shares.

A describer writes lines like `Name:\\tweb\\n` at an indentation level (two spaces
per level) into one text/tabwriter (minwidth 0, padding 2) and flushes it at the
end, so the values after the first tab of a block line up:

    Name:         web
    Namespace:    default

The Events table is flushed separately (DescribeEvents calls Flush first), so its
columns are aligned on their own. Times print as RFC 1123 with a numeric zone
(`Thu, 01 Jan 2026 00:00:05 +0000`); kubectl shows them in the local zone, the
model in UTC. Ages are HumanDuration from the virtual `now`.
"""

from __future__ import annotations

from datetime import timedelta, timezone

from k8s_model.api.duration import human_duration
from k8s_model.kubectl import gofmt
from k8s_model.kubectl.tabwriter import describe_tabwriter
from k8s_model.sim import EPOCH, parse_timestamp

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
MAX_ANNOTATION_LEN = 140
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class PrefixWriter:
    """Writes formatted text at a level of indentation into a describe tabwriter."""

    def __init__(self) -> None:
        self.tw = describe_tabwriter()

    def write(self, level: int, text: str) -> None:
        """Write(level, ...): the caller formats; this indents and escapes."""
        self.tw.write(_escape("  " * level + text))

    def write_line(self, *parts: str) -> None:
        """WriteLine: fmt.Sprintln(a...) with no indentation."""
        self.tw.write(_escape(" ".join(parts) + "\n"))

    def flush(self) -> None:
        self.tw.flush()

    def getvalue(self) -> str:
        return self.tw.getvalue()


def _escape(text: str) -> str:
    """printers.WriteEscaped: ESC and CR cannot reach the terminal."""
    return text.replace("\x1b", "^[").replace("\r", "\\r")


def v(value) -> str:
    """Go's %v of a decoded JSON value (`[a b]` for a list, `true` for a bool)."""
    return gofmt.sprint(value)


# -- time --------------------------------------------------------------------------------
def rfc1123z(value) -> str:
    """time.RFC1123Z of a metav1.Time, in UTC; Go's zero time when unset."""
    if not value:
        return "Mon, 01 Jan 0001 00:00:00 +0000"
    at = EPOCH + timedelta(seconds=parse_timestamp(value))
    at = at.astimezone(timezone.utc)
    return (f"{_DAYS[at.weekday()]}, {at.day:02d} {_MONTHS[at.month - 1]} {at.year} "
            f"{at.hour:02d}:{at.minute:02d}:{at.second:02d} +0000")


def since(value, now: float) -> str:
    """translateTimestampSince: `<unknown>` for a zero time."""
    if not value:
        return "<unknown>"
    return human_duration(now - parse_timestamp(value))


# -- multi-line maps ----------------------------------------------------------------------
def print_labels_multiline(w: PrefixWriter, title: str, labels: dict | None,
                           initial_indent: str = "", inner_indent: str = "\t",
                           skip: frozenset = frozenset()) -> None:
    """printLabelsMultilineWithIndent: `key=value`, one per line, sorted."""
    w.write(0, f"{initial_indent}{title}:{inner_indent}")
    keys = sorted(k for k in (labels or {}) if k not in skip)
    if not keys:
        w.write_line("<none>")
        return
    for i, key in enumerate(keys):
        if i:
            w.write(0, initial_indent)
            w.write(0, inner_indent)
        w.write(0, f"{key}={labels[key]}\n")


def _shorten(text: str, limit: int) -> str:
    return text[:limit] + "..." if len(text) > limit else text


def print_annotations_multiline(w: PrefixWriter, title: str, annotations: dict | None) -> None:
    """printAnnotationsMultiline: skips last-applied-configuration, wraps long values."""
    w.write(0, f"{title}:\t")
    keys = sorted(k for k in (annotations or {}) if k != LAST_APPLIED)
    if not keys:
        w.write_line("<none>")
        return
    for i, key in enumerate(keys):
        if i:
            w.write(0, "\t")
        value = annotations[key]
        value = value[:-1] if value.endswith("\n") else value
        if len(value) + len(key) + 2 > MAX_ANNOTATION_LEN or "\n" in value:
            w.write(0, f"{key}:\n")
            for line in value.split("\n"):
                w.write(0, f"\t  {_shorten(line, MAX_ANNOTATION_LEN - 2)}\n")
        else:
            w.write(0, f"{key}: {value}\n")


def taint_string(taint: dict) -> str:
    """Taint.ToString: key=value:Effect, key:Effect, or key=value when no effect."""
    text = taint.get("key", "")
    if taint.get("value"):
        text += "=" + taint["value"]
    if taint.get("effect"):
        text += ":" + taint["effect"]
    return text


def print_taints_multiline(w: PrefixWriter, title: str, taints: list | None) -> None:
    w.write(0, f"{title}:\t")
    if not taints:
        w.write_line("<none>")
        return
    ordered = sorted(taints, key=lambda t: f"{t.get('effect', '')},{t.get('key', '')}")
    for i, taint in enumerate(ordered):
        if i:
            w.write(0, "\t")
        w.write(0, taint_string(taint) + "\n")


def print_tolerations_multiline(w: PrefixWriter, title: str, tolerations: list | None) -> None:
    """`node.kubernetes.io/not-ready:NoExecute op=Exists for 300s`, sorted by key."""
    w.write(0, f"{title}:\t")
    if not tolerations:
        w.write_line("<none>")
        return
    for i, t in enumerate(sorted(tolerations, key=lambda t: t.get("key", ""))):
        if i:
            w.write(0, "\t")
        text = t.get("key", "")
        if t.get("value"):
            text += "=" + t["value"]
        if t.get("effect"):
            text += ":" + t["effect"]
        if t.get("operator") == "Exists" and not t.get("value"):
            text += " op=Exists" if t.get("key") or t.get("effect") else "op=Exists"
        if t.get("tolerationSeconds") is not None:
            text += f" for {t['tolerationSeconds']}s"
        w.write(0, text + "\n")


# -- events (DescribeEvents) --------------------------------------------------------------
def describe_events(events: list | None, w: PrefixWriter, now: float) -> None:
    """`Events:  <none>` or the Type/Reason/Age/From/Message table, oldest first."""
    if events is None:
        return
    if not events:
        w.write(0, "Events:\t<none>\n")
        return
    w.flush()
    ordered = sorted(events, key=lambda e: parse_timestamp(e["lastTimestamp"])
                     if e.get("lastTimestamp") else float("-inf"))
    w.write(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n")
    w.write(1, "----\t------\t----\t----\t-------\n")
    for e in ordered:
        first = since(e.get("eventTime"), now) if e.get("eventTime") \
            else since(e.get("firstTimestamp"), now)
        if e.get("series"):
            age = (f"{since(e['series'].get('lastObservedTime'), now)} "
                   f"(x{e['series'].get('count', 0)} over {first})")
        elif (e.get("count") or 0) > 1:
            age = f"{since(e.get('lastTimestamp'), now)} (x{e['count']} over {first})"
        else:
            age = first
        source = (e.get("source") or {}).get("component") or e.get("reportingComponent", "")
        message = (e.get("message") or "").strip()
        field_path = (e.get("involvedObject") or {}).get("fieldPath")
        if field_path:   # kubectl v1.35 names the container an event is about
            message = f"{field_path}: {message}"
        w.write(1, f"{e.get('type', '')}\t{e.get('reason', '')}\t{age}\t{source}\t{message}\n")


def tabbed_string(body) -> str:
    """tabbedString: run a describer body against a fresh PrefixWriter."""
    w = PrefixWriter()
    body(w)
    return w.getvalue()


__all__ = ["PrefixWriter", "describe_events", "print_annotations_multiline",
           "print_labels_multiline", "print_taints_multiline", "print_tolerations_multiline",
           "rfc1123z", "since", "tabbed_string", "taint_string", "v"]
