"""kubectl auth can-i (pkg/cmd/auth/cani.go): ask the API server's authorizer.

kubectl sends a SelfSubjectAccessReview — "may I <verb> <resource> in <namespace>?" —
and prints `yes` or `no`. With `--as jane` the question is asked as jane, which is how
an administrator checks the Roles and bindings they wrote.
"""

from __future__ import annotations

from ...api import resources
from ..errors import KubectlError
from ..flags import Flag, parse
from .context import Context

FLAGS = (Flag("all-namespaces", "A", boolean=True), Flag("subresource"), Flag("quiet", "q", boolean=True),
         Flag("list", boolean=True), Flag("no-headers", boolean=True))
USAGE = ("error: you must specify two arguments: verb resource or verb resource/resourceName.\n"
         "See 'kubectl auth can-i -h' for help and examples")


def run(ctx: Context, argv: list[str], stdin: str | None) -> str:
    if not argv or argv[0] != "can-i":
        raise KubectlError('error: unknown command "%s" for "kubectl auth"' % (argv[0] if argv else ""))
    parsed = parse(argv[1:], FLAGS, "auth can-i")
    ctx = ctx.with_user(parsed)
    if len(parsed.args) != 2:
        raise KubectlError(USAGE)
    verb, target = parsed.args
    kind, _, name = target.partition("/")
    warning = ""
    rt = resources.lookup(kind)
    if rt is None:
        warning = f"Warning: the server doesn't have a resource type '{kind}'\n\n"
        group, plural, namespaced = "", kind, True
    else:
        group, plural, namespaced = rt.group, rt.plural, rt.namespaced
    if parsed.get("subresource"):
        plural = f"{plural}/{parsed.get('subresource')}"
    namespace = None if parsed.get("all-namespaces") or not namespaced else ctx.namespace(parsed)
    allowed = ctx.cluster.api.authorizer.allowed_user(ctx.user, verb, group, plural, namespace,
                                                      name or None)
    if parsed.get("quiet"):
        return ""
    return warning + ("yes" if allowed else "no")
