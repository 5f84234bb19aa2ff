"""The node IPAM controller (pkg/controller/nodeipam, the range allocator).

With `--allocate-node-cidrs` (kubeadm sets it when given a pod network CIDR, e.g.
10.244.0.0/16 for flannel) the controller manager gives every new Node a /24 of its
own in `spec.podCIDR`: the first free one, in order. The node's CNI plugin then hands
out Pod IPs from it — so a Pod's IP tells you its node: 10.244.2.7 runs on the node
that owns 10.244.2.0/24.
"""

from __future__ import annotations

import ipaddress

from .base import Controller, Informer

CLUSTER_CIDR = ipaddress.ip_network("10.244.0.0/16")
NODE_MASK = 24


class NodeIpamController(Controller):
    name = "node-ipam-controller"

    def __init__(self, sim, client, nodes: Informer) -> None:
        super().__init__(sim, client)
        self.nodes = nodes
        nodes.add_handler(lambda t, o, old: t != "DELETED" and self.enqueue(o["metadata"]["name"]))

    def reconcile(self, name: str) -> None:
        node = self.nodes.get(name)
        if node is None or node.get("spec", {}).get("podCIDR"):
            return
        taken = {n["spec"]["podCIDR"] for n in self.nodes.list() if n.get("spec", {}).get("podCIDR")}
        for subnet in CLUSTER_CIDR.subnets(new_prefix=NODE_MASK):
            if str(subnet) not in taken:
                self.client.patch("nodes", None, name,
                                  {"spec": {"podCIDR": str(subnet), "podCIDRs": [str(subnet)]}})
                return
