"""kubectl's output formats for objects it fetched (cli-runtime/pkg/printers).

Tables come from the API server and are only laid out here; `-o yaml|json` print the
objects (a `List` when there are several), `-o name` prints `kind.group/name`, and
`-o jsonpath=…` evaluates a JSONPath template against the object or the List.
"""

from __future__ import annotations

from ...api.serialization import to_json, to_name, to_yaml
from ..errors import KubectlError
from ..flags import Flag

OUTPUT_FLAGS = (Flag("output", "o"),)
ALLOWED = ("json, yaml, name, go-template, go-template-file, template, templatefile, "
           "jsonpath, jsonpath-as-json, jsonpath-file, custom-columns, custom-columns-file, "
           "wide")


def merge_tables(tables: list[dict]) -> dict | None:
    if not tables:
        return None
    merged = dict(tables[0])
    merged["rows"] = [row for t in tables for row in t.get("rows", [])]
    return merged


def as_list(objects: list[dict]) -> dict:
    return {"apiVersion": "v1", "items": objects, "kind": "List",
            "metadata": {"resourceVersion": ""}}


def no_resources(namespace: str | None, namespaced: bool) -> str:
    if namespace and namespaced:
        return f"No resources found in {namespace} namespace."
    return "No resources found"


def print_objects(ctx, parsed, found, namespace, many_kinds: bool, single: bool) -> str:
    from ..printers import print_table

    output = parsed.get("output") or ""
    if output in ("", "wide"):
        blocks = []
        for rt, table in found:
            if not table or not table.get("rows"):
                continue
            blocks.append(print_table(
                table, wide=output == "wide", no_headers=bool(parsed.get("no-headers")),
                show_labels=bool(parsed.get("show-labels")),
                label_columns=tuple(parsed.get("label-columns") or ()),
                with_namespace=namespace is None and rt.namespaced,
                with_kind=rt.kind_group if many_kinds else None).rstrip("\n"))
        if not blocks:
            return no_resources(namespace, any(rt.namespaced for rt, _ in found))
        return "\n\n".join(blocks)
    objects = [obj for _, objs in found for obj in objs]
    if output == "name":
        return "\n".join(to_name(o) for o in objects)
    document = objects[0] if single and len(objects) == 1 else as_list(objects)
    if output == "yaml":
        return to_yaml(document).rstrip("\n")
    if output == "json":
        return to_json(document).rstrip("\n")
    if output.startswith("jsonpath="):
        from ..jsonpath import JSONPathError, evaluate

        try:
            return evaluate(output[len("jsonpath="):], document)
        except JSONPathError as error:
            raise KubectlError(f"error: {error}") from None
    raise KubectlError(f'error: unable to match a printer suitable for the output format '
                       f'"{output}", allowed formats are: {ALLOWED}')
