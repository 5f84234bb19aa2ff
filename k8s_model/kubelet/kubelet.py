"""The kubelet: one per node, the agent that makes Pods run (pkg/kubelet/kubelet.go).

It watches the Pods bound to its node (`fieldSelector=spec.nodeName=node-1`) — bound
by the scheduler or set by hand in the manifest — and hands each to its pod worker
after admission (does it fit the node's allocatable?). Workers drive the container
runtime through the CRI and report status through the API; the node status reporter
renews the Lease and posts the Node's status. A Pod being deleted is killed within
its grace period and then removed from the API with grace 0: the kubelet, not the API
server, decides when a running Pod is really gone. Cut off from the API server (a node
failure, `disconnect`) it keeps its containers running and catches up on `reconnect`.

    c = Cluster(nodes=2)
    client = Client(c.api, "kubelet/node-1", User("system:node:node-1", ("system:nodes",)))
    Kubelet(c.sim, client, "node-1", c.trace)
"""

from __future__ import annotations

from ..api import errors
from ..runtime.cri import ContainerRuntime
from .admission import can_admit_pod
from .backoff import Backoff
from .connection import UNREACHABLE, NodeClient
from ..record import EventRecorder
from .image_manager import ImageManager
from .node_status import NodeStatusReporter
from .pod_workers import PodWorker
from .prober import ProberManager
from .status import STATUS_SYNC_PERIOD, StatusManager

MIRROR_ANNOTATION = "kubernetes.io/config.mirror"


def pod_cidr_for(node: dict) -> str:
    """spec.podCIDR as nodeipam assigns it; until a controller does, 10.244.<n>.0/24 with
    n the node's join order (controlplane 0, node-1 1 …) read from its InternalIP."""
    cidr = node.get("spec", {}).get("podCIDR")
    if cidr:
        return cidr
    return f"10.244.{int(internal_ip(node).rsplit('.', 1)[1]) - 10}.0/24"


def internal_ip(node: dict) -> str:
    for address in node.get("status", {}).get("addresses", []):
        if address.get("type") == "InternalIP":
            return address["address"]
    return ""


