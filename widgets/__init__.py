"""Widgets that observe a simulated cluster: one name per lab, view and control.

    from k8s_model import Cluster
    from widgets import ClusterLab
    ClusterLab(Cluster(nodes=3))        # Step/Play the clock, watch Pods land on Nodes
    SchedulingLab(Cluster(nodes=3))     # why did this Pod land on node-2, and not node-1?

Widgets never reach into the model: they subscribe with `cluster.watch`, read with
`cluster.list`/`cluster.trace`, and act with `apply`, `kubectl` and `advance`.
"""

from .controls.clock import ClockControls
from .controls.manifest_editor import ManifestEditor
from .controls.pod_form import PodForm
from .labs import ClusterLab, ClusterView, SchedulingLab, SequenceDiagram, Timeline, ViewPane
from .observer import ClusterObserver
from .views import (ClusterGraphView, NodeResourcesView, SchedulingView, SequenceDiagramView,
                    TimelineView, View)

__all__ = [
    "ClusterLab", "ClusterView", "SchedulingLab", "SequenceDiagram", "Timeline",
    "ClockControls", "ManifestEditor", "PodForm", "ClusterObserver", "ViewPane",
    "View", "ClusterGraphView", "NodeResourcesView", "SchedulingView", "SequenceDiagramView",
    "TimelineView",
]
