"""How go-yaml v2 writes each scalar and orders map keys (kubectl's `-o yaml`).

kubectl marshals an object to JSON, reads that JSON back as YAML (so numbers stay
ints or floats) and emits it with go-yaml v2 (sigs.k8s.io/yaml/goyaml.v2: encode.go,
resolve.go, sorter.go, and emitterc.go's analyze_scalar). A string is written in the
plainest style that still reads back as the same string: `web` plain, `80` as `"80"`
(plain would read back as a number), `*` as `'*'` (an alias indicator), `a: b` as
`'a: b'`, and text with a newline as a `|` block. Map keys come in go-yaml's "natural"
order, which compares digit runs as numbers: `a2` before `a10`.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata

BEST_INDENT = 2
BEST_WIDTH = 80

# --- resolve.go: what would a plain (unquoted) scalar read back as? -------------------

_BOOL_NULL_FLOAT = {
    *"y Y yes Yes YES true True TRUE on On ON".split(),
    *"n N no No NO false False FALSE off Off OFF".split(),
    "", "~", "null", "Null", "NULL",
    ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF",
    "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
}
_YAML_STYLE_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_BASE60_FLOAT = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?\Z")
_GO_INT = re.compile(r"[-+]?(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO]?[0-7]*|[1-9][0-9]*)\Z")
_DIGITS = r"\d(?:_?\d)*"  # Go number syntax: an underscore only between digits
_GO_DEC_FLOAT = re.compile(
    rf"[-+]?({_DIGITS}\.?(?:{_DIGITS})?|\.{_DIGITS})([eE][-+]?{_DIGITS})?\Z")
# Go's time.Parse layouts "2006-1-2T15:4:5.999999999Z07:00", its lower-case "t" and
# space-separated twins, and "2006-1-2" (month, day, hour, minute, second: 1-2 digits).
_TIMESTAMP = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:(?:[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,]\d+)?(?:Z|[-+]\d\d:\d\d))"
    r"|(?: (\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,]\d+)?))?\Z")
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _is_timestamp(s: str) -> bool:
    m = _TIMESTAMP.match(s)
    if not m:
        return False
    year, month, day = int(m[1]), int(m[2]), int(m[3])
    if not 1 <= month <= 12 or not 1 <= day <= _DAYS[month - 1]:
        return False
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    if month == 2 and day == 29 and not leap:
        return False
    hms = [int(x) for x in (m[4], m[5], m[6]) if x] or [int(x) for x in (m[7], m[8], m[9]) if x]
    return not hms or (hms[0] < 24 and hms[1] < 60 and hms[2] < 60)


def _go_parse_float(s: str) -> bool:
    """strconv.ParseFloat succeeds (decimal syntax, finite)."""
    return bool(_GO_DEC_FLOAT.match(s)) and not math.isinf(float(s.replace("_", "")))


def resolves_to_str(s: str) -> bool:
    """True when `s` written plain reads back as the string itself (resolve() == !!str).

    `web` and `80:8080` do; `80`, `1_000`, `0x1F`, `1e3`, `yes`, `~`, `2024-01-01`
    and `1:20` (a YAML 1.1 base-60 number) do not, so go-yaml quotes them."""
    hint = s[:1]
    if s in _BOOL_NULL_FLOAT:
        return False
    if hint == ".":
        return not _go_parse_float(s)
    if hint and (hint in "+-" or hint.isdigit() and hint.isascii()):
        if _is_timestamp(s):
            return False
        plain = s.replace("_", "")
        if _GO_INT.match(plain):
            return False
        if _YAML_STYLE_FLOAT.match(plain) and _go_parse_float(plain):
            return False
        return not _BASE60_FLOAT.match(s)
    return True


# --- number formatting: strconv.FormatFloat ------------------------------------------

def _digits(f: float) -> tuple[str, int]:
    """Shortest round-trip decimal digits of |f| and the decimal point position:
    2.5 -> ("25", 1); 0.001 -> ("1", -2); 0.0 -> ("0", 1)."""
    if f == 0:
        return "0", 1
    mantissa, _, exp = repr(abs(f)).partition("e")
    whole, _, frac = mantissa.partition(".")
    digits = whole + frac
    stripped = digits.lstrip("0")
    point = len(whole) + (int(exp) if exp else 0) - (len(digits) - len(stripped))
    return stripped.rstrip("0"), point


def _fmt_e(neg: bool, digits: str, point: int) -> str:
    exp = point - 1 if digits != "0" else 0
    mant = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    return f"{'-' if neg else ''}{mant}e{'-' if exp < 0 else '+'}{abs(exp):02d}"


def _fmt_f(neg: bool, digits: str, point: int) -> str:
    if point <= 0:
        text = "0." + "0" * -point + digits
    elif point >= len(digits):
        text = digits + "0" * (point - len(digits))
    else:
        text = digits[:point] + "." + digits[point:]
    return ("-" if neg else "") + text


def format_float_g(f: float) -> str:
    """strconv.FormatFloat(f, 'g', -1, 64) as go-yaml writes floats:
    2.5 -> 2.5, 1234567.5 -> 1.2345675e+06, 0.00001 -> 1e-05."""
    if math.isnan(f):
        return ".nan"
    if math.isinf(f):
        return ".inf" if f > 0 else "-.inf"
    digits, point = _digits(f)
    neg = math.copysign(1, f) < 0
    exp = point - 1
    if digits != "0" and (exp < -4 or exp >= 6):
        return _fmt_e(neg, digits, point)
    return _fmt_f(neg, digits, point)


def format_float_json(f: float) -> str:
    """encoding/json's float64: 'f' form unless |f| < 1e-6 or >= 1e21; 3.0 -> 3, -0.0 -> -0."""
    digits, point = _digits(f)
    neg = math.copysign(1, f) < 0
    if f != 0 and (abs(f) < 1e-6 or abs(f) >= 1e21):
        return re.sub(r"e-0(\d)$", r"e-\1", _fmt_e(neg, digits, point))
    return _fmt_f(neg, digits, point)


