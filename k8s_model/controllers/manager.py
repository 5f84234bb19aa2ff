"""kube-controller-manager: one process, many controllers, shared informers.

Each controller acts under its own service account (kubeadm runs the manager with
`--use-service-account-credentials`), so the trace shows which controller made each
request, e.g. `kube-controller-manager/garbage-collector-controller`.
"""

from __future__ import annotations

from ..api import resources
from ..api.authz import service_account_user
from ..client import Client
from .base import Informer
from .cronjob.controller import CronJobController
from .daemon.controller import DaemonSetsController
from .deployment.controller import DeploymentController
from .endpoint.controller import EndpointController
from .endpointslice.controller import EndpointSliceController
from .garbage_collector import GarbageCollector
from .job.controller import JobController
from .job.ttl_after_finished import TTLAfterFinishedController
from .namespace import NamespaceController
from .node_lifecycle import NodeLifecycleController
from .nodeipam import NodeIpamController
from .podautoscaler import HorizontalController
from .podgc import PodGCController
from .replicaset import ReplicaSetController
from .replication import ReplicationManager
from .resourcequota import ResourceQuotaController
from .serviceaccounts import RootCACertPublisher, ServiceAccountsController
from .statefulset.controller import StatefulSetController
from .taint_eviction import TaintEvictionController
from .volume.protection import PVCProtectionController, PVProtectionController
from .volume.pv_controller import PersistentVolumeController

AGENT = "kube-controller-manager"


class ControllerManager:
    def __init__(self, sim, server, cluster_cidr: str = "10.244.0.0/16",
                 node_monitor_grace_period: float = 50.0) -> None:
        self.sim, self.server = sim, server
        informer_client = Client(server, AGENT, service_account_user("kube-system", AGENT))
        self.informers = {r.plural: Informer(informer_client, r)
                          for r in resources.RESOURCES if r.kind not in ("Binding", "Event")}
        # Its metrics client is metrics-server's API once the Cluster has one.
        self.hpa_controller = HorizontalController(
            sim, self.client_for(HorizontalController.name),
            self.informers["horizontalpodautoscalers"], self.informers["pods"])
        self.controllers = [
            GarbageCollector(sim, self.client_for(GarbageCollector.name), self.informers),
            NamespaceController(sim, self.client_for(NamespaceController.name),
                                self.informers["namespaces"]),
            ServiceAccountsController(sim, self.client_for(ServiceAccountsController.name),
                                      self.informers["namespaces"]),
            RootCACertPublisher(sim, self.client_for(RootCACertPublisher.name),
                                self.informers["namespaces"]),
            NodeLifecycleController(sim, self.client_for(NodeLifecycleController.name),
                                    self.informers["nodes"], self.informers["leases"],
                                    self.informers["pods"], node_monitor_grace_period),
            TaintEvictionController(sim, self.client_for(TaintEvictionController.name),
                                    self.informers["pods"], self.informers["nodes"]),
            NodeIpamController(sim, self.client_for(NodeIpamController.name),
                               self.informers["nodes"], cluster_cidr),
            ReplicaSetController(sim, self.client_for(ReplicaSetController.name),
                                 self.informers["replicasets"], self.informers["pods"]),
            ReplicationManager(sim, self.client_for(ReplicationManager.name),
                               self.informers["replicationcontrollers"], self.informers["pods"]),
            DeploymentController(sim, self.client_for(DeploymentController.name),
                                 self.informers["deployments"], self.informers["replicasets"],
                                 self.informers["pods"]),
            PodGCController(sim, self.client_for(PodGCController.name),
                            self.informers["pods"], self.informers["nodes"]),
            DaemonSetsController(sim, self.client_for(DaemonSetsController.name),
                                 self.informers["daemonsets"],
                                 self.informers["controllerrevisions"], self.informers["pods"],
                                 self.informers["nodes"]),
            ResourceQuotaController(sim, self.client_for(ResourceQuotaController.name),
                                    self.informers),
            StatefulSetController(sim, self.client_for(StatefulSetController.name),
                                  self.informers["statefulsets"], self.informers["pods"],
                                  self.informers["persistentvolumeclaims"],
                                  self.informers["controllerrevisions"]),
            PersistentVolumeController(sim, self.client_for(PersistentVolumeController.name),
                                       self.informers["persistentvolumeclaims"],
                                       self.informers["persistentvolumes"],
                                       self.informers["storageclasses"]),
            PVCProtectionController(sim, self.client_for(PVCProtectionController.name),
                                    self.informers["persistentvolumeclaims"],
                                    self.informers["pods"]),
            PVProtectionController(sim, self.client_for(PVProtectionController.name),
                                   self.informers["persistentvolumes"]),
            JobController(sim, self.client_for(JobController.name), self.informers["jobs"],
                          self.informers["pods"]),
            TTLAfterFinishedController(sim, self.client_for(TTLAfterFinishedController.name),
                                       self.informers["jobs"]),
            CronJobController(sim, self.client_for(CronJobController.name),
                              self.informers["cronjobs"], self.informers["jobs"]),
            EndpointController(sim, self.client_for(EndpointController.name),
                               self.informers["services"], self.informers["pods"],
                               self.informers["endpoints"]),
            EndpointSliceController(sim, self.client_for(EndpointSliceController.name),
                                    self.informers["services"], self.informers["pods"],
                                    self.informers["nodes"], self.informers["endpointslices"]),
            self.hpa_controller,
        ]

    def client_for(self, controller: str) -> Client:
        return Client(self.server, f"{AGENT}/{controller}",
                      service_account_user("kube-system", controller))
