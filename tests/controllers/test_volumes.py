"""Storage: the default StorageClass, DefaultStorageClass admission, the PersistentVolume
binder and the dynamic provisioner (minikube's `k8s.io/minikube-hostpath`)."""

import pytest

from k8s_model import Cluster
from k8s_model.kubectl.errors import KubectlError

CLAIM = """
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Gi
"""

WAIT_CLASS = """
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: wait
provisioner: k8s.io/minikube-hostpath
volumeBindingMode: WaitForFirstConsumer
reclaimPolicy: Retain
"""


@pytest.fixture
def c():
    return Cluster(nodes=1)


def claim(c, name="data"):
    return c.get("persistentvolumeclaims", name)


def events(c, name="data"):
    return [(e["reason"], e["message"]) for e in sorted(
        c.list("events", "default"), key=lambda e: e["metadata"]["name"])
        if e["involvedObject"]["name"] == name]


def test_default_storage_class_as_kubectl_prints_it(c):
    # minikube's `kubectl get sc` (deploy/addons/storageclass/storageclass.yaml).
    assert c.kubectl("get sc").splitlines() == [
        "NAME                 PROVISIONER                RECLAIMPOLICY   VOLUMEBINDINGMODE   "
        "ALLOWVOLUMEEXPANSION   AGE",
        "standard (default)   k8s.io/minikube-hostpath   Delete          Immediate           "
        "false                  0s"]
    sc = c.get("storageclasses", "standard", None)
    assert sc["metadata"]["annotations"] == {"storageclass.kubernetes.io/is-default-class": "true"}


def test_storage_class_validation(c):
    with pytest.raises(KubectlError) as error:
        c.apply("apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: bad\n")
    assert str(error.value) == 'The StorageClass "bad" is invalid: provisioner: Required value'
    with pytest.raises(KubectlError) as error:
        c.apply(WAIT_CLASS.replace("Retain", "Recycle"))
    assert str(error.value) == ('The StorageClass "wait" is invalid: reclaimPolicy: Unsupported '
                                'value: "Recycle": supported values: "Delete", "Retain"')
    assert [s["metadata"]["name"] for s in c.list("storageclasses")] == ["standard"]


def test_claim_gets_the_default_class_and_a_bound_volume(c):
    c.apply(CLAIM)
    c.advance(1)
    pvc = claim(c)
    volume = f"pvc-{pvc['metadata']['uid']}"
    assert pvc["spec"]["storageClassName"] == "standard"          # DefaultStorageClass
    assert pvc["spec"]["volumeName"] == volume
    assert pvc["status"] == {"phase": "Bound", "accessModes": ["ReadWriteOnce"],
                             "capacity": {"storage": "1Gi"}}
    annotations = pvc["metadata"]["annotations"]
    assert {k: v for k, v in annotations.items() if "last-applied" not in k} == {
        "pv.kubernetes.io/bind-completed": "yes",
        "pv.kubernetes.io/bound-by-controller": "yes",
        "volume.beta.kubernetes.io/storage-provisioner": "k8s.io/minikube-hostpath",
        "volume.kubernetes.io/storage-provisioner": "k8s.io/minikube-hostpath"}
    pv = c.get("persistentvolumes", volume, None)
    ref = pv["spec"]["claimRef"]
    assert (ref["kind"], ref["namespace"], ref["name"], ref["uid"]) == (
        "PersistentVolumeClaim", "default", "data", pvc["metadata"]["uid"])
    assert pv["status"]["phase"] == "Bound"
    assert pv["spec"]["persistentVolumeReclaimPolicy"] == "Delete"
    assert pv["spec"]["hostPath"] == {"path": "/tmp/hostpath-provisioner/default/data", "type": ""}
    assert pv["metadata"]["annotations"]["pv.kubernetes.io/provisioned-by"] == \
        "k8s.io/minikube-hostpath"
    # The events `kubectl describe pvc` shows on minikube, once each.
    assert [reason for reason, _ in events(c)] == [
        "ExternalProvisioning", "Provisioning", "ProvisioningSucceeded"]
    assert events(c)[0][1] == (
        "Waiting for a volume to be created either by the external provisioner "
        "'k8s.io/minikube-hostpath' or manually by the system administrator. If volume "
        "creation is delayed, please verify that the provisioner is running and correctly "
        "registered.")
    assert events(c)[1][1] == 'External provisioner is provisioning volume for claim "default/data"'
    assert events(c)[2][1] == f"Successfully provisioned volume {volume}"