class Kubelet:
    def __init__(self, sim, client, node_name: str, trace, runtime=None) -> None:
        client = NodeClient.of(client)   # cut by a partition: see connection.py
        self.sim, self.client, self.node_name = sim, client, node_name
        self.runtime = runtime or ContainerRuntime(sim, trace, node_name)
        self.runtime.on_container_exit = self._container_exited
        node = client.get("nodes", None, node_name)
        self.node_ip = self.runtime.host_ip = internal_ip(node)
        self.runtime.update_runtime_config(pod_cidr_for(node))
        self.recorder = EventRecorder(sim, client, node_name)
        self.status_manager = StatusManager(sim, client)
        self.image_manager = ImageManager(sim, self.runtime, self.recorder)
        self.crash_backoff = Backoff()
        self.prober = ProberManager(self)
        self.workers: dict[str, PodWorker] = {}  # uid -> worker
        self.static_pods: dict[str, dict] = {}   # mirror pods: counted, not run
        self.undeleted: dict[str, dict] = {}     # uid -> Pod killed while cut off
        self.node_status = NodeStatusReporter(sim, client, node_name, self.runtime)
        self.watch = client.watch("pods", self._on_pod_event,
                                  field_selector=f"spec.nodeName={node_name}")
        sim.call_later(STATUS_SYNC_PERIOD, self._sync_statuses)

    # -- the pod config source ----------------------------------------------------------------
    def _on_pod_event(self, event) -> None:
        pod = event.object
        meta = pod["metadata"]
        uid = meta["uid"]
        if MIRROR_ANNOTATION in (meta.get("annotations") or {}):
            if event.type == "DELETED":
                self.static_pods.pop(uid, None)
            else:
                self.static_pods[uid] = pod
            return
        worker = self.workers.get(uid)
        if event.type == "DELETED":
            if worker is not None:
                del self.workers[uid]
                worker.cleanup()
                self._forget(uid)
            return
        if worker is not None:
            worker.update(pod)
            return
        if pod.get("status", {}).get("phase") in ("Succeeded", "Failed"):
            return   # finished (or rejected) before: nothing to run
        if meta.get("deletionTimestamp"):
            self._delete(pod)   # never started here: nothing to stop
            return
        self.handle_pod_addition(pod)

    def handle_pod_addition(self, pod: dict) -> None:
        """HandlePodAdditions: admit, then start a pod worker."""
        node = self.client.get("nodes", None, self.node_name)
        others = [w.pod for w in self.workers.values() if not w.state.terminal_phase]
        result = can_admit_pod(pod, others + list(self.static_pods.values()), node)
        if not result.admit:
            self.reject_pod(pod, result.reason, result.message)
            return
        worker = PodWorker(self, pod)
        self.workers[pod["metadata"]["uid"]] = worker
        worker.sync()

    def reject_pod(self, pod: dict, reason: str, message: str) -> None:
        """rejectPod: a Warning event and a Failed phase; the Pod never runs here."""
        self.recorder.eventf(pod, "Warning", reason, message)
        status = {"phase": "Failed", "reason": reason, "message": "Pod was rejected: " + message,
                  "qosClass": pod.get("status", {}).get("qosClass")}
        pod = dict(pod, status={k: v for k, v in status.items() if v is not None})
        try:
            self.client.update_status("pods", pod)
        except errors.ApiError:
            pass

    # -- runtime events -----------------------------------------------------------------------
    def _container_exited(self, container) -> None:
        for worker in self.workers.values():
            sandbox = worker.state.sandbox
            if sandbox is not None and sandbox.id == container.sandbox_id:
                worker.container_exited(container)
                return

    # -- the end of a Pod ---------------------------------------------------------------------
    def pod_terminated(self, worker: PodWorker) -> None:
        """Containers stopped and the sandbox removed: delete the Pod for good."""
        self._delete(worker.pod)

    def _delete(self, pod: dict) -> None:
        meta = pod["metadata"]
        try:
            self.client.delete("pods", meta["namespace"], meta["name"], grace_period_seconds=0)
        except errors.ApiError as error:
            if error.code == UNREACHABLE:
                self.undeleted[meta["uid"]] = pod   # deleted on reconnection
            elif error.code != 404:
                raise

    def _sync_statuses(self) -> None:
        """The status manager's periodic syncBatch: write back a status someone changed."""
        self.sim.call_later(STATUS_SYNC_PERIOD, self._sync_statuses)
        for uid, worker in list(self.workers.items()):
            if self.status_manager.needs_reconcile(uid, worker.pod.get("status") or {}):
                self.status_manager.forget(uid)
                worker.post_status()

    # -- a network partition (Cluster.fail_node / recover_node) --------------------------------
    def disconnect(self) -> None:
        """Cut off from the API server: every request fails and the watch is gone. The
        containers keep running; nothing the control plane decides reaches them."""
        if not self.client.connected:
            return
        self.client.connected = False
        self.watch.stop()

    def reconnect(self) -> None:
        """Back in touch, the kubelet lists its Pods and watches again (the reflector's
        ListAndWatch): Pods deleted meanwhile (Terminating) are killed now, Pods gone
        altogether are cleaned up, and every Pod's status is posted again — the node
        lifecycle controller marked them not Ready while the node was silent."""
        if self.client.connected:
            return
        self.client.connected = True
        selector = f"spec.nodeName={self.node_name}"
        live = {p["metadata"]["uid"] for p in self.client.list("pods", field_selector=selector)}
        for uid in [uid for uid in self.workers if uid not in live]:
            self.workers.pop(uid).cleanup()
            self._forget(uid)
        for uid, pod in list(self.undeleted.items()):
            del self.undeleted[uid]
            if uid in live:
                self._delete(pod)
        self.status_manager.last.clear()
        for worker in self.workers.values():
            worker.post_status()
        self.watch = self.client.watch("pods", self._on_pod_event, field_selector=selector)

    def _forget(self, uid: str) -> None:
        self.status_manager.forget(uid)
        self.recorder.forget(uid)
        self.prober.pod_removed(uid)
