"""DefaultPreemption (plugins/defaultpreemption, framework/preemption/preemption.go): when
no node fits, evict lower-priority pods to make room.

1. The pod must be eligible (not preemptionPolicy: Never; no victim of an earlier
   preemption still terminating on its nominated node).
2. Candidates: only nodes whose filter verdict was Unschedulable (an untolerated taint or
   a pod larger than the whole node is UnschedulableAndUnresolvable: evicting cannot help).
   From a random offset, dry-run nodes until enough candidates are found
   (max(10% of the nodes, 100), at most all of them).
3. On each, remove every lower-priority pod; if the pod still does not fit, no luck.
   Otherwise add the victims back, most important first, keeping each that still fits.
4. Pick the node whose victims matter least (lowest highest priority, then smallest sum
   of priorities, fewest victims, most recently started), evict, nominate the node.

Simplified here: PodDisruptionBudgets are not modelled (no victim violates one), the
PreFilter state of PodTopologySpread/InterPodAffinity is not updated for removed pods
(PreFilterExtensions), and nominated pods are not added back when filtering.
"""

from __future__ import annotations

from ...sim import parse_timestamp
from ..status import (SUCCESS, UNSCHEDULABLE, UNSCHEDULABLE_AND_UNRESOLVABLE, Diagnosis,
                      FitError, NodeToStatus, Status, is_success)

NOT_HELPFUL = "Preemption is not helpful for scheduling"
NO_VICTIMS = "No preemption victims found for incoming pod"


class DefaultPreemption:
    name = "DefaultPreemption"

    def __init__(self, args: dict, handle) -> None:
        self.handle = handle
        self.min_percentage = args.get("minCandidateNodesPercentage", 10)
        self.min_absolute = args.get("minCandidateNodesAbsolute", 100)

    def post_filter(self, state, pod: dict, node_to_status: NodeToStatus):
        """Returns (nominated node name or None, Status); messages get "preemption: "."""
        result, status = self.preempt(state, pod, node_to_status)
        if status.message():
            return result, Status(status.code, "preemption: " + status.message())
        return result, status

    def preempt(self, state, pod: dict, node_to_status: NodeToStatus):
        pod = self.handle.latest_pod(pod) or pod
        ok, msg = self.pod_eligible_to_preempt_others(pod, node_to_status)
        if not ok:
            return None, Status(UNSCHEDULABLE, msg)
        all_nodes = self.handle.cache.node_infos()
        candidates, statuses = self.find_candidates(state, pod, all_nodes, node_to_status)
        if not candidates:
            diagnosis = Diagnosis()
            diagnosis.node_to_status = statuses
            statuses.absent = Status(UNSCHEDULABLE_AND_UNRESOLVABLE, NOT_HELPFUL)
            return "", Status(UNSCHEDULABLE, str(FitError(pod, len(all_nodes), diagnosis)))
        name, victims = pick_one_node_for_preemption(candidates, self.handle.sim.now)
        self.handle.preempt_victims(pod, name, victims)
        return name, Status(SUCCESS)

    def pod_eligible_to_preempt_others(self, pod: dict, node_to_status) -> tuple[bool, str]:
        if pod.get("spec", {}).get("preemptionPolicy") == "Never":
            return False, "not eligible due to preemptionPolicy=Never."
        nominated = pod.get("status", {}).get("nominatedNodeName")
        if nominated:
            if node_to_status.get(nominated).code == UNSCHEDULABLE_AND_UNRESOLVABLE:
                return True, ""
            node_info = self.handle.cache.get(nominated)
            priority = pod.get("spec", {}).get("priority") or 0
            for p in (node_info.pods.values() if node_info else ()):
                if p.priority < priority and terminating_by_preemption(p.pod):
                    return False, "not eligible due to a terminating pod on the nominated node."
        return True, ""

    def calculate_num_candidates(self, num_nodes: int) -> int:
        return min(max(num_nodes * self.min_percentage // 100, self.min_absolute), num_nodes)

    def find_candidates(self, state, pod: dict, all_nodes: list, node_to_status):
        statuses = NodeToStatus()
        names = [n.name for n in all_nodes]
        potential = node_to_status.nodes_for_status_code(names, UNSCHEDULABLE)
        if not potential:
            return [], statuses
        offset = self.handle.sim.random.randrange(len(potential))
        wanted = self.calculate_num_candidates(len(potential))
        candidates: list[tuple[str, list]] = []
        for i in range(len(potential)):
            node_info = self.handle.cache.get(potential[(offset + i) % len(potential)])
            victims, status = self.select_victims_on_node(state, pod, node_info)
            if is_success(status) and victims:
                candidates.append((node_info.name, victims))
                if len(candidates) >= wanted:
                    break
            else:
                statuses.set(node_info.name, status)
        return candidates, statuses

    def select_victims_on_node(self, state, pod: dict, node_info):
        framework = state.read("framework")
        priority = pod.get("spec", {}).get("priority") or 0
        trial = node_info.snapshot()
        potential = [p for p in trial.pods.values() if p.priority < priority]
        if not potential:
            return None, Status(UNSCHEDULABLE_AND_UNRESOLVABLE, NO_VICTIMS)
        for p in potential:
            trial.remove_pod(p.key)
        record, state.record = state.record, False
        try:
            status = framework.run_filter_plugins(state, pod, trial)
            if not is_success(status):
                return None, status
            potential.sort(key=importance)
            victims = []
            for p in potential:   # reprieve as many as possible, most important first
                trial.add_pod(p)
                if not is_success(framework.run_filter_plugins(state, pod, trial)):
                    trial.remove_pod(p.key)
                    victims.append(p)
        finally:
            state.record = record
        return victims, Status(SUCCESS)


def _start_time(pod: dict) -> float:
    started = pod.get("status", {}).get("startTime")
    return parse_timestamp(started) if started else float("inf")


def importance(info) -> tuple:
    """util.MoreImportantPod as a sort key: higher priority, then earlier start, first."""
    return (-info.priority, _start_time(info.pod))


def terminating_by_preemption(pod: dict) -> bool:
    if not pod["metadata"].get("deletionTimestamp"):
        return False
    return any(c.get("type") == "DisruptionTarget" and c.get("status") == "True"
               and c.get("reason") == "PreemptionByScheduler"
               for c in pod.get("status", {}).get("conditions") or [])


def pick_one_node_for_preemption(candidates: list[tuple[str, list]], now: float):
    """pickOneNodeForPreemption: apply the criteria in turn until one node is left."""
    def earliest_start(victims) -> float:
        top = max(v.priority for v in victims)
        times = [_start_time(v.pod) for v in victims if v.priority == top]
        return min(t if t != float("inf") else now for t in times)

    criteria = [
        lambda v: -max(p.priority for p in v),                    # lowest top victim
        lambda v: -sum(p.priority + 2**31 for p in v),            # smallest sum
        lambda v: -len(v),                                        # fewest victims
        earliest_start,                                           # started most recently
    ]
    remaining = candidates
    for criterion in criteria:
        best = max(criterion(v) for _, v in remaining)
        remaining = [(n, v) for n, v in remaining if criterion(v) == best]
        if len(remaining) == 1:
            break
    return remaining[0]
