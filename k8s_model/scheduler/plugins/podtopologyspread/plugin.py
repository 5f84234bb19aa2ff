"""PodTopologySpread's Filter and Score (podtopologyspread/filtering.go, scoring.go).

Filter (whenUnsatisfiable: DoNotSchedule): for each constraint,
    skew = pods matching in the node's domain + 1 (if the pod matches itself) − global min
must stay ≤ maxSkew. Zones a, b, c hold 2, 1, 0 matching pods, maxSkew 1: zone a gives
2 + 1 − 0 = 3 (rejected), zone c gives 0 + 1 − 0 = 1 (fits). With fewer eligible domains
than minDomains, the global minimum counts as 0.

Score (ScheduleAnyway): a node's score is Σ count × log(domains + 2) + (maxSkew − 1)
per constraint; normalising turns "fewest matching pods" into 100:
    score = 100 × (max + min − s) / max.
"""

from __future__ import annotations

import math

from ...status import SKIP, UNSCHEDULABLE, UNSCHEDULABLE_AND_UNRESOLVABLE, Status
from .common import (HOSTNAME, SYSTEM_DEFAULT_CONSTRAINTS, count_pods_match_selector,
                     default_constraints, node_labels_match, pod_constraints)

ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints"
ERR_REASON_NODE_LABEL_NOT_MATCH = ERR_REASON_CONSTRAINTS_NOT_MATCH + " (missing required label)"
PRE_FILTER_KEY, PRE_SCORE_KEY = "PreFilterPodTopologySpread", "PreScorePodTopologySpread"
DO_NOT_SCHEDULE, SCHEDULE_ANYWAY = "DoNotSchedule", "ScheduleAnyway"


class PreFilterState:
    """preFilterState: the hard constraints and, per constraint, matching pods per domain
    (TpValueToMatchNum). Preemption changes the counts on a copy (`clone`)."""

    __slots__ = ("constraints", "tp_value_to_match_num")

    def __init__(self, constraints: list, counts: list[dict[str, int]]) -> None:
        self.constraints, self.tp_value_to_match_num = constraints, counts

    def clone(self) -> "PreFilterState":
        return PreFilterState(self.constraints, [dict(m) for m in self.tp_value_to_match_num])

    def min_match_num(self, i: int, min_domains: int) -> int:
        """The global minimum, 0 while fewer domains than minDomains are eligible."""
        domains = self.tp_value_to_match_num[i]
        return 0 if len(domains) < min_domains else min(domains.values())


