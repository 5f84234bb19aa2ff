"""Rolling updates of a DaemonSet (pkg/controller/daemon/update.go: rollingUpdate).

RollingUpdate, maxSurge 0 (the default): delete old Pods while fewer than maxUnavailable
(default 1; a percentage of the desired nodes, rounded up) nodes are unavailable; the
main loop then creates the new Pod on the emptied node once the old one is gone. An old
Pod that is not available anyway is replaced at once. With 3 nodes and maxUnavailable 1
the nodes are updated one at a time, each waiting for the previous new Pod to be ready.

RollingUpdate with maxSurge > 0 (maxUnavailable must then be 0): start the new Pod next
to the old one on up to maxSurge nodes, and delete the old Pod when the new one is
available. OnDelete: nothing here; a Pod is replaced only after someone deletes it.
"""

from __future__ import annotations

from ..controller_utils import is_pod_available, is_pod_ready
from .placement import node_should_run_daemon_pod
from .util import (REVISION_HASH_LABEL, get_template_generation, is_pod_updated,
                   surge_count, unavailable_count)


def find_updated_pods_on_node(ds: dict, pods: list[dict], hash_: str):
    """(new, old, ok): at most one live Pod of each kind, else ok is False."""
    new = old = None
    generation = get_template_generation(ds)
    for pod in pods:
        if pod["metadata"].get("deletionTimestamp"):
            continue
        if is_pod_updated(pod, hash_, generation):
            if new is not None:
                return None, None, False
            new = pod
        else:
            if old is not None:
                return None, None, False
            old = pod
    return new, old, True


def updated_desired_node_counts(dsc, ds: dict, nodes: list[dict], node_to_pods: dict):
    """(maxSurge, maxUnavailable, desired); nodes that should run but have no Pod get an
    empty entry."""
    desired = 0
    for node in nodes:
        if node_should_run_daemon_pod(node, ds)[0]:
            desired += 1
            node_to_pods.setdefault(node["metadata"]["name"], [])
    max_unavailable, max_surge = unavailable_count(ds, desired), surge_count(ds, desired)
    if desired > 0 and max_unavailable == 0 and max_surge == 0:
        max_unavailable = 1   # an impossible configuration: accept unavailability
    return max_surge, max_unavailable, desired


def rolling_update(dsc, ds: dict, nodes: list[dict], hash_: str) -> None:
    node_to_pods = dict(dsc.get_nodes_to_daemon_pods(ds) or {})
    max_surge, max_unavailable, desired = updated_desired_node_counts(dsc, ds, nodes,
                                                                      node_to_pods)
    min_ready, now = ds["spec"].get("minReadySeconds", 0), dsc.sim.now

    def available(pod: dict) -> bool:
        return is_pod_available(pod, min_ready, now)

    if max_surge == 0:
        unavailable, replacements, candidates = 0, [], []
        for node_name in sorted(node_to_pods):   # upstream walks a Go map: any order
            new, old, ok = find_updated_pods_on_node(ds, node_to_pods[node_name], hash_)
            if not ok or (new is None) == (old is None):
                unavailable += 1   # the main loop still has to create or prune here
            elif new is not None:
                unavailable += not available(new)
            elif not available(old):
                replacements.append(old["metadata"]["name"])
                unavailable += 1
            elif unavailable < max_unavailable:
                candidates.append(old["metadata"]["name"])
        remaining = min(max(max_unavailable - unavailable, 0), len(candidates))
        dsc.sync_nodes(ds, replacements + candidates[:remaining], [], hash_)
        return
    _surge(dsc, ds, node_to_pods, max_surge, desired, hash_, available)


def _surge(dsc, ds: dict, node_to_pods: dict, max_surge: int, desired: int, hash_: str,
           available) -> None:
    to_delete, should_not_run, candidates, allowed = [], [], [], []
    surge = num_available = 0
    for node_name in sorted(node_to_pods):
        new, old, ok = find_updated_pods_on_node(ds, node_to_pods[node_name], hash_)
        if not ok:
            surge += 1
            continue
        if old is not None or new is not None:
            num_available += available(old if old is not None else new)
        if old is None:
            continue
        node = dsc.nodes.get(node_name)
        should_run = node is not None and node_should_run_daemon_pod(node, ds)[0]
        if new is None and not available(old):
            if should_run:
                allowed.append(node_name)          # replace an unavailable Pod at once
            else:
                to_delete.append(old["metadata"]["name"])
        elif new is None:
            if not should_run:
                should_not_run.append(old["metadata"]["name"])
            elif surge < max_surge:
                candidates.append(node_name)
        elif not available(new):
            surge += 1          # waiting for the new Pod to become available
        else:
            to_delete.append(old["metadata"]["name"])
    # Keep 100% availability when the daemon moves between nodes: delete a Pod on a node
    # it should leave only as Pods elsewhere become available.
    deletable = min(max(num_available - desired, 0), len(should_not_run))
    to_delete += should_not_run[:deletable]
    remaining = min(max(max_surge - surge, 0), len(candidates))
    dsc.sync_nodes(ds, to_delete, allowed + candidates[:remaining], hash_)


def surge_excess(ds: dict, running: list[dict], hash_: str, now: float) -> list[str]:
    """podsShouldBeOnNode with surge: keep the oldest new and the oldest old Pod (sorted
    oldest first); the old one goes once it is not ready or the new one is available."""
    oldest_new = oldest_old = None
    excess = []
    for pod in running:
        if (pod["metadata"].get("labels") or {}).get(REVISION_HASH_LABEL) == hash_:
            if oldest_new is None:
                oldest_new = pod
                continue
        elif oldest_old is None:
            oldest_old = pod
            continue
        excess.append(pod["metadata"]["name"])
    if oldest_new is not None and oldest_old is not None and (
            not is_pod_ready(oldest_old)
            or is_pod_available(oldest_new, ds["spec"].get("minReadySeconds", 0), now)):
        excess.append(oldest_old["metadata"]["name"])
    return excess
