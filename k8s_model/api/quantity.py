"""Resource quantities, as k8s.io/apimachinery/pkg/api/resource (quantity.go, amount.go,
suffix.go) parses, stores and prints them: `cpu: 500m`, `memory: 1Gi`.

A quantity is an exact number (never a float) plus the suffix family it was written in:
DecimalSI (m, k, M, G…), BinarySI (Ki, Mi, Gi…) or DecimalExponent (e3). Parsing rounds
up to nano units (0.1n -> 1n); printing picks the largest suffix that loses nothing:

    0.1      -> 100m      (0.1 = 100 * 10^-3)
    1.5Gi    -> 1536Mi    (1.5 * 2^30 = 1536 * 2^20)
    1.1Ki    -> 1126400m  (1126.4 is no whole number of Ki: printed decimally instead)
    1000     -> 1k        3e4 -> 30e3

One upstream quirk is kept because the API server really stores it: a string already
in "fast canonical" form is echoed verbatim, so `+1`, `05` and `1e3` round-trip as typed.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from functools import total_ordering

DECIMAL_SI, BINARY_SI, DECIMAL_EXPONENT = "DecimalSI", "BinarySI", "DecimalExponent"
FORMAT_WRONG = ("quantities must match the regular expression "
                "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")
NUMERIC = "unable to parse numeric part of quantity"
SUFFIX = "unable to parse quantity's suffix"

_DECIMAL = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15,
            "E": 18}
_BINARY = {"Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60}
_DECIMAL_BY_EXP = {e: s for s, e in _DECIMAL.items()}
_BINARY_BY_EXP = {e: s for s, e in _BINARY.items()}
_MAX_INT64 = 2**63 - 1
_NANO = Fraction(1, 10**9)
_DIGITS = "0123456789"


class QuantityError(ValueError):
    """A string that is no quantity; str() is upstream's message."""


def _interpret(suffix: str) -> tuple[int, int, str]:
    """suffixer.interpret: (base, exponent, format)."""
    if suffix in _DECIMAL:
        return 10, _DECIMAL[suffix], DECIMAL_SI
    if suffix in _BINARY:
        return 2, _BINARY[suffix], BINARY_SI
    if len(suffix) > 1 and suffix[0] in "eE":
        rest = suffix[1:]
        digits = rest[1:] if rest[0] in "+-" else rest
        if digits and all(c in _DIGITS for c in digits) and -2**63 <= int(rest) < 2**63:
            # upstream keeps the exponent as an int32: 1e4294967296 really means 1e0
            return 10, (int(rest) + 2**31) % 2**32 - 2**31, DECIMAL_EXPONENT
    raise QuantityError(SUFFIX)


def _scan(text: str) -> tuple[bool, str, str, str]:
    """parseQuantityString: (positive, integer digits, fraction digits, suffix)."""
    pos, end, positive = 0, len(text), True
    if text[:1] in ("-", "+"):
        positive, pos = text[0] == "+", 1
    while pos < end and text[pos] == "0":  # leading zeros
        pos += 1
    if pos == end:
        return positive, "0", "", ""
    start = pos
    while pos < end and text[pos] in _DIGITS:
        pos += 1
    num, denom = text[start:pos] or "0", ""
    if pos < end and text[pos] == ".":
        pos += 1
        start = pos
        while pos < end and text[pos] in _DIGITS:
            pos += 1
        denom = text[start:pos]
    suffix_start = pos
    while pos < end and text[pos] in "eEinumkKMGTP":
        pos += 1
    if pos < end and text[pos] in "+-":
        pos += 1
    while pos < end and text[pos] in _DIGITS:
        pos += 1
    if pos < end:  # something that is neither digit nor suffix
        raise QuantityError(FORMAT_WRONG)
    return positive, num, denom, text[suffix_start:]


def _round_away(value: Fraction, unit: Fraction) -> Fraction:
    """Round `value` to a multiple of `unit`, away from zero (inf.RoundUp)."""
    steps = abs(value) / unit
    whole = steps.numerator // steps.denominator
    whole += 1 if whole != steps else 0
    return (whole if value >= 0 else -whole) * unit


