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
from .resources import ResourceType

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


# -- as served: create-only kinds, listed in discovery, never stored ---------------------------
def _review(plural: str, kind: str, group: str) -> ResourceType:
    return ResourceType(plural, kind, group, "v1", False)


# What discovery lists for authentication.k8s.io/v1 and authorization.k8s.io/v1
# (pkg/registry/authentication/rest, pkg/registry/authorization/rest): the review kinds
# the model answers. Their only verb is create.
REVIEWS: tuple[ResourceType, ...] = (
    _review("selfsubjectreviews", "SelfSubjectReview", "authentication.k8s.io"),
    _review("selfsubjectaccessreviews", "SelfSubjectAccessReview", "authorization.k8s.io"),
    _review("selfsubjectrulesreviews", "SelfSubjectRulesReview", "authorization.k8s.io"),
)


def review_resource(group: str, version: str, plural: str) -> ResourceType | None:
    return next((r for r in REVIEWS
                 if (r.group, r.version, r.plural) == (group, version, plural)), None)


def create_review(server: "APIServer", resource: ResourceType, user: User,
                  impersonation: Impersonation | None, body: dict | None) -> dict:
    """POST of a review: the answer is the review with its status filled in; the spec
    of a SelfSubjectRulesReview names the namespace asked about."""
    spec = (body or {}).get("spec") or {}
    if resource.plural == "selfsubjectaccessreviews":
        return self_subject_access_review(server, user, impersonation, spec)
    if resource.plural == "selfsubjectrulesreviews":
        return self_subject_rules_review(server, user, impersonation, spec.get("namespace", ""))
    return self_subject_review(server, user, impersonation)
