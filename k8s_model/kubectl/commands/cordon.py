"""kubectl cordon and uncordon (staging/src/k8s.io/kubectl/pkg/cmd/drain/drain.go,
pkg/drain/cordon.go).

Cordoning sets the Node's `spec.unschedulable: true`; the scheduler's NodeUnschedulable
filter then rejects the node for every new Pod ("node(s) were unschedulable"), while the
Pods already there keep running. `uncordon` clears the field. RunCordonOrUncordon only
patches when the field would change, so cordoning twice prints `already cordoned`:

    node/node-1 cordoned
    node/node-1 already cordoned
"""

from __future__ import annotations

from ...api import errors
from ..errors import KubectlError, lines_or_errors
from ..flags import parse
from .context import Context

FLAGS = ()


def run(ctx: Context, argv: list[str], stdin: str | None, desired: bool = True) -> str:
    verb = "cordon" if desired else "uncordon"
    parsed = parse(argv, FLAGS, verb)
    names = list(parsed.args)
    if len(names) != 1:
        raise KubectlError(f"error: USAGE: {verb} NODE [flags]\n"
                           f"See 'kubectl {verb} -h' for help and examples")
    lines, failures = [], []
    for name in names:
        try:
            lines.append(cordon_or_uncordon(ctx, ctx.client.get("nodes", None, name), desired))
        except errors.ApiError as error:
            failures.append(error)
    return lines_or_errors(lines, failures)


def cordon_or_uncordon(ctx: Context, node: dict, desired: bool, dry_run: str = "none") -> str:
    """RunCordonOrUncordon for one node (drain cordons this way too): the line printed."""
    verb = "cordon" if desired else "uncordon"
    name = node["metadata"]["name"]
    suffix = {"client": " (dry run)", "server": " (server dry run)"}.get(dry_run, "")
    if bool(node.get("spec", {}).get("unschedulable")) == desired:
        return f"node/{name} already {verb}ed{suffix}"
    if dry_run != "client":
        # CordonHelper's two-way merge patch: `unschedulable: false` is omitempty,
        # so uncordoning removes the field.
        ctx.client.patch("nodes", None, name,
                         {"spec": {"unschedulable": True if desired else None}},
                         dry_run=dry_run == "server")
    return f"node/{name} {verb}ed{suffix}"
