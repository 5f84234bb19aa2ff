"""Static-renderable views: each draws one matplotlib figure (and PNG) of cluster state."""

from .base import View
from .cluster_graph import ClusterGraphView
from .node_resources import NodeResourcesView
from .scheduling import SchedulingView
from .sequence import SequenceDiagramView
from .timeline import TimelineView

__all__ = ["View", "ClusterGraphView", "NodeResourcesView", "SchedulingView",
           "SequenceDiagramView", "TimelineView"]
