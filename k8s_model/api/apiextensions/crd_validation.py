"""The CustomResourceDefinition kind's own rules: defaults, create strategy, validation.

Mirrors apiextensions-apiserver pkg/apis/apiextensions/v1/defaults.go,
pkg/registry/customresourcedefinition/strategy.go and
pkg/apis/apiextensions/validation/validation.go for the mistakes people make:

    metadata.name: Invalid value: "crontab.stable.example.com": must be spec.names.plural+"."+spec.group
    spec.scope: Unsupported value: "Namespace": supported values: "Cluster", "Namespaced"
    spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion{…}: must have exactly one version marked as storage version
    spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required
    spec.names.kind: Required value
    spec.versions[0].schema.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields

The model checks the structural-schema rule learners meet (every node has a `type`,
an object at the root) but not the rarer ones (x-kubernetes-* combinations, CEL).
"""

from __future__ import annotations

from ..errors import FieldError, Stringer, forbidden, invalid, not_supported, required
from ..names import is_dns1035_label, is_dns1123_subdomain
from ..validation.meta import validate_object_meta, validate_object_meta_update
from ..validation.util import immutable, name_is_dns_subdomain

SCOPES = ["Cluster", "Namespaced"]
PRINTER_COLUMN_TYPES = ["boolean", "date", "integer", "number", "string"]


# -- defaults and the create strategy ---------------------------------------------------------
def set_defaults(crd: dict) -> None:
    """SetDefaults_CustomResourceDefinitionSpec: singular is the lower-case kind,
    listKind is `<Kind>List`, conversion is `None`."""
    spec = crd.setdefault("spec", {})
    names = spec.setdefault("names", {})
    if not names.get("singular"):
        names["singular"] = (names.get("kind") or "").lower()
    if not names.get("listKind") and names.get("kind"):
        names["listKind"] = names["kind"] + "List"
    spec.setdefault("conversion", {"strategy": "None"})


def storage_version(crd: dict) -> dict | None:
    return next((v for v in crd["spec"].get("versions") or [] if v.get("storage")), None)


def initial_status(crd: dict) -> dict:
    """strategy.PrepareForCreate: a fresh status whose storedVersions is the storage
    version; acceptedNames stays empty until the naming controller fills it."""
    stored = storage_version(crd)
    return {"acceptedNames": {"kind": "", "plural": ""},
            "storedVersions": [stored["name"]] if stored else []}


# -- validation -------------------------------------------------------------------------------
def validate_crd(crd: dict, old: dict | None) -> list[FieldError]:
    spec = crd.get("spec") or {}
    names = spec.get("names") or {}

    def name_fn(name: str, prefix: bool) -> list[str]:
        found = name_is_dns_subdomain(name, prefix)
        if name != f"{names.get('plural', '')}.{spec.get('group', '')}":
            found.append('must be spec.names.plural+"."+spec.group')
        return found

    meta = crd.get("metadata") or {}
    errs: list[FieldError] = []
    if old is not None:
        errs += validate_object_meta_update(meta, old.get("metadata") or {}, core=False)
    else:
        errs += validate_object_meta(meta, False, name_fn, core=False)
    errs += _spec(spec, "spec")
    if old is not None:
        errs += _spec_update(spec, old.get("spec") or {}, _established(old))
    return errs


def _established(crd: dict) -> bool:
    return any(c.get("type") == "Established" and c.get("status") == "True"
               for c in (crd.get("status") or {}).get("conditions") or [])


def _spec(spec: dict, path: str) -> list[FieldError]:
    errs: list[FieldError] = []
    group = spec.get("group") or ""
    if not group:
        errs.append(required(f"{path}.group"))
    elif is_dns1123_subdomain(group):
        errs.append(invalid(f"{path}.group", group, ",".join(is_dns1123_subdomain(group))))
    elif "." not in group:
        errs.append(invalid(f"{path}.group", group, "should be a domain with at least one dot"))
    scope = spec.get("scope") or ""
    if not scope:
        errs.append(required(f"{path}.scope"))
    elif scope not in SCOPES:
        errs.append(not_supported(f"{path}.scope", scope, SCOPES))

    versions = spec.get("versions") or []
    for i, version in enumerate(versions):
        if not (version.get("schema") or {}).get("openAPIV3Schema"):
            errs.append(required(f"{path}.versions[{i}].schema.openAPIV3Schema",
                                 "schemas are required"))
    for i, version in enumerate(versions):
        vpath = f"{path}.versions[{i}]"
        for msg in is_dns1035_label(version.get("name") or ""):
            errs.append(invalid(f"{vpath}.name", version.get("name") or "", msg))
        schema = (version.get("schema") or {}).get("openAPIV3Schema")
        if schema:
            errs += _structural(schema, f"{vpath}.schema.openAPIV3Schema", "root")
        for j, column in enumerate(version.get("additionalPrinterColumns") or []):
            errs += _column(column, f"{vpath}.additionalPrinterColumns[{j}]")
    if len({v.get("name") for v in versions}) != len(versions):
        errs.append(invalid(f"{path}.versions", _go_versions(versions),
                            "must contain unique version names"))
    if sum(1 for v in versions if v.get("storage")) != 1:
        errs.append(invalid(f"{path}.versions", _go_versions(versions),
                            "must have exactly one version marked as storage version"))

    names = spec.get("names") or {}
    for field in ("plural", "singular", "kind", "listKind"):
        if not names.get(field):
            errs.append(required(f"{path}.names.{field}"))
    for field in ("plural", "singular"):
        value = names.get(field) or ""
        if value and is_dns1035_label(value):
            errs.append(invalid(f"{path}.names.{field}", value,
                                ",".join(is_dns1035_label(value))))
    for field in ("kind", "listKind"):
        value = names.get(field) or ""
        if value and is_dns1035_label(value.lower()):
            errs.append(invalid(f"{path}.names.{field}", value,
                                "may have mixed case, but should otherwise match: "
                                + ",".join(is_dns1035_label(value.lower()))))
    for i, short in enumerate(names.get("shortNames") or []):
        if is_dns1035_label(short):
            errs.append(invalid(f"{path}.names.shortNames[{i}]", short,
                                ",".join(is_dns1035_label(short))))
    if names.get("kind") and names.get("kind") == names.get("listKind"):
        errs.append(invalid(f"{path}.names.listKind", names["listKind"],
                            "kind and listKind may not be the same"))
    return errs


