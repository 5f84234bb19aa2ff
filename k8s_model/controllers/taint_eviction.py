"""The taint eviction controller (pkg/controller/tainteviction/taint_eviction.go).

A NoExecute taint evicts the Pods that do not tolerate it. For each Pod on a node with
NoExecute taints the controller matches the taints against the Pod's tolerations:

* a taint no toleration matches: delete the Pod now;
* all tolerated, some with `tolerationSeconds`: delete after the smallest of them,
  counted from when the controller first saw the Pod on the tainted node;
* all tolerated for ever (no tolerationSeconds): leave it.

Every Pod gets `not-ready` and `unreachable` NoExecute tolerations of 300 s at admission
(DefaultTolerationSeconds), which is why Pods leave a dead node five minutes after it
is tainted. The deletion is an ordinary graceful delete, announced by the event
"Marking for deletion Pod default/web" (reason TaintManagerEviction) and the Pod condition
DisruptionTarget (DeletionByTaintManager). A taint removed before the time is up cancels
it: "Cancelling deletion of Pod default/web".
"""

from __future__ import annotations

from ..api import errors
from ..api.podutil import update_pod_condition
from ..record import EventRecorder
from ..scheduler.plugins.helper import tolerates
from .base import Controller, Informer

RETRIES = 5


def no_execute_taints(node: dict | None) -> list[dict]:
    return [t for t in ((node or {}).get("spec") or {}).get("taints") or []
            if t.get("effect") == "NoExecute"]


def get_matching_tolerations(taints: list[dict], tolerations: list[dict]) -> tuple[bool, list]:
    """v1helper.GetMatchingTolerations: are all taints tolerated, and by which (the first
    matching toleration of each taint)."""
    used = []
    for taint in taints:
        match = next((t for t in tolerations if tolerates(t, taint)), None)
        if match is None:
            return False, []
        used.append(match)
    return True, used


def get_min_toleration_time(tolerations: list[dict]) -> float:
    """Seconds until eviction: 0 for none (or any tolerationSeconds <= 0), -1 for ever."""
    if not tolerations:
        return 0
    seconds = [t["tolerationSeconds"] for t in tolerations
               if t.get("tolerationSeconds") is not None]
    if any(s <= 0 for s in seconds):
        return 0
    return min(seconds) if seconds else -1


