"""Checkers for chapter 15's exercises: a namespace reader (RBAC), a CronTab (a custom
resource) reconciled by the chapter's controller, and an autoscaled Deployment (HPA).

A checker reads the learner's cluster through the public contract and changes nothing.
Permissions are asked the way an administrator asks them, `kubectl auth can-i … --as
<user>` (a SelfSubjectAccessReview: the authorizer's verdict, nothing is created), so
any correct set of Roles and bindings passes, however it is written. RBAC only ever
adds permissions (plugin/pkg/auth/authorizer/rbac/rbac.go): the bootstrap ClusterRole
`view` bound by a RoleBinding in `team-a` lets its subject read most kinds there —
not Secrets — and nothing in any other namespace.
"""

from __future__ import annotations

from ..api.errors import ApiError
from ..kubectl.errors import KubectlError
from .report import Report, get_or_none


def can_i(c, user: str, verb: str, resource: str, namespace: str) -> bool:
    """`kubectl auth can-i <verb> <resource> -n <namespace> --as <user>` said yes."""
    try:
        answer = c.kubectl(f"auth can-i {verb} {resource} -n {namespace} --as {user}")
    except (ApiError, KubectlError) as error:     # kubectl exits 1 on "no"
        answer = str(error)
    lines = answer.strip().splitlines()
    return bool(lines) and lines[-1].strip() == "yes"


def check_team_reader(c, user: str = "dev", namespace: str = "team-a") -> None:
    """Exercise 1: `dev` may read Pods, Deployments and Services in team-a, but not
    Secrets, not change anything, and not read other namespaces."""
    report = Report()
    report.check(get_or_none(c, "namespaces", namespace, None) is not None,
                 f'namespace "{namespace}" exists', f'no namespace "{namespace}" yet')
    for verb, resource in (("list", "pods"), ("get", "deployments.apps"), ("watch", "services")):
        report.check(can_i(c, user, verb, resource, namespace),
                     f"{user} may {verb} {resource} in {namespace}",
                     f"{user} may not {verb} {resource} in {namespace} yet")
    for verb, resource, namespace_, why in (
            ("get", "secrets", namespace, "a reader must not see passwords and tokens"),
            ("delete", "pods", namespace, "reading must not include changing"),
            ("list", "pods", "default", "the grant must stop at its namespace")):
        report.check(not can_i(c, user, verb, resource, namespace_),
                     f"{user} may not {verb} {resource} in {namespace_}",
                     f"{user} may {verb} {resource} in {namespace_}: {why}")
    report.show()


CRD = "crontabs.stable.example.com"


def check_crontab(c, name: str = "nightly", cron_spec: str = "0 3 * * *",
                  image: str = "backup:1.0", replicas: int = 2,
                  namespace: str = "default") -> None:
    """Exercise 2: a CronTab `nightly` (03:00 daily, backup:1.0, 2 replicas), and the
    CronJob the chapter's controller keeps for it (same name, owned by the CronTab)."""
    report = Report()
    crd = get_or_none(c, "customresourcedefinitions", CRD, None)
    established = any(cond.get("type") == "Established" and cond.get("status") == "True"
                      for cond in ((crd or {}).get("status") or {}).get("conditions") or [])
    if not report.check(established, f"the CRD {CRD} is established",
                        f"no established CRD {CRD}: apply §4's CRD first"):
        return report.show()
    crontab = get_or_none(c, "crontabs", name, namespace)
    if not report.check(crontab is not None, f'CronTab "{name}" exists',
                        f'no CronTab "{name}" in namespace "{namespace}" yet'):
        return report.show()
    spec = crontab.get("spec") or {}
    for field, want in (("cronSpec", cron_spec), ("image", image), ("replicas", replicas)):
        report.check(spec.get(field) == want, f"spec.{field} is {want!r}",
                     f"spec.{field} is {spec.get(field)!r}, want {want!r}")
    cronjob = get_or_none(c, "cronjobs", name, namespace)
    if not report.check(cronjob is not None, f'the controller made CronJob "{name}"',
                        f'no CronJob "{name}": is §4\'s CronTabController running?'):
        return report.show()
    owners = [ref.get("uid") for ref in cronjob["metadata"].get("ownerReferences") or []]
    report.check(crontab["metadata"]["uid"] in owners, "the CronJob is owned by the CronTab",
                 "the CronJob has no ownerReference to the CronTab: it was not made by the "
                 "controller")
    job = cronjob["spec"]["jobTemplate"]["spec"]
    got = (cronjob["spec"].get("schedule"), job["template"]["spec"]["containers"][0].get("image"),
           job.get("parallelism"))
    report.check(got == (cron_spec, image, replicas),
                 "its schedule, image and parallelism follow the CronTab",
                 f"its schedule, image and parallelism are {got}: the controller has not caught "
                 f"up (c.advance(1))")
    report.show()


