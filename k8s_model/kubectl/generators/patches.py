"""The three patch types `kubectl run --overrides` (and `kubectl patch`) understand.

* JSON merge patch (RFC 7386): maps merge, `null` deletes, anything else replaces.
* JSON patch (RFC 6902): a list of operations on JSON pointers (`/spec/nodeName`).
* Strategic merge patch (apimachinery's strategicpatch): a merge patch that merges
  lists of objects by their patchMergeKey, so `{"spec":{"containers":[{"name":"web",
  "tty":true}]}}` changes one container instead of replacing the list. The merge keys
  below are those of the Pod's types (k8s.io/api/core/v1 `patchMergeKey` tags).
"""

from __future__ import annotations

import copy

from .errors import GeneratorError

MERGE_KEYS = {
    "containers": "name", "initContainers": "name", "ephemeralContainers": "name",
    "volumes": "name", "env": "name", "imagePullSecrets": "name", "volumeMounts": "mountPath",
    "volumeDevices": "devicePath", "ports": "containerPort", "hostAliases": "ip",
    "topologySpreadConstraints": "topologyKey", "resourceClaims": "name",
}


def json_merge_patch(target, patch):
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = copy.deepcopy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = json_merge_patch(result.get(key), value)
    return result


def strategic_merge_patch(target, patch, field: str = ""):
    if isinstance(patch, list) and field in MERGE_KEYS and isinstance(target, list):
        key = MERGE_KEYS[field]
        merged = copy.deepcopy(target)
        for item in patch:
            match = next((m for m in merged if isinstance(m, dict) and isinstance(item, dict)
                          and m.get(key) == item.get(key)), None)
            if match is None:
                merged.append(copy.deepcopy(item))
            else:
                merged[merged.index(match)] = strategic_merge_patch(match, item)
        return merged
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = copy.deepcopy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = strategic_merge_patch(result.get(key), value, key)
    return result


def _pointer(path: str) -> list[str]:
    if path and not path.startswith("/"):
        raise GeneratorError(f'error: JSON pointer must be empty or start with a "/": {path}')
    return [p.replace("~1", "/").replace("~0", "~") for p in path.split("/")[1:]]


def _walk(doc, parts: list[str]):
    for part in parts:
        doc = doc[int(part)] if isinstance(doc, list) else doc[part]
    return doc


def apply_json_patch(doc, operations: list):
    doc = copy.deepcopy(doc)
    for op in operations:
        parts = _pointer(op.get("path", ""))
        try:
            parent, last = _walk(doc, parts[:-1]), parts[-1]
            kind = op.get("op")
            if kind in ("add", "replace"):
                if isinstance(parent, list):
                    index = len(parent) if last == "-" else int(last)
                    if kind == "add":
                        parent.insert(index, copy.deepcopy(op["value"]))
                    else:
                        parent[index] = copy.deepcopy(op["value"])
                else:
                    if kind == "replace" and last not in parent:
                        raise KeyError(last)
                    parent[last] = copy.deepcopy(op["value"])
            elif kind == "remove":
                del parent[int(last) if isinstance(parent, list) else last]
            elif kind == "test":
                if _walk(doc, parts) != op.get("value"):
                    raise GeneratorError("error: testing value " + op["path"] + " failed")
            else:
                raise GeneratorError(f"error: Unexpected kind: {kind}")
        except (KeyError, IndexError, ValueError, TypeError):
            raise GeneratorError(f"error: {op.get('op')} operation does not apply: doc is "
                                 f"missing path: \"{op.get('path')}\"") from None
    return doc