def _spec_update(spec: dict, old: dict, established: bool) -> list[FieldError]:
    """ValidateCustomResourceDefinitionSpecUpdate: scope and kind are fixed once
    Established (they shape storage); group and plural make up the name, always fixed."""
    errs: list[FieldError] = []
    if established:
        errs += immutable(spec.get("scope"), old.get("scope"), "spec.scope")
        errs += immutable((spec.get("names") or {}).get("kind"),
                          (old.get("names") or {}).get("kind"), "spec.names.kind")
    errs += immutable(spec.get("group"), old.get("group"), "spec.group")
    errs += immutable((spec.get("names") or {}).get("plural"),
                      (old.get("names") or {}).get("plural"), "spec.names.plural")
    return errs


_LEVEL_DETAIL = {"root": "must not be empty at the root",
                 "item": "must not be empty for specified array items",
                 "field": "must not be empty for specified object fields"}


def _structural(schema: dict, path: str, level: str) -> list[FieldError]:
    """The structural-schema rules learners meet (schema/validation.go validateStructuralInvariants
    and validateStructuralCompleteness): a `type` on every node, `object` at the root."""
    errs: list[FieldError] = []
    kind = schema.get("type") or ""
    if not kind and not schema.get("x-kubernetes-int-or-string") \
            and not schema.get("x-kubernetes-preserve-unknown-fields"):
        errs.append(required(f"{path}.type", _LEVEL_DETAIL[level]))
    if level == "root" and kind and kind != "object":
        errs.append(invalid(f"{path}.type", kind, "must be object at the root"))
    if schema.get("uniqueItems"):
        errs.append(forbidden(f"{path}.uniqueItems", "uniqueItems cannot be set to true since "
                                                     "the runtime complexity becomes quadratic"))
    if schema.get("properties") and "additionalProperties" in schema and \
            schema["additionalProperties"] is not True:
        errs.append(forbidden(f"{path}.additionalProperties",
                              "additionalProperties and properties are mutual exclusive"))
    for key in sorted(schema.get("properties") or {}):
        errs += _structural(schema["properties"][key], f"{path}.properties[{key}]", "field")
    if isinstance(schema.get("items"), dict):
        errs += _structural(schema["items"], f"{path}.items", "item")
    if isinstance(schema.get("additionalProperties"), dict):
        errs += _structural(schema["additionalProperties"], f"{path}.additionalProperties",
                            "field")
    return errs


def _column(column: dict, path: str) -> list[FieldError]:
    """ValidateCustomResourceColumnDefinition."""
    errs: list[FieldError] = []
    if not column.get("name"):
        errs.append(required(f"{path}.name"))
    must_be = "must be one of " + ",".join(PRINTER_COLUMN_TYPES)
    if not column.get("type"):
        errs.append(required(f"{path}.type", must_be))
    elif column["type"] not in PRINTER_COLUMN_TYPES:
        errs.append(invalid(f"{path}.type", column["type"], must_be))
    json_path = column.get("jsonPath") or ""
    if not json_path:
        errs.append(required(f"{path}.JSONPath"))
    elif not json_path.startswith("."):
        errs.append(invalid(f"{path}.JSONPath", json_path,
                            "must be a simple json path starting with ."))
    return errs


def _go_versions(versions: list[dict]) -> Stringer:
    """How field.Error prints the internal []CustomResourceDefinitionVersion: Go's %#v.
    Pointers print as addresses, which differ on every run of the real server."""
    def one(i: int, v: dict) -> str:
        schema = f"(*apiextensions.CustomResourceValidation)(0xc000a{i:02x}8c0)" \
            if v.get("schema") else "(*apiextensions.CustomResourceValidation)(nil)"
        subresources = f"(*apiextensions.CustomResourceSubresources)(0xc000b{i:02x}1d8)" \
            if v.get("subresources") else "(*apiextensions.CustomResourceSubresources)(nil)"
        columns = "[]apiextensions.CustomResourceColumnDefinition(nil)"
        if v.get("additionalPrinterColumns"):
            columns = "[]apiextensions.CustomResourceColumnDefinition{...}"
        return (f'apiextensions.CustomResourceDefinitionVersion{{Name:"{v.get("name", "")}", '
                f'Served:{str(bool(v.get("served"))).lower()}, '
                f'Storage:{str(bool(v.get("storage"))).lower()}, '
                f'Deprecated:{str(bool(v.get("deprecated"))).lower()}, '
                f'DeprecationWarning:(*string)(nil), Schema:{schema}, '
                f'Subresources:{subresources}, AdditionalPrinterColumns:{columns}, '
                f'SelectableFields:[]apiextensions.SelectableField(nil)}}')
    return Stringer("[]apiextensions.CustomResourceDefinitionVersion{"
                    + ", ".join(one(i, v) for i, v in enumerate(versions)) + "}")
