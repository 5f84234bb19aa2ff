"""The control plane's own Pods: kubeadm's static Pod manifests and their mirror Pods.

kubeadm writes manifests for etcd, kube-apiserver, kube-controller-manager and
kube-scheduler into /etc/kubernetes/manifests on the control-plane node. That node's
kubelet runs them without asking the API server, then creates a *mirror Pod* for each
so that `kubectl get pods -n kube-system` shows them: named `<component>-<node>`,
owned by the Node, annotated `kubernetes.io/config.mirror`, on the host network.
"""

from __future__ import annotations

import hashlib

from .nodes import node_ip

VERSION = "v1.35.0"
ETCD_IMAGE = "registry.k8s.io/etcd:3.6.5-0"

# component → (image, cpu request, memory request or None, command's first words)
COMPONENTS = {
    "etcd": (ETCD_IMAGE, "100m", "100Mi", ["etcd", "--data-dir=/var/lib/etcd"]),
    "kube-apiserver": (f"registry.k8s.io/kube-apiserver:{VERSION}", "250m", None,
                       ["kube-apiserver", "--authorization-mode=Node,RBAC",
                        "--service-cluster-ip-range=10.96.0.0/12"]),
    "kube-controller-manager": (f"registry.k8s.io/kube-controller-manager:{VERSION}", "200m",
                                None, ["kube-controller-manager",
                                       "--use-service-account-credentials=true"]),
    "kube-scheduler": (f"registry.k8s.io/kube-scheduler:{VERSION}", "100m", None,
                       ["kube-scheduler", "--leader-elect=true"]),
}


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def mirror_pod(component: str, node: dict) -> dict:
    image, cpu, memory, command = COMPONENTS[component]
    node_name = node["metadata"]["name"]
    config_hash = _hash(f"{component}/{node_name}")[:32]
    requests = {"cpu": cpu, **({"memory": memory} if memory else {})}
    return {
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {
            "name": f"{component}-{node_name}", "namespace": "kube-system",
            "labels": {"component": component, "tier": "control-plane"},
            "annotations": {"kubernetes.io/config.hash": config_hash,
                            "kubernetes.io/config.mirror": config_hash,
                            "kubernetes.io/config.seen": "2026-01-01T00:00:00.000000000Z",
                            "kubernetes.io/config.source": "file"},
            "ownerReferences": [{"apiVersion": "v1", "kind": "Node", "name": node_name,
                                 "uid": node["metadata"]["uid"], "controller": True}],
        },
        "spec": {
            "containers": [{"name": component, "image": image, "command": command,
                            "resources": {"requests": requests}}],
            "hostNetwork": True, "nodeName": node_name,
            "priorityClassName": "system-node-critical",
            "securityContext": {"seccompProfile": {"type": "RuntimeDefault"}},
            "tolerations": [{"operator": "Exists", "effect": "NoExecute"}],
        },
    }


def running_status(pod: dict, node_index: int, now: str) -> dict:
    """The status the kubelet posts once the static Pod's container runs."""
    ip = node_ip(node_index)
    container = pod["spec"]["containers"][0]
    digest = _hash(container["image"])
    condition = lambda type_: {"type": type_, "status": "True", "lastProbeTime": None,  # noqa: E731
                               "lastTransitionTime": now}
    return {
        **pod["status"],
        "phase": "Running",
        "conditions": [condition("PodReadyToStartContainers"), condition("Initialized"),
                       condition("Ready"), condition("ContainersReady"),
                       condition("PodScheduled")],
        "hostIP": ip, "hostIPs": [{"ip": ip}], "podIP": ip, "podIPs": [{"ip": ip}],
        "startTime": now,
        "containerStatuses": [{
            "name": container["name"], "state": {"running": {"startedAt": now}},
            "lastState": {}, "ready": True, "restartCount": 0,
            "image": container["image"],
            "imageID": f"{container['image'].split(':')[0]}@sha256:{digest}",
            "containerID": f"containerd://{_hash(pod['metadata']['name'])}",
            "started": True,
        }],
    }


def start_static_pods(kubelet, node: dict, node_index: int, now: str) -> None:
    """What the control-plane kubelet does with kubeadm's manifests."""
    for component in COMPONENTS:
        created = kubelet.create("pods", mirror_pod(component, node))
        created["status"] = running_status(created, node_index, now)
        kubelet.update_status("pods", created)
