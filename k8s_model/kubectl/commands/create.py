"""kubectl create <kind> … and kubectl run (pkg/cmd/create, pkg/cmd/run).

The object is built on the client from the flags (the generators), then either printed
(`--dry-run=client -o yaml`, the exam trick for writing manifests fast) or sent to the
API server like any other create. `create -f` is handled with apply (same reader).
"""

from __future__ import annotations

from ...api import errors
from ...api.server import Request
from ..errors import KubectlError, check_err_message
from .context import Context, for_object, kind_name

# Subcommands that wrap the API error in their own words (e.g. create_deployment.go's
# `fmt.Errorf("failed to create deployment: %v", err)`); the others print it as is.
WRAPPED_ERRORS = {
    "deployment": "failed to create deployment: ", "deploy": "failed to create deployment: ",
    "configmap": "failed to create configmap: ", "cm": "failed to create configmap: ",
    "cronjob": "failed to create cronjob: ", "cj": "failed to create cronjob: ",
    "ingress": "failed to create ingress: ", "ing": "failed to create ingress: ",
    "job": "failed to create job: ", "quota": "failed to create quota: ",
    "resourcequota": "failed to create quota: ",
    "rolebinding": "failed to create rolebinding: ",
    "clusterrolebinding": "failed to create clusterrolebinding: ",
    "serviceaccount": "failed to create serviceaccount: ", "sa": "failed to create serviceaccount: ",
    "secret": "failed to create secret ",
}


def _strip(argv: list[str]) -> tuple[list[str], str, str]:
    """Take -o and --dry-run (handled here) out of the words given to the generator."""
    rest, output, dry_run = [], "", "none"
    i = 0
    while i < len(argv):
        word = argv[i]
        if word == "--":
            rest.extend(argv[i:])
            break
        if word in ("-o", "--output") and i + 1 < len(argv):
            output, i = argv[i + 1], i + 2
            continue
        if word.startswith("--output=") or (word.startswith("-o") and len(word) > 2):
            output = word.split("=", 1)[1] if word.startswith("--output=") else word[2:]
            i += 1
            continue
        if word.startswith("--dry-run"):
            dry_run = word.partition("=")[2] or "client"
            i += 1
            continue
        rest.append(word)
        i += 1
    return rest, output, dry_run


def run(ctx: Context, argv: list[str], stdin: str | None, verb: str = "create") -> str:
    from ...api.serialization import to_json, to_yaml
    from ..generators import GeneratorError, generate

    if verb == "create" and ("-f" in argv or any(a.startswith(("--filename", "-f=")) for a in argv)):
        from .apply import run as apply_run

        return apply_run(ctx, argv, stdin, verb="create")
    words, output, dry_run = _strip(argv)
    if dry_run not in ("none", "client", "server"):
        raise KubectlError(f'error: Invalid dry-run value ({dry_run}). Must be "none", "server", '
                           'or "client".')
    try:
        obj = generate([verb] + words)
    except GeneratorError as error:
        raise KubectlError(str(error)) from None
    namespace = _namespace_flag(words)
    rt = for_object(obj)
    if rt.namespaced and namespace and "namespace" not in obj["metadata"]:
        obj["metadata"]["namespace"] = namespace
    if dry_run != "client":
        try:
            obj = ctx.cluster.api.handle(Request(
                "create", rt, (namespace or "default") if rt.namespaced else None, body=obj,
                user=ctx.user, dry_run=dry_run == "server"))
        except errors.ApiError as error:
            wrap = WRAPPED_ERRORS.get(words[0] if verb == "create" and words else "")
            if wrap:
                raise KubectlError(f"error: {wrap}{error.message}") from None
            raise KubectlError(check_err_message(error)) from None
    if output == "yaml":
        return to_yaml(obj).rstrip("\n")
    if output == "json":
        return to_json(obj).rstrip("\n")
    if output == "name":
        return kind_name(rt, obj["metadata"]["name"])
    suffix = {"client": " (dry run)", "server": " (server dry run)"}.get(dry_run, "")
    return f"{kind_name(rt, obj['metadata']['name'])} created{suffix}"


def _namespace_flag(words: list[str]) -> str | None:
    for i, word in enumerate(words):
        if word in ("-n", "--namespace") and i + 1 < len(words):
            return words[i + 1]
        if word.startswith("--namespace="):
            return word.split("=", 1)[1]
        if word.startswith("-n") and len(word) > 2 and not word.startswith("--"):
            return word[2:]
    return None
