"""Widgets that observe a simulated cluster: one name per lab, view and control.

    from k8s_model import Cluster
    from widgets import ClusterLab
    ClusterLab(Cluster(nodes=3))        # Step/Play the clock, watch Pods land on Nodes
    SchedulingLab(Cluster(nodes=3))     # why did this Pod land on node-2, and not node-1?
    ProbeLab(Cluster(nodes=1))          # crash or hang a container; watch the kubelet cope
    ReplicaSetLab(Cluster(nodes=3))     # delete, relabel, scale; watch the ReplicaSet mend
    SelectorLab(Cluster(nodes=2))       # which Pods does `-l 'env notin (prod)'` select?
    FailoverLab(Cluster(nodes=3))       # stop a node; watch NotReady, taints, eviction
    RolloutLab(Cluster(nodes=3))        # roll a Deployment out, stall it, pause, undo
    DaemonSetLab, JobLab, CronJobLab, StatefulSetLab   # four workloads, their Pods' lifelines
    RoutingLab(seed=0)                  # send requests to a Service; see kube-proxy pick Pods
    HPALab(Cluster(nodes=2))            # load php-apache; watch the HPA add and remove Pods
    RuntimeCallsLab(Cluster(nodes=1))   # start, crash, delete a Pod; see the kubelet's CRI calls

Widgets never reach into the model: they subscribe with `cluster.watch`, read with
`cluster.list`/`cluster.trace`, and act with `apply`, `kubectl` and `advance`.
"""

from .controls.clock import ClockControls
from .controls.manifest_editor import ManifestEditor
from .controls.pod_form import PodForm
from .failover_lab import FailoverLab, FailoverTimeline
from .hpa_lab import HPALab, HPATimeline
from .labs import ClusterLab, ClusterView, SchedulingLab, SequenceDiagram, Timeline, ViewPane
from .observer import ClusterObserver
from .probe_lab import ProbeLab, ProbeTimeline
from .replicaset_lab import ReplicaSetLab
from .rollout_lab import RolloutLab
from .routing_lab import RoutingLab
from .runtime_lab import RuntimeCallsLab
from .selector_lab import SelectorLab
from .workload_labs import CronJobLab, DaemonSetLab, JobLab, StatefulSetLab
from .views import (ClusterGraphView, FailoverTimelineView, HPATimelineView, LabelGridView,
                    NodeResourcesView, ProbeTimelineView, SchedulingView, SequenceDiagramView,
                    TimelineView, View)

__all__ = [
    "ClusterLab", "ClusterView", "SchedulingLab", "SequenceDiagram", "Timeline",
    "ProbeLab", "ProbeTimeline", "ProbeTimelineView", "ReplicaSetLab", "RolloutLab", "RoutingLab",
    "RuntimeCallsLab",
    "SelectorLab",
    "FailoverLab", "FailoverTimeline", "FailoverTimelineView",
    "HPALab", "HPATimeline", "HPATimelineView",
    "DaemonSetLab", "JobLab", "CronJobLab", "StatefulSetLab",
    "ClockControls", "ManifestEditor", "PodForm", "ClusterObserver", "ViewPane",
    "View", "ClusterGraphView", "LabelGridView", "NodeResourcesView", "SchedulingView",
    "SequenceDiagramView", "TimelineView",
]
