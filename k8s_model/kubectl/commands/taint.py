"""kubectl taint (staging/src/k8s.io/kubectl/pkg/cmd/taint/taint.go, utils.go).

A taint is `key=value:Effect` on a Node; the scheduler's TaintToleration filter keeps
every Pod off the node unless the Pod tolerates it. `key:Effect-` removes one taint,
`key-` all taints with that key. Adding a taint whose key and effect the node already
has needs `--overwrite`. The verdict printed is reorganizeTaints': `tainted` when taints
were only added, `untainted` when only removed, `modified` for both (or --overwrite):

    kubectl taint nodes node-1 gpu=true:NoSchedule   ->  node/node-1 tainted
    kubectl taint nodes node-1 gpu:NoSchedule-       ->  node/node-1 untainted
"""

from __future__ import annotations

from ...api import errors
from ...api.names import is_qualified_name, is_valid_label_value
from ..errors import KubectlError, lines_or_errors
from ..flags import Flag, parse, resources_and_pairs
from .context import Context, resource_type

FLAGS = (Flag("overwrite", boolean=True), Flag("all", boolean=True), Flag("selector", "l"))
EFFECTS = ("NoSchedule", "PreferNoSchedule", "NoExecute")


def _usage(message: str) -> KubectlError:
    return KubectlError(f"error: {message}\nSee 'kubectl taint -h' for help and examples")


def parse_taint(spec: str) -> dict:
    """`<key>=<value>:<effect>`, `<key>:<effect>` or `<key>` (utils.go parseTaint)."""
    parts = spec.split(":")
    value = effect = ""
    if len(parts) == 1:
        key = parts[0]
    elif len(parts) == 2:
        effect = parts[1]
        if effect not in EFFECTS:
            raise _usage(f"invalid taint effect: {effect}, unsupported taint effect")
        kv = parts[0].split("=")
        if len(kv) > 2:
            raise _usage(f"invalid taint spec: {spec}")
        key = kv[0]
        if len(kv) == 2:
            value = kv[1]
            problems = is_valid_label_value(value)
            if problems:
                raise _usage(f"invalid taint spec: {spec}, {'; '.join(problems)}")
    else:
        raise _usage(f"invalid taint spec: {spec}")
    problems = is_qualified_name(key)
    if problems:
        raise _usage(f"invalid taint spec: {spec}, {'; '.join(problems)}")
    taint = {"key": key}
    if value:
        taint["value"] = value
    if effect:
        taint["effect"] = effect
    return taint


def parse_taints(specs: list[str]) -> tuple[list[dict], list[dict]]:
    """utils.go parseTaints: taints to add (each needs an effect), taints to remove."""
    add, remove, seen = [], [], set()
    for spec in specs:
        if spec.endswith("-"):
            remove.append(parse_taint(spec[:-1]))
            continue
        taint = parse_taint(spec)
        if not taint.get("effect"):
            raise _usage(f"invalid taint spec: {spec}")
        if (taint["key"], taint["effect"]) in seen:
            raise _usage("duplicated taints with the same key and effect: "
                         f"{{{taint['key']} {taint.get('value', '')} {taint['effect']} <nil>}}")
        seen.add((taint["key"], taint["effect"]))
        add.append(taint)
    return add, remove


def _matches(a: dict, b: dict) -> bool:
    """Taint.MatchTaint: same key and effect."""
    return a["key"] == b["key"] and a.get("effect") == b.get("effect")


def reorganize_taints(old: list[dict], overwrite: bool, add: list[dict],
                      remove: list[dict]) -> tuple[str, list[dict], list[str]]:
    """utils.go reorganizeTaints: (operation, the node's new taints, not-found errors)."""
    new = list(add) + [t for t in old if not any(_matches(t, n) for n in add)]
    added = len(old) != len(new)
    problems, removed = [], False
    for gone in remove:
        kept = [t for t in new if not (_matches(t, gone) if gone.get("effect")
                                       else t["key"] == gone["key"])]
        removed = len(kept) != len(new)
        new = kept
        if not removed:
            text = gone["key"] + (f":{gone['effect']}" if gone.get("effect") else "")
            problems.append(f'taint "{text}" not found')
    if (added and removed) or overwrite:
        return "modified", new, problems
    return ("tainted" if added else "untainted"), new, problems


def run(ctx: Context, argv: list[str], stdin: str | None) -> str:
    parsed = parse(argv, FLAGS, "taint")
    resources, specs = resources_and_pairs(
        parsed.args, lambda arg: "=" in arg or ":" in arg or arg.endswith("-"), "taint")
    if not resources:
        raise KubectlError("error: one or more resources must be specified as <resource> <name>")
    if not specs:
        raise KubectlError("error: at least one taint update is required")
    add, remove = parse_taints(specs)
    if resource_type(resources[0].lower()).kind != "Node":
        raise KubectlError(f"error: invalid resource type {resources[0].lower()}, only node "
                           f"types are supported")
    conflicts = [f'{{"{r["key"]}":"{r.get("effect", "")}"}}' for a in add for r in remove
                 if a["key"] == r["key"] and (not r.get("effect") or a["effect"] == r["effect"])]
    if conflicts:
        raise KubectlError("error: can not both modify and remove the following taint(s) in "
                           f"the same command: {', '.join(conflicts)}")
    if parsed.get("all") and parsed.get("selector"):
        raise KubectlError("error: setting 'all' parameter with a non empty selector is "
                           "prohibited")
    if parsed.get("all") or parsed.get("selector"):
        names = [n["metadata"]["name"] for n in ctx.client.list("nodes", None,
                                                                 parsed.get("selector"))]
    elif len(resources) < 2:
        raise KubectlError("error: at least one resource name must be specified since 'all' "
                           "parameter is not set")
    else:
        names = resources[1:]
    lines, failures = [], []
    for name in names:
        try:
            lines.append(_taint_node(ctx, name, add, remove, bool(parsed.get("overwrite"))))
        except (errors.ApiError, KubectlError) as error:
            failures.append(error)
    return lines_or_errors(lines, failures)


def _taint_node(ctx: Context, name: str, add: list[dict], remove: list[dict],
                overwrite: bool) -> str:
    node = ctx.client.get("nodes", None, name)
    old = node.get("spec", {}).get("taints") or []
    if not overwrite:
        existing = [t["key"] for t in add for o in old if _matches(t, o)]
        if existing:
            raise KubectlError(f"node {name} already has {','.join(existing)} taint(s) with "
                               f"same effect(s) and --overwrite is false")
    operation, new, problems = reorganize_taints(old, overwrite, add, remove)
    if problems:
        raise KubectlError("; ".join(problems) if len(problems) == 1
                           else "[" + ", ".join(problems) + "]")
    # Taints are a list without a merge key: the patch replaces the whole list.
    ctx.client.patch("nodes", None, name, {"spec": {"taints": new or None}})
    return f"node/{name} {operation}"
