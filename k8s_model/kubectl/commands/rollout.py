"""kubectl rollout (staging/src/k8s.io/kubectl/pkg/cmd/rollout/rollout*.go and the
polymorphichelpers they call: objectpauser.go, objectresumer.go, objectrestarter.go,
rollback.go).

A Deployment rolls out by itself whenever its pod template changes; `rollout` is how a
person steers that from outside:

    kubectl rollout pause deployment/web      # spec.paused: true, the controller waits
    kubectl rollout resume deployment/web
    kubectl rollout restart deployment/web    # a new template annotation: new Pods
    kubectl rollout undo deployment/web       # copy an old ReplicaSet's template back
    kubectl rollout status deployment/web     # rollout_status.py
    kubectl rollout history deployment/web    # rollout_history.py

Everything here happens in the client: pause, resume and restart change the Deployment
and print `deployment.apps/web paused`; undo finds the ReplicaSet of the wanted revision
and PATCHes its template (minus the `pod-template-hash` label) into the Deployment. The
Deployment controller does the rest.
"""

from __future__ import annotations

import copy

from ...api import errors
from ..errors import KubectlError, lines_or_errors
from ..flags import Flag, parse
from .context import Context
from .get import parse_targets

REVISION_ANNOTATION = "deployment.kubernetes.io/revision"
CHANGE_CAUSE_ANNOTATION = "kubernetes.io/change-cause"
RESTARTED_AT_ANNOTATION = "kubectl.kubernetes.io/restartedAt"
HASH_LABEL = "pod-template-hash"
# rollback.go annotationsToSkip: kept from the Deployment, never copied from the ReplicaSet.
ANNOTATIONS_TO_SKIP = ("kubectl.kubernetes.io/last-applied-configuration", REVISION_ANNOTATION,
                       "deployment.kubernetes.io/revision-history",
                       "deployment.kubernetes.io/desired-replicas",
                       "deployment.kubernetes.io/max-replicas",
                       "deprecated.deployment.rollback.to")
ROLLOUT_KINDS = ("Deployment", "DaemonSet", "StatefulSet")
COMMON_FLAGS = (Flag("selector", "l"), Flag("filename", "f", repeated=True),
                Flag("recursive", "R", boolean=True), Flag("output", "o"),
                Flag("field-manager"), Flag("template"), Flag("show-managed-fields",
                                                               boolean=True))
UNDO_FLAGS = COMMON_FLAGS + (Flag("to-revision", default="0"), Flag("dry-run", default="none"))


def targets(ctx: Context, parsed) -> list[tuple[object, str, str]]:
    """The Builder's ResourceTypeOrNameArgs: [(type, namespace, name)]. A type without
    names means every object of that type in the namespace."""
    if not parsed.args:
        raise KubectlError("error: required resource not specified")
    namespace = ctx.namespace(parsed)
    found = []
    for rt, names in parse_targets(parsed.args):
        if not names:
            names = [o["metadata"]["name"] for o in
                     ctx.client.list(rt, namespace, parsed.get("selector"))]
        found += [(rt, namespace, name) for name in names]
    return found


def parse_int(parsed, flag: str, command: str) -> int:
    """pflag Int64Var's refusal of anything strconv.ParseInt refuses."""
    value = parsed.get(flag)
    try:
        return int(value)
    except ValueError:
        raise KubectlError(f'error: invalid argument "{value}" for "--{flag}" flag: '
                           f'strconv.ParseInt: parsing "{value}": invalid syntax\n'
                           f"See 'kubectl rollout {command} --help' for usage.") from None


def replica_sets(ctx: Context, deployment: dict) -> list[dict]:
    """deploymentutil.GetAllReplicaSets, old and new together: the ReplicaSets whose
    controller reference points at this Deployment."""
    meta = deployment["metadata"]
    return [rs for rs in ctx.client.list("replicasets", meta["namespace"])
            if any(ref.get("controller") and ref.get("uid") == meta["uid"]
                   for ref in rs["metadata"].get("ownerReferences") or [])]


def revision(obj: dict) -> int | None:
    """deploymentutil.Revision; None when the annotation is missing or not a number."""
    try:
        return int((obj["metadata"].get("annotations") or {})[REVISION_ANNOTATION])
    except (KeyError, ValueError):
        return None


