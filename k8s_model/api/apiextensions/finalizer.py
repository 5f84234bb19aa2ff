"""Deleting a CRD deletes every object of its kind (pkg/controller/finalizer/crd_finalizer.go).

The CRD's REST storage does not remove it at once (pkg/registry/customresourcedefinition/
etcd.go, Delete): it adds the `customresourcecleanup.apiextensions.k8s.io` finalizer and a
`Terminating=True (InstanceDeletionPending)` condition. The finalizer controller then
marks `InstanceDeletionInProgress`, deletes the custom objects through the API (so
their own finalizers and admission run), and once none is left records
`Terminating=False (InstanceDeletionCompleted, "removed all instances")` and drops
the finalizer — and the API server deletes the CRD. Objects still held by finalizers
keep the CRD Terminating; the controller checks again every 5 seconds, as upstream's
poll does.
"""

from __future__ import annotations

from ...controllers.base import Controller, Informer
from .naming import ESTABLISHED, TERMINATING, is_true, set_condition

CLEANUP_FINALIZER = "customresourcecleanup.apiextensions.k8s.io"
RECHECK_SECONDS = 5.0


def mark_for_deletion(crd: dict, now: str) -> None:
    """What the CRD's REST Delete does on the first delete request."""
    finalizers = crd["metadata"].setdefault("finalizers", [])
    if CLEANUP_FINALIZER not in finalizers:
        finalizers.append(CLEANUP_FINALIZER)
    crd.setdefault("status", {})["conditions"] = list(
        crd["status"].get("conditions") or [])
    set_condition(crd, {"type": TERMINATING, "status": "True",
                        "reason": "InstanceDeletionPending",
                        "message": "CustomResourceDefinition marked for deletion; "
                                   "CustomResource deletion will begin soon"}, now)


class CRDFinalizer(Controller):
    name = "crd-finalizer"

    def __init__(self, sim, client, crds: Informer, served) -> None:
        super().__init__(sim, client)
        self.crds = crds
        self.served = served   # the custom resource a CRD added, by CRD name
        crds.add_handler(lambda t, crd, old: t != "DELETED"
                         and crd["metadata"].get("deletionTimestamp")
                         and CLEANUP_FINALIZER in crd["metadata"].get("finalizers", [])
                         and self.enqueue(crd["metadata"]["name"]))

    def _status(self, crd: dict, reason: str, status: str, message: str) -> dict:
        updated = {**crd, "status": {**crd["status"],
                                     "conditions": list(crd["status"].get("conditions") or [])}}
        set_condition(updated, {"type": TERMINATING, "status": status, "reason": reason,
                                "message": message}, self.sim.timestamp())
        return self.client.update_status("customresourcedefinitions", updated)

    def reconcile(self, key: str) -> None:
        crd = self.crds.get(key)
        if crd is None or CLEANUP_FINALIZER not in crd["metadata"].get("finalizers", []):
            return
        resource = self.served(key)
        if is_true(crd, ESTABLISHED) and resource is not None:
            crd = self._status(crd, "InstanceDeletionInProgress", "True",
                               "CustomResource deletion is in progress")
            remaining = 0
            for obj in self.client.list(resource):
                remaining += 1
                if not obj["metadata"].get("deletionTimestamp"):
                    self.client.delete(resource, obj["metadata"].get("namespace"),
                                       obj["metadata"]["name"])
            if remaining and self.client.list(resource):
                self.enqueue(key, after=RECHECK_SECONDS)
                return
            crd = self._status(crd, "InstanceDeletionCompleted", "False", "removed all instances")
        else:
            crd = self._status(crd, "NeverEstablished", "False", "resource was never established")
        rest = [f for f in crd["metadata"]["finalizers"] if f != CLEANUP_FINALIZER]
        self.client.patch("customresourcedefinitions", None, key,
                          {"metadata": {"finalizers": rest or None}})
