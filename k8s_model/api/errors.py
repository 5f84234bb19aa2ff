"""API errors, as k8s.io/apimachinery/pkg/api/errors builds them.

Every failed request ends in an `ApiError` carrying a `metav1.Status` dict: a code,
a reason (NotFound, AlreadyExists, Conflict, Invalid, BadRequest, Forbidden …) and a
message that states the offending value. `str(error)` is what kubectl prints for it
(`Error from server (NotFound): pods "x" not found`); kubectl's own framing of the
message (`error when creating "STDIN": …`) is added in `k8s_model.kubectl.errors`.

Field errors mirror k8s.io/apimachinery/pkg/util/validation/field: a path, a type
("Invalid value", "Required value" …), the bad value and a detail.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field as dataclass_field
from typing import Any

# field.ErrorType strings (apimachinery/pkg/util/validation/field/errors.go)
NOT_FOUND = "Not found"
REQUIRED = "Required value"
DUPLICATE = "Duplicate value"
INVALID = "Invalid value"
NOT_SUPPORTED = "Unsupported value"
FORBIDDEN = "Forbidden"
TOO_LONG = "Too long"
TOO_MANY = "Too many"
INTERNAL = "Internal error"

# Cause types a Status carries for each field error type (metav1.CauseType)
_CAUSE_TYPE = {
    NOT_FOUND: "FieldValueNotFound",
    REQUIRED: "FieldValueRequired",
    DUPLICATE: "FieldValueDuplicate",
    INVALID: "FieldValueInvalid",
    NOT_SUPPORTED: "FieldValueNotSupported",
    FORBIDDEN: "FieldValueForbidden",
    TOO_LONG: "FieldValueTooLong",
    TOO_MANY: "FieldValueTooMany",
    INTERNAL: "InternalError",
}

OMIT = object()  # field.omitValue: the error names no value


def go_quote(text: str) -> str:
    """Go's %q for a string: JSON-like double quotes with Go escapes."""
    out = json.dumps(text, ensure_ascii=False)
    # Go escapes these where JSON would not; the common cases are identical.
    return out.replace("\\u007f", "\\x7f")


@dataclass(frozen=True)
class Stringer:
    """A bad value whose Go type has a String() method, which field.Error prefers to
    quoting: an IntOrString prints `25%` or `abc`, never `"abc"`."""
    text: str


def int_or_string(value) -> Stringer:
    """intstr.IntOrString's String(): the number or the string, as is."""
    return Stringer(str(value))


