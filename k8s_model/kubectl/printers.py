"""What kubectl prints for `get`: cli-runtime's tableprinter.go and kubectl's get.go.

The API server sends a Table; kubectl only decorates and formats it. Decorating
adds a NAMESPACE column first (-A), upper-cased label columns (-L app) and a LABELS
column last (--show-labels), and prefixes names with their kind (`pod/web`) when
several kinds are printed. Formatting writes cells separated by tabs through an
elastic tabwriter (minwidth 6, padding 3); priority-1 columns appear only with
-o wide. A table with no rows prints nothing, not even headers, and when a whole
`get` printed nothing kubectl says on stderr `No resources found in default
namespace.` (or `No resources found` with -A).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from k8s_model.api.resources import ResourceType
from k8s_model.kubectl import gofmt
from k8s_model.kubectl.jsonpath import JSONPath, JSONPathError
from k8s_model.kubectl.tabwriter import TabWriter, kubectl_tabwriter


class PrinterError(ValueError):
    """A printing error; str() is the text kubectl prints after `error: `."""


@dataclass
class PrintOptions:
    """printers.PrintOptions."""

    wide: bool = False
    no_headers: bool = False
    show_labels: bool = False
    label_columns: tuple[str, ...] = ()
    with_namespace: bool = False
    with_kind: str | None = None   # GroupKind, lower-cased: "pod", "deployment.apps"


def _format_labels(labels: dict | None) -> str:
    return ",".join(f"{k}={labels[k]}" for k in sorted(labels or {})) or "<none>"


def decorate_table(table: dict, options: PrintOptions) -> tuple[list[dict], list[list]]:
    """decorateTable: the columns and cells after adding NAMESPACE, -L and LABELS."""
    columns = list(table.get("columnDefinitions") or [])
    name_column = -1
    if options.with_kind:
        name_column = next((i for i, c in enumerate(columns)
                            if c.get("format") == "name" and c.get("type") == "string"), -1)
    label_headers = [key.split("/")[-1].upper() for key in options.label_columns]
    decorated = ([{"name": "Namespace", "type": "string"}] if options.with_namespace else [])
    decorated += columns + [{"name": h, "type": "string"} for h in label_headers]
    if options.show_labels:
        decorated.append({"name": "Labels", "type": "string"})
    rows = []
    for row in table.get("rows") or []:
        cells = list(row.get("cells") or [])
        if name_column != -1:
            cells[name_column] = f"{options.with_kind}/{gofmt.sprint(cells[name_column])}"
        obj = row.get("object")
        meta = obj.get("metadata") if isinstance(obj, dict) else None
        if meta is None:   # no metadata: pad with empty cells
            if options.with_namespace:
                cells.insert(0, None)
            cells += [None] * (len(decorated) - len(cells))
        else:
            if options.with_namespace:
                cells.insert(0, meta.get("namespace", ""))
            labels = meta.get("labels") or {}
            cells += [labels.get(key, "") for key in options.label_columns]
            if options.show_labels:
                cells.append(_format_labels(labels))
        rows.append(cells)
    return decorated, rows


def _cell_text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, str):
        newline = cell.find("\n")
        return cell if newline < 0 else cell[:newline] + "..."
    return gofmt.sprint(cell)


def write_table(columns: list[dict], rows: list[list], w: TabWriter, options: PrintOptions) -> None:
    """printTable: headers (unless no rows), then one tab-separated line per row."""
    shown = [i for i, c in enumerate(columns) if options.wide or not c.get("priority")]
    if not options.no_headers:
        if not rows:
            return
        w.write("\t".join(columns[i]["name"].upper() for i in shown) + "\n")
    for cells in rows:
        texts = [_cell_text(cells[i]) for i in shown if i < len(cells)]
        w.write("\t".join(texts) + "\n")


class TablePrinter:
    """printers.HumanReadablePrinter for Tables: repeats headers only when columns change."""

    def __init__(self, options: PrintOptions) -> None:
        self.options = options
        self.last_columns: list | None = None
        self.printed_headers = False

    def print_obj(self, table: dict, w: TabWriter) -> None:
        options = self.options
        columns = table.get("columnDefinitions") or []
        if self.printed_headers and (not columns or columns == self.last_columns):
            options = PrintOptions(**{**options.__dict__, "no_headers": True})
        if not columns:
            table = {**table, "columnDefinitions": self.last_columns}
        elif columns != self.last_columns:
            self.last_columns, self.printed_headers = columns, False
        if table.get("rows"):
            self.printed_headers = True
        decorated, rows = decorate_table(table, options)
        write_table(decorated, rows, w, options)


def print_table(table: dict, *, wide: bool = False, no_headers: bool = False,
                show_labels: bool = False, label_columns: tuple[str, ...] | list[str] = (),
                with_namespace: bool = False, with_kind: str | None = None) -> str:
    """Format one server Table as `kubectl get` prints it to stdout."""
    options = PrintOptions(wide, no_headers, show_labels, tuple(label_columns), with_namespace,
                           with_kind)
    w = kubectl_tabwriter()
    TablePrinter(options).print_obj(table, w)
    return w.getvalue()


@dataclass
class GetOutput:
    """What `kubectl get` wrote: stdout and stderr."""

    stdout: str
    stderr: str = ""


@dataclass
class _Separator:
    """get.go's separatorWriterWrapper: a blank line before the next non-empty write."""

    out: list[str] = field(default_factory=list)
    ready: bool = False

    def write(self, text: str) -> None:
        if text and self.ready:
            self.out.append("\n")
            self.ready = False
        self.out.append(text)


