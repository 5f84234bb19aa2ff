"""kubectl diff -f FILE (staging/src/k8s.io/kubectl/pkg/cmd/diff/diff.go).

"What would `kubectl apply` change?" kubectl answers without changing anything. For each
object of the file it GETs the live object and asks the API server for the object *as it
would be* after the apply: a dry-run request, so the server defaults, validates and
admits it but stores nothing. A new object is a dry-run create of the file's object as it
is; an existing one gets the three-way patch `apply` would send (merge.py), built as
`apply` builds it except that the last-applied annotation is not updated
(GetModifiedConfiguration with annotate=false) — so the annotation never shows as changed.
Like apply.py, the model sends that merged object as a dry-run update rather than a PATCH.

Both versions are written as YAML into two temporary directories, `/tmp/LIVE-<n>` and
`/tmp/MERGED-<n>`, one file per object named `apps.v1.Deployment.default.web`
(group.version.Kind.namespace.name), and kubectl runs `diff -u -N` on the directories.
Exit status: 0 no differences (nothing printed), 1 differences found (`DiffFound`, whose
`output` is the diff and whose message is empty: kubectl prints no error), >1 an error.
managedFields are left out unless `--show-managed-fields`; a Secret's `data` values are
masked (`***`, or `*** (before)` / `*** (after)` when a value changes) so no secret is
ever printed.

The model differs from a real terminal in two deliberate ways: the `<n>` of each
directory (os.MkdirTemp's random uint32) comes from `sim.random`, and the files'
modification times, which GNU diff prints after the names, are the virtual clock's
`unix_nanos()`, printed in UTC as on a machine with TZ=UTC. The hunks are GNU diff's
unified format (3 lines of context, `@@ -l,s +l,s @@`, a range of one line written without
its length, `-0,0` for the empty file `-N` puts in place of an object that does not exist
yet); difflib finds them, with its junk heuristic off. For the edits manifests see (lines
changed, added, removed) it picks the same lines as GNU diff's algorithm; tests compare the
two byte for byte. Not modelled: --server-side, --prune, -l, -k and KUBECTL_EXTERNAL_DIFF.
"""

from __future__ import annotations

import difflib
import json
from datetime import datetime, timezone

from ...api import errors
from ...api.serialization import to_yaml
from ..errors import KubectlError, aggregate_message, with_source
from ..flags import Flag, parse
from .apply import _mapping, _namespace, _send, last_applied, LAST_APPLIED
from .context import Context
from .files import read_manifests
from .merge import three_way_merge

FLAGS = (Flag("filename", "f", repeated=True), Flag("recursive", "R", boolean=True),
         Flag("field-manager", default="kubectl-client-side-apply"),
         Flag("show-managed-fields", boolean=True), Flag("concurrency", default="1"))
MASK, BEFORE, AFTER = "***", "*** (before)", "*** (after)"
EPOCH_STAMP = "1970-01-01 00:00:00.000000000 +0000"  # what diff -N prints for an absent file


class DiffFound(KubectlError):
    """Exit status 1: differences were found. Nothing goes to stderr; `output` is the diff."""

    exit_code = 1

    def __init__(self, output: str) -> None:
        super().__init__("", output=output)


def run(ctx: Context, argv: list[str], stdin: str | None) -> str:
    parsed = parse(argv, FLAGS, "diff")
    if not parsed.get("filename"):
        raise KubectlError("error: must specify one of -f and -k")
    if parsed.args:
        raise KubectlError(f"error: Unexpected args: {parsed.args}\n"
                           "See 'kubectl diff -h' for help and examples")
    try:
        live_dir, merged_dir, files = versions(ctx, parsed, stdin)
    except (errors.ApiError, KubectlError) as error:   # the first failure ends it: no diff
        raise KubectlError(aggregate_message([error])) from None
    output = "".join(unified_diff(f"{live_dir}/{name}", live, f"{merged_dir}/{name}", merged)
                     for name, (live, merged) in sorted(files.items()))
    if output:
        raise DiffFound(output.rstrip("\n"))
    return ""


