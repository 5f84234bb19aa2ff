"""One scheduling cycle's algorithm (pkg/scheduler/schedule_one.go).

schedule_pod: filter the nodes, stopping once enough feasible nodes are found; score
those; pick the best. How many is enough is numFeasibleNodesToFind:

    nodes < 100                  -> all of them
    percentageOfNodesToScore set -> that percentage (but at least 100 nodes)
    otherwise (adaptive)         -> 50 − nodes/125 percent, never below 5 %:
        500 nodes -> 46 % = 230;  5,000 nodes -> 10 % = 500;  10,000 -> 5 % = 500

Filtering starts where the previous cycle stopped (nextStartNodeIndex), so every node
gets its turn. Among the nodes with the best total score, one is picked at random
(reservoir sampling, as selectHost) with the cluster's seeded randomness.
"""

from __future__ import annotations

from .framework import CycleState, Framework
from .status import (ERROR, UNSCHEDULABLE_AND_UNRESOLVABLE, Diagnosis, FitError,
                     Status, is_success)

MIN_FEASIBLE_NODES_TO_FIND = 100
MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5


class NoNodesAvailable(Exception):
    def __str__(self) -> str:
        return "no nodes available to schedule pods"


def num_feasible_nodes_to_find(percentage: int | None, global_percentage: int,
                               num_all_nodes: int) -> int:
    if num_all_nodes < MIN_FEASIBLE_NODES_TO_FIND:
        return num_all_nodes
    if percentage is None:
        percentage = global_percentage
    if percentage == 0:
        percentage = max(50 - num_all_nodes // 125, MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND)
    num_nodes = num_all_nodes * percentage // 100
    return max(num_nodes, MIN_FEASIBLE_NODES_TO_FIND)


class ScheduleResult:
    def __init__(self, host: str, evaluated: int, feasible: int) -> None:
        self.suggested_host, self.evaluated_nodes, self.feasible_nodes = host, evaluated, feasible


class SchedulingAlgorithm:
    """Holds what persists between cycles: the rotating start index and the config."""

    def __init__(self, cache, rng, percentage_of_nodes_to_score: int = 0) -> None:
        self.cache, self.random = cache, rng
        self.percentage_of_nodes_to_score = percentage_of_nodes_to_score
        self.next_start_node_index = 0

    def schedule_pod(self, fwk: Framework, state: CycleState, pod: dict) -> ScheduleResult:
        all_nodes = self.cache.node_infos()
        if not all_nodes:
            raise NoNodesAvailable()
        feasible, diagnosis = self.find_nodes_that_fit_pod(fwk, state, pod)
        if not feasible:
            raise FitError(pod, len(all_nodes), diagnosis)
        if len(feasible) == 1:
            return ScheduleResult(feasible[0].name, 1 + len(diagnosis.node_to_status), 1)
        scores = self.prioritize_nodes(fwk, state, pod, feasible)
        host = self.select_host(scores)
        return ScheduleResult(host, len(feasible) + len(diagnosis.node_to_status), len(feasible))

    def find_nodes_that_fit_pod(self, fwk: Framework, state: CycleState, pod: dict):
        diagnosis = Diagnosis()
        all_nodes = self.cache.node_infos()
        pre_result, status, rejectors = fwk.run_pre_filter_plugins(state, pod)
        diagnosis.unschedulable_plugins = rejectors
        if not status.is_success():
            if not status.is_rejected():
                raise RuntimeError(status.message())
            diagnosis.node_to_status.absent = status   # every node failed the same way
            diagnosis.pre_filter_msg = status.message()
            diagnosis.add_plugin_status(status)
            return [], diagnosis
        nominated = pod.get("status", {}).get("nominatedNodeName")
        if nominated and self.cache.get(nominated) is not None:
            feasible = self.find_nodes_that_pass_filters(fwk, state, pod, diagnosis,
                                                         [self.cache.get(nominated)], False)
            if feasible:
                return feasible, diagnosis
        nodes = all_nodes
        if pre_result is not None:
            nodes = [n for n in all_nodes if n.name in pre_result]
            diagnosis.node_to_status.absent = Status(
                UNSCHEDULABLE_AND_UNRESOLVABLE,
                f"node(s) didn't satisfy plugin(s) [{' '.join(sorted(rejectors))}]")
        feasible = self.find_nodes_that_pass_filters(fwk, state, pod, diagnosis, nodes, True)
        processed = len(feasible) + len(diagnosis.node_to_status)
        self.next_start_node_index = (self.next_start_node_index + processed) % len(all_nodes)
        return feasible, diagnosis

    def find_nodes_that_pass_filters(self, fwk: Framework, state: CycleState, pod: dict,
                                     diagnosis: Diagnosis, nodes: list, rotate: bool) -> list:
        num_all = len(nodes)
        to_find = num_feasible_nodes_to_find(fwk.percentage_of_nodes_to_score,
                                             self.percentage_of_nodes_to_score, num_all)
        if not fwk.has_score_plugins():
            to_find = 1
        start = self.next_start_node_index if rotate else 0
        feasible = []
        for i in range(num_all):
            node_info = nodes[(start + i) % num_all]
            status = fwk.run_filter_plugins_with_nominated_pods(state, pod, node_info)
            if status.code == ERROR:
                raise RuntimeError(status.message())
            if status.is_success():
                feasible.append(node_info)
                if len(feasible) >= to_find:
                    break
            else:
                diagnosis.node_to_status.set(node_info.name, status)
                diagnosis.add_plugin_status(status)
        return feasible

    def prioritize_nodes(self, fwk: Framework, state: CycleState, pod: dict, nodes: list):
        if not fwk.has_score_plugins():
            return [{"name": n.name, "scores": {}, "total": 1} for n in nodes]
        status = fwk.run_pre_score_plugins(state, pod, nodes)
        if not is_success(status):
            raise RuntimeError(status.message())
        return fwk.run_score_plugins(state, pod, nodes)

    def select_host(self, scores: list[dict]) -> str:
        """selectHost: the best total; ties broken by reservoir sampling, so each of k
        tied nodes wins with probability 1/k."""
        best = scores[0]
        count = 1
        for candidate in scores[1:]:
            if candidate["total"] > best["total"]:
                best, count = candidate, 1
            elif candidate["total"] == best["total"]:
                count += 1
                if self.random.randrange(count) == 0:
                    best = candidate
        return best["name"]

