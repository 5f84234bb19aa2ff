"""k8s_model: a small, faithful Kubernetes cluster on a virtual clock.

    from k8s_model import Cluster
    c = Cluster(nodes=3, seed=0)
    print(c.kubectl("get nodes"))

`%load_ext k8s_model` in a notebook adds the `%kubectl` and `%%kubectl` magics.
"""

from .api.errors import ApiError
from .cluster import Cluster
from .kubectl.errors import KubectlError
from .kubectl.manifests import load_manifests

__all__ = ["Cluster", "ApiError", "KubectlError", "load_manifests"]


def load_ipython_extension(ipython) -> None:
    from .magics import register

    register(ipython)
