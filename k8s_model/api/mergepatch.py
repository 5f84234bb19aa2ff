"""The vocabulary and the errors of strategic merge patch (apimachinery's
pkg/util/mergepatch/errors.go and the directive names of strategicpatch/patch.go).

Errors are plain Go errors there, printed with %v; the API server turns the few it knows
into 400 or 422 and sends any other back as a 500 with its text, so a learner sees
`map: map[image:x] does not contain declared merge key: name` exactly as kubectl shows it.
"""

from __future__ import annotations

from . import errors

DIRECTIVE = "$patch"
RETAIN_KEYS = "$retainKeys"
DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList"
SET_ELEMENT_ORDER = "$setElementOrder"

# mergepatch/errors.go
BAD_PRIMITIVE_LIST = "invalid patch format of primitive list"
BAD_RETAIN_KEYS = "invalid patch format of retainKeys"
BAD_SET_ELEMENT_ORDER = "invalid patch format of setElementOrder list"
NO_LIST_OF_LISTS = "lists of lists are not supported"


class PatchError(Exception):
    """A plain Go error from strategicpatch; `code` is what interpretStrategicMergePatchError
    makes of it (400 BadRequest, 422, or 500 for errors it does not know)."""

    def __init__(self, message: str, code: int = 500) -> None:
        super().__init__(message)
        self.code = code


def go_print(value) -> str:
    """Go's %v of a decoded JSON value: `map[image:nginx name:web]`, `[a b]`, `<nil>`."""
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{go_print(value[k])}" for k in sorted(value)) + "]"
    if isinstance(value, list):
        return "[" + " ".join(go_print(v) for v in value) + "]"
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):   # float64: JSON numbers that are not integers
        return str(int(value)) if value.is_integer() and abs(value) < 1e21 else repr(value)
    return str(value)


def no_merge_key(item: dict, key: str) -> PatchError:
    return PatchError(f"map: {go_print(item)} does not contain declared merge key: {key}")


def bad_patch_type(directive, item: dict) -> PatchError:
    return PatchError(f"unknown patch type: {go_print(directive)} in map: {go_print(item)}")


def go_type(value) -> str:
    if isinstance(value, dict):
        return "map[string]interface {}"
    if isinstance(value, list):
        return "[]interface {}"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int64"
    return {str: "string", float: "float64"}.get(type(value), "%!s(<nil>)")


def bad_arg_type(value) -> PatchError:
    """ErrBadArgType for a list item that should have been a map."""
    return PatchError(f"expected a map[string]interface {{}}, but received a {go_type(value)}")


def to_api_error(error: PatchError) -> errors.ApiError:
    """interpretStrategicMergePatchError; anything else reaches the client as a 500 whose
    reason is empty (responsewriters' ErrorToAPIStatus)."""
    if error.code == 400:
        return errors.bad_request(str(error))
    if error.code == 422:   # NewGenericServerResponse(422, …)
        return errors.ApiError(errors._status(
            422, "Invalid", "the server rejected our request due to an error in our request",
            {"causes": [{"reason": "UnexpectedServerResponse", "message": str(error)}]}))
    return errors.ApiError({"kind": "Status", "apiVersion": "v1", "metadata": {},
                            "status": "Failure", "message": str(error), "code": 500})