def without_hash(template: dict) -> dict:
    template = copy.deepcopy(template)
    labels = (template.get("metadata") or {}).get("labels")
    if labels:
        labels.pop(HASH_LABEL, None)
    return template


# -- pause, resume, restart: one patch per object -----------------------------------------
def _pause(obj: dict, now: str) -> dict:
    """defaultObjectPauser."""
    if obj["spec"].get("paused"):
        raise ValueError("is already paused")
    return {"spec": {"paused": True}}


def _resume(obj: dict, now: str) -> dict:
    """defaultObjectResumer: `paused: false` is omitempty, so the field goes away."""
    if not obj["spec"].get("paused"):
        raise ValueError("is not paused")
    return {"spec": {"paused": None}}


def _restart(obj: dict, now: str) -> dict:
    """defaultObjectRestarter: a changed template annotation is a changed template."""
    if obj["spec"].get("paused"):
        raise ValueError("can't restart paused deployment (run rollout resume first)")
    return {"spec": {"template": {"metadata": {"annotations": {RESTARTED_AT_ANNOTATION: now}}}}}


ACTIONS = {"pause": (_pause, "paused"), "resume": (_resume, "resumed"),
           "restart": (_restart, "restarted")}


def run_patch_command(ctx: Context, argv: list[str], verb: str) -> str:
    parsed = parse(argv, COMMON_FLAGS, f"rollout {verb}")
    patcher, done = ACTIONS[verb]
    lines, failures = [], []
    for rt, namespace, name in targets(ctx, parsed):
        try:
            obj = ctx.client.get(rt, namespace, name)
        except errors.ApiError as error:
            failures.append(error)
            continue
        try:
            # Pausing and resuming are for Deployments only; DaemonSets and StatefulSets
            # can be restarted (objectrestarter.go).
            if rt.kind != "Deployment" and (verb != "restart" or rt.kind not in ROLLOUT_KINDS):
                raise ValueError(f"{verb[:-1] if verb.endswith('e') else verb}ing is not "
                                 "supported")
            patch = patcher(obj, ctx.cluster.sim.timestamp())
        except ValueError as reason:
            failures.append(KubectlError(f'error: {rt.group_resource} "{name}" {reason}'))
            continue
        try:
            ctx.client.patch(rt, namespace, name, patch)
        except errors.ApiError as error:
            failures.append(error)
            continue
        lines.append(f"{rt.kind_group}/{name} {done}")
    return lines_or_errors(lines, failures)


# -- undo (rollback.go DeploymentRollbacker) ------------------------------------------------
def revision_not_found(to_revision: int) -> str:
    return f"unable to find specified revision {to_revision} in history"


def rollback(ctx: Context, deployment: dict, to_revision: int, dry_run: str) -> str:
    """DeploymentRollbacker.Rollback: what follows `deployment.apps/web ` on success."""
    name = deployment["metadata"]["name"]
    if to_revision < 0:
        raise KubectlError(f"error: {revision_not_found(to_revision)}")
    latest, previous = (-1, None), (-1, None)
    chosen = None
    for rs in replica_sets(ctx, deployment):
        v = revision(rs)
        if v is None:
            continue
        if to_revision == 0:
            if latest[0] < v:
                latest, previous = (v, rs), latest
            elif previous[0] < v:
                previous = (v, rs)
        elif v == to_revision:
            chosen = rs
            break
    if to_revision > 0 and chosen is None:
        raise KubectlError(f"error: {revision_not_found(to_revision)}")
    if to_revision == 0:
        chosen = previous[1]
        if chosen is None:
            raise KubectlError(f'error: no rollout history found for deployment "{name}"')
    if dry_run == "client":
        from .rollout_history import print_template

        return print_template(chosen["spec"]["template"])
    if deployment["spec"].get("paused"):
        raise KubectlError("error: you cannot rollback a paused deployment; resume it first "
                           f"with 'kubectl rollout resume deployment/{name}' and try again")
    template = without_hash(chosen["spec"]["template"])
    if template == without_hash(deployment["spec"]["template"]):
        return f"skipped rollback (current template already matches revision {to_revision})"
    current = deployment["metadata"].get("annotations") or {}
    annotations = {k: current[k] for k in ANNOTATIONS_TO_SKIP if k in current}
    annotations.update({k: v for k, v in (chosen["metadata"].get("annotations") or {}).items()
                        if k not in ANNOTATIONS_TO_SKIP})
    # getDeploymentPatch: a JSON patch replacing the template and the annotations.
    patch = [{"op": "replace", "path": "/spec/template", "value": template},
             {"op": "replace", "path": "/metadata/annotations", "value": annotations}]
    try:
        ctx.client.patch("deployments", deployment["metadata"]["namespace"], name, patch,
                         patch_type="json", dry_run=dry_run == "server")
    except errors.ApiError as error:
        raise KubectlError(f"error: failed restoring revision {to_revision}: "
                           f"{error.message}") from None
    return "rolled back"


