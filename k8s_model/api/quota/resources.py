"""Arithmetic on resource lists (k8s.io/apiserver/pkg/quota/v1/resources.go).

A resource list maps a resource name to a Quantity: `{"requests.cpu": 500m, "pods": 1}`.
Quota compares and adds whole lists: a Pod asking for `requests.cpu=2` in a namespace
that has used 1 of a hard 2 fails `less_than_or_equal` on exactly `requests.cpu`, and
that name is what the error message reports.
"""

from __future__ import annotations

from ..quantity import Quantity

ZERO = Quantity.from_int(0)


def parse_list(resources: dict | None) -> dict[str, Quantity]:
    """A stored list (strings) as Quantities."""
    return {name: Quantity.parse(value) for name, value in (resources or {}).items()}


def format_list(resources: dict[str, Quantity]) -> dict[str, str]:
    """A list as the API stores it: Quantity.String() of each value."""
    return {name: str(q) for name, q in sorted(resources.items())}


def add(a: dict, b: dict) -> dict:
    """Add: the sum of a and b, for the names in either."""
    result = dict(a)
    for name, q in b.items():
        result[name] = result[name] + q if name in result else q
    return result


def subtract_with_non_negative_result(a: dict, b: dict) -> dict:
    """SubtractWithNonNegativeResult: a - b, floored at zero, for the names in either."""
    result = {}
    for name in set(a) | set(b):
        value = a.get(name, ZERO) - b.get(name, ZERO)
        result[name] = value if value.sign() > 0 else ZERO
    return result


def mask(resources: dict, names) -> dict:
    """Mask: only the named resources."""
    return {name: q for name, q in resources.items() if name in set(names)}


def less_than_or_equal(a: dict, b: dict) -> tuple[bool, list[str]]:
    """LessThanOrEqual: is a <= b for every name in a that b constrains? And which fail."""
    exceeded = sorted(name for name, q in a.items() if name in b and b[name] < q)
    return not exceeded, exceeded


def is_zero(resources: dict) -> bool:
    return all(q.is_zero() for q in resources.values())


def is_negative(resources: dict) -> list[str]:
    return sorted(name for name, q in resources.items() if q.sign() < 0)


def pretty_print(resources: dict) -> str:
    """prettyPrint: `requests.cpu=2,requests.memory=1Gi`, names sorted."""
    return ",".join(f"{name}={resources[name]}" for name in sorted(resources))
