"""kubeadm's essential add-ons (cmd/kubeadm/app/phases/addons): CoreDNS and kube-proxy.

`kubeadm init` applies them once the control-plane node has registered, as the
cluster administrator (admin.conf), before any worker joins:

    [addons] Applied essential addon: CoreDNS
    [addons] Applied essential addon: kube-proxy

From then on they are ordinary API objects: the Deployment controller runs CoreDNS's
two Pods, the DaemonSet controller one kube-proxy Pod per node (a node that joins later
gets its own), and `kubectl -n kube-system get all` shows them as on a real cluster.
"""

from __future__ import annotations

from . import coredns, kube_proxy

__all__ = ["IMAGES", "apply_essential_addons", "coredns", "kube_proxy"]

# What `kubeadm config images pull` (the control plane) and the node images (workers)
# put on every node beforehand: the add-ons' Pods start without a pull, and a reader's
# first Pods do not queue behind them (the kubelet pulls one image at a time).
IMAGES = (coredns.COREDNS_IMAGE, kube_proxy.KUBE_PROXY_IMAGE)


def apply_essential_addons(client, proxy_mode: str = "iptables", ipvs_scheduler: str = "rr",
                           cluster_cidr: str = "10.244.0.0/16") -> list[str]:
    """Create both add-ons through `client`; returns kubeadm's lines."""
    for resource, obj in coredns.manifests():
        client.create(resource, obj)
    for resource, obj in kube_proxy.manifests(proxy_mode, ipvs_scheduler, cluster_cidr):
        client.create(resource, obj)
    return ["[addons] Applied essential addon: CoreDNS",
            "[addons] Applied essential addon: kube-proxy"]
