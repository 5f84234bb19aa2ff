"""A two-worker cluster; `c.kubelet` is node-1's kubelet (every node runs one)."""

import pytest

from k8s_model import Cluster
from k8s_model.api.authz import User
from k8s_model.client import Client
from k8s_model.kubelet import Kubelet


def start_kubelet(c: Cluster, node: str) -> Kubelet:
    client = Client(c.api, f"kubelet/{node}", User(f"system:node:{node}", ("system:nodes",)))
    return Kubelet(c.sim, client, node, c.trace)


def pod_yaml(name: str, image: str, node: str = "node-1", extra: str = "",
             container: str = "", policy: str = "Always") -> str:
    return (f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n{extra}"
            f"spec:\n  nodeName: {node}\n  restartPolicy: {policy}\n"
            f"  containers:\n  - name: {name}\n    image: {image}\n{container}")


@pytest.fixture
def kc():
    c = Cluster(nodes=2, seed=0)
    c.kubelet = c.kubelets["node-1"]
    return c
