"""Small checks shared by every kind's validation (k8s.io/apimachinery/pkg/util/validation
and pkg/api/validation/generic.go): port numbers and names, percentages, ConfigMap keys,
name functions per kind, "must be greater than or equal to 0", "field is immutable".

Each `is_*` returns upstream's messages (empty when fine); callers wrap them into field
errors, as Go does with `for _, msg := range validation.IsValidPortNum(port)`.
"""

from __future__ import annotations

import re

from ..errors import FieldError, invalid
from ..names import (is_dns1035_label, is_dns1123_label, is_dns1123_subdomain,
                     max_len_error, regex_error)

IS_NEGATIVE = "must be greater than or equal to 0"
FIELD_IMMUTABLE = "field is immutable"
MAX_INT32 = 2**31 - 1

_PORT_NAME_CHARS = re.compile(r"[-a-z0-9]+")
_PORT_NAME_LETTER = re.compile(r".*[a-z]")
_CONFIG_MAP_KEY = re.compile(r"[-._a-zA-Z0-9]+")
_PERCENT = re.compile(r"[0-9]+%")


def inclusive_range_error(low: int, high: int) -> str:
    return f"must be between {low} and {high}, inclusive"


def is_valid_port_num(port: int) -> list[str]:
    return [] if 1 <= port <= 65535 else [inclusive_range_error(1, 65535)]


def is_valid_port_name(name: str) -> list[str]:
    """IsValidPortName: an IANA_SVC_NAME (`http`, `metrics-1`), at most 15 characters."""
    errs = []
    if len(name) > 15:
        errs.append(max_len_error(15))
    if not _PORT_NAME_CHARS.fullmatch(name):
        errs.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
    if not _PORT_NAME_LETTER.match(name):
        errs.append("must contain at least one letter (a-z)")
    if "--" in name:
        errs.append("must not contain consecutive hyphens")
    if name.startswith("-") or name.endswith("-"):
        errs.append("must not begin or end with a hyphen")
    return errs


def is_config_map_key(key: str) -> list[str]:
    """IsConfigMapKey: the file name a key becomes when a volume mounts it."""
    errs = []
    if len(key) > 253:
        errs.append(max_len_error(253))
    if not _CONFIG_MAP_KEY.fullmatch(key):
        errs.append(regex_error("a valid config key must consist of alphanumeric characters, "
                                "'-', '_' or '.'", "[-._a-zA-Z0-9]+", "key.name", "KEY_NAME",
                                "key-name"))
    if key == ".":
        errs.append("must not be '.'")
    elif key == "..":
        errs.append("must not be '..'")
    elif key.startswith(".."):
        errs.append("must not start with '..'")
    return errs


def is_valid_percent(value: str) -> list[str]:
    if _PERCENT.fullmatch(value):
        return []
    return [regex_error("a valid percent string must be a numeric string followed by an "
                        "ending '%'", "[0-9]+%", "1%", "93%")]


def nonnegative(value, path: str) -> list[FieldError]:
    """ValidateNonnegativeField: `spec.replicas: Invalid value: -1: must be greater than or
    equal to 0`."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0:
        return [invalid(path, value, IS_NEGATIVE)]
    return []


def immutable(new, old, path: str) -> list[FieldError]:
    """ValidateImmutableField: the *new* value is shown."""
    return [] if new == old else [invalid(path, new, FIELD_IMMUTABLE)]


def _mask_trailing_dash(name: str) -> str:
    """A generateName may end in `-`: the random suffix follows it."""
    return name[:-2] + "a" if len(name) > 1 and name.endswith("-") else name


def name_is_dns_subdomain(name: str, prefix: bool = False) -> list[str]:
    return is_dns1123_subdomain(_mask_trailing_dash(name) if prefix else name)


def name_is_dns_label(name: str, prefix: bool = False) -> list[str]:
    return is_dns1123_label(_mask_trailing_dash(name) if prefix else name)


def name_is_dns1035_label(name: str, prefix: bool = False) -> list[str]:
    return is_dns1035_label(_mask_trailing_dash(name) if prefix else name)


_PATH_SEGMENT_BAD = ("..", ".")


def name_is_path_segment(name: str, prefix: bool = False) -> list[str]:
    """path.IsValidPathSegmentName (RBAC object names)."""
    if not prefix and name in _PATH_SEGMENT_BAD:
        return [f"may not be '{name}'"]
    errs = []
    for bad in ("/", "%"):
        if bad in name:
            errs.append(f"may not contain '{bad}'")
    return errs
