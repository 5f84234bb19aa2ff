"""The node IPAM controller (pkg/controller/nodeipam, the range allocator).

With `--allocate-node-cidrs` (kubeadm sets it when given a pod network CIDR, e.g.
10.244.0.0/16 for flannel) the controller manager gives every new Node a /24 of its
own in `spec.podCIDR`: the next free one after the last it gave, wrapping round
(cidr_set.go's nextCandidate), so nodes get 10.244.0.0/24, 10.244.1.0/24 … in join
order. The node's CNI plugin then hands out Pod IPs from it — so a Pod's IP tells you
its node: 10.244.2.7 runs on the node that owns 10.244.2.0/24.
"""

from __future__ import annotations

import ipaddress

from .base import Controller, Informer

NODE_MASK = 24


class NodeIpamController(Controller):
    name = "node-ipam-controller"

    def __init__(self, sim, client, nodes: Informer, cluster_cidr: str = "10.244.0.0/16") -> None:
        super().__init__(sim, client)
        self.nodes = nodes
        self.cluster_cidr = ipaddress.ip_network(cluster_cidr)
        self._subnets: list[str] = []
        self._next_candidate = 0   # where the next search for a free /24 starts
        self.enqueue_changes_of(nodes)

    def reconcile(self, name: str) -> None:
        node = self.nodes.get(name)
        if node is None or node.get("spec", {}).get("podCIDR"):
            return
        taken = {n.get("spec", {}).get("podCIDR") for n in self.nodes.cache.values()}
        max_cidrs = 1 << (NODE_MASK - self.cluster_cidr.prefixlen)
        for i in range(max_cidrs):   # cidr_set.go AllocateNext: from nextCandidate, wrapping
            candidate = (i + self._next_candidate) % max_cidrs
            subnet = self._subnet(candidate)
            if subnet not in taken:
                self.client.patch("nodes", None, name,
                                  {"spec": {"podCIDR": subnet, "podCIDRs": [subnet]}})
                self._next_candidate = (candidate + 1) % max_cidrs
                return

    def _subnet(self, index: int) -> str:
        """The index-th /24 of the cluster CIDR (10.244.0.0/16: 0 -> 10.244.0.0/24,
        2 -> 10.244.2.0/24), computed once each."""
        while len(self._subnets) <= index:
            start = int(self.cluster_cidr.network_address) + (len(self._subnets) << (32 - NODE_MASK))
            self._subnets.append(f"{ipaddress.IPv4Address(start)}/{NODE_MASK}")
        return self._subnets[index]
