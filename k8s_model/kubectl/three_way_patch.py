"""The patch `kubectl apply` sends (apimachinery strategicpatch.CreateThreeWayMergePatch,
jsonmergepatch.CreateThreeWayJSONMergePatch; chosen in kubectl pkg/cmd/apply/patcher.go).

Three versions of the object meet: `original` (the last-applied annotation), `modified`
(the file, with its new annotation) and `current` (the live object). The patch is

    delta      what `modified` adds or changes relative to `current` (deletions ignored)
  + deletions  what `original` had and `modified` no longer has (additions ignored)

A built-in kind gets a strategic merge patch: lists whose schema says `merge` are diffed
item by item (by merge key, or as sets of scalars) and carry `$setElementOrder/<list>`;
a custom kind, which kubectl's scheme does not know, gets a JSON merge patch (every
changed list whole). The model applies the merged object itself; kubectl prints this
patch when the server refuses it ("error when applying patch: <patch> to: …").
"""

from __future__ import annotations

from ..api.decoding import go_json
from ..api.strategic_merge import lookup, schema_for


def three_way_patch(original: dict, modified: dict, current: dict, rt) -> str:
    """The patch's JSON, as json.Marshal writes it."""
    schema = None if rt.custom is not None else schema_for(rt.group, rt.version, rt.kind)
    strategic = rt.custom is None
    delta = _diff_maps(current, modified, schema, strategic, changes=True)
    deletions = _diff_maps(original, modified, schema, strategic, changes=False)
    return go_json(_merge(deletions, delta))


def _diff_maps(original: dict, modified: dict, schema, strategic: bool, changes: bool,
               retain_keys: bool = False) -> dict:
    """diffMaps with IgnoreDeletions (changes=True) or IgnoreChangesAndAdditions."""
    patch: dict = {}
    for key, value in modified.items():
        if key not in original:
            if changes:
                patch[key] = value
            continue
        old = original[key]
        if _go_type(old) != _go_type(value):
            if changes:
                patch[key] = value
        elif isinstance(value, dict):
            field, strategy, _ = lookup(schema, key) if strategic else (None, "", "")
            if strategy == "replace":
                if changes:
                    patch[key] = value
                continue
            sub = _diff_maps(old, value, field, strategic, changes, _retains(field))
            if sub:
                patch[key] = sub
        elif isinstance(value, list):
            field, strategy, merge_key = lookup(schema, key) if strategic else (None, "", "")
            if strategy == "merge":
                _diff_list(key, old, value, field, merge_key, changes, patch)
            elif changes and old != value:
                patch[key] = value
        elif changes and old != value:
            patch[key] = value
    if not changes:
        for key in original:
            if key not in modified:
                patch[key] = None
    if retain_keys and strategic and (patch or set(original) - set(modified)):
        patch["$retainKeys"] = sorted(k for k, v in modified.items() if v is not None)
    return patch


def _go_type(value) -> str:
    """reflect.TypeOf after json.Unmarshal: every number is a float64."""
    return "float64" if isinstance(value, (int, float)) and not isinstance(value, bool) \
        else type(value).__name__


def _retains(field) -> bool:
    return bool(field) and "retainKeys" in field.get("x-kubernetes-patch-strategy", "")


def _diff_list(key, original: list, modified: list, field, merge_key: str, changes: bool,
               patch: dict) -> None:
    """diffLists: the items added or changed, deletions, and the order to keep."""
    if not original:
        if modified and changes:
            patch[key] = modified
        return
    if merge_key and all(isinstance(i, dict) for i in original + modified):
        old = {str(i.get(merge_key)): i for i in original}
        new = {str(i.get(merge_key)): i for i in modified}
        items = []
        for name, item in sorted(new.items()):   # sortMergeListsByNameArray, then in order
            if name not in old:
                if changes:
                    items.append(item)
            else:
                sub = _diff_maps(old[name], item, (field or {}).get("items"), True, changes,
                                 _retains(field))
                if sub:
                    items.append({**sub, merge_key: item[merge_key]})
        order = [str(i.get(merge_key)) for i in modified]
        items.sort(key=lambda i: order.index(str(i[merge_key])))
        if not changes:
            items += [{"$patch": "delete", merge_key: old[n][merge_key]}
                      for n in sorted(old) if n not in new]
        same_order = [str(i.get(merge_key)) for i in original] == order
        if items or (changes and not same_order):
            patch[f"$setElementOrder/{key}"] = [{merge_key: i[merge_key]} for i in modified]
        if items:
            patch[key] = items
        return
    added = [v for v in modified if v not in original]
    removed = [v for v in original if v not in modified]
    if changes and added:
        patch[key] = added
    if not changes and removed:
        patch[f"$deleteFromPrimitiveList/{key}"] = removed
    if (changes and original != modified) or (not changes and removed):
        patch[f"$setElementOrder/{key}"] = modified


def _merge(deletions, delta):
    """The delta applied to the deletions (mergeMap without parallel lists): maps merge,
    a merged list's items merge by the key its `$setElementOrder` names, anything else the
    delta says wins."""
    if not isinstance(deletions, dict) or not isinstance(delta, dict):
        return delta
    out = dict(deletions)
    for key, value in delta.items():
        order = out.get(f"$setElementOrder/{key}") or delta.get(f"$setElementOrder/{key}")
        merge_key = next(iter(order[0]), None) if isinstance(order, list) and order \
            and isinstance(order[0], dict) else None
        if isinstance(value, list) and isinstance(out.get(key), list) and merge_key:
            out[key] = _merge_items(out[key], value, merge_key)
        else:
            out[key] = _merge(out[key], value) if key in out else value
    return out


def _merge_items(deletions: list, delta: list, merge_key: str) -> list:
    merged = list(deletions)
    for item in delta:
        at = next((i for i, old in enumerate(merged) if old.get(merge_key) == item.get(merge_key)),
                  None)
        if at is None:
            merged.append(item)
        else:
            merged[at] = _merge(merged[at], item)
    return merged
