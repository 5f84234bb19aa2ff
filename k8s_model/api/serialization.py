"""How kubectl prints objects: `-o yaml`, `-o json` and `-o name` (cli-runtime/pkg/printers).

Two facts decide every byte. YAML is always written by sigs.k8s.io/yaml (JSON first,
then go-yaml v2), so its map keys are always sorted (see goyaml.py, yaml_emitter.py).
JSON is written by Go's encoding/json with a 4-space indent, and its key order depends
on what kubectl holds: an object fetched from the server (`get`, `apply`, `create -f`)
is an *unstructured* map, so keys come out sorted; an object kubectl built itself
(`create deployment`, `run`, `set env`) is a *typed* Go struct, so keys come out in
struct declaration order ("kind", "apiVersion", "metadata", …) with only real maps
(labels, data, …) sorted. `to_json(obj)` is the first, `to_json(obj, typed=True)`
the second.
"""

from __future__ import annotations

import json

from .fieldorder import reorder
from .yaml_scalars import format_json_number
from .resources import for_kind
from .yaml_emitter import emit

__all__ = ["to_yaml", "to_json", "to_name", "as_list", "reorder"]


def to_yaml(obj: dict) -> str:
    """`kubectl … -o yaml`: `kubectl create deployment web --image=nginx` gives
    "apiVersion: apps/v1\\nkind: Deployment\\nmetadata:\\n  labels:\\n    app: web\\n…"."""
    return emit(obj)


def to_json(obj: dict, *, typed: bool = False, compact: bool = False) -> str:
    """`kubectl … -o json`, ending in a newline. typed=False: keys sorted, as for
    anything read from the API server; typed=True: Go struct order, as for objects
    the kubectl client generated (create <kind>, run, expose, set …). compact=True is
    json.Marshal's one-line form (last-applied-configuration uses it)."""
    value = reorder(obj) if typed else obj
    return _encode(value, None if compact else 0, sort=not typed) + "\n"


def to_name(obj: dict) -> str:
    """`-o name`: `deployment.apps/web`, `pod/nginx`, `foo.example.com/x` for a CRD."""
    api_version, kind = obj.get("apiVersion", ""), obj.get("kind", "")
    resource = for_kind(api_version, kind)
    if resource is not None:
        kind_group = resource.kind_group
    else:
        group = api_version.rpartition("/")[0] if "/" in api_version else ""
        kind_group = kind.lower() + (f".{group}" if group else "")
    return f"{kind_group}/{obj.get('metadata', {}).get('name', '')}"


def as_list(objects: list[dict]) -> dict:
    """What `kubectl get` prints for several objects: a v1 List with an empty
    resourceVersion (keys already in the order both printers show)."""
    return {"apiVersion": "v1", "items": list(objects), "kind": "List",
            "metadata": {"resourceVersion": ""}}


# --- encoding/json: MarshalIndent(obj, "", "    ") with HTML-safe escaping -----------

_HTML_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                            "\u2028": "\\u2028", "\u2029": "\\u2029"})


def _string(text: str) -> str:
    # Go escapes <, >, & and U+2028/9 (HTML-safe); other non-ASCII is written as is.
    return json.dumps(text, ensure_ascii=False).translate(_HTML_SAFE)


def _encode(value, level: int | None, sort: bool) -> str:
    """Go's encoder; level None writes the compact one-line form."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return format_json_number(value)
    if isinstance(value, str):
        return _string(value)
    deeper = None if level is None else level + 1
    if level is None:
        open_, sep, close, colon = "", ",", "", ":"
    else:
        open_, sep = "\n" + "    " * (level + 1), ",\n" + "    " * (level + 1)
        close, colon = "\n" + "    " * level, ": "
    if isinstance(value, dict):
        if not value:
            return "{}"
        keys = sorted(value) if sort else list(value)
        body = sep.join(f"{_string(str(k))}{colon}{_encode(value[k], deeper, sort)}"
                        for k in keys)
        return "{" + open_ + body + close + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        return "[" + open_ + sep.join(_encode(v, deeper, sort) for v in value) + close + "]"
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")
