"""Server-side apply: merge a manager's configuration into the live object
(structured-merge-diff merge/update.go `Apply`, typed/merge.go;
apimachinery/pkg/util/managedfields/internal/conflict.go for the error).

`kubectl apply --server-side` sends the whole configuration as a PATCH of type
`application/apply-patch+yaml` with `?fieldManager=kubectl`. The server

1. merges it into the live object: objects field by field, keyed lists item by item
   (containers by name), everything else replaced;
2. prunes what this manager applied last time and no longer applies, unless another
   manager owns it too;
3. checks ownership: a field another manager owns that the apply would *change* is a
   conflict (409) — unless `?force=true`, which takes the field away from it;
4. records the applied fields as this manager's `Apply` entry.

Applying a value equal to the live one is no conflict: the two managers share the field.
"""

from __future__ import annotations

import copy

from .. import errors
from . import fieldpath, schema as types
from .fieldpath import Path
from .managed_fields import Entry, decode, find, owned_view, store


def apply(live: dict | None, config: dict, manager: str, force: bool, api_version: str,
          subresource: str | None, now: str, ignore_status: bool) -> dict:
    """The object after `manager` applied `config` to `live` (None: not yet created),
    with its managedFields. Raises a 409 Conflict naming the fields other managers own."""
    schema = types.root(config.get("apiVersion", ""), config.get("kind", ""))
    entries = decode(((live or {}).get("metadata") or {}).get("managedFields"))
    identity = (manager, "Apply", "", subresource or "")
    mine = find(entries, identity)
    last = mine.fields if mine else set()
    applied_view = owned_view(config)
    if ignore_status:   # the main resource resets status; only /status applies it
        applied_view.pop("status", None)
    applied = fieldpath.applied_set(applied_view, schema)
    base = copy.deepcopy(live) if live is not None else {}
    merged = _merge(base, config, schema)
    others = [e for e in entries if e is not mine]
    _prune(merged, last - applied, others, schema)
    comparison = fieldpath.compare(owned_view(live or {}), owned_view(merged), schema)
    changed = comparison.added | comparison.modified
    conflicts = [(e, e.fields & changed) for e in others if e.fields & changed]
    if conflicts and not force:
        raise conflict_error(conflicts)
    for entry in others:   # force moves ownership; removed fields have no owner left
        entry.fields -= changed | comparison.removed
        entry.raw = None
    if mine is None:
        mine = Entry(manager, "Apply", api_version, subresource or "")
        entries.append(mine)
    mine.fields, mine.api_version, mine.raw = applied, api_version, None
    if live is None or not comparison.is_same():
        mine.time = now
    merged.setdefault("metadata", {})
    store(merged, entries)
    return merged


# -- 1. merge (typed/merge.go) ---------------------------------------------------------------
def _merge(live, config, schema: dict | None):
    if isinstance(live, dict) and isinstance(config, dict) and not types.atomic_object(schema):
        for key, value in config.items():
            if value is None:
                live.pop(key, None)
            elif key in live:
                live[key] = _merge(live[key], value, types.child(schema, key))
            else:
                live[key] = copy.deepcopy(value)
        return live
    if fieldpath.granular_list(live, schema) and fieldpath.granular_list(config, schema):
        # Items keep their live order; the configuration's new items follow.
        item_schema = types.item(schema)
        wanted = fieldpath.items_by_element(config, schema)
        merged = []
        for item in live:
            element = fieldpath.item_element(item, schema)
            if element in wanted:
                item = _merge(item, wanted.pop(element), item_schema)
            merged.append(item)
        return merged + [copy.deepcopy(i) for i in wanted.values()]
    return copy.deepcopy(config)


# -- 2. prune (merge/update.go prune) ---------------------------------------------------------
def _prune(obj: dict, dropped: set[Path], others: list[Entry], schema: dict | None) -> None:
    """Remove the fields this manager stopped applying that nobody else owns (nor
    anything below them). Containers left empty go too, as `omitempty` drops them."""
    held = {p[:i] for e in others for p in e.fields for i in range(1, len(p) + 1)}
    for path in sorted(dropped, key=len):
        if path not in held:
            _remove(obj, path, schema)


def _remove(obj: dict, path: Path, schema: dict | None) -> None:
    trail = []   # (container, key-or-index) from the top down
    node, node_schema = obj, schema
    for element in path:
        if isinstance(node, dict) and element.startswith("f:") and element[2:] in node:
            key = element[2:]
            trail.append((node, key))
            node, node_schema = node[key], types.child(node_schema, key)
        elif isinstance(node, list):
            index = next((i for i, item in enumerate(node)
                          if fieldpath.item_element(item, node_schema) == element), None)
            if index is None:
                return
            trail.append((node, index))
            node, node_schema = node[index], types.item(node_schema)
        else:
            return   # already gone
    while trail:
        container, key = trail.pop()
        del container[key]
        if container or not trail:
            return


# -- 3. the conflict error (conflict.go) ------------------------------------------------------
def conflict_error(conflicts: list[tuple[Entry, set[Path]]]) -> errors.ApiError:
    """NewConflictError: 409 Conflict, one cause per field, e.g.
    `Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale"
    using apps/v1: .spec.replicas`."""
    conflicts = sorted(conflicts, key=lambda c: c[0].identity)
    pairs = [(entry, path) for entry, paths in conflicts for path in _ordered(paths)]
    causes = [{"reason": "FieldManagerConflict", "message": f"conflict with {e.describe()}",
               "field": fieldpath.path_string(p)} for e, p in pairs]
    if len(pairs) == 1:
        entry, path = pairs[0]
        message = (f"Apply failed with 1 conflict: conflict with {entry.describe()}: "
                   f"{fieldpath.path_string(path)}")
    else:
        lines = []
        for entry, paths in conflicts:
            lines.append(f"conflicts with {entry.describe()}:")
            lines += [f"- {fieldpath.path_string(p)}" for p in _ordered(paths)]
        message = f"Apply failed with {len(pairs)} conflicts: " + "\n".join(lines)
    return errors.ApiError(errors._status(409, "Conflict", message, {"causes": causes}))


def _ordered(paths: set[Path]) -> list[Path]:
    """Set.Iterate's order: at each level the members first, then the levels below."""
    out: list[Path] = []

    def walk(node: dict, prefix: Path) -> None:
        for key, sub in node.items():
            if key != "." and (not sub or "." in sub):
                out.append(prefix + (key,))
        for key, sub in node.items():
            if key != "." and sub:
                walk(sub, prefix + (key,))

    walk(fieldpath.encode(paths), ())
    return out
