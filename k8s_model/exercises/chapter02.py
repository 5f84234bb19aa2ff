"""Checkers for chapter 02's exercises: the cluster's parts, seen through the API.

Each checker reads the learner's cluster as kubectl does (`c.get`, `c.list`) or reads
the trace, the model's audit log of every API request, and prints one ✓ or ✗ line per
thing the exercise asks for. It changes nothing.

kubectl's ROLES column comes from labels only (upstream
pkg/printers/internalversion/printers.go, `findNodeRoles`): a label
`node-role.kubernetes.io/<role>` (any value) gives the role `<role>`, and so does the
older `kubernetes.io/role=<role>`. So `kubectl label node node-1 node-role.kubernetes.io/worker=` makes node-1's
ROLES read `worker`; nothing else about the node changes.
"""

from __future__ import annotations

from .report import Report, get_or_none as _get

ROLE_PREFIX = "node-role.kubernetes.io/"
CONTROL_PLANE_ROLE = ROLE_PREFIX + "control-plane"
WORKER_ROLE = ROLE_PREFIX + "worker"
LEGACY_ROLE = "kubernetes.io/role"


def _is_worker(labels: dict) -> bool:
    return WORKER_ROLE in labels or labels.get(LEGACY_ROLE) == "worker"


def _labels(obj: dict) -> dict:
    return obj.get("metadata", {}).get("labels") or {}


def check_worker_roles(c) -> None:
    """Exercise 1: every worker node shows ROLES `worker`; the control plane keeps its role."""
    report = Report()
    nodes = c.list("nodes")
    control = [n for n in nodes if CONTROL_PLANE_ROLE in _labels(n)]
    workers = [n for n in nodes if CONTROL_PLANE_ROLE not in _labels(n)]
    for node in control:
        name = node["metadata"]["name"]
        report.check(not _is_worker(_labels(node)),
                     f"{name} is the control plane and is not labelled as a worker",
                     f"{name} is the control plane: remove its worker label with "
                     f"kubectl label node {name} {WORKER_ROLE}-")
    for node in workers:
        name = node["metadata"]["name"]
        report.check(_is_worker(_labels(node)), f"{name} has ROLES worker",
                     f"{name} has no {WORKER_ROLE} label yet: "
                     f"kubectl label node {name} {WORKER_ROLE}=")
    report.show()


def _requests_for(c, resource: str, namespace: str | None, name: str, verb: str = "create"):
    return [r for r in c.trace if r.verb == verb and r.resource == resource
            and r.namespace == namespace and r.name == name]


def check_hello_pod(c, name: str = "hello", image: str = "nginx:1.27",
                    namespace: str = "default") -> None:
    """Exercise 2: a Pod sent to the API server, and its request found in the trace."""
    report = Report()
    pod = _get(c, "pods", name, namespace)
    where = f'Pod "{name}" in namespace "{namespace}"'
    if not report.check(pod is not None, f"{where} is stored (the API server accepted it)",
                        f"no {where} yet: kubectl run {name} --image={image}, or apply a "
                        f"manifest"):
        return report.show()
    images = [ctr.get("image") for ctr in pod["spec"].get("containers", [])]
    report.check(images == [image], f"it runs one container, image {image}",
                 f"its containers' images are {images}, want [{image!r}]")
    created = [r for r in _requests_for(c, "pods", namespace, name) if r.code == 201]
    if report.check(bool(created), "the trace holds the request that created it: "
                    + (f"{created[-1].client} -> {created[-1].target}: create pods "
                       f"{namespace}/{name} 201" if created else ""),
                    f"the trace has no successful create of pods {namespace}/{name}"):
        report.check(created[-1].client == "kubectl", "the request came from kubectl",
                     f"it was created by {created[-1].client}, not kubectl")
    report.show()
    node = pod["spec"].get("nodeName")
    phase = (pod.get("status") or {}).get("phase", "Pending")
    if not node:
        print("(note: spec.nodeName is empty: the scheduler has not bound it yet; "
              "advance the clock, c.advance(15), and look again)")
        return
    binds = [r.client for r in _requests_for(c, "pods/binding", namespace, name) if r.code == 201]
    by = f" by {binds[-1]}" if binds else ""
    print(f"(note: it was bound to node {node}{by}; its phase is {phase})")


def check_team_namespace(c, namespace: str = "team-a") -> None:
    """Exercise 3: a new Namespace, and what the controller manager made in it."""
    report = Report()
    ns = _get(c, "namespaces", namespace, None)
    if not report.check(ns is not None, f'Namespace "{namespace}" exists',
                        f'no Namespace "{namespace}" yet: kubectl create namespace {namespace}'
                        f" (or apply a manifest of kind Namespace)"):
        return report.show()
    for resource, name in (("serviceaccounts", "default"), ("configmaps", "kube-root-ca.crt")):
        obj = _get(c, resource, name, namespace)
        makers = sorted({r.client for r in _requests_for(c, resource, namespace, name)
                         if r.code == 201})
        who = f" by {', '.join(makers)}" if makers else ""
        report.check(obj is not None, f"{resource}/{name} was created in it{who}",
                     f"no {resource}/{name} in it yet: advance the clock (c.advance(1)) so "
                     f"the controller manager can react")
    report.show()
