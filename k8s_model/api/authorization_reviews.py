"""The review APIs a user asks about themselves: SelfSubjectAccessReview and
SelfSubjectRulesReview (authorization.k8s.io, pkg/registry/authorization/...) and
SelfSubjectReview (authentication.k8s.io, pkg/registry/authentication/selfsubjectreview).

They are create-only and stored nowhere: the server answers from its authorizer about
the requesting user (after impersonation — `kubectl auth can-i --as jane` asks about
jane). Every authenticated user may create them (the system:basic-user ClusterRole).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .authz import PRIVILEGED_GROUP, COMPONENT_PREFIXES, Attributes, User, forbidden
from .impersonation import Impersonation, impersonate
from .rbac import aggregate

if TYPE_CHECKING:
    from .server import APIServer

# privilegedGroupAuthorizer.RulesFor: everything.
EVERYTHING = ([{"verbs": ["*"], "apiGroups": ["*"], "resources": ["*"]}],
              [{"verbs": ["*"], "nonResourceURLs": ["*"]}])


def _requester(server: "APIServer", user: User, impersonation: Impersonation | None,
               group: str, resource: str) -> User:
    """Impersonation, then the authorization of the create itself."""
    if impersonation is not None:
        user = impersonate(server.authorizer, user, impersonation)
    attributes = Attributes(user, "create", group, resource)
    allowed, reason = server.authorizer.decide(attributes)
    if not allowed:
        raise forbidden(attributes, reason)
    return user


def self_subject_access_review(server: "APIServer", user: User,
                               impersonation: Impersonation | None, spec: dict) -> dict:
    """May I? `spec` has resourceAttributes (verb, group, resource, subresource,
    namespace, name) or nonResourceAttributes (verb, path)."""
    user = _requester(server, user, impersonation, "authorization.k8s.io",
                      "selfsubjectaccessreviews")
    if "nonResourceAttributes" in spec:
        asked = spec["nonResourceAttributes"]
        attributes = Attributes(user, asked.get("verb", ""), path=asked.get("path", "/"))
    else:
        asked = spec.get("resourceAttributes") or {}
        attributes = Attributes(user, asked.get("verb", ""), asked.get("group", ""),
                                asked.get("resource", ""), asked.get("subresource", ""),
                                asked.get("namespace", ""), asked.get("name", ""))
    allowed, reason = server.authorizer.decide(attributes)
    status: dict = {"allowed": allowed}
    if reason:
        status["reason"] = reason
    return {"kind": "SelfSubjectAccessReview", "apiVersion": "authorization.k8s.io/v1",
            "metadata": {}, "spec": spec, "status": status}


def self_subject_rules_review(server: "APIServer", user: User,
                              impersonation: Impersonation | None, namespace: str) -> dict:
    """What may I do in `namespace`? The union of every authorizer's RulesFor: everything
    for system:masters (and the model's components), RBAC's rules otherwise, each rule
    split into its resource and non-resource halves."""
    user = _requester(server, user, impersonation, "authorization.k8s.io",
                      "selfsubjectrulesreviews")
    status: dict = {"resourceRules": [], "nonResourceRules": [], "incomplete": False}
    if PRIVILEGED_GROUP in user.groups or user.name.startswith(COMPONENT_PREFIXES):
        status["resourceRules"], status["nonResourceRules"] = (list(r) for r in EVERYTHING)
    rules, problems = server.authorizer.rbac.rules_for(user, namespace)
    for rule in rules:
        if rule.get("resources"):
            status["resourceRules"].append({k: rule[k] for k in ("verbs", "apiGroups", "resources",
                                                                 "resourceNames") if rule.get(k)})
        if rule.get("nonResourceURLs"):
            status["nonResourceRules"].append({"verbs": rule.get("verbs") or [],
                                               "nonResourceURLs": rule["nonResourceURLs"]})
    if problems:   # RBAC reports the errors but calls its list complete
        status["evaluationError"] = aggregate(problems)
    return {"kind": "SelfSubjectRulesReview", "apiVersion": "authorization.k8s.io/v1",
            "metadata": {}, "spec": {"namespace": namespace} if namespace else {},
            "status": status}


def self_subject_review(server: "APIServer", user: User,
                        impersonation: Impersonation | None) -> dict:
    """Who am I? The user the request was authenticated (or impersonated) as."""
    user = _requester(server, user, impersonation, "authentication.k8s.io", "selfsubjectreviews")
    info: dict = {"username": user.name}
    if user.uid:
        info["uid"] = user.uid
    if user.groups:
        info["groups"] = list(user.groups)
    return {"kind": "SelfSubjectReview", "apiVersion": "authentication.k8s.io/v1",
            "metadata": {}, "status": {"userInfo": info}}