def test_get_pv_pvc_columns(c):
    c.apply(CLAIM)
    c.advance(5)
    volume = claim(c)["spec"]["volumeName"]
    # printers.go persistentVolumeColumnDefinitions / persistentVolumeClaimColumnDefinitions.
    assert c.kubectl("get pvc").splitlines() == [
        "NAME   STATUS   VOLUME                                     CAPACITY   ACCESS MODES   "
        "STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE",
        f"data   Bound    {volume}   1Gi        RWO            standard       <unset>"
        "                 5s"]
    assert c.kubectl("get pv").splitlines()[1].split() == [
        volume, "1Gi", "RWO", "Delete", "Bound", "default/data", "standard", "<unset>", "5s"]


def test_delete_reclaim_policy_deletes_the_volume(c):
    c.apply(CLAIM)
    c.advance(1)
    c.kubectl("delete pvc data")
    c.advance(1)
    assert c.list("persistentvolumes", None) == []


def test_retain_keeps_a_released_volume_and_wait_for_first_consumer_waits(c):
    c.apply(WAIT_CLASS + "---" + CLAIM.replace("spec:\n", "spec:\n  storageClassName: wait\n"))
    c.advance(20)
    assert claim(c)["status"]["phase"] == "Pending"
    assert c.list("persistentvolumes", None) == []
    assert events(c) == [("WaitForFirstConsumer",
                          "waiting for first consumer to be created before binding")]
    # What the scheduler's VolumeBinding plugin writes when it picks a node for a Pod.
    c.kubectl("annotate pvc data volume.kubernetes.io/selected-node=node-1")
    c.advance(1)
    assert claim(c)["status"]["phase"] == "Bound"
    volume = claim(c)["spec"]["volumeName"]
    c.kubectl("delete pvc data")
    c.advance(30)
    pv = c.get("persistentvolumes", volume, None)
    assert (pv["status"]["phase"], pv["spec"]["persistentVolumeReclaimPolicy"]) == \
        ("Released", "Retain")


def test_empty_class_opts_out_of_dynamic_provisioning(c):
    c.apply(CLAIM.replace("spec:\n", 'spec:\n  storageClassName: ""\n'))
    c.advance(1)
    assert claim(c)["spec"]["storageClassName"] == ""
    assert claim(c)["status"]["phase"] == "Pending"
    assert events(c) == [("FailedBinding", "no persistent volumes available for this claim "
                                           "and no storage class is set")]
    # A matching pre-provisioned volume with no class is bound to it.
    c.apply("""
apiVersion: v1
kind: PersistentVolume
metadata:
  name: manual
spec:
  capacity:
    storage: 5Gi
  accessModes: [ReadWriteOnce, ReadOnlyMany]
  hostPath:
    path: /data
""")
    # Nothing announces a new volume to waiting claims: the binder finds it on its next
    # resync (--pvclaimbinder-sync-period, 15 s).
    c.advance(1)
    assert "volumeName" not in claim(c)["spec"]
    assert c.get("persistentvolumes", "manual", None)["status"]["phase"] == "Available"
    c.advance(15)
    pvc, pv = claim(c), c.get("persistentvolumes", "manual", None)
    assert pvc["spec"]["volumeName"] == "manual"
    assert pvc["status"]["capacity"] == {"storage": "5Gi"}      # the volume's, not the request
    assert pvc["status"]["accessModes"] == ["ReadWriteOnce", "ReadOnlyMany"]
    assert pv["metadata"]["annotations"]["pv.kubernetes.io/bound-by-controller"] == "yes"
    assert (pv["status"]["phase"], pv["spec"]["persistentVolumeReclaimPolicy"]) == \
        ("Bound", "Retain")


POD = """
apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
  - name: nginx
    image: nginx
    volumeMounts:
    - name: data
      mountPath: /data
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: data
"""


def test_a_claim_in_use_is_protected_until_its_pod_goes(c):
    c.apply(CLAIM + "---" + POD)
    c.advance(5)
    volume = claim(c)["spec"]["volumeName"]
    assert claim(c)["metadata"]["finalizers"] == ["kubernetes.io/pvc-protection"]
    assert c.kubectl("describe pvc data").split("Used By:")[1].split()[0] == "app"
    assert c.get("persistentvolumes", volume, None)["metadata"]["finalizers"] == \
        ["kubernetes.io/pv-protection"]
    assert c.kubectl("delete pvc data") == \
        'persistentvolumeclaim "data" deleted from default namespace'
    c.advance(30)
    assert c.kubectl("get pvc --no-headers").split()[:2] == ["data", "Terminating"]
    assert c.get("persistentvolumes", volume, None)["status"]["phase"] == "Bound"
    c.kubectl("delete pod app")
    assert c.run_until(lambda: not c.list("persistentvolumeclaims", "default"), timeout=60)
    assert c.run_until(lambda: not c.list("persistentvolumes", None), timeout=60)
