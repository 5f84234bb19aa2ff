"""kubectl patch (staging/src/k8s.io/kubectl/pkg/cmd/patch/patch.go): change some fields
of an object with one PATCH request.

    kubectl patch deployment web -p '{"spec":{"replicas":3}}'          # strategic (default)
    kubectl patch deployment web --type merge -p 'spec: {replicas: 3}'  # YAML works too
    kubectl patch deploy web --type json -p '[{"op":"replace","path":"/spec/replicas","value":3}]'

kubectl GETs the object, sends the patch as it was typed (YAML turned into JSON), and
compares what comes back with what it read: `patched`, or `patched (no change)`. The
server does the merging (api/strategic_merge.py); `--local` and `--dry-run=client`
merge on the client instead and send nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from ...api import errors, strategic_merge
from ...api.mergepatch import PatchError
from ...api.json_syntax import syntax_error
from ...api.serialization import to_json, to_name, to_yaml
from ..errors import KubectlError, lines_or_errors
from ..flags import Flag, parse
from ..generators.errors import GeneratorError
from ..generators.patches import apply_json_patch, json_merge_patch
from ..manifests import _go_yaml_message, load_yaml
from ..record import RECORD_FLAG, record, recording
from .apply import _dry_run, _mapping, _namespace
from .context import Context
from .files import read_manifests
from .get import parse_targets
from .output import OUTPUT_FLAGS, omit_managed_fields

PATCH_TYPES = ("json", "merge", "strategic")
FLAGS = OUTPUT_FLAGS + (
    Flag("patch", "p"), Flag("patch-file"), Flag("type", default="strategic"),
    Flag("dry-run", default="none"), Flag("filename", "f", repeated=True),
    Flag("recursive", "R", boolean=True), Flag("local", boolean=True),
    Flag("field-manager", default="kubectl-patch"), Flag("subresource"),
    Flag("show-managed-fields", boolean=True), Flag("allow-missing-template-keys"),
    Flag("template"), RECORD_FLAG)
PRINTERS = ("go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,kyaml,"
            "name,template,templatefile,yaml")


def run(ctx: Context, argv: list[str], stdin: str | None) -> str:
    parsed = parse(argv, FLAGS, "patch")
    _dry_run(parsed)   # Complete: a bad --dry-run fails first
    dry_run = parsed.get("dry-run") or "none"
    validate(parsed, dry_run)
    patch_type = parsed.get("type").lower()
    text = read_patch(parsed)
    lines, failures = [], []
    for rt, namespace, name, local in targets(ctx, parsed, stdin):
        try:
            if local is None:   # the builder GETs what it visits (the subresource, if named)
                local = ctx.client._send("get", rt, namespace, name,
                                         subresource=parsed.get("subresource"))
            if parsed.get("local") or dry_run == "client":
                patched = patch_locally(rt, local, text, patch_type)
            else:
                patched = send(ctx, parsed, rt, namespace, name, text, patch_type,
                               dry_run == "server")
            operation = "patched" if patched != local else "patched (no change)"
            lines.append(print_patched(patched, operation, parsed))
        except (errors.ApiError, KubectlError) as error:
            failures.append(error)
    if not lines and not failures:
        raise KubectlError("error: no objects passed to patch")
    return lines_or_errors(lines, failures)


def validate(parsed, dry_run: str) -> None:
    """PatchOptions.Validate, in its order."""
    if parsed.get("patch") and parsed.get("patch-file"):
        raise KubectlError("error: cannot specify --patch and --patch-file together")
    if not parsed.get("patch") and not parsed.get("patch-file"):
        raise KubectlError("error: must specify --patch or --patch-file containing the "
                           "contents of the patch")
    if parsed.get("local") and parsed.args:
        raise KubectlError("error: cannot specify --local and server resources")
    if parsed.get("local") and dry_run == "server":
        raise KubectlError("error: cannot specify --local and --dry-run=server - did you mean "
                           "--dry-run=client?")
    if parsed.get("type").lower() not in PATCH_TYPES:
        raise KubectlError(f'error: --type must be one of [{" ".join(PATCH_TYPES)}], not '
                           f'"{parsed.get("type")}"')


def read_patch(parsed) -> str:
    """The patch as JSON text: a file's or the flag's, YAML converted (yaml.ToJSON leaves
    anything that looks like JSON alone — the server judges it)."""
    text = parsed.get("patch") or ""
    if parsed.get("patch-file"):
        try:
            text = Path(parsed.get("patch-file")).read_text()
        except OSError:
            raise KubectlError(f"error: unable to read patch file: open "
                               f"{parsed.get('patch-file')}: no such file or directory") from None
    if text.lstrip(" \t\r\n").startswith(("{", "[")):
        return text
    try:
        return json.dumps(load_yaml(text))
    except yaml.YAMLError as error:
        raise KubectlError(f'error: unable to parse {json.dumps(parsed.get("patch") or "")}: '
                           f"{_go_yaml_message(error)}") from None


def targets(ctx: Context, parsed, stdin):
    """(type, namespace, name, the object if a file gave it) for everything to patch."""
    if parsed.get("filename"):
        for source, obj in read_manifests(parsed.get("filename"), stdin):
            rt = _mapping(obj, source, ctx)
            yield (rt, _namespace(rt, obj, parsed), obj["metadata"]["name"],
                   obj if parsed.get("local") else None)
        return
    if not parsed.args:
        raise KubectlError("error: You must provide one or more resources by argument or "
                           "filename.\nExample resource specifications include:\n"
                           "   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n"
                           "   '<resource> <name>'\n   '<resource>'")
    found = parse_targets(parsed.args, ctx)
    if any(not names for _, names in found):
        raise KubectlError("error: resource(s) were provided, but no name was specified")
    for rt, names in found:
        for name in names:
            yield rt, ctx.namespace(parsed) if rt.namespaced else None, name, None


def send(ctx: Context, parsed, rt, namespace, name, text: str, patch_type: str,
         server_dry_run: bool) -> dict:
    """helper.Patch: the body goes as typed; an unreadable one is refused by the server
    (after it found the object) in encoding/json's words."""
    problem = syntax_error(text)
    if problem:
        raise errors.bad_request(problem if patch_type == "strategic"
                                 else f"error decoding patch: {problem}")
    try:
        patched = ctx.client.patch(rt, namespace, name, json.loads(text), patch_type=patch_type,
                                   subresource=parsed.get("subresource"), dry_run=server_dry_run,
                                   field_manager=parsed.get("field-manager"))
    except errors.ApiError as error:
        if error.code == 415:   # a custom resource: no strategic merge patch
            mime = f"application/{patch_type}-merge-patch+json"
            raise KubectlError(f"error: {mime} is not supported by {rt.api_version}, "
                               f"Kind={rt.kind}: {error.message}") from None
        raise
    if recording(parsed):   # MakeRecordMergePatch: a second, merge patch
        patched = ctx.client.patch(rt, namespace, name, record({}, parsed),
                                   dry_run=server_dry_run)
    return patched


