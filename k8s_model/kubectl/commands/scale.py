"""kubectl scale (pkg/cmd/scale): set `spec.replicas` of a Deployment, ReplicaSet,
ReplicationController or StatefulSet — the controllers do the rest.
`--current-replicas` makes it conditional, like a compare-and-swap. With `-f FILE` it
scales the objects the file names, and leaves the file as it was."""

from __future__ import annotations

from ...api import errors
from ..errors import KubectlError, lines_or_errors
from ..flags import Flag, parse
from ..record import RECORD_FLAG, record, recording
from .context import Context
from .files import read_manifests
from .get import parse_targets
from .output import OUTPUT_FLAGS

FLAGS = OUTPUT_FLAGS + (Flag("replicas"), Flag("current-replicas", default="-1"),
                        Flag("selector", "l"), Flag("all", boolean=True),
                        Flag("filename", "f", repeated=True), Flag("dry-run", default="none"),
                        Flag("timeout"), Flag("resource-version"), RECORD_FLAG)


def run(ctx: Context, argv: list[str], stdin: str | None) -> str:
    parsed = parse(argv, FLAGS, "scale")
    if parsed.get("replicas") is None:
        raise KubectlError('error: required flag(s) "replicas" not set')
    try:
        replicas = int(parsed.get("replicas"))
    except ValueError:
        raise KubectlError(f'error: invalid argument "{parsed.get("replicas")}" for '
                           f'"--replicas" flag: strconv.ParseInt: parsing '
                           f'"{parsed.get("replicas")}": invalid syntax') from None
    if replicas < 0:
        raise KubectlError("error: The --replicas=COUNT flag is required, and COUNT must be "
                           "greater than or equal to 0")
    namespace = ctx.namespace(parsed)
    if parsed.get("filename"):
        from .apply import _mapping, _namespace

        targets = []
        for source, obj in read_manifests(parsed.get("filename"), stdin):
            rt = _mapping(obj, source)
            targets.append((rt, _namespace(rt, obj, parsed), [obj["metadata"]["name"]]))
    elif not parsed.args:
        raise KubectlError("error: You must provide one or more resources by argument or "
                           "filename.\nExample resource specifications include:\n"
                           "   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n"
                           "   '<resource> <name>'\n   '<resource>'")
    else:
        targets = [(rt, namespace, names) for rt, names in parse_targets(parsed.args)]
    current = int(parsed.get("current-replicas"))
    lines, failures = [], []
    for rt, namespace, names in targets:
        if not names:
            names = [o["metadata"]["name"] for o in
                     ctx.client.list(rt, namespace, parsed.get("selector"))]
        for name in names:
            try:
                scale = ctx.client._send("get", rt, namespace, name, subresource="scale")
                if current >= 0 and scale["spec"]["replicas"] != current:
                    raise KubectlError(
                        f"error: Expected replicas to be {current}, was "
                        f"{scale['spec']['replicas']}")
                suffix = " (dry run)" if parsed.get("dry-run") == "client" else ""
                if not suffix:
                    # kubectl PATCHes the /scale subresource, not the object itself.
                    ctx.client.patch(rt, namespace, name, {"spec": {"replicas": replicas}},
                                     subresource="scale",
                                     dry_run=parsed.get("dry-run") == "server")
                    if parsed.get("dry-run") == "server":
                        suffix = " (server dry run)"
                    elif recording(parsed):   # MakeRecordMergePatch: a second request
                        ctx.client.patch(rt, namespace, name, record({}, parsed))
                lines.append(f"{rt.kind_group}/{name} scaled{suffix}")
            except (errors.ApiError, KubectlError) as error:
                failures.append(error)
    return lines_or_errors(lines, failures)