class PodTopologySpread:
    name = "PodTopologySpread"
    EVENTS = ("NodeAdd", "NodeUpdate", "AssignedPodAdd", "AssignedPodUpdate",
              "AssignedPodDelete")

    def __init__(self, args: dict, handle) -> None:
        self.handle = handle
        self.system_defaulted = (args.get("defaultingType") or "System") == "System"
        self.default_constraints = (SYSTEM_DEFAULT_CONSTRAINTS if self.system_defaulted
                                    else args.get("defaultConstraints") or [])

    def _constraints(self, pod: dict, action: str) -> list:
        if pod.get("spec", {}).get("topologySpreadConstraints"):
            return pod_constraints(pod, action)
        return default_constraints(pod, action, self.default_constraints, self.handle)

    # -- Filter ---------------------------------------------------------------------------
    def pre_filter(self, state, pod: dict):
        constraints = self._constraints(pod, DO_NOT_SCHEDULE)
        if not constraints:
            return None, Status(SKIP)
        counts: list[dict[str, int]] = [{} for _ in constraints]
        namespace = pod["metadata"].get("namespace")
        for node_info in self.handle.cache.node_infos():
            node = node_info.node
            labels = node["metadata"].get("labels") or {}
            if not node_labels_match(labels, constraints):
                continue
            for i, c in enumerate(constraints):
                if not c.match_node_inclusion_policies(pod, node):
                    continue
                value = labels[c.topology_key]
                counts[i][value] = counts[i].get(value, 0) + count_pods_match_selector(
                    node_info.pods.values(), c.selector, namespace)
        state.write(PRE_FILTER_KEY, PreFilterState(constraints, counts))
        return None, None

    # PreFilterExtensions: preemption adds and removes pods on a copy of the node.
    def add_pod(self, state, pod: dict, pod_info, node_info) -> None:
        self._update_with_pod(state.read(PRE_FILTER_KEY), pod_info.pod, pod, node_info.node, 1)

    def remove_pod(self, state, pod: dict, pod_info, node_info) -> None:
        self._update_with_pod(state.read(PRE_FILTER_KEY), pod_info.pod, pod, node_info.node, -1)

    @staticmethod
    def _update_with_pod(s: PreFilterState, updated: dict, preemptor: dict, node: dict,
                         delta: int) -> None:
        if updated["metadata"].get("namespace") != preemptor["metadata"].get("namespace"):
            return
        labels = node["metadata"].get("labels") or {}
        if not node_labels_match(labels, s.constraints):
            return
        pod_labels = updated["metadata"].get("labels") or {}
        for i, c in enumerate(s.constraints):
            if c.selector.matches(pod_labels) and c.match_node_inclusion_policies(preemptor, node):
                value = labels[c.topology_key]
                counts = s.tp_value_to_match_num[i]
                counts[value] = counts.get(value, 0) + delta

    def filter(self, state, pod: dict, node_info) -> Status | None:
        s: PreFilterState = state.read(PRE_FILTER_KEY)
        labels = node_info.labels
        pod_labels = pod["metadata"].get("labels") or {}
        for i, c in enumerate(s.constraints):
            if c.topology_key not in labels:
                return Status(UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_REASON_NODE_LABEL_NOT_MATCH)
            self_match = 1 if c.selector.matches(pod_labels) else 0
            match_num = s.tp_value_to_match_num[i].get(labels[c.topology_key], 0)
            if match_num + self_match - s.min_match_num(i, c.min_domains) > c.max_skew:
                return Status(UNSCHEDULABLE, ERR_REASON_CONSTRAINTS_NOT_MATCH)
        return None

    # -- Score ----------------------------------------------------------------------------
    def pre_score(self, state, pod: dict, nodes: list) -> Status | None:
        all_nodes = self.handle.cache.node_infos()
        if not all_nodes:
            return Status(SKIP)
        constraints = self._constraints(pod, SCHEDULE_ANYWAY)
        if not constraints:
            return Status(SKIP)
        # Only the pod's own or configured (List) constraints need every topology label:
        # with the system defaults a node without a zone label still spreads by hostname.
        require_all = bool(pod.get("spec", {}).get("topologySpreadConstraints")) \
            or not self.system_defaulted
        ignored: set[str] = set()
        counts: list[dict[str, int]] = [{} for _ in constraints]
        for node_info in nodes:
            if require_all and not node_labels_match(node_info.labels, constraints):
                ignored.add(node_info.name)
                continue
            for i, c in enumerate(constraints):
                if c.topology_key != HOSTNAME:   # per-node counts are taken in Score
                    counts[i].setdefault(node_info.labels.get(c.topology_key, ""), 0)
        weights = [math.log((len(nodes) - len(ignored) if c.topology_key == HOSTNAME
                             else len(counts[i])) + 2) for i, c in enumerate(constraints)]
        namespace = pod["metadata"].get("namespace")
        for node_info in all_nodes:
            node = node_info.node
            if require_all and not node_labels_match(node_info.labels, constraints):
                continue
            for i, c in enumerate(constraints):
                if not c.match_node_inclusion_policies(pod, node):
                    continue
                value = node_info.labels.get(c.topology_key, "")
                if value in counts[i]:   # only domains some candidate node is in
                    counts[i][value] += count_pods_match_selector(
                        node_info.pods.values(), c.selector, namespace)
        state.write(PRE_SCORE_KEY, (constraints, counts, weights, ignored))
        return None

    def score(self, state, pod: dict, node_info) -> int:
        constraints, counts, weights, ignored = state.read(PRE_SCORE_KEY)
        if node_info.name in ignored:
            return 0
        namespace = pod["metadata"].get("namespace")
        score = 0.0
        for i, c in enumerate(constraints):
            value = node_info.labels.get(c.topology_key)
            if value is None:
                continue
            if c.topology_key == HOSTNAME:
                count = count_pods_match_selector(node_info.pods.values(), c.selector, namespace)
            else:
                count = counts[i].get(value, 0)
            score += count * weights[i] + (c.max_skew - 1)   # scoreForCount
        return int(math.floor(score + 0.5))                   # math.Round

    def normalize_score(self, state, pod: dict, scores: list) -> None:
        ignored = state.read(PRE_SCORE_KEY)[3]
        valid = [s for name, s in scores if name not in ignored]
        min_score, max_score = min(valid, default=0), max(valid, default=0)
        for entry in scores:
            if entry[0] in ignored:
                entry[1] = 0
            elif max_score == 0:
                entry[1] = 100
            else:
                entry[1] = 100 * (max_score + min_score - entry[1]) // max_score
