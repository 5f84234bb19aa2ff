"""kubectl label and kubectl annotate (pkg/cmd/label, pkg/cmd/annotate).

`key=value` sets, `key-` removes. Changing a key that already has a value needs
`--overwrite` — otherwise kubectl refuses with
`error: 'app' already has a value (web), and --overwrite is false` (annotate: `error:
--overwrite is false but found the following declared annotation(s): 'owner' already has a
value (team-a)`). The change is sent
as a merge patch on `metadata.labels` (or `annotations`).
"""

from __future__ import annotations

import json

from ...api import errors
from ..errors import KubectlError, lines_or_errors
from ..flags import Flag, parse
from ..record import RECORD_FLAG, record
from .context import Context
from .get import parse_targets
from .output import OUTPUT_FLAGS

FLAGS = OUTPUT_FLAGS + (Flag("overwrite", boolean=True), Flag("all", boolean=True),
                        Flag("selector", "l"), Flag("all-namespaces", "A", boolean=True),
                        Flag("dry-run", default="none"), Flag("list", boolean=True),
                        Flag("resource-version"), Flag("filename", "f", repeated=True),
                        RECORD_FLAG)


def _split(args: list[str], what: str) -> tuple[list[str], dict, list[str]]:
    resource_args, changes, removals = [], {}, []
    for arg in args:
        if arg.endswith("-") and "=" not in arg:
            removals.append(arg[:-1])
        elif "=" in arg:
            key, _, value = arg.partition("=")
            changes[key] = value
        else:
            resource_args.append(arg)
    if not changes and not removals:
        raise KubectlError(f"error: at least one {what} update is required")
    for key in removals:
        if key in changes:
            raise KubectlError(f"error: can not both modify and remove {what}s in the same "
                               f"command")
    return resource_args, changes, removals


def run(ctx: Context, argv: list[str], stdin: str | None, field: str = "labels") -> str:
    command = "label" if field == "labels" else "annotate"
    what = "label" if field == "labels" else "annotation"
    parsed = parse(argv, FLAGS, command)
    resource_args, changes, removals = _split(parsed.args, what)
    if field == "labels":
        problem = _label_problem(changes)
        if problem:
            raise KubectlError(f"error: {problem}")
    if not resource_args:
        raise KubectlError("error: one or more resources must be specified as <resource> "
                           "<name> or <resource>/<name>")
    namespace = ctx.namespace(parsed)
    lines, failures = [], []
    for rt, names in parse_targets(resource_args, ctx):
        ns = namespace if rt.namespaced else None
        if not names:
            if not (parsed.get("all") or parsed.get("selector")):
                raise KubectlError("error: resource(s) were provided, but no name was specified")
            names = [o["metadata"]["name"] for o in ctx.client.list(rt, ns, parsed.get("selector"))]
        for name in names:
            try:
                obj = ctx.client.get(rt, ns, name)
                current = obj["metadata"].get(field) or {}
                if not parsed.get("overwrite"):
                    _check_overwrites(field, current, changes)
                if field == "labels":   # label.go tells of each key it cannot remove
                    lines += [f'label "{key}" not found.' for key in removals
                              if key not in current]
                patch = {**changes, **{k: None for k in removals}}
                updated = {**current, **changes}
                for key in removals:
                    updated.pop(key, None)
                verb = (label_message(obj, updated, bool(parsed.get("overwrite")))
                        if field == "labels" else "annotated")
                if updated != current and parsed.get("dry-run") != "client":
                    ctx.client.patch(rt, ns, name, record({"metadata": {field: patch}}, parsed))
                lines.append(f"{rt.kind_group}/{name} {verb}")
            except (errors.ApiError, KubectlError) as error:
                failures.append(error)
    return lines_or_errors(lines, failures)


def label_message(obj: dict, labels: dict, overwrite: bool) -> str:
    """label.go's updateDataChangeMsg: compares the object's JSON before and after —
    unchanged is `not labeled`; shorter without --overwrite is `unlabeled`."""
    before_obj = json.loads(json.dumps(obj))
    if not before_obj["metadata"].get("labels"):   # omitempty: `labels: {}` is not written
        before_obj["metadata"].pop("labels", None)
    before = json.dumps(before_obj, separators=(",", ":"))
    after_obj = json.loads(before)
    after_obj["metadata"]["labels"] = labels
    if not labels:
        after_obj["metadata"].pop("labels")
    after = json.dumps(after_obj, separators=(",", ":"))
    if before == after:
        return "not labeled"
    if not overwrite and len(after) < len(before):
        return "unlabeled"
    return "labeled"


def _label_problem(changes: dict) -> str:
    """parseLabels in pkg/cmd/label: keys must be qualified names, values label values."""
    from ...api.names import is_qualified_name, is_valid_label_value

    for key, value in changes.items():
        problems = is_qualified_name(key)
        if problems:
            return f'invalid label key "{key}": {";".join(problems)}'
        problems = is_valid_label_value(value)
        if problems:
            return f'invalid label value: "{key}={value}": {";".join(problems)}'
    return ""


CHANGE_CAUSE = "kubernetes.io/change-cause"


def _check_overwrites(field: str, current: dict, changes: dict) -> None:
    """Without --overwrite, a key may not change its value. label.go stops at the first
    such key; annotate.go (validateNoAnnotationOverwrites) names them all, and lets
    kubernetes.io/change-cause change."""
    clashes = [key for key, value in changes.items()
               if key in current and current[key] != value
               and not (field == "annotations" and key == CHANGE_CAUSE)]
    if not clashes:
        return
    if field == "labels":
        key = clashes[0]
        raise KubectlError(f"error: '{key}' already has a value ({current[key]}), "
                           "and --overwrite is false")
    found = "; ".join(f"'{key}' already has a value ({current[key]})" for key in clashes)
    raise KubectlError("error: --overwrite is false but found the following declared "
                       f"annotation(s): {found}")
