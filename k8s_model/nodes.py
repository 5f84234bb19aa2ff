"""The Node object a kubelet registers (pkg/kubelet/kubelet_node_status.go).

A kubelet reports its machine: capacity (CPU, memory, pods, storage), what is left
allocatable for Pods after the eviction threshold (kubeadm's default kubelet keeps
`memory.available<100Mi` and `nodefs.available<10%`), its addresses, versions, and four
conditions — MemoryPressure, DiskPressure, PIDPressure and Ready.
"""

from __future__ import annotations

import uuid

from .api.quantity import parse_quantity
from .sim import Simulation

KUBELET_VERSION = "v1.35.0"
CONTAINER_RUNTIME = "containerd://2.1.4"
OS_IMAGE = "Ubuntu 24.04.3 LTS"
KERNEL = "6.8.0-85-generic"
EPHEMERAL_STORAGE = "100Gi"
EVICTION_MEMORY = "100Mi"


def node_ip(index: int) -> str:
    """controlplane is 192.168.1.10, node-1 .11, node-2 .12 … (large clusters carry on
    into 192.168.2.x, 192.168.3.x …)."""
    number = 256 + 10 + index
    return f"192.168.{number // 256}.{number % 256}"


def pod_network_for(node_count: int) -> str:
    """kubeadm's --pod-network-cidr: flannel's 10.244.0.0/16 holds 256 nodes of /24;
    a bigger cluster (a scalability benchmark) needs a bigger one, e.g. 10.128.0.0/9."""
    return "10.244.0.0/16" if node_count <= 256 else "10.128.0.0/9"


def _condition(type_: str, status: str, reason: str, message: str, now: str) -> dict:
    return {"type": type_, "status": status, "lastHeartbeatTime": now,
            "lastTransitionTime": now, "reason": reason, "message": message}


def node_conditions(now: str, ready: bool = True) -> list[dict]:
    ready_condition = (_condition("Ready", "True", "KubeletReady",
                                  "kubelet is posting ready status", now) if ready else
                       _condition("Ready", "False", "KubeletNotReady",
                                  "container runtime network not ready", now))
    return [
        _condition("MemoryPressure", "False", "KubeletHasSufficientMemory",
                   "kubelet has sufficient memory available", now),
        _condition("DiskPressure", "False", "KubeletHasNoDiskPressure",
                   "kubelet has no disk pressure", now),
        _condition("PIDPressure", "False", "KubeletHasSufficientPID",
                   "kubelet has sufficient PID available", now),
        ready_condition,
    ]


def node_object(name: str, index: int, cpu: str, memory: str, pods: int,
                labels: dict | None, taints: list | None, sim: Simulation) -> dict:
    memory_q = parse_quantity(memory)
    storage_q = parse_quantity(EPHEMERAL_STORAGE)
    capacity = {"cpu": str(parse_quantity(cpu)), "ephemeral-storage": str(storage_q),
                "hugepages-1Gi": "0", "hugepages-2Mi": "0", "memory": str(memory_q),
                "pods": str(pods)}
    allocatable = dict(capacity)
    allocatable["memory"] = str(memory_q - parse_quantity(EVICTION_MEMORY))
    allocatable["ephemeral-storage"] = str(storage_q.value() * 9 // 10)
    all_labels = {"beta.kubernetes.io/arch": "amd64", "beta.kubernetes.io/os": "linux",
                  "kubernetes.io/arch": "amd64", "kubernetes.io/hostname": name,
                  "kubernetes.io/os": "linux", **(labels or {})}
    rng = sim.random
    now = sim.timestamp()
    spec: dict = {}
    if taints:
        spec["taints"] = [dict(t) for t in taints]
    return {
        "apiVersion": "v1", "kind": "Node",
        "metadata": {"name": name, "labels": all_labels,
                     "annotations": {"node.alpha.kubernetes.io/ttl": "0",
                                     "volumes.kubernetes.io/controller-managed-attach-detach":
                                         "true"}},
        "spec": spec,
        "status": {
            "capacity": capacity,
            "allocatable": allocatable,
            "conditions": node_conditions(now),
            "addresses": [{"type": "InternalIP", "address": node_ip(index)},
                          {"type": "Hostname", "address": name}],
            "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
            "nodeInfo": {
                "machineID": uuid.UUID(int=rng.getrandbits(128)).hex,
                "systemUUID": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "bootID": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "kernelVersion": KERNEL, "osImage": OS_IMAGE,
                "containerRuntimeVersion": CONTAINER_RUNTIME, "kubeletVersion": KUBELET_VERSION,
                # Deprecated (KEP-4004) and no longer set by the kubelet, but not omitempty:
                # the API serves it as "" (NodeSystemInfo in staging/src/k8s.io/api/core/v1/types.go).
                "kubeProxyVersion": "",
                "operatingSystem": "linux", "architecture": "amd64",
            },
        },
    }
