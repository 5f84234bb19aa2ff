"""DefaultPreemption (plugins/defaultpreemption, framework/preemption/preemption.go): when
no node fits, evict lower-priority pods to make room.

1. The pod must be eligible (not preemptionPolicy: Never; no victim of an earlier
   preemption still terminating on its nominated node).
2. Candidates: only nodes whose filter verdict was Unschedulable (an untolerated taint or
   a pod larger than the whole node is UnschedulableAndUnresolvable: evicting cannot help).
   From a random offset, dry-run nodes until enough candidates are found
   (max(10% of the nodes, 100), at most all of them), each on its own copy of the
   node and of the cycle state.
3. On each, remove every lower-priority pod; if the pod still does not fit, no luck.
   Otherwise add the victims back, most important first, keeping each that still fits.
4. Pick the node whose victims matter least (fewest PodDisruptionBudget violations,
   lowest highest priority, smallest sum of priorities, fewest victims, most recently
   started), evict, and nominate the node (status.nominatedNodeName).

PodDisruptionBudgets are not part of the model's API, so no victim ever violates one.
"""

from __future__ import annotations

from ...sim import parse_timestamp
from ..status import (ERROR, SUCCESS, UNSCHEDULABLE, UNSCHEDULABLE_AND_UNRESOLVABLE,
                      Diagnosis, FitError, NodeToStatus, Status, is_success)

NOT_HELPFUL = "Preemption is not helpful for scheduling"
NO_VICTIMS = "No preemption victims found for incoming pod"


class Candidate:
    """A node and the victims to evict there, most important first."""

    __slots__ = ("name", "victims", "num_pdb_violations")

    def __init__(self, name: str, victims: list, num_pdb_violations: int = 0) -> None:
        self.name, self.victims, self.num_pdb_violations = name, victims, num_pdb_violations


class DefaultPreemption:
    name = "DefaultPreemption"

    def __init__(self, args: dict, handle) -> None:
        self.handle = handle
        self.min_percentage = args.get("minCandidateNodesPercentage", 10)
        self.min_absolute = args.get("minCandidateNodesAbsolute", 100)

    def post_filter(self, state, pod: dict, node_to_status: NodeToStatus):
        """Returns (nominated node name, "" to clear it, or None to keep it; Status).
        Messages get "preemption: "."""
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
        candidates, statuses, errors = self.find_candidates(state, pod, all_nodes,
                                                            node_to_status)
        if not candidates and errors:
            return None, Status(ERROR, *errors)
        if not candidates:
            diagnosis = Diagnosis()
            diagnosis.node_to_status = statuses
            statuses.absent = Status(UNSCHEDULABLE_AND_UNRESOLVABLE, NOT_HELPFUL)
            return "", Status(UNSCHEDULABLE, str(FitError(pod, len(all_nodes), diagnosis)))
        best = select_candidate(candidates, self.handle.sim.now)
        self.handle.preempt_victims(pod, best.name, best.victims)
        return best.name, Status(SUCCESS)

    def pod_eligible_to_preempt_others(self, pod: dict, node_to_status) -> tuple[bool, str]:
        if pod.get("spec", {}).get("preemptionPolicy") == "Never":
            return False, "not eligible due to preemptionPolicy=Never."
        nominated = pod.get("status", {}).get("nominatedNodeName")
        if nominated:
            # Filters now find the nominated node hopeless: preempt somewhere else.
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
        """findCandidates + DryRunPreemption: (candidates, statuses of failed nodes,
        error messages)."""
        statuses, errors = NodeToStatus(), []
        names = [n.name for n in all_nodes]
        potential = node_to_status.nodes_for_status_code(names, UNSCHEDULABLE)
        if not potential:
            return [], statuses, errors
        offset = self.handle.sim.random.randrange(len(potential))   # getOffsetRand
        wanted = self.calculate_num_candidates(len(potential))
        candidates: list[Candidate] = []
        for i in range(len(potential)):
            node_info = self.handle.cache.get(potential[(offset + i) % len(potential)])
            victims, status = self.select_victims_on_node(state.clone(), pod, node_info)
            if is_success(status) and victims:
                candidates.append(Candidate(node_info.name, victims))
                if len(candidates) >= wanted:
                    break
                continue
            if is_success(status):
                status = Status(ERROR, "expected at least one victim pod on node "
                                       f'"{node_info.name}"')
            if status.code == ERROR:
                errors.append(status.message())
            statuses.set(node_info.name, status)
        return candidates, statuses, errors

    def select_victims_on_node(self, state, pod: dict, node_info):
        """SelectVictimsOnNode, on copies of the cycle state and of the node."""
        framework = state.read("framework")
        priority = pod.get("spec", {}).get("priority") or 0
        trial = node_info.snapshot()

        def remove(p) -> Status:
            trial.remove_pod(p.key)
            return framework.run_pre_filter_extension_remove_pod(state, pod, p, trial)

        def add(p) -> Status:
            trial.add_pod(p)
            return framework.run_pre_filter_extension_add_pod(state, pod, p, trial)

        potential = [p for p in trial.pods.values() if p.priority < priority]
        for p in potential:
            status = remove(p)
            if not is_success(status):
                return None, status
        if not potential:
            return None, Status(UNSCHEDULABLE_AND_UNRESOLVABLE, NO_VICTIMS)
        status = framework.run_filter_plugins_with_nominated_pods(state, pod, trial)
        if not is_success(status):
            return None, status
        potential.sort(key=lambda p: importance(p, self.handle.sim.now))
        victims = []
        for p in potential:   # reprieve as many as possible, most important first
            status = add(p)
            if not is_success(status):
                return None, status
            if not is_success(framework.run_filter_plugins_with_nominated_pods(
                    state, pod, trial)):
                status = remove(p)
                if not is_success(status):
                    return None, status
                victims.append(p)
        return victims, Status(SUCCESS)


def _start_time(pod: dict, now: float) -> float:
    """util.GetPodStartTime: status.startTime, or now for a pod not started yet."""
    started = pod.get("status", {}).get("startTime")
    return parse_timestamp(started) if started else now


def importance(info, now: float) -> tuple:
    """util.MoreImportantPod as a sort key: higher priority, then earlier start, first."""
    return (-info.priority, _start_time(info.pod, now))


def terminating_by_preemption(pod: dict) -> bool:
    if not pod["metadata"].get("deletionTimestamp"):
        return False
    for c in pod.get("status", {}).get("conditions") or []:
        if c.get("type") == "DisruptionTarget":
            return c.get("status") == "True" and c.get("reason") == "PreemptionByScheduler"
    return False


def select_candidate(candidates: list[Candidate], now: float) -> Candidate:
    """SelectCandidate → pickOneNodeForPreemption: each criterion keeps the nodes with the
    best score; the first one that leaves a single node decides, else the first node."""
    def earliest_start_of_top_victims(c: Candidate) -> float:   # GetEarliestPodStartTime
        top = max(v.priority for v in c.victims)
        return min(_start_time(v.pod, now) for v in c.victims if v.priority == top)

    criteria = [
        lambda c: -c.num_pdb_violations,                            # fewest PDB violations
        lambda c: -max(v.priority for v in c.victims),              # lowest top victim
        lambda c: -sum(v.priority + 2**31 for v in c.victims),      # smallest sum
        lambda c: -len(c.victims),                                  # fewest victims
        earliest_start_of_top_victims,                              # started most recently
    ]
    remaining = candidates
    for criterion in criteria:
        if len(remaining) == 1:
            break
        best = max(criterion(c) for c in remaining)
        remaining = [c for c in remaining if criterion(c) == best]
    return remaining[0]
