"""Per-namespace defaults: the `default` ServiceAccount (pkg/controller/serviceaccount)
and the `kube-root-ca.crt` ConfigMap (pkg/controller/certificates/rootcacertpublisher).

Every namespace gets both as soon as it exists, which is why `kubectl get sa` and
`kubectl get configmaps` are never empty, and why a Pod can be created in a new
namespace: the ServiceAccount admission plugin needs `default` to exist.
"""

from __future__ import annotations

from .base import Controller, Informer

# A stand-in for the cluster CA certificate kubeadm generates.
ROOT_CA = ("-----BEGIN CERTIFICATE-----\n"
           "MIIDBTCCAe2gAwIBAgIIK8s0bW9kZWwwDQYJKoZIhvcNAQELBQAwFTETMBEGA1UE\n"
           "AxMKa3ViZXJuZXRlczAeFw0yNjAxMDEwMDAwMDBaFw0zNjAxMDEwMDAwMDBaMBUx\n"
           "-----END CERTIFICATE-----\n")


class PerNamespaceController(Controller):
    """Reconciles each Active namespace: `ensure(namespace)` creates what it lacks."""

    def __init__(self, sim, client, namespaces: Informer) -> None:
        super().__init__(sim, client)
        self.namespaces = namespaces
        self.enqueue_changes_of(namespaces)

    def reconcile(self, name: str) -> None:
        namespace = self.namespaces.get(name)
        if namespace is not None and namespace.get("status", {}).get("phase") == "Active":
            self.ensure(name)

    def ensure(self, namespace: str) -> None:
        raise NotImplementedError


class ServiceAccountsController(PerNamespaceController):
    name = "serviceaccount-controller"

    def ensure(self, namespace: str) -> None:
        if self.client.get_or_none("serviceaccounts", namespace, "default") is None:
            self.client.create("serviceaccounts", {
                "apiVersion": "v1", "kind": "ServiceAccount",
                "metadata": {"name": "default", "namespace": namespace}})


class RootCACertPublisher(PerNamespaceController):
    name = "root-ca-certificate-publisher"

    def ensure(self, namespace: str) -> None:
        if self.client.get_or_none("configmaps", namespace, "kube-root-ca.crt") is None:
            self.client.create("configmaps", {
                "apiVersion": "v1", "kind": "ConfigMap",
                "metadata": {"name": "kube-root-ca.crt", "namespace": namespace,
                             "annotations": {"kubernetes.io/description": (
                                 "Contains a CA bundle that can be used to verify the "
                                 "kube-apiserver when using internal endpoints such as the "
                                 "internal service IP or kubernetes.default.svc. No other usage "
                                 "is guaranteed across distributions of Kubernetes clusters.")}},
                "data": {"ca.crt": ROOT_CA}})
