"""Who is asking, and may they? (authentication and the authorizer chain)

The API server authenticates each request to a user — a name, groups, maybe a uid —
applies impersonation (impersonation.py), then asks its authorizers in turn, as
kube-apiserver's `--authorization-mode=Node,RBAC` does, the first "allow" winning:

* members of `system:masters` may do anything (the privileged-groups authorizer, which
  comes before every mode);
* the control-plane components and kubelets (system:kube-scheduler,
  system:kube-controller-manager's controllers, system:node:<name>) are allowed what
  upstream's bootstrap policy and Node authorizer give them; the model allows them
  everything rather than copying hundreds of controller rules;
* everyone else is checked against Roles, ClusterRoles and their bindings (rbac.py) —
  kubeadm's `kubernetes-admin` too: its power is the `kubeadm:cluster-admins`
  ClusterRoleBinding to `cluster-admin`, and deleting that binding takes it away.

A refusal is a 403 whose message responsewriters.Forbidden builds
(staging/src/k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/errors.go):
`pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the
namespace "default"`, followed by `: <reason>` when RBAC had one (a binding to a role
that does not exist).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import errors

if TYPE_CHECKING:
    from .server import APIServer, Request


@dataclass(frozen=True)
class User:
    name: str
    groups: tuple[str, ...] = ("system:authenticated",)
    uid: str = ""


# kubeadm's admin.conf identity (its client certificate's CN and O).
ADMIN = User("kubernetes-admin", ("kubeadm:cluster-admins", "system:authenticated"))
PRIVILEGED_GROUP = "system:masters"
COMPONENT_PREFIXES = ("system:kube-", "system:node:", "system:serviceaccount:kube-system:")
SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:"


def service_account_user(namespace: str, name: str, uid: str = "") -> User:
    """A ServiceAccount's identity (serviceaccount.MakeUsername / MakeGroupNames)."""
    return User(f"{SERVICE_ACCOUNT_PREFIX}{namespace}:{name}",
                ("system:serviceaccounts", f"system:serviceaccounts:{namespace}",
                 "system:authenticated"), uid)


@dataclass(frozen=True)
class Attributes:
    """authorizer.AttributesRecord: one question for the authorizers."""

    user: User
    verb: str
    group: str = ""
    resource: str = ""       # plural, without the subresource
    subresource: str = ""
    namespace: str = ""
    name: str = ""
    path: str = ""           # a non-resource request's URL path (/healthz)

    @property
    def resource_request(self) -> bool:
        return not self.path


def request_attributes(request: "Request") -> Attributes:
    namespaced = request.resource.namespaced
    return Attributes(request.user, request.verb, request.resource.group,
                      request.resource.plural, request.subresource or "",
                      (request.namespace or "") if namespaced else "", request.name or "")


class Authorizer:
    def __init__(self, server: "APIServer") -> None:
        from .rbac import RBACAuthorizer

        self.server = server
        self.rbac = RBACAuthorizer(server)

    def authorize(self, request: "Request") -> None:
        attributes = request_attributes(request)
        allowed, reason = self.decide(attributes)
        if not allowed:
            raise forbidden(attributes, reason)

    def decide(self, attributes: Attributes) -> tuple[bool, str]:
        """The whole chain for one question (what a SubjectAccessReview answers):
        allowed, and the reason RBAC gives."""
        user = attributes.user
        if PRIVILEGED_GROUP in user.groups or user.name.startswith(COMPONENT_PREFIXES):
            return True, ""
        return self.rbac.authorize(attributes)

    def allowed(self, attributes: Attributes) -> bool:
        return self.decide(attributes)[0]


def forbidden(attributes: Attributes, reason: str = "") -> errors.ApiError:
    """responsewriters.Forbidden: the 403 for a refused request, as
    apierrors.NewForbidden(resource.group, name, "<forbiddenMessage>[: reason]")."""
    message = forbidden_message(attributes)
    if reason:
        message = f"{message}: {reason}"
    if not attributes.resource_request:
        return errors.forbidden_request(f"forbidden: {message}")
    subject = errors.qualified(attributes.resource, attributes.group)
    if attributes.name:
        subject = f'{subject} "{attributes.name}"'
    return errors.forbidden_request(f"{subject} is forbidden: {message}", attributes.resource,
                                    attributes.group, attributes.name)


def forbidden_message(attributes: Attributes) -> str:
    """forbiddenMessage: `User "jane" cannot list resource "pods" in API group "" in the
    namespace "default"` (or `at the cluster scope`, or `cannot get path "/metrics"`)."""
    who = f'User "{attributes.user.name}" cannot {attributes.verb}'
    if not attributes.resource_request:
        return f'{who} path "{attributes.path}"'
    resource = attributes.resource
    if attributes.subresource:
        resource = f"{resource}/{attributes.subresource}"
    text = f'{who} resource "{resource}" in API group "{attributes.group}"'
    if attributes.namespace:
        return f'{text} in the namespace "{attributes.namespace}"'
    return f"{text} at the cluster scope"