@total_ordering
class Quantity:
    """An exact amount with a format; immutable. `Quantity.parse("1.5Gi")`."""

    __slots__ = ("amount", "format", "_s", "_scale")

    def __init__(self, amount: Fraction | int, format: str = DECIMAL_SI, _s: str | None = None,
                 _scale: int | None = None):
        self.amount = Fraction(amount)
        self.format = format
        self._s = _s          # the input string, echoed when upstream keeps it
        self._scale = _scale  # int64Amount's scale when upstream keeps an int, else None

    @classmethod
    def parse(cls, text) -> "Quantity":
        """ParseQuantity; also takes the int or float YAML gives for `cpu: 2`."""
        if isinstance(text, bool) or not isinstance(text, (str, int, float)):
            raise QuantityError(FORMAT_WRONG)
        text = text if isinstance(text, str) else _json_number(text)
        if not text:
            raise QuantityError(FORMAT_WRONG)
        if text == "0":
            return cls(0, DECIMAL_SI, "0", 0)
        positive, num, denom, suffix = _scan(text)
        base, exponent, fmt = _interpret(suffix)
        if exponent > 1000:  # upstream defers the cost; nobody asks for 1e1001 bytes
            raise QuantityError(NUMERIC)
        sign = 1 if positive else -1
        # The fast path: small enough for an int64 and no finer than nano.
        if fmt == BINARY_SI:
            fast = exponent >= 0 and not denom and 15 - len(num) - exponent * 3 // 10 - 1 >= 0
            scale, mantissa = 0, 1 << exponent
        else:
            fast, scale, mantissa = 18 - len(num) - len(denom) >= 0, exponent - len(denom), 1
        if fast and scale >= -9 and abs(int(num + denom) * mantissa) <= _MAX_INT64:
            shifted = num + denom
            value = sign * int(shifted) * mantissa
            if fmt == BINARY_SI:
                keep = exponent % 10 == 0 and int(shifted) & 7 != 0
            else:
                keep = scale % 3 == 0 and not shifted.endswith("000") and shifted[0] != "0"
            return cls(Fraction(value) * Fraction(10) ** scale, fmt, text if keep else None,
                       scale)
        digits = Fraction(int(num + denom), 10 ** len(denom))
        if exponent < -1000:  # |x| < 1e-1000 rounds up to one nano; skip the huge power
            amount = _NANO if digits else Fraction(0)
        else:
            amount = digits * (Fraction(10) ** exponent if base == 10 else 2 ** exponent)
        amount = _round_away(amount, _NANO)
        if fmt == BINARY_SI:
            amount = min(amount, Fraction(_MAX_INT64))
            if 0 < amount < 1:
                fmt = DECIMAL_SI
        return cls(sign * amount, fmt)

    @classmethod
    def from_int(cls, value: int, format: str = DECIMAL_SI) -> "Quantity":
        """NewQuantity: `Quantity.from_int(1024, "BinarySI")` prints `1Ki`."""
        return cls(value, format, None, 0)

    @classmethod
    def from_milli(cls, value: int, format: str = DECIMAL_SI) -> "Quantity":
        """NewMilliQuantity: `Quantity.from_milli(1500)` prints `1500m`."""
        return cls(Fraction(value, 1000), format, None, -3)

    # -- printing ---------------------------------------------------------------------
    def __str__(self) -> str:
        """Quantity.String(): CanonicalizeBytes, or the kept input string."""
        if self._s is not None:
            return self._s
        if self.amount == 0:
            return "0"
        fmt = self.format
        if fmt == BINARY_SI and (-1024 < self.amount < 1024 or self.amount.denominator != 1):
            fmt = DECIMAL_SI  # small or fractional: binary would round, so go decimal
        if fmt == BINARY_SI:
            mantissa, exponent = _strip_factor(int(self.amount), 1024)
            return f"{mantissa}{_BINARY_BY_EXP.get(exponent * 10, '')}"
        mantissa, exponent = _canonical_decimal(self.amount)
        if fmt == DECIMAL_EXPONENT:
            return f"{mantissa}e{exponent}" if exponent else str(mantissa)
        return f"{mantissa}{_DECIMAL_BY_EXP.get(exponent, '')}"  # beyond E: no suffix, as upstream

    def __repr__(self) -> str:
        return f"Quantity({str(self)!r})"

    # -- values -----------------------------------------------------------------------
    def scaled_value(self, scale: int) -> int:
        """ScaledValue: the amount in units of 10^scale, rounded away from zero."""
        return int(_round_away(self.amount, Fraction(10) ** scale) / Fraction(10) ** scale)

    def value(self) -> int:
        """Value(): whole units rounded up, so `Quantity.parse("1500m").value() == 2`."""
        return self.scaled_value(0)

    def milli_value(self) -> int:
        """MilliValue(): `Quantity.parse("0.1").milli_value() == 100`."""
        return self.scaled_value(-3)

    def is_zero(self) -> bool:
        return self.amount == 0

    def sign(self) -> int:
        return (self.amount > 0) - (self.amount < 0)

    def round_up(self, scale: int) -> "Quantity":
        """RoundUp: rounded away from zero to 10^scale (defaulting rounds requests and
        limits to milli: `0.1m` -> `1m`). A kept input string survives if already fine."""
        if self._scale is not None and self._scale >= scale:
            return self
        rounded = _round_away(self.amount, Fraction(10) ** scale)
        return Quantity(rounded, self.format, None, scale if self._scale is not None else None)

    # -- arithmetic and order ---------------------------------------------------------
    def _combine(self, other: "Quantity", amount: Fraction) -> "Quantity":
        fmt = other.format if self.amount == 0 else self.format  # Add/Sub adopt y's format
        both_int = self._scale is not None and other._scale is not None
        scale = min(self._scale, other._scale) if both_int else None
        if scale is not None and abs(amount / Fraction(10) ** scale) > _MAX_INT64:
            scale = None
        return Quantity(amount, fmt, None, scale)

    def __add__(self, other: "Quantity") -> "Quantity":
        return self._combine(other, self.amount + other.amount)

    def __sub__(self, other: "Quantity") -> "Quantity":
        return self._combine(other, self.amount - other.amount)

    def __neg__(self) -> "Quantity":
        return Quantity(-self.amount, self.format, None, self._scale)

    def __eq__(self, other) -> bool:
        return isinstance(other, Quantity) and self.amount == other.amount

    def __lt__(self, other: "Quantity") -> bool:
        return self.amount < other.amount

    def __hash__(self) -> int:
        return hash(self.amount)


