"""The namespace controller (pkg/controller/namespace/deletion).

Deleting a Namespace only marks it `Terminating`: its `kubernetes` finalizer keeps it
while this controller deletes everything inside, kind by kind. When nothing is left it
removes the finalizer through the `finalize` subresource and the API server deletes
the Namespace. Terminating Pods keep it waiting, so a namespace with running Pods takes
at least their grace period to go. "Everything" is what discovery lists, so custom
resources a CRD added are deleted too.
"""

from __future__ import annotations

from .base import Controller, Informer

RECHECK_SECONDS = 5.0


class NamespaceController(Controller):
    name = "namespace-controller"

    def __init__(self, sim, client, namespaces: Informer) -> None:
        super().__init__(sim, client)
        self.namespaces = namespaces
        self.enqueue_changes_of(namespaces)

    def reconcile(self, name: str) -> None:
        namespace = self.namespaces.get(name)
        if namespace is None or not namespace["metadata"].get("deletionTimestamp"):
            return
        remaining = 0
        for resource in self.client.server_resources():
            if not resource.namespaced or resource.kind == "Binding":
                continue
            for obj in self.client.list(resource, name):
                remaining += 1
                if not obj["metadata"].get("deletionTimestamp"):
                    self.client.delete(resource, name, obj["metadata"]["name"],
                                       propagation_policy="Background")
        if remaining:
            self.enqueue(name, after=RECHECK_SECONDS)
            return
        finalized = dict(namespace)
        finalized["spec"] = {**namespace.get("spec", {}),
                             "finalizers": [f for f in namespace.get("spec", {}).get("finalizers", [])
                                            if f != "kubernetes"]}
        self.client.update("namespaces", finalized, subresource="finalize")
