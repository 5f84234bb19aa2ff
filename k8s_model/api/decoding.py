"""Decoding a request body into the API's types, as the kube-apiserver does it.

Mirrors k8s.io/apimachinery/pkg/runtime/serializer/json (Serializer.Decode) and the
case-sensitive decoder it uses, sigs.k8s.io/json (a fork of Go's encoding/json). The body
is walked against the type tree of `openapi.py`, reporting what the real decoder reports:

* a value of the wrong JSON type: the *first* one wins and the request fails
  (`json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of
  type int32`); a custom unmarshaller's error (quantities, int-or-string) stops at once;
* unknown fields under strict field validation (the default of kubectl since v1.25): all
  of them, joined (`strict decoding error: unknown field "spec.replica", unknown field
  "spec.template.spec.containers[0].imagePullPolice"`).

kubectl sends JSON it marshalled from a map, so every object's keys arrive sorted; we walk
them in that order, which decides which type error is "first". The apiserver wraps either
error as BadRequest: `Deployment in version "v1" cannot be handled as a Deployment: …`
(apiserver/pkg/endpoints/handlers/rest.go, transformDecodeError).

Decoding also normalises what a round trip through Go structs would: nulls vanish,
`replicas: 2.0` becomes 2, and without strict validation unknown fields are dropped.
"""

from __future__ import annotations

import datetime
import json
from functools import lru_cache

from . import errors
from .openapi import Node, root_node
from .quantity import FORMAT_WRONG
from .quantity import Quantity, QuantityError, parse_quantity
from .resources import ResourceType

_INT_RANGE = {"int32": (-2**31, 2**31 - 1), "int64": (-2**63, 2**63 - 1)}
_MAX_STRICT_ERRORS = 100  # sigs.k8s.io/json saveStrictError keeps at most 100


class _Fatal(Exception):
    """An error that ends decoding at once (returned, not saved, by the Go decoder)."""


def decode(resource: ResourceType, obj: dict, strict: bool = True) -> list[str]:
    """Check `obj` against `resource`'s schema, normalising it in place. Raises ApiError
    (BadRequest) like the real decoder; returns the strict errors it ignored when
    `strict` is False (fieldValidation=Warn turns them into warnings). A custom
    resource's body is checked against its CRD's schema instead (apiextensions/)."""
    if resource.custom is not None:
        return resource.custom.decode(obj, strict)
    node = root_node(resource.group, resource.version, resource.kind)
    if node is None:
        return []
    decoder = _Decoder(strict)
    try:
        decoder.struct(obj, node, "", "", "")
    except _Fatal as fatal:
        raise _cannot_handle(resource, obj, str(fatal)) from None
    if decoder.type_error:
        raise _cannot_handle(resource, obj, decoder.type_error)
    if decoder.strict_errors and strict:
        joined = ", ".join(decoder.strict_errors)
        raise _cannot_handle(resource, obj, f"strict decoding error: {joined}")
    return decoder.strict_errors


def _cannot_handle(resource: ResourceType, obj: dict, detail: str) -> errors.ApiError:
    kind = obj.get("kind") if isinstance(obj.get("kind"), str) and obj.get("kind") else \
        resource.kind
    version = str(obj.get("apiVersion") or resource.api_version).rpartition("/")[2]
    return errors.bad_request(f'{kind} in version "{version}" cannot be handled as a '
                              f'{resource.kind}: {detail}')


def missing_type_meta(obj: dict) -> str | None:
    """The decoder's own complaint when a document names no kind or apiVersion
    (runtime.NewMissingKindErr / NewMissingVersionErr).

    The API server never says this to kubectl (the URL supplies both), but kubectl does,
    before sending anything. With validation on (the default) kubectl prints
    `error: error validating "x.yaml": error validating data: kind not set; if you choose to
    ignore these errors, turn validation off with --validate=false` (both missing:
    `[apiVersion not set, kind not set]`); with --validate=false it prints
    `error: unable to decode "x.yaml": <this message>`.
    """
    if not obj.get("kind"):
        return f"Object 'Kind' is missing in '{go_json(obj)}'"
    if not obj.get("apiVersion"):
        return f"Object 'apiVersion' is missing in '{go_json(obj)}'"
    return None


def kubectl_type_meta_errors(obj: dict) -> list[str]:
    """What kubectl's schema validation reports before the request (getObjectKind in
    k8s.io/kubectl/pkg/validation): ["apiVersion not set", "kind not set"] …"""
    problems = []
    for field in ("apiVersion", "kind"):
        if obj.get(field) is None:
            problems.append(f"{field} not set")
        elif not isinstance(obj[field], str):
            problems.append(f"{field} isn't string type")
    return problems


def go_json(value) -> str:
    """json.Marshal's text: sorted keys, no spaces, <, > and & escaped for HTML."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _json_kind(value) -> str:
    """The JSON value's name in UnmarshalTypeError: string, number, bool, object, array."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    return "string"


def _number_text(value) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


