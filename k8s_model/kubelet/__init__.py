"""The kubelet, one per node (pkg/kubelet): pod admission, pod workers driving the
container runtime through the CRI, Pod status, events, and node heartbeats.

`Kubelet(sim, client, node_name, trace)` is all a Cluster needs to start one.
"""

from .kubelet import Kubelet

__all__ = ["Kubelet"]
