"""Checkers for chapter 09's exercises: a rollout without surge, two changes in one
revision, a rollback to the first revision, and a Recreate Deployment.

A Deployment's history lives in its ReplicaSets, so the checkers read it as
`kubectl rollout history` does: the ReplicaSets whose controller ownerReference names the
Deployment, each with its `deployment.kubernetes.io/revision`. A rollout is done when
`kubectl rollout status` would say "successfully rolled out" (upstream
DeploymentStatusViewer): the controller has seen the latest spec, and every replica is
updated and available with no old Pod left.
"""

from __future__ import annotations

from ..controllers.controller_utils import controller_ref
from ..controllers.deployment.util import max_surge, max_unavailable
from ..runtime.images import ReferenceError, parse_reference
from .report import Report, get_or_none

ADVANCE = "advance the clock (c.advance(30))"
REVISION = "deployment.kubernetes.io/revision"
MAX_REPLICAS = "deployment.kubernetes.io/max-replicas"


def _same_image(image: str, wanted: str) -> bool:
    try:
        return parse_reference(image) == parse_reference(wanted)
    except ReferenceError:
        return False


def _containers(template: dict) -> list[dict]:
    return ((template or {}).get("spec") or {}).get("containers") or []


def _images(template: dict) -> list[str]:
    return [ctr.get("image", "") for ctr in _containers(template)]


def _cpu_requests(template: dict) -> list[str]:
    return [str(((ctr.get("resources") or {}).get("requests") or {}).get("cpu", ""))
            for ctr in _containers(template)]


def _revision(obj: dict) -> int:
    try:
        return int((obj["metadata"].get("annotations") or {}).get(REVISION, "0"))
    except ValueError:
        return 0


def _deployment(report: Report, c, name: str, namespace: str) -> dict | None:
    found = get_or_none(c, "deployments", name, namespace)
    report.check(found is not None, f'Deployment "{name}" exists',
                 f'no Deployment "{name}" in namespace "{namespace}" yet')
    return found


def _replica_sets(c, d: dict) -> list[dict]:
    """The Deployment's ReplicaSets (its revisions), oldest revision first."""
    uid = d["metadata"]["uid"]
    sets = [rs for rs in c.list("replicasets", d["metadata"]["namespace"])
            if (controller_ref(rs) or {}).get("uid") == uid]
    return sorted(sets, key=_revision)


def _current(c, d: dict) -> dict | None:
    """The ReplicaSet of the Deployment's current revision."""
    revision = _revision(d)
    return next((rs for rs in _replica_sets(c, d) if _revision(rs) == revision), None)


def _rolled_out(report: Report, d: dict) -> None:
    """What `kubectl rollout status` checks before it says "successfully rolled out"."""
    spec, status = d.get("spec") or {}, d.get("status") or {}
    name, wanted = d["metadata"]["name"], spec.get("replicas", 1)
    if spec.get("paused"):
        report.check(False, "", f"{name} is paused: kubectl rollout resume deployment/{name}")
        return
    seen = status.get("observedGeneration", 0) >= d["metadata"].get("generation", 0)
    updated, total = status.get("updatedReplicas", 0), status.get("replicas", 0)
    available = status.get("availableReplicas", 0)
    done = seen and updated == wanted == total == available
    report.check(done, f"the rollout is complete: {wanted} of {wanted} Pods updated and available",
                 f"the rollout is not complete ({updated} of {wanted} updated, {available} "
                 f"available, {total} in all): {ADVANCE}, or see kubectl rollout status "
                 f"deployment/{name}")


def check_no_surge_rollout(c, name: str = "web", image: str = "nginx:1.29",
                           namespace: str = "default") -> None:
    """Exercise 1: rolled out to nginx:1.29 with maxSurge 0 and maxUnavailable 1."""
    report = Report()
    d = _deployment(report, c, name, namespace)
    if d is None:
        return report.show()
    spec = d.get("spec") or {}
    strategy = (spec.get("strategy") or {}).get("type")
    rolling = (spec.get("strategy") or {}).get("rollingUpdate") or {}
    surge, unavailable = max_surge(d), max_unavailable(d)
    report.check(strategy == "RollingUpdate" and surge == 0 and unavailable == 1,
                 "its strategy is RollingUpdate with maxSurge 0 and maxUnavailable 1",
                 f"its strategy is {strategy} with maxSurge {rolling.get('maxSurge')} and "
                 f"maxUnavailable {rolling.get('maxUnavailable')} ({surge} and {unavailable} of "
                 f"{spec.get('replicas', 1)} replicas): want 0 and 1")
    images = _images(spec.get("template") or {})
    if not report.check(any(_same_image(i, image) for i in images),
                        f"its Pod template runs {image}",
                        f"its Pod template runs {', '.join(images)}: want {image}"):
        return report.show()
    new = _current(c, d)
    if new is not None:
        ceiling = (new["metadata"].get("annotations") or {}).get(MAX_REPLICAS)
        report.check(ceiling == str(spec.get("replicas", 1)),
                     f"its ReplicaSet {new['metadata']['name']} was scaled with at most {ceiling} "
                     "Pods in all (no surge)",
                     f"its ReplicaSet {new['metadata']['name']} was last scaled with up to "
                     f"{ceiling} Pods in all: set maxSurge 0 before changing the image")
    _rolled_out(report, d)
    report.show()


