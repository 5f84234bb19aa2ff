"""The container runtime a kubelet drives through the CRI: containerd, modelled.

`cri.ContainerRuntime` answers the RuntimeService and ImageService calls; `images`
is the catalogue of known images; `programs` says what a container does once started
(and documents the `k8s-model.io/script` annotation); `cni` hands out Pod IPs.
"""

from .cri import ContainerRuntime
from .images import CATALOGUE, PullFailure, parse_reference
from .programs import SCRIPT_ANNOTATION

__all__ = ["CATALOGUE", "ContainerRuntime", "PullFailure", "SCRIPT_ANNOTATION",
           "parse_reference"]
