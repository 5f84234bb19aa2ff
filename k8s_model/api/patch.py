"""PATCH bodies: JSON merge patch (RFC 7386) and JSON patch (RFC 6902).

`kubectl label`, `annotate` and `scale` send merge patches; a merge patch sets the
keys it names, removes those it sets to null, and replaces lists whole. Strategic
merge patch (lists merged by key, e.g. containers by name) is in strategic_merge.py;
custom resources have no Go types to read strategies from, so their servers refuse it
with 415, as apiextensions-apiserver's customresource_handler.go does.
"""

from __future__ import annotations

import json

from . import errors


def merge_patch(target, patch):
    if not isinstance(patch, dict):
        return json.loads(json.dumps(patch))
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def _pointer(path: str) -> list[str]:
    if not path.startswith("/"):
        raise errors.bad_request(f"invalid JSON pointer: {path!r}")
    return [p.replace("~1", "/").replace("~0", "~") for p in path[1:].split("/")]


def json_patch(target: dict, operations: list[dict]) -> dict:
    doc = json.loads(json.dumps(target))
    for op in operations:
        *parents, last = _pointer(op.get("path", ""))
        node = doc
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        kind = op.get("op")
        if kind in ("add", "replace"):
            if isinstance(node, list):
                index = len(node) if last == "-" else int(last)
                if kind == "add":
                    node.insert(index, op["value"])
                else:
                    node[index] = op["value"]
            else:
                node[last] = op["value"]
        elif kind == "remove":
            del node[int(last) if isinstance(node, list) else last]
        elif kind == "test":
            current = node[int(last)] if isinstance(node, list) else node.get(last)
            if current != op.get("value"):
                raise errors.ApiError({"kind": "Status", "apiVersion": "v1", "metadata": {},
                                       "status": "Failure", "code": 422, "reason": "Invalid",
                                       "message": "the server rejected our request due to an "
                                                  "error in our request"})
        else:
            raise errors.bad_request(f"Unexpected kind: {kind}")
    return doc


# The patch types a custom resource accepts (customresource_handler.go `supportedTypes`).
CUSTOM_RESOURCE_PATCH_TYPES = ("application/json-patch+json", "application/merge-patch+json",
                               "application/apply-patch+yaml")


def check_patch_type(resource, patch_type: str | None) -> None:
    """A strategic merge patch of a custom resource never reaches its object."""
    if patch_type == "strategic" and getattr(resource, "custom", None) is not None:
        raise errors.ApiError(errors._status(
            415, "UnsupportedMediaType", "the body of the request was in an unknown format - "
            f"accepted media types include: {', '.join(CUSTOM_RESOURCE_PATCH_TYPES)}"))


def _go_json_type(value) -> str:
    """The JSON type encoding/json names in `cannot unmarshal X into Go value`."""
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if isinstance(value, bool):
        return "bool"
    return "string" if isinstance(value, str) else "number"


def decode_patch(patch, patch_type: str):
    """What PatchResource's decoders refuse before applying anything (handlers/patch.go):
    a JSON patch is a list of operations, the other two are JSON objects."""
    if patch_type == "json":
        if not isinstance(patch, list):
            raise errors.bad_request(f"error decoding patch: json: cannot unmarshal "
                                     f"{_go_json_type(patch)} into Go value of type "
                                     "[]handlers.jsonPatchOp")
        for op in patch:
            if not isinstance(op, dict):
                raise errors.bad_request(f"error decoding patch: json: cannot unmarshal "
                                         f"{_go_json_type(op)} into Go value of type "
                                         "handlers.jsonPatchOp")
        return patch
    if patch is None:
        return {}
    if not isinstance(patch, dict):
        message = (f"json: cannot unmarshal {_go_json_type(patch)} into Go value of type "
                   "map[string]interface {}")
        raise errors.bad_request(message if patch_type == "strategic"
                                 else f"error decoding patch: {message}")
    return patch


def apply_patch(target: dict, patch, patch_type: str,
                gvk: tuple[str, str, str] | None = None) -> dict:
    """Apply a PATCH body; `gvk` (group, version, kind) names the type whose OpenAPI
    schema gives a strategic merge patch its list strategies."""
    patch = decode_patch(patch, patch_type)
    if patch_type == "json":
        try:
            return json_patch(target, patch)
        except (KeyError, IndexError, ValueError, TypeError):
            op = next((o for o in patch if o.get("op") in ("add", "remove", "replace")), {})
            path = op.get("path", "")
            quoted = path if op.get("op") == "replace" else f'"{path}"'
            raise errors.ApiError(errors._status(   # NewGenericServerResponse(422, …)
                422, "Invalid", "the server rejected our request due to an error in our request",
                {"causes": [{"reason": "UnexpectedServerResponse", "message":
                             f"{op.get('op', 'add')} operation does not apply: doc is missing "
                             f"path: {quoted}: missing value"}]})) from None
    if patch_type == "strategic":
        from .mergepatch import PatchError, to_api_error
        from .strategic_merge import schema_for, strategic_merge_patch

        try:
            return strategic_merge_patch(target, patch, schema_for(*gvk) if gvk else None)
        except PatchError as error:
            raise to_api_error(error) from None
    return merge_patch(target, patch)
