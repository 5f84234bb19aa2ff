"""Checkers for chapter 03's exercises: a manifest the API server accepts, and RBAC.

A checker reads the learner's cluster through the API server (`c.get`, `c.list`,
`c.kubectl`) and prints one ✓ or ✗ line per thing the exercise asks for. It changes
nothing: the one request it sends as another user is a read (`get pods --as jane`).

RBAC grants are additive and name verbs exactly (upstream
plugin/pkg/auth/authorizer/rbac/rbac.go, `RuleAllows`): a Role with rules
`[{apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "watch"]}]`, bound to
User jane by a RoleBinding in `default`, lets jane read Pods in `default` and nothing
else — `delete` is refused, and so is any other namespace.
"""

from __future__ import annotations

from ..api.errors import ApiError
from ..kubectl.errors import KubectlError
from .report import Report, get_or_none as _get

READ_VERBS = {"get", "list", "watch"}


def check_fixed_deployment(c, name: str = "api", replicas: int = 2, image: str = "nginx:1.27",
                           namespace: str = "default") -> None:
    """Exercise 1: the broken manifest, fixed so that the API server stores it."""
    report = Report()
    deployment = _get(c, "deployments", name, namespace)
    where = f'Deployment "{name}" in namespace "{namespace}"'
    if not report.check(deployment is not None,
                        f"{where} is stored: it passed decoding and validation",
                        f"no {where} yet: fix the manifest until kubectl apply accepts it"):
        return report.show()
    spec = deployment["spec"]
    report.check(spec.get("replicas") == replicas, f"spec.replicas is {replicas}",
                 f"spec.replicas is {spec.get('replicas')}, want {replicas} (was the field "
                 f"name right?)")
    containers = spec.get("template", {}).get("spec", {}).get("containers", [])
    images = [ctr.get("image") for ctr in containers]
    report.check(images == [image], f"its Pod template runs image {image}",
                 f"its Pod template's images are {images}, want [{image!r}]")
    strategy = spec.get("strategy", {}).get("type")
    report.check(strategy == "RollingUpdate",
                 "the API server filled in the default strategy RollingUpdate",
                 f"spec.strategy.type is {strategy!r}: leave it out and let the API server "
                 f"default it")
    report.show()


def _verbs_on_pods(role: dict) -> set[str]:
    verbs: set[str] = set()
    for rule in role.get("rules") or []:
        if "" in rule.get("apiGroups", []) and "pods" in rule.get("resources", []):
            verbs |= set(rule.get("verbs", []))
    return verbs


def check_pod_reader(c, user: str = "jane", role: str = "pod-reader",
                     binding: str = "read-pods", namespace: str = "default") -> None:
    """Exercise 2: user jane may read Pods in `default`, and do nothing more."""
    report = Report()
    found = _get(c, "roles", role, namespace)
    if report.check(found is not None, f'Role "{role}" exists in namespace "{namespace}"',
                    f'no Role "{role}" in namespace "{namespace}" yet'):
        verbs = _verbs_on_pods(found)
        report.check(READ_VERBS <= verbs or "*" in verbs,
                     "it allows get, list and watch on pods",
                     f"its verbs on pods are {sorted(verbs)}, want get, list and watch")
        extra = sorted(verbs - READ_VERBS)
        report.check(not extra, "it allows nothing but reading (least privilege)",
                     f"it also allows {extra}: a reader needs only get, list and watch")
    bound = _get(c, "rolebindings", binding, namespace)
    if report.check(bound is not None, f'RoleBinding "{binding}" exists',
                    f'no RoleBinding "{binding}" in namespace "{namespace}" yet'):
        ref = bound.get("roleRef", {})
        report.check(ref.get("kind") == "Role" and ref.get("name") == role,
                     f"it refers to Role {role}",
                     f"its roleRef is {ref.get('kind')} {ref.get('name')}, want Role {role}")
        subjects = [(s.get("kind"), s.get("name")) for s in bound.get("subjects") or []]
        report.check(("User", user) in subjects, f"it binds User {user}",
                     f"its subjects are {subjects}, want ('User', {user!r})")
    try:
        c.kubectl(f"get pods -n {namespace} --as {user}")
        allowed, message = True, ""
    except (ApiError, KubectlError) as error:
        allowed, message = False, str(error)
    report.check(allowed, f"kubectl get pods --as {user} is allowed",
                 f"kubectl get pods --as {user} is refused: {message}")
    report.show()
