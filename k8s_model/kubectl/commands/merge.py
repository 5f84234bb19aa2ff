"""The three-way merge behind `kubectl apply` (apimachinery's strategicpatch).

Three versions of an object meet: `original` (what you applied last time, from the
last-applied annotation), `modified` (what you apply now) and `live` (what the cluster
holds, with defaults and other writers' changes). The result keeps live fields nobody
applied, takes every field from `modified`, and drops fields that were in `original`
but are gone from `modified`. Lists of objects merge by their key (containers and
volumes by `name`, ports by `containerPort` / `port`), as strategic merge patch does.

Worked example: you applied `replicas: 3`, someone ran `kubectl scale --replicas=5`,
you apply again with `replicas: 3` → the live 5 differs from your 3, so the result
is 3 and apply reports `configured`. Apply the same file once more → `unchanged`.
"""

from __future__ import annotations

import json

# Strategic-merge keys of the lists a learner's manifests contain.
MERGE_KEYS = {"containers": "name", "initContainers": "name", "volumes": "name",
              "volumeMounts": "mountPath", "env": "name", "ports": None, "imagePullSecrets": "name",
              "tolerations": None}


def _port_key(item: dict):
    return item.get("containerPort", item.get("port"))


def _key_of(field: str, item):
    if not isinstance(item, dict):
        return None
    if field == "ports":
        return _port_key(item)
    key = MERGE_KEYS.get(field)
    return item.get(key) if key else None


def _merge(original, modified, live, field: str = ""):
    if isinstance(modified, dict) and isinstance(live, dict):
        original = original if isinstance(original, dict) else {}
        result = dict(live)
        for key, value in modified.items():
            result[key] = _merge(original.get(key), value, live.get(key), key)
        for key in original:
            if key not in modified:
                result.pop(key, None)
        return result
    if isinstance(modified, list) and isinstance(live, list) and field in MERGE_KEYS \
            and all(_key_of(field, m) is not None for m in modified):
        live_by_key = {_key_of(field, item): item for item in live}
        original_by_key = {_key_of(field, item): item for item in (original or [])
                           if isinstance(item, dict)}
        return [_merge(original_by_key.get(_key_of(field, m)), m,
                       live_by_key.get(_key_of(field, m)), "") for m in modified]
    return json.loads(json.dumps(modified))


def _subset(modified, live) -> bool:
    """Does `live` already hold everything `modified` says?"""
    if isinstance(modified, dict):
        return isinstance(live, dict) and all(_subset(v, live.get(k)) for k, v in modified.items())
    if isinstance(modified, list):
        return (isinstance(live, list) and len(modified) == len(live)
                and all(_subset(m, l) for m, l in zip(modified, live)))
    return modified == live


def _removed(original, modified, live, field: str = "") -> bool:
    """Is a field that was applied before, but not now, still live? Items of merge-keyed
    lists (a container's `env`) are compared item by item, as _merge merges them."""
    if isinstance(original, list) and isinstance(modified, list) and isinstance(live, list) \
            and field in MERGE_KEYS:
        modified_by_key = {_key_of(field, item): item for item in modified}
        live_by_key = {_key_of(field, item): item for item in live}
        return any(_removed(item, modified_by_key[_key_of(field, item)],
                            live_by_key.get(_key_of(field, item)))
                   for item in original if _key_of(field, item) in modified_by_key)
    if not isinstance(original, dict) or not isinstance(live, dict):
        return False
    modified = modified if isinstance(modified, dict) else {}
    for key, value in original.items():
        if key not in modified:
            if key in live:
                return True
        elif _removed(value, modified[key], live.get(key), key):
            return True
    return False


def three_way_merge(original: dict, modified: dict, live: dict) -> tuple[dict, bool]:
    """The object to send, and whether it differs from `live` at all."""
    changed = not _subset(modified, live) or _removed(original, modified, live)
    merged = _merge(original, modified, live)
    merged["metadata"]["resourceVersion"] = live["metadata"]["resourceVersion"]
    return merged, changed
