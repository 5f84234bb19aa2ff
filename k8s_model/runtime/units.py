"""How node tools print durations and sizes: github.com/docker/go-units (duration.go,
size.go) and containerd's pkg/progress (humanize.go).

crictl and nerdctl are Go programs that share these helpers, so a container created
90 s ago is "About a minute ago" in both, and an image of 72,223,946 bytes is "72.2MB"
in `crictl images` (decimal units, 3 significant digits) but "68.9 MiB" in
`nerdctl images` (binary units, one decimal).
"""

from __future__ import annotations

DECIMAL = ("B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB")
BINARY = ("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB")


def human_duration(seconds: float) -> str:
    """go-units HumanDuration: 0.4 s "Less than a second", 1 s "1 second", 59 s
    "59 seconds", 60–119 s "About a minute", 2–59 min "N minutes", then hours (rounded),
    days, weeks, months, years."""
    if int(seconds) < 1:
        return "Less than a second"
    if int(seconds) == 1:
        return "1 second"
    if seconds < 60:
        return f"{int(seconds)} seconds"
    minutes = int(seconds // 60)
    if minutes == 1:
        return "About a minute"
    if minutes < 60:
        return f"{minutes} minutes"
    hours = int(seconds / 3600 + 0.5)
    if hours == 1:
        return "About an hour"
    if hours < 48:
        return f"{hours} hours"
    if hours < 24 * 7 * 2:
        return f"{hours // 24} days"
    if hours < 24 * 30 * 2:
        return f"{hours // 24 // 7} weeks"
    if hours < 24 * 365 * 2:
        return f"{hours // 24 // 30} months"
    return f"{int(seconds / 3600) // 24 // 365} years"


def _size_and_unit(size: float, base: float, units: tuple[str, ...]) -> tuple[float, str]:
    i = 0
    while size >= base and i < len(units) - 1:
        size /= base
        i += 1
    return size, units[i]


def human_size(size: float, precision: int = 3) -> str:
    """go-units HumanSizeWithPrecision: 320448 -> "320kB", 72223946 -> "72.2MB"."""
    value, unit = _size_and_unit(float(size), 1000.0, DECIMAL)
    return f"{value:.{precision}g}{unit}"


def progress_bytes(size: float) -> str:
    """containerd progress.Bytes: CustomSize("%02.1f %s", size, 1024) -> "68.9 MiB"."""
    value, unit = _size_and_unit(float(size), 1024.0, BINARY)
    return f"{value:.1f} {unit}"   # width 2 never pads: "5.0" is already 3 wide
