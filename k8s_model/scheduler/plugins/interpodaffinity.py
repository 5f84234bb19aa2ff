"""InterPodAffinity (plugins/interpodaffinity): place pods near, or away from, other pods.

Filter, three checks per node, each over topology pairs (key, value) such as
(kubernetes.io/hostname, node-2) or (topology.kubernetes.io/zone, a):
1. the pod's required affinity: some pod matching *all* its terms must run in the same
   domain (the first pod of a group that matches its own terms is let through);
2. the pod's required anti-affinity: no matching pod in the domain;
3. existing pods' required anti-affinity: no pod here may refuse the newcomer.
Score: preferred terms of both sides add (affinity) or subtract (anti-affinity) their
weight in the domain; an existing pod's *required* affinity counts with
hardPodAffinityWeight (1). Normalised min → 0, max → 100.
"""

from __future__ import annotations

from ..status import SKIP, UNSCHEDULABLE, UNSCHEDULABLE_AND_UNRESOLVABLE, Status

ERR_REASON_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules"
ERR_REASON_AFFINITY = "node(s) didn't match pod affinity rules"
ERR_REASON_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules"
PRE_FILTER_KEY, PRE_SCORE_KEY = "PreFilterInterPodAffinity", "PreScoreInterPodAffinity"


def _update(counts: dict, labels: dict, key: str, value: int) -> None:
    """topologyToMatchedTermCount.update: a count back at zero is dropped, so "no pod
    matches anywhere" stays an empty map (the first-pod exception relies on it)."""
    if key in labels:
        pair = (key, labels[key])
        counts[pair] = counts.get(pair, 0) + value
        if not counts[pair]:
            del counts[pair]


class PreFilterState:
    """preFilterState: counts per topology pair of (1) existing pods whose required
    anti-affinity matches the pod, (2) pods matching all of the pod's required affinity
    terms, (3) pods matching one of its required anti-affinity terms."""

    __slots__ = ("pod_info", "namespace_labels", "existing_anti_affinity_counts",
                 "affinity_counts", "anti_affinity_counts")

    def __init__(self, pod_info, namespace_labels: dict) -> None:
        self.pod_info, self.namespace_labels = pod_info, namespace_labels
        self.existing_anti_affinity_counts: dict = {}
        self.affinity_counts: dict = {}
        self.anti_affinity_counts: dict = {}

    def clone(self) -> "PreFilterState":
        copy = PreFilterState(self.pod_info, self.namespace_labels)
        copy.existing_anti_affinity_counts = dict(self.existing_anti_affinity_counts)
        copy.affinity_counts = dict(self.affinity_counts)
        copy.anti_affinity_counts = dict(self.anti_affinity_counts)
        return copy

    def update_with_pod(self, other, other_ns_labels: dict, labels: dict, multiplier: int):
        """updateWithPod: `other` (a PodInfo) is added to (1) or removed from (−1) a node
        with `labels`. The incoming pod's terms see the other pod's namespace labels
        (upstream merges namespaceSelector into the namespaces instead)."""
        info = self.pod_info
        for term in other.required_anti_affinity:
            if term.matches(info.pod, self.namespace_labels):
                _update(self.existing_anti_affinity_counts, labels, term.topology_key,
                        multiplier)
        if info.required_affinity and all(t.matches(other.pod, other_ns_labels)
                                          for t in info.required_affinity):
            for term in info.required_affinity:
                _update(self.affinity_counts, labels, term.topology_key, multiplier)
        for term in info.required_anti_affinity:
            if term.matches(other.pod, other_ns_labels):
                _update(self.anti_affinity_counts, labels, term.topology_key, multiplier)


