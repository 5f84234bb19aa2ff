"""The API server's verbs: metadata the server owns, status as a subresource,
optimistic concurrency, graceful deletion, finalizers, dry runs and bindings."""

import re

import pytest

from k8s_model import Cluster
from k8s_model.api import errors
from k8s_model.api.meta import NAME_ALPHABET


def deployment(name="web", replicas=2):
    return {"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": name, "namespace": "default"},
            "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": name}},
                     "template": {"metadata": {"labels": {"app": name}},
                                  "spec": {"containers": [{"name": "c", "image": "nginx"}]}}}}


def pod(name="p", node=None, generate=False):
    meta = {"generateName": name, "namespace": "default"} if generate else \
        {"name": name, "namespace": "default"}
    spec = {"containers": [{"name": "c", "image": "nginx"}]}
    if node:
        spec["nodeName"] = node
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec}


@pytest.fixture
def c():
    return Cluster(nodes=1)


@pytest.fixture
def client(c):
    return c.kubectl_client


def test_server_fills_system_metadata(client):
    created = client.create("deployments", deployment())
    meta = created["metadata"]
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}",
                        meta["uid"])
    assert meta["creationTimestamp"] == "2026-01-01T00:00:00Z"
    assert meta["generation"] == 1 and int(meta["resourceVersion"]) > 0


def test_generate_name_adds_five_characters_of_the_real_alphabet(client):
    created = client.create("pods", pod("worker-", generate=True))
    name = created["metadata"]["name"]
    assert name.startswith("worker-") and len(name) == len("worker-") + 5
    assert set(name[len("worker-"):]) <= set(NAME_ALPHABET)


def test_generation_bumps_on_spec_changes_only(client):
    created = client.create("deployments", deployment())
    created["metadata"]["labels"] = {"team": "a"}
    relabelled = client.update("deployments", created)
    assert relabelled["metadata"]["generation"] == 1
    relabelled["spec"]["replicas"] = 5
    assert client.update("deployments", relabelled)["metadata"]["generation"] == 2


def test_status_is_a_subresource(client):
    """A spec write cannot set status; a status write cannot change spec."""
    created = client.create("deployments", deployment())
    created["status"] = {"replicas": 9}
    created["spec"]["replicas"] = 3
    updated = client.update("deployments", created)
    assert updated["status"] == {} and updated["spec"]["replicas"] == 3
    updated["status"] = {"replicas": 3}
    updated["spec"]["replicas"] = 7
    status_written = client.update_status("deployments", updated)
    assert status_written["status"] == {"replicas": 3}
    assert status_written["spec"]["replicas"] == 3


def test_no_op_update_writes_nothing(c, client):
    created = client.create("deployments", deployment())
    revision = c.store.revision
    again = client.update("deployments", created)
    assert again["metadata"]["resourceVersion"] == created["metadata"]["resourceVersion"]
    assert c.store.revision == revision


def test_stale_update_is_a_conflict_and_changes_nothing(client):
    first = client.create("deployments", deployment())
    second = dict(first, spec={**first["spec"], "replicas": 4})
    client.update("deployments", second)
    first["spec"]["replicas"] = 9
    with pytest.raises(errors.ApiError) as conflict:
        client.update("deployments", first)
    assert conflict.value.code == 409
    assert str(conflict.value) == (
        'Error from server (Conflict): Operation cannot be fulfilled on deployments.apps "web": '
        "the object has been modified; please apply your changes to the latest version and try "
        "again")
    assert client.get("deployments", "default", "web")["spec"]["replicas"] == 4


def test_invalid_update_leaves_the_object_as_it_was(client):
    created = client.create("deployments", deployment())
    created["spec"]["replicas"] = -1
    with pytest.raises(errors.ApiError) as invalid:
        client.update("deployments", created)
    assert invalid.value.message == ('Deployment.apps "web" is invalid: spec.replicas: Invalid '
                                     "value: -1: must be greater than or equal to 0")
    assert client.get("deployments", "default", "web")["spec"]["replicas"] == 2


