"""Field paths and field sets: what a manager owns (sigs.k8s.io/structured-merge-diff
fieldpath/, typed/tofieldset.go, typed/compare.go).

A path names one place in an object, element by element, in the notation managedFields
uses on the wire (fieldpath/serialize-pe.go):

    f:spec                       a field of an object (or a key of a map)
    k:{"name":"nginx"}           the item of a keyed list whose keys have these values
    v:"foregroundDeletion"       the item of a set list with this value
    i:0                          the item at an index (lists without keys, rarely owned)

so `.spec.template.spec.containers[name="nginx"].image` is the tuple
("f:spec", "f:template", "f:spec", "f:containers", 'k:{"name":"nginx"}', "f:image").
A field set is a Python set of such tuples; union, difference and intersection are the
set operators. `encode` writes a set as FieldsV1 — a tree with a `.` entry where a path
is itself a member and has members below it — and `decode` reads it back.
"""

from __future__ import annotations

import json

from . import schema as types

Path = tuple[str, ...]

# Key fields the OpenAPI schema defaults (ContainerPort.protocol, ServicePort.protocol):
# an item that leaves them out is still the same item.
_KEY_DEFAULTS = {"protocol": "TCP"}


def _json(value) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def item_element(item, list_schema: dict | None) -> str:
    """The path element of one item of a keyed (`map`) or `set` list."""
    if types.list_type(list_schema) == "set":
        return "v:" + _json(item)
    values = {}
    for key in sorted(types.list_keys(list_schema)):
        value = item.get(key, _KEY_DEFAULTS.get(key)) if isinstance(item, dict) else None
        if value is not None:
            values[key] = value
    return "k:" + _json(values)


def granular_list(value, list_schema: dict | None) -> bool:
    """Is this list merged item by item (keyed or set), not replaced whole?"""
    return isinstance(value, list) and types.list_type(list_schema) in ("map", "set")


def items_by_element(value: list, list_schema: dict | None) -> dict[str, object]:
    return {item_element(i, list_schema): i for i in value}


# -- the fields an applied configuration sets (typed/tofieldset.go) ---------------------------
def applied_set(obj: dict, schema: dict | None) -> set[Path]:
    """Every field the configuration specifies: its scalars, its list items, and the
    empty objects and nulls it names. An object with fields is not a member itself:
    owning `.spec.replicas` does not mean owning `.spec`."""
    out: set[Path] = set()
    _applied(obj, schema, (), out)
    return out


def _applied(value, schema: dict | None, path: Path, out: set[Path]) -> None:
    if isinstance(value, dict):
        if types.atomic_object(schema):
            out.add(path)
            return
        for key, sub in value.items():
            child = path + ("f:" + key,)
            _applied(sub, types.child(schema, key), child, out)
            if sub is None or sub == {} or not types.is_struct(schema):
                out.add(child)   # a map's key (a label) is owned itself
    elif granular_list(value, schema):
        item_schema = types.item(schema)
        for element, item in items_by_element(value, schema).items():
            _applied(item, item_schema, path + (element,), out)
            out.add(path + (element,))
    elif path:
        out.add(path)   # a scalar, an atomic list, an atomic object


# -- what an update changed (typed/compare.go) ------------------------------------------------
class Comparison:
    """The paths an update added, modified and removed."""

    def __init__(self) -> None:
        self.added: set[Path] = set()
        self.modified: set[Path] = set()
        self.removed: set[Path] = set()

    def changed(self) -> set[Path]:
        return self.added | self.modified | self.removed

    def is_same(self) -> bool:
        return not (self.added or self.modified or self.removed)


def compare(old: dict, new: dict, schema: dict | None) -> Comparison:
    out = Comparison()
    _compare(old, new, schema, (), out)
    return out


