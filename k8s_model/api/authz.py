"""Who is asking, and may they? (authentication and the RBAC authorizer)

The API server authenticates each request to a user — a name and groups — then asks
its authorizers in turn, as kube-apiserver's `--authorization-mode=Node,RBAC` does:

* the control-plane components and kubelets (system:kube-scheduler,
  system:kube-controller-manager, system:node:<name>) are allowed what upstream's
  bootstrap policy and Node authorizer give them; the model allows them everything
  rather than copying hundreds of bootstrap rules;
* members of `system:masters` (and kubeadm's `kubeadm:cluster-admins`, bound to the
  `cluster-admin` ClusterRole) may do anything;
* everyone else is checked against Roles, ClusterRoles and their bindings (RBAC).

A refusal is a 403 with the real message:
`User "jane" cannot list resource "pods" in API group "" in the namespace "default"`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import errors, resources

if TYPE_CHECKING:
    from .server import APIServer, Request


@dataclass(frozen=True)
class User:
    name: str
    groups: tuple[str, ...] = ("system:authenticated",)


# kubeadm's admin.conf identity.
ADMIN = User("kubernetes-admin", ("kubeadm:cluster-admins", "system:authenticated"))
SUPERUSER_GROUPS = {"system:masters", "kubeadm:cluster-admins"}
COMPONENT_PREFIXES = ("system:kube-", "system:node:", "system:serviceaccount:kube-system:")


def service_account_user(namespace: str, name: str) -> User:
    return User(f"system:serviceaccount:{namespace}:{name}",
                ("system:serviceaccounts", f"system:serviceaccounts:{namespace}",
                 "system:authenticated"))


def _matches(values: list[str], wanted: str) -> bool:
    return "*" in values or wanted in values


def rule_allows(rule: dict, verb: str, group: str, resource: str, name: str | None) -> bool:
    if not _matches(rule.get("verbs", []), verb):
        return False
    if not _matches(rule.get("apiGroups", []), group):
        return False
    if not _matches(rule.get("resources", []), resource):
        return False
    names = rule.get("resourceNames")
    return not names or (name is not None and name in names)


def subject_matches(subject: dict, user: User, binding_namespace: str | None) -> bool:
    kind = subject.get("kind")
    if kind == "User":
        return subject.get("name") == user.name
    if kind == "Group":
        return subject.get("name") in user.groups
    if kind == "ServiceAccount":
        namespace = subject.get("namespace") or binding_namespace
        return user.name == f"system:serviceaccount:{namespace}:{subject.get('name')}"
    return False


class Authorizer:
    def __init__(self, server: "APIServer") -> None:
        self.server = server

    def authorize(self, request: "Request") -> None:
        user = request.user
        resource = request.resource.plural
        if request.subresource:
            resource = f"{resource}/{request.subresource}"
        if self.allowed_user(user, request.verb, request.resource.group, resource,
                        request.namespace if request.resource.namespaced else None,
                        request.name):
            return
        raise errors.forbidden_request(
            forbidden_message(user, request.verb, request.resource.group, resource,
                              request.namespace if request.resource.namespaced else None,
                              request.name),
            request.resource.plural, request.resource.group, request.name or "")

    def allowed_user(self, user: User, verb: str, group: str, resource: str,
                     namespace: str | None, name: str | None) -> bool:
        """The whole authorizer chain for one question (a SubjectAccessReview)."""
        if user.name.startswith(COMPONENT_PREFIXES) or SUPERUSER_GROUPS & set(user.groups):
            return True
        return self.allowed(user, verb, group, resource, namespace, name)

    def allowed(self, user: User, verb: str, group: str, resource: str,
                namespace: str | None, name: str | None) -> bool:
        for rules in self._rules_for(user, namespace):
            if any(rule_allows(rule, verb, group, resource, name) for rule in rules):
                return True
        return False

    def _rules_for(self, user: User, namespace: str | None):
        """Rules from ClusterRoleBindings everywhere, and from RoleBindings in `namespace`."""
        store, server = self.server.store, self.server
        crb = resources.by_plural("clusterrolebindings", "rbac.authorization.k8s.io")
        rb = resources.by_plural("rolebindings", "rbac.authorization.k8s.io")
        bindings = [(server.decode(kv), None) for kv in store.range(crb.prefix)]
        if namespace:
            bindings += [(server.decode(kv), namespace)
                         for kv in store.range(rb.key(namespace, ""))]
        for binding, binding_ns in bindings:
            if not any(subject_matches(s, user, binding_ns) for s in binding.get("subjects", [])):
                continue
            ref = binding.get("roleRef", {})
            if ref.get("kind") == "ClusterRole":
                role = server.storage_get(
                    resources.by_plural("clusterroles", "rbac.authorization.k8s.io"), None,
                    ref.get("name", ""))
            else:
                role = server.storage_get(
                    resources.by_plural("roles", "rbac.authorization.k8s.io"), binding_ns,
                    ref.get("name", ""))
            if role:
                yield role.get("rules", [])


def forbidden_message(user: User, verb: str, group: str, resource: str,
                      namespace: str | None, name: str | None) -> str:
    """The RBAC authorizer's reason, prefixed as the API server's Forbidden error does:
    `pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"`."""
    base, _, sub = resource.partition("/")
    subject = f"{base}.{group}" if group else base
    if name:
        subject = f'{subject} "{name}"'
    text = f'User "{user.name}" cannot {verb} resource "{resource}" in API group "{group}"'
    text += f' in the namespace "{namespace}"' if namespace else " at the cluster scope"
    return f"{subject} is forbidden: {text}"
