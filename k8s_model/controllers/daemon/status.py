"""A DaemonSet's status (updateDaemonSetStatus and storeDaemonSetStatus in
daemon_controller.go).

Counted over the nodes, looking at the oldest Pod on each:

    desiredNumberScheduled   nodes that should run the daemon
    currentNumberScheduled   ... of them that have a Pod
    numberMisscheduled       nodes that have a Pod but should not run one
    numberReady              desired nodes whose Pod is Ready
    numberAvailable          ... and Ready for minReadySeconds
    updatedNumberScheduled   desired nodes whose Pod runs the current template
    numberUnavailable        desired - available

`kubectl get ds` prints DESIRED, CURRENT, READY, UP-TO-DATE and AVAILABLE from these.
observedGeneration is raised only by a sync that acted on this generation, not by one
that was still waiting for its own creations to show up.
"""

from __future__ import annotations

import copy

from ...api import errors
from ..controller_utils import is_pod_available, is_pod_ready
from .placement import by_creation_timestamp_and_phase, node_should_run_daemon_pod
from .util import get_template_generation, is_pod_updated

STATUS_UPDATE_RETRIES = 1
# Fields without `omitempty` in apps/v1 DaemonSetStatus: always written, even when 0.
ALWAYS = ("currentNumberScheduled", "numberMisscheduled", "desiredNumberScheduled",
          "numberReady")


def calculate_counts(dsc, ds: dict, nodes: list[dict], hash_: str) -> dict:
    node_to_pods = dsc.get_nodes_to_daemon_pods(ds) or {}
    counts = dict.fromkeys(("currentNumberScheduled", "numberMisscheduled",
                            "desiredNumberScheduled", "numberReady", "updatedNumberScheduled",
                            "numberAvailable"), 0)
    min_ready, now = ds["spec"].get("minReadySeconds", 0), dsc.sim.now
    generation = get_template_generation(ds)
    for node in nodes:
        should_run, _ = node_should_run_daemon_pod(node, ds)
        pods = node_to_pods.get(node["metadata"]["name"]) or []
        if not should_run:
            counts["numberMisscheduled"] += bool(pods)
            continue
        counts["desiredNumberScheduled"] += 1
        if not pods:
            continue
        counts["currentNumberScheduled"] += 1
        pod = by_creation_timestamp_and_phase(pods)[0]
        if is_pod_ready(pod):
            counts["numberReady"] += 1
            counts["numberAvailable"] += is_pod_available(pod, min_ready, now)
        counts["updatedNumberScheduled"] += is_pod_updated(pod, hash_, generation)
    counts["numberUnavailable"] = counts["desiredNumberScheduled"] - counts["numberAvailable"]
    return counts


def update_daemon_set_status(dsc, ds: dict, nodes: list[dict], hash_: str,
                             update_observed_gen: bool) -> None:
    counts = calculate_counts(dsc, ds, nodes, hash_)
    store_daemon_set_status(dsc, ds, counts, update_observed_gen)
    # A last check once minReadySeconds have passed, in case an event is missed.
    min_ready = ds["spec"].get("minReadySeconds", 0)
    if min_ready > 0 and counts["numberReady"] != counts["numberAvailable"]:
        dsc.enqueue(f"{ds['metadata']['namespace']}/{ds['metadata']['name']}", after=min_ready)


def store_daemon_set_status(dsc, ds: dict, counts: dict, update_observed_gen: bool) -> None:
    """Write only a changed status (or an unobserved generation); retry once from a fresh
    read on failure."""
    old = ds.get("status") or {}
    generation = ds["metadata"].get("generation", 0)
    if (all(old.get(k, 0) == v for k, v in counts.items())
            and old.get("observedGeneration", 0) >= generation):
        return
    current = ds
    for attempt in range(STATUS_UPDATE_RETRIES + 1):
        body = copy.deepcopy(current)
        status = body.get("status") or {}
        if update_observed_gen:
            status["observedGeneration"] = generation
        for field, value in counts.items():
            if value or field in ALWAYS:
                status[field] = value
            else:
                status.pop(field, None)
        body["status"] = status
        try:
            dsc.client.update_status(dsc.resource, body)
            return
        except errors.ApiError:
            if attempt == STATUS_UPDATE_RETRIES:
                raise
            current = dsc.client.get(dsc.resource, ds["metadata"]["namespace"],
                                     ds["metadata"]["name"])
