"""Scale-up: pending Pods → more nodes (cluster-autoscaler/core/scaleup/orchestrator/
orchestrator.go, estimator/binpacking_estimator.go, processors/status/
eventing_scale_up_processor.go).

Given the Pods the scheduler gave up on (PodScheduled=False, reason Unschedulable) that
would not fit on any node that exists or is already booting:

1. skip a group at its max size ("max node group size reached");
2. keep the Pods that pass the scheduler's filters on the group's template node — the
   others get `NotTriggerScaleUp` with the filter's reason, e.g. "pod didn't trigger
   scale-up: 1 Insufficient cpu" (one group rejected it for that);
3. bin-pack those Pods onto as many template nodes as needed (largest first, each onto
   the first new node it fits), at most up to the max size;
4. raise the group's target size, and tell every Pod that helped:
   `TriggeredScaleUp` "pod triggered scale-up: [{default-pool 3->4 (max: 6)}]".

Worked example: three workers of 4 CPUs, each with 3 CPUs requested, and two pending
Pods asking for 2 CPUs each: neither fits a worker (1 CPU free), each fits an empty
template node (4 CPUs) and two fit one, so one node: 3->4.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..scheduler.status import is_success
from ..scheduler.types import NodeInfo, PodInfo
from .simulator import add_template_node, place

MAX_SIZE_REACHED = "max node group size reached"


@dataclass
class ScaleUpInfo:
    group: str
    current_size: int
    new_size: int
    max_size: int

    def __str__(self) -> str:
        """nodegroupset.ScaleUpInfo.String: `{default-pool 3->4 (max: 6)}`."""
        return f"{{{self.group} {self.current_size}->{self.new_size} (max: {self.max_size})}}"


@dataclass
class ScaleUpStatus:
    infos: list[ScaleUpInfo] = field(default_factory=list)
    triggered: list[dict] = field(default_factory=list)
    remaining: list[tuple[dict, str]] = field(default_factory=list)   # (pod, reason)

    @property
    def successful(self) -> bool:
        return bool(self.infos)


def _score(pod: dict, template: NodeInfo) -> float:
    """binpacking_estimator's ordering: the Pod's share of a node, cpu plus memory."""
    requests = PodInfo(pod).requests
    return sum(requests.get(r, 0) / template.allocatable[r] for r in ("cpu", "memory")
               if template.allocatable.get(r))


def estimate(autoscaler, group, pods: list[dict], limit: int) -> tuple[int, list[dict]]:
    """BinpackingNodeEstimator.Estimate: how many template nodes (at most `limit`) the
    Pods need, and which Pods they take."""
    snapshot = autoscaler.snapshot()
    checker, daemon_pods = autoscaler.checker, autoscaler.daemonset_pods(group)
    new_nodes: list[str] = []
    fitted = []
    template = NodeInfo(group.template)
    for pod in sorted(pods, key=lambda p: -_score(p, template)):
        node = checker.fits_any_node(snapshot, pod, exclude=set(snapshot.nodes) - set(new_nodes))
        if node is None and len(new_nodes) < limit:
            name = f"template-node-for-{group.id()}-{len(new_nodes)}"
            add_template_node(snapshot, group.template, name, daemon_pods)
            if is_success(checker.check_predicates(snapshot, pod, name)):
                new_nodes.append(name)
                node = name
            else:
                snapshot.remove_node(name)
        if node is not None:
            place(snapshot, pod, node)
            fitted.append(pod)
    return len(new_nodes), fitted


def scale_up(autoscaler, group, pods: list[dict]) -> ScaleUpStatus:
    """ScaleUpOrchestrator.ScaleUp for one node group."""
    status = ScaleUpStatus()
    current = group.target_size()
    if current >= group.max_size:
        status.remaining = [(pod, MAX_SIZE_REACHED) for pod in pods]
        return status
    snapshot = autoscaler.snapshot()
    name = f"template-node-for-{group.id()}"
    add_template_node(snapshot, group.template, name, autoscaler.daemonset_pods(group))
    schedulable = []
    for pod in pods:
        verdict = autoscaler.checker.check_predicates(snapshot, pod, name)
        if is_success(verdict):
            schedulable.append(pod)
        else:
            status.remaining.append((pod, verdict.message()))
    if not schedulable:
        return status
    count, fitted = estimate(autoscaler, group, schedulable, group.max_size - current)
    if count == 0:
        return status
    group.increase_size(count)
    status.infos = [ScaleUpInfo(group.id(), current, current + count, group.max_size)]
    status.triggered = fitted
    return status


def record_events(recorder, status: ScaleUpStatus) -> None:
    """EventingScaleUpStatusProcessor.Process."""
    if not status.successful:
        for pod, reason in status.remaining:
            recorder.eventf(pod, "Normal", "NotTriggerScaleUp",
                            f"pod didn't trigger scale-up: 1 {reason}")
    infos = " ".join(str(info) for info in status.infos)
    for pod in status.triggered:
        recorder.eventf(pod, "Normal", "TriggeredScaleUp", f"pod triggered scale-up: [{infos}]")
