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

from ...api.patch import merge_patch

from .errors import GeneratorError

MERGE_KEYS = {
    "containers": "name", "initContainers": "name", "ephemeralContainers": "name",
    "volumes": "name", "env": "name", "imagePullSecrets": "name", "volumeMounts": "mountPath",
    "volumeDevices": "devicePath", "ports": "containerPort", "hostAliases": "ip",
    "topologySpreadConstraints": "topologyKey", "resourceClaims": "name",
}


def json_merge_patch(target, patch):
    """RFC 7386 on a copy of `target`: the API server's own merge patch."""
    return merge_patch(copy.deepcopy(target), patch)


def strategic_merge_patch(target, patch, field: str = ""):
    if isinstance(patch, list) and field in MERGE_KEYS and isinstance(target, list):
        # Items named in the patch come first, in the patch's order (merged with the
        # original item of the same key); the original's other items follow.
        key = MERGE_KEYS[field]
        patched_keys = [item.get(key) for item in patch if isinstance(item, dict)]
        merged = []
        for item in patch:
            match = next((m for m in target if isinstance(m, dict) and isinstance(item, dict)
                          and m.get(key) == item.get(key)), None)
            merged.append(copy.deepcopy(item) if match is None
                          else strategic_merge_patch(match, item))
        merged += [copy.deepcopy(m) for m in target
                   if not (isinstance(m, dict) and m.get(key) in patched_keys)]
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


def _container(doc, path: str):
    """findObject: the object or list holding the pointer's last part, and that part."""
    if not path.startswith("/"):
        return None, path
    parts = [p.replace("~1", "/").replace("~0", "~") for p in path.split("/")[1:]]
    node = doc
    for part in parts[:-1]:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None, parts[-1]
    return (node if isinstance(node, (dict, list)) else None), parts[-1]


def _bad_index(key: str) -> GeneratorError:
    return GeneratorError(f"Unable to access invalid index: {key}: invalid index referenced")


def _add(node, key: str, value) -> None:
    if isinstance(node, dict):
        node[key] = value
    elif key == "-":
        node.append(value)
    elif key.isdigit() and int(key) <= len(node):
        node.insert(int(key), value)
    else:
        raise _bad_index(key)


def _remove(node, key: str):
    if isinstance(node, dict):
        if key not in node:
            raise GeneratorError(f"Unable to remove nonexistent key: {key}: missing value")
        return node.pop(key)
    if key.isdigit() and int(key) < len(node):
        return node.pop(int(key))
    raise _bad_index(key)


def _get(node, key: str):
    if isinstance(node, dict):
        return node.get(key)
    if key.isdigit() and int(key) < len(node):
        return node[int(key)]
    return _MISSING


_MISSING = object()


def apply_json_patch(doc, operations: list):
    """RFC 6902 as evanphx/json-patch (v4) applies it, with its error texts."""
    doc = copy.deepcopy(doc)
    for op in operations:
        kind, path = op.get("op"), op.get("path", "")
        node, key = _container(doc, path)
        try:
            if kind == "add":
                if node is None:
                    raise _fail(f'add operation does not apply: doc is missing path: "{path}": '
                                "missing value")
                _wrap("add", path, _add, node, key, copy.deepcopy(op.get("value")))
            elif kind == "remove":
                if node is None:
                    raise _fail(f'remove operation does not apply: doc is missing path: '
                                f'"{path}": missing value')
                _wrap("remove", path, _remove, node, key)
            elif kind == "replace":
                if node is None:
                    raise _fail(f"replace operation does not apply: doc is missing path: {path}: "
                                "missing value")
                if _get(node, key) is _MISSING:
                    raise _fail(f"replace operation does not apply: doc is missing key: {path}: "
                                "missing value")
                if isinstance(node, dict):
                    node[key] = copy.deepcopy(op.get("value"))
                else:
                    node[int(key)] = copy.deepcopy(op.get("value"))
            elif kind in ("move", "copy"):
                source, source_key = _container(doc, op.get("from", ""))
                if source is None:
                    raise _fail(f"{kind} operation does not apply: doc is missing from path: "
                                f"{op.get('from')}: missing value")
                value = (_wrap("move", source_key, _remove, source, source_key) if kind == "move"
                         else copy.deepcopy(_get(source, source_key)))
                node, key = _container(doc, path)
                if node is None:
                    raise _fail(f"{kind} operation does not apply: doc is missing destination "
                                f"path: {path}: missing value")
                _add(node, key, None if value is _MISSING else value)
            elif kind == "test":
                found = None if node is None else _get(node, key)
                if (None if found is _MISSING else found) != op.get("value"):
                    raise _fail(f"testing value {path} failed: test failed")
            else:
                raise _fail(f"Unexpected kind: {kind}")
        except GeneratorError as err:
            raise GeneratorError(f"error: {err}") from None
    return doc


def _fail(message: str) -> GeneratorError:
    return GeneratorError(message)


def _wrap(kind: str, path: str, action, *args):
    try:
        return action(*args)
    except GeneratorError as err:
        raise GeneratorError(f"error in {kind} for path: '{path}': {err}") from None