def versions(ctx: Context, parsed, stdin: str | None) -> tuple[str, str, dict]:
    """The two directories and, per file name, the LIVE and MERGED files as (YAML text,
    mtime in Unix nanoseconds) — None where the object does not exist."""
    # NewDiffer: the two directories (os.MkdirTemp names them with a random uint32)
    live_dir = f"/tmp/LIVE-{ctx.cluster.sim.random.getrandbits(32)}"
    merged_dir = f"/tmp/MERGED-{ctx.cluster.sim.random.getrandbits(32)}"
    files = {}
    for source, obj in read_manifests(parsed.get("filename"), stdin):
        rt = _mapping(obj, source, ctx)
        namespace = _namespace(rt, obj, parsed)
        name = (obj.get("metadata") or {}).get("name") or ""
        live = ctx.client.get_or_none(rt, namespace, name)
        merged = _merged(ctx, rt, obj, namespace, name, live, source, parsed)
        if rt.group == "" and rt.version == "v1" and rt.kind == "Secret":
            live, merged = mask_secret_data(live, merged)
        group = f"{rt.group}." if rt.group else ""
        # Print writes LIVE, then MERGED; an absent LIVE file is empty to `diff -N`
        written = tuple(None if version is None else
                        (_yaml(version, parsed), ctx.cluster.sim.unix_nanos())
                        for version in (live, merged))
        files[f"{group}{rt.version}.{rt.kind}.{namespace or ''}.{name}"] = written
    return live_dir, merged_dir, files


def _merged(ctx, rt, obj, namespace, name, live, source, parsed) -> dict:
    """InfoObject.Merged: a dry-run create, or a dry-run of apply's patch."""
    if live is None:
        return _send(ctx, "create", rt, namespace, None, json.loads(json.dumps(obj)), True,
                     parsed)
    previous = (live["metadata"].get("annotations") or {}).get(LAST_APPLIED)
    modified = json.loads(last_applied(obj, namespace))   # the file, without the annotation
    merged, changed = three_way_merge(json.loads(previous) if previous else {}, modified, live)
    if not changed:   # patchSimple: an empty patch is not sent; the live object is the result
        return live
    try:
        return _send(ctx, "update", rt, namespace, name, merged, True, parsed)
    except errors.ApiError as error:
        raise with_source(error, "patching", source)


def _yaml(obj: dict, parsed) -> str:
    if not parsed.get("show-managed-fields"):
        obj = {**obj, "metadata": {k: v for k, v in obj.get("metadata", {}).items()
                                   if k != "managedFields"}}
    return to_yaml(obj)


def mask_secret_data(live: dict | None, merged: dict) -> tuple[dict | None, dict]:
    """diff.go's Masker: every value of `data` becomes `***`; a key whose value changes
    becomes `*** (before)` / `*** (after)`, so the diff still shows *that* it changed."""
    before = dict((live or {}).get("data") or {})
    after = dict(merged.get("data") or {})
    for key in list(before):
        if key in after:
            if before[key] != after[key]:
                before[key], after[key] = BEFORE, AFTER
                continue
            after[key] = MASK
        before[key] = MASK
    for key in after:
        if key not in before:
            after[key] = MASK
    if live is not None and live.get("data") is not None:
        live = {**live, "data": before}
    if merged.get("data") is not None:
        merged = {**merged, "data": after}
    return live, merged


def mtime(unix_nanos: int | None) -> str:
    """GNU diff's timestamp: `2026-01-01 00:05:00.000000001 +0000` (the epoch if absent)."""
    if unix_nanos is None:
        return EPOCH_STAMP
    seconds, nanos = divmod(unix_nanos, 1_000_000_000)
    stamp = datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    return f"{stamp}.{nanos:09d} +0000"


def _range(start: int, length: int) -> str:
    """A hunk's range as GNU diff writes it: `3,7`, `3` for one line, `2,0` for none."""
    if length == 1:
        return str(start + 1)
    return f"{start if length == 0 else start + 1},{length}"


def unified_diff(from_path: str, from_file, to_path: str, to_file) -> str:
    """`diff -u -N` of one pair of files, each (text, mtime) or None, as GNU diff prints
    it when comparing directories; "" when they are equal."""
    a = from_file[0].splitlines(keepends=True) if from_file else []
    b = to_file[0].splitlines(keepends=True) if to_file else []
    if a == b:
        return ""
    lines = [f"diff -u -N {from_path} {to_path}\n",
             f"--- {from_path}\t{mtime(from_file[1] if from_file else None)}\n",
             f"+++ {to_path}\t{mtime(to_file[1] if to_file else None)}\n"]
    # autojunk off: difflib would otherwise ignore lines frequent in long files
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for group in matcher.get_grouped_opcodes(3):
        first, last = group[0], group[-1]
        lines.append(f"@@ -{_range(first[1], last[2] - first[1])} "
                     f"+{_range(first[3], last[4] - first[3])} @@\n")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines.extend(" " + line for line in a[i1:i2])
                continue
            lines.extend("-" + line for line in a[i1:i2])
            lines.extend("+" + line for line in b[j1:j2])
    return "".join(lines)
