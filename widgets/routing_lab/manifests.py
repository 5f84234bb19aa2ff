"""The routing lab's objects, as `kubectl apply -f -` receives them.

kubia (Kubernetes in Action's app: luksa/kubia answers "You've hit <pod name>" on 8080)
as a Deployment with an HTTP readiness probe, so a failing probe takes a Pod out of the
Service; the NodePort Service `kubia` (80 → 8080) in front of it; a busybox Pod `client`
pinned to node-1 that sleeps, to send from inside the cluster; and, for the Ingress
variant, an Ingress without a host rule (requests addressed to an IP match it).
"""

from __future__ import annotations

import yaml

from k8s_model.examples import deployment

NAME, PORT, TARGET_PORT = "kubia", 80, 8080
CLIENT_POD, CLIENT_NODE = "client", "node-1"
OUTSIDE = "outside"
# The Ingress variant: clients → the ingress-nginx-controller Service's rules → the
# controller Pod, which proxies to kubia's endpoints itself (round robin, no KUBE-SVC-).
INGRESS_NAMESPACE, INGRESS_SERVICE = "ingress-nginx", "ingress-nginx-controller"


def kubia_service(affinity: str = "None") -> str:
    """The Service of the lab: NodePort, so the outside client has a way in."""
    spec = {"type": "NodePort", "selector": {"app": NAME}, "sessionAffinity": affinity,
            "ports": [{"port": PORT, "targetPort": TARGET_PORT}]}
    return yaml.safe_dump({"apiVersion": "v1", "kind": "Service",
                           "metadata": {"name": NAME}, "spec": spec}, sort_keys=False)


def client_pod() -> str:
    """A busybox Pod that sleeps on node-1: the in-cluster client."""
    return yaml.safe_dump({
        "apiVersion": "v1", "kind": "Pod", "metadata": {"name": CLIENT_POD},
        "spec": {"nodeSelector": {"kubernetes.io/hostname": CLIENT_NODE},
                 "containers": [{"name": "main", "image": "busybox:1.37",
                                 "command": ["sleep", "3600000"]}]}}, sort_keys=False)


def kubia_ingress() -> str:
    """An Ingress without a host rule, so requests addressed to an IP match it."""
    return yaml.safe_dump({
        "apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": NAME},
        "spec": {"rules": [{"http": {"paths": [{
            "path": "/", "pathType": "Prefix",
            "backend": {"service": {"name": NAME, "port": {"number": PORT}}}}]}}]}},
        sort_keys=False)


def lab_manifests(replicas: int, affinity: str = "None") -> str:
    return "---\n".join((deployment(NAME, replicas, "luksa/kubia", container=NAME,
                                    readiness_port=TARGET_PORT),
                         kubia_service(affinity), client_pod()))
