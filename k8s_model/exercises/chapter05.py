"""Checkers for chapter 05's exercises: steer the kube-scheduler, and read its refusal.

Each checker reads the learner's cluster through the API server and prints one ✓ or ✗
line per thing the exercise asks for. Steering means *asking* the scheduler, not
bypassing it: a Pod with `spec.nodeName` written by hand never meets the scheduler
(the NodeName plugin only checks it), so exercise 1 wants a nodeSelector, and the
scheduler's own `selected-node` annotation proves that it chose.
"""

from __future__ import annotations

from ..scheduler.plugins.helper import tolerates
from .report import Report, get_or_none

SELECTED = "scheduler.k8s-model.io/selected-node"


def check_pod_on_ssd_node(c, pod: str = "fast", node: str = "node-2",
                          label: str = "disktype=ssd", namespace: str = "default") -> None:
    """Exercise 1: the scheduler puts Pod `fast` on node-2 because of a nodeSelector."""
    report = Report()
    key, _, value = label.partition("=")
    found_node = get_or_none(c, "nodes", node, None)
    labels = (found_node or {}).get("metadata", {}).get("labels") or {}
    report.check(labels.get(key) == value, f"Node {node} has the label {label}",
                 f"Node {node} has no label {label} yet (kubectl label nodes {node} {label})")
    found = get_or_none(c, "pods", pod, namespace)
    if not report.check(found is not None, f'Pod "{pod}" exists',
                        f'no Pod "{pod}" in namespace "{namespace}" yet'):
        return report.show()
    spec = found.get("spec", {})
    report.check((spec.get("nodeSelector") or {}).get(key) == value,
                 f"its spec.nodeSelector asks for {label}",
                 f"its nodeSelector is {spec.get('nodeSelector')}, want {{{key}: {value}}}")
    chosen = (found["metadata"].get("annotations") or {}).get(SELECTED)
    report.check(chosen == node and spec.get("nodeName") == node,
                 f"the scheduler chose {node} and bound the Pod there",
                 f"the scheduler's choice is {chosen!r}, nodeName {spec.get('nodeName')!r}: "
                 f"want {node}, chosen by the scheduler (not a hand-written nodeName)")
    report.show()


def check_tolerating_pod(c, pod: str = "batch", node: str = "node-1",
                         taint: str = "dedicated=batch:NoSchedule",
                         namespace: str = "default") -> None:
    """Exercise 2: node-1 is tainted, and Pod `batch` tolerates the taint and runs."""
    report = Report()
    head, _, effect = taint.partition(":")
    key, _, value = head.partition("=")
    wanted = {"key": key, "value": value, "effect": effect}
    found_node = get_or_none(c, "nodes", node, None)
    taints = (found_node or {}).get("spec", {}).get("taints") or []
    report.check(any(t.get("key") == key and t.get("effect") == effect
                     and (t.get("value") or "") == value for t in taints),
                 f"Node {node} has the taint {taint}",
                 f"Node {node}'s taints are {taints}: add {taint} (kubectl taint nodes)")
    found = get_or_none(c, "pods", pod, namespace)
    if not report.check(found is not None, f'Pod "{pod}" exists',
                        f'no Pod "{pod}" in namespace "{namespace}" yet'):
        return report.show()
    tolerations = found.get("spec", {}).get("tolerations") or []
    report.check(any(tolerates(t, wanted) for t in tolerations),
                 f"it tolerates {taint}",
                 f"none of its tolerations matches {taint}")
    bound = found.get("spec", {}).get("nodeName")
    report.check(bool(bound), f"it was scheduled (to {bound})",
                 "it is not bound to a node yet: advance the clock (c.advance(5))")
    report.show()


def check_unschedulable_pod(c, pod: str = "huge", namespace: str = "default") -> None:
    """Exercise 3: a Pod no node can fit stays Pending with a FailedScheduling event."""
    report = Report()
    found = get_or_none(c, "pods", pod, namespace)
    if not report.check(found is not None, f'Pod "{pod}" exists',
                        f'no Pod "{pod}" in namespace "{namespace}" yet'):
        return report.show()
    report.check(not found.get("spec", {}).get("nodeName")
                 and found.get("status", {}).get("phase") == "Pending",
                 "it is Pending, bound to no node",
                 f"it is bound to {found.get('spec', {}).get('nodeName')}: request more than "
                 f"any node can give")
    messages = [e.get("message", "") for e in c.list("events", namespace=namespace)
                if (e.get("involvedObject") or {}).get("name") == pod
                and e.get("reason") == "FailedScheduling"]
    if report.check(bool(messages), "the scheduler recorded a FailedScheduling event",
                    "no FailedScheduling event for it yet: advance the clock (c.advance(5))"):
        report.check("Insufficient" in messages[-1],
                     f"its message names the missing resource: {messages[-1].split('.')[0]}",
                     f"its message is {messages[-1]!r}: make the Pod too big (requests), "
                     f"not unplaceable for another reason")
    report.show()