def run_undo(ctx: Context, argv: list[str]) -> str:
    parsed = parse(argv, UNDO_FLAGS, "rollout undo")
    to_revision = parse_int(parsed, "to-revision", "undo")
    dry_run = parsed.get("dry-run")
    if dry_run not in ("none", "client", "server"):
        raise KubectlError(f'error: Invalid dry-run value ({dry_run}). Must be "none", '
                           '"server", or "client".')
    suffix = {"client": " (dry run)", "server": " (server dry run)"}.get(dry_run, "")
    lines, failures = [], []
    for rt, namespace, name in targets(ctx, parsed):
        try:
            obj = ctx.client.get(rt, namespace, name)
            if rt.kind == "DaemonSet":
                from . import rollout_daemonset
                result = rollout_daemonset.rollback(ctx, obj, to_revision, dry_run)
            elif rt.kind != "Deployment":
                raise KubectlError(no_history_message(rt))
            else:
                result = rollback(ctx, obj, to_revision, dry_run)
            lines.append(f"{rt.kind_group}/{name} {result}{suffix}")
        except (errors.ApiError, KubectlError) as error:
            failures.append(error)
    return lines_or_errors(lines, failures)


def no_history_message(rt) -> str:
    if rt.kind in ROLLOUT_KINDS:
        # A StatefulSet's history is in ControllerRevisions too; kubectl's path for it is
        # not written yet (DaemonSets: rollout_daemonset.py).
        return f"error: rollout history of {rt.group_resource} is not modelled"
    return f'error: no history viewer has been implemented for "{group_kind(rt)}"'


def group_kind(rt) -> str:
    """schema.GroupKind.String(): `Deployment.apps`, `Service`."""
    return f"{rt.kind}.{rt.group}" if rt.group else rt.kind


HELP = (  # `kubectl rollout` with no subcommand (v1.35)
    "Manage the rollout of one or many resources.\n"
    "        \n"
    " Valid resource types include:\n"
    "\n"
    "  *  deployments\n"
    "  *  daemonsets\n"
    "  *  statefulsets\n"
    "\n"
    "Examples:\n"
    "  # Rollback to the previous deployment\n"
    "  kubectl rollout undo deployment/abc\n"
    "  \n"
    "  # Check the rollout status of a daemonset\n"
    "  kubectl rollout status daemonset/foo\n"
    "  \n"
    "  # Restart a deployment\n"
    "  kubectl rollout restart deployment/abc\n"
    "  \n"
    "  # Restart deployments with the 'app=nginx' label\n"
    "  kubectl rollout restart deployment --selector=app=nginx\n"
    "\n"
    "Available Commands:\n"
    "  history       View rollout history\n"
    "  pause         Mark the provided resource as paused\n"
    "  restart       Restart a resource\n"
    "  resume        Resume a paused resource\n"
    "  status        Show the status of the rollout\n"
    "  undo          Undo a previous rollout\n"
    "\n"
    "Usage:\n"
    "  kubectl rollout SUBCOMMAND [options]\n"
    "\n"
    'Use "kubectl rollout <command> --help" for more information about a given command.\n'
    'Use "kubectl options" for a list of global command-line options (applies to all'
    " commands).")


def run(ctx: Context, argv: list[str], stdin: str | None) -> str:
    from . import rollout_history, rollout_status

    if not argv or argv[0].startswith("-"):
        # DefaultSubCommandRun: the help, on stderr, and exit status 1.
        raise KubectlError(HELP)
    verb, rest = argv[0], argv[1:]
    if verb in ACTIONS:
        return run_patch_command(ctx, rest, verb)
    handlers = {"undo": run_undo, "status": rollout_status.run,
                "history": rollout_history.run}
    if verb not in handlers:
        raise KubectlError(f'error: unknown command "{verb}"\n'
                           "See 'kubectl rollout -h' for help and examples")
    return handlers[verb](ctx, rest)
