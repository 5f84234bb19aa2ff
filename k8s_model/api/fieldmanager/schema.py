"""What field management needs to know about a type: how its lists and maps merge.

structured-merge-diff reads this from the OpenAPI schema the API server publishes
(apimachinery/pkg/util/managedfields/internal/typeconverter.go builds the "typed"
converter from it). Three markers decide everything:

* `x-kubernetes-list-type: map` with `x-kubernetes-list-map-keys` — a list of objects
  identified by keys (containers by `name`, ports by `containerPort` and `protocol`):
  each item is its own field, `k:{"name":"nginx"}`;
* `x-kubernetes-list-type: set` — a list of distinct scalars (finalizers): `v:"x"`;
* anything else, `atomic` — the list is one value, owned and replaced whole
  (`command`, `args`). So is a struct marked `x-kubernetes-map-type: atomic`
  (a LabelSelector, an ObjectReference).

A schema here is the raw OpenAPI definition (a dict), or None for what the schema does
not describe (custom resources without one): structured-merge-diff's "deduced" type,
where objects are granular and lists atomic.
"""

from __future__ import annotations

from ..openapi import _definitions
from ..strategic_merge import schema_for


def root(api_version: str, kind: str) -> dict | None:
    """The definition of a served kind: `apps/v1`, `Deployment` (the same lookup strategic
    merge patch makes)."""
    group, _, version = api_version.rpartition("/")
    return schema_for(group, version, kind)


def _resolve(schema: dict | None) -> dict | None:
    while schema is not None and "$ref" in schema:
        schema = _definitions().get(schema["$ref"].rpartition("/")[2])
    return schema


def is_struct(schema: dict | None) -> bool:
    return schema is not None and "properties" in schema


def child(schema: dict | None, key: str) -> dict | None:
    """The type of a struct's field or of a map's values."""
    if schema is None:
        return None
    if "properties" in schema:
        return _resolve(schema["properties"].get(key))
    extra = schema.get("additionalProperties")
    return _resolve(extra) if isinstance(extra, dict) else None


def item(schema: dict | None) -> dict | None:
    return _resolve(schema.get("items")) if schema is not None else None


def list_type(schema: dict | None) -> str:
    """`map`, `set` or `atomic` (the default for lists the schema leaves untagged)."""
    return (schema or {}).get("x-kubernetes-list-type", "atomic")


def list_keys(schema: dict | None) -> list[str]:
    return (schema or {}).get("x-kubernetes-list-map-keys", [])


def atomic_object(schema: dict | None) -> bool:
    """An object owned and replaced as a whole (x-kubernetes-map-type: atomic)."""
    return (schema or {}).get("x-kubernetes-map-type") == "atomic"