def check_one_revision_for_two_changes(c, name: str = "web", image: str = "nginx:1.29-alpine",
                                       cpu: str = "250m", namespace: str = "default") -> None:
    """Exercise 2: the image and a CPU request changed in one revision (pause, change,
    resume — or one apply of a file with both changes)."""
    report = Report()
    d = _deployment(report, c, name, namespace)
    if d is None:
        return report.show()
    template = (d.get("spec") or {}).get("template") or {}
    has_image = any(_same_image(i, image) for i in _images(template))
    has_cpu = cpu in _cpu_requests(template)
    report.check(has_image, f"its Pod template runs {image}",
                 f"its Pod template runs {', '.join(_images(template))}: want {image}")
    report.check(has_cpu, f"its container requests {cpu} CPU",
                 f"its container requests {', '.join(_cpu_requests(template)) or 'no'} CPU: "
                 f"want {cpu}")
    if not (has_image and has_cpu):
        return report.show()
    halfway = [rs for rs in _replica_sets(c, d)
               if any(_same_image(i, image) for i in _images(rs["spec"].get("template") or {}))
               != (cpu in _cpu_requests(rs["spec"].get("template") or {}))]
    names = ", ".join(f"{rs['metadata']['name']} (revision {_revision(rs)})" for rs in halfway)
    report.check(not halfway, f"both changes came in one revision ({_revision(d)})",
                 f"{names} made only one of the two changes: each template change is a "
                 "revision (kubectl rollout pause first, resume after)")
    _rolled_out(report, d)
    report.show()


def check_rolled_back_to_first(c, name: str = "web", image: str = "nginx:1.27",
                               namespace: str = "default") -> None:
    """Exercise 3: revision 1's template (nginx:1.27, no CPU request) is back, as the newest
    revision, run by the very first ReplicaSet."""
    report = Report()
    d = _deployment(report, c, name, namespace)
    if d is None:
        return report.show()
    sets = _replica_sets(c, d)
    revisions = [_revision(rs) for rs in sets]
    first = min(sets, key=lambda rs: rs["metadata"].get("creationTimestamp", ""), default=None)
    if not report.check(
            first is not None and _revision(first) == _revision(d) and len(sets) > 1
            and 1 not in revisions,
            f"the first ReplicaSet ({(first or {}).get('metadata', {}).get('name')}) runs again, "
            f"as revision {_revision(d)}, the newest; revision 1 is gone from the history",
            f"the history is {revisions} and the current revision is {_revision(d)}: roll back "
            "to revision 1 (after exercises 1 and 2)"):
        return report.show()
    template = (d.get("spec") or {}).get("template") or {}
    images = _images(template)
    report.check(any(_same_image(i, image) for i in images) and not any(_cpu_requests(template)),
                 f"its Pod template is the first one again: {image}, no CPU request",
                 f"its Pod template runs {', '.join(images)} with CPU request "
                 f"{', '.join(_cpu_requests(template)) or 'none'}: want revision 1's")
    _rolled_out(report, d)
    report.show()


def check_recreate_deployment(c, name: str = "db", replicas: int = 2, old: str = "redis:7",
                              image: str = "redis:8", namespace: str = "default") -> None:
    """Exercise 4: Deployment db, 2 × redis, strategy Recreate, updated from redis:7 to redis:8."""
    report = Report()
    d = _deployment(report, c, name, namespace)
    if d is None:
        return report.show()
    spec = d.get("spec") or {}
    strategy = (spec.get("strategy") or {}).get("type")
    report.check(strategy == "Recreate", "its strategy is Recreate: old Pods go before new ones",
                 f"its strategy is {strategy}: want Recreate")
    report.check(spec.get("replicas") == replicas, f"it wants {replicas} replicas",
                 f"it wants {spec.get('replicas')} replicas: want {replicas}")
    images = _images(spec.get("template") or {})
    report.check(any(_same_image(i, image) for i in images), f"its Pod template runs {image}",
                 f"its Pod template runs {', '.join(images)}: want {image} (after {old})")
    before = [rs for rs in _replica_sets(c, d) if _revision(rs) != _revision(d)
              and any(_same_image(i, old) for i in _images(rs["spec"].get("template") or {}))]
    report.check(bool(before), f"it was updated from {old} (revision {_revision(before[-1])})"
                 if before else "",
                 f"no earlier revision of {name} ran {old}: create it with {old}, then update "
                 f"it to {image}")
    _rolled_out(report, d)
    report.show()
