"""kubectl create <kind> …, kubectl run and kubectl expose (pkg/cmd/create, pkg/cmd/run,
pkg/cmd/expose).

The object is built on the client from the flags (the generators), then either printed
(`--dry-run=client -o yaml`, the exam trick for writing manifests fast) or sent to the
API server like any other create. `create -f` is handled with apply (same reader).
"""

from __future__ import annotations

from ...api import errors
from ..errors import KubectlError, check_err_message
from .context import Context, for_object, kind_name
from .run_attach import attach, attach_options

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
    from ..generators import GeneratorError, generate_all
    from .output import omit_managed_fields

    if verb == "create" and ("-f" in argv or any(a.startswith(("--filename", "-f=")) for a in argv)):
        from .apply import run as apply_run

        return apply_run(ctx, argv, stdin, verb="create")
    words, output, dry_run = _strip(argv)
    if dry_run not in ("none", "client", "server"):
        raise KubectlError(f'error: Invalid dry-run value ({dry_run}). Must be "none", "server", '
                           'or "client".')

    def get(resource_type: str, name: str, namespace: str | None) -> dict:
        return ctx.client.get(resource_type, namespace or "default", name)

    warnings: list[str] = []
    try:
        objects = generate_all([verb] + argv, get=get, warnings=warnings)
    except GeneratorError as error:
        raise KubectlError(str(error)) from None
    except errors.ApiError as error:  # `create job --from=cronjob/x` read a missing CronJob
        raise KubectlError(check_err_message(error)) from None
    printed = [w.rstrip("\n") for w in warnings]
    attaching = attach_options(argv) if verb == "run" and dry_run == "none" else None
    results = []
    for obj in objects:
        rt = for_object(obj, ctx)
        namespace = (obj["metadata"].get("namespace") or "default") if rt.namespaced else None
        if dry_run != "client":
            try:
                obj = ctx.client.send(
                    "create", rt, namespace, body=obj, dry_run=dry_run == "server")
            except errors.ApiError as error:
                wrap = WRAPPED_ERRORS.get(words[0] if verb == "create" and words else "")
                if wrap:
                    raise KubectlError(f"error: {wrap}{error.message}",
                                       output="\n".join(printed)) from None
                raise KubectlError(check_err_message(error), output="\n".join(printed)) from None
        results.append((rt, obj))
    if attaching is not None:       # `run -it --rm`: the Pod's output instead of "created"
        return attach(ctx, results[-1][1], **attaching)
    results = [(rt, omit_managed_fields(obj)) for rt, obj in results]
    if output == "yaml":
        printed.append("---\n---\n".join(to_yaml(obj) for _, obj in results).rstrip("\n"))
    elif output == "json":
        printed.extend(to_json(obj, typed=True).rstrip("\n") for _, obj in results)
    else:
        suffix = {"client": " (dry run)", "server": " (server dry run)"}.get(dry_run, "")
        for rt, obj in results:
            name = obj["metadata"]["name"]
            # autoscale.go prints "autoscaled", or "created" for a client dry run.
            done = {"expose": "exposed", "autoscale": "autoscaled" if dry_run != "client"
                    else "created"}.get(verb, "created")
            printed.append(kind_name(rt, name) if output == "name"
                           else f"{kind_name(rt, name)} {done}{suffix}")
    return "\n".join(printed)

