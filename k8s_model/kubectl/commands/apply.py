"""kubectl apply -f and kubectl create -f (pkg/cmd/apply, pkg/cmd/create).

`create` sends each object as a POST; an existing name is an AlreadyExists error.
`apply` is declarative: it remembers what you applied in the
`kubectl.kubernetes.io/last-applied-configuration` annotation and, next time, sends only
the difference between your new file, that memory and the live object — so fields
that controllers or other commands set (a `kubectl scale`, defaults) survive unless your
file names them. Objects are applied one by one; errors are collected and reported
together at the end, after the lines for the objects that succeeded.

`--server-side` leaves the merging to the API server: each object is sent whole as an
`application/apply-patch+yaml` PATCH with `?fieldManager=kubectl`, and the server's
managedFields decide what the file owns (api/fieldmanager/).
"""

from __future__ import annotations

import json

from ...api import errors
from ..errors import KubectlError, with_source, lines_or_errors
from ..flags import Flag, parse
from ..record import RECORD_FLAG, record, recording
from ..three_way_patch import three_way_patch
from .context import Context, kind_name
from .files import read_manifests
from .merge import three_way_merge
from .output import OUTPUT_FLAGS

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
FLAGS = OUTPUT_FLAGS + (Flag("filename", "f", repeated=True), Flag("dry-run", default="none"),
                        Flag("validate", default="strict"), Flag("save-config", boolean=True),
                        Flag("field-manager"), Flag("recursive", "R", boolean=True),
                        Flag("server-side", boolean=True),
                        Flag("force-conflicts", boolean=True), RECORD_FLAG)
MISSING_ANNOTATION = (
    "Warning: resource {resource} is missing the kubectl.kubernetes.io/last-applied-configuration "
    "annotation which is required by kubectl apply. kubectl apply should only be used on "
    "resources created declaratively by either kubectl create --save-config or kubectl apply. "
    "The missing annotation will be patched automatically.")
# fieldManagerConflictErr (pkg/cmd/apply/apply.go), printed after a 409 from the server
FIELD_MANAGER_CONFLICT = """Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the `--force-conflicts` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts"""


def _mapping(obj: dict, source: str, ctx: Context | None = None):
    """The RESTMapping of a manifest's apiVersion/kind; with `ctx`, from the server's
    discovery (custom resources included), else from the built-in kinds."""
    from ...api import resources

    registry = ctx.resources if ctx is not None else resources.BUILTIN
    rt = registry.for_kind(obj.get("apiVersion", ""), obj.get("kind", ""))
    if rt is None:
        meta = obj.get("metadata") or {}
        raise KubectlError(
            f'resource mapping not found for name: "{meta.get("name", "")}" namespace: '
            f'"{meta.get("namespace", "")}" from "{source}": no matches for kind '
            f'"{obj.get("kind")}" in version "{obj.get("apiVersion", "")}"\n'
            "ensure CRDs are installed first")
    return rt


def _namespace(rt, obj: dict, parsed) -> str | None:
    if not rt.namespaced:
        return None
    given = (obj.get("metadata") or {}).get("namespace")
    flag = parsed.get("namespace")
    if given and flag and given != flag:
        raise KubectlError(f'the namespace from the provided object "{given}" does not match '
                           f'the namespace "{flag}". You must pass \'--namespace={given}\' to '
                           "perform this operation.")
    return given or flag or "default"


def _dry_run(parsed) -> tuple[str, bool]:
    mode = parsed.get("dry-run") or "none"
    if mode not in ("none", "client", "server"):
        raise KubectlError(f'error: Invalid dry-run value ({mode}). Must be "none", "server", '
                           'or "client".')
    suffix = {"client": " (dry run)", "server": " (server dry run)"}.get(mode, "")
    return suffix, mode == "server"


def last_applied(obj: dict, namespace: str | None) -> str:
    """The annotation's value: the applied object as compact JSON, keys sorted, with the
    annotation itself left out (and `annotations: {}` left behind), plus a newline."""
    copy = json.loads(json.dumps(obj))
    meta = copy.setdefault("metadata", {})
    annotations = dict(meta.get("annotations") or {})
    annotations.pop(LAST_APPLIED, None)
    meta["annotations"] = annotations
    if namespace:
        meta["namespace"] = namespace
    return json.dumps(copy, sort_keys=True, separators=(",", ":")) + "\n"


def run(ctx: Context, argv: list[str], stdin: str | None, verb: str = "apply") -> str:
    parsed = parse(argv, FLAGS, verb)
    if not parsed.get("filename"):
        raise KubectlError("error: must specify one of -f and -k" if verb == "apply" else
                           "error: must specify one of -f and -k\n\n"
                           "error: no objects passed to create")
    suffix, server_dry_run = _dry_run(parsed)
    server_side = verb == "apply" and _server_side(parsed, suffix)
    manifests = read_manifests(parsed.get("filename"), stdin)
    if not manifests:
        raise KubectlError(f"error: no objects passed to {verb}")
    lines, failures = [], []
    for source, obj in manifests:
        if recording(parsed):   # before the last-applied annotation is computed, as upstream
            obj = record(json.loads(json.dumps(obj)), parsed)
        try:
            rt = _mapping(obj, source, ctx)
            namespace = _namespace(rt, obj, parsed)
            one = _server_side_one if server_side else (
                _apply_one if verb == "apply" else _create_one)
            one(ctx, rt, obj, namespace, source, suffix, server_dry_run, parsed, lines)
        except (KubectlError, errors.ApiError) as error:
            failures.append(error)
    return lines_or_errors(lines, failures)


