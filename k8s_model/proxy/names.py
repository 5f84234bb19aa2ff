"""Chain names and probabilities, exactly as pkg/proxy/iptables/proxier.go computes them.

An iptables chain name may hold at most 28 characters, so kube-proxy names a Service's
chains by a hash: sha256 of the service port name and the lower-case protocol, base32,
first 16 characters. `ns1/svc1:p80` over TCP hashes to XPGD46QRK7WJZT7O, so its chains
are KUBE-SVC-XPGD46QRK7WJZT7O (Cluster policy), KUBE-SVL-… (Local policy), KUBE-EXT-…
(external traffic) and KUBE-FW-… (load-balancer source ranges); an endpoint's chain
hashes the endpoint too: sha256("ns1/svc1:p80" + "tcp" + "10.180.0.1:80") → KUBE-SEP-….
The names are the same on every node, which is why `iptables-save` on any node can be
read against any other.
"""

from __future__ import annotations

import base64
import hashlib

SVC, SVL, EXT, FW, SEP = "KUBE-SVC-", "KUBE-SVL-", "KUBE-EXT-", "KUBE-FW-", "KUBE-SEP-"


def service_port_name(namespace: str, name: str, port_name: str = "") -> str:
    """proxy.ServicePortName.String(): `ns/name:port`, or `ns/name` for an unnamed port."""
    return f"{namespace}/{name}" + (f":{port_name}" if port_name else "")


def _hash16(text: str) -> str:
    digest = hashlib.sha256(text.encode()).digest()
    return base64.b32encode(digest).decode()[:16]


def port_proto_hash(service_port_name: str, protocol: str) -> str:
    """portProtoHash: base32(sha256(servicePortName + protocol))[:16]."""
    return _hash16(service_port_name + protocol.lower())


def service_chain(prefix: str, service_port_name: str, protocol: str) -> str:
    """KUBE-SVC-/KUBE-SVL-/KUBE-EXT-/KUBE-FW- + the port's hash."""
    return prefix + port_proto_hash(service_port_name, protocol)


def endpoint_chain(service_port_name: str, protocol: str, endpoint: str) -> str:
    """servicePortEndpointChainName: KUBE-SEP- + base32(sha256(name + protocol + ip:port))[:16]."""
    return SEP + _hash16(service_port_name + protocol.lower() + endpoint)


def compute_probability(n: int) -> str:
    """computeProbability: the probability kube-proxy writes, `%0.10f` of 1/n."""
    return f"{1.0 / n:0.10f}"


def kernel_probability(text: str) -> int:
    """What the kernel keeps of `--probability p`: libxt_statistic stores
    lround(p × 2³¹), and the match fires when a random 31-bit number is below it."""
    return int(float(text) * 0x80000000 + 0.5)   # C's lround, half away from zero


def saved_probability(text: str) -> str:
    """How `iptables-save` prints it back: `%.11f` of the stored fraction, so kube-proxy's
    0.3333333333 reads 0.33333333349 on a node."""
    return f"{kernel_probability(text) / 0x80000000:.11f}"
