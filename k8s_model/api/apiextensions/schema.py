"""A CRD's structural schema at work on a custom object: pruning and defaulting.

Mirrors apiextensions-apiserver pkg/apiserver/schema: pruning/algorithm.go and
defaulting/algorithm.go (with PruneNonNullableNullsWithoutDefaults), which the
customresource handler runs on every object it decodes, before validation.

* Pruning drops every field the schema does not declare, unless the schema says
  `x-kubernetes-preserve-unknown-fields: true` there. The object's own `apiVersion`,
  `kind` and `metadata` are never pruned at the root. The dropped paths are returned:
  under fieldValidation=Strict (kubectl's default) they become the request's error,
  `strict decoding error: unknown field "spec.foo"`, instead of vanishing silently.
* Defaulting fills each absent property that has a `default` — only inside objects
  that exist: a default for `spec.replicas` does nothing when there is no `spec`. A
  `null` where the schema is not `nullable` is defaulted, or dropped if there is no
  default.

    >>> obj = {"spec": {"cronSpec": "* * * * */5", "foo": 1}}
    >>> prune(obj, schema)       # the CronTab schema of the docs
    ['spec.foo']
"""

from __future__ import annotations

import copy

ROOT_FIELDS = ("apiVersion", "kind", "metadata")
PRESERVE = "x-kubernetes-preserve-unknown-fields"


def prune(obj: dict, schema: dict) -> list[str]:
    """Drop undeclared fields in place; return their paths, sorted."""
    unknown: list[str] = []
    _prune(obj, schema, "", unknown, root=True)
    return sorted(unknown)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _prune(value, schema: dict | None, path: str, unknown: list[str], root: bool = False) -> None:
    schema = schema or {}
    if isinstance(value, dict):
        properties = schema.get("properties") or {}
        additional = schema.get("additionalProperties")
        for key in list(value):
            if root and key in ROOT_FIELDS:
                continue
            if key in properties:
                _prune(value[key], properties[key], _join(path, key), unknown)
            elif isinstance(additional, dict):
                _prune(value[key], additional, _join(path, key), unknown)
            elif additional is True or schema.get(PRESERVE):
                continue
            else:
                unknown.append(_join(path, key))
                del value[key]
    elif isinstance(value, list):
        items = schema.get("items")
        for i, item in enumerate(value):
            _prune(item, items if isinstance(items, dict) else {PRESERVE: True},
                   f"{path}[{i}]", unknown)


def default(obj, schema: dict | None) -> None:
    """Fill `default:` values in place (structuraldefaulting.Default), and drop nulls the
    schema does not allow and cannot default (PruneNonNullableNullsWithoutDefaults)."""
    schema = schema or {}
    if isinstance(obj, dict):
        properties = schema.get("properties") or {}
        for key, prop in properties.items():
            if "default" in prop and (key not in obj or (obj[key] is None
                                                         and not prop.get("nullable"))):
                obj[key] = copy.deepcopy(prop["default"])
            elif key in obj and obj[key] is None and not prop.get("nullable"):
                del obj[key]
        additional = schema.get("additionalProperties")
        for key, value in obj.items():
            sub = properties.get(key) or (additional if isinstance(additional, dict) else None)
            if sub is not None:
                default(value, sub)
    elif isinstance(obj, list) and isinstance(schema.get("items"), dict):
        for item in obj:
            default(item, schema["items"])