class _Decoder:
    """One walk. `path` is the strict-error path (`spec.containers[0].name`), `stack` the
    Go error context (`spec.containers.name`: no indexes), `owner` the innermost struct."""

    def __init__(self, strict: bool) -> None:
        self.strict = strict
        self.type_error = ""
        self.strict_errors: list[str] = []

    def mismatch(self, value, node: Node, owner: str, stack: str, what: str = "") -> None:
        if not self.type_error:
            what = what or _json_kind(value)
            self.type_error = (f"json: cannot unmarshal {what} into Go struct field "
                               f"{owner}.{stack} of type {node.go}")

    def struct(self, value, node: Node, path: str, stack: str, owner: str) -> None:
        if not isinstance(value, dict):
            self.mismatch(value, node, owner, stack)
            return
        for key in sorted(value):
            field = node.fields.get(key)
            child_path = f"{path}.{key}" if path else key
            if field is None:
                if len(self.strict_errors) < _MAX_STRICT_ERRORS:
                    self.strict_errors.append(f'unknown field "{child_path}"')
                if not self.strict:
                    del value[key]
                continue
            child = value[key]
            if child is None:
                del value[key]  # a null decodes to the zero value, which is omitted
                continue
            fixed = self.value(child, field, child_path, f"{stack}.{key}" if stack else key,
                               node.struct)
            if fixed is not child:
                value[key] = fixed

    def value(self, value, node: Node, path: str, stack: str, owner: str):
        """Check one value; returns it, or its normalised replacement."""
        kind = node.kind
        if kind == "struct":
            self.struct(value, node, path, stack, owner)
        elif kind == "map":
            if not isinstance(value, dict):
                self.mismatch(value, node, owner, stack)
            else:
                for key in sorted(value):
                    item = value[key]
                    if item is None:
                        value[key] = "" if node.item.kind == "string" else item
                    else:
                        value[key] = self.value(item, node.item, f"{path}.{key}", stack, owner)
        elif kind == "array":
            if not isinstance(value, list):
                self.mismatch(value, node, owner, stack)
            else:
                for i, item in enumerate(value):
                    if item is not None:
                        value[i] = self.value(item, node.item, f"{path}[{i}]", stack, owner)
        elif kind in ("string", "time"):
            if isinstance(value, (datetime.date, datetime.datetime)):
                return _rfc3339(value)
            if not isinstance(value, str):
                if kind == "time":  # metav1.Time's UnmarshalJSON fails at once
                    raise _Fatal(f"json: cannot unmarshal {_json_kind(value)} into Go struct "
                                 f"field {owner}.{stack} of type string")
                self.mismatch(value, node, owner, stack)
        elif kind == "integer":
            return self.integer(value, node, stack, owner)
        elif kind == "boolean":
            if not isinstance(value, bool):
                self.mismatch(value, node, owner, stack)
        elif kind == "number":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                self.mismatch(value, node, owner, stack)
        elif kind == "bytes":
            self.bytes(value, node, stack, owner)
        elif kind == "intorstring":
            return _int_or_string(value, owner, stack)
        elif kind == "quantity":
            return _quantity(value)
        return value

    def integer(self, value, node: Node, stack: str, owner: str):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.mismatch(value, node, owner, stack)
            return value
        low, high = _INT_RANGE.get(node.go, _INT_RANGE["int64"])
        if isinstance(value, float) and not value.is_integer() or not low <= value <= high:
            self.mismatch(value, node, owner, stack, f"number {_number_text(value)}")
            return value
        return int(value)

    def bytes(self, value, node: Node, stack: str, owner: str) -> None:
        """[]byte fields (Secret.data) hold base64; a bad one fails like Go's decoder."""
        if not isinstance(value, str):
            self.mismatch(value, node, owner, stack)
            return
        offset = base64_error_offset(value.encode())
        if offset is not None and not self.type_error:
            self.type_error = f"illegal base64 data at input byte {offset}"


def _rfc3339(value) -> str:
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


def _int_or_string(value, owner: str, stack: str):
    """intstr.IntOrString.UnmarshalJSON: a string, else json.Unmarshal into an int32."""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and -2**31 <= value < 2**31:
            return int(value)
        what = f"number {_number_text(value)}"
    else:
        what = _json_kind(value)
    raise _Fatal(f"json: cannot unmarshal {what} into Go struct field {owner}.{stack} of "
                 f"type int32")


@lru_cache(maxsize=4096)
def cached_quantity(value) -> Quantity:
    """parse_quantity, remembered: every write parses the same few quantities several times
    (decode, defaults, validation). Quantities are immutable, so sharing them is safe."""
    return parse_quantity(value)


def _quantity(value):
    """Quantity.UnmarshalJSON parses at once (an error is fatal) and the server stores the
    canonical text: `cpu: 0.5` comes back as `500m`, `memory: 1024Mi` as `1Gi`."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise _Fatal(FORMAT_WRONG)  # ParseQuantity("true") / ("{...}") fails the regex
    try:
        return str(cached_quantity(value))
    except QuantityError as error:
        raise _Fatal(str(error)) from None


_BASE64 = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")


def base64_error_offset(src: bytes) -> int | None:
    """Where Go's base64.StdEncoding.Decode gives up (CorruptInputError), or None.
    `hello` → 4: four letters decode, the fifth cannot start a quantum alone."""
    si, n = 0, len(src)
    while True:
        j = 0
        while j < 4:
            if si == n:
                return None if j == 0 else si - j
            c = src[si]
            si += 1
            if c in _BASE64:
                j += 1
                continue
            if c in (10, 13):  # newlines are skipped
                continue
            if c != 61 or j < 2:  # not "=", or padding too early
                return si - 1
            if j == 2:  # "==" expected
                while si < n and src[si] in (10, 13):
                    si += 1
                if si == n:
                    return n
                if src[si] != 61:
                    return si - 1
                si += 1
            while si < n and src[si] in (10, 13):
                si += 1
            return si if si < n else None
