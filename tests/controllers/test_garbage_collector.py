"""The garbage collector and the namespace controller, through the API only."""

import pytest

from k8s_model import Cluster
from k8s_model.api import errors


def owned_configmap(name: str, owner: dict, block: bool = False) -> dict:
    ref = {"apiVersion": owner["apiVersion"], "kind": owner["kind"],
           "name": owner["metadata"]["name"], "uid": owner["metadata"]["uid"]}
    if block:
        ref["blockOwnerDeletion"] = True
    return {"apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": name, "namespace": "default", "ownerReferences": [ref]}}


@pytest.fixture
def family():
    """A ConfigMap `parent` owning `child-1` and `child-2`."""
    c = Cluster(nodes=1)
    client = c.kubectl_client
    parent = client.create("configmaps", {"apiVersion": "v1", "kind": "ConfigMap",
                                          "metadata": {"name": "parent", "namespace": "default"}})
    for name in ("child-1", "child-2"):
        client.create("configmaps", owned_configmap(name, parent, block=True))
    c.advance(1)
    return c


def names(c: Cluster) -> list[str]:
    return sorted(o["metadata"]["name"] for o in c.list("configmaps", "default"))


def test_background_deletion_removes_dependents_after_the_owner(family):
    """Default propagation: the owner goes at once, the collector removes the children."""
    family.kubectl("delete configmap parent")
    assert "parent" not in names(family)
    family.advance(1)
    assert names(family) == ["kube-root-ca.crt"]


def test_foreground_deletion_keeps_the_owner_until_dependents_are_gone(family):
    """--cascade=foreground: the owner waits with the foregroundDeletion finalizer."""
    family.kubectl_client.delete("configmaps", "default", "parent",
                                 propagation_policy="Foreground")
    parent = family.get("configmaps", "parent")
    assert parent["metadata"]["finalizers"] == ["foregroundDeletion"]
    assert parent["metadata"]["deletionTimestamp"]
    family.advance(1)
    assert names(family) == ["kube-root-ca.crt"]


def test_orphan_deletion_leaves_dependents_without_owner(family):
    """--cascade=orphan: children stay and lose their ownerReference."""
    family.kubectl("delete configmap parent --cascade=orphan")
    family.advance(1)
    assert names(family) == ["child-1", "child-2", "kube-root-ca.crt"]
    assert "ownerReferences" not in family.get("configmaps", "child-1")["metadata"]


def test_dependent_of_a_missing_owner_is_collected():
    """An ownerReference to an owner that does not exist is garbage at once."""
    c = Cluster(nodes=0)
    ghost = {"apiVersion": "v1", "kind": "ConfigMap",
             "metadata": {"name": "ghost", "uid": "00000000-0000-4000-8000-000000000000"}}
    c.kubectl_client.create("configmaps", owned_configmap("orphan", ghost))
    c.advance(1)
    assert names(c) == ["kube-root-ca.crt"]


def test_namespace_deletion_empties_the_namespace_then_removes_it():
    """Terminating first, contents deleted, then the namespace itself is gone."""
    c = Cluster(nodes=0)
    c.kubectl("create namespace team-a")
    c.kubectl("create configmap settings --from-literal=a=b -n team-a")
    c.kubectl("delete namespace team-a")
    ns = c.get("namespaces", "team-a", None)
    assert ns["status"]["phase"] == "Terminating"
    with pytest.raises(errors.ApiError) as refused:
        c.kubectl_client.create("configmaps", {"apiVersion": "v1", "kind": "ConfigMap",
                                               "metadata": {"name": "late", "namespace": "team-a"}})
    assert refused.value.message == ('configmaps "late" is forbidden: unable to create new '
                                     "content in namespace team-a because it is being terminated")
    c.advance(10)
    assert "team-a" not in [n["metadata"]["name"] for n in c.list("namespaces")]


def test_system_namespaces_cannot_be_deleted():
    c = Cluster(nodes=0)
    with pytest.raises(Exception) as refused:
        c.kubectl("delete namespace kube-system")
    assert str(refused.value) == ('Error from server (Forbidden): namespaces "kube-system" is '
                                  "forbidden: this namespace may not be deleted")


def test_new_namespace_gets_default_serviceaccount_and_root_ca():
    c = Cluster(nodes=0)
    c.kubectl("create namespace team-b")
    assert c.get("serviceaccounts", "default", "team-b")["metadata"]["name"] == "default"
    assert "ca.crt" in c.get("configmaps", "kube-root-ca.crt", "team-b")["data"]
