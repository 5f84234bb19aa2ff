"""The `Cluster`: a kubeadm-like cluster on a virtual clock, and the book's public contract.

`Cluster(nodes=3)` does what `kubeadm init` and three `kubeadm join`s do: it starts
etcd and the API server, which creates the system namespaces; starts the controller
manager; and registers a tainted `controlplane` node and workers `node-1` … `node-N`,
each as its kubelet would. Everything a notebook, widget or test does goes through the
methods here — `apply`, `kubectl`, `advance`, `watch` — which talk to the API server
like any other client.
"""

from __future__ import annotations

import threading
from typing import Callable

from .addons import IMAGES as ADDON_IMAGES
from .addons import apply_essential_addons
from .api.authz import ADMIN, User
from .api.bootstrap_policy import store_bootstrap_policy
from .api.server import APIServer, WatchEvent
from .api.store import Store
from .client import Client
from .controllers.loadbalancer import MetalLB
from .controllers.manager import ControllerManager
from .controllers.podautoscaler.metrics_client import RESTMetricsClient
from .controllers.volume.hostpath_provisioner import start_storage_provisioner
from .dns import CoreDNS
from .kubelet import Kubelet
from .kubelet.node_status import NodeLease
from .metrics import MetricsServer
from .net.tools import PodNetwork
from .nodes import node_ip, node_object, pod_network_for
from .proxy import KubeProxy
from .runtime.programs import ACTIONS, Step
from .scheduler import Scheduler
from .sim import Simulation
from .static_pods import start_static_pods
from .trace import Trace

SYSTEM_NAMESPACES = ("default", "kube-node-lease", "kube-public", "kube-system")
CONTROL_PLANE = "controlplane"


