"""Checkers for chapter 08's exercises: a ReplicaSet, one Pod taken out of it, scaling, and
deleting the ReplicaSet but not its Pods.

Ownership is what the ReplicaSet controller and the garbage collector go by, so the
checkers read it the same way: a Pod belongs to the ReplicaSet whose uid its *controller*
ownerReference names; a Pod the ReplicaSet made still carries `generateName: frontend-`
after it was released or orphaned. The label selector only says which Pods the
ReplicaSet *may* own.
"""

from __future__ import annotations

from ..api.selectors import from_label_selector, from_set
from ..controllers.controller_utils import controller_ref, is_pod_ready
from ..runtime.images import ReferenceError, parse_reference
from .report import Report, get_or_none

ADVANCE = "advance the clock (c.advance(10))"


def _label(text: str) -> dict:
    key, _, value = text.partition("=")
    return {key: value}


def _made_by(c, name: str, namespace: str) -> list[dict]:
    """The Pods a ReplicaSet `name` created (generateName `<name>-`), by name."""
    return [p for p in c.list("pods", namespace)
            if p["metadata"].get("generateName") == f"{name}-"]


def _owned(pods: list[dict], rs: dict) -> list[dict]:
    uid = rs["metadata"]["uid"]
    return [p for p in pods if (controller_ref(p) or {}).get("uid") == uid
            and not p["metadata"].get("deletionTimestamp")]


def _is_image(image: str, repository: str) -> bool:
    try:
        return parse_reference(image).repository == parse_reference(repository).repository
    except ReferenceError:
        return False


def _replicaset(report: Report, c, name: str, namespace: str) -> dict | None:
    found = get_or_none(c, "replicasets", name, namespace)
    report.check(found is not None, f'ReplicaSet "{name}" exists',
                 f'no ReplicaSet "{name}" in namespace "{namespace}" yet')
    return found


def _all_ready(report: Report, rs: dict, replicas: int) -> None:
    ready = (rs.get("status") or {}).get("readyReplicas", 0)
    report.check(ready == replicas, f"{ready} of its Pods are ready (READY {ready})",
                 f"{ready} of its {replicas} Pods are ready: {ADVANCE}")


def check_frontend_replicaset(c, name: str = "frontend", replicas: int = 3,
                              label: str = "tier=frontend", image: str = "nginx",
                              namespace: str = "default") -> None:
    """Exercise 1: ReplicaSet `frontend`, 3 replicas of nginx, selecting tier=frontend."""
    report = Report()
    rs = _replicaset(report, c, name, namespace)
    if rs is None:
        return report.show()
    spec = rs.get("spec") or {}
    selector = from_label_selector(spec.get("selector"))
    report.check(selector.matches(_label(label)) and not selector.matches({}),
                 f"its selector ({selector}) selects Pods labelled {label}",
                 f"its selector ({selector}) should select the Pods labelled {label}")
    containers = ((spec.get("template") or {}).get("spec") or {}).get("containers") or []
    images = [ctr.get("image", "") for ctr in containers]
    report.check(any(_is_image(i, image) for i in images), f"its Pod template runs {image}",
                 f"its Pod template runs {', '.join(images)}: want {image}")
    report.check(spec.get("replicas") == replicas, f"it wants {replicas} replicas",
                 f"it wants {spec.get('replicas')} replicas: want {replicas}")
    _all_ready(report, rs, replicas)
    report.show()


def check_pod_taken_out(c, name: str = "frontend", namespace: str = "default") -> None:
    """Exercise 2: one of the ReplicaSet's Pods was released by relabelling (it keeps
    running, owned by nobody), and the ReplicaSet replaced it."""
    report = Report()
    rs = _replicaset(report, c, name, namespace)
    if rs is None:
        return report.show()
    selector = from_label_selector((rs.get("spec") or {}).get("selector"))
    made = _made_by(c, name, namespace)
    released = [p for p in made if controller_ref(p) is None
                and not selector.matches(p["metadata"].get("labels"))
                and not p["metadata"].get("deletionTimestamp")]
    if released:
        pod = released[0]
        labels = from_set(pod["metadata"].get("labels"))
        report.check(True, f"Pod {pod['metadata']['name']} is out: its labels ({labels}) "
                     f"no longer match {selector}, and it has no owner", "")
        phase = pod.get("status", {}).get("phase")
        report.check(phase == "Running", "it is still Running, for you to debug",
                     f"it is {phase}: the point was to keep it running")
    else:
        report.check(False, "", f"no Pod of {name} has left it yet: change a label of one so "
                     f"that {selector} no longer matches it (kubectl label pod … --overwrite)")
        return report.show()
    replicas = (rs.get("spec") or {}).get("replicas", 1)
    owned = _owned(made, rs)
    report.check(len(owned) == replicas,
                 f"the ReplicaSet owns {len(owned)} Pods: it replaced the one that left",
                 f"the ReplicaSet owns {len(owned)} Pods, wants {replicas}: {ADVANCE}")
    _all_ready(report, rs, replicas)
    report.show()


def check_scaled(c, name: str = "frontend", replicas: int = 5,
                 namespace: str = "default") -> None:
    """Exercise 3: the ReplicaSet scaled to 5, and 5 Pods it owns are ready."""
    report = Report()
    rs = _replicaset(report, c, name, namespace)
    if rs is None:
        return report.show()
    wanted = (rs.get("spec") or {}).get("replicas")
    report.check(wanted == replicas, f"spec.replicas is {replicas}",
                 f"spec.replicas is {wanted}: kubectl scale rs {name} --replicas={replicas}")
    owned = _owned(_made_by(c, name, namespace), rs)
    ready = [p for p in owned if is_pod_ready(p)]
    report.check(len(ready) == replicas, f"{replicas} Pods it owns are ready",
                 f"{len(ready)} Pods it owns are ready, want {replicas}: {ADVANCE}")
    report.show()


def check_deleted_keeping_pods(c, name: str = "frontend", label: str = "tier=frontend",
                               namespace: str = "default") -> None:
    """Exercise 4: the ReplicaSet is gone; the Pods it ran (still labelled tier=frontend)
    are running on, orphans."""
    report = Report()
    rs = get_or_none(c, "replicasets", name, namespace)
    selector = from_set(_label(label))
    left = [p for p in _made_by(c, name, namespace)
            if selector.matches(p["metadata"].get("labels"))]
    if rs is None and not left:
        report.check(False, "", f'no ReplicaSet "{name}" and no Pods it made are left: create '
                     f"it (exercise 1); a plain kubectl delete takes its Pods along, "
                     f"--cascade=orphan leaves them")
        return report.show()
    report.check(rs is None, f'ReplicaSet "{name}" is deleted',
                 f'ReplicaSet "{name}" still exists: delete it, but not its Pods')
    alive = [p for p in left if not p["metadata"].get("deletionTimestamp")]
    report.check(bool(alive) and len(alive) == len(left),
                 f"its {len(alive)} Pods labelled {label} are still there, none being deleted",
                 f"{len(left) - len(alive)} of its {len(left)} Pods labelled {label} are being "
                 f"deleted: the deletion cascaded (--cascade=orphan leaves them)")
    owners = sorted({ref.get("name", "") for p in alive
                     for ref in p["metadata"].get("ownerReferences") or []})
    report.check(not owners, "no ownerReference names an owner: they are orphans",
                 f"they are still owned by {', '.join(owners)}")
    report.show()