class InterPodAffinity:
    name = "InterPodAffinity"
    EVENTS = ("NodeAdd", "NodeUpdate", "AssignedPodAdd", "AssignedPodUpdate",
              "AssignedPodDelete")

    def __init__(self, args: dict, handle) -> None:
        self.handle = handle
        self.hard_pod_affinity_weight = args.get("hardPodAffinityWeight", 1)
        self.ignore_preferred_of_existing = args.get("ignorePreferredTermsOfExistingPods",
                                                     False)

    def _ns_labels(self, namespace: str) -> dict:
        return self.handle.namespace_labels(namespace)

    # -- Filter ---------------------------------------------------------------------------
    def pre_filter(self, state, pod: dict):
        info = state.pod_info(pod)
        s = PreFilterState(info, self._ns_labels(pod["metadata"].get("namespace")))
        cache = self.handle.cache
        # Only nodes hosting a pod with required anti-affinity can refuse the newcomer
        # (the snapshot's HavePodsWithRequiredAntiAffinityList) ...
        for node_info in cache.node_infos_with_required_anti_affinity():
            for existing in node_info.pods_with_required_anti_affinity():
                for term in existing.required_anti_affinity:
                    if term.matches(pod, s.namespace_labels):
                        _update(s.existing_anti_affinity_counts, node_info.labels,
                                term.topology_key, 1)
        # ... but the pod's own required terms must look at every pod.
        for node_info in (cache.node_infos() if info.required_affinity
                          or info.required_anti_affinity else ()):
            labels = node_info.labels
            for existing in node_info.pods.values():
                other_ns = self._ns_labels(existing.pod["metadata"].get("namespace"))
                if info.required_affinity and all(t.matches(existing.pod, other_ns)
                                                  for t in info.required_affinity):
                    for term in info.required_affinity:
                        _update(s.affinity_counts, labels, term.topology_key, 1)
                for term in info.required_anti_affinity:
                    if term.matches(existing.pod, other_ns):
                        _update(s.anti_affinity_counts, labels, term.topology_key, 1)
        if not (s.existing_anti_affinity_counts or info.required_affinity
                or info.required_anti_affinity):
            return None, Status(SKIP)
        state.write(PRE_FILTER_KEY, s)
        return None, None

    # PreFilterExtensions: preemption adds and removes pods on a copy of the node.
    def add_pod(self, state, pod: dict, pod_info, node_info) -> None:
        state.read(PRE_FILTER_KEY).update_with_pod(
            pod_info, self._ns_labels(pod_info.pod["metadata"].get("namespace")),
            node_info.labels, 1)

    def remove_pod(self, state, pod: dict, pod_info, node_info) -> None:
        state.read(PRE_FILTER_KEY).update_with_pod(
            pod_info, self._ns_labels(pod_info.pod["metadata"].get("namespace")),
            node_info.labels, -1)

    def filter(self, state, pod: dict, node_info) -> Status | None:
        s: PreFilterState = state.read(PRE_FILTER_KEY)
        labels = node_info.labels
        if not self._satisfy_pod_affinity(s, labels):
            return Status(UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_REASON_AFFINITY)
        for term in s.pod_info.required_anti_affinity:
            if term.topology_key in labels and s.anti_affinity_counts.get(
                    (term.topology_key, labels[term.topology_key]), 0) > 0:
                return Status(UNSCHEDULABLE, ERR_REASON_ANTI_AFFINITY)
        if any(s.existing_anti_affinity_counts.get(pair, 0) > 0 for pair in labels.items()):
            return Status(UNSCHEDULABLE, ERR_REASON_EXISTING_ANTI_AFFINITY)
        return None

    @staticmethod
    def _satisfy_pod_affinity(s: PreFilterState, labels: dict) -> bool:
        pods_exist = True
        for term in s.pod_info.required_affinity:
            if term.topology_key not in labels:
                return False   # every topology label must exist on the node
            if s.affinity_counts.get((term.topology_key, labels[term.topology_key]), 0) <= 0:
                pods_exist = False
        if pods_exist:
            return True
        # The first pod of a group with affinity to itself must not wait forever: no pod
        # anywhere matches, but the pod matches its own terms.
        return not s.affinity_counts and all(
            t.matches(s.pod_info.pod, s.namespace_labels) for t in s.pod_info.required_affinity)

    # -- Score ----------------------------------------------------------------------------
    def pre_score(self, state, pod: dict, nodes: list) -> Status | None:
        info = state.pod_info(pod)
        has_constraints = bool(info.preferred_affinity or info.preferred_anti_affinity)
        if self.ignore_preferred_of_existing and not has_constraints:
            return Status(SKIP)
        ns_labels = self._ns_labels(pod["metadata"].get("namespace"))
        scores: dict[str, dict[str, int]] = {}

        def process(terms, target: dict, target_ns_labels, labels: dict, sign: int,
                    weight=None) -> None:
            for term in terms:
                if term.matches(target, target_ns_labels) and term.topology_key in labels:
                    by_value = scores.setdefault(term.topology_key, {})
                    value = labels[term.topology_key]
                    by_value[value] = by_value.get(value, 0) + (weight or term.weight) * sign

        # Unless the pod has preferred terms, only nodes hosting pods with affinity matter.
        cache = self.handle.cache
        for node_info in (cache.node_infos() if has_constraints
                          else cache.node_infos_with_affinity()):
            labels = node_info.labels
            if not labels:
                continue
            existing_pods = (node_info.pods.values() if has_constraints
                             else node_info.pods_with_affinity())
            for existing in existing_pods:
                other_ns = self._ns_labels(existing.pod["metadata"].get("namespace"))
                process(info.preferred_affinity, existing.pod, other_ns, labels, 1)
                process(info.preferred_anti_affinity, existing.pod, other_ns, labels, -1)
                if self.hard_pod_affinity_weight > 0:
                    process(existing.required_affinity, pod, ns_labels, labels, 1,
                            self.hard_pod_affinity_weight)
                process(existing.preferred_affinity, pod, ns_labels, labels, 1)
                process(existing.preferred_anti_affinity, pod, ns_labels, labels, -1)
        if not scores:
            return Status(SKIP)
        state.write(PRE_SCORE_KEY, scores)
        return None

    def score(self, state, pod: dict, node_info) -> int:
        scores = state.read(PRE_SCORE_KEY)
        labels = node_info.labels
        return sum(by_value.get(labels[key], 0) for key, by_value in scores.items()
                   if key in labels)

    def normalize_score(self, state, pod: dict, scores: list) -> None:
        values = [s for _, s in scores]
        low, high = min(values, default=0), max(values, default=0)
        for entry in scores:
            entry[1] = int(100 * ((entry[1] - low) / (high - low))) if high > low else 0
