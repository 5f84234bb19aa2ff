"""The scheduling framework (pkg/scheduler/framework/runtime/framework.go, interface.go).

A profile is a list of plugins per extension point. One scheduling cycle walks them in
order: PreFilter (once per pod), Filter (per node: the first rejection ends that node's
check), PostFilter (only when no node fits: preemption), PreScore, Score (per node,
0–100), NormalizeScore (per plugin, over all nodes), then the weights. The binding cycle
follows: Reserve, Permit, PreBind, Bind. A plugin takes part in an extension point by
having the method of that name (`filter`, `score`, `normalize_score`…).

Worked example, default weights: a node scored TaintToleration 100 (×3), NodeAffinity 0
(×2), NodeResourcesFit 85 (×1), BalancedAllocation 95 (×1) totals 300+0+85+95 = 480.

Every filter verdict and score is also written to the CycleState, which is where the
scheduler's annotations (`filter-result`, `score-result`, `finalscore-result`) come from.
"""

from __future__ import annotations

from ..controllers.base import Informer
from .status import (ERROR, SUCCESS, UNSCHEDULABLE, UNSCHEDULABLE_AND_UNRESOLVABLE,
                     Status, is_success)
from .types import PodInfo

MAX_NODE_SCORE, MIN_NODE_SCORE = 100, 0
PASSED = "passed"
POINTS = ("preFilter", "filter", "postFilter", "preScore", "score", "reserve", "permit",
          "preBind", "bind")
# The method that makes a plugin part of each extension point.
METHODS = {"preFilter": "pre_filter", "filter": "filter", "postFilter": "post_filter",
           "preScore": "pre_score", "score": "score", "reserve": "reserve",
           "permit": "permit", "preBind": "pre_bind", "bind": "bind"}
TYPE_NAMES = {"preFilter": "PreFilterPlugin", "filter": "FilterPlugin",
              "postFilter": "PostFilterPlugin", "preScore": "PreScorePlugin",
              "score": "ScorePlugin", "reserve": "ReservePlugin", "permit": "PermitPlugin",
              "preBind": "PreBindPlugin", "bind": "BindPlugin"}


class CycleState:
    """Data plugins share during one pod's cycle, plus the record the annotations show."""

    def __init__(self) -> None:
        self.data: dict = {}
        self.skip_filter_plugins: set[str] = set()
        self.skip_score_plugins: set[str] = set()
        self.filter_results: dict[str, dict[str, str]] = {}
        self.score_results: dict[str, dict[str, int]] = {}
        self.final_score_results: dict[str, dict[str, int]] = {}
        self.record = True   # preemption's dry runs re-run filters without recording

    def write(self, key: str, value) -> None:
        self.data[key] = value

    def read(self, key: str):
        return self.data.get(key)

    def clone(self) -> "CycleState":
        """CycleState.Clone: preemption dry-runs every node on its own copy, so a plugin's
        PreFilter data (matching pods per topology domain) can change without leaking.
        Plugin data with a `clone()` is copied; the rest is shared as it never changes."""
        copy = CycleState()
        copy.data = {key: value.clone() if hasattr(value, "clone") else value
                     for key, value in self.data.items()}
        copy.skip_filter_plugins = set(self.skip_filter_plugins)
        copy.skip_score_plugins = set(self.skip_score_plugins)
        copy.record = False
        return copy

    def pod_info(self, pod: dict) -> PodInfo:
        """The cycle's pod parsed once (requests, affinity terms), as upstream's
        QueuedPodInfo carries a PodInfo into every plugin."""
        info = self.data.get("podInfo")
        if info is None or info.pod is not pod:
            info = self.data["podInfo"] = PodInfo(pod)
        return info


