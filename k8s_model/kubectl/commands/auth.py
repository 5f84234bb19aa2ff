"""kubectl auth can-i and kubectl auth whoami (pkg/cmd/auth/cani.go, whoami.go).

`can-i VERB TYPE[/NAME]` sends a SelfSubjectAccessReview — "may I <verb> <resource> in
<namespace>?" — and prints `yes` or `no`; `can-i VERB /PATH` asks about a non-resource
URL. `can-i --list` sends a SelfSubjectRulesReview and prints every rule that reaches
the user, broken down and compacted as `describe role` does. `whoami` sends a
SelfSubjectReview. With `--as jane` each is asked as jane — the way an administrator
checks the Roles and bindings they wrote.
"""

from __future__ import annotations

from ...api import rbac_rules
from ...api.authorization_reviews import (self_subject_access_review, self_subject_review,
                                          self_subject_rules_review)
from ...api.serialization import to_json, to_yaml
from ..errors import KubectlError
from ..flags import Flag, parse
from ..tabwriter import kubectl_tabwriter
from .context import Context

FLAGS = (Flag("all-namespaces", "A", boolean=True), Flag("subresource"),
         Flag("quiet", "q", boolean=True), Flag("list", boolean=True),
         Flag("no-headers", boolean=True))
USAGE = ("error: you must specify two arguments: verb resource or verb resource/resourceName.\n"
         "See 'kubectl auth can-i -h' for help and examples.")
RESOURCE_VERBS = {"get", "list", "watch", "create", "update", "patch", "delete", "deletecollection",
                  "use", "bind", "impersonate", "*", "approve", "sign", "escalate", "attest"}
NON_RESOURCE_VERBS = {"get", "put", "post", "head", "options", "delete", "patch", "*"}
# Served but not discoverable: no warning for them (nonStandardResourceNames).
NON_STANDARD = {"users", "groups"}


def run(ctx: Context, argv: list[str], stdin: str | None) -> str:
    if argv and argv[0] == "whoami":
        return whoami(ctx, argv[1:])
    if not argv or argv[0] != "can-i":
        raise KubectlError(f'error: unknown command "{argv[0] if argv else ""}" for "kubectl auth"')
    parsed = parse(argv[1:], FLAGS, "auth can-i")
    namespace = "" if parsed.get("all-namespaces") else ctx.namespace(parsed)
    if parsed.get("list"):
        if parsed.args:
            raise KubectlError("error: list option must be specified with no arguments")
        if parsed.get("quiet") or parsed.get("all-namespaces") or parsed.get("subresource"):
            raise KubectlError("error: list option can't be specified with neither quiet, "
                               "all-namespaces nor subresource options")
        return access_list(ctx, namespace, parsed.get("no-headers"))
    if len(parsed.args) != 2:
        raise KubectlError(USAGE)
    verb, target = parsed.args
    warnings, spec = _question(ctx, verb, target, namespace, parsed)
    if parsed.get("no-headers"):
        raise KubectlError("error: --no-headers cannot be set without --list specified")
    status = self_subject_access_review(ctx.cluster.api, ctx.user, ctx.impersonate, spec)["status"]
    answer = "yes" if status["allowed"] else "no" + (f" - {status['reason']}"
                                                    if status.get("reason") else "")
    # Warnings go to stderr, each "Warning: <message>\n" with the message's own newline.
    printed = "".join(f"Warning: {w}\n\n" for w in warnings)
    return printed + ("" if parsed.get("quiet") else answer)


def _question(ctx: Context, verb: str, target: str, namespace: str, parsed) -> tuple[list, dict]:
    """Complete and Validate: the review's spec, and the warnings kubectl prints."""
    warnings = []
    if target.startswith("/"):
        if parsed.get("subresource"):
            raise KubectlError("error: --subresource can not be used with NonResourceURL")
        if verb not in NON_RESOURCE_VERBS:
            warnings.append(f"verb '{verb}' is not a known verb")
        return warnings, {"nonResourceAttributes": {"path": target, "verb": verb}}
    kind, _, name = target.partition("/")
    group, resource, namespaced = "", kind, True
    if kind != "*":
        found = ctx.resources.lookup(kind)
        if found is not None:
            group, resource, namespaced = found.group, found.plural, found.namespaced
        else:
            resource, _, group = kind.lower().partition(".")
            if resource not in NON_STANDARD:
                warnings.append(f"the server doesn't have a resource type '{resource}'"
                                + (f" in group '{group}'" if group else ""))
            group, resource = "", kind   # asked about as typed
    if not parsed.get("all-namespaces") and not namespaced:
        warnings.append(f"resource '{resource}' is not namespace scoped"
                        + (f" in group '{group}'" if group else ""))
    if verb not in RESOURCE_VERBS:
        warnings.append(f"verb '{verb}' is not a known verb")
    attributes = {"namespace": namespace, "verb": verb, "group": group, "resource": resource,
                  "subresource": parsed.get("subresource") or "", "name": name}
    return warnings, {"resourceAttributes": {k: v for k, v in attributes.items() if v}}


def access_list(ctx: Context, namespace: str, no_headers: bool) -> str:
    """RunAccessList and printStatus: every rule broken down, compacted, sorted."""
    status = self_subject_rules_review(ctx.cluster.api, ctx.user, ctx.impersonate,
                                       namespace)["status"]
    rules = [r for rule in status["resourceRules"] + status["nonResourceRules"]
             for r in rbac_rules.breakdown(rule)]
    lines = [] if no_headers else ["Resources\tNon-Resource URLs\tResource Names\tVerbs\n"]
    for rule in rbac_rules.sorted_rules(rbac_rules.compact(rules)):
        resource = rbac_rules.combine_resource_group(rule.get("resources"), rule.get("apiGroups"))
        lines.append(f"{resource}\t"
                     f"{rbac_rules.go_list(rule.get('nonResourceURLs'))}\t"
                     f"{rbac_rules.go_list(rule.get('resourceNames'))}\t"
                     f"{rbac_rules.go_list(rule.get('verbs'))}\n")
    writer = kubectl_tabwriter()
    writer.write("".join(lines))
    writer.flush()
    warning = ("Warning: the list may be incomplete: " + status.get("evaluationError", "") + "\n"
               if status.get("incomplete") else "")
    return warning + writer.getvalue().rstrip("\n")


def whoami(ctx: Context, argv: list[str]) -> str:
    """The user the API server sees — after --as — as a table, or the review as YAML/JSON."""
    parsed = parse(argv, (Flag("output", "o"),), "auth whoami")
    review = self_subject_review(ctx.cluster.api, ctx.user, ctx.impersonate)
    output = parsed.get("output")
    if output == "yaml":
        return to_yaml(review).rstrip("\n")
    if output == "json":
        return to_json(review).rstrip("\n")
    if output:
        raise KubectlError(f'error: unable to match a printer suitable for the output format '
                           f'"{output}", allowed formats are: go-template,go-template-file,json,'
                           'jsonpath,jsonpath-as-json,jsonpath-file,kyaml,name,template,'
                           'templatefile,yaml')
    info = review["status"]["userInfo"]
    lines = ["ATTRIBUTE\tVALUE\n", f"Username\t{info['username']}\n"]
    if info.get("uid"):
        lines.append(f"UID\t{info['uid']}\n")
    if info.get("groups"):
        lines.append(f"Groups\t{rbac_rules.go_list(info['groups'])}\n")
    writer = kubectl_tabwriter()
    writer.write("".join(lines))
    writer.flush()
    return writer.getvalue().rstrip("\n")
