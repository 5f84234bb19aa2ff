"""kube-scheduler (pkg/scheduler/scheduler.go, eventhandlers.go, schedule_one.go).

The scheduler watches Pods and Nodes through informers. A pending pod (no nodeName,
schedulerName of one of its profiles) goes into the scheduling queue; a bound pod goes
into the cache. One pod per cycle, a few virtual milliseconds apart:

    pop → PreFilter, Filter (some nodes), [PostFilter: preemption] → PreScore, Score,
    NormalizeScore → select host → assume → Reserve, Permit → PreBind, Bind

Success ends in a `pods/binding` request and a `Scheduled` event; failure in a
`FailedScheduling` event, the PodScheduled=False condition and a wait in the queue.
Either way the pod is annotated with every plugin's verdict (filter-result, score-result,
finalscore-result, selected-node) — the reasoning the scheduling lab shows.
"""

from __future__ import annotations

import json

from ..api.errors import ApiError
from ..controllers.base import Informer
from .cache import Cache
from .config import parse_config
from .events import EventRecorder
from .framework import CycleState, Framework, ListerHandle
from .plugins import REGISTRY
from .queue import SchedulingQueue, pod_key
from .schedule_one import NoNodesAvailable, SchedulingAlgorithm
from .status import (ERROR, UNSCHEDULABLE, UNSCHEDULABLE_AND_UNRESOLVABLE, FitError, Status,
                     is_success)

SCHEDULE_LATENCY = 0.002        # virtual seconds one scheduling cycle takes
NOTE_LENGTH_LIMIT = 1024        # validation.NoteLengthLimit for event messages
ANNOTATION_PREFIX = "scheduler.k8s-model.io/"
FILTER_RESULT = ANNOTATION_PREFIX + "filter-result"
SCORE_RESULT = ANNOTATION_PREFIX + "score-result"
FINAL_SCORE_RESULT = ANNOTATION_PREFIX + "finalscore-result"
SELECTED_NODE = ANNOTATION_PREFIX + "selected-node"
# Node fields a scheduling decision can depend on (eventhandlers.go nodeSchedulingPropertiesChange).
_NODE_FIELDS = (("spec", "unschedulable"), ("spec", "taints"), ("status", "allocatable"),
                ("status", "images"), ("metadata", "labels"))