def print_tables(results: list[tuple[ResourceType, dict]], *, namespace: str = "default",
                 all_namespaces: bool = False, wide: bool = False, no_headers: bool = False,
                 show_labels: bool = False, label_columns: tuple[str, ...] | list[str] = (),
                 show_kind: bool = False) -> GetOutput:
    """The human-readable loop of get.go's Run over (resource, Table) results, in order.

    Each new resource type flushes the tabwriter, forgets its column widths and, if
    anything was printed and headers are on, starts with a blank line. Names get a
    `kind/` prefix when more than one kind is printed (`kubectl get pods,svc`).
    """
    with_kind = show_kind or len({r.kind_group for r, _ in results}) > 1
    sink = _Separator()
    w = kubectl_tabwriter()
    printer: TablePrinter | None = None
    last: ResourceType | None = None
    written = 0
    all_namespaced = not all_namespaces

    def flush() -> None:
        nonlocal written
        text = w.getvalue()
        w.output.clear()
        if text:
            sink.write(text)
            written += len(text)

    for resource, table in results:
        all_namespaced = all_namespaced and resource.namespaced
        if printer is None or last is None or resource.group_resource != last.group_resource:
            flush()
            w.set_remembered_widths(None)
            if last is not None and not no_headers and written > 0:
                sink.ready = True
            printer = TablePrinter(PrintOptions(
                wide, no_headers, show_labels, tuple(label_columns),
                all_namespaces and resource.namespaced, resource.kind_group if with_kind else None))
            last = resource
        printer.print_obj(table, w)
    flush()
    stderr = ""
    if written == 0:
        stderr = (f"No resources found in {namespace} namespace.\n" if all_namespaced
                  else "No resources found\n")
    return GetOutput("".join(sink.out), stderr)


def no_resources_message(namespace: str, all_namespaces: bool) -> str:
    """get.go's message (to stderr) when nothing was printed."""
    return "No resources found\n" if all_namespaces else f"No resources found in {namespace} namespace.\n"


# -- -o jsonpath / -o custom-columns -------------------------------------------------------
def print_jsonpath(template: str, obj: Any, *, allow_missing_keys: bool = True,
                   as_json: bool = False) -> str:
    """-o jsonpath=TEMPLATE (kubectl's JSONPathPrinter, with its error framing)."""
    try:
        path = JSONPath(template, allow_missing_keys=allow_missing_keys)
    except JSONPathError as err:
        raise PrinterError(f"error parsing jsonpath {template}, {err}\n") from None
    path.output_json = as_json
    try:
        return path.execute(obj)
    except JSONPathError as err:
        raise PrinterError(
            f"error executing jsonpath {gofmt.quote(template)}: Error executing template: {err}. "
            "Printing more information for debugging the template:\n"
            f"\ttemplate was:\n\t\t{template}\n"
            f"\tobject given to jsonpath engine was:\n\t\t{gofmt.sharp_v(obj)}\n\n\n") from None


_RELAXED = re.compile(r"^\{\.?([^{}]+)\}$|^\.?([^{}]+)$")


def relaxed_jsonpath_expression(expression: str) -> str:
    """RelaxedJSONPathExpression: `metadata.name`, `.metadata.name`, `{...}` -> `{.metadata.name}`."""
    if not expression:
        return expression
    match = _RELAXED.match(expression)
    if match is None:
        raise PrinterError("unexpected path string, expected a 'name1.name2' or '.name1.name2' "
                           "or '{name1.name2}' or '{.name1.name2}'")
    return "{." + (match.group(1) or match.group(2)) + "}"


def parse_custom_columns(spec: str) -> list[tuple[str, str]]:
    """NewCustomColumnsPrinterFromSpec: `NAME:.metadata.name,NODE:.spec.nodeName`."""
    if not spec:
        raise PrinterError("custom-columns format specified but no custom columns given")
    columns = []
    for part in spec.split(","):
        header, sep, path = part.partition(":")
        if not sep:
            raise PrinterError(f"unexpected custom-columns spec: {part}, expected "
                               "<header>:<json-path-expr>")
        columns.append((header, relaxed_jsonpath_expression(path)))
    return columns


def _escape_terminal(text: str) -> str:
    return text.replace("\x1b", "^[").replace("\r", "\\r")


def print_custom_columns(spec: str, objects: list[dict], *, no_headers: bool = False) -> str:
    """-o custom-columns=SPEC over the listed objects (CustomColumnsPrinter)."""
    columns = parse_custom_columns(spec)
    try:
        paths = [JSONPath(path, allow_missing_keys=True) for _, path in columns]
    except JSONPathError as err:
        raise PrinterError(str(err)) from None
    w = kubectl_tabwriter()
    if not no_headers:
        w.write("\t".join(header for header, _ in columns) + "\n")
    for obj in objects:
        cells = []
        for path in paths:
            try:
                found = path.find_results(obj)
            except JSONPathError as err:
                raise PrinterError(str(err)) from None
            values = [] if found and found[0] else ["<none>"]
            values += [_escape_terminal(gofmt.sprint(v)) for group in found for v in group]
            cells.append(",".join(values))
        w.write("\t".join(cells) + "\n")
    return w.getvalue()
