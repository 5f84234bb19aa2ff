"""Pod addresses: the CNI bridge plugin with host-local IPAM, as containerd calls it.

When containerd runs a Pod sandbox it asks the CNI plugin for a network namespace
address from the node's podCIDR (the kubelet passes the CIDR with the CRI call
UpdateRuntimeConfig). host-local hands addresses out in order, skipping the network
address and the gateway, and goes round-robin rather than reusing a freed address at
once: on 10.244.1.0/24 the first Pods get 10.244.1.2, .3, .4 …; after .254 it wraps.
"""

from __future__ import annotations

import ipaddress


class HostLocalIPAM:
    def __init__(self, pod_cidr: str) -> None:
        self.network = ipaddress.ip_network(pod_cidr)
        self.gateway = self.network.network_address + 1
        self.allocated: dict[str, str] = {}   # ip -> sandbox id
        self._last = self.gateway

    def allocate(self, sandbox_id: str) -> str:
        hosts = list(self.network.hosts())
        start = hosts.index(self._last) if self._last in hosts else 0
        for offset in range(1, len(hosts) + 1):
            candidate = hosts[(start + offset) % len(hosts)]
            if candidate == self.gateway or str(candidate) in self.allocated:
                continue
            self.allocated[str(candidate)] = sandbox_id
            self._last = candidate
            return str(candidate)
        raise RuntimeError(f"no IP addresses available in range set: {self.network}")

    def release(self, ip: str) -> None:
        self.allocated.pop(ip, None)
