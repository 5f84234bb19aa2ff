"""`kubectl create role|clusterrole|rolebinding|clusterrolebinding` (pkg/cmd/create/
create_role.go, create_clusterrole.go, create_rolebinding.go, create_clusterrolebinding.go).

A role gets one rule per API group: `--verb=get,list --resource=pods,deployments.apps`
becomes a rule for group "" (pods) and one for "apps" (deployments), groups sorted.
Resource names are resolved through discovery, so `po`, `pod` and `Pods` all mean
`pods`; a few verbs only make sense on one resource (`bind` and `escalate` on roles,
`impersonate` on users/groups/serviceaccounts) and are refused elsewhere.
"""

from __future__ import annotations

from ...api.resources import lookup
from .common import error, metadata, name_from_args, namespace, save_config
from .errors import GeneratorError
from .pflag import Flag, parse

RBAC_GROUP = "rbac.authorization.k8s.io"
VALID_RESOURCE_VERBS = ("*", "get", "delete", "list", "create", "update", "patch", "watch",
                        "proxy", "deletecollection", "use", "bind", "escalate", "impersonate")
VALID_NON_RESOURCE_VERBS = ("*", "get", "post", "put", "delete", "patch", "head", "options")
SPECIAL_VERBS = {
    "use": (("policy", "podsecuritypolicies"), ("extensions", "podsecuritypolicies")),
    "bind": ((RBAC_GROUP, "roles"), (RBAC_GROUP, "clusterroles")),
    "escalate": ((RBAC_GROUP, "roles"), (RBAC_GROUP, "clusterroles")),
    "impersonate": (("", "users"), ("", "serviceaccounts"), ("", "groups"),
                    ("authentication.k8s.io", "userextras")),
}
ROLE = (Flag("verb", "slice"), Flag("resource", "slice"), Flag("resource-name", "array"))
CLUSTER_ROLE = ROLE + (Flag("non-resource-url", "slice"), Flag("aggregation-rule", "map"))
BINDING = (Flag("role"), Flag("clusterrole"), Flag("user", "array"), Flag("group", "array"),
           Flag("serviceaccount", "array"))


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _resources(specs: list[str]) -> list[tuple[str, str, str]]:
    """`pods`, `deployments.apps`, `pods/log` -> (resource, group, subresource)."""
    out = []
    for spec in specs:
        base, _, sub = spec.partition("/")
        resource, _, group = base.partition(".")
        if resource == "*" and "." not in base and "/" not in spec:
            return [("*", "", "")]
        out.append((resource, group, sub))
    return out


def _resolve(resource: str, group: str) -> tuple[str, str, GeneratorError | None]:
    """RESTMapper.ResourceFor: the plural and group, or the discovery error."""
    found = lookup(f"{resource}.{group}" if group else resource)
    if found is None:
        where = f' in group "{group}"' if group else ""
        return resource, group, GeneratorError(
            f'the server doesn\'t have a resource type "{resource}"{where}')
    return found.plural, found.group, None


def _common(parsed, cmd: str, ctx) -> tuple[str, list[str], list, list[str]]:
    name = name_from_args(parsed, cmd)
    verbs: list[str] = []
    for verb in parsed["verb"]:
        if verb == "*":
            verbs = ["*"]
            break
        if verb not in verbs:
            verbs.append(verb)
    return name, verbs, _resources(parsed["resource"]), _unique(parsed["resource-name"])


def _validate_resources(verbs: list[str], resources: list, ctx) -> None:
    for verb in verbs:
        if verb not in VALID_RESOURCE_VERBS and ctx.warnings is not None:
            ctx.warnings.append(f"Warning: '{verb}' is not a standard resource verb")
    for resource, group, _ in resources:
        if not resource:
            raise error("resource must be specified if apiGroup/subresource specified")
        if resource == "*":
            return
        plural, api_group, err = _resolve(resource, group)
        for verb in verbs:
            if verb in SPECIAL_VERBS:
                if (api_group, plural) not in SPECIAL_VERBS[verb]:
                    raise error(f"can not perform '{verb}' on '{plural}' in group '{api_group}'")
                err = None
        if err is not None:
            raise err


def _rules(verbs, resources, names, urls=()) -> list[dict]:
    """generateResourcePolicyRules: one rule per API group, groups in sorted order."""
    by_group: dict[str, list[str]] = {}
    for resource, group, sub in resources:
        plural, api_group, _ = _resolve(resource, group) if resource != "*" else ("*", "", None)
        plural = f"{plural}/{sub}" if sub else plural
        if plural not in by_group.setdefault(api_group, []):
            by_group[api_group].append(plural)
    rules = []
    for group in sorted(by_group):
        rule = {"verbs": list(verbs), "apiGroups": [group], "resources": by_group[group]}
        if names:
            rule["resourceNames"] = list(names)
        rules.append(rule)
    if urls:
        rules.append({"verbs": list(verbs), "nonResourceURLs": list(urls)})
    return rules


