"""The cron schedule check CronJob validation relies on: robfig/cron/v3's ParseStandard
(five fields, or a descriptor such as `@hourly`), with its own error texts.

`*/5 * * * *` parses; `*/5 * * *` fails with "expected exactly 5 fields, found 4:
[*/5 * * *]"; `0 24 * * *` with "end of range (24) above maximum (23): 24".
"""

from __future__ import annotations

import re

# (min, max, names) per field: minute, hour, day of month, month, day of week.
_BOUNDS = (
    (0, 59, {}), (0, 23, {}), (1, 31, {}),
    (1, 12, {m: i + 1 for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))}),
    (0, 6, {d: i for i, d in enumerate(("sun", "mon", "tue", "wed", "thu", "fri", "sat"))}),
)
_DESCRIPTORS = {"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"}
_DURATION = re.compile(r"([0-9]*(\.[0-9]*)?(ns|us|µs|ms|s|m|h))+|0")


def schedule_error(spec: str) -> str | None:
    """cron.ParseStandard(spec)'s error message, or None when the schedule parses."""
    if not spec:
        return "empty spec string"
    if spec.startswith(("TZ=", "CRON_TZ=")) and " " in spec:  # a location prefix
        spec = spec[spec.index(" "):].strip()
    if spec.startswith("@"):
        if spec in _DESCRIPTORS:
            return None
        if spec.startswith("@every "):
            duration = spec[len("@every "):]
            if _DURATION.fullmatch(duration):
                return None
            return f'failed to parse duration {spec}: time: invalid duration "{duration}"'
        return f"unrecognized descriptor: {spec}"
    fields = spec.split()
    if len(fields) != 5:
        return f"expected exactly 5 fields, found {len(fields)}: [{' '.join(fields)}]"
    for text, bounds in zip(fields, _BOUNDS):
        for expr in text.split(","):
            error = _range_error(expr, *bounds)
            if error:
                return error
    return None


def _range_error(expr: str, low: int, high: int, names: dict) -> str | None:
    """getRange: `a-b/step`, `*`, `?`, a name (`mon`) or a number."""
    range_and_step = expr.split("/")
    low_and_high = range_and_step[0].split("-")
    single = len(low_and_high) == 1
    if low_and_high[0] in ("*", "?"):
        start, end = low, high
    else:
        start, error = _int_or_name(low_and_high[0], names)
        if error:
            return error
        if len(low_and_high) == 1:
            end = start
        elif len(low_and_high) == 2:
            end, error = _int_or_name(low_and_high[1], names)
            if error:
                return error
        else:
            return f"too many hyphens: {expr}"
    step = 1
    if len(range_and_step) == 2:
        step, error = _int(range_and_step[1])
        if error:
            return error
        if single:
            end = high
    elif len(range_and_step) > 2:
        return f"too many slashes: {expr}"
    if start < low:
        return f"beginning of range ({start}) below minimum ({low}): {expr}"
    if end > high:
        return f"end of range ({end}) above maximum ({high}): {expr}"
    if start > end:
        return f"beginning of range ({start}) beyond end of range ({end}): {expr}"
    if step == 0:
        return f"step of range should be a positive number: {expr}"
    return None


def _int_or_name(text: str, names: dict) -> tuple[int, str | None]:
    if text.lower() in names:
        return names[text.lower()], None
    return _int(text)


def _int(text: str) -> tuple[int, str | None]:
    """mustParseInt: strconv.Atoi, then no negatives."""
    if not re.fullmatch(r"[+-]?[0-9]+", text):
        return 0, f'failed to parse int from {text}: strconv.Atoi: parsing "{text}": invalid syntax'
    number = int(text)
    if number < 0:
        return 0, f"negative number ({number}) not allowed: {text}"
    return number, None