def _dump(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def _resources_changed(old: dict, new: dict) -> bool:
    """Container requests changed (an in-place resize: UpdatePodScaleDown, in short)."""
    def resources(pod: dict):
        return [c.get("resources") for c in pod.get("spec", {}).get("containers") or []]
    return resources(old) != resources(new)


def truncate_message(message: str) -> str:
    if len(message) <= NOTE_LENGTH_LIMIT:
        return message
    return message[:NOTE_LENGTH_LIMIT - 4] + " ..."


class Scheduler(ListerHandle):
    def __init__(self, sim, client, config_text: str | None = None,
                 instance: str = "default-scheduler-controlplane") -> None:
        self.sim, self.client = sim, client
        self.config = parse_config(config_text)
        self.cache = Cache()
        self.queue = SchedulingQueue(sim, self._wake)
        self.profiles = {p.scheduler_name: Framework(p, REGISTRY, self)
                         for p in self.config.profiles}
        for fwk in self.profiles.values():
            for plugin, events in fwk.events_to_register().items():
                self.queue.plugin_events.setdefault(plugin, set()).update(events)
        self.algorithm = SchedulingAlgorithm(self.cache, sim.random,
                                             self.config.percentage_of_nodes_to_score)
        self.recorders = {name: EventRecorder(sim, client, name, instance)
                          for name in self.profiles}
        self._timer = None
        self.start_listers(client)
        self.node_informer = Informer(client, "nodes")
        self.node_informer.add_handler(self._on_node)
        for node in self.node_informer.list():
            self._on_node("ADDED", node, None)
        self.pod_informer = Informer(client, "pods")
        self.pod_informer.add_handler(self._on_pod)
        for pod in self.pod_informer.list():
            self._on_pod("ADDED", pod, None)

    # -- the handle plugins use -----------------------------------------------------------
    def latest_pod(self, pod: dict) -> dict | None:
        return self.pod_informer.get(pod_key(pod))

    def nominated_pods_for_node(self, node_name: str) -> list:
        return self.queue.nominator.nominated_pods_for_node(node_name)

    # -- event handlers (eventhandlers.go) ------------------------------------------------
    def _responsible(self, pod: dict) -> bool:
        return pod.get("spec", {}).get("schedulerName", "default-scheduler") in self.profiles

    def _on_node(self, kind: str, node: dict, old: dict | None) -> None:
        if kind == "DELETED":
            self.cache.remove_node(node["metadata"]["name"])
            return
        self.cache.update_node(node)
        if kind == "ADDED" or old is None:
            self.queue.move_all_to_active_or_backoff("NodeAdd")
        elif any(old.get(a, {}).get(b) != node.get(a, {}).get(b) for a, b in _NODE_FIELDS):
            self.queue.move_all_to_active_or_backoff("NodeUpdate")

    def _on_pod(self, kind: str, pod: dict, old: dict | None) -> None:
        assigned = bool(pod.get("spec", {}).get("nodeName"))
        if kind == "DELETED":
            if assigned:
                self.cache.remove_pod(pod_key(pod))
                self.queue.move_all_to_active_or_backoff("AssignedPodDelete")
            else:
                self.queue.delete(pod)
            return
        if assigned:
            was_assigned = old is not None and bool(old.get("spec", {}).get("nodeName"))
            self.queue.delete(pod)   # bound: no longer pending
            self.cache.add_pod(pod)
            ns_labels = self.namespace_labels(pod["metadata"].get("namespace"))
            if not was_assigned:
                self.queue.assigned_pod_added(pod, ns_labels)
            elif _resources_changed(old, pod):
                self.queue.move_all_to_active_or_backoff("AssignedPodUpdate")
            elif old["metadata"].get("labels") != pod["metadata"].get("labels"):
                self.queue.assigned_pod_added(pod, ns_labels, "AssignedPodUpdate")
            # Kubelet status updates change nothing a plugin looks at: no requeue.
        elif self._responsible(pod) and not self.cache.is_assumed(pod_key(pod)):
            if kind == "ADDED":
                self.queue.add(pod)
            else:
                self.queue.update(old, pod)

    # -- the loop -------------------------------------------------------------------------
    def _wake(self) -> None:
        if self._timer is None:
            self._timer = self.sim.call_later(SCHEDULE_LATENCY, self._run_one)

    def _run_one(self) -> None:
        self._timer = None
        try:
            self.schedule_one()
        finally:
            if len(self.queue):
                self._wake()

    def schedule_one(self) -> None:
        """ScheduleOne: the whole scheduling and binding cycle for one pod."""
        info = self.queue.pop()
        if info is None:
            return
        pod = info.pod
        fwk = self.profiles[pod["spec"].get("schedulerName", "default-scheduler")]
        if pod["metadata"].get("deletionTimestamp"):
            self.recorders[fwk.profile_name].eventf(
                pod, None, "Warning", "FailedScheduling", "Scheduling",
                f"skip schedule deleting pod: {pod['metadata']['namespace']}/"
                f"{pod['metadata']['name']}")
            self.queue.done(info.key)
            return
        state = CycleState()
        state.write("framework", fwk)
        try:
            result = self.algorithm.schedule_pod(fwk, state, pod)
        except NoNodesAvailable as error:
            return self._failure(fwk, info, state,
                                 Status(UNSCHEDULABLE_AND_UNRESOLVABLE, str(error)), None)
        except FitError as fit_error:
            nominated = None
            if fwk.has_post_filter_plugins():
                nominated, status = fwk.run_post_filter_plugins(
                    state, pod, fit_error.diagnosis.node_to_status)
                fit_error.diagnosis.post_filter_msg = status.message()
            info.unschedulable_plugins = fit_error.diagnosis.unschedulable_plugins
            return self._failure(fwk, info, state, Status(UNSCHEDULABLE, str(fit_error)),
                                 nominated)
        host = result.suggested_host
        self.cache.assume_pod(pod, host, state.pod_info(pod))
        self.queue.nominator.delete_nominated_pod_if_exists(pod)
        status = fwk.run_reserve_plugins_reserve(state, pod, host)
        if is_success(status):
            status = fwk.run_permit_plugins(state, pod, host)
        if not is_success(status):
            fwk.run_reserve_plugins_unreserve(state, pod, host)
            self.cache.forget_pod(info.key)
            if status.is_rejected():   # a plugin said no: wait for an event it cares about
                info.unschedulable_plugins = {status.plugin}
            return self._failure(fwk, info, state, status, None)
        self.queue.done(info.key)
        self._annotate(pod, state, host)
        status = fwk.run_pre_bind_plugins(state, pod, host)
        if is_success(status):
            status = fwk.run_bind_plugins(state, pod, host)
        if not is_success(status):   # handleBindingCycleError: forget, retry after back-off
            fwk.run_reserve_plugins_unreserve(state, pod, host)
            self.cache.forget_pod(info.key)
            self.queue.move_all_to_active_or_backoff("AssignedPodDelete")
            return self._failure(fwk, info, state, Status(ERROR, *status.reasons), None)
        meta = pod["metadata"]
        self.recorders[fwk.profile_name].eventf(
            pod, None, "Normal", "Scheduled", "Binding",
            f"Successfully assigned {meta['namespace']}/{meta['name']} to {host}")

    # -- failure (handleSchedulingFailure) --------------------------------------------------
    def _failure(self, fwk: Framework, info, state: CycleState, status: Status,
                 nominated: str | None) -> None:
        reason = "Unschedulable" if status.is_rejected() else "SchedulerError"
        cached = self.pod_informer.get(info.key)
        if cached is None or cached.get("spec", {}).get("nodeName"):
            self.queue.done(info.key)   # deleted or bound meanwhile: nothing to retry
            return
        info.pod = cached
        self.queue.add_unschedulable_if_not_present(info)
        # Nominate now, not when the status update comes back: the next cycle must
        # already keep the node's room for the preemptor.
        self.queue.nominator.add_nominated_pod(cached, nominated)
        self._annotate(cached, state, "")
        message = status.message()
        self.recorders[fwk.profile_name].eventf(cached, None, "Warning", "FailedScheduling",
                                                "Scheduling", truncate_message(message))
        self._update_pod_status(cached, reason, message, nominated)

    def _update_pod_status(self, pod: dict, reason: str, message: str,
                           nominated: str | None) -> None:
        """updatePod: the PodScheduled condition and status.nominatedNodeName."""
        meta = pod["metadata"]
        try:
            fresh = self.client.get("pods", meta["namespace"], meta["name"])
        except ApiError:
            return
        status = fresh.setdefault("status", {})
        conditions = status.setdefault("conditions", [])
        old = next((c for c in conditions if c.get("type") == "PodScheduled"), None)
        changed = False
        if old is None or (old.get("status"), old.get("reason"), old.get("message")) != (
                "False", reason, message):
            condition = {"type": "PodScheduled", "status": "False", "lastProbeTime": None,
                         "lastTransitionTime": (old or {}).get("lastTransitionTime")
                         if (old or {}).get("status") == "False" else self.sim.timestamp(),
                         "reason": reason, "message": message}
            if "generation" in fresh["metadata"]:
                condition["observedGeneration"] = fresh["metadata"]["generation"]
            conditions[:] = [c for c in conditions if c.get("type") != "PodScheduled"]
            conditions.append(condition)
            changed = True
        if nominated is not None and status.get("nominatedNodeName", "") != nominated:
            if nominated:
                status["nominatedNodeName"] = nominated
            else:
                status.pop("nominatedNodeName", None)
            changed = True
        if changed:
            try:
                self.client.update_status("pods", fresh)
            except ApiError:
                pass

    def _annotate(self, pod: dict, state: CycleState, host: str) -> None:
        meta = pod["metadata"]
        annotations = {FILTER_RESULT: _dump(state.filter_results),
                       SCORE_RESULT: _dump(state.score_results),
                       FINAL_SCORE_RESULT: _dump(state.final_score_results),
                       SELECTED_NODE: host}
        try:
            self.client.patch("pods", meta["namespace"], meta["name"],
                              {"metadata": {"annotations": annotations}})
        except ApiError:
            pass

    # -- preemption's API calls (Evaluator.prepareCandidate) ------------------------------
    def preempt_victims(self, preemptor: dict, node_name: str, victims: list) -> None:
        fwk_name = preemptor["spec"].get("schedulerName", "default-scheduler")
        for victim in victims:
            pod = victim.pod
            meta = pod["metadata"]
            if meta.get("deletionTimestamp"):
                continue
            try:
                fresh = self.client.get("pods", meta["namespace"], meta["name"])
                conditions = fresh.setdefault("status", {}).setdefault("conditions", [])
                conditions.append({
                    "type": "DisruptionTarget", "status": "True", "lastProbeTime": None,
                    "lastTransitionTime": self.sim.timestamp(), "reason": "PreemptionByScheduler",
                    "message": f"{fwk_name}: preempting to accommodate a higher priority pod"})
                self.client.update_status("pods", fresh)
                self.client.delete("pods", meta["namespace"], meta["name"])
            except ApiError:
                continue
            self.recorders[fwk_name].eventf(
                pod, preemptor, "Normal", "Preempted", "Preempting",
                f"Preempted by pod {preemptor['metadata'].get('uid')} on node {node_name}")
        # Lower-priority pods nominated to this node may no longer fit: clearing their
        # nomination sends them looking elsewhere (getLowerPriorityNominatedPods).
        priority = preemptor["spec"].get("priority") or 0
        for info in self.nominated_pods_for_node(node_name):
            meta = info.pod["metadata"]
            if info.priority >= priority:
                continue
            try:
                fresh = self.client.get("pods", meta["namespace"], meta["name"])
                if fresh.get("status", {}).pop("nominatedNodeName", None):
                    self.client.update_status("pods", fresh)
            except ApiError:
                continue