def create_role(argv: list[str], ctx) -> dict:
    cmd = "create role"
    parsed = parse(argv, ROLE, cmd)
    name, verbs, resources, names = _common(parsed, cmd, ctx)
    if not verbs:
        raise error("at least one verb must be specified")
    if not resources:
        raise error("at least one resource must be specified")
    _validate_resources(verbs, resources, ctx)
    role = {"kind": "Role", "apiVersion": f"{RBAC_GROUP}/v1",
            "metadata": metadata(name, namespace(parsed)),
            "rules": _rules(verbs, resources, names)}
    return save_config(role, parsed)


def create_clusterrole(argv: list[str], ctx) -> dict:
    cmd = "create clusterrole"
    parsed = parse(argv, CLUSTER_ROLE, cmd)
    urls = _unique(parsed["non-resource-url"])
    name, verbs, resources, names = _common(parsed, cmd, ctx)
    aggregation = parsed["aggregation-rule"]
    role = {"kind": "ClusterRole", "apiVersion": f"{RBAC_GROUP}/v1",
            "metadata": {"name": name}}
    if aggregation:
        if urls or verbs or resources or names:
            raise error("aggregation rule must be specified without nonResourceURLs, verbs, "
                        "resources or resourceNames")
        role["rules"] = None  # a nil slice without omitempty: `rules: null`
        role["aggregationRule"] = {"clusterRoleSelectors": [{"matchLabels": aggregation}]}
        return save_config(role, parsed)
    if not verbs:
        raise error("at least one verb must be specified")
    if not resources and not urls:
        raise error("one of resource or nonResourceURL must be specified")
    if resources:
        _validate_resources(verbs, resources, ctx)
    if urls:
        for verb in verbs:
            if verb not in VALID_NON_RESOURCE_VERBS:
                raise error(f"invalid verb: '{verb}' for nonResourceURL")
        for url in urls:
            if url == "*":
                continue
            if not url.startswith("/"):
                raise error("nonResourceURL should start with /")
            if "*" in url[:-1]:
                raise error("nonResourceURL only supports wildcard matches when '*' is at "
                            "the end")
    role["rules"] = _rules(verbs, resources, names, urls)
    return save_config(role, parsed)


def _subjects(parsed) -> list[dict]:
    subjects = [{"kind": "User", "apiGroup": RBAC_GROUP, "name": u} for u in parsed["user"]]
    subjects += [{"kind": "Group", "apiGroup": RBAC_GROUP, "name": g} for g in parsed["group"]]
    for account in parsed["serviceaccount"]:
        tokens = account.split(":")
        if len(tokens) != 2 or not tokens[0] or not tokens[1]:
            raise error("serviceaccount must be <namespace>:<name>")
        subjects.append({"kind": "ServiceAccount", "namespace": tokens[0], "name": tokens[1]})
    return subjects


def create_rolebinding(argv: list[str], ctx) -> dict:
    cmd = "create rolebinding"
    parsed = parse(argv, BINDING, cmd)
    name = name_from_args(parsed, cmd)
    role, cluster_role = parsed["role"] or "", parsed["clusterrole"] or ""
    if bool(role) == bool(cluster_role):
        raise error("exactly one of clusterrole or role must be specified")
    binding = {"kind": "RoleBinding", "apiVersion": f"{RBAC_GROUP}/v1",
               "metadata": metadata(name, namespace(parsed))}
    subjects = _subjects(parsed)
    if subjects:
        binding["subjects"] = subjects
    binding["roleRef"] = {"apiGroup": RBAC_GROUP, "kind": "Role" if role else "ClusterRole",
                          "name": role or cluster_role}
    return save_config(binding, parsed)


def create_clusterrolebinding(argv: list[str], ctx) -> dict:
    cmd = "create clusterrolebinding"
    flags = tuple(Flag(f.name, f.kind, required=f.name == "clusterrole")
                  for f in BINDING if f.name != "role")
    parsed = parse(argv, flags, cmd)
    name = name_from_args(parsed, cmd)
    binding = {"kind": "ClusterRoleBinding", "apiVersion": f"{RBAC_GROUP}/v1",
               "metadata": {"name": name}}
    subjects = _subjects(parsed)
    if subjects:
        binding["subjects"] = subjects
    binding["roleRef"] = {"apiGroup": RBAC_GROUP, "kind": "ClusterRole",
                          "name": parsed["clusterrole"]}
    return save_config(binding, parsed)
