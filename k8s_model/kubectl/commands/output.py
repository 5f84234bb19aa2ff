"""kubectl's output formats for objects it fetched (cli-runtime/pkg/printers).

Tables come from the API server and are only laid out here; `-o yaml|json` print the
objects (a `List` when there are several), `-o name` prints `kind.group/name`, and
`-o jsonpath=…` evaluates a JSONPath template against the object or the List.
`-o yaml|json` leave out metadata.managedFields unless `--show-managed-fields`
(JSONYamlPrintFlags wraps its printer in an OmitManagedFieldsPrinter).
"""

from __future__ import annotations

from ...api.serialization import as_list, to_json, to_name, to_yaml
from ..errors import KubectlError
from ..flags import Flag

OUTPUT_FLAGS = (Flag("output", "o"), Flag("show-managed-fields", boolean=True))
ALLOWED = ("json, yaml, name, go-template, go-template-file, template, templatefile, "
           "jsonpath, jsonpath-as-json, jsonpath-file, custom-columns, custom-columns-file, "
           "wide")


def omit_managed_fields(obj: dict, parsed=None) -> dict:
    """The object as `-o yaml|json` print it: without managedFields (a shallow copy),
    unless the command was given --show-managed-fields."""
    if parsed is not None and parsed.get("show-managed-fields"):
        return obj
    if obj.get("kind", "").endswith("List") and isinstance(obj.get("items"), list):
        return {**obj, "items": [omit_managed_fields(i) for i in obj["items"]]}
    metadata = obj.get("metadata")
    if not isinstance(metadata, dict) or "managedFields" not in metadata:
        return obj
    return {**obj, "metadata": {k: v for k, v in metadata.items() if k != "managedFields"}}


def merge_tables(tables: list[dict]) -> dict | None:
    if not tables:
        return None
    merged = dict(tables[0])
    merged["rows"] = [row for t in tables for row in t.get("rows", [])]
    return merged


def print_objects(ctx, parsed, found, namespace, many_kinds: bool, single: bool,
                  named: bool = False) -> str:
    """`named`: the user asked for objects by name, so finding none prints nothing
    (the NotFound errors say it) rather than `No resources found`. Text kubectl writes
    to stderr (the `No resources found` line) is part of what a terminal shows, so it
    is returned too."""
    from ..printers import PrinterError, print_custom_columns, print_jsonpath, print_tables

    output = parsed.get("output") or ""
    if output in ("", "wide"):
        result = print_tables(
            [(rt, table) for rt, table in found if table is not None],
            namespace=namespace or "default", all_namespaces=namespace is None,
            wide=output == "wide", no_headers=bool(parsed.get("no-headers")),
            show_labels=bool(parsed.get("show-labels")),
            # -L is a string slice: `-L app,tier` and `-L app -L tier` both name two columns
            label_columns=tuple(key for value in parsed.get("label-columns") or ()
                                for key in value.split(",")), show_kind=many_kinds)
        if result.stdout:
            return result.stdout.rstrip("\n")
        return "" if named else result.stderr.rstrip("\n")
    objects = [obj for _, objs in found for obj in objs]
    if named and not objects:
        return ""
    document = objects[0] if single and len(objects) == 1 else as_list(objects)
    try:
        if output == "name":
            return "\n".join(to_name(o) for o in objects)
        if output == "yaml":
            return to_yaml(omit_managed_fields(document, parsed)).rstrip("\n")
        if output == "json":
            return to_json(omit_managed_fields(document, parsed)).rstrip("\n")
        if output.startswith("jsonpath="):
            return print_jsonpath(output[len("jsonpath="):], document)
        if output.startswith("custom-columns="):
            return print_custom_columns(output[len("custom-columns="):], objects,
                                        no_headers=bool(parsed.get("no-headers"))).rstrip("\n")
    except PrinterError as error:
        raise KubectlError(f"error: {error}".rstrip("\n")) from None
    raise KubectlError(f'error: unable to match a printer suitable for the output format '
                       f'"{output}", allowed formats are: {ALLOWED}')
