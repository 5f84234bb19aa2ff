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
