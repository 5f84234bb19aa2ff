"""Widgets that observe a simulated cluster: one name per lab, view and control.

    from k8s_model import Cluster
    from widgets import ClusterLab
    ClusterLab(Cluster(nodes=3))        # Step/Play the clock, watch Pods land on Nodes

Widgets never reach into the model: they subscribe with `cluster.watch`, read with
`cluster.list`/`cluster.trace`, and act with `apply`, `kubectl` and `advance`.
"""

from .controls.clock import ClockControls
from .controls.manifest_editor import ManifestEditor
from .labs import ClusterLab, ClusterView, SequenceDiagram, Timeline, ViewPane
from .observer import ClusterObserver
from .views import ClusterGraphView, SequenceDiagramView, TimelineView, View

__all__ = [
    "ClusterLab", "ClusterView", "SequenceDiagram", "Timeline", "ClockControls",
    "ManifestEditor", "ClusterObserver", "ViewPane",
    "View", "ClusterGraphView", "SequenceDiagramView", "TimelineView",
]