class Framework:
    """One profile: plugin instances wired to extension points, and the runners."""

    def __init__(self, profile, registry: dict, handle) -> None:
        self.profile_name = profile.scheduler_name
        self.percentage_of_nodes_to_score = profile.percentage_of_nodes_to_score
        self.handle = handle
        self.plugins: dict[str, object] = {}
        for name in profile.plugins_needed():
            if name in registry:
                self.plugins[name] = registry[name](profile.plugin_args.get(name) or {}, handle)
        self.points: dict[str, list] = {}
        for point in POINTS:
            names = profile.expand(point, lambda n, p=point: self._implements(n, p))
            self.points[point] = [self.plugins[n] for n in names if n in self.plugins]
        self.score_weights = profile.score_weights(lambda n: self._implements(n, "score"))

    def _implements(self, name: str, point: str) -> bool:
        plugin = self.plugins.get(name)
        return plugin is not None and hasattr(plugin, METHODS[point])

    # -- filtering ------------------------------------------------------------------------
    def run_pre_filter_plugins(self, state: CycleState, pod: dict):
        """(node names or None for all, Status, unschedulable plugins)."""
        result, rejectors = None, set()
        for plugin in self.points["preFilter"]:
            nodes, status = plugin.pre_filter(state, pod)
            if status is not None and status.is_skip():
                state.skip_filter_plugins.add(plugin.name)
                continue
            if not is_success(status):
                status.with_plugin(plugin.name)
                if status.is_rejected():
                    rejectors.add(plugin.name)
                return None, status, rejectors
            if nodes is not None:
                result = set(nodes) if result is None else result & set(nodes)
                if not result:
                    return None, Status(UNSCHEDULABLE_AND_UNRESOLVABLE,
                                        f"node(s) didn't satisfy plugin {plugin.name}",
                                        plugin=plugin.name), {plugin.name}
        return result, Status(SUCCESS), rejectors

    def run_filter_plugins(self, state: CycleState, pod: dict, node_info) -> Status:
        record = state.filter_results.setdefault(node_info.name, {}) if state.record else None
        for plugin in self.points["filter"]:
            if plugin.name in state.skip_filter_plugins:
                continue
            status = plugin.filter(state, pod, node_info)
            if not is_success(status):
                status.with_plugin(plugin.name)
                if record is not None:
                    record[plugin.name] = status.message()
                if not status.is_rejected():
                    status = Status(ERROR, f'running "{plugin.name}" filter plugin: '
                                           f'{status.message()}', plugin=plugin.name)
                return status
            if record is not None:
                record[plugin.name] = PASSED
        return Status(SUCCESS)

    def run_pre_filter_extension_add_pod(self, state: CycleState, pod: dict, pod_info_to_add,
                                         node_info) -> Status:
        """RunPreFilterExtensionAddPod: a pod was added to `node_info` (a copy); plugins
        whose PreFilter precomputed something about other pods (PodTopologySpread,
        InterPodAffinity) update it."""
        return self._run_pre_filter_extension("add_pod", "AddPod", state, pod,
                                              pod_info_to_add, node_info)

    def run_pre_filter_extension_remove_pod(self, state: CycleState, pod: dict,
                                            pod_info_to_remove, node_info) -> Status:
        """RunPreFilterExtensionRemovePod: preemption took a victim off `node_info`."""
        return self._run_pre_filter_extension("remove_pod", "RemovePod", state, pod,
                                              pod_info_to_remove, node_info)

    def _run_pre_filter_extension(self, method: str, verb: str, state, pod, pod_info,
                                  node_info) -> Status:
        for plugin in self.points["preFilter"]:
            if not hasattr(plugin, method) or plugin.name in state.skip_filter_plugins:
                continue
            status = getattr(plugin, method)(state, pod, pod_info, node_info)
            if not is_success(status):
                return Status(ERROR, f'running {verb} on PreFilter plugin "{plugin.name}": '
                                     f'{status.message()}', plugin=plugin.name)
        return Status(SUCCESS)

    def run_filter_plugins_with_nominated_pods(self, state: CycleState, pod: dict,
                                               node_info) -> Status:
        """RunFilterPluginsWithNominatedPods: pods nominated to this node (a preemptor
        waiting for its victims to go) of equal or higher priority count as already
        running — the pod must not take the room freed for them. If the node passes that
        way, it must also pass without them (pod affinity to one is not yet satisfied)."""
        priority = pod.get("spec", {}).get("priority") or 0
        uid = pod["metadata"].get("uid")
        nominated = self.handle.nominated_pods_for_node(node_info.name) if self.handle else ()
        ahead = [p for p in nominated if p.priority >= priority and p.uid != uid]
        if not ahead:
            return self.run_filter_plugins(state, pod, node_info)
        state_with, node_with = state.clone(), node_info.snapshot()
        state_with.record = state.record
        state_with.filter_results = state.filter_results
        for info in ahead:
            node_with.add_pod(info)
            status = self.run_pre_filter_extension_add_pod(state_with, pod, info, node_with)
            if not is_success(status):
                return status
        status = self.run_filter_plugins(state_with, pod, node_with)
        if not status.is_success():
            return status
        return self.run_filter_plugins(state, pod, node_info)

    def run_post_filter_plugins(self, state: CycleState, pod: dict, node_to_status):
        result, reasons, rejector = None, [], ""
        for plugin in self.points["postFilter"]:
            r, status = plugin.post_filter(state, pod, node_to_status)
            if is_success(status):
                return r, Status(SUCCESS)
            if status.code == UNSCHEDULABLE_AND_UNRESOLVABLE or not status.is_rejected():
                return r, status.with_plugin(plugin.name)
            result = r if r is not None else result
            reasons.extend(status.reasons)
            rejector = rejector or plugin.name
        return result, Status(UNSCHEDULABLE, *reasons, plugin=rejector)

    # -- scoring --------------------------------------------------------------------------
    def run_pre_score_plugins(self, state: CycleState, pod: dict, nodes: list) -> Status:
        for plugin in self.points["preScore"]:
            status = plugin.pre_score(state, pod, nodes)
            if status is not None and status.is_skip():
                state.skip_score_plugins.add(plugin.name)
            elif not is_success(status):
                return Status(ERROR, f'running PreScore plugin "{plugin.name}": '
                                     f'{status.message()}', plugin=plugin.name)
        return Status(SUCCESS)

    def run_score_plugins(self, state: CycleState, pod: dict, nodes: list) -> list[dict]:
        """Per node: {"name", "scores": {plugin: weighted}, "total"} (NodePluginScores)."""
        plugins = [p for p in self.points["score"] if p.name not in state.skip_score_plugins]
        results = [{"name": n.name, "scores": {}, "total": 0} for n in nodes]
        raw_record = [state.score_results.setdefault(n.name, {}) for n in nodes]
        final_record = [state.final_score_results.setdefault(n.name, {}) for n in nodes]
        for plugin in plugins:
            name, score = plugin.name, plugin.score
            scores = [[n.name, score(state, pod, n)] for n in nodes]
            for record, (_, raw) in zip(raw_record, scores):
                record[name] = raw
            if hasattr(plugin, "normalize_score"):
                plugin.normalize_score(state, pod, scores)
            weight = self.score_weights[name]
            for result, record, (_, value) in zip(results, final_record, scores):
                if not MIN_NODE_SCORE <= value <= MAX_NODE_SCORE:
                    raise ValueError(f'plugin "{name}" returns an invalid score {value}, '
                                     f"it should in the range of [{MIN_NODE_SCORE}, "
                                     f"{MAX_NODE_SCORE}] after normalizing")
                result["scores"][name] = record[name] = value * weight
                result["total"] += value * weight
        return results

    # -- the binding cycle ----------------------------------------------------------------
    def _run_simple(self, point: str, state, pod, node_name: str) -> Status:
        for plugin in self.points[point]:
            status = getattr(plugin, METHODS[point])(state, pod, node_name)
            if status is not None and status.is_skip():
                continue   # a Bind plugin may pass the pod on to the next binder
            if not is_success(status):
                return status.with_plugin(plugin.name)
            if point == "bind":
                return Status(SUCCESS)
        return Status(SUCCESS)

    def run_reserve_plugins_reserve(self, state, pod, node_name: str) -> Status:
        return self._run_simple("reserve", state, pod, node_name)

    def run_reserve_plugins_unreserve(self, state, pod, node_name: str) -> None:
        for plugin in reversed(self.points["reserve"]):
            if hasattr(plugin, "unreserve"):
                plugin.unreserve(state, pod, node_name)

    def run_permit_plugins(self, state, pod, node_name: str) -> Status:
        return self._run_simple("permit", state, pod, node_name)

    def run_pre_bind_plugins(self, state, pod, node_name: str) -> Status:
        return self._run_simple("preBind", state, pod, node_name)

    def run_bind_plugins(self, state, pod, node_name: str) -> Status:
        if not self.points["bind"]:
            return Status(ERROR, "at least one bind plugin is needed")
        return self._run_simple("bind", state, pod, node_name)

    def has_post_filter_plugins(self) -> bool:
        return bool(self.points["postFilter"])

    def has_score_plugins(self) -> bool:
        return bool(self.points["score"])

    def events_to_register(self) -> dict[str, set[str]]:
        """Plugin name -> cluster events that may make a pod it rejected schedulable."""
        return {name: set(getattr(p, "EVENTS", ())) for name, p in self.plugins.items()}


class ListerHandle:
    """What plugins read through the framework handle (framework.Handle's
    SharedInformerFactory listers): namespaces' labels and the workloads' objects, from
    informers. The scheduler and the Cluster Autoscaler's simulator both run the plugins
    on top of it."""

    LISTED = ("namespaces", "services", "replicasets", "statefulsets", "replicationcontrollers")

    def start_listers(self, client) -> None:
        self.informers = {r: Informer(client, r) for r in self.LISTED}

    def namespace_labels(self, namespace: str) -> dict:
        ns = self.informers["namespaces"].get(namespace)
        return (ns or {}).get("metadata", {}).get("labels") or {}

    def list_objects(self, resource: str, namespace: str) -> list[dict]:
        return self.informers[resource].list(namespace)

    def get_object(self, resource: str, namespace: str, name: str) -> dict | None:
        return self.informers[resource].get(f"{namespace}/{name}")