def _server_side(parsed, suffix: str) -> bool:
    if parsed.get("force-conflicts") and not parsed.get("server-side"):
        raise KubectlError("error: --force-conflicts only works with --server-side")
    if parsed.get("server-side") and suffix == " (dry run)":
        raise KubectlError("error: --dry-run=client doesn't work with --server-side "
                           "(did you mean --dry-run=server instead?)")
    return bool(parsed.get("server-side"))


def _server_side_one(ctx, rt, obj, namespace, source, suffix, server_dry_run, parsed,
                     out) -> None:
    """applyOneObject with ServerSideApply: one apply PATCH; the server creates or merges."""
    name = (obj.get("metadata") or {}).get("name") or ""
    body = json.loads(json.dumps(obj))
    if namespace:
        body.setdefault("metadata", {})["namespace"] = namespace
    try:
        ctx.client.send(
            "patch", rt, namespace, name, body=body, patch_type="apply",
            field_manager=parsed.get("field-manager") or "kubectl",
            force=bool(parsed.get("force-conflicts")), dry_run=server_dry_run,
            field_validation="Strict" if parsed.get("validate") in ("strict", "true") else "Ignore")
    except errors.ApiError as error:
        if error.code == 409:
            raise KubectlError(f"error: {error.message}\n{FIELD_MANAGER_CONFLICT}") from None
        raise
    out.append(f"{kind_name(rt, name)} serverside-applied{suffix}")


def _send(ctx, verb, rt, namespace, name, body, server_dry_run, parsed):
    return ctx.client.send(
        verb, rt, namespace, name, body=body, dry_run=server_dry_run,
        field_validation="Strict" if parsed.get("validate") in ("strict", "true") else "Ignore")


def _create_one(ctx, rt, obj, namespace, source, suffix, server_dry_run, parsed, out) -> None:
    body = json.loads(json.dumps(obj))
    if parsed.get("save-config"):
        body.setdefault("metadata", {}).setdefault("annotations", {})[LAST_APPLIED] = \
            last_applied(obj, namespace)
    name = (obj.get("metadata") or {}).get("name") or ""
    if suffix != " (dry run)":
        try:
            created = _send(ctx, "create", rt, namespace, None, body, server_dry_run, parsed)
            name = created["metadata"]["name"]
        except errors.ApiError as error:
            raise with_source(error, "creating", source)
    out.append(f"{kind_name(rt, name)} created{suffix}")


def _info(rt, name: str, namespace: str | None) -> str:
    """A resource.Info as `%v` prints it in kubectl's messages."""
    return (f'Resource: "{rt.group}/{rt.version}, Resource={rt.plural}", '
            f'GroupVersionKind: "{rt.group}/{rt.version}, Kind={rt.kind}"\n'
            f'Name: "{name}", Namespace: "{namespace or ""}"')


def _apply_one(ctx, rt, obj, namespace, source, suffix, server_dry_run, parsed, out) -> None:
    """Lines go to `out` as kubectl writes them: the missing-annotation warning (stderr)
    even when the patch then fails."""
    name = (obj.get("metadata") or {}).get("name")
    if not name:
        raise KubectlError(f'error: error when retrieving current configuration of:\n'
                           f'{_info(rt, "", namespace)}\nfrom server for: "{source}": '
                           "resource name may not be empty")
    annotation = last_applied(obj, namespace)
    try:
        live = ctx.client.get_or_none(rt, namespace, name)
    except errors.ApiError as error:   # e.g. Forbidden: apply.go's info.Get() failed
        raise with_source(error, f'retrieving current configuration of:\n'
                                 f'{_info(rt, name, namespace)}\nfrom server for:',
                          source) from None
    body = json.loads(json.dumps(obj))
    body.setdefault("metadata", {}).setdefault("annotations", {})[LAST_APPLIED] = annotation
    if namespace:
        body["metadata"]["namespace"] = namespace
    if live is None:
        if suffix != " (dry run)":
            try:
                _send(ctx, "create", rt, namespace, None, body, server_dry_run, parsed)
            except errors.ApiError as error:
                raise with_source(error, "creating", source)
        out.append(f"{kind_name(rt, name)} created{suffix}")
        return
    previous = (live["metadata"].get("annotations") or {}).get(LAST_APPLIED)
    if previous is None:
        out.append(MISSING_ANNOTATION.format(resource=f"{rt.plural}/{name}"))
    original = json.loads(previous) if previous else {}
    merged, changed = three_way_merge(original, body, live)
    if not changed:
        out.append(f"{kind_name(rt, name)} unchanged{suffix}")
        return
    if suffix != " (dry run)":
        try:
            _send(ctx, "update", rt, namespace, name, merged, server_dry_run, parsed)
        except errors.ApiError as error:   # apply.go: the patch it sent, the object, the error
            patch = three_way_patch(original, body, live, rt)
            raise with_source(with_source(error, "patching", source),
                              f"applying patch:\n{patch}\nto:\n{_info(rt, name, namespace)}\nfor:",
                              source)
    out.append(f"{kind_name(rt, name)} configured{suffix}")
