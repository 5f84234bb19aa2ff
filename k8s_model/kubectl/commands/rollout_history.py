"""kubectl rollout history (pkg/cmd/rollout/rollout_history.go,
pkg/polymorphichelpers/history.go DeploymentHistoryViewer).

A Deployment keeps no history of its own: each ReplicaSet it ever made remembers its
revision (`deployment.kubernetes.io/revision`) and, if someone set it, why it was made
(`kubernetes.io/change-cause`). History reads them back:

    deployment.apps/web 
    REVISION  CHANGE-CAUSE
    1         <none>
    2         kubectl set image deployment/web nginx=nginx:1.29

(the header is a NamePrinter line whose "operation" is the table, hence the space after
the name). `--revision=N` prints that ReplicaSet's pod template as describe does.
"""

from __future__ import annotations

import copy

from ...api import errors
from ..describe.pods import describe_pod_template
from ..describe.writer import tabbed_string
from ..errors import KubectlError, aggregate_message
from ..flags import Flag, parse
from . import rollout_daemonset
from .context import Context
from .rollout import (CHANGE_CAUSE_ANNOTATION, COMMON_FLAGS, no_history_message, parse_int,
                      replica_sets, revision, targets)

FLAGS = COMMON_FLAGS + (Flag("revision", default="0"),)


def print_template(template: dict) -> str:
    """printTemplate: describe.DescribePodTemplate into a PrefixWriter."""
    return tabbed_string(lambda w: describe_pod_template(template, w))


def view_history(ctx: Context, deployment: dict, wanted: int) -> str:
    history: dict[int, dict] = {}
    for rs in replica_sets(ctx, deployment):
        v = revision(rs)
        if v is None:
            continue
        template = copy.deepcopy(rs["spec"]["template"])
        meta = template.setdefault("metadata", {})
        cause = (rs["metadata"].get("annotations") or {}).get(CHANGE_CAUSE_ANNOTATION)
        if cause:
            meta.setdefault("annotations", {})[CHANGE_CAUSE_ANNOTATION] = cause
        history[v] = template
    return print_history(history, wanted)


def print_history(history: dict[int, dict], wanted: int, template_of=lambda entry: entry) -> str:
    """printHistory: REVISION and CHANGE-CAUSE (each entry's `kubernetes.io/change-cause`
    annotation), or with `--revision=N` that revision's template (`template_of(entry)`)."""
    if not history:
        return "No rollout history found."
    if wanted > 0:
        if wanted not in history:
            raise KubectlError("error: unable to find the specified revision")
        return print_template(template_of(history[wanted]))

    def body(w) -> None:
        w.tw.write("REVISION\tCHANGE-CAUSE\n")
        for v in sorted(history):
            cause = (history[v]["metadata"].get("annotations") or {}).get(
                CHANGE_CAUSE_ANNOTATION) or "<none>"
            w.tw.write(f"{v}\t{cause}\n")
    return tabbed_string(body)


def run(ctx: Context, argv: list[str]) -> str:
    parsed = parse(argv, FLAGS, "rollout history")
    wanted = parse_int(parsed, "revision", "history")
    blocks, failures = [], []
    for rt, namespace, name in targets(ctx, parsed):
        try:
            obj = ctx.client.get(rt, namespace, name)
            if rt.kind == "DaemonSet":
                info = rollout_daemonset.view_history(ctx, obj, wanted)
            elif rt.kind != "Deployment":
                raise KubectlError(no_history_message(rt))
            else:
                info = view_history(ctx, obj, wanted)
        except (errors.ApiError, KubectlError) as error:
            failures.append(error)
            continue
        with_revision = f"with revision #{wanted}" if wanted > 0 else ""
        blocks.append(f"{rt.kind_group}/{name} {with_revision}\n{info}".rstrip("\n"))
    text = "\n\n".join(blocks)   # each block ends in a blank line
    if failures:
        raise KubectlError(aggregate_message(failures), output=text)
    return text