class Cluster:
    def __init__(self, nodes: int = 3, cpu: str = "4", memory: str = "8Gi", pods: int = 110,
                 control_plane_node: bool = True, seed: int = 0,
                 scheduler_config: str | None = None, kubelets: bool = True,
                 node_monitor_grace_period: float = 50, proxy_mode: str = "iptables",
                 ipvs_scheduler: str = "rr") -> None:
        # kubelets=False: nodes without kubelets, as scheduler_perf's fake nodes — they
        # register and hold their Lease, but nothing runs the Pods bound to them.
        # node_monitor_grace_period: kube-controller-manager's --node-monitor-grace-period
        # (50 s since v1.32, 40 s before).
        # proxy_mode: kube-proxy's mode on every node — kubeadm's ConfigMap says `mode: ""`,
        # iptables on Linux — or "ipvs", whose scheduler is ipvs_scheduler (rr by default).
        self._run_kubelets = kubelets
        self.proxy_mode, self.ipvs_scheduler = proxy_mode, ipvs_scheduler
        self.kube_proxies: dict[str, KubeProxy] = {}
        self._cluster_cidr = pod_network_for(nodes + control_plane_node)
        self.sim = Simulation(seed)
        # Held while the model runs a step or a request: `serve()` answers HTTP requests on
        # other threads, and each must see the cluster between two steps.
        self.lock = threading.RLock()
        self.trace = Trace()
        self.store = Store(self.sim)
        self.api = APIServer(self.sim, self.store, self.trace)
        self._bootstrap_api_objects()
        self.controller_manager = ControllerManager(
            self.sim, self.api, cluster_cidr=pod_network_for(nodes + control_plane_node),
            node_monitor_grace_period=node_monitor_grace_period)
        self.scheduler = Scheduler(self.sim, Client(self.api, "kube-scheduler",
                                                    User("system:kube-scheduler")),
                                   scheduler_config)
        self._node_count = 0
        self.kubelets: dict[str, Kubelet] = {}
        self.dns = CoreDNS(self.api, self)   # the cluster's DNS: CoreDNS's view, resolve()
        self.ingress = None                  # ingress-nginx, once enable_ingress() ran
        self.cluster_autoscaler = None       # once enable_cluster_autoscaler() ran
        if control_plane_node:
            self.add_node(CONTROL_PLANE, cpu=cpu, memory=memory, pods=pods,
                          labels={"node-role.kubernetes.io/control-plane": "",
                                  "node.kubernetes.io/exclude-from-external-load-balancers": ""},
                          taints=[{"key": "node-role.kubernetes.io/control-plane",
                                   "effect": "NoSchedule"}])
            self._apply_addons()
        for i in range(1, nodes + 1):
            self.add_node(f"node-{i}", cpu=cpu, memory=memory, pods=pods)
        if not control_plane_node:
            self._apply_addons()
        elif self._run_kubelets:
            self._schedule_now()    # each joined node's kube-proxy Pod
        # minikube's default StorageClass `standard` and its dynamic provisioner.
        self.storage_provisioner = start_storage_provisioner(
            self.sim, self.api, CONTROL_PLANE if control_plane_node else "node-1")
        # MetalLB (layer 2), as a bare-metal cluster installs it: LoadBalancer Services get
        # an address of 192.168.1.240-250 and a node answering ARP for it.
        self.metallb = MetalLB(self.sim, self.api)
        # metrics-server (minikube's addon, a manifest on kubeadm): the Metrics API that
        # `kubectl top` and the HorizontalPodAutoscaler read.
        self.metrics_server = MetricsServer(self.sim, self.kubelets)
        self.controller_manager.hpa_controller.metrics_client = \
            RESTMetricsClient(self.metrics_server)
        self._kubectl = None
        self.sim.settle()

    # -- set-up ---------------------------------------------------------------------------------
    def _bootstrap_api_objects(self) -> None:
        """What kube-apiserver's post-start hooks create: the system namespaces and the
        RBAC bootstrap roles kubeadm relies on."""
        apiserver = Client(self.api, "kube-apiserver", User("system:apiserver", ("system:masters",)))
        for name in SYSTEM_NAMESPACES:
            apiserver.create("namespaces", {"apiVersion": "v1", "kind": "Namespace",
                                            "metadata": {"name": name}})
        # The bootstrap controller's `kubernetes` Service: the API server's own address
        # inside the cluster, always the first IP of the service CIDR.
        apiserver.create("services", {
            "apiVersion": "v1", "kind": "Service",
            "metadata": {"name": "kubernetes", "namespace": "default",
                         "labels": {"component": "apiserver", "provider": "kubernetes"}},
            "spec": {"clusterIP": "10.96.0.1", "type": "ClusterIP", "sessionAffinity": "None",
                     "ports": [{"name": "https", "port": 443, "protocol": "TCP",
                                "targetPort": 6443}]}})
        apiserver.create("endpoints", {
            "apiVersion": "v1", "kind": "Endpoints",
            "metadata": {"name": "kubernetes", "namespace": "default",
                         "labels": {"endpointslice.kubernetes.io/skip-mirror": "true"}},
            "subsets": [{"addresses": [{"ip": node_ip(0)}],
                         "ports": [{"name": "https", "port": 6443, "protocol": "TCP"}]}]})
        apiserver.create("endpointslices", {
            "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
            "metadata": {"name": "kubernetes", "namespace": "default",
                         "labels": {"kubernetes.io/service-name": "kubernetes"}},
            "addressType": "IPv4",
            "endpoints": [{"addresses": [node_ip(0)], "conditions": {"ready": True}}],
            "ports": [{"name": "https", "port": 6443, "protocol": "TCP"}]})
        apiserver.create("clusterroles", {
            "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
            "metadata": {"name": "cluster-admin",
                         "labels": {"kubernetes.io/bootstrapping": "rbac-defaults"},
                         "annotations": {"rbac.authorization.kubernetes.io/autoupdate": "true"}},
            "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]},
                      {"nonResourceURLs": ["*"], "verbs": ["*"]}]})
        store_bootstrap_policy(self.api)   # the rest of the RBAC post-start hook's policy
        apiserver.create("clusterrolebindings", {
            "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
            "metadata": {"name": "kubeadm:cluster-admins"},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole",
                        "name": "cluster-admin"},
            "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "Group",
                          "name": "kubeadm:cluster-admins"}]})

    def _apply_addons(self) -> None:
        """`kubeadm init`'s last phase: CoreDNS and kube-proxy (addons/). Left out of a
        cluster without kubelets (benchmarks): nothing would run their Pods, and a
        DaemonSet Pod per fake node would distort what the benchmark measures."""
        if self._run_kubelets:
            apply_essential_addons(Client(self.api, "kubeadm", ADMIN), self.proxy_mode,
                                   self.ipvs_scheduler, self._cluster_cidr)
            self._schedule_now()

    def _schedule_now(self) -> None:
        """Minutes pass between `kubeadm init`, the first `kubeadm join` and a reader's
        first command: by then the scheduler has placed the add-ons' Pods (CoreDNS on the
        only node there was). The model keeps its clock at 0 and runs those scheduling
        cycles (2 ms each) at once."""
        self.sim.settle()
        for _ in range(len(self.scheduler.queue.active)):
            self.scheduler.schedule_one()
            self.sim.settle()

    def add_node(self, name: str, cpu: str = "4", memory: str = "8Gi", pods: int = 110,
                 labels: dict | None = None, taints: list | None = None) -> dict:
        """Join a node: its kubelet registers the Node object and starts its Lease."""
        kubelet = Client(self.api, f"kubelet/{name}", User(f"system:node:{name}", ("system:nodes",)))
        index = self._node_count
        self._node_count += 1
        node = kubelet.create("nodes", node_object(name, index, cpu, memory, pods, labels, taints,
                                                   self.sim))
        self.sim.settle()  # node IPAM gives the node its podCIDR before its pods need IPs
        if name == CONTROL_PLANE:
            start_static_pods(kubelet, node, index, self.sim.timestamp())
        if self._run_kubelets:
            self.kubelets[name] = Kubelet(self.sim, kubelet, name, self.trace)
            for image in ADDON_IMAGES:
                self.kubelets[name].runtime.preload(image)
            self.kubelets[name].runtime.network_for = \
                lambda sandbox: PodNetwork.of_sandbox(self, sandbox)
            self.kube_proxies[name] = KubeProxy(self.sim, self.api, name, node_ip(index),
                                                self.proxy_mode, self._cluster_cidr,
                                                self.ipvs_scheduler)
        else:
            NodeLease(self.sim, kubelet, name)
        kubelet.create("leases", {
            "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
            "metadata": {"name": name, "namespace": "kube-node-lease",
                         "ownerReferences": [{"apiVersion": "v1", "kind": "Node", "name": name,
                                              "uid": node["metadata"]["uid"]}]},
            "spec": {"holderIdentity": name, "leaseDurationSeconds": 40,
                     "renewTime": self.sim.micro_timestamp()}})
        self.sim.settle()
        return node

    # -- the public contract ----------------------------------------------------------------------
    @property
    def kubectl_client(self) -> Client:
        return Client(self.api, "kubectl", ADMIN)

    def kubectl(self, command: str, stdin: str | None = None) -> str:
        """What `kubectl <command>` prints. Errors raise KubectlError (or ApiError) whose
        str() is kubectl's message."""
        from .kubectl import Kubectl

        if self._kubectl is None:
            self._kubectl = Kubectl(self)
        with self.lock:
            try:
                return self._kubectl.run(command, stdin)
            finally:
                self.sim.settle()

    def ssh(self, node: str, command: str) -> str:
        """What `ssh <node>` and then `command` print on that node — `sudo crictl ps`,
        `nerdctl --namespace k8s.io ps`, `iptables-save -t nat` (nodes_shell.py)."""
        from .nodes_shell import ssh

        with self.lock:
            return ssh(self, node, command)[1]

    def request(self, url: str, client: str | None = None, namespace: str = "default",
                host: str = ""):
        """Send one HTTP GET along the real path — DNS, the client node's kube-proxy rules,
        the pod network, the container — and return a `net.Response`: who answered
        (pod, node, status, body) and the hops taken. `client` is a node name, a Pod name
        in `namespace`, or None for a machine outside the cluster; `host` sets the Host
        header (`curl -H "Host: …"`), for Ingress host rules."""
        from .net import request

        return request(self, url, client, namespace, host)

    def enable_ingress(self) -> str:
        """`minikube addons enable ingress`: ingress-nginx (addons/ingress_nginx.py), its
        controller Pod ready when this returns; the process is `self.ingress`.
        Returns what minikube prints."""
        from .addons import ingress_nginx

        if self.ingress is None:
            self.ingress = ingress_nginx.install(self)
        return ingress_nginx.ENABLED

    def enable_cluster_autoscaler(self, min_nodes: int = 1, max_nodes: int = 5,
                                  provision_seconds: float = 60, **options):
        """Run the Cluster Autoscaler (autoscaler/) over one node group, `default-pool`:
        the workers there are now, between `min_nodes` and `max_nodes`. Every 10 s it
        asks for a node when Pods are Pending as Unschedulable and would fit on a new
        one (a VM boots and joins `provision_seconds` later), and drains and removes a
        node that has been under half requested, its Pods movable, for 10 min (never
        within 10 min of a scale-up). `options`: `group` (name), `cpu`, `memory`,
        `labels` (the new nodes' size; default: a copy of a worker), `scan_interval`,
        `scale_down_enabled`, `scale_down_unneeded_time`, `scale_down_delay_after_add`,
        `scale_down_utilization_threshold`. Returns the autoscaler (`.group` is the
        node group, `.unneeded` the nodes it would remove and since when)."""
        from .autoscaler import start

        if self.cluster_autoscaler is None:
            self.cluster_autoscaler = start(self, min_nodes, max_nodes, provision_seconds,
                                            **options)
        return self.cluster_autoscaler

    def fail_node(self, name: str) -> None:
        """The node stops talking to the API server — its kubelet crashed, or the network
        cut it off: no Lease renewals, no status, deaf to the API. Its containers may
        still run, unseen. The node lifecycle controller marks it NotReady after the
        grace period and taints it; its Pods are evicted 300 s later. Its kube-proxy stops
        syncing too: the node keeps its last rules."""
        self._kubelet(name).disconnect()
        self.kube_proxies[name].disconnect()

    def recover_node(self, name: str) -> None:
        """The node is back: its kubelet lists its Pods again, finishes those deleted
        meanwhile and resumes its heartbeats; the controller then removes the taints."""
        self._kubelet(name).reconnect()
        self.kube_proxies[name].reconnect()

    def break_container(self, pod: str, action: str, container: str | None = None,
                        namespace: str = "default", exit_code: int | None = None) -> None:
        """Make a running container misbehave now, as a `k8s-model.io/script` step does on
        cue (runtime/programs.py): `crash` or `exit` (exit_code, default 1 and 0), `hang`,
        `fail-liveness`, `fail-readiness`, `fail-startup`, `fail-probes`; `recover` mends
        hang and fail-*. The kubelet learns of it as of a real process: an exit from the
        runtime, a hang or a failing check from its probes. Refusals use the words of
        `kubectl exec` against such a Pod (ValueError; ApiError if there is no Pod)."""
        if action not in ACTIONS:
            raise ValueError(f'unknown action "{action}": want one of {", ".join(ACTIONS)}')
        obj = self.get("pods", pod, namespace)
        names = [c["name"] for c in obj["spec"]["containers"]]
        name = container or names[0]   # kubectl exec defaults to the first container
        if name not in names:
            raise ValueError(f"container {name} is not valid for pod {pod}")
        node = obj["spec"].get("nodeName")
        if not node:
            raise ValueError(f"pod {pod} does not have a host assigned")
        if not self._kubelet(node).runtime.perform(obj["metadata"]["uid"], name,
                                                   Step(action, exit_code=exit_code)):
            raise ValueError(f'container not found ("{name}")')
        self.sim.settle()

    def _kubelet(self, name: str) -> Kubelet:
        if name not in self.kubelets:
            raise ValueError(f'node "{name}" has no kubelet in this cluster')
        return self.kubelets[name]

    def apply(self, text: str) -> str:
        """Like `kubectl apply -f -`: returns kubectl's lines (`deployment.apps/web created`)."""
        return self.kubectl("apply -f -", stdin=text)

    def serve(self, host: str = "127.0.0.1", port: int = 0, kubeconfig=None,
              pace: float | None = None):
        """Serve this cluster's API over HTTP for the real kubectl and client libraries:
        returns a server with `.url`, `.kubeconfig` (a file to `export KUBECONFIG=…`) and
        `.stop()`. Loopback only; requests never advance virtual time (k8s_model/serve).
        `pace=1.0` lets virtual time follow the wall clock (× the factor) until
        `server.pace(None)` or `stop()` — for a terminal with no notebook to advance it."""
        from .serve import serve
        return serve(self, host, port, kubeconfig, pace)

    def advance(self, seconds: float) -> None:
        with self.lock:
            self.sim.advance(seconds)

    def run_until(self, predicate: Callable[[], bool], timeout: float = 600,
                  step: float = 1.0) -> bool:
        with self.lock:
            return self.sim.run_until(predicate, timeout, step)

    def watch(self, callback: Callable[[WatchEvent], None]):
        """Observe every stored change from now on (widgets use this). Returns a handle
        with `stop()`."""
        return self.api.watch_prefix("/registry/", callback, replay_current=False,
                                     start_revision=self.store.revision + 1)

    @property
    def now(self) -> float:
        """Virtual seconds since the cluster was created."""
        return self.sim.now

    def get(self, resource: str, name: str, namespace: str | None = "default") -> dict:
        """The object as `kubectl get -o json` would show it (a copy)."""
        return self.kubectl_client.get(resource, namespace, name)

    def list(self, resource: str, namespace: str | None = None,
             label_selector: str | None = None) -> list[dict]:
        return self.kubectl_client.list(resource, namespace, label_selector)
