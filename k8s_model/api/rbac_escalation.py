"""RBAC escalation prevention: nobody grants what they do not hold
(pkg/registry/rbac/{role,clusterrole,rolebinding,clusterrolebinding}/policybased/storage.go,
pkg/registry/rbac/escalation_check.go, pkg/registry/rbac/validation/rule.go).

Being allowed to create Roles is not enough to write any rule into one: the storage of
Roles and ClusterRoles checks that the writer already holds every permission the rules
grant (ConfirmNoEscalation, in the role's namespace), unless they may `escalate` on roles
(or are in system:masters). Likewise a RoleBinding or ClusterRoleBinding may only point
at a role whose permissions the writer holds, unless they may `bind` that very role.
The refusal names what is missing:

    roles.rbac.authorization.k8s.io "secret-reader" is forbidden: user "jane"
    (groups=["system:authenticated"]) is attempting to grant RBAC permissions not
    currently held:
    {APIGroups:[""], Resources:["secrets"], Verbs:["get"]}

Only the user who asks counts: with `kubectl --as`, the impersonated user.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import errors, rbac_rules
from .authz import COMPONENT_PREFIXES, PRIVILEGED_GROUP, Attributes, User
from .rbac import GROUP

if TYPE_CHECKING:
    from .server import APIServer, Request

ROLES = ("roles", "clusterroles")
BINDINGS = ("rolebindings", "clusterrolebindings")
# clusterrole policybased storage: an aggregationRule can gather anything.
FULL_AUTHORITY = [{"verbs": ["*"], "apiGroups": ["*"], "resources": ["*"]},
                  {"verbs": ["*"], "nonResourceURLs": ["*"]}]


def check(server: "APIServer", req: "Request", obj: dict, old: dict | None = None) -> None:
    """Refuse (403) a create or update of an RBAC object that would escalate."""
    resource = req.resource
    if resource.group != GROUP or resource.plural not in ROLES + BINDINGS:
        return
    user = req.user
    # EscalationAllowed: system:masters; the model's components are trusted alike (authz.py).
    if PRIVILEGED_GROUP in user.groups or user.name.startswith(COMPONENT_PREFIXES):
        return
    if old is not None and _only_gc_fields_change(obj, old):
        return
    namespace = (req.namespace or "") if resource.namespaced else ""
    name = obj.get("metadata", {}).get("name", "")
    if resource.plural in ROLES:
        if _allowed(server, user, "escalate", resource.plural, namespace, req.name or ""):
            return
        _confirm_no_escalation(server, user, namespace, obj.get("rules") or [], resource, name)
        if resource.plural == "clusterroles" and \
                (obj.get("aggregationRule") or {}).get("clusterRoleSelectors"):
            if rbac_rules.covers(server.authorizer.rbac.rules_for(user, "")[0], FULL_AUTHORITY):
                raise errors.forbidden_request(
                    f'{errors.qualified(resource.plural, GROUP)} "{name}" is forbidden: '
                    "must have cluster-admin privileges to use the aggregationRule",
                    resource.plural, GROUP, name)
        return
    ref = obj.get("roleRef") or {}
    role_resource = "clusterroles" if ref.get("kind") == "ClusterRole" else "roles"
    if _allowed(server, user, "bind", role_resource, namespace, ref.get("name", "")):
        return   # BindingAuthorized
    try:
        rules = server.authorizer.rbac.role_reference_rules(ref, namespace)
    except KeyError:   # the registry's NotFound for the role
        raise errors.not_found(role_resource, GROUP, ref.get("name", "")) from None
    _confirm_no_escalation(server, user, namespace, rules, resource, name)


def _allowed(server: "APIServer", user: User, verb: str, plural: str, namespace: str,
             name: str) -> bool:
    return server.authorizer.allowed(Attributes(user, verb, GROUP, plural, "", namespace, name))


def _confirm_no_escalation(server: "APIServer", user: User, namespace: str, rules: list[dict],
                           resource, name: str) -> None:
    """ConfirmNoEscalation: the writer's own rules in the namespace must cover `rules`."""
    owned, problems = server.authorizer.rbac.rules_for(user, namespace)
    missing = rbac_rules.covers(owned, rules)
    if not missing:
        return
    described = sorted({rbac_rules.compact_string(r) for r in rbac_rules.compact(missing)})
    message = (f'user "{user.name}" (groups={rbac_rules.go_quoted_list(user.groups)}) is '
               "attempting to grant RBAC permissions not currently held:\n" + "\n".join(described))
    if problems:
        from .rbac import aggregate

        message += f"; resolution errors: [{aggregate(problems)}]"
    raise errors.forbidden_request(
        f'{errors.qualified(resource.plural, GROUP)} "{name}" is forbidden: {message}',
        resource.plural, GROUP, name)


def _only_gc_fields_change(obj: dict, old: dict) -> bool:
    """IsOnlyMutatingGCFields: an update touching only ownerReferences and finalizers
    (the garbage collector's) is not checked."""
    def without_gc(o: dict) -> dict:
        meta = {k: v for k, v in (o.get("metadata") or {}).items()
                if k not in ("ownerReferences", "finalizers", "resourceVersion", "managedFields")}
        return {**o, "metadata": meta}

    return without_gc(obj) == without_gc(old)
