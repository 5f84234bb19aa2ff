"""Fixtures for scheduler tests: nodes and pods as the API holds them, and a live cluster."""

import pytest


def make_node(name, cpu="4", memory="8Gi", pods="110", labels=None, taints=None, images=None,
              unschedulable=False):
    node = {"apiVersion": "v1", "kind": "Node",
            "metadata": {"name": name, "labels": {"kubernetes.io/hostname": name, **(labels or {})}},
            "spec": {}, "status": {"allocatable": {"cpu": cpu, "memory": memory, "pods": pods}}}
    if taints:
        node["spec"]["taints"] = taints
    if unschedulable:
        node["spec"]["unschedulable"] = True
    if images:
        node["status"]["images"] = images
    return node


def make_pod(name="p", cpu=None, memory=None, labels=None, namespace="default", **spec):
    requests = {}
    if cpu is not None:
        requests["cpu"] = cpu
    if memory is not None:
        requests["memory"] = memory
    container = {"name": "c", "image": spec.pop("image", "nginx"),
                 "resources": {"requests": requests} if requests else {}}
    return {"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": name, "namespace": namespace, "uid": f"uid-{name}",
                         "labels": labels or {}},
            "spec": {"containers": [container], **spec}}


@pytest.fixture
def scheduled_cluster():
    """A cluster whose kube-scheduler runs the given KubeSchedulerConfiguration."""
    from k8s_model import Cluster

    def build(config=None, nodes=3, seed=0):
        return Cluster(nodes=nodes, seed=seed, scheduler_config=config)
    return build


def node_with(name, labels, **kwargs):
    """A node carrying exactly `labels` (make_node adds kubernetes.io/hostname)."""
    node = make_node(name, **kwargs)
    node["metadata"]["labels"] = dict(labels)
    return node


def bound_pod(name, node=None, labels=None, namespace="default", priority=None, cpu=None,
              memory=None, start=None, terminating=False, conditions=None, **spec):
    """A pod as st.MakePod() builds it: optionally bound (.Node), with .Priority,
    .StartTime (seconds after the Unix epoch), .Terminating()."""
    pod = make_pod(name, cpu=cpu, memory=memory, labels=labels, namespace=namespace, **spec)
    if node is not None:
        pod["spec"]["nodeName"] = node
    if priority is not None:
        pod["spec"]["priority"] = priority
    status = pod.setdefault("status", {})
    if start is not None:
        status["startTime"] = f"1970-01-01T00:00:{start:02d}Z"
    if conditions:
        status["conditions"] = conditions
    if terminating:
        pod["metadata"]["deletionTimestamp"] = "1970-01-01T00:00:00Z"
    return pod


class FakeHandle:
    """What plugins use of the Scheduler (framework.Handle): the cache snapshot, listers
    for namespaces and Services/ReplicaSets, the clock and seeded randomness, the
    nominator, and preemption's API calls (recorded, not made)."""

    def __init__(self, nodes=(), pods=(), namespaces=None, objects=None, seed=0):
        from k8s_model.scheduler.cache import Cache
        from k8s_model.sim import Simulation
        self.sim = Simulation(seed)
        self.cache = Cache()
        for node in nodes:
            self.cache.add_node(node)
        for pod in pods:
            self.cache.add_pod(pod)
        self.namespaces = namespaces or {}       # name -> labels
        self.objects = objects or {}             # resource -> [objects]
        self.nominated = {}                      # node name -> [PodInfo]
        self.preempted = []                      # (node name, [victim names])

    def namespace_labels(self, namespace):
        return self.namespaces.get(namespace, {})

    def list_objects(self, resource, namespace):
        return [o for o in self.objects.get(resource, [])
                if o["metadata"].get("namespace") == namespace]

    def get_object(self, resource, namespace, name):
        return next((o for o in self.list_objects(resource, namespace)
                     if o["metadata"]["name"] == name), None)

    def latest_pod(self, pod):
        return pod

    def nominated_pods_for_node(self, node_name):
        return self.nominated.get(node_name, [])

    def preempt_victims(self, preemptor, node_name, victims):
        self.preempted.append((node_name, [v.pod["metadata"]["name"] for v in victims]))
