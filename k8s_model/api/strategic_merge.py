"""Strategic merge patch, as the API server applies it (apimachinery's
pkg/util/strategicpatch/patch.go `StrategicMergeMapPatch`).

A JSON merge patch replaces every list it names. Strategic merge patch reads the Go
struct tags of the object's type — published in OpenAPI as `x-kubernetes-patch-strategy`
and `x-kubernetes-patch-merge-key` — and merges a list field whose strategy is `merge`:

    live    containers: [{name: web, image: nginx:1.26}, {name: log, image: busybox}]
    patch   {"spec": {"containers": [{"name": "web", "image": "nginx:1.27"}]}}
    result  containers: [{name: web, image: nginx:1.27}, {name: log, image: busybox}]

Lists of scalars with the merge strategy (`finalizers`) are unioned. Directives say more:
`$patch: replace|delete` in a map or list item, `$deleteFromPrimitiveList/<list>`,
`$setElementOrder/<list>` (the order the client wants) and `$retainKeys` (fields of a
`retainKeys` struct, such as a Deployment's `strategy` or a Volume, that survive).
Errors keep upstream's text; the server answers them as handlers/patch.go does.
"""

from __future__ import annotations

import copy

from .mergepatch import (BAD_PRIMITIVE_LIST, BAD_RETAIN_KEYS, BAD_SET_ELEMENT_ORDER,
                         DELETE_FROM_PRIMITIVE_LIST, DIRECTIVE, NO_LIST_OF_LISTS, RETAIN_KEYS,
                         SET_ELEMENT_ORDER, PatchError, bad_patch_type, go_print, go_type,
                         no_merge_key)
from .openapi import _by_gvk, _definitions
from .strategic_order import check_order, deduplicate, normalize_order, partition


# -- the schema: which strategy and merge key a field has ----------------------------------------
def schema_for(group: str, version: str, kind: str) -> dict | None:
    """The OpenAPI definition of a built-in kind (the server's schemaReferenceObj)."""
    name = _by_gvk().get((group, version, kind))
    return _definitions()[name] if name else None


def _resolve(schema: dict | None) -> dict | None:
    while schema and "$ref" in schema:
        schema = _definitions()[schema["$ref"].rpartition("/")[2]]
    return schema


def lookup(schema: dict | None, key: str) -> tuple[dict | None, str, str]:
    """LookupPatchMetadata: (the field's schema, its strategy, its merge key). A map's
    values share one schema; a `retainKeys` strategy is reported by `retains_keys`."""
    schema = _resolve(schema)
    if not schema:
        return None, "", ""
    field = (schema.get("properties") or {}).get(key)
    if field is None:
        extra = schema.get("additionalProperties")
        return (extra if isinstance(extra, dict) else None), "", ""
    strategies = [s for s in field.get("x-kubernetes-patch-strategy", "").split(",") if s]
    strategy = next((s for s in strategies if s != "retainKeys"), "")
    return field, strategy, field.get("x-kubernetes-patch-merge-key", "")


def _items(schema: dict | None) -> dict | None:
    schema = _resolve(schema)
    return schema.get("items") if schema else None


# -- merging maps --------------------------------------------------------------------------------
def strategic_merge_patch(original: dict, patch: dict, schema: dict | None) -> dict:
    """StrategicMergeMapPatch with the server's options: parallel lists are merged and
    nulls that match nothing are dropped. Neither argument is changed."""
    return merge_map(copy.deepcopy(original), copy.deepcopy(patch), schema)


def merge_map(original: dict | None, patch: dict, schema) -> dict:
    if DIRECTIVE in patch:
        directive = patch[DIRECTIVE]
        if directive == "replace":   # the patch is the whole new map
            del patch[DIRECTIVE]
            return patch
        if directive == "delete":
            return {}
        raise bad_patch_type(directive, patch)
    original = {} if original is None else original
    _apply_retain_keys(original, patch)
    _merge_ordered_lists(original, patch, schema)
    for key, value in list(patch.items()):
        delete_list = key.startswith(DELETE_FROM_PRIMITIVE_LIST)
        if delete_list:
            key = _list_key(key, DELETE_FROM_PRIMITIVE_LIST, BAD_PRIMITIVE_LIST)
        if value is None:
            original.pop(key, None)
            continue
        if key not in original or type(original[key]) is not type(value):
            original[key] = value   # (a deletion list for a missing list lands as is, upstream too)
            continue
        field, strategy, merge_key = lookup(schema, key)
        if isinstance(value, dict):
            original[key] = (value if strategy == "replace"
                             else merge_map(original[key], value, field))
        elif isinstance(value, list):
            original[key] = (merge_list(original[key], value, _items(field), merge_key, delete_list)
                             if strategy == "merge" else value)
        else:
            original[key] = value
    return original


def _list_key(key: str, prefix: str, message: str) -> str:
    """`$setElementOrder/containers` → `containers` (extractKey)."""
    head, slash, rest = key.partition("/")
    if not slash or head != prefix:
        raise PatchError(message, 400)
    return rest


