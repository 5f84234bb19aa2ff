"""The node's heartbeats (pkg/kubelet/nodelease, kubelet_node_status.go).

Two signals tell the control plane a node is alive. The Lease in kube-node-lease is
renewed every 10 s (a quarter of its 40 s duration): a cheap write of `renewTime`.
The Node's status is checked every nodeStatusUpdateFrequency (10 s) but written only
when something changed (a condition, the list of images) or nodeStatusReportFrequency
(5 min) has passed since the last report, when every condition's lastHeartbeatTime
moves. So an idle node writes its Lease 30 times and its status once in 5 minutes.
A node cut off from the API server (Cluster.fail_node) posts nothing: each attempt fails
and the next tick tries again.
"""

from __future__ import annotations

import copy

from ..api import errors
from ..nodes import node_conditions

LEASE_DURATION = 40
RENEW_INTERVAL = LEASE_DURATION / 4        # 10 s
NODE_STATUS_UPDATE_FREQUENCY = 10.0
NODE_STATUS_REPORT_FREQUENCY = 300.0
MAX_IMAGES_IN_NODE_STATUS = 50


class NodeLease:
    """The kubelet's lease controller: renew kube-node-lease/<node> every 10 s. A node
    without a kubelet (Cluster(kubelets=False), like kubemark's hollow nodes) runs this
    alone, so that the node lifecycle controller keeps it Ready."""

    def __init__(self, sim, client, node_name: str) -> None:
        self.sim, self.client, self.node_name = sim, client, node_name
        sim.call_soon(self.renew_lease)

    def renew_lease(self) -> None:
        self.sim.call_later(RENEW_INTERVAL, self.renew_lease)
        try:
            lease = self.client.get_or_none("leases", "kube-node-lease", self.node_name)
            if lease is None:
                self.client.create("leases", {
                    "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
                    "metadata": {"name": self.node_name, "namespace": "kube-node-lease"},
                    "spec": {"holderIdentity": self.node_name,
                             "leaseDurationSeconds": LEASE_DURATION,
                             "renewTime": self.sim.micro_timestamp()}})
                return
            lease["spec"]["renewTime"] = self.sim.micro_timestamp()
            self.client.update("leases", lease)
        except errors.ApiError:
            pass   # retried on the next tick, as the lease controller does


class NodeStatusReporter:
    def __init__(self, sim, client, node_name: str, runtime) -> None:
        self.sim, self.client, self.node_name, self.runtime = sim, client, node_name, runtime
        self.last_report = None
        self.lease = NodeLease(sim, client, node_name)
        sim.call_soon(self.sync_node_status)

    # -- the Node's status --------------------------------------------------------------------
    def images(self) -> list[dict]:
        """status.images: every image on the node, largest first (at most 50)."""
        from ..runtime.images import image_digest, parse_reference

        entries = []
        for ref, (_, size) in self.runtime.images.items():
            parsed = parse_reference(ref)
            entries.append({"names": [f"{parsed.repository}@{image_digest(parsed)}", ref],
                            "sizeBytes": size})
        entries.sort(key=lambda e: (-e["sizeBytes"], e["names"][1]))
        return entries[:MAX_IMAGES_IN_NODE_STATUS]

    def _conditions(self, old: list[dict]) -> list[dict]:
        """What the kubelet sees of itself: healthy, Ready. A condition whose status did
        not change keeps its times (a controller's `Unknown` is replaced on recovery)."""
        before = {c["type"]: c for c in old}
        conditions = []
        for c in node_conditions(self.sim.timestamp()):
            prev = before.get(c["type"])
            if prev and prev.get("status") == c["status"]:
                c = {**c, "lastHeartbeatTime": prev.get("lastHeartbeatTime"),
                     "lastTransitionTime": prev.get("lastTransitionTime")}
            conditions.append(c)
        return conditions

    def sync_node_status(self) -> None:
        self.sim.call_later(NODE_STATUS_UPDATE_FREQUENCY, self.sync_node_status)
        try:
            node = self.client.get("nodes", None, self.node_name)
        except errors.ApiError:
            return
        old = node.get("status", {})
        status = copy.deepcopy(old)
        status["images"] = self.images()
        status["conditions"] = self._conditions(old.get("conditions") or [])
        changed = status != old
        due = self.last_report is None or \
            self.sim.now - self.last_report >= NODE_STATUS_REPORT_FREQUENCY
        if not (changed or due):
            return
        now = self.sim.timestamp()
        for condition in status.get("conditions", []):
            condition["lastHeartbeatTime"] = now
        node["status"] = status
        try:
            self.client.update_status("nodes", node)
            self.last_report = self.sim.now
        except errors.ApiError:
            pass
