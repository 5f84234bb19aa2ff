"""ClusterIPs and NodePorts, allocated by the API server when a Service is created
(pkg/registry/core/service/ipallocator and portallocator).

kubeadm's service CIDR is 10.96.0.0/12. The first address, 10.96.0.1, belongs to the
`kubernetes` Service, and by convention .10 to kube-dns. Upstream splits the range in
two bands: a small *static* band at the bottom (min(max(16, size/16), 256) addresses —
here 10.96.0.1–10.96.1.0) that automatic allocation avoids while it can, and the
dynamic band above it, from which a random free address is drawn. So a Service you
give no IP gets something like 10.108.34.117, while addresses you choose yourself in
the static band never collide with automatic ones. NodePorts are drawn at random from
30000–32767 in the same way.
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

from . import errors, resources
from .validation.service import node_port_errors

if TYPE_CHECKING:
    from .server import APIServer

SERVICE_CIDR = ipaddress.ip_network("10.96.0.0/12")
NODE_PORTS = (30000, 32767)


def static_band_size(network: ipaddress.IPv4Network) -> int:
    """min(max(16, size/16), 256): 256 for a /12."""
    return min(max(16, network.num_addresses // 16), 256)


def _in_use(server: "APIServer") -> tuple[set[str], set[int]]:
    ips, ports = set(), set()
    for kv in server.store.range(resources.by_plural("services").prefix):
        spec = kv.value.get("spec", {})
        ips.update(ip for ip in spec.get("clusterIPs") or [] if ip != "None")
        ports.update(p["nodePort"] for p in spec.get("ports") or [] if p.get("nodePort"))
    return ips, ports


def allocate_cluster_ip(server: "APIServer", used: set[str]) -> str:
    """A random free address of the dynamic band, else of the static band."""
    first = int(SERVICE_CIDR.network_address) + 1  # .0 is the network address
    last = int(SERVICE_CIDR.broadcast_address) - 1
    offset = first + static_band_size(SERVICE_CIDR)
    for low, high in ((offset, last), (first, offset - 1)):
        for _ in range(64):
            candidate = str(ipaddress.ip_address(server.sim.random.randint(low, high)))
            if candidate not in used:
                return candidate
        for value in range(low, high + 1):  # a crowded band: scan it
            candidate = str(ipaddress.ip_address(value))
            if candidate not in used:
                return candidate
    raise errors.ApiError({"kind": "Status", "apiVersion": "v1", "metadata": {},
                           "status": "Failure", "code": 500, "reason": "InternalError",
                           "message": "Internal error occurred: failed to allocate a serviceIP: "
                                      "range is full"})


def _invalid(name: str, errs: list) -> errors.ApiError:
    return errors.invalid_object("Service", "", name, errs)


def allocate(server: "APIServer", service: dict) -> None:
    """The Service create hook: fill spec.clusterIP(s) and each port's nodePort."""
    spec = service.setdefault("spec", {})
    name = service["metadata"]["name"]
    used_ips, used_ports = _in_use(server)
    if spec.get("type") != "ExternalName":
        wanted = spec.get("clusterIP") or (spec.get("clusterIPs") or [""])[0]
        if wanted == "None":
            spec["clusterIP"], spec["clusterIPs"] = "None", ["None"]
        elif wanted:
            problem = ""
            if ipaddress.ip_address(wanted) not in SERVICE_CIDR or wanted in (
                    str(SERVICE_CIDR.network_address), str(SERVICE_CIDR.broadcast_address)):
                problem = (f"the provided IP ({wanted}) is not in the valid range. The range of "
                           f"valid IPs is {SERVICE_CIDR}")
            elif wanted in used_ips:
                problem = "provided IP is already allocated"
            if problem:
                raise _invalid(name, [errors.invalid("spec.clusterIPs", [wanted],
                                                     f"failed to allocate IP {wanted}: {problem}")])
            spec["clusterIP"], spec["clusterIPs"] = wanted, [wanted]
        else:
            ip = allocate_cluster_ip(server, used_ips)
            spec["clusterIP"], spec["clusterIPs"] = ip, [ip]
    if spec.get("type") in ("NodePort", "LoadBalancer"):
        range_errors = node_port_errors(service)
        if range_errors:
            raise _invalid(name, range_errors)
        for i, port in enumerate(spec.get("ports") or []):
            if port.get("nodePort"):
                if port["nodePort"] in used_ports:
                    raise _invalid(name, [errors.invalid(f"spec.ports[{i}].nodePort",
                                                         port["nodePort"],
                                                         "provided port is already allocated")])
                used_ports.add(port["nodePort"])
        for port in spec.get("ports") or []:
            if not port.get("nodePort"):
                while True:
                    candidate = server.sim.random.randint(*NODE_PORTS)
                    if candidate not in used_ports:
                        break
                port["nodePort"] = candidate
                used_ports.add(candidate)


def register(server: "APIServer") -> None:
    server.create_hooks.setdefault("services", []).append(lambda svc: allocate(server, svc))
