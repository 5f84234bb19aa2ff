"""The routing lab: send requests to a Service and watch kube-proxy's rules spread them.

A kubia Deployment (luksa/kubia answers "You've hit <pod>" on 8080, with an HTTP
readiness probe) behind a NodePort Service `kubia` (80 → 8080), and three clients: a
busybox Pod `client` on node-1, node-1 itself and a laptop outside the cluster (it
addresses node-1's IP and the NodePort). Every request goes through `Cluster.request`,
so it takes the real path: the client node's nat rules (PREROUTING for a Pod's or an
outside packet, OUTPUT for the node's own) → KUBE-SERVICES → KUBE-SVC-… → one KUBE-SEP-…
picked by `-m statistic --mode random` → DNAT to a Pod — or, in IPVS mode, the virtual
server's scheduler (round robin) picking a real server.

**Send N** counts who answered. **Break readiness** makes a Pod's readiness probe fail
and advances virtual time until the Pod has left the client node's rules, timing each
link of the chain: kubelet (3 failed probes) → Ready=False → EndpointSlice controller
(`ready: false`) → kube-proxy (a sync, at most once per second). **sessionAffinity**
re-applies the Service (`kubectl apply`: the model's kubectl has no `patch`); ClientIP
adds `-m recent` rules (iptables) or makes the virtual server `persistent` (IPVS).
**proxy mode** rebuilds the cluster with the same seed and manifests: a real kube-proxy
reads its mode only at start. **via Ingress** enables ingress-nginx (`minikube addons
enable ingress`) and an Ingress `/ → kubia:80`: the client node's rules now lead to the
controller Pod (its Service is a LoadBalancer with externalTrafficPolicy Local, so from
outside only the controller's node takes the NodePort), and the controller proxies to
kubia's endpoints itself, in turn — kubia's KUBE-SVC- chain is never used.

    lab = RoutingLab(seed=0)                    # iptables; RoutingLab(proxy_mode="ipvs")
    lab.count.value = 1000; lab.send_button.click()
    print(lab.graph.view.description())
"""

from .lab import RoutingLab
from .manifests import (CLIENT_NODE, CLIENT_POD, NAME, OUTSIDE, client_pod, kubia_ingress,
                        kubia_service, lab_manifests)

__all__ = ["RoutingLab", "CLIENT_NODE", "CLIENT_POD", "NAME", "OUTSIDE", "client_pod",
           "kubia_ingress", "kubia_service", "lab_manifests"]
