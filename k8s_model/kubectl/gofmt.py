"""How Go's fmt and encoding/json print JSON-like values, as kubectl shows them.

kubectl decodes objects into Go `map[string]interface{}` values and prints them
with `fmt.Sprint` (custom columns, table cells), `%#v` (jsonpath error dumps) or
`json.Marshal` (jsonpath results that are maps or lists). The three differ:

    value {"app": "web", "n": 2}
    fmt.Sprint   -> map[app:web n:2]
    %#v          -> map[string]interface {}{"app":"web", "n":2}
    json.Marshal -> {"app":"web","n":2}

Map keys always print sorted. Floats print in Go's shortest form (1e+06 for %v,
1000000 for JSON), and json.Marshal escapes <, > and & as \\u003c, \\u003e, \\u0026.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any


def _digits(f: float) -> tuple[str, int]:
    """Shortest decimal digits of f and the decimal point position (strconv's digs.dp)."""
    sign, digits, exponent = Decimal(repr(abs(f))).normalize().as_tuple()
    text = "".join(map(str, digits))
    return text, len(text) + exponent


def _format_e(digits: str, dp: int) -> str:
    mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    exp = dp - 1
    return f"{mantissa}e{'-' if exp < 0 else '+'}{abs(exp):02d}"


def _format_f(digits: str, dp: int) -> str:
    if dp <= 0:
        return "0." + "0" * -dp + digits
    if dp >= len(digits):
        return digits + "0" * (dp - len(digits))
    return digits[:dp] + "." + digits[dp:]


def format_float_g(f: float) -> str:
    """strconv.FormatFloat(f, 'g', -1, 64), which fmt's %v uses: 1e+06, 0.5, 1.5e-05."""
    if f == 0:
        return "0"
    if f != f:
        return "NaN"
    if f in (float("inf"), float("-inf")):
        return "+Inf" if f > 0 else "-Inf"
    digits, dp = _digits(f)
    exp = dp - 1
    body = _format_e(digits, dp) if exp < -4 or exp >= 6 else _format_f(digits, dp)
    return ("-" if f < 0 else "") + body


def format_float_json(f: float) -> str:
    """encoding/json's float encoding: 'f' form unless |f| < 1e-6 or >= 1e21."""
    if f == 0:
        return "0"
    digits, dp = _digits(f)
    a = abs(f)
    if a < 1e-6 or a >= 1e21:
        body = _format_e(digits, dp)
        # Go cleans "e-07" to "e-7".
        if "e-0" in body:
            body = body.replace("e-0", "e-")
    else:
        body = _format_f(digits, dp)
    return ("-" if f < 0 else "") + body


def sprint(value: Any) -> str:
    """fmt.Sprint / %v of a decoded JSON value."""
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format_float_g(value)
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{sprint(value[k])}" for k in sorted(value)) + "]"
    if isinstance(value, (list, tuple)):
        return "[" + " ".join(sprint(v) for v in value) + "]"
    return str(value)


def quote(s: str) -> str:
    """strconv.Quote: printable runes kept, the rest escaped."""
    out = ['"']
    for ch in s:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ch.isprintable():
            out.append(ch)
        elif ord(ch) < 0x80:
            out.append({"\a": "\\a", "\b": "\\b", "\f": "\\f", "\v": "\\v"}.get(ch, f"\\x{ord(ch):02x}"))
        elif ord(ch) < 0x10000:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    out.append('"')
    return "".join(out)


def sharp_v(value: Any) -> str:
    """%#v of a decoded JSON value (map[string]interface {}{...})."""
    if value is None:
        return "interface {}(nil)"
    if isinstance(value, str):
        return quote(value)
    if isinstance(value, dict):
        inner = ", ".join(f"{quote(k)}:{sharp_v(value[k])}" for k in sorted(value))
        return "map[string]interface {}{" + inner + "}"
    if isinstance(value, (list, tuple)):
        return "[]interface {}{" + ", ".join(sharp_v(v) for v in value) + "}"
    return sprint(value)


def _json_value(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format_float_json(value)
    if isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
        return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
    if isinstance(value, dict):
        return "{" + ",".join(f"{_json_value(str(k))}:{_json_value(value[k])}"
                              for k in sorted(value)) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_json_value(v) for v in value) + "]"
    raise TypeError(f"json: unsupported type {type(value).__name__}")


def json_marshal(value: Any) -> str:
    """encoding/json.Marshal: compact, sorted keys, HTML-safe escapes."""
    return _json_value(value)


def json_marshal_indent(value: Any, indent: str = "    ", prefix: str = "") -> str:
    """encoding/json.MarshalIndent(value, "", indent): one element per line."""
    inner = prefix + indent
    if isinstance(value, dict) and value:
        items = [f"{inner}{_json_value(str(k))}: {json_marshal_indent(value[k], indent, inner)}"
                 for k in sorted(value)]
        return "{\n" + ",\n".join(items) + "\n" + prefix + "}"
    if isinstance(value, (list, tuple)) and value:
        items = [inner + json_marshal_indent(v, indent, inner) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + prefix + "]"
    return _json_value(value)


def go_type(value: Any) -> str:
    """The Go type name of a decoded JSON value (`%v` of reflect.Type)."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int64"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dict):
        return "map[string]interface {}"
    if isinstance(value, (list, tuple)):
        return "[]interface {}"
    return "interface {}"
