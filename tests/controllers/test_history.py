"""ControllerRevisions: hashing, naming, ordering and the History interface
(pkg/controller/history/controller_history.go and its tests)."""

import pytest

from k8s_model import Cluster
from k8s_model.api import errors
from k8s_model.api.selectors import Selector, from_set
from k8s_model.controllers.base import Informer
from k8s_model.controllers.history import (CONTROLLER_REVISION_HASH_LABEL, History,
                                           controller_revision_name, find_equal_revisions,
                                           fnv32, go_json, hash_controller_revision,
                                           new_controller_revision, next_revision,
                                           sort_controller_revisions)

PARENT = {"metadata": {"name": "fluentd", "namespace": "default", "uid": "uid-1"}}
KIND = ("apps/v1", "DaemonSet")


def data(image):
    return {"spec": {"template": {"$patch": "replace", "spec": {
        "containers": [{"name": "fluentd", "image": image}]}}}}


def test_fnv32_is_fnv1_not_fnv1a():
    # Go's hash/fnv golden32 vectors (fnv_test.go); FNV-1a of "a" would be 0xe40c292c.
    assert fnv32(b"") == 0x811C9DC5
    assert fnv32(b"a") == 0x050C5D7E
    assert fnv32(b"abc") == 0x439C2F4B


def test_go_json_sorts_keys_and_escapes_html():
    assert go_json({"b": 1, "a": "<&>"}) == b'{"a":"\\u003c\\u0026\\u003e","b":1}'


def test_hash_is_deterministic_and_the_probe_changes_it():
    revision = {"data": data("fluentd:v1")}
    first = hash_controller_revision(revision, None)
    assert first == hash_controller_revision({"data": data("fluentd:v1")}, None)
    assert first != hash_controller_revision({"data": data("fluentd:v2")}, None)
    assert first != hash_controller_revision(revision, 0) != hash_controller_revision(revision, 1)
    # SafeEncodeString: consonants and digits only, one per decimal digit of a uint32.
    assert set(first) <= set("bcdfghjklmnpqrstvwxz2456789") and 1 <= len(first) <= 10


def test_revision_name_truncates_long_prefixes():
    # TestControllerRevisionName-like: prefix capped at 223 bytes, name at most 253.
    assert controller_revision_name("web", "abc") == "web-abc"
    assert controller_revision_name("x" * 300, "h" * 10) == "x" * 223 + "-" + "h" * 10


def test_new_controller_revision_is_owned_labelled_and_named_by_hash():
    cr = new_controller_revision(PARENT, KIND, {"app": "fluentd"}, data("fluentd:v1"), 3, 0)
    hash_ = hash_controller_revision(cr, 0)
    assert cr["metadata"]["name"] == f"fluentd-{hash_}"
    assert cr["metadata"]["labels"] == {"app": "fluentd", CONTROLLER_REVISION_HASH_LABEL: hash_}
    assert cr["metadata"]["ownerReferences"] == [{
        "apiVersion": "apps/v1", "kind": "DaemonSet", "name": "fluentd", "uid": "uid-1",
        "controller": True, "blockOwnerDeletion": True}]
    assert cr["revision"] == 3


def _at(name, revision, created):
    return {"metadata": {"name": name, "creationTimestamp": created}, "revision": revision}


def test_sort_by_revision_then_creation_then_name():
    # TestSortControllerRevisions: ties broken by creationTimestamp, then name.
    revisions = [_at("c", 2, "2026-01-01T00:00:00Z"), _at("b", 1, "2026-01-01T00:00:05Z"),
                 _at("a", 1, "2026-01-01T00:00:05Z"), _at("d", 1, "2026-01-01T00:00:01Z")]
    assert [r["metadata"]["name"] for r in sort_controller_revisions(revisions)] == \
        ["d", "a", "b", "c"]
    assert next_revision(revisions) == 3
    assert next_revision([]) == 1


def test_find_equal_revisions_compares_data():
    one = new_controller_revision(PARENT, KIND, {}, data("v1"), 1, None)
    two = new_controller_revision(PARENT, KIND, {}, data("v2"), 2, None)
    again = new_controller_revision(PARENT, KIND, {}, data("v1"), 5, None)
    assert find_equal_revisions([one, two], again) == [one]
    assert find_equal_revisions([two], again) == []


