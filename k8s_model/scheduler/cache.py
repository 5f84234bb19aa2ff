"""The scheduler's cache and snapshot (pkg/scheduler/backend/cache/cache.go, node_tree.go).

Informers feed the cache: every Node and every Pod bound to one. A Pod the scheduler has
just chosen a node for is *assumed* onto that node at once, before the binding shows up
in a watch event, so the next cycle already sees its requests. The node order is the
nodeTree's: zones taken in turn (round robin), nodes within a zone in the order they
joined — with no zone labels that is simply the join order.
"""

from __future__ import annotations

from .types import NodeInfo, PodInfo

ZONE_LABEL = "topology.kubernetes.io/zone"
REGION_LABEL = "topology.kubernetes.io/region"


def zone_of(node: dict) -> str:
    """utilnode.GetZoneKey: "region:\\x00:zone", or "" when the node has neither label."""
    labels = node["metadata"].get("labels") or {}
    region, zone = labels.get(REGION_LABEL, ""), labels.get(ZONE_LABEL, "")
    return f"{region}:\x00:{zone}" if region or zone else ""


class Cache:
    def __init__(self) -> None:
        self.nodes: dict[str, NodeInfo] = {}
        self.pod_node: dict[str, str] = {}       # pod key -> node name
        self.assumed: set[str] = set()
        self.image_nodes: dict[str, int] = {}    # image name -> number of nodes that have it
        self._zones: dict[str, list[str]] = {}   # zone -> node names in join order
        self._order: list[NodeInfo] | None = None
        # node name -> how many of its pods have (anti-)affinity, so InterPodAffinity
        # visits only those nodes (most clusters have few such pods).
        self._nodes_with: dict[str, dict[str, int]] = {"has_affinity": {},
                                                       "required_anti_affinity": {}}

    # -- nodes ----------------------------------------------------------------------------
    def add_node(self, node: dict) -> None:
        name = node["metadata"]["name"]
        info = self.nodes.get(name)
        if info is None:
            info = self.nodes[name] = NodeInfo()
        old_zone = None
        if info.node is not None:
            self._forget_node_images(info)
            old_zone = zone_of(info.node)
        info.set_node(node)
        if old_zone != zone_of(node):   # an update keeps the node's place in its zone
            if old_zone is not None:
                self._zones[old_zone].remove(name)
            self._zones.setdefault(zone_of(node), []).append(name)
        for image in info.image_sizes:
            self.image_nodes[image] = self.image_nodes.get(image, 0) + 1
        self._order = None

    update_node = add_node

    def remove_node(self, name: str) -> None:
        info = self.nodes.get(name)
        if info is None or info.node is None:
            return
        self._forget_node_images(info)
        self._zones[zone_of(info.node)].remove(name)
        if info.pods:            # pods still bound to it stay accounted for (a ghost node)
            info.node = None
        else:
            del self.nodes[name]
        self._order = None

    def _forget_node_images(self, info: NodeInfo) -> None:
        for image in info.image_sizes:
            self.image_nodes[image] -= 1
            if not self.image_nodes[image]:
                del self.image_nodes[image]

    def node_infos(self) -> list[NodeInfo]:
        """The snapshot's node list, in nodeTree order."""
        if self._order is None:
            zones = [names for names in self._zones.values() if names]
            order, depth = [], max((len(z) for z in zones), default=0)
            for i in range(depth):
                order.extend(self.nodes[z[i]] for z in zones if i < len(z))
            self._order = order
        return self._order

    def node_infos_with_affinity(self) -> list[NodeInfo]:
        """HavePodsWithAffinityList: the nodes some pod with (anti-)affinity runs on."""
        return self._with("has_affinity")

    def node_infos_with_required_anti_affinity(self) -> list[NodeInfo]:
        """HavePodsWithRequiredAntiAffinityList."""
        return self._with("required_anti_affinity")

    def _with(self, attribute: str) -> list[NodeInfo]:
        names = self._nodes_with[attribute]
        if not names:
            return []
        return [info for info in self.node_infos() if info.name in names]

    def _count_affinity(self, info: PodInfo, node_name: str, delta: int) -> None:
        for attribute, counts in self._nodes_with.items():
            if getattr(info, attribute):
                counts[node_name] = counts.get(node_name, 0) + delta
                if not counts[node_name]:
                    del counts[node_name]

    def get(self, name: str) -> NodeInfo | None:
        info = self.nodes.get(name)
        return info if info is not None and info.node is not None else None

    # -- pods -----------------------------------------------------------------------------
    def add_pod(self, pod: dict) -> None:
        """A bound pod from the informer (or the confirmation of an assumed one)."""
        info = PodInfo(pod)
        self.assumed.discard(info.key)
        self.remove_pod(info.key)
        self._place(info, pod["spec"]["nodeName"])

    update_pod = add_pod

    def assume_pod(self, pod: dict, node_name: str, info: PodInfo | None = None) -> None:
        info = info if info is not None and info.pod is pod else PodInfo(pod)
        self.remove_pod(info.key)
        self._place(info, node_name)
        self.assumed.add(info.key)

    def forget_pod(self, key: str) -> None:
        if key in self.assumed:
            self.assumed.discard(key)
            self.remove_pod(key)

    def _place(self, info: PodInfo, node_name: str) -> None:
        node = self.nodes.get(node_name)
        if node is None:
            node = self.nodes[node_name] = NodeInfo()   # pod seen before its node
        node.add_pod(info)
        self.pod_node[info.key] = node_name
        self._count_affinity(info, node_name, 1)

    def remove_pod(self, key: str) -> None:
        name = self.pod_node.pop(key, None)
        if name is None:
            return
        node = self.nodes[name]
        info = node.remove_pod(key)
        if info is not None:
            self._count_affinity(info, name, -1)
        if node.node is None and not node.pods:
            del self.nodes[name]

    def is_assumed(self, key: str) -> bool:
        return key in self.assumed
