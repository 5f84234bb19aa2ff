"""A dynamic provisioner: minikube's storage-provisioner addon (`k8s.io/minikube-hostpath`,
built on sigs.k8s.io/sig-storage-lib-external-provisioner).

Why this one: the model's scheduler has no VolumeBinding plugin, so nothing would write
the `volume.kubernetes.io/selected-node` annotation a WaitForFirstConsumer class waits for
(kind's `rancher.io/local-path`). minikube's class binds at once (`Immediate`), which the
model can honour faithfully. The addon manager creates the class when the cluster starts:

    NAME                 PROVISIONER                RECLAIMPOLICY   VOLUMEBINDINGMODE   ...
    standard (default)   k8s.io/minikube-hostpath   Delete          Immediate           ...

The provisioner is not part of kube-controller-manager: it runs as its own Pod in real
minikube (here, as a component with its own service account). It watches claims the
PersistentVolume binder annotated `volume.kubernetes.io/storage-provisioner:
k8s.io/minikube-hostpath` and creates for each a volume `pvc-<claim uid>` — a hostPath
under /tmp/hostpath-provisioner/<namespace>/<claim> — already pointing at the claim; the
binder completes the bind. When a volume it made is Released and its reclaimPolicy is
Delete, it deletes the volume.
"""

from __future__ import annotations

import copy

from ...api import errors, resources
from ...api.authz import service_account_user
from ...api.meta import new_uid
from ...client import Client
from ...record import EventRecorder
from ..base import Controller, Informer, key_of
from .util import ANN_DYNAMICALLY_PROVISIONED, ANN_STORAGE_PROVISIONER, claim_reference

PROVISIONER = "k8s.io/minikube-hostpath"
ANN_PROVISIONER_IDENTITY = "hostPathProvisionerIdentity"
HOSTPATH_ROOT = "/tmp/hostpath-provisioner"

# minikube's deploy/addons/storageclass/storageclass.yaml (the API server fills in
# reclaimPolicy Delete and volumeBindingMode Immediate).
DEFAULT_STORAGE_CLASS = {
    "apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
    "metadata": {"name": "standard",
                 "annotations": {"storageclass.kubernetes.io/is-default-class": "true"},
                 "labels": {"addonmanager.kubernetes.io/mode": "EnsureExists"}},
    "provisioner": PROVISIONER,
}


class HostPathProvisioner(Controller):
    name = "storage-provisioner"

    def __init__(self, sim, client, claims: Informer, volumes: Informer, classes: Informer,
                 node: str) -> None:
        super().__init__(sim, client)
        self.claims, self.volumes, self.classes = claims, volumes, classes
        self.identity = new_uid(sim.random)
        # The library's event source: <provisioner>_<host>_<identity>.
        self.recorder = EventRecorder(sim, client,
                                      component=f"{PROVISIONER}_{node}_{self.identity}")
        claims.add_handler(lambda t, obj, old: t != "DELETED" and self.enqueue(key_of(obj)))
        volumes.add_handler(lambda t, obj, old: t != "DELETED" and self.enqueue(key_of(obj)))

    def reconcile(self, key: str) -> None:
        if "/" in key:
            claim = self.claims.get(key)
            if claim is not None and self.should_provision(claim):
                self.provision(claim)
        else:
            volume = self.volumes.get(key)
            if volume is not None and self.should_delete(volume):
                self.client.delete("persistentvolumes", None, key)

    def should_provision(self, claim: dict) -> bool:
        """shouldProvision: ours to make, not bound yet, and no volume made for it before."""
        annotations = claim["metadata"].get("annotations") or {}
        return (annotations.get(ANN_STORAGE_PROVISIONER) == PROVISIONER
                and not claim["spec"].get("volumeName")
                and not claim["metadata"].get("deletionTimestamp")
                and self.volumes.get(f"pvc-{claim['metadata']['uid']}") is None)

    def provision(self, claim: dict) -> None:
        meta = claim["metadata"]
        self.recorder.eventf(claim, "Normal", "Provisioning",
                             f'External provisioner is provisioning volume for claim '
                             f'"{meta["namespace"]}/{meta["name"]}"')
        storage_class = self.classes.get(claim["spec"].get("storageClassName") or "") or {}
        name = f"pvc-{meta['uid']}"
        volume = {
            "apiVersion": "v1", "kind": "PersistentVolume",
            "metadata": {"name": name, "annotations": {
                ANN_PROVISIONER_IDENTITY: self.identity,
                ANN_DYNAMICALLY_PROVISIONED: PROVISIONER}},
            "spec": {
                "accessModes": list(claim["spec"].get("accessModes") or []),
                "capacity": {"storage": claim["spec"]["resources"]["requests"]["storage"]},
                "claimRef": claim_reference(claim),
                "hostPath": {"path": f"{HOSTPATH_ROOT}/{meta['namespace']}/{meta['name']}",
                             "type": ""},
                "persistentVolumeReclaimPolicy": storage_class.get("reclaimPolicy", "Delete"),
                "storageClassName": claim["spec"].get("storageClassName"),
                "volumeMode": claim["spec"].get("volumeMode", "Filesystem"),
            },
        }
        try:
            self.client.create("persistentvolumes", volume)
        except errors.ApiError as error:
            if error.code != 409:   # AlreadyExists: made on an earlier attempt
                self.recorder.eventf(claim, "Warning", "ProvisioningFailed",
                                     f"failed to provision volume with StorageClass "
                                     f'"{storage_class.get("metadata", {}).get("name", "")}": '
                                     f"{error.message}")
                raise
            return
        self.recorder.eventf(claim, "Normal", "ProvisioningSucceeded",
                             f"Successfully provisioned volume {name}")

    @staticmethod
    def should_delete(volume: dict) -> bool:
        """shouldDelete: a Released volume we provisioned, whose policy says Delete."""
        annotations = volume["metadata"].get("annotations") or {}
        return (annotations.get(ANN_DYNAMICALLY_PROVISIONED) == PROVISIONER
                and (volume.get("status") or {}).get("phase") == "Released"
                and volume["spec"].get("persistentVolumeReclaimPolicy") == "Delete"
                and not volume["metadata"].get("deletionTimestamp"))


def start_storage_provisioner(sim, server, node: str) -> HostPathProvisioner:
    """The `default-storageclass` and `storage-provisioner` addons (on by default): the
    addon manager creates the default StorageClass, and the provisioner starts watching
    through informers of its own."""
    addon_manager = Client(server, "kube-addon-manager",
                           service_account_user("kube-system", "kube-addon-manager"))
    addon_manager.create("storageclasses", copy.deepcopy(DEFAULT_STORAGE_CLASS))
    client = Client(server, "storage-provisioner",
                    service_account_user("kube-system", "storage-provisioner"))
    claims, volumes, classes = (Informer(client, resources.lookup(plural)) for plural in
                                ("persistentvolumeclaims", "persistentvolumes",
                                 "storageclasses"))
    return HostPathProvisioner(sim, client, claims, volumes, classes, node)
