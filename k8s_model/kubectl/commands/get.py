"""kubectl get (staging/src/k8s.io/kubectl/pkg/cmd/get/get.go).

For the default and `-o wide` output kubectl asks the API server for a `Table` and only
lays it out; for `-o yaml|json|name|jsonpath` it fetches the objects themselves. Several
types (`pods,svc` or `all`) print one table each, names prefixed with the kind. Missing
names are reported after whatever was found.
"""

from __future__ import annotations

from ...api import errors, resources
from ..errors import KubectlError, standard_message
from ..flags import Flag, parse
from .context import Context, resource_type
from .output import OUTPUT_FLAGS, merge_tables, print_objects

FLAGS = OUTPUT_FLAGS + (
    Flag("selector", "l"), Flag("field-selector"), Flag("all-namespaces", "A", boolean=True),
    Flag("show-labels", boolean=True), Flag("label-columns", "L", repeated=True),
    Flag("no-headers", boolean=True), Flag("show-kind", boolean=True),
    Flag("ignore-not-found", boolean=True), Flag("watch", "w", boolean=True),
    Flag("filename", "f", repeated=True), Flag("chunk-size"),
)

NO_TYPE = ('You must specify the type of resource to get. Use "kubectl api-resources" for a '
           'complete list of supported resources.\n\n'
           'error: Required resource not specified.\n'
           'Use "kubectl explain <resource>" for a detailed description of that resource '
           '(e.g. kubectl explain pods).\n'
           "See 'kubectl get -h' for help and examples")


def parse_targets(args: list[str], ctx: Context | None = None) -> list[tuple[object, list[str]]]:
    """`pods`, `pods,svc`, `pod web`, `pod/web svc/web`, `all` → [(type, names)].
    With `ctx`, custom resources resolve too (the server's discovery)."""
    registry = ctx.resources if ctx is not None else resources.BUILTIN
    if all("/" in a for a in args):
        targets: list = []
        for arg in args:
            type_name, _, name = arg.partition("/")
            rt = resource_type(type_name, ctx)
            if targets and targets[-1][0] is rt:
                targets[-1][1].append(name)
            else:
                targets.append((rt, [name]))
        return targets
    if any("/" in a for a in args):
        raise KubectlError("error: there is no need to specify a resource type as a separate "
                           "argument when passing arguments in resource/name form (e.g. "
                           "'kubectl get resource/<resource_name>' instead of 'kubectl get "
                           "resource resource/<resource_name>'")
    types: list = []
    for type_name in args[0].split(","):
        if type_name in ("all",):
            types.extend(registry.in_category("all"))
        else:
            types.append(resource_type(type_name, ctx))
    return [(rt, list(args[1:])) for rt in types]


def run(ctx: Context, argv: list[str], stdin: str | None) -> str:
    parsed = parse(argv, FLAGS, "get")
    if not parsed.args:
        raise KubectlError(NO_TYPE)
    targets = parse_targets(parsed.args, ctx)
    all_namespaces = parsed.get("all-namespaces")
    namespace = None if all_namespaces else ctx.namespace(parsed)
    many_kinds = bool(parsed.get("show-kind") or any(
        a == "all" for a in parsed.args[0].split(",")))
    as_table = (parsed.get("output") or "wide") == "wide"
    found: list[tuple[object, object]] = []
    missing: list[errors.ApiError] = []
    for rt, names in targets:
        ns = namespace if rt.namespaced else None
        if names:
            got = []
            for name in names:
                try:
                    got.append(ctx.client.send(
                        "get", rt, ns, name, as_table=as_table))
                except errors.ApiError as error:
                    if not (error.code == 404 and parsed.get("ignore-not-found")):
                        missing.append(error)
            found.append((rt, merge_tables(got) if as_table else got))
        else:
            listed = ctx.client.send(
                "list", rt, ns, label_selector=parsed.get("selector"),
                field_selector=parsed.get("field-selector"), as_table=as_table)
            found.append((rt, listed if as_table else listed["items"]))
    # Deprecation warnings arrive as response headers; kubectl prints them first.
    warnings = "".join(f"Warning: {rt.warning}\n" for rt, _ in targets if rt.warning)
    text = warnings + print_objects(ctx, parsed, found, namespace, many_kinds,
                         single=len(targets) == 1 and len(targets[0][1]) == 1,
                         named=any(names for _, names in targets))
    if missing:
        failure = "\n".join(standard_message(e) for e in missing)
        raise KubectlError(failure, output=text)
    return text
