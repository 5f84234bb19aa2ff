"""A protobuf body → the JSON-shaped dict the API server works with
(apimachinery/pkg/runtime/serializer/protobuf/protobuf.go, then encoding/json's rules).

    6b 38 73 00 │ Unknown{typeMeta{apiVersion "apps/v1", kind "Deployment"}, raw <Deployment>}
    magic "k8s\\0"

The object inside `raw` is decoded field by field with the tables; the result is what
Go's JSON encoder would write for the same struct, so a typed client's protobuf body and
`kubectl create … --dry-run=client -o json` give the same dict. What the tables do not
model is refused (`Unmodelled`), never guessed.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime, timedelta, timezone

from ...kubectl.flags import format_duration
from . import wire
from .schema import MESSAGES, OBJECTS, SCALARS, SPECIAL, UNMODELLED, Field

MAGIC = b"k8s\x00"
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_ZERO = {"s": "", "b": False, "i32": 0, "i64": 0, "bytes": b"", "raw": b""}
_OMIT = object()   # a zero metav1.Time: `omitzero` leaves it out (creationTimestamp)


class Unmodelled(Exception):
    """Well-formed protobuf this server does not model: a kind, a message or a field number."""


def decode_body(raw: bytes) -> dict:
    """The object an `application/vnd.kubernetes.protobuf` body carries, as JSON."""
    if not raw.startswith(MAGIC):
        raise wire.WireError(f"provided data does not appear to be a protobuf message, "
                             f"expected prefix {list(MAGIC)}")
    unknown = decode_message("Unknown", raw[len(MAGIC):], "")
    type_meta = unknown.get("typeMeta", {})
    api_version, kind = type_meta.get("apiVersion", ""), type_meta.get("kind", "")
    encoding, content_type = unknown.get("contentEncoding", ""), unknown.get("contentType", "")
    if encoding or content_type not in ("", "application/vnd.kubernetes.protobuf"):
        raise Unmodelled(f"an envelope with contentEncoding {encoding!r} and contentType "
                         f"{content_type!r} is not modelled")
    if kind != "DeleteOptions" and (api_version, kind) not in OBJECTS:
        raise Unmodelled(f"{kind or 'an object without kind'} ({api_version}) bodies are not modelled")
    return {"kind": kind, "apiVersion": api_version,
            **decode_message(kind, unknown.get("raw", b""), "")}


def decode_message(name: str, data: bytes, path: str):
    """The JSON of message `name` found at `path` (for messages: "spec.template.spec")."""
    if name not in MESSAGES:
        if not data:
            return {}   # an empty struct is unambiguous
        raise Unmodelled(f"{path or name} ({name}) is not modelled")
    table = MESSAGES[name]
    found = _read(name, table, data, path)
    if name in SPECIAL:
        return _CONVERT[name]({table[n].name: v for n, v in found.items()})
    return _to_json(table, found)


def _read(name: str, table: dict[int, Field], data: bytes, path: str) -> dict:
    """Field number → value; repeated fields collect a list, maps a dict."""
    found: dict = {}
    for number, wire_type, value in wire.fields(data):
        field = table.get(number)
        if field is None:
            raise Unmodelled(f"field {number} of {name}" + (f" at {path}" if path else "")
                             + " is not modelled")
        here = f"{path}.{field.name}" if path else field.name
        if field.map:
            key, item = _map_entry(field, value, here)
            found.setdefault(number, {})[key] = item
        elif field.repeated:
            items = found.setdefault(number, [])
            items.extend(_values(field, wire_type, value, f"{here}[{len(items)}]"))
        else:
            found[number] = _values(field, wire_type, value, here)[0]
    return found


def _to_json(table: dict[int, Field], found: dict) -> dict:
    """What encoding/json writes for the struct: fields in struct order, zero values of
    `omitempty` scalars left out, nil lists without omitempty as null, inline fields merged."""
    out = {}
    for number, field in table.items():
        value = found.get(number, _OMIT)
        if value is _OMIT:
            if number not in found and field.flag == "!" and (field.repeated or field.map):
                out[field.name] = None
        elif field.flag == "^":
            out.update(value)
        elif field.type in SCALARS and not (field.repeated or field.map) \
                and field.flag == "" and value == _ZERO[field.type]:
            continue
        else:
            out[field.name] = _json_bytes(field, value)
    return out


def _values(field: Field, wire_type: int, value, where: str) -> list:
    """The value(s) one wire field holds: a packed list of ints gives several."""
    if field.type in ("i32", "i64", "b"):
        if wire_type == wire.LEN and field.repeated:   # packed
            numbers = wire.packed_varints(value)
        elif wire_type == wire.VARINT:
            numbers = [value]
        else:
            raise wire.WireError(f"{where}: wire type {wire_type} for a {field.type}")
        if field.type == "b":
            return [bool(n) for n in numbers]
        return [wire.signed(n, 32 if field.type == "i32" else 64) for n in numbers]
    if wire_type != wire.LEN:
        raise wire.WireError(f"{where}: wire type {wire_type} for a {field.type}")
    if field.type == "s":
        return [value.decode("utf-8")]
    if field.type in ("bytes", "raw"):
        return [bytes(value)]
    return [decode_message(field.type, value, where)]


def _map_entry(field: Field, data: bytes, path: str):
    """A map entry is a message {1: key, 2: value}; either may be left out when empty."""
    key, item = "", None
    value_field = Field(2, field.name, field.type)
    for number, wire_type, value in wire.fields(data):
        if number == 1 and wire_type == wire.LEN:
            key = value.decode("utf-8")
        elif number == 2:
            item = _values(value_field, wire_type, value, f"{path}[{key}]")[0]
        else:
            raise wire.WireError(f"{path}: map entry field {number}")
    if item is None:
        item = _ZERO.get(field.type) if field.type in SCALARS else decode_message(field.type, b"", path)
    return key, None if item is _OMIT else item   # a zero Time in a map is null


def _json_bytes(field: Field, value):
    """`bytes` fields are base64 in JSON (Secret.data, ConfigMap.binaryData)."""
    if field.type != "bytes":
        return value
    if field.map:
        return {k: base64.b64encode(v).decode() for k, v in value.items()}
    if field.repeated:
        return [base64.b64encode(v).decode() for v in value]
    return base64.b64encode(value).decode()


# -- the special messages' JSON forms ------------------------------------------------------------
def _time(v: dict, micro: bool = False):
    if not v:   # the zero time.Time, written as nothing at all
        return _OMIT
    at = _EPOCH + timedelta(seconds=v.get("seconds", 0), microseconds=v.get("nanos", 0) // 1000)
    return at.strftime("%Y-%m-%dT%H:%M:%S.%fZ" if micro else "%Y-%m-%dT%H:%M:%SZ")


def _int_or_string(v: dict):
    return v.get("strVal", "") if v.get("type") == 1 else v.get("intVal", 0)


def _raw_json(raw: bytes):
    if not raw:
        return None
    if raw.startswith(MAGIC):
        return decode_body(raw)
    try:
        return json.loads(raw)
    except ValueError as error:
        raise wire.WireError(f"embedded JSON: {error}") from None


_CONVERT = {
    "Time": _time,
    "MicroTime": lambda v: _time(v, micro=True),
    "Duration": lambda v: format_duration(v.get("duration", 0) / 1e9),
    "IntOrString": _int_or_string,
    "Quantity": lambda v: v.get("string", "0"),
    "RawExtension": lambda v: _raw_json(v.get("raw", b"")),
    "FieldsV1": lambda v: _raw_json(v.get("Raw", b"")),
    "ExtraValue": lambda v: v.get("items", []),
}