def test_dry_run_create_stores_nothing(c, client):
    revision = c.store.revision
    client.create("deployments", deployment(), dry_run=True)
    assert c.store.revision == revision
    assert client.get_or_none("deployments", "default", "web") is None


def test_a_bound_pod_is_deleted_gracefully(c, client):
    """The kubelet must finish the job: the Pod stays, Terminating, with a deadline.
    (Bound to a node with no kubelet, nothing finishes it until a grace-0 delete.)"""
    client.create("pods", pod("bound", node="node-without-kubelet"))
    client.delete("pods", "default", "bound")
    terminating = client.get("pods", "default", "bound")
    assert terminating["metadata"]["deletionTimestamp"] == "2026-01-01T00:00:30Z"
    assert terminating["metadata"]["deletionGracePeriodSeconds"] == 30
    assert "Terminating" in c.kubectl("get pod bound")
    client.delete("pods", "default", "bound", grace_period_seconds=0)
    assert client.get_or_none("pods", "default", "bound") is None


def test_an_unscheduled_pod_goes_at_once(client):
    client.create("pods", pod("pending"))
    client.delete("pods", "default", "pending")
    assert client.get_or_none("pods", "default", "pending") is None


def test_finalizers_hold_an_object_until_removed(client):
    cm = {"apiVersion": "v1", "kind": "ConfigMap",
          "metadata": {"name": "held", "namespace": "default", "finalizers": ["example.com/x"]}}
    client.create("configmaps", cm)
    client.delete("configmaps", "default", "held")
    held = client.get("configmaps", "default", "held")
    assert held["metadata"]["deletionTimestamp"]
    client.patch("configmaps", "default", "held", {"metadata": {"finalizers": None}})
    assert client.get_or_none("configmaps", "default", "held") is None


def test_binding_sets_node_name_once(client):
    client.create("pods", pod("p"))
    client.bind("default", "p", "node-1")
    bound = client.get("pods", "default", "p")
    assert bound["spec"]["nodeName"] == "node-1"
    assert [c["type"] for c in bound["status"]["conditions"]] == ["PodScheduled"]
    with pytest.raises(errors.ApiError) as twice:
        client.bind("default", "p", "node-1")
    assert twice.value.message == ('Operation cannot be fulfilled on pods "p": pod p is already '
                                   'assigned to node "node-1"')


def test_json_patch(client):
    client.create("deployments", deployment())
    client.patch("deployments", "default", "web",
                 [{"op": "replace", "path": "/spec/replicas", "value": 6}], patch_type="json")
    assert client.get("deployments", "default", "web")["spec"]["replicas"] == 6


def test_watch_from_a_resource_version_sees_later_changes_in_order(c, client):
    created = client.create("deployments", deployment())
    seen = []
    client.watch("deployments", seen.append, namespace="default",
                 resource_version=created["metadata"]["resourceVersion"])
    created["spec"]["replicas"] = 3
    client.update("deployments", created)
    client.delete("deployments", "default", "web")
    c.sim.settle()
    assert [e.type for e in seen] == ["MODIFIED", "DELETED"]


def test_events_expire_after_an_hour(c, client):
    client.create("events", {"apiVersion": "v1", "kind": "Event",
                             "metadata": {"name": "e1", "namespace": "default"},
                             "involvedObject": {"kind": "Pod", "name": "p", "namespace": "default"},
                             "reason": "Test", "message": "m", "type": "Normal"})
    c.advance(3599)
    assert client.get_or_none("events", "default", "e1") is not None
    c.advance(1)
    assert client.get_or_none("events", "default", "e1") is None


def test_every_request_is_traced(c, client):
    mark = c.trace.mark()
    client.create("deployments", deployment())
    with pytest.raises(errors.ApiError):
        client.get("deployments", "default", "missing")
    records = c.trace.since(mark)
    assert [(r.client, r.verb, r.resource, r.name, r.code) for r in records] == [
        ("kubectl", "create", "deployments.apps", "web", 201),
        ("kubectl", "get", "deployments.apps", "missing", 404)]
    assert records[0].key == "/registry/deployments/default/web" and records[0].revision