def _apply_retain_keys(original: dict, patch: dict) -> None:
    """`$retainKeys: [type, rollingUpdate]` clears every other field of the live map; the
    patch may set only fields it retains."""
    if RETAIN_KEYS not in patch:
        return
    retained = patch.pop(RETAIN_KEYS)
    if not isinstance(retained, list):
        raise PatchError(BAD_RETAIN_KEYS, 400)
    for key, value in patch.items():
        if value is None or key.startswith((DELETE_FROM_PRIMITIVE_LIST, SET_ELEMENT_ORDER)):
            continue
        if key not in retained:
            raise PatchError(BAD_RETAIN_KEYS, 400)
    for key in [k for k in original if k not in retained]:
        del original[key]


def _merge_ordered_lists(original: dict, patch: dict, schema) -> None:
    """mergePatchIntoOriginal: each `$setElementOrder/<list>` merges its list now, then
    orders it — the directive's order first, live-only items where they were."""
    for directive in [k for k in patch if k.startswith(SET_ELEMENT_ORDER)]:
        order = patch.pop(directive)
        if not isinstance(order, list):
            raise PatchError(f"expected a []interface {{}}, but received a {go_type(order)}")
        key = _list_key(directive, SET_ELEMENT_ORDER, BAD_SET_ELEMENT_ORDER)
        live, patched = original.get(key), patch.get(key)
        for value in (live, patched):
            if value is not None and not isinstance(value, list):
                raise PatchError(f"expected a []interface {{}}, but received a {go_type(value)}")
        field, strategy, merge_key = lookup(schema, key)
        check_order(patched or [], order, merge_key)
        if live is None and patched is None:
            continue
        if patched is None:
            merged = live
        elif live is None:
            merged = patched
        else:
            merged = (merge_list(live, patched, _items(field), merge_key, False)
                      if strategy == "merge" else patched)
        in_patch, server_only = partition(merged, order, merge_key)
        kind = _element_kind(live or [], patched or [])
        original[key] = normalize_order(in_patch, server_only, order, live or [], merge_key, kind)
        patch.pop(key, None)


# -- merging lists -------------------------------------------------------------------------------
def merge_list(original: list, patch: list, items, merge_key: str, delete_list: bool) -> list:
    """mergeSlice: scalars are unioned (or removed, for a deletion list); maps merge by
    their merge key, `$patch: delete|replace` items first. The result lists the patch's
    items in the patch's order, the live-only ones where they were."""
    if not original and not patch:
        return original
    kind = _element_kind(original, patch)
    if kind != "map":
        if delete_list:
            return [v for v in original if v not in patch]
        merged = deduplicate(original + patch)
    else:
        if not merge_key:
            element = (_resolve(items) or {}).get("type", "object")
            raise PatchError("cannot merge lists without merge key for type "
                             f"{'struct' if element == 'object' else element}")
        original, patch = _special_items(original, patch, merge_key)
        merged = original
        for item in patch:
            if merge_key not in item:
                raise no_merge_key(item, merge_key)
            at = next((i for i, o in enumerate(merged) if isinstance(o, dict)
                       and merge_key in o and o[merge_key] == item[merge_key]), None)
            if at is None:
                merged.append(item)
            else:
                merged[at] = merge_map(merged[at], item, items)
    in_patch, server_only = partition(merged, patch, merge_key)
    return normalize_order(in_patch, server_only, patch, original, merge_key, kind)


def _special_items(original: list, patch: list, merge_key: str) -> tuple[list, list]:
    """mergeSliceWithSpecialElements: `{name: x, $patch: delete}` removes x from the live
    list; a `{$patch: replace}` item makes the rest of the patch the whole list."""
    plain, replace = [], False
    for item in patch:
        if DIRECTIVE not in item:
            plain.append(item)
        elif item[DIRECTIVE] == "delete":
            if merge_key not in item:
                raise no_merge_key(item, merge_key)
            original = [o for o in original if not (isinstance(o, dict) and merge_key in o
                                                    and o[merge_key] == item[merge_key])]
        elif item[DIRECTIVE] == "replace":
            replace = True
        elif item[DIRECTIVE] == "merge":
            raise PatchError("merging lists cannot yet be specified in the patch")
        else:
            raise bad_patch_type(item[DIRECTIVE], item)
    return (plain, []) if replace else (original, plain)


def _element_kind(*lists: list) -> str:
    """sliceElementType: every element of every list has one Go type, never a list."""
    seen = None
    for value in (v for items in lists for v in items):
        kind = go_type(value)
        if seen is None and kind == "[]interface {}":
            raise PatchError(NO_LIST_OF_LISTS, 422)
        if seen is not None and kind != seen:
            raise PatchError("list element types are not identical: "
                             + go_print(list(lists)))
        seen = kind
    if seen is None:
        raise PatchError("no elements in any of the given slices")
    return "map" if seen.startswith("map") else seen