@pytest.fixture
def history():
    """A History over a live cluster; the parent is a real object (a ConfigMap), since
    the garbage collector deletes revisions whose owner does not exist."""
    c = Cluster(nodes=1, seed=0)
    client = c.kubectl_client
    informer = Informer(client, "controllerrevisions")
    parent = client.create("configmaps", {"apiVersion": "v1", "kind": "ConfigMap",
                                          "metadata": {"name": "fluentd"}}, "default")
    return c, History(client, informer), parent


def test_create_list_update_delete(history):
    c, h, parent = history
    PARENT, KIND = parent, ("v1", "ConfigMap")
    cr = new_controller_revision(PARENT, KIND, {"app": "fluentd"}, data("v1"), 1, 0)
    created, collisions = h.create_controller_revision(PARENT, cr, 0)
    assert collisions == 0 and created["metadata"]["name"] == cr["metadata"]["name"]
    c.advance(0)
    assert h.list_controller_revisions(PARENT, from_set({"app": "fluentd"})) == [created]
    assert h.list_controller_revisions({"metadata": {**PARENT["metadata"], "uid": "other"}},
                                       Selector.everything()) == []
    c.advance(5)   # the garbage collector leaves a revision whose owner exists
    assert c.get("controllerrevisions", created["metadata"]["name"])
    # The same data again returns the stored revision instead of a duplicate.
    same, collisions = h.create_controller_revision(PARENT, cr, 0)
    assert collisions == 0 and same["metadata"]["uid"] == created["metadata"]["uid"]
    assert h.update_controller_revision(created, 4)["revision"] == 4
    h.delete_controller_revision(created)
    with pytest.raises(errors.ApiError):
        c.get("controllerrevisions", created["metadata"]["name"])


def test_name_collision_bumps_the_collision_count(history):
    c, h, parent = history
    PARENT, KIND = parent, ("v1", "ConfigMap")
    cr = new_controller_revision(PARENT, KIND, {}, data("v1"), 1, 0)
    squatter = {"apiVersion": "apps/v1", "kind": "ControllerRevision",
                "metadata": {"name": cr["metadata"]["name"]}, "data": data("other"), "revision": 1}
    c.kubectl_client.create("controllerrevisions", squatter, "default")
    created, collisions = h.create_controller_revision(PARENT, cr, 0)
    assert collisions == 1
    assert created["metadata"]["name"] == f"fluentd-{hash_controller_revision(cr, 1)}"


def test_get_controllerrevisions_table_and_validation():
    c = Cluster(nodes=1, seed=0)
    c.kubectl("create configmap fluentd")
    cr = new_controller_revision(c.get("configmaps", "fluentd"), ("v1", "ConfigMap"), {},
                                 data("v1"), 1, None)
    c.kubectl_client.create("controllerrevisions", cr, "default")
    lines = c.kubectl("get controllerrevisions").splitlines()
    assert lines[0].split() == ["NAME", "CONTROLLER", "REVISION", "AGE"]
    # formatResourceName(GroupKind): the core group has no suffix, apps/v1 would give
    # `daemonset.apps/fluentd`.
    assert lines[1].split()[:3] == [cr["metadata"]["name"], "configmap/fluentd", "1"]
    with pytest.raises(errors.ApiError) as raised:
        c.kubectl_client.create("controllerrevisions", {
            "apiVersion": "apps/v1", "kind": "ControllerRevision", "metadata": {"name": "x"},
            "revision": -1}, "default")
    assert "data: Required value: data is mandatory" in str(raised.value)
    assert "revision: Invalid value: -1: must be greater than or equal to 0" in str(raised.value)
    stored = c.get("controllerrevisions", cr["metadata"]["name"])
    stored["data"] = data("v2")
    with pytest.raises(errors.ApiError) as raised:
        c.kubectl_client.update("controllerrevisions", stored)
    assert "data: Invalid value" in str(raised.value) and "field is immutable" in str(raised.value)