def _compare(old, new, schema: dict | None, path: Path, out: Comparison) -> None:
    if old == new:   # most of an object is untouched by a write: one C-level comparison
        return
    if isinstance(old, dict) and isinstance(new, dict) and not types.atomic_object(schema):
        _compare_children(old, new, lambda key: types.child(schema, key),
                          lambda key: "f:" + key, True, path, out)
    elif granular_list(old, schema) and granular_list(new, schema):
        item_schema = types.item(schema)
        _compare_children(items_by_element(old, schema), items_by_element(new, schema),
                          lambda _: item_schema, lambda element: element, False, path, out)
    else:   # a scalar, an atomic list or object, or a change of type
        out.modified.add(path)


def _compare_children(old: dict, new: dict, child_schema, element, is_field: bool,
                      path: Path, out: Comparison) -> None:
    for key, value in old.items():
        if key not in new:
            _subtree(value, child_schema(key), path + (element(key),), False, out.removed, True)
    for key, value in new.items():
        child = path + (element(key),)
        if key not in old:
            _subtree(value, child_schema(key), child, is_field, out.added)
        else:
            _compare(old[key], value, child_schema(key), child, out)


def _subtree(value, schema: dict | None, path: Path, is_field: bool, out: set[Path],
             every: bool = False) -> None:
    """The paths of a part that appeared (or, `every`, disappeared) as a whole. A new
    struct field with fields below it is left out: in Go its empty value was there all
    along (the `spec` of a new Deployment), so upstream's comparison never sees it appear."""
    if every or not (is_field and value and types.is_struct(schema)) or types.atomic_object(schema):
        out.add(path)
    if isinstance(value, dict) and not types.atomic_object(schema):
        for key, sub in value.items():
            _subtree(sub, types.child(schema, key), path + ("f:" + key,), True, out, every)
    elif granular_list(value, schema):
        item_schema = types.item(schema)
        for element, item in items_by_element(value, schema).items():
            _subtree(item, item_schema, path + (element,), False, out, every)


# -- FieldsV1, the wire form (fieldpath/serialize.go) -------------------------------------------
_RANK = {"f": 0, "k": 1, "v": 2, "i": 3}


def _order(element: str):
    """Fields first by name, then keyed items, set values and indexes, as
    PathElement.Compare orders them (numbers compare as numbers)."""
    kind, _, text = element.partition(":")
    if kind == "f":
        return (0, text)
    value = json.loads(text)
    if isinstance(value, dict):
        value = tuple((k, _scalar_order(v)) for k, v in value.items())
    return (_RANK.get(kind, 4), _scalar_order(value))


def _scalar_order(value):
    if isinstance(value, bool) or value is None:
        return (0, str(value))
    if isinstance(value, (int, float)):
        return (1, value)
    return (2, value) if isinstance(value, tuple) else (2, str(value))


def encode(paths: set[Path]) -> dict:
    tree: dict = {}
    for path in paths:
        node = tree
        for element in path:
            node = node.setdefault(element, {})
        node["."] = {}
    return _finish(tree)


def _finish(node: dict) -> dict:
    children = sorted((k for k in node if k != "."), key=_order)
    out = {".": {}} if "." in node and children else {}
    for key in children:
        out[key] = _finish(node[key])
    return out


def decode(fields: dict | None) -> set[Path]:
    out: set[Path] = set()
    _decode(fields or {}, (), out)
    return out


def _decode(node: dict, path: Path, out: set[Path]) -> None:
    for key, sub in node.items():
        if key == ".":
            out.add(path)
        elif not sub:
            out.add(path + (key,))
        else:
            _decode(sub, path + (key,), out)


def contains(fields: dict, path: Path) -> bool:
    """Is `path` a member of the set a FieldsV1 tree encodes?"""
    node = fields
    for element in path:
        node = node.get(element)
        if node is None:
            return False
    return not node or "." in node


def path_string(path: Path) -> str:
    """`.spec.containers[name="nginx"].image`, as fieldpath.Path.String() prints it."""
    parts = []
    for element in path:
        kind, _, text = element.partition(":")
        if kind == "f":
            parts.append("." + text)
        elif kind == "k":
            keys = json.loads(text)
            parts.append("[" + ",".join(f"{k}={_json(v)}" for k, v in keys.items()) + "]")
        elif kind == "v":
            parts.append("[=" + text + "]")
        else:
            parts.append("[" + text + "]")
    return "".join(parts)
