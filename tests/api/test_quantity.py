"""Resource quantities: every canonical form below is what kubectl v1.35 stores for
`kubectl set resources --local -f dep.yaml --requests=memory=<input> -o jsonpath=…`,
i.e. resource.ParseQuantity followed by Quantity.String() (the API server's round trip)."""

from fractions import Fraction

import pytest
from hypothesis import given, strategies as st

from k8s_model.api.quantity import Quantity, QuantityError, parse_quantity

CANONICAL = [
    ("500m", "500m"), ("1Gi", "1Gi"), ("1.5Gi", "1536Mi"), ("0.1", "100m"), ("1.5", "1500m"),
    ("100Ki", "100Ki"), ("1024Ki", "1Mi"), ("1000Ki", "1000Ki"), ("1024Mi", "1Gi"),
    ("1.1Ki", "1126400m"), ("0.5Ki", "512"), ("-1.5Ki", "-1536"), ("-.5Mi", "-512Ki"),
    ("1.5Ti", "1536Gi"), ("1.5Ei", "1536Pi"), ("8Ei", "9223372036854775807"),
    ("1000", "1k"), ("2000", "2k"), ("1000000", "1M"), ("1000m", "1"), ("1.000", "1"),
    ("2048", "2048"), ("1.5k", "1500"), ("10.50", "10500m"), ("1.0005", "1000500u"),
    ("0.1m", "100u"), ("1.5n", "2n"), ("0.5n", "1n"), ("0.0000000001", "1n"),
    ("2e3", "2e3"), ("1e3", "1e3"), ("1E3", "1E3"), ("3e4", "30e3"), ("1e19", "10e18"),
    ("1.5e3", "1500"), ("1.5e-3", "1500e-6"), ("1e-12", "1e-9"), ("1E", "1E"),
    ("1000E", "1"),                                   # beyond E there is no suffix: upstream
    ("9223372036854775808", "9223372036854775808"),   # DecimalSI is not capped
    ("1e9223372036854775807", "100e-3"),              # the exponent is an int32
    # kept verbatim: upstream echoes input that is already in "fast canonical" form
    ("+1", "+1"), ("05", "05"), ("1.", "1."), ("0001", "0001"), ("05Ki", "05Ki"),
    ("1.Ki", "1.Ki"), ("1.e3", "1.e3"),
    ("0", "0"), ("00", "0"), ("-0", "0"), ("0m", "0"), ("0Ki", "0"), ("-", "0"), (".", "0"),
    (".5", "500m"), ("+.5", "500m"), ("-1", "-1"), ("-0.5", "-500m"),
]


@pytest.mark.parametrize("text,want", CANONICAL)
def test_canonical_form(text, want):
    """Quantity.String() after ParseQuantity, exactly as the API server stores it."""
    assert str(Quantity.parse(text)) == want


FORMAT = ("quantities must match the regular expression "
          "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")
SUFFIX = "unable to parse quantity's suffix"
ERRORS = [
    ("", FORMAT), ("abc", FORMAT), ("1g", FORMAT), ("1e3x", FORMAT), ("1.2.3", FORMAT),
    ("2e-1Ki", FORMAT), ("1 Gi", FORMAT), (True, FORMAT),
    ("1e", SUFFIX), ("1i", SUFFIX), ("1K", SUFFIX), ("1ki", SUFFIX), ("1Kii", SUFFIX),
    ("1m5", SUFFIX), ("1e+", SUFFIX), ("1EEE", SUFFIX),
]


@pytest.mark.parametrize("text,want", ERRORS)
def test_parse_errors(text, want):
    """Bad quantities raise QuantityError with upstream's message."""
    with pytest.raises(QuantityError) as err:
        parse_quantity(text)
    assert str(err.value) == want


VALUES = [
    ("500m", 1, 500), ("1500m", 2, 1500), ("0.1", 1, 100), ("1Ki", 1024, 1024000),
    ("1n", 1, 1), ("2", 2, 2000), ("-1500m", -2, -1500), ("0", 0, 0),
]


@pytest.mark.parametrize("text,value,milli", VALUES)
def test_value_and_milli_value(text, value, milli):
    """Value() and MilliValue() round up, away from zero."""
    q = Quantity.parse(text)
    assert (q.value(), q.milli_value()) == (value, milli)


def test_numbers_from_yaml():
    """YAML numbers arrive as Go's JSON encoding of them: `cpu: 0.5` is 500m, and the
    exponent forms Go prints (1e-7, 1e+21) parse as DecimalExponent."""
    assert [str(parse_quantity(v)) for v in (2, 0.5, 1.0, 1e-07, 1e21, 1024)] == \
        ["2", "500m", "1", "100e-9", "1e+21", "1024"]


def test_arithmetic_and_order():
    """Add and Sub are exact; the result keeps the left format unless that was zero."""
    a, b = Quantity.parse("1.5Gi"), Quantity.parse("512Mi")
    assert str(a + b) == "2Gi" and str(a - b) == "1Gi"
    assert str(Quantity.parse("100m") + Quantity.parse("1")) == "1100m"
    assert str(Quantity.parse("0") + Quantity.parse("1Ki")) == "1Ki"
    assert str(Quantity.parse("1Ki") - Quantity.parse("1Ki")) == "0"
    assert str(-Quantity.parse("1Mi")) == "-1Mi"
    assert Quantity.parse("1Gi") > Quantity.parse("1G") > Quantity.parse("999M")
    assert Quantity.parse("0.5") == Quantity.parse("500m") and \
        len({Quantity.parse("0.5"), Quantity.parse("500m")}) == 1
    assert sorted(map(Quantity.parse, ["1", "100m", "2k"])) == \
        [Quantity.parse("100m"), Quantity.parse("1"), Quantity.parse("2k")]
    assert Quantity.parse("1.5").amount == Fraction(3, 2)


def test_round_up_and_constructors():
    """RoundUp to milli (what defaulting does to requests); NewQuantity, NewMilliQuantity."""
    assert str(Quantity.parse("0.1m").round_up(-3)) == "1m"
    assert str(Quantity.parse("1u").round_up(-3)) == "1m"
    assert str(Quantity.parse("+1").round_up(-3)) == "+1"        # already fine: kept
    assert str(Quantity.parse("1.0001").round_up(-3)) == "1001m"
    assert str(Quantity.from_int(1024, "BinarySI")) == "1Ki"
    assert str(Quantity.from_int(1000)) == "1k"
    assert str(Quantity.from_milli(1500)) == "1500m"
    assert str(Quantity.from_milli(2000)) == "2"


DECIMALS = st.builds(lambda n, d, s: f"{n}.{d}{s}" if d else f"{n}{s}",
                     st.integers(0, 10**9), st.sampled_from(["", "5", "25", "125", "0001"]),
                     st.sampled_from(["", "m", "k", "M", "G", "Ki", "Mi", "Gi", "e3", "e-3",
                                      "u", "n"]))


@given(DECIMALS)
def test_canonical_form_is_stable(text):
    """Parsing the printed form gives the same amount, and the form is stable from the
    second round on. (Not always the first: upstream prints 1703.125Ki as "1744000" —
    a BinarySI amount with no whole binary suffix — and that, parsed as DecimalSI,
    prints as "1744k".)"""
    q = Quantity.parse(text)
    again = Quantity.parse(str(q))
    assert again == q
    assert str(Quantity.parse(str(again))) == str(again)
