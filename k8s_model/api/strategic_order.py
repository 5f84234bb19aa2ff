"""Where list items end up after a strategic merge patch (apimachinery's
strategicpatch/patch.go normalizeElementOrder, and the design proposal
"preserve order in strategic merge patch").

The items the patch names come in the patch's order (or `$setElementOrder`'s); the items
only the server had keep their places relative to them. Live `[a, x, b]` patched with
`$setElementOrder: [b, a]` becomes `[b, x, a]`: x stayed after the first item and
before the last, as it was.
"""

from __future__ import annotations

from .mergepatch import (DIRECTIVE, SET_ELEMENT_ORDER, PatchError, bad_arg_type, go_print,
                         no_merge_key)


def check_order(patched: list, order: list, merge_key: str) -> None:
    """validatePatchWithSetOrderList: the patch's items keep the directive's order."""
    if not order or not patched:
        return
    kept = [i for i in patched if not _is_delete(i)] if merge_key else patched
    p = o = 0
    while p < len(kept) and o < len(order):
        if isinstance(kept[p], dict) and DIRECTIVE in kept[p]:
            p += 1
            continue
        if _same_key(kept[p], order[o], merge_key):
            p += 1
        o += 1
    if p < len(kept) and o >= len(order):
        raise PatchError(f"The order in patch list:\n{go_print(patched)}\n doesn't match "
                         f"{SET_ELEMENT_ORDER} list:\n{go_print(order)}\n")


def _same_key(left, right, merge_key: str) -> bool:
    if not merge_key:
        return left == right
    for item in (left, right):
        if not isinstance(item, dict):
            raise bad_arg_type(item)
        if merge_key not in item:
            raise no_merge_key(item, merge_key)
    return left[merge_key] == right[merge_key]


def deduplicate(values: list) -> list:
    """deduplicateScalars, which moves the last item into each duplicate's place."""
    values, length, i = list(values), len(values) - 1, 0
    while i < length:
        j = i + 1
        while j <= length:
            if values[i] == values[j]:
                values[j] = values[length]
                values = values[:length]
                length -= 1
                j -= 1
            j += 1
        i += 1
    return values


def _is_delete(item) -> bool:
    if not isinstance(item, dict):
        raise bad_arg_type(item)
    return item.get(DIRECTIVE) == "delete"


def _key_of(item, merge_key: str, kind: str):
    if kind == "map":
        return item.get(merge_key) if isinstance(item, dict) else None
    return item


def _index(values: list, item, merge_key: str, kind: str) -> int:
    wanted = _key_of(item, merge_key, kind)
    return next((i for i, v in enumerate(values) if _key_of(v, merge_key, kind) == wanted), -1)


def partition(merged: list, present: list, merge_key: str) -> tuple[list, list]:
    """Split into the items the list `present` names and the server-only rest."""
    if not merge_key:
        return [v for v in merged if v in present], [v for v in merged if v not in present]
    in_list, server_only = [], []
    for item in merged:
        if not isinstance(item, dict):
            raise bad_arg_type(item)
        if merge_key not in item:
            raise no_merge_key(item, merge_key)
        found = any(isinstance(p, dict) and p.get(merge_key) == item[merge_key] for p in present)
        (in_list if found else server_only).append(item)
    return in_list, server_only


def _sort_by(values: list, order: list, merge_key: str, kind: str) -> list:
    """normalizeSliceOrder: sort.SliceStable by position in `order` (Go's insertion sort,
    whose `less` says true when either item is missing); deletions go last."""
    deletions = []
    if kind == "map":
        for item in values + order:
            if not isinstance(item, dict):
                raise bad_arg_type(item)
            if merge_key not in item:
                raise no_merge_key(item, merge_key)
        deletions = [v for v in values if v.get(DIRECTIVE) == "delete"]
        values = [v for v in values if v.get(DIRECTIVE) != "delete"]

    def less(a, b) -> bool:
        i, j = _index(order, a, merge_key, kind), _index(order, b, merge_key, kind)
        return i < j if i >= 0 and j >= 0 else True

    values = list(values)
    for i in range(1, len(values)):
        j = i
        while j > 0 and less(values[j], values[j - 1]):
            values[j], values[j - 1] = values[j - 1], values[j]
            j -= 1
    return values + deletions


def normalize_order(in_patch: list, server_only: list, patch_order: list, server_order: list,
                     merge_key: str, kind: str) -> list:
    """normalizeElementOrder + mergeSortedSlice: interleave the server-only items among the
    patch's items, each group keeping its own order, by where the live list had them."""
    right = _sort_by(in_patch, patch_order, merge_key, kind)
    left = _sort_by(server_only, server_order, merge_key, kind)
    merged, i, j = [], 0, 0
    while i < len(left) or j < len(right):
        if j >= len(right):
            merged.append(left[i])
            i += 1
            continue
        if i < len(left):
            li = _index(server_order, left[i], merge_key, kind)
            ri = _index(server_order, right[j], merge_key, kind)
            if li >= 0 and ri >= 0 and li < ri:
                merged.append(left[i])
                i += 1
                continue
        merged.append(right[j])
        j += 1
    return merged
