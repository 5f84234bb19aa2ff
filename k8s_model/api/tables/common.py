"""Helpers the table printers share (pkg/printers/internalversion/printers.go).

A printer is a list of column definitions plus a function from one object to its
row's cells. The server always builds the *wide* row (printerstorage.TableConvertor
asks for GenerateOptions{Wide: true}); kubectl drops the priority-1 columns unless
`-o wide`. Ages are computed here, on the server, from the virtual `now`:

    translate_timestamp_since("2026-01-01T00:00:00Z", now=150.0) -> "2m30s"
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from k8s_model.api.duration import human_duration
from k8s_model.api.tables.descriptions import DESCRIPTIONS
from k8s_model.sim import parse_timestamp


@dataclass(frozen=True)
class Column:
    """metav1.TableColumnDefinition."""

    name: str
    type: str = "string"
    description: str = ""
    priority: int = 0
    format: str = ""

    def definition(self) -> dict:
        return {"name": self.name, "type": self.type, "format": self.format,
                "description": self.description, "priority": self.priority}


@dataclass(frozen=True)
class Printer:
    """What AddHandlers registers for one kind: columns and a row function."""

    columns: tuple[Column, ...]
    cells: Callable[[dict, float], list]
    conditions: Callable[[dict], list] | None = None


def doc(key: str) -> str:
    return DESCRIPTIONS[key]


NAME = Column("Name", format="name", description=doc("meta.name"))
AGE = Column("Age", description=doc("meta.creationTimestamp"))
CONTAINERS = Column("Containers", priority=1, description="Names of each container in the template.")
IMAGES = Column("Images", priority=1, description="Images referenced by each container in the template.")


def wide(name: str, description: str = "", type: str = "string") -> Column:
    return Column(name, type=type, description=description, priority=1)


# -- time ------------------------------------------------------------------------------
def timestamp(value: Any) -> float | None:
    """Virtual seconds of a metav1.Time / MicroTime, or None when it is zero (unset)."""
    if not value:
        return None
    return parse_timestamp(value)


def translate_timestamp_since(value: Any, now: float) -> str:
    """translateTimestampSince: `<unknown>` for no timestamp, else HumanDuration."""
    at = timestamp(value)
    return "<unknown>" if at is None else human_duration(now - at)


def age(obj: dict, now: float) -> str:
    return translate_timestamp_since(obj.get("metadata", {}).get("creationTimestamp"), now)


# -- labels and selectors (apimachinery/pkg/labels, metav1 helpers) ---------------------
def format_labels(labels: dict | None) -> str:
    """labels.FormatLabels: `app=web,tier=fe` (sorted), `<none>` when empty."""
    text = ",".join(f"{k}={labels[k]}" for k in sorted(labels or {}))
    return text or "<none>"


def _requirement(key: str, op: str, values: list[str]) -> str:
    if op == "Exists":
        return key
    if op == "DoesNotExist":
        return "!" + key
    joined = values[0] if len(values) == 1 else ",".join(sorted(values))
    if op == "Equals":
        return f"{key}={joined}"
    word = {"In": "in", "NotIn": "notin"}[op]
    return f"{key} {word} ({joined})"


def selector_string(selector: dict | None) -> str:
    """LabelSelectorAsSelector(s).String(): requirements sorted by key, '' if none."""
    if not selector:
        return ""
    reqs = [(k, "Equals", [v]) for k, v in (selector.get("matchLabels") or {}).items()]
    reqs += [(e["key"], e["operator"], list(e.get("values") or []))
             for e in selector.get("matchExpressions") or []]
    reqs.sort(key=lambda r: r[0])
    return ",".join(_requirement(*r) for r in reqs)


def format_label_selector(selector: dict | None) -> str:
    """metav1.FormatLabelSelector: the selector string, `<none>` when empty."""
    return selector_string(selector) or "<none>"


# -- containers ------------------------------------------------------------------------
def layout_container_cells(containers: list | None) -> tuple[str, str]:
    """layoutContainerCells: names and images, each comma-joined."""
    containers = containers or []
    return (",".join(c.get("name", "") for c in containers),
            ",".join(c.get("image", "") for c in containers))


def template_containers(obj: dict) -> list:
    return (((obj.get("spec") or {}).get("template") or {}).get("spec") or {}).get("containers") or []


def list_with_more(items: list[str], count: int, limit: int = 3, empty: str = "<unset>") -> str:
    """listWithMoreString: `a,b,c + 2 more...`."""
    text = ",".join(items[:limit])
    if count > limit:
        return f"{text} + {count - limit} more..."
    return text or empty


def print_bool(value: bool) -> str:
    return "True" if value else "False"


def print_bool_ptr(value: bool | None) -> str:
    return "<unset>" if value is None else print_bool(value)
