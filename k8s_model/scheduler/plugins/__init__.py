"""The in-tree plugins, registered by name (pkg/scheduler/framework/plugins/registry.go)."""

from .default_binder import DefaultBinder
from .defaultpreemption import DefaultPreemption
from .image_locality import ImageLocality
from .interpodaffinity import InterPodAffinity
from .node_affinity import NodeAffinity
from .node_name import NodeName
from .node_ports import NodePorts
from .node_unschedulable import NodeUnschedulable
from .noderesources.balanced_allocation import NodeResourcesBalancedAllocation
from .noderesources.fit import NodeResourcesFit
from .podtopologyspread import PodTopologySpread
from .taint_toleration import TaintToleration

REGISTRY = {cls.name: cls for cls in (
    NodeUnschedulable, NodeName, TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit,
    PodTopologySpread, InterPodAffinity, DefaultPreemption, NodeResourcesBalancedAllocation,
    ImageLocality, DefaultBinder)}
