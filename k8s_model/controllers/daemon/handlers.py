"""Which DaemonSets an event wakes (the event handlers of daemon_controller.go).

Handlers only queue DaemonSet keys and count what was observed:
* a DaemonSet added, changed or deleted → its own key (a deleted one also drops its
  expectations, so a new DaemonSet of the same name starts clean);
* a Pod → its controller (counting the creation or deletion it expected); an orphan →
  every DaemonSet whose selector matches it, which may adopt it. A Pod that becomes
  ready is looked at again after minReadySeconds (+1 s) to count it available;
* a ControllerRevision → its controller, or for an orphan those that may adopt it;
* a Node added → every DaemonSet that should run there; a Node changed → those for which
  shouldRun or shouldContinueRunning changed. A heartbeat that only moves condition
  timestamps is ignored (shouldIgnoreNodeUpdate).
"""

from __future__ import annotations

import copy

from ..base import key_of
from ..controller_utils import controller_ref, is_pod_ready, pod_key
from .placement import node_should_run_daemon_pod


def register(dsc) -> None:
    dsc.sets.add_handler(lambda t, ds, old: on_daemon_set(dsc, t, ds, old))
    dsc.pods.add_handler(lambda t, pod, old: on_pod(dsc, t, pod, old))
    dsc.revisions.add_handler(lambda t, cr, old: on_revision(dsc, t, cr, old))
    dsc.nodes.add_handler(lambda t, node, old: on_node(dsc, t, node, old))


def resolve_controller_ref(dsc, namespace: str, ref: dict) -> dict | None:
    if ref.get("kind") != dsc.kind:
        return None
    ds = dsc.sets.get(f"{namespace}/{ref.get('name')}")
    return ds if ds is not None and ds["metadata"]["uid"] == ref.get("uid") else None


def selecting(dsc, obj: dict) -> list[dict]:
    """GetPodDaemonSets / GetHistoryDaemonSets: the namespace's DaemonSets whose
    (non-empty) selector matches the object's labels."""
    labels = obj["metadata"].get("labels")
    if not labels:
        return []
    return [ds for ds in dsc.sets.list(obj["metadata"].get("namespace"))
            if not dsc.selector(ds).empty and dsc.selector(ds).matches(labels)]


def on_daemon_set(dsc, type_: str, ds: dict, old: dict | None) -> None:
    if type_ == "DELETED" or (old is not None and old["metadata"]["uid"] != ds["metadata"]["uid"]):
        dsc.expectations.delete_expectations(key_of(ds))
    dsc.enqueue(key_of(ds))


def _owner_changed(dsc, obj: dict, old: dict | None) -> None:
    """A changed controllerRef: the old controller syncs too."""
    old_ref = controller_ref(old) if old else None
    if old_ref is not None and old_ref != controller_ref(obj):
        ds = resolve_controller_ref(dsc, old["metadata"]["namespace"], old_ref)
        if ds is not None:
            dsc.enqueue(key_of(ds))


def on_pod(dsc, type_: str, pod: dict, old: dict | None) -> None:
    if type_ == "DELETED":
        delete_pod(dsc, pod)
    elif type_ == "ADDED" or old is None:
        add_pod(dsc, pod)
    else:
        update_pod(dsc, old, pod)


def add_pod(dsc, pod: dict) -> None:
    if pod["metadata"].get("deletionTimestamp"):
        delete_pod(dsc, pod)   # seen first while already being deleted
        return
    ref = controller_ref(pod)
    if ref is None:
        for ds in selecting(dsc, pod):   # an orphan: does anyone want to adopt it?
            dsc.enqueue(key_of(ds))
        return
    ds = resolve_controller_ref(dsc, pod["metadata"]["namespace"], ref)
    if ds is not None:
        dsc.expectations.creation_observed(key_of(ds))
        dsc.enqueue(key_of(ds))


def update_pod(dsc, old: dict, cur: dict) -> None:
    if cur["metadata"].get("resourceVersion") == old["metadata"].get("resourceVersion"):
        return
    if cur["metadata"].get("deletionTimestamp"):
        delete_pod(dsc, cur)   # graceful deletion started: replace it now
        return
    _owner_changed(dsc, cur, old)
    ref = controller_ref(cur)
    if ref is not None:
        ds = resolve_controller_ref(dsc, cur["metadata"]["namespace"], ref)
        if ds is None:
            return
        dsc.enqueue(key_of(ds))
        min_ready = ds["spec"].get("minReadySeconds", 0)
        if not is_pod_ready(old) and is_pod_ready(cur) and min_ready > 0:
            dsc.enqueue(key_of(ds), after=min_ready + 1)   # +1 s for clock skew
        return
    if cur["metadata"].get("labels") != old["metadata"].get("labels") or controller_ref(old):
        for ds in selecting(dsc, cur):
            dsc.enqueue(key_of(ds))


def delete_pod(dsc, pod: dict) -> None:
    ref = controller_ref(pod)
    ds = ref and resolve_controller_ref(dsc, pod["metadata"]["namespace"], ref)
    if ds:
        dsc.expectations.deletion_observed(key_of(ds), pod_key(pod))
        dsc.enqueue(key_of(ds))


def on_revision(dsc, type_: str, cr: dict, old: dict | None) -> None:
    if old is not None and type_ != "DELETED" and \
            old["metadata"].get("resourceVersion") == cr["metadata"].get("resourceVersion"):
        return
    _owner_changed(dsc, cr, old)
    ref = controller_ref(cr)
    if ref is not None:
        ds = resolve_controller_ref(dsc, cr["metadata"]["namespace"], ref)
        # A revision appearing is the controller's own doing: no sync needed for it.
        if ds is not None and (type_ != "ADDED" or cr["metadata"].get("deletionTimestamp")):
            dsc.enqueue(key_of(ds))
        return
    if type_ != "DELETED":
        for ds in selecting(dsc, cr):
            dsc.enqueue(key_of(ds))


def _true_conditions(node: dict) -> set[str]:
    return {c.get("type") for c in (node.get("status") or {}).get("conditions") or []
            if c.get("status") == "True"}


def should_ignore_node_update(old: dict, cur: dict) -> bool:
    """Same true conditions, and equal apart from conditions and resourceVersion."""
    if _true_conditions(old) != _true_conditions(cur):
        return False
    a, b = copy.deepcopy(old), copy.deepcopy(cur)
    for node in (a, b):
        node["metadata"].pop("resourceVersion", None)
        (node.get("status") or {}).pop("conditions", None)
    return a == b


def on_node(dsc, type_: str, node: dict, old: dict | None) -> None:
    if type_ == "DELETED":
        return   # the pod GC removes Pods of a deleted node; nothing to create
    if old is None:
        for ds in dsc.sets.list():
            if node_should_run_daemon_pod(node, ds)[0]:
                dsc.enqueue(key_of(ds))
        return
    if should_ignore_node_update(old, node):
        return
    for ds in dsc.sets.list():
        if node_should_run_daemon_pod(old, ds) != node_should_run_daemon_pod(node, ds):
            dsc.enqueue(key_of(ds))