def go_value(value: Any) -> str:
    """How field.Error renders a bad value: simple types with %v, strings with %q,
    a Stringer with its String(), everything else as the JSON Go would marshal (map keys
    sorted, no spaces)."""
    if isinstance(value, Stringer):
        return value.text
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return go_quote(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@dataclass
class FieldError:
    """One field error: `spec.replicas: Invalid value: -1: must be greater than or equal to 0`."""

    type: str
    field: str
    bad_value: Any = OMIT
    detail: str = ""

    def body(self) -> str:
        """field.Error.ErrorBody(): the message without the field path."""
        if self.type in (REQUIRED, FORBIDDEN, TOO_LONG, INTERNAL) or self.bad_value is OMIT:
            text = self.type
        else:
            text = f"{self.type}: {go_value(self.bad_value)}"
        if self.detail:
            text += f": {self.detail}"
        return text

    def __str__(self) -> str:
        return f"{self.field}: {self.body()}" if self.field else self.body()


def required(path: str, detail: str = "") -> FieldError:
    return FieldError(REQUIRED, path, OMIT, detail)


def invalid(path: str, value: Any, detail: str = "") -> FieldError:
    return FieldError(INVALID, path, value, detail)


def not_supported(path: str, value: Any, valid: list[str]) -> FieldError:
    detail = "supported values: " + ", ".join(go_quote(v) for v in valid) if valid else ""
    return FieldError(NOT_SUPPORTED, path, value, detail)


def forbidden(path: str, detail: str) -> FieldError:
    return FieldError(FORBIDDEN, path, OMIT, detail)


def duplicate(path: str, value: Any) -> FieldError:
    return FieldError(DUPLICATE, path, value)


def too_long(path: str, max_length: int) -> FieldError:
    return FieldError(TOO_LONG, path, OMIT, f"may not be more than {max_length} bytes")


@dataclass
class ApiError(Exception):
    """A failed API request: the metav1.Status the API server answers with."""

    status: dict
    # kubectl's rendering when it differs from the standard one (set by kubectl).
    kubectl_message: str | None = dataclass_field(default=None, compare=False)

    def __post_init__(self) -> None:
        Exception.__init__(self, str(self))

    @property
    def code(self) -> int:
        return self.status["code"]

    @property
    def reason(self) -> str:
        return self.status.get("reason", "")

    @property
    def message(self) -> str:
        return self.status.get("message", "")

    @property
    def causes(self) -> list[dict]:
        return self.status.get("details", {}).get("causes", [])

    def __str__(self) -> str:
        if self.kubectl_message is not None:
            return self.kubectl_message
        if self.reason:
            return f"Error from server ({self.reason}): {self.message}"
        return f"Error from server: {self.message}"


def _status(code: int, reason: str, message: str, details: dict | None = None) -> dict:
    status = {
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": message,
        "reason": reason,
        "code": code,
    }
    if details:
        status["details"] = details
    return status


def _details(resource: str, group: str, name: str) -> dict:
    details = {"name": name} if name else {}
    if group:
        details["group"] = group
    details["kind"] = resource
    return details


def qualified(resource: str, group: str) -> str:
    """schema.GroupResource.String(): `deployments.apps`, or `pods` for the core group."""
    return f"{resource}.{group}" if group else resource


def not_found(resource: str, group: str, name: str) -> ApiError:
    return ApiError(_status(404, "NotFound", f'{qualified(resource, group)} "{name}" not found',
                            _details(resource, group, name)))


def already_exists(resource: str, group: str, name: str) -> ApiError:
    return ApiError(_status(409, "AlreadyExists",
                            f'{qualified(resource, group)} "{name}" already exists',
                            _details(resource, group, name)))


def conflict(resource: str, group: str, name: str, why: str) -> ApiError:
    message = f'Operation cannot be fulfilled on {qualified(resource, group)} "{name}": {why}'
    return ApiError(_status(409, "Conflict", message, _details(resource, group, name)))


OBJECT_MODIFIED = ("the object has been modified; please apply your changes to the latest "
                   "version and try again")


def invalid_object(kind: str, group: str, name: str, errors: list[FieldError]) -> ApiError:
    """errors.NewInvalid: `Deployment.apps "web" is invalid: [spec.replicas: …, …]`."""
    qualified_kind = f"{kind}.{group}" if group else kind
    bodies = [str(e) for e in errors]
    joined = bodies[0] if len(bodies) == 1 else "[" + ", ".join(bodies) + "]"
    causes = [{"reason": _CAUSE_TYPE.get(e.type, "FieldValueInvalid"), "message": e.body(),
               "field": e.field} for e in errors]
    details = {"name": name, "kind": kind, "causes": causes}
    if group:
        details = {"name": name, "group": group, "kind": kind, "causes": causes}
    return ApiError(_status(422, "Invalid", f'{qualified_kind} "{name}" is invalid: {joined}',
                            details))


def bad_request(message: str) -> ApiError:
    return ApiError(_status(400, "BadRequest", message))


def forbidden_request(message: str, resource: str = "", group: str = "", name: str = "") -> ApiError:
    return ApiError(_status(403, "Forbidden", message, _details(resource, group, name)))


def method_not_supported(resource: str, group: str, action: str) -> ApiError:
    return ApiError(_status(405, "MethodNotAllowed",
                            f"{action} is not supported on resources of kind "
                            f'"{qualified(resource, group)}"',
                            _details(resource, group, "")))


def no_route() -> ApiError:
    """The REST server's own 404 for a path nothing serves (not an object-not-found)."""
    return ApiError({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                     "code": 404, "reason": "NotFound",
                     "message": "the server could not find the requested resource",
                     "details": {}})


def gone(message: str) -> ApiError:
    return ApiError(_status(410, "Expired", message))
