"""kubectl replace -f (pkg/cmd/replace): a PUT of the whole object.

Unlike apply it sends your manifest as the complete new object. If the manifest carries
a `resourceVersion`, the API server accepts it only if nobody wrote the object since —
the optimistic concurrency that makes two racing editors safe:
`Operation cannot be fulfilled on deployments.apps "web": the object has been modified; …`
"""

from __future__ import annotations

from ...api import errors
from ..errors import KubectlError, with_source, lines_or_errors
from ..flags import Flag, parse
from .context import Context, kind_name
from .files import read_manifests

FLAGS = (Flag("filename", "f", repeated=True), Flag("force", boolean=True),
         Flag("dry-run", default="none"), Flag("output", "o"), Flag("validate", default="strict"))


def run(ctx: Context, argv: list[str], stdin: str | None) -> str:
    from .apply import _mapping, _namespace, _send

    parsed = parse(argv, FLAGS, "replace")
    if not parsed.get("filename"):
        raise KubectlError("error: must specify --filename to replace")
    lines, failures = [], []
    for source, obj in read_manifests(parsed.get("filename"), stdin):
        try:
            rt = _mapping(obj, source, ctx)
            namespace = _namespace(rt, obj, parsed)
            name = obj["metadata"]["name"]
            if parsed.get("dry-run") != "client":
                try:
                    _send(ctx, "update", rt, namespace, name, obj,
                          parsed.get("dry-run") == "server", parsed)
                except errors.ApiError as error:
                    raise with_source(error, "replacing", source)
            lines.append(f"{kind_name(rt, name)} replaced")
        except (KubectlError, errors.ApiError) as error:
            failures.append(error)
    return lines_or_errors(lines, failures)
