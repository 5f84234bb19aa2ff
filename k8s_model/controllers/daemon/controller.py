"""The DaemonSet controller (pkg/controller/daemon/daemon_controller.go).

One Pod on every node that should run it. Each sync, for every node:
* NodeShouldRunDaemonPod (placement.py): does the node fit the template's nodeSelector
  and required node affinity, and are its NoSchedule/NoExecute taints tolerated (the
  template's own tolerations plus the daemon ones, util.py)? The kubeadm control-plane
  node's `node-role.kubernetes.io/control-plane:NoSchedule` keeps daemons off unless
  tolerated. A node whose Pod tolerates its NoExecute taints but not a NoSchedule one
  keeps the Pod but gets no new one: an unreachable node is tainted
  `unreachable:NoSchedule` besides `unreachable:NoExecute`, so its Pod stays, counted as
  misscheduled, until the node is back.
* podsShouldBeOnNode: no Pod where one should run → create it; a Failed Pod → delete it
  (event FailedDaemonPod; the next sync recreates it, with a back-off of 1 s doubling to
  15 min per node so a Pod the kubelet keeps rejecting does not hot-loop); more than one
  → keep the oldest; a Pod where none should run (labels or nodeSelector changed) → delete.
Creations go out in slow-start batches and wait for their watch events (expectations),
as for ReplicaSets. Then the update strategy (update.py), the history (revisions.py) and
the status (status.py).

A new node is a watch event: the controller syncs every DaemonSet that should run there,
so the node gets its Pods at once.
"""

from __future__ import annotations

from ...api import errors
from ...api.selectors import from_label_selector
from ...kubelet.backoff import Backoff
from ...record import EventRecorder
from ..base import Controller, Informer, key_of
from ..controller_ref_manager import new_controller_ref
from ..controller_utils import (SLOW_START_INITIAL_BATCH_SIZE, ControllerExpectations,
                                add_pod_controller_uid_indexer, filter_pods_by_owner, pod_key)
from ..history import History
from ..pod_control import RealPodControl, namespace_terminating
from ..replicaset import ReplicaSetController, slow_start_batch
from . import handlers, status, update
from .revisions import cleanup_history, construct_history
from .placement import by_creation_timestamp_and_phase, node_should_run_daemon_pod
from .util import (REVISION_HASH_LABEL, allows_surge, create_pod_template,
                   get_target_node_name, get_template_generation,
                   replace_node_name_node_affinity)

BURST_REPLICAS = 250
FAILED_PODS_BACKOFF = (1.0, 900.0)   # flowcontrol.NewBackOff(1s, 15min) in controllermanager


