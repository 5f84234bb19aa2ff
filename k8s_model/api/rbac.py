"""The RBAC authorizer (plugin/pkg/auth/authorizer/rbac/rbac.go) and its rule resolver
(pkg/registry/rbac/validation/rule.go).

A request is allowed when some rule reaches the user: through a ClusterRoleBinding
(anywhere), or a RoleBinding in the request's namespace, whose subjects name the user,
one of their groups, or their ServiceAccount, and whose role has a rule matching the verb,
API group, resource (`pods/log`, `*/scale`) and name — or, for a non-resource request,
the URL path (`/healthz`, `/api/*`). RBAC only adds: there are no deny rules.

A binding to a role that does not exist grants nothing, and says so in the refusal's
reason: `RBAC: role.rbac.authorization.k8s.io "pod-reader" not found`.

Like upstream's listers, the resolver reads a cache of the RBAC objects; the API server
drops it whenever it writes one of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from .authz import Attributes, User

if TYPE_CHECKING:
    from .server import APIServer

GROUP = "rbac.authorization.k8s.io"
KINDS = ("clusterroles", "clusterrolebindings", "roles", "rolebindings")


def _has(values: list[str] | None, wanted: str) -> bool:
    return "*" in (values or []) or wanted in (values or [])


def rule_allows(attributes: Attributes, rule: dict) -> bool:
    """RuleAllows: VerbMatches, APIGroupMatches, ResourceMatches and ResourceNameMatches
    (or NonResourceURLMatches)."""
    if not _has(rule.get("verbs"), attributes.verb):
        return False
    if not attributes.resource_request:
        return any(url == "*" or url == attributes.path
                   or (url.endswith("*") and attributes.path.startswith(url.rstrip("*")))
                   for url in rule.get("nonResourceURLs") or [])
    if not _has(rule.get("apiGroups"), attributes.group):
        return False
    combined = attributes.resource
    if attributes.subresource:
        combined = f"{combined}/{attributes.subresource}"
    star_sub = f"*/{attributes.subresource}" if attributes.subresource else None
    if not any(r in ("*", combined, star_sub) for r in rule.get("resources") or []):
        return False
    names = rule.get("resourceNames")
    return not names or attributes.name in names


def applies_to(subject: dict, user: User, namespace: str) -> bool:
    """appliesToUser: a User by name, a Group by membership, a ServiceAccount by its
    username (its namespace defaulting to the RoleBinding's)."""
    kind = subject.get("kind")
    if kind == "User":
        return subject.get("name") == user.name
    if kind == "Group":
        return subject.get("name") in user.groups
    if kind == "ServiceAccount":
        sa_namespace = subject.get("namespace") or namespace
        return bool(sa_namespace) and \
            user.name == f"system:serviceaccount:{sa_namespace}:{subject.get('name')}"
    return False


def describe_subject(subject: dict, namespace: str) -> str:
    name = subject.get("name", "")
    if subject.get("kind") == "ServiceAccount":
        name = f"{name}/{subject.get('namespace') or namespace}"
    return f'{subject.get("kind")} "{name}"'


class RBACAuthorizer:
    def __init__(self, server: "APIServer") -> None:
        self.server = server
        self._cache: dict[str, dict] | None = None

    # -- the listers' cache ----------------------------------------------------------------
    def invalidate(self) -> None:
        self._cache = None

    def _objects(self, plural: str) -> dict:
        if self._cache is None:
            from .resources import by_plural

            self._cache = {}
            for kind in KINDS:
                rt = by_plural(kind, GROUP)
                self._cache[kind] = {
                    (obj["metadata"].get("namespace", ""), obj["metadata"]["name"]): obj
                    for obj in map(self.server.decode, self.server.store.range(rt.prefix))}
        return self._cache[plural]

    # -- VisitRulesFor ---------------------------------------------------------------------
    def role_reference_rules(self, role_ref: dict, namespace: str) -> list[dict]:
        """GetRoleReferenceRules: the rules of a binding's role, or KeyError with the
        lister's NotFound message."""
        kind, name = role_ref.get("kind"), role_ref.get("name", "")
        if kind == "ClusterRole":
            found = self._objects("clusterroles").get(("", name))
            missing = f'clusterrole.{GROUP} "{name}" not found'
        elif kind == "Role":
            found = self._objects("roles").get((namespace, name))
            missing = f'role.{GROUP} "{name}" not found'
        else:
            raise KeyError(f'unsupported role reference kind: "{kind}"')
        if found is None:
            raise KeyError(missing)
        return found.get("rules") or []

    def visit_rules_for(self, user: User, namespace: str) -> Iterator[tuple[str, dict | None, str]]:
        """(source, rule, error) for every rule reaching `user` in `namespace`: the
        ClusterRoleBindings first, then the namespace's RoleBindings."""
        bindings = [(b, "") for b in self._objects("clusterrolebindings").values()]
        if namespace:
            bindings += [(b, namespace) for (ns, _), b in self._objects("rolebindings").items()
                         if ns == namespace]
        for binding, binding_ns in bindings:
            subject = next((s for s in binding.get("subjects") or []
                            if applies_to(s, user, binding_ns)), None)
            if subject is None:
                continue
            ref = binding.get("roleRef", {})
            try:
                rules = self.role_reference_rules(ref, binding_ns)
            except KeyError as missing:
                yield "", None, missing.args[0]
                continue
            name = binding["metadata"]["name"]
            source = (f'RoleBinding "{name}/{binding_ns}"' if binding_ns
                      else f'ClusterRoleBinding "{name}"')
            source += f' of {ref.get("kind")} "{ref.get("name")}" to ' \
                      f'{describe_subject(subject, binding_ns)}'
            for rule in rules:
                yield source, rule, ""

    def rules_for(self, user: User, namespace: str) -> tuple[list[dict], list[str]]:
        """RulesFor: every rule that applies, and the resolution errors met."""
        rules, problems = [], []
        for _, rule, error in self.visit_rules_for(user, namespace):
            if rule is not None:
                rules.append(rule)
            if error:
                problems.append(error)
        return rules, problems

    def authorize(self, attributes: Attributes) -> tuple[bool, str]:
        """RBACAuthorizer.Authorize: allowed with `RBAC: allowed by …`, or refused with
        the resolution errors as the reason."""
        problems = []
        for source, rule, error in self.visit_rules_for(attributes.user, attributes.namespace):
            if error:
                problems.append(error)
            elif rule_allows(attributes, rule):
                return True, f"RBAC: allowed by {source}"
        return False, f"RBAC: {aggregate(problems)}" if problems else ""


def aggregate(messages: list[str]) -> str:
    """utilerrors.NewAggregate(...).Error(): one message as is, several in brackets."""
    unique = list(dict.fromkeys(messages))   # the aggregate prints each message once
    return unique[0] if len(unique) == 1 else "[" + ", ".join(unique) + "]"
