"""Validating a custom object against its CRD's openAPIV3Schema.

Upstream hands the object to kube-openapi's SchemaValidator (a fork of
go-openapi/validate) and turns each result into a field error
(apiextensions-apiserver pkg/apiserver/validation/validation.go,
kubeOpenAPIResultToFieldErrors). The messages are go-openapi's, naming the field
`in body`, so a wrong type reads:

    spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"

— the bad "value" shown is the JSON type that was found, not the value itself. The
others: `Required value`; `Unsupported value: "x": supported values: "a", "b"` (enum);
`Invalid value: 15: spec.replicas in body should be less than or equal to 10`;
`Invalid value: "": spec.image in body should be at least 1 chars long`;
`Too long: may not be more than 5 bytes` (maxLength);
`Invalid value: "x": spec.cronSpec in body should match '^…$'` (pattern).

Each schema node runs the validators in kube-openapi's order (type, string, number,
slice, enum, object); a value of the wrong type gets only its type error.
"""

from __future__ import annotations

import re

from .. import errors
from ..errors import FieldError

INT_OR_STRING = "x-kubernetes-int-or-string"


def validate(obj: dict, schema: dict) -> list[FieldError]:
    """Every violation of `schema` in `obj` (a custom object after pruning/defaulting).
    The root's apiVersion, kind and metadata are the API server's to check."""
    found: list[FieldError] = []
    root = {k: v for k, v in obj.items() if k not in ("apiVersion", "kind", "metadata")}
    root_schema = {**schema, "required": [r for r in schema.get("required") or []
                                          if r not in ("apiVersion", "kind", "metadata")]}
    _validate(root, root_schema, "", found)
    return found


def json_type(value) -> str:
    """kube-openapi's name for a decoded JSON value's type."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _number(value) -> str:
    """Go's %v of a float64 schema bound: 10, not 10.0."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _type_ok(value, schema: dict) -> bool:
    wanted = schema.get("type")
    if schema.get(INT_OR_STRING):
        return json_type(value) in ("integer", "string")
    if not wanted:
        return True
    found = json_type(value)
    if found == wanted:
        return True
    if wanted == "number" and found == "integer":
        return True
    # A float that is a whole number is an integer to JSON (swag.IsFloat64AJSONInteger).
    return wanted == "integer" and found == "number" and float(value).is_integer()


def _validate(value, schema: dict, path: str, found: list[FieldError]) -> None:
    if value is None and schema.get("nullable"):
        return
    if not _type_ok(value, schema):
        wanted = "integer,string" if schema.get(INT_OR_STRING) else schema["type"]
        found.append(FieldError(errors.INVALID, path, json_type(value),
                                f'{path} in body must be of type {wanted}: '
                                f'"{json_type(value)}"'))
        return
    if isinstance(value, str):
        _string(value, schema, path, found)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        _numeric(value, schema, path, found)
    elif isinstance(value, list):
        _slice(value, schema, path, found)
    if "enum" in schema and value not in schema["enum"]:
        allowed = [v if isinstance(v, str) else errors.go_value(v) for v in schema["enum"]]
        found.append(errors.not_supported(path, value, allowed))
    if isinstance(value, dict):
        _object(value, schema, path, found)


def _string(value: str, schema: dict, path: str, found: list[FieldError]) -> None:
    if schema.get("maxLength") is not None and len(value) > schema["maxLength"]:
        found.append(FieldError(errors.TOO_LONG, path, value,
                                f"may not be more than {schema['maxLength']} bytes"))
    if schema.get("minLength") is not None and len(value) < schema["minLength"]:
        found.append(errors.invalid(path, value, f"{path} in body should be at least "
                                                 f"{schema['minLength']} chars long"))
    pattern = schema.get("pattern")
    if pattern and not re.search(pattern, value):
        found.append(errors.invalid(path, value, f"{path} in body should match '{pattern}'"))


def _numeric(value, schema: dict, path: str, found: list[FieldError]) -> None:
    if schema.get("multipleOf") and (value / schema["multipleOf"]) % 1:
        found.append(errors.invalid(path, value, f"{path} in body should be a multiple of "
                                                 f"{_number(schema['multipleOf'])}"))
    if schema.get("maximum") is not None:
        bound, exclusive = schema["maximum"], schema.get("exclusiveMaximum")
        if value > bound or (exclusive and value == bound):
            found.append(errors.invalid(path, value, f"{path} in body should be less than "
                                        f"{'' if exclusive else 'or equal to '}{_number(bound)}"))
    if schema.get("minimum") is not None:
        bound, exclusive = schema["minimum"], schema.get("exclusiveMinimum")
        if value < bound or (exclusive and value == bound):
            found.append(errors.invalid(path, value, f"{path} in body should be greater than "
                                        f"{'' if exclusive else 'or equal to '}{_number(bound)}"))


def _slice(value: list, schema: dict, path: str, found: list[FieldError]) -> None:
    if schema.get("minItems") is not None and len(value) < schema["minItems"]:
        found.append(errors.invalid(path, len(value), f"{path} in body should have at least "
                                                      f"{schema['minItems']} items"))
    if schema.get("maxItems") is not None and len(value) > schema["maxItems"]:
        found.append(FieldError(errors.TOO_MANY, path, len(value),
                                f"must have at most {schema['maxItems']} items"))
    if isinstance(schema.get("items"), dict):
        for i, item in enumerate(value):
            _validate(item, schema["items"], f"{path}[{i}]", found)


def _object(value: dict, schema: dict, path: str, found: list[FieldError]) -> None:
    def child(key: str) -> str:
        return f"{path}.{key}" if path else key

    for key in schema.get("required") or []:
        if key not in value:
            found.append(errors.required(child(key)))
    properties = schema.get("properties") or {}
    additional = schema.get("additionalProperties")
    for key in sorted(value):
        sub = properties.get(key) or (additional if isinstance(additional, dict) else None)
        if sub is not None:
            _validate(value[key], sub, child(key), found)
