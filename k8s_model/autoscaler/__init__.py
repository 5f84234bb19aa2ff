"""The Cluster Autoscaler (kubernetes/autoscaler, cluster-autoscaler/): nodes on demand.

The HorizontalPodAutoscaler adds Pods; when the nodes are full those Pods stay Pending,
and the Cluster Autoscaler asks the cloud for more nodes. When nodes sit mostly idle for
10 minutes it drains and removes them. It never looks at CPU *usage*: only at Pods the
scheduler could not place and at the requests of the Pods that run.

    c = Cluster(nodes=2)
    ca = c.enable_cluster_autoscaler(min_nodes=1, max_nodes=4)
    # … Pods Pending with "Insufficient cpu" → 10 s later `TriggeredScaleUp`,
    # 60 s later node-3 joins and the scheduler places them.

`start(cluster, …)` makes one node group of the cluster's workers (the control-plane
node is not in it) whose template is a worker as it is now, or a node of `cpu`,
`memory` and `labels`.
"""

from __future__ import annotations

import copy

from ..nodes import node_object
from ..sim import Simulation
from .cloud import NodeGroup
from .static_autoscaler import ClusterAutoscaler

CONTROL_PLANE_LABEL = "node-role.kubernetes.io/control-plane"

__all__ = ["ClusterAutoscaler", "NodeGroup", "start"]


def template_node(workers: list[dict], cpu: str | None, memory: str | None,
                  labels: dict | None) -> dict:
    """TemplateNodeInfoFromExampleNodeInfo: a copy of a worker (its capacity, labels and
    taints); or, given a size or for an empty group, a node of that size."""
    if workers and cpu is None and memory is None and labels is None:
        example = workers[0]
        return {"apiVersion": "v1", "kind": "Node",
                "metadata": {"name": "template", "labels": dict(example["metadata"].get(
                    "labels") or {})},
                "spec": {"taints": [t for t in example["spec"].get("taints") or ()
                                    if not t["key"].startswith("node.kubernetes.io/")]},
                "status": copy.deepcopy({k: example["status"][k]
                                         for k in ("capacity", "allocatable")})}
    # A throwaway clock: the template's random machine IDs must not shift the cluster's.
    return node_object("template", 0, cpu or "4", memory or "8Gi", 110, labels, None,
                       Simulation(0))


def start(cluster, min_nodes: int, max_nodes: int, provision_seconds: float = 60,
          group: str = "default-pool", cpu: str | None = None, memory: str | None = None,
          labels: dict | None = None, **options) -> ClusterAutoscaler:
    workers = [n for n in cluster.list("nodes")
               if CONTROL_PLANE_LABEL not in (n["metadata"].get("labels") or {})]
    node_group = NodeGroup(cluster, group, min_nodes, max_nodes,
                           template_node(workers, cpu, memory, labels),
                           [n["metadata"]["name"] for n in workers], provision_seconds)
    return ClusterAutoscaler(cluster, node_group, **options)
