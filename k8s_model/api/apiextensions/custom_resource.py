"""How the API server serves one CRD's kind: its strategy and its table.

Mirrors apiextensions-apiserver pkg/apiserver/customresource_handler.go (crdInfo:
one storage per served CRD, built from its storage version) with
pkg/registry/customresource/strategy.go, status_strategy.go and tableconvertor/.

The request pipeline of `handlers.py` is the same as for a Pod; at each step it asks
the resource's `custom` for the custom-resource rule:

* decode: prune what the schema does not declare (an error under
  fieldValidation=Strict), then fill the schema's defaults;
* PrepareForCreate/Update: generation starts at 1 and goes up on any change outside
  `metadata`; with the `status` subresource a write to the object keeps the old
  status and a write to /status changes only status;
* Validate: ObjectMeta (the name is a DNS subdomain) and the openAPIV3Schema;
* the table: NAME, the additionalPrinterColumns (jsonPath evaluated on the object,
  priority > 0 only with -o wide) — or NAME and AGE when there are none.
"""

from __future__ import annotations

import json

from .. import errors
from ..resources import ResourceType
from ..tables.common import NAME, Column, Printer, translate_timestamp_since
from ..validation.meta import validate_object_meta, validate_object_meta_update
from ..validation.util import name_is_dns_subdomain
from . import schema as structural
from .crd_validation import storage_version
from .schema_validation import validate as validate_schema

# serveDefaultColumnsIfEmpty: a CRD without printer columns shows its objects' age.
DEFAULT_COLUMNS = [{"name": "Age", "type": "date", "jsonPath": ".metadata.creationTimestamp"}]


class CustomResource:
    """The serving rules of one established CRD (its storage version)."""

    def __init__(self, crd: dict) -> None:
        spec = crd["spec"]
        version = storage_version(crd) or spec["versions"][0]
        self.crd_name = crd["metadata"]["name"]
        self.crd_uid = crd["metadata"].get("uid", "")
        self.schema: dict = json.loads(json.dumps(
            (version.get("schema") or {}).get("openAPIV3Schema") or {}))
        subresources = version.get("subresources") or {}
        self.status_enabled = "status" in subresources
        self.columns = version.get("additionalPrinterColumns") or DEFAULT_COLUMNS
        names = spec["names"]
        self.resource = ResourceType(
            names["plural"], names["kind"], spec["group"], version["name"],
            spec["scope"] == "Namespaced", tuple(names.get("shortNames") or ()),
            tuple(names.get("categories") or ()), custom=self)
        self.singular = names.get("singular") or names["kind"].lower()
        self.list_kind = names.get("listKind") or names["kind"] + "List"

    def serves(self, subresource: str | None) -> bool:
        return subresource is None or (subresource == "status" and self.status_enabled)

    # -- decode ---------------------------------------------------------------------------
    def decode(self, obj: dict, strict: bool) -> list[str]:
        """Prune unknown fields and apply defaults; under strict field validation the
        pruned fields fail the request (unstructuredSchemaCoercer with
        returnUnknownFieldPaths: `strict decoding error: unknown field "spec.foo"`)."""
        unknown = structural.prune(obj, self.schema)
        if unknown and strict:
            rt = self.resource
            kind = obj.get("kind") or rt.kind
            version = str(obj.get("apiVersion") or rt.api_version).rpartition("/")[2]
            detail = ", ".join(f'unknown field "{path}"' for path in unknown)
            raise errors.bad_request(f'{kind} in version "{version}" cannot be handled as a '
                                     f'{rt.kind}: strict decoding error: {detail}')
        structural.default(obj, self.schema)
        return [f'unknown field "{path}"' for path in unknown]

    # -- strategy ---------------------------------------------------------------------------
    def prepare_for_create(self, obj: dict) -> None:
        if self.status_enabled:
            obj.pop("status", None)
        obj["metadata"]["generation"] = 1

    def prepare_for_update(self, obj: dict, old: dict, subresource: str | None) -> None:
        if subresource == "status":   # statusStrategy: only status may change
            status = obj.get("status")
            obj.clear()
            obj.update(json.loads(json.dumps(old)))
            if status is None:
                obj.pop("status", None)
            else:
                obj["status"] = status
            return
        if self.status_enabled:
            if "status" in old:
                obj["status"] = old["status"]
            else:
                obj.pop("status", None)
        generation = old["metadata"].get("generation", 1)
        if _non_metadata(obj) != _non_metadata(old):
            generation += 1
        obj["metadata"]["generation"] = generation

    def validate(self, obj: dict, old: dict | None) -> list[errors.FieldError]:
        meta = obj.get("metadata") or {}
        errs = (validate_object_meta_update(meta, old.get("metadata") or {}, core=False)
                if old is not None else
                validate_object_meta(meta, self.resource.namespaced, name_is_dns_subdomain,
                                     core=False))
        return errs + validate_schema(obj, self.schema)

    # -- table (tableconvertor.New) ---------------------------------------------------------
    def printer(self) -> Printer:
        columns = [NAME]
        for column in self.columns:
            description = column.get("description") or \
                f"Custom resource definition column (in JSONPath format): {column['jsonPath']}"
            columns.append(Column(column["name"], type=column["type"],
                                  description=description, priority=column.get("priority", 0),
                                  format=column.get("format", "")))

        def cells(obj: dict, now: float) -> list:
            return [obj["metadata"]["name"]] + [_cell(c, obj, now) for c in self.columns]
        return Printer(tuple(columns), cells)


def _non_metadata(obj: dict) -> dict:
    return {k: v for k, v in obj.items() if k != "metadata"}


def _cell(column: dict, obj: dict, now: float):
    """One additional column: the jsonPath's first result as the column's type, None
    (an empty cell) when the path finds nothing (tableconvertor.cellForJSONValue)."""
    from ...kubectl.jsonpath import JSONPath, JSONPathError

    try:
        path = JSONPath("{" + column["jsonPath"] + "}", allow_missing_keys=True)
        results = path.find_results(obj)
    except JSONPathError:
        return None
    if not results or not results[0]:
        return None
    value = results[0][0]
    kind = column["type"]
    if kind == "string":
        return path.print_results([value]) if not isinstance(value, str) else value
    if value is None:
        return None
    if kind == "integer" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value)
    if kind == "number" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if kind == "boolean" and isinstance(value, bool):
        return value
    if kind == "date" and isinstance(value, str):
        try:
            return translate_timestamp_since(value, now)
        except ValueError:
            return "<invalid>"
    return None
