"""Which nodes should run a daemon (NodeShouldRunDaemonPod and NewPod in
daemon_controller.go, with the scheduler's own predicates from component-helpers).

The controller asks the question the scheduler would: could this node take the
template's Pod (with the daemon tolerations added)?

    node fits nodeSelector and required node affinity?   no  -> (False, False)
    untolerated NoSchedule or NoExecute taint?           no  -> (True, True)
    ... but no untolerated NoExecute taint                   -> (False, True)
    ... and an untolerated NoExecute taint                   -> (False, False)

The pair is (shouldRun, shouldContinueRunning): a node tainted NoSchedule after its
daemon Pod started keeps the Pod but would not get a new one.
"""

from __future__ import annotations

from ...scheduler.plugins.helper import (find_matching_untolerated_taint,
                                         required_node_affinity_matches)
from .util import create_pod_template


def new_pod(ds: dict, node_name: str) -> dict:
    """NewPod: the template as a Pod on `node_name`, with the daemon tolerations."""
    template = create_pod_template(ds["spec"].get("template") or {}, None, "")
    spec = dict(template["spec"], nodeName=node_name)
    return {"metadata": {**template["metadata"], "namespace": ds["metadata"]["namespace"]},
            "spec": spec}


def node_should_run_daemon_pod(node: dict, ds: dict) -> tuple[bool, bool]:
    """(shouldRun, shouldContinueRunning) for this node."""
    name = node["metadata"]["name"]
    wanted = (ds["spec"].get("template") or {}).get("spec", {}).get("nodeName")
    if wanted and wanted != name:
        return False, False
    pod = new_pod(ds, name)
    if not required_node_affinity_matches(pod, node):
        return False, False
    taints = (node.get("spec") or {}).get("taints") or []
    tolerations = pod["spec"].get("tolerations") or []
    if find_matching_untolerated_taint(taints, tolerations, ("NoExecute", "NoSchedule")):
        return False, find_matching_untolerated_taint(taints, tolerations, ("NoExecute",)) is None
    return True, True


def by_creation_timestamp_and_phase(pods: list[dict]) -> list[dict]:
    """podByCreationTimestampAndPhase: scheduled first, then oldest, then by name."""
    return sorted(pods, key=lambda p: (not p["spec"].get("nodeName"),
                                       p["metadata"].get("creationTimestamp", ""),
                                       p["metadata"]["name"]))
