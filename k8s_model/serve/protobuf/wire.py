"""The protocol buffers wire format, read-only (protobuf.dev/programming-guides/encoding).

A message is a sequence of fields; each starts with a varint key, `field_number << 3 |
wire_type`. Four wire types carry everything Kubernetes sends:

    0 VARINT   int32, int64, bool        08 96 01        → field 1, varint 150
    1 I64      fixed 8 bytes (unused by k8s.io/api, read for completeness)
    2 LEN      varint length + bytes: strings, bytes, nested messages, packed lists
    5 I32      fixed 4 bytes

Negative int32/int64 values are 10-byte two's-complement varints (k8s uses no sint/zigzag).
"""

from __future__ import annotations

from typing import Iterator

VARINT, I64, LEN, I32 = 0, 1, 2, 5


class WireError(ValueError):
    """The bytes are not a well-formed protobuf message."""


def read_varint(data: bytes, pos: int) -> tuple[int, int]:
    """(value, next position) of the varint at `pos`: 7 bits per byte, low groups first."""
    value = shift = 0
    while True:
        if pos >= len(data):
            raise WireError("unexpected end of data inside a varint")
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, pos
        shift += 7
        if shift >= 70:
            raise WireError("varint longer than 10 bytes")


def signed(value: int, bits: int = 64) -> int:
    """A varint as Go's int32/int64 sees it: -1 arrives as 2**64 - 1."""
    value &= (1 << 64) - 1
    if value >= 1 << 63:
        value -= 1 << 64
    if bits == 32:
        value = (value + (1 << 31)) % (1 << 32) - (1 << 31)
    return value


def fields(data: bytes) -> Iterator[tuple[int, int, int | bytes]]:
    """(field number, wire type, value) for each field: an int for VARINT/I64/I32,
    the raw bytes for LEN."""
    pos = 0
    while pos < len(data):
        key, pos = read_varint(data, pos)
        number, wire_type = key >> 3, key & 7
        if number == 0:
            raise WireError("field number 0 is not allowed")
        if wire_type == VARINT:
            value, pos = read_varint(data, pos)
        elif wire_type in (I64, I32):
            size = 8 if wire_type == I64 else 4
            if pos + size > len(data):
                raise WireError("unexpected end of data inside a fixed-size field")
            value, pos = int.from_bytes(data[pos:pos + size], "little"), pos + size
        elif wire_type == LEN:
            size, pos = read_varint(data, pos)
            if pos + size > len(data):
                raise WireError(f"field {number} claims {size} bytes, only {len(data) - pos} left")
            value, pos = data[pos:pos + size], pos + size
        else:
            raise WireError(f"wire type {wire_type} (groups) is not used by Kubernetes")
        yield number, wire_type, value


def packed_varints(data: bytes) -> list[int]:
    """A packed repeated int field: varints back to back in one LEN field."""
    values, pos = [], 0
    while pos < len(data):
        value, pos = read_varint(data, pos)
        values.append(value)
    return values
