"""Impersonation: `kubectl --as=jane`
(staging/src/k8s.io/apiserver/pkg/endpoints/filters/impersonation.go).

kubectl sends its own credentials plus `Impersonate-User` / `Impersonate-Group` /
`Impersonate-Uid` headers. Before anything else, the API server's filter asks the
authorizer whether the *real* user may `impersonate` each thing named — resource `users`,
`groups`, `serviceaccounts` (for `system:serviceaccount:<ns>:<name>`) or
`uids.authentication.k8s.io` — and only then serves the request as the impersonated user.
An administrator bound to cluster-admin may; jane, without such a rule, gets
`users "bob" is forbidden: User "jane" cannot impersonate resource "users" in API group ""
at the cluster scope`.

The impersonated user's groups are those asked for; a ServiceAccount without any gets its
fixed ones (system:serviceaccounts, system:serviceaccounts:<ns>); everyone but
system:anonymous also gets system:authenticated.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .authz import SERVICE_ACCOUNT_PREFIX, Attributes, User, forbidden

if TYPE_CHECKING:
    from .authz import Authorizer

ANONYMOUS = "system:anonymous"
AUTHENTICATED, UNAUTHENTICATED = "system:authenticated", "system:unauthenticated"


@dataclass(frozen=True)
class Impersonation:
    """The Impersonate-* headers of one request."""

    user: str
    groups: tuple[str, ...] = ()
    uid: str = ""


def split_service_account(username: str) -> tuple[str, str] | None:
    """serviceaccount.SplitUsername: (namespace, name), or None for any other user."""
    if not username.startswith(SERVICE_ACCOUNT_PREFIX):
        return None
    parts = username[len(SERVICE_ACCOUNT_PREFIX):].split(":")
    if len(parts) != 2 or not all(parts):
        return None
    return parts[0], parts[1]


def impersonate(authorizer: "Authorizer", requester: User, wanted: Impersonation) -> User:
    """WithImpersonation: authorize every header, then build the user the request runs as."""
    checks = []
    groups: list[str] = []
    account = split_service_account(wanted.user)
    if account is not None:
        namespace, name = account
        checks.append(Attributes(requester, "impersonate", "", "serviceaccounts",
                                 namespace=namespace, name=name))
        if not wanted.groups:
            groups = ["system:serviceaccounts", f"system:serviceaccounts:{namespace}"]
    else:
        checks.append(Attributes(requester, "impersonate", "", "users", name=wanted.user))
    for group in wanted.groups:
        checks.append(Attributes(requester, "impersonate", "", "groups", name=group))
        groups.append(group)
    if wanted.uid:
        checks.append(Attributes(requester, "impersonate", "authentication.k8s.io", "uids",
                                 name=wanted.uid))
    for attributes in checks:
        allowed, reason = authorizer.decide(attributes)
        if not allowed:
            raise forbidden(attributes, reason)
    if wanted.user == ANONYMOUS:
        if UNAUTHENTICATED not in groups:
            groups.append(UNAUTHENTICATED)
    elif AUTHENTICATED not in groups and UNAUTHENTICATED not in groups:
        groups.append(AUTHENTICATED)
    return User(wanted.user, tuple(groups), wanted.uid)
