"""What the routing lab reads from the API server, as `kubectl get` would show it.

Plain functions of the cluster, through `cluster.list` only: the kubia Pods in
kube-proxy's order of endpoints (by IP, so the picture's rows read as the rules do),
each Pod's endpoint and its `ready` condition in the Service's EndpointSlices (a Pod that
is not Ready stays listed with `ready: false`), a node's InternalIP.
"""

from __future__ import annotations

import ipaddress

from ..views.portrayal import condition, natural_key
from .manifests import NAME, TARGET_PORT


def is_ready(pod: dict) -> bool:
    """READY 1/1: Running, and the Ready condition True."""
    return (pod.get("status") or {}).get("phase") == "Running" and condition(pod, "Ready") == "True"


def _by_ip(pod: dict) -> tuple:
    ip = (pod.get("status") or {}).get("podIP")
    return (0, int(ipaddress.ip_address(ip))) if ip else (1, natural_key(pod["metadata"]["name"]))


def get_object(cluster, resource: str, name: str, namespace: str | None = "default") -> dict | None:
    """The object, or None if there is none (no NotFound to catch)."""
    found = [o for o in cluster.list(resource, namespace) if o["metadata"]["name"] == name]
    return found[0] if found else None


def kubia_pods(cluster) -> list[dict]:
    """The Service's Pods (not terminating), by IP; those without an IP yet last."""
    pods = cluster.list("pods", "default", f"app={NAME}")
    return sorted((p for p in pods if not p["metadata"].get("deletionTimestamp")), key=_by_ip)


def node_ip(cluster, node: str) -> str:
    obj = get_object(cluster, "nodes", node, None) or {}
    for address in (obj.get("status") or {}).get("addresses") or []:
        if address.get("type") == "InternalIP":
            return address["address"]
    return ""


def slice_endpoints(cluster) -> dict[str, tuple[str, bool]]:
    """Pod name → (ip:port, ready) from the kubia Service's EndpointSlices."""
    found = {}
    for eps in cluster.list("endpointslices", "default", f"kubernetes.io/service-name={NAME}"):
        port = ((eps.get("ports") or [{}])[0]).get("port", TARGET_PORT)
        for ep in eps.get("endpoints") or []:
            name = (ep.get("targetRef") or {}).get("name", ep["addresses"][0])
            found[name] = (f"{ep['addresses'][0]}:{port}",
                           bool((ep.get("conditions") or {}).get("ready")))
    return found