def _strip_factor(value: int, factor: int) -> tuple[int, int]:
    """removeInt64Factors: (value / factor^n, n) for the largest exact n."""
    times = 0
    while value != 0 and value % factor == 0:
        value //= factor
        times += 1
    return value, times


def _canonical_decimal(amount: Fraction) -> tuple[int, int]:
    """AsCanonicalBytes: an integer mantissa and an exponent that is a multiple of 3."""
    exponent = 0
    while amount.denominator != 1:  # amounts are whole nanos at worst: this ends
        amount *= 10
        exponent -= 1
    mantissa, times = _strip_factor(int(amount), 10)
    exponent += times
    while exponent % 3:
        mantissa, exponent = mantissa * 10, exponent - 1
    return mantissa, exponent


def _json_number(number: int | float) -> str:
    """How a YAML number reaches the API server: Go's JSON encoding of it."""
    if isinstance(number, int):
        return str(number)
    text = repr(number)  # shortest round-trip form, as Go's 'g' -1
    if 1e-6 <= abs(number) < 1e21 or number == 0:
        text = format(Decimal(text), "f")
        return text[:-2] if text.endswith(".0") else text
    mantissa, _, exp = text.partition("e")
    return f"{mantissa}e{exp[0]}{exp[1:].lstrip('0') or '0'}"


def parse_quantity(text) -> Quantity:
    """resource.ParseQuantity; raises QuantityError with upstream's message."""
    return Quantity.parse(text)
