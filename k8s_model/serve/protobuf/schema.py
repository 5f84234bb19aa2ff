"""The field tables (tables_*.py) read into `Field`s, plus the few messages the JSON
encoder writes in a form of their own (apimachinery's custom MarshalJSON methods)."""

from __future__ import annotations

from dataclasses import dataclass

from . import tables_apis, tables_core, tables_meta

SCALARS = {"s", "b", "i32", "i64", "bytes", "raw"}   # raw: bytes kept as bytes (specials)

# Messages with a JSON form of their own: the decoder hands their fields to a converter
# (decode.py). Their tables, in the same notation:
SPECIAL = {
    "Time": "1 seconds i64!; 2 nanos i32!",              # "2026-01-01T00:00:00Z"
    "MicroTime": "1 seconds i64!; 2 nanos i32!",         # "2026-01-01T00:00:00.000000Z"
    "Duration": "1 duration i64!",                       # nanoseconds → "1h0m0s"
    "IntOrString": "1 type i64!; 2 intVal i32!; 3 strVal s!",   # 8080 or "http"
    "Quantity": "1 string s!",                           # "500m"
    "RawExtension": "1 raw raw!",                        # embedded JSON (or protobuf)
    "FieldsV1": "1 Raw raw!",                            # managedFields' JSON set
    "ExtraValue": "1 items []s",                         # a JSON list of strings
}


@dataclass(frozen=True)
class Field:
    number: int
    name: str
    type: str            # a scalar of SCALARS or a message name
    repeated: bool = False
    map: bool = False    # map<string, type>
    flag: str = ""       # "", "*" pointer, "!" no omitempty, "^" inline


def parse(line: str) -> dict[int, Field]:
    """'1 name s!; 3 values []s' → {1: Field(1, 'name', 's', flag='!'), 3: …}."""
    fields = {}
    for spec in line.split(";"):
        number, name, kind = spec.split()
        flag = kind[-1] if kind[-1] in "*!^" else ""
        kind = kind.rstrip("*!^")
        repeated, is_map = kind.startswith("[]"), kind.startswith("{")
        kind = kind.removeprefix("[]").strip("{}")
        fields[int(number)] = Field(int(number), name, kind, repeated, is_map, flag)
    return fields


MESSAGES: dict[str, dict[int, Field]] = {
    name: parse(line)
    for table in (tables_meta.MESSAGES, tables_core.MESSAGES, tables_apis.MESSAGES, SPECIAL)
    for name, line in table.items()}
UNMODELLED = tables_core.UNMODELLED | tables_apis.UNMODELLED
OBJECTS = tables_apis.OBJECTS
