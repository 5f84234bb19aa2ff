"""Human-readable durations, as k8s.io/apimachinery/pkg/util/duration prints them.

Every AGE column, `4 (32s ago)` restart, event age and Job DURATION goes through
`human_duration`: about two significant figures, finer while the value is small.
Go truncates toward zero (`int(d / time.Minute)`), so does this port: 2m59.9s is
`2m59s`, never `3m`. Worked steps of the scale:

    119s -> "119s"   120s -> "2m"     190s -> "3m10s"   10m1s -> "10m"
    3h -> "3h"       3h1m -> "3h1m"   8h59m -> "8h"     47h59m -> "47h"
    49h -> "2d1h"    8d23h -> "8d"    730d -> "2y"      731d -> "2y1d"

Up to two seconds in the future count as "now" (`0s`), tolerating clock skew;
further is `<invalid>`.
"""

from __future__ import annotations

_NS = 1_000_000_000
_MINUTE = 60 * _NS
_HOUR = 60 * _MINUTE


def _nanoseconds(seconds: float) -> int:
    """A time.Duration: integer nanoseconds."""
    return round(seconds * _NS)


def _trunc(a: int, b: int) -> int:
    """Go's integer division, which truncates toward zero."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q


def short_human_duration(seconds: float) -> str:
    """duration.ShortHumanDuration: one unit only (`59s`, `1m`, `23h`, `364d`, `1y`)."""
    d = _nanoseconds(seconds)
    secs = _trunc(d, _NS)
    if secs < -1:
        return "<invalid>"
    if secs < 0:
        return "0s"
    if secs < 60:
        return f"{secs}s"
    minutes = _trunc(d, _MINUTE)
    if minutes < 60:
        return f"{minutes}m"
    hours = _trunc(d, _HOUR)
    if hours < 24:
        return f"{hours}h"
    if hours < 24 * 365:
        return f"{hours // 24}d"
    return f"{hours // 24 // 365}y"


def human_duration(seconds: float) -> str:
    """duration.HumanDuration: what kubectl's AGE column shows."""
    d = _nanoseconds(seconds)
    secs = _trunc(d, _NS)
    if secs < -1:
        return "<invalid>"
    if secs < 0:
        return "0s"
    if secs < 60 * 2:
        return f"{secs}s"
    minutes = _trunc(d, _MINUTE)
    if minutes < 10:
        s = secs % 60
        return f"{minutes}m" if s == 0 else f"{minutes}m{s}s"
    if minutes < 60 * 3:
        return f"{minutes}m"
    hours = _trunc(d, _HOUR)
    if hours < 8:
        m = minutes % 60
        return f"{hours}h" if m == 0 else f"{hours}h{m}m"
    if hours < 48:
        return f"{hours}h"
    if hours < 24 * 8:
        h = hours % 24
        return f"{hours // 24}d" if h == 0 else f"{hours // 24}d{h}h"
    if hours < 24 * 365 * 2:
        return f"{hours // 24}d"
    if hours < 24 * 365 * 8:
        dy = (hours // 24) % 365
        years = hours // 24 // 365
        return f"{years}y" if dy == 0 else f"{years}y{dy}d"
    return f"{hours // 24 // 365}y"
