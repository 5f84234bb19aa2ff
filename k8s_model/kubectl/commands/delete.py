"""kubectl delete (pkg/cmd/delete/delete.go).

Deletes by name, by `-f`, by `-l` selector or `--all`, printing
`pod "web" deleted from default namespace` for each. Propagation is `background` by
default (the garbage collector removes dependents after the owner is gone);
`--cascade=foreground` waits for dependents first, `--cascade=orphan` leaves them.
"""

from __future__ import annotations

from ...api import errors
from ..errors import KubectlError, aggregate_message
from ..flags import Flag, parse
from ..printers import no_resources_message
from .context import Context
from .files import read_manifests
from .get import parse_targets
from .output import OUTPUT_FLAGS

FLAGS = OUTPUT_FLAGS + (
    Flag("filename", "f", repeated=True), Flag("selector", "l"), Flag("all", boolean=True),
    Flag("all-namespaces", "A", boolean=True), Flag("cascade", default="background"),
    Flag("grace-period", default="-1"), Flag("now", boolean=True), Flag("force", boolean=True),
    Flag("wait", boolean=True), Flag("ignore-not-found", boolean=True),
    Flag("dry-run", default="none"), Flag("field-selector"),
)
NO_RESOURCES = ("error: You must provide one or more resources by argument or filename.\n"
                "Example resource specifications include:\n"
                "   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n"
                "   '<resource>'")
CASCADE = {"background": "Background", "true": "Background", "foreground": "Foreground",
           "orphan": "Orphan", "false": "Orphan"}
# The boolean values still work, with a warning on stderr (kubectl 1.20 made --cascade a
# choice of strategy: delete_flags.go GetCascadingStrategy).
CASCADE_DEPRECATED = {"true": "background", "false": "orphan"}


def run(ctx: Context, argv: list[str], stdin: str | None) -> str:
    from .apply import _mapping, _namespace

    parsed = parse(argv, FLAGS, "delete")
    cascade = CASCADE.get(parsed.get("cascade"))
    if cascade is None:
        raise KubectlError(f'error: invalid cascade value ({parsed.get("cascade")}). Must be '
                           '"background", "foreground", or "orphan".')
    replacement = CASCADE_DEPRECATED.get(parsed.get("cascade"))
    warning = (f"warning: --cascade={parsed.get('cascade')} is deprecated (boolean value) and "
               f"can be replaced with --cascade={replacement}.\n" if replacement else "")
    grace = int(parsed.get("grace-period"))
    if parsed.get("now"):
        grace = 1
    if parsed.get("force") and grace < 0:
        grace = 0
    namespace = ctx.namespace(parsed)
    items: list[tuple[object, str | None, str]] = []
    if parsed.get("filename"):
        for source, obj in read_manifests(parsed.get("filename"), stdin):
            rt = _mapping(obj, source, ctx)
            items.append((rt, _namespace(rt, obj, parsed), obj["metadata"]["name"]))
    elif not parsed.args:
        raise KubectlError(NO_RESOURCES)
    else:
        for rt, names in parse_targets(parsed.args, ctx):
            ns = None if parsed.get("all-namespaces") or not rt.namespaced else namespace
            if names:
                items.extend((rt, ns, n) for n in names)
            elif parsed.get("all") or parsed.get("selector") or parsed.get("field-selector"):
                listed = ctx.client.send(
                    "list", rt, ns, label_selector=parsed.get("selector"),
                    field_selector=parsed.get("field-selector"))["items"]
                items.extend((rt, o["metadata"].get("namespace"), o["metadata"]["name"])
                             for o in listed)
            else:
                raise KubectlError("error: resource(s) were provided, but no name was specified")
    if not items:
        return no_resources_message(namespace, bool(parsed.get("all-namespaces"))).rstrip("\n")
    dry_run = parsed.get("dry-run")
    lines, failures = [], []
    for rt, ns, name in items:
        try:
            if dry_run != "client":
                ctx.client.send(
                    "delete", rt, ns, name, propagation_policy=cascade,
                    grace_period_seconds=None if grace < 0 else grace,
                    dry_run=dry_run == "server")
            lines.append(deleted_line(rt, ns, name, grace, dry_run, parsed.get("output")))
        except errors.ApiError as error:
            if not (error.code == 404 and parsed.get("ignore-not-found")):
                failures.append(error)
    text = warning + "\n".join(lines)
    if failures:
        raise KubectlError(aggregate_message(failures), output=text)
    return text


def deleted_line(rt, namespace, name, grace, dry_run, output) -> str:
    """DeleteOptions.PrintObj."""
    if output == "name":
        return f"{rt.kind_group}/{name}"
    operation = "force deleted" if grace == 0 else "deleted"
    if rt.namespaced:
        operation = f"{operation} from {namespace} namespace"
    if dry_run == "client":
        operation += " (dry run)"
    elif dry_run == "server":
        operation += " (server dry run)"
    return f'{rt.kind_group} "{name}" {operation}'