class DaemonSetsController(Controller):
    name = "daemonset-controller"
    kind, api_version, resource = "DaemonSet", "apps/v1", "daemonsets"

    def __init__(self, sim, client, sets: Informer, revisions: Informer, pods: Informer,
                 nodes: Informer, burst_replicas: int = BURST_REPLICAS) -> None:
        super().__init__(sim, client)
        self.sets, self.revisions, self.pods, self.nodes = sets, revisions, pods, nodes
        self.burst_replicas = burst_replicas
        self.expectations = ControllerExpectations(sim)
        self.recorder = EventRecorder(sim, client, component=self.name)
        self.pod_control = RealPodControl(client, self.recorder)
        self.history = History(client, revisions)
        self._claimed: list[dict] | None = None   # this sync's claimed Pods
        self.failed_pods_backoff = Backoff(*FAILED_PODS_BACKOFF,
                                           expire_after=2 * FAILED_PODS_BACKOFF[1])
        add_pod_controller_uid_indexer(pods)
        handlers.register(self)

    def selector(self, ds: dict):
        return from_label_selector(ds["spec"].get("selector"))

    def controller_ref(self, ds: dict) -> dict:
        return new_controller_ref(ds, self.api_version, self.kind)

    # The ReplicaSet controller's ClaimPods, with RecheckDeletionTimestamp before adopting.
    claim_pods = ReplicaSetController.claim_pods

    def get_nodes_to_daemon_pods(self, ds: dict, include_deleted_terminal: bool = False):
        """getNodesToDaemonPods: claimed Pods by the node they run on (or are meant for);
        None if the DaemonSet is going away. Claimed once per sync: the informer's cache
        does not change during a sync (watch events arrive later), so claiming again
        would only repeat the adoptions."""
        if self._claimed is None:
            claimed, failures = self.claim_pods(
                ds, self.selector(ds), filter_pods_by_owner(self.pods, ds, include_orphans=True))
            if failures:
                if isinstance(failures[0], errors.ApiError):
                    raise failures[0]
                return None
            self._claimed = claimed
        by_node: dict[str, list[dict]] = {}
        for pod in self._claimed:
            phase = (pod.get("status") or {}).get("phase")
            if (not include_deleted_terminal and phase in ("Succeeded", "Failed")
                    and pod["metadata"].get("deletionTimestamp")):
                continue   # the kubelet or the pod GC is removing it: nothing to do
            node = get_target_node_name(pod)
            if node is not None:
                by_node.setdefault(node, []).append(pod)
        return by_node

    # -- the sync -------------------------------------------------------------------------
    def reconcile(self, key: str) -> None:
        self._claimed = None
        try:
            self.sync_daemon_set(key)
        finally:
            self._claimed = None

    def sync_daemon_set(self, key: str) -> None:
        ds = self.sets.get(key)
        if ds is None:
            self.expectations.delete_expectations(key)
            return
        if ds["metadata"].get("deletionTimestamp"):
            return   # its history may be half gone: no status to trust
        nodes = self.nodes.list()
        cur, old = construct_history(self, ds)
        hash_ = cur["metadata"]["labels"][REVISION_HASH_LABEL]
        if not self.expectations.satisfied_expectations(key):
            status.update_daemon_set_status(self, ds, nodes, hash_, update_observed_gen=False)
            return
        error = None
        try:
            self.update_daemon_set(ds, nodes, hash_, key, old)
        except errors.ApiError as failure:
            error = failure
        status.update_daemon_set_status(self, ds, nodes, hash_, update_observed_gen=True)
        if error is not None:
            raise error

    def update_daemon_set(self, ds: dict, nodes: list[dict], hash_: str, key: str,
                          old: list[dict]) -> None:
        self.manage(ds, nodes, hash_)
        if self.expectations.satisfied_expectations(key):
            if (ds["spec"].get("updateStrategy") or {}).get("type") == "RollingUpdate":
                update.rolling_update(self, ds, nodes, hash_)
        cleanup_history(self, ds, old)

    def manage(self, ds: dict, nodes: list[dict], hash_: str) -> None:
        node_to_pods = self.get_nodes_to_daemon_pods(ds)
        if node_to_pods is None:
            return
        needing, to_delete = [], []
        for node in nodes:
            create, delete = self.pods_should_be_on_node(node, node_to_pods, ds, hash_)
            needing += create
            to_delete += delete
        # getUnscheduledPodsWithoutNode: Pods meant for a node that is gone never get
        # scheduled, and the pod GC only removes Pods bound to missing nodes.
        names = {n["metadata"]["name"] for n in nodes}
        to_delete += [p["metadata"]["name"] for node, pods in sorted(node_to_pods.items())
                      if node not in names for p in pods if not p["spec"].get("nodeName")]
        self.sync_nodes(ds, to_delete, needing, hash_)

    def pods_should_be_on_node(self, node: dict, node_to_pods: dict, ds: dict,
                               hash_: str) -> tuple[list[str], list[str]]:
        """podsShouldBeOnNode: (nodes needing a Pod, names of Pods to delete)."""
        name = node["metadata"]["name"]
        should_run, should_continue = node_should_run_daemon_pod(node, ds)
        pods = node_to_pods.get(name)
        if should_run and not pods:
            return [name], []
        if not should_continue:
            return [], [p["metadata"]["name"] for p in pods or []
                         if not p["metadata"].get("deletionTimestamp")]
        to_delete, running = [], []
        for pod in pods or []:
            if pod["metadata"].get("deletionTimestamp"):
                continue
            phase = (pod.get("status") or {}).get("phase")
            if phase == "Failed":
                if self._failed_pod_backing_off(ds, name):
                    continue
                self.recorder.eventf(ds, "Warning", "FailedDaemonPod",
                                     f"Found failed daemon pod {pod_key(pod)} on node {name}, "
                                     "will try to kill it")
                to_delete.append(pod["metadata"]["name"])
            elif phase == "Succeeded":
                self.recorder.eventf(ds, "Normal", "SucceededDaemonPod",
                                     f"Found succeeded daemon pod {pod_key(pod)} on node "
                                     f"{name}, will try to delete it")
                to_delete.append(pod["metadata"]["name"])
            else:
                running.append(pod)
        running = by_creation_timestamp_and_phase(running)
        if not allows_surge(ds):
            return [], to_delete + [p["metadata"]["name"] for p in running[1:]]
        if not running:
            return ([name] if should_run else []), to_delete
        return [], to_delete + update.surge_excess(ds, running, hash_, self.sim.now)

    def _failed_pod_backing_off(self, ds: dict, node_name: str) -> bool:
        """The failed-Pod back-off per DaemonSet generation and node: still waiting means
        a requeue when the wait ends; otherwise the wait doubles and the Pod goes."""
        key = (f"{ds['metadata']['uid']}/{(ds.get('status') or {}).get('observedGeneration', 0)}"
               f"/{node_name}")
        now = self.sim.now
        if self.failed_pods_backoff.is_in_backoff_since_update(key, now):
            self.enqueue(key_of(ds), after=self.failed_pods_backoff.get(key))
            return True
        self.failed_pods_backoff.next(key, now, now)
        return False

    def sync_nodes(self, ds: dict, to_delete: list[str], needing: list[str], hash_: str) -> None:
        """syncNodes: expectations first, then slow-start creations, then deletions."""
        key = key_of(ds)
        needing, to_delete = needing[:self.burst_replicas], to_delete[:self.burst_replicas]
        namespace = ds["metadata"]["namespace"]
        self.expectations.set_expectations(key, len(needing),
                                           [f"{namespace}/{name}" for name in to_delete])
        template = create_pod_template(ds["spec"].get("template") or {},
                                       get_template_generation(ds), hash_)
        targets = iter(needing)

        def create() -> None:
            pod_template = dict(template, spec=dict(template["spec"]))
            pod_template["spec"]["affinity"] = replace_node_name_node_affinity(
                template["spec"].get("affinity"), next(targets))
            try:
                self.pod_control.create_pod(ds, self.controller_ref(ds), pod_template)
            except errors.ApiError as error:
                if not namespace_terminating(error):
                    raise

        created, first_error = slow_start_batch(len(needing), SLOW_START_INITIAL_BATCH_SIZE,
                                                create)
        for _ in range(len(needing) - created):
            self.expectations.creation_observed(key)   # failed or skipped: never observed
        for name in to_delete:
            try:
                self.pod_control.delete_pod(ds, name)
            except errors.ApiError as error:
                self.expectations.deletion_observed(key, f"{namespace}/{name}")
                if error.code != 404 and first_error is None:
                    first_error = error
        if first_error is not None:
            raise first_error
