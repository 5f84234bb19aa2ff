"""kubectl top pod / top node (staging/src/k8s.io/kubectl/pkg/cmd/top, metricsutil/
metrics_printer.go): what metrics-server measured over its last window.

CPU prints in millicores (`%vm` of MilliValue, rounded up), memory in whole mebibytes
(`%vMi`, rounded down); a node's percentages are of its allocatable (or, with
`--show-capacity`, its capacity). Every cell ends in a tab, so the last column is
padded like the others:

    NAME                          CPU(cores)   MEMORY(bytes)
    php-apache-75c77cb94-l5hsv    1m           11Mi
"""

from __future__ import annotations

from ...api import errors
from ...api.quantity import parse_quantity
from ...api.selectors import parse as parse_selector
from ..errors import KubectlError, check_err_message
from ..flags import Flag, parse
from ..tabwriter import kubectl_tabwriter
from .context import Context

POD_FLAGS = (Flag("all-namespaces", "A", boolean=True), Flag("selector", "l"),
             Flag("field-selector"), Flag("containers", boolean=True),
             Flag("no-headers", boolean=True), Flag("sort-by"), Flag("sum", boolean=True),
             Flag("use-protocol-buffers", boolean=True))
NODE_FLAGS = (Flag("selector", "l"), Flag("no-headers", boolean=True), Flag("sort-by"),
              Flag("show-capacity", boolean=True), Flag("use-protocol-buffers", boolean=True))
MEASURED = ("cpu", "memory")
MI = 1024 * 1024


def run(ctx: Context, argv: list[str], stdin: str | None) -> str:
    if not argv or argv[0] not in ("pod", "pods", "po", "node", "nodes", "no"):
        raise KubectlError("error: Usage: kubectl top (node | pod) [flags]")
    if ctx.cluster.metrics_server is None:
        raise KubectlError("error: Metrics API not available")
    if argv[0] in ("node", "nodes", "no"):
        return top_node(ctx, parse(argv[1:], NODE_FLAGS, "top node"))
    return top_pod(ctx, parse(argv[1:], POD_FLAGS, "top pod"))


def _usage(containers: list[dict]) -> dict:
    """A Pod's usage: the sum of its containers' (Quantity adds exactly)."""
    total = {}
    for c in containers:
        for res in MEASURED:
            q = parse_quantity(c["usage"][res])
            total[res] = total[res] + q if res in total else q
    return total


def _cells(usage: dict, available: dict | None = None) -> list[str]:
    cells = []
    for res in MEASURED:
        quantity = usage[res]
        cells.append(f"{quantity.milli_value()}m" if res == "cpu"
                     else f"{quantity.value() // MI}Mi")
        if available is not None and res in available:
            fraction = quantity.milli_value() / available[res].milli_value() * 100
            cells.append(f"{int(fraction)}%")
    return cells


def _print(rows: list[list[str]]) -> str:
    w = kubectl_tabwriter()
    for row in rows:
        w.write("".join(f"{cell}\t" for cell in row) + "\n")
    w.flush()
    return w.getvalue().rstrip("\n")


def _sort_key(sort_by: str | None, usage: dict):
    if sort_by == "cpu":
        return -usage["cpu"].milli_value()
    if sort_by == "memory":
        return -usage["memory"].value()
    return 0


def top_pod(ctx: Context, parsed) -> str:
    server = ctx.cluster.metrics_server
    every = parsed.get("all-namespaces")
    namespace = None if every else ctx.namespace(parsed)
    selector = parse_selector(parsed.get("selector") or "")
    sort_by = parsed.get("sort-by")
    if sort_by not in (None, "", "cpu", "memory"):
        raise KubectlError("error: --sort-by accepts only cpu or memory")
    items = server.pod_metrics(namespace, selector)
    if parsed.args:
        name = parsed.args[0]
        items = [i for i in items if i["metadata"]["name"] == name]
        if not items:
            raise KubectlError(check_err_message(errors.not_found(
                "podmetrics", "metrics.k8s.io", f"{namespace}/{name}")))
    if not items:
        pods = ctx.client.list("pods", namespace, parsed.get("selector"))
        if pods:
            raise KubectlError("error: metrics not available yet")
        return "No resources found" if every else f"No resources found in {namespace} namespace."
    items = sorted(items, key=lambda i: (_sort_key(sort_by, _usage(i["containers"])),
                                         i["metadata"]["namespace"] if every else "",
                                         i["metadata"]["name"]))
    rows = []
    if not parsed.get("no-headers"):
        rows.append((["NAMESPACE"] if every else []) + (["POD"] if parsed.get("containers")
                                                         else []) +
                    ["NAME", "CPU(cores)", "MEMORY(bytes)"])
    total = None
    for item in items:
        prefix = [item["metadata"]["namespace"]] if every else []
        usage = _usage(item["containers"])
        total = usage if total is None else {r: total[r] + usage[r] for r in MEASURED}
        if parsed.get("containers"):
            for c in sorted(item["containers"], key=lambda c: (
                    _sort_key(sort_by, _usage([c])), c["name"])):
                rows.append(prefix + [item["metadata"]["name"], c["name"]] +
                            _cells(_usage([c])))
        else:
            rows.append(prefix + [item["metadata"]["name"]] + _cells(usage))
    if parsed.get("sum"):
        width = len(rows[-1])
        rows.append([""] * (width - 2) + ["________", "________"])
        rows.append([""] * (width - 3) + [""] + _cells(total))
    return _print(rows)


def top_node(ctx: Context, parsed) -> str:
    server = ctx.cluster.metrics_server
    sort_by = parsed.get("sort-by")
    if sort_by not in (None, "", "cpu", "memory"):
        raise KubectlError("error: --sort-by accepts only cpu or memory")
    try:
        if parsed.args:
            nodes = [ctx.client.get("nodes", None, parsed.args[0])]
        else:
            nodes = ctx.client.list("nodes", None, parsed.get("selector"))
    except errors.ApiError as error:
        raise KubectlError(check_err_message(error)) from None
    names = {n["metadata"]["name"] for n in nodes}
    metrics = [m for m in server.node_metrics() if m["metadata"]["name"] in names]
    if parsed.args and not metrics:
        raise KubectlError(check_err_message(errors.not_found(
            "nodemetrics", "metrics.k8s.io", parsed.args[0])))
    if not metrics:
        raise KubectlError("error: metrics not available yet")
    field = "capacity" if parsed.get("show-capacity") else "allocatable"
    available = {n["metadata"]["name"]: {r: parse_quantity(n["status"][field][r])
                                         for r in MEASURED} for n in nodes}
    metrics.sort(key=lambda m: (_sort_key(sort_by, _node_usage(m)), m["metadata"]["name"]))
    rows = [] if parsed.get("no-headers") else \
        [["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)"]]
    for m in metrics:
        name = m["metadata"]["name"]
        rows.append([name] + _cells(_node_usage(m), available.pop(name)))
    for name in sorted(available):      # nodes metrics-server could not reach
        rows.append([name] + ["<unknown>"] * 4)
    return _print(rows)


def _node_usage(item: dict) -> dict:
    return {r: parse_quantity(item["usage"][r]) for r in MEASURED}
