"""A node group in a pretend cloud (cluster-autoscaler/cloudprovider: NodeGroup, and what
a managed instance group or an AWS Auto Scaling group does behind it).

The autoscaler only ever asks the cloud to change a group's *target size*:
`increase_size(2)` and, some time later, two VMs have booted and their kubelets have
registered two Nodes; `delete_nodes([...])` and those VMs are gone. Here a VM boots in
`provision_seconds` (60 s by default: a typical cloud VM plus kubelet start) and then
joins as `Cluster.add_node` does it; a deleted VM's kubelet and kube-proxy stop at once,
and the cloud-controller-manager's node lifecycle controller deletes the Node object
("Deleting node node-4 because it does not exist in the cloud provider").
"""

from __future__ import annotations

from ..api.authz import service_account_user
from ..client import Client
from ..record import EventRecorder

CLOUD_NODE_DELETE_DELAY = 5.0   # the cloud node lifecycle controller's monitor period


class NodeGroup:
    def __init__(self, cluster, name: str, min_size: int, max_size: int, template: dict,
                 instances: list[str], provision_seconds: float = 60.0) -> None:
        if not 0 <= min_size <= max_size:
            raise ValueError(f"invalid node group size limits: min {min_size}, max {max_size}")
        self.cluster, self.sim = cluster, cluster.sim
        self.name, self.min_size, self.max_size = name, min_size, max_size
        self.template = template        # a Node object every new instance copies
        self.instances = list(instances)   # names of the VMs that exist (booted or booting)
        self.booting: list[str] = []
        self.last_number = 0
        self.provision_seconds = provision_seconds
        self.client = Client(cluster.api, "cloud-controller-manager",
                             service_account_user("kube-system", "cloud-controller-manager"))
        self.recorder = EventRecorder(self.sim, self.client,
                                      component="cloud-node-lifecycle-controller")

    def id(self) -> str:
        return self.name

    def target_size(self) -> int:
        return len(self.instances)

    def increase_size(self, delta: int) -> list[str]:
        """Ask for `delta` more VMs; returns the names their Nodes will have."""
        if delta <= 0:
            raise ValueError("size increase must be positive")
        if self.target_size() + delta > self.max_size:
            raise ValueError(f"size increase too large - desired:{self.target_size() + delta} "
                             f"max:{self.max_size}")
        names = []
        for _ in range(delta):
            name = self._free_name()
            self.instances.append(name)
            self.booting.append(name)
            self.sim.call_later(self.provision_seconds, lambda n=name: self._boot(n))
            names.append(name)
        return names

    def _free_name(self) -> str:
        """node-<N> after the highest N the cluster has seen: a cloud never reuses a VM's
        name (and a name reused too soon would find the old Node's Lease still there)."""
        taken = {n["metadata"]["name"] for n in self.client.list("nodes")} | set(self.instances)
        numbers = [int(n[5:]) for n in taken if n.startswith("node-") and n[5:].isdigit()]
        self.last_number = max(numbers + [self.last_number]) + 1
        return f"node-{self.last_number}"

    def _boot(self, name: str) -> None:
        """The VM is up: its kubelet registers the Node (`kubeadm join` in the image)."""
        if name not in self.booting:
            return
        self.booting.remove(name)
        status = self.template.get("status") or {}
        capacity = status.get("capacity") or {}
        labels = {k: v for k, v in (self.template["metadata"].get("labels") or {}).items()
                  if k != "kubernetes.io/hostname"}
        self.cluster.add_node(name, cpu=capacity.get("cpu", "4"),
                              memory=capacity.get("memory", "8Gi"),
                              pods=int(capacity.get("pods", 110)), labels=labels,
                              taints=(self.template.get("spec") or {}).get("taints"))

    def delete_nodes(self, names: list[str]) -> None:
        """Terminate the VMs: their daemons stop; the cloud controller deletes the Nodes."""
        if self.target_size() - len(names) < self.min_size:
            raise ValueError("min size reached, nodes will not be deleted")
        for name in names:
            self.instances.remove(name)
            kubelet = self.cluster.kubelets.pop(name, None)
            if kubelet is not None:
                kubelet.disconnect()
            proxy = self.cluster.kube_proxies.pop(name, None)
            if proxy is not None:
                proxy.disconnect()
            self.sim.call_later(CLOUD_NODE_DELETE_DELAY, lambda n=name: self._delete_node(n))

    def _delete_node(self, name: str) -> None:
        node = self.client.get_or_none("nodes", None, name)
        if node is None:
            return
        self.recorder.eventf(node, "Normal", "DeletingNode",
                             f"Deleting node {name} because it does not exist in the cloud "
                             f"provider")
        self.client.delete("nodes", None, name)

    def __repr__(self) -> str:
        return (f"NodeGroup({self.name}: {self.target_size()} nodes, min {self.min_size}, "
                f"max {self.max_size}, {len(self.booting)} booting)")
