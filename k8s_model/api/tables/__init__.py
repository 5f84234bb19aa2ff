"""Server-side printing: the API server's TableConvertor (pkg/printers/tablegenerator.go).

When kubectl asks for `application/json;as=Table;v=v1;g=meta.k8s.io`, the API server
does not send objects: it sends a metav1.Table, column definitions plus one row per
object, built by the printer registered for the kind (printers.go's AddHandlers).
Every row carries the object's metadata (PartialObjectMetadata) so kubectl can add
--show-labels, -L and NAMESPACE columns itself. The server always fills the wide
cells; kubectl hides priority-1 columns unless `-o wide`.

    convert_to_table(by_plural("pods"), [pod], now=30.0)["rows"][0]["cells"]
    -> ["web", "1/1", "Running", "0", "30s", "10.244.1.2", "node-1", "<none>", "<none>"]

Kinds without a printer get the default convertor: NAME and CREATED AT.
"""

from __future__ import annotations

import copy

from k8s_model.api.resources import ResourceType
from k8s_model.api.tables import core, networking, other, pods, workloads
from k8s_model.api.tables.common import Printer

PRINTERS: dict[str, Printer] = {
    **pods.PRINTERS, **core.PRINTERS, **networking.PRINTERS, **workloads.PRINTERS,
    **other.PRINTERS,
}


def printer_for(kind: str) -> Printer:
    return PRINTERS.get(kind, other.DEFAULT)


def partial_object_metadata(obj: dict) -> dict:
    """meta.AsPartialObjectMetadata: what a row carries with includeObject=Metadata."""
    return {"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
            "metadata": copy.deepcopy(obj.get("metadata") or {})}


def convert_to_table(resource: ResourceType, objects: list[dict], now: float, *,
                     resource_version: str = "", no_headers: bool = False) -> dict:
    """A metav1.Table for `objects` (a list response, or one object from a get). A
    custom resource's columns come from its CRD (apiextensions/custom_resource.py)."""
    printer = resource.custom.printer() if resource.custom is not None else \
        printer_for(resource.kind)
    rows = []
    for obj in objects:
        row: dict = {"cells": printer.cells(obj, now)}
        conditions = printer.conditions(obj) if printer.conditions else []
        if conditions:
            row["conditions"] = conditions
        row["object"] = partial_object_metadata(obj)
        rows.append(row)
    metadata = {"resourceVersion": resource_version} if resource_version else {}
    columns = None if no_headers else [c.definition() for c in printer.columns]
    return {"kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": metadata,
            "columnDefinitions": columns, "rows": rows}


__all__ = ["convert_to_table", "partial_object_metadata", "printer_for", "PRINTERS"]
