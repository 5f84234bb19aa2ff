"""PATCH bodies: JSON merge patch (RFC 7386) and JSON patch (RFC 6902).

`kubectl label`, `annotate` and `scale` send merge patches; a merge patch sets the
keys it names, removes those it sets to null, and replaces lists whole. Strategic
merge patch (lists merged by key, e.g. containers by name) is approximated by a merge
patch until the HTTP API needs the real thing.
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


def apply_patch(target: dict, patch, patch_type: str) -> dict:
    if patch_type == "json":
        return json_patch(target, patch)
    return merge_patch(target, patch)