def patch_locally(rt, obj: dict, text: str, patch_type: str) -> dict:
    """getPatchedJSON: the same three patches, applied by kubectl itself."""
    try:
        if patch_type == "json":
            operations = _decode(text, "jsonpatch.Patch", list)
            return apply_json_patch(obj, operations)
        if patch_type == "merge":
            return json_merge_patch(obj, _decode(text, "", dict, "Invalid JSON Patch"))
        if rt.custom is not None:
            raise KubectlError(f"error: strategic merge patch is not supported for "
                               f"{rt.api_version}, Kind={rt.kind} locally, try --type merge")
        patch = _decode(text, "", dict, "invalid JSON document")
        return strategic_merge.strategic_merge_patch(
            obj, patch, strategic_merge.schema_for(rt.group, rt.version, rt.kind))
    except (GeneratorError, PatchError) as error:
        message = str(error)
        if "doc is missing key" in message:   # patch.go's rewording
            message = f"Object to be patched is missing field ({message.split('key:', 1)[1][1:]})"
        raise KubectlError(message if message.startswith("error: ") else f"error: {message}") \
            from None


def _decode(text: str, go_type: str, shape: type, bad: str | None = None):
    problem = syntax_error(text)
    if problem:
        raise KubectlError(f"error: {bad or problem}")
    value = json.loads(text)
    if not isinstance(value, shape):
        if bad:
            raise KubectlError(f"error: {bad}")
        kind = "object" if isinstance(value, dict) else "array"
        raise KubectlError(f"error: json: cannot unmarshal {kind} into Go value of type {go_type}")
    return value


def print_patched(obj: dict, operation: str, parsed) -> str:
    """`deployment.apps/web patched`, or the object in the format -o names."""
    output = parsed.get("output") or ""
    if not output:
        return f"{to_name(obj)} {operation}"
    if output == "name":
        return to_name(obj)
    if output == "yaml":
        return to_yaml(omit_managed_fields(obj, parsed)).rstrip("\n")
    if output == "json":
        return to_json(omit_managed_fields(obj, parsed)).rstrip("\n")
    if output.startswith("jsonpath="):
        from ..printers import print_jsonpath

        return print_jsonpath(output[len("jsonpath="):], obj)
    raise KubectlError(f'error: unable to match a printer suitable for the output format '
                       f'"{output}", allowed formats are: {PRINTERS}')
