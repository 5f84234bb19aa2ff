"""Static-renderable views: each draws one matplotlib figure (and PNG) of cluster state."""

from .base import View
from .cluster_graph import ClusterGraphView
from .failover_timeline import FailoverTimelineView
from .hpa_timeline import HPATimelineView
from .label_grid import LabelGridView
from .node_resources import NodeResourcesView
from .probe_timeline import ProbeTimelineView
from .scheduling import SchedulingView
from .sequence import SequenceDiagramView
from .timeline import TimelineView

__all__ = ["View", "ClusterGraphView", "FailoverTimelineView", "HPATimelineView", "LabelGridView",
           "NodeResourcesView", "ProbeTimelineView", "SchedulingView", "SequenceDiagramView",
           "TimelineView"]
