"""kubectl set image (staging/src/k8s.io/kubectl/pkg/cmd/set/set_image.go, set/helper.go
and cmd/util's GetResourcesAndPairs/ParsePairs).

The quickest way to start a rollout: change a container's image in an object's pod
template (or a bare Pod's spec) and let the controller notice.

    kubectl set image deployment/web nginx=nginx:1.29     # deployment.apps/web image updated
    kubectl set image deployment/web '*=nginx:1.29'       # every container

Resources come first, then `container=image` pairs. A container name that is in neither
`containers` nor `initContainers` is an error for that name; the other pairs still apply.
An object whose images are already right is not patched and prints nothing.
"""

from __future__ import annotations

import copy

from ...api import errors
from ..errors import KubectlError, aggregate_message, lines_or_errors
from .. import flags
from ..flags import Flag, parse
from ..record import RECORD_FLAG, record
from .context import Context
from .get import parse_targets

FLAGS = (Flag("all", boolean=True), Flag("selector", "l"), Flag("filename", "f", repeated=True),
         Flag("local", boolean=True), Flag("dry-run", default="none"), Flag("output", "o"),
         RECORD_FLAG, Flag("field-manager"), Flag("recursive", "R",
                                                                   boolean=True))
NO_RESOURCES = ("error: You must provide one or more resources by argument or filename.\n"
                "Example resource specifications include:\n   '-f rsrc.yaml'\n"
                "   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'")


def resources_and_pairs(args: list[str]) -> tuple[list[str], dict[str, str]]:
    """GetResourcesAndPairs then ParsePairs (no `-` removals for images)."""
    resources, pairs = flags.resources_and_pairs(
        args, lambda arg: ("=" in arg and arg[0] != "=") or (arg.endswith("-") and arg != "-"),
        "image")
    invalid = [p for p in pairs if "=" not in p or p[0] == "="]
    if invalid:
        raise KubectlError(f"error: invalid image format: {' '.join(invalid)}")
    return resources, dict(p.split("=", 1) for p in pairs)


def pod_spec(obj: dict) -> dict | None:
    """UpdatePodSpecForObject: where each kind keeps its Pod spec."""
    kind, spec = obj.get("kind"), obj.get("spec") or {}
    if kind == "Pod":
        return spec
    if kind == "CronJob":
        return spec.get("jobTemplate", {}).get("spec", {}).get("template", {}).get("spec")
    if kind in ("Deployment", "ReplicaSet", "ReplicationController", "DaemonSet",
                "StatefulSet", "Job"):
        return spec.get("template", {}).get("spec")
    return None


def set_images(spec: dict, images: dict[str, str]) -> list[str]:
    """The images the pairs name, set in place; the errors for names found nowhere."""
    problems = []
    for name, image in images.items():
        found = False
        for field in ("initContainers", "containers"):
            for container in spec.get(field) or []:
                if container.get("name") == name or name == "*":
                    container["image"], found = image, True
        if not found:
            problems.append(f'error: unable to find container named "{name}"')
    return problems


def run(ctx: Context, argv: list[str], stdin: str | None) -> str:
    parsed = parse(argv, FLAGS, "set image")
    resources, images = resources_and_pairs(parsed.args)
    if not resources:
        raise KubectlError(NO_RESOURCES)
    dry_run = parsed.get("dry-run")
    if dry_run not in ("none", "client", "server"):
        raise KubectlError(f'error: Invalid dry-run value ({dry_run}). Must be "none", '
                           '"server", or "client".')
    namespace = ctx.namespace(parsed)
    found = []
    for rt, names in parse_targets(resources):
        if not names:
            names = [o["metadata"]["name"] for o in
                     ctx.client.list(rt, namespace, parsed.get("selector"))]
        found += [(rt, name) for name in names]
    objects, missing = [], []   # the Builder's Infos: any failure ends Complete
    for rt, name in found:
        try:
            objects.append((rt, name, ctx.client.get(rt, namespace, name)))
        except errors.ApiError as error:
            missing.append(error)
    if missing:
        raise KubectlError(aggregate_message(missing))
    problems = []   # Validate
    if parsed.get("all") and parsed.get("selector"):
        problems.append("cannot set --all and --selector at the same time")
    if not images:
        problems.append("at least one image update is required")
    elif len(images) > 1 and "*" in images:
        problems.append("all containers are already specified by *, but saw more than one "
                        "container_name=container_image pairs")
    if problems:
        raise KubectlError("\n".join(f"error: {p}" for p in problems) if len(problems) > 1
                           else f"error: {problems[0]}")
    suffix = {"client": " (dry run)", "server": " (server dry run)"}.get(dry_run, "")
    lines, failures = [], []
    for rt, name, obj in objects:
        changed = copy.deepcopy(obj)
        spec = pod_spec(changed)
        if spec is None:
            failures.append(KubectlError(f"error: {rt.plural}/{name} the object is not a pod "
                                         "or does not have a pod template: "
                                         f"*v1.{obj.get('kind')}"))
            continue
        failures += [KubectlError(p) for p in set_images(spec, images)]
        if changed == obj:
            continue
        if dry_run != "client":
            # The changed container lists as a merge patch: the same result as upstream's
            # strategic merge patch, which merges containers by name.
            patch = {k: spec.get(k) for k in ("initContainers", "containers") if k in spec}
            for key in reversed(path_to_pod_spec(obj)):
                patch = {key: patch}
            record(patch, parsed)   # --record: the change-cause annotation rides along
            try:
                ctx.client.patch(rt, namespace, name, patch, dry_run=dry_run == "server")
            except errors.ApiError as error:
                failures.append(KubectlError(f"error: failed to patch image update to pod "
                                             f"template: {error.message}"))
                continue
        lines.append(f"{rt.kind_group}/{name} image updated{suffix}")
    return lines_or_errors(lines, failures)


def path_to_pod_spec(obj: dict) -> list[str]:
    kind = obj.get("kind")
    if kind == "Pod":
        return ["spec"]
    if kind == "CronJob":
        return ["spec", "jobTemplate", "spec", "template", "spec"]
    return ["spec", "template", "spec"]


def run_set(ctx: Context, argv: list[str], stdin: str | None) -> str:
    """`kubectl set`: only its `image` subcommand is modelled."""
    if argv and argv[0] == "image":
        return run(ctx, argv[1:], stdin)
    if not argv or argv[0].startswith("-"):
        raise KubectlError(SET_HELP)   # DefaultSubCommandRun: the help, exit status 1
    if argv[0] in ("env", "resources", "selector", "serviceaccount", "subject"):
        raise KubectlError(f"error: the model has no `kubectl set {argv[0]}`; only "
                           "`kubectl set image`")
    raise KubectlError(f'error: unknown command "{argv[0]}"\n'
                       "See 'kubectl set -h' for help and examples")


SET_HELP = (  # `kubectl set` with no subcommand (v1.35)
    "Configure application resources.\n"
    "\n"
    " These commands help you make changes to existing application resources.\n"
    "\n"
    "Available Commands:\n"
    "  env              Update environment variables on a pod template\n"
    "  image            Update the image of a pod template\n"
    "  resources        Update resource requests/limits on objects with pod templates\n"
    "  selector         Set the selector on a resource\n"
    "  serviceaccount   Update the service account of a resource\n"
    "  subject          Update the user, group, or service account in a role binding"
    " or cluster role binding\n"
    "\n"
    "Usage:\n"
    "  kubectl set SUBCOMMAND [options]\n"
    "\n"
    'Use "kubectl set <command> --help" for more information about a given command.\n'
    'Use "kubectl options" for a list of global command-line options (applies to all'
    " commands).")