def _hpa_for(c, kind: str, name: str, namespace: str) -> dict | None:
    for hpa in c.list("horizontalpodautoscalers", namespace=namespace):
        ref = hpa["spec"].get("scaleTargetRef") or {}
        if ref.get("kind") == kind and ref.get("name") == name:
            return hpa
    return None


def _cpu_target(hpa: dict) -> dict:
    for metric in hpa["spec"].get("metrics") or []:
        if metric.get("type") == "Resource" and metric["resource"].get("name") == "cpu":
            return metric["resource"].get("target") or {}
    return {}


def _condition(hpa: dict, type_: str) -> dict:
    for condition in (hpa.get("status") or {}).get("conditions") or []:
        if condition.get("type") == type_:
            return condition
    return {}


def check_web_autoscaled(c, name: str = "web", namespace: str = "default", min_replicas: int = 2,
                         max_replicas: int = 5, utilization: int = 60) -> None:
    """Exercise 3: an HPA keeps Deployment `web` at 60 % of its CPU request with 2-5
    replicas, and can compute (its Pods request CPU)."""
    report = Report()
    deployment = get_or_none(c, "deployments", name, namespace)
    if not report.check(deployment is not None, f'Deployment "{name}" exists',
                        f'no Deployment "{name}" in namespace "{namespace}"'):
        return report.show()
    containers = deployment["spec"]["template"]["spec"]["containers"]
    report.check(all(((ctr.get("resources") or {}).get("requests") or {}).get("cpu")
                     for ctr in containers),
                 "every container of its Pod template requests CPU",
                 "its Pod template requests no CPU: a Utilization target has nothing to divide by")
    hpa = _hpa_for(c, "Deployment", name, namespace)
    if not report.check(hpa is not None, f"a HorizontalPodAutoscaler targets Deployment/{name}",
                        f"no HorizontalPodAutoscaler targets Deployment/{name} yet"):
        return report.show()
    spec = hpa["spec"]
    report.check((spec.get("minReplicas"), spec.get("maxReplicas")) == (min_replicas, max_replicas),
                 f"it keeps {min_replicas} to {max_replicas} replicas",
                 f"its range is {spec.get('minReplicas')} to {spec.get('maxReplicas')}, want "
                 f"{min_replicas} to {max_replicas}")
    target = _cpu_target(hpa)
    value = target.get("averageUtilization", target.get("averageValue", target.get("value")))
    found = f"{target.get('type')} {value}" if target else "missing"
    report.check(target.get("type") == "Utilization" and value == utilization,
                 f"its target is {utilization} % of the CPU request",
                 f"its CPU target is {found}, want Utilization {utilization}")
    active = _condition(hpa, "ScalingActive")
    report.check(active.get("status") == "True",
                 "ScalingActive is True: the controller computes replica counts",
                 f"ScalingActive is {active.get('status', 'not reported yet')}"
                 + (f" ({active.get('reason')}: {active.get('message')})" if active else
                    ": give the controller 15 s (c.advance(30))"))
    replicas = deployment["spec"].get("replicas", 1)
    report.check(min_replicas <= replicas <= max_replicas,
                 f"the Deployment runs {replicas} replicas, within the range",
                 f"the Deployment asks for {replicas} replicas; the HPA will move it into "
                 f"{min_replicas}-{max_replicas} at its next look")
    report.show()