class TaintEvictionController(Controller):
    """Keys on its work queue: `node:<name>` and `pod:<namespace>/<name>@<node>`."""

    name = "taint-eviction-controller"

    def __init__(self, sim, client, pods: Informer, nodes: Informer) -> None:
        super().__init__(sim, client)
        self.pods, self.nodes = pods, nodes
        self.recorder = EventRecorder(sim, client, component=self.name)
        self.tainted_nodes: dict[str, list[dict]] = {}
        # TimedWorkerQueue: pod key -> its timer, or None once the Pod was deleted (kept so
        # that it is not scheduled twice).
        self.evictions: dict[str, object | None] = {}
        pods.add_handler(self.pod_updated)
        nodes.add_handler(self.node_updated)

    # -- event handlers: only queue keys ---------------------------------------------------------
    def pod_updated(self, type_: str, pod: dict, old: dict | None) -> None:
        if type_ == "MODIFIED" and old is not None and \
                old["spec"].get("tolerations") == pod["spec"].get("tolerations") and \
                old["spec"].get("nodeName") == pod["spec"].get("nodeName"):
            return
        meta = pod["metadata"]
        self.enqueue(f"pod:{meta['namespace']}/{meta['name']}@{pod['spec'].get('nodeName', '')}")

    def node_updated(self, type_: str, node: dict, old: dict | None) -> None:
        if type_ == "MODIFIED" and no_execute_taints(old) == no_execute_taints(node):
            return
        self.enqueue(f"node:{node['metadata']['name']}")

    def reconcile(self, key: str) -> None:
        kind, _, rest = key.partition(":")
        if kind == "node":
            self.handle_node_update(rest)
        else:
            pod_key, _, node_name = rest.rpartition("@")
            self.handle_pod_update(pod_key, node_name)

    # -- handlers --------------------------------------------------------------------------------
    def handle_node_update(self, node_name: str) -> None:
        node = self.nodes.get(node_name)
        taints = no_execute_taints(node)
        if taints:
            self.tainted_nodes[node_name] = taints
        else:
            self.tainted_nodes.pop(node_name, None)
        if node is None:
            return
        for pod in self.pods.list():
            if pod["spec"].get("nodeName") != node_name:
                continue
            pod_key = f"{pod['metadata']['namespace']}/{pod['metadata']['name']}"
            if not taints:   # all taints gone: cancel every eviction on the node
                self.cancel_work_with_event(pod_key)
                continue
            self.process_pod_on_node(pod_key, pod["spec"].get("tolerations") or [], taints)

    def handle_pod_update(self, pod_key: str, node_name: str) -> None:
        pod = self.pods.get(pod_key)
        if pod is None:
            self.cancel_work_with_event(pod_key)
            return
        if pod["spec"].get("nodeName") != node_name or not node_name:
            return
        taints = self.tainted_nodes.get(node_name)
        if taints is None:
            return
        self.process_pod_on_node(pod_key, pod["spec"].get("tolerations") or [], taints)

    def process_pod_on_node(self, pod_key: str, tolerations: list, taints: list) -> None:
        now = self.sim.now
        all_tolerated, used = get_matching_tolerations(taints, tolerations)
        if not all_tolerated:
            self.cancel_work_with_event(pod_key)
            self.add_work(pod_key, now)
            return
        min_toleration = get_min_toleration_time(used)
        if min_toleration < 0:
            self.cancel_work_with_event(pod_key)
            return
        if self.evictions.get(pod_key) is not None:
            # An eviction scheduled earlier stands: upstream replaces it only if it was
            # created at this very nanosecond.
            return
        self.add_work(pod_key, now + min_toleration)

    # -- the timed work queue ----------------------------------------------------------------
    def add_work(self, pod_key: str, fire_at: float) -> None:
        if pod_key in self.evictions:
            return    # "Trying to add already existing work"
        self.evictions[pod_key] = self.sim.call_at(fire_at, lambda: self.delete_pod(pod_key))

    def cancel_work_with_event(self, pod_key: str) -> None:
        if pod_key not in self.evictions:
            return
        timer = self.evictions.pop(pod_key)
        if timer is not None:
            timer.cancel()
            namespace, _, name = pod_key.partition("/")
            self.recorder.eventf(_pod_ref(namespace, name), "Normal", "TaintManagerEviction",
                                 f"Cancelling deletion of Pod {pod_key}")

    def delete_pod(self, pod_key: str) -> None:
        """deletePodHandler: announce, mark DisruptionTarget, delete (graceful)."""
        namespace, _, name = pod_key.partition("/")
        self.recorder.eventf(_pod_ref(namespace, name), "Normal", "TaintManagerEviction",
                             f"Marking for deletion Pod {pod_key}")
        for _ in range(RETRIES):
            try:
                pod = self.client.get("pods", namespace, name)
                status = pod.setdefault("status", {})
                if update_pod_condition(status, {
                        "type": "DisruptionTarget", "status": "True",
                        "reason": "DeletionByTaintManager",
                        "message": "Taint manager: deleting due to NoExecute taint"},
                        self.sim.timestamp()):
                    self.client.update_status("pods", pod)
                self.client.delete("pods", namespace, name)
                self.evictions[pod_key] = None   # done: stays, so it is not added again
                return
            except errors.ApiError as error:
                if error.code == 404:
                    break
        self.evictions.pop(pod_key, None)


def _pod_ref(namespace: str, name: str) -> dict:
    """The ObjectReference upstream's events carry: kind, namespace and name, no uid — so
    `kubectl describe pod` (which asks for the Pod's uid) does not list them, and
    `kubectl get events` does."""
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"namespace": namespace, "name": name}}