def format_json_number(value: int | float) -> str:
    """A number as kubectl's JSON has it: an int beyond int64 was decoded as a float64."""
    if isinstance(value, int) and -2**63 <= value < 2**63:
        return str(value)
    return format_float_json(float(value))


def json_number_to_yaml(value: int | float) -> str:
    """A JSON number as go-yaml re-reads and writes it: 3.0 (JSON `3`) is an int."""
    text = format_json_number(value)
    if re.fullmatch(r"-?\d+", text) and -2**63 <= int(text) < 2**64:
        return str(int(text))  # JSON "-0" reads back as the int 0
    return format_float_g(float(text))  # beyond uint64, go-yaml reads a float


# --- sorter.go: the order of map keys -------------------------------------------------

def _is_letter(c: str) -> bool:
    return unicodedata.category(c).startswith("L")


def _is_digit(c: str) -> bool:
    return unicodedata.category(c) == "Nd"


def key_less(a: str, b: str) -> bool:
    """go-yaml's keyList.Less: letters after non-letters, digit runs compared as
    numbers. `a2` < `a10`; `a_b` < `aB` (a letter sorts after `_`)."""
    for i in range(min(len(a), len(b))):
        if a[i] == b[i]:
            continue
        al, bl = _is_letter(a[i]), _is_letter(b[i])
        if al and bl:
            return a[i] < b[i]
        if al or bl:
            return bl
        an = bn = 0
        if a[i] == "0" or b[i] == "0":
            j = i - 1
            while j >= 0 and _is_digit(a[j]):
                if a[j] != "0":
                    an = bn = 1
                    break
                j -= 1
        ai = i
        while ai < len(a) and _is_digit(a[ai]):
            an = an * 10 + (ord(a[ai]) - ord("0"))
            ai += 1
        bi = i
        while bi < len(b) and _is_digit(b[bi]):
            bn = bn * 10 + (ord(b[bi]) - ord("0"))
            bi += 1
        if an != bn:
            return an < bn
        if ai != bi:
            return ai < bi
        return a[i] < b[i]
    return len(a) < len(b)


def sorted_keys(mapping: dict) -> list[str]:
    """Keys in the order go-yaml writes them. (key_less is not transitive for odd
    keys: `019` < `0x1` < `1:30` < `019`; go-yaml then depends on Go's random map
    order, so no output is "right". Real field names and labels never hit this.)"""
    if all(key.isascii() and key.isalpha() for key in mapping):
        return sorted(mapping)  # field names: the natural order is the plain one
    return sorted(mapping, key=functools.cmp_to_key(
        lambda x, y: -1 if key_less(x, y) else (1 if key_less(y, x) else 0)))


# --- emitterc.go's yaml_emitter_analyze_scalar ----------------------------------

BREAKS = "\r\n\x85\u2028\u2029"


def printable(c: str) -> bool:
    o = ord(c)
    return (c == "\n" or 0x20 <= o <= 0x7E or 0xA0 <= o <= 0xD7FF
            or (0xE000 <= o <= 0xFFFD and o != 0xFEFF))


# Text that needs no scan: printable, no indicator, no leading/trailing space, no break.
_SIMPLE = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_./ -]*[A-Za-z0-9_./-])?\Z")


class ScalarAnalysis:
    """yaml_emitter_analyze_scalar: which styles can carry this text unchanged."""

    def __init__(self, value: str):
        self.multiline = False
        self.block_plain_allowed = self.single_quoted_allowed = self.block_allowed = True
        if _SIMPLE.match(value):
            return
        if not value:
            self.block_allowed = False
            return
        block_indicators = value.startswith(("---", "..."))
        leading_space = leading_break = trailing_space = trailing_break = False
        break_space = space_break = special = line_breaks = False
        preceded_by_ws, prev_space, prev_break = True, False, False
        last = len(value) - 1
        for i, c in enumerate(value):
            followed_by_ws = i == last or value[i + 1] in " \t"
            if i == 0:
                if c in "#,[]{}&*!|>'\"%@`":
                    block_indicators = True
                elif c in "?:-" and followed_by_ws:
                    block_indicators = True
            elif (c == ":" and followed_by_ws) or (c == "#" and preceded_by_ws):
                block_indicators = True
            if not printable(c):
                special = True
            if c == " ":
                leading_space |= i == 0
                trailing_space |= i == last
                break_space |= prev_break
                prev_space, prev_break = True, False
            elif c in BREAKS:
                line_breaks = True
                leading_break |= i == 0
                trailing_break |= i == last
                space_break |= prev_space
                prev_space, prev_break = False, True
            else:
                prev_space = prev_break = False
            preceded_by_ws = c in " \t\0" + BREAKS
        self.multiline = line_breaks
        if leading_space or leading_break or trailing_space or trailing_break:
            self.block_plain_allowed = False
        if trailing_space:
            self.block_allowed = False
        if break_space:
            self.block_plain_allowed = self.single_quoted_allowed = False
        if space_break or special:
            self.block_plain_allowed = self.single_quoted_allowed = False
            self.block_allowed = False
        if line_breaks or block_indicators:
            self.block_plain_allowed = False
