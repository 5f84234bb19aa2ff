"""Server-side apply and metadata.managedFields (api/fieldmanager/).

Cases follow upstream's test/integration/apiserver/apply/apply_test.go (create by apply,
no-op apply, removing a field, conflict with another manager, force) and the wire
format of apimachinery's managedfields tests (FieldsV1 with `.`, `k:{…}` elements).
"""

import pytest

from k8s_model import ApiError, Cluster
from k8s_model.api.fieldmanager import fieldpath
from k8s_model.api.fieldmanager.schema import root

DEPLOYMENT = {
    "apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {"name": "web", "namespace": "default", "labels": {"app": "web"}},
    "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
             "template": {"metadata": {"labels": {"app": "web"}},
                          "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27",
                                                   "ports": [{"containerPort": 80}]}]}}},
}


def _apply(c, body, manager="kubectl", force=None, plural="deployments"):
    return c.kubectl_client.send("patch", plural, "default", body["metadata"]["name"], body=body,
                           patch_type="apply", field_manager=manager, force=force)


def _entries(obj):
    return {(e["manager"], e["operation"], e.get("subresource", "")): e
            for e in obj["metadata"].get("managedFields", [])}


@pytest.fixture
def c():
    return Cluster(nodes=1, seed=0)


def test_apply_creates_and_records_the_applied_fields(c):
    created = _apply(c, DEPLOYMENT)
    entry = _entries(created)[("kubectl", "Apply", "")]
    assert entry["apiVersion"] == "apps/v1" and entry["fieldsType"] == "FieldsV1"
    assert entry["time"] == c.sim.timestamp()
    # Only what the configuration says; defaults (imagePullPolicy, strategy) are nobody's.
    assert entry["fieldsV1"] == {
        "f:metadata": {"f:labels": {"f:app": {}}},
        "f:spec": {"f:replicas": {}, "f:selector": {}, "f:template": {
            "f:metadata": {"f:labels": {"f:app": {}}},
            "f:spec": {"f:containers": {'k:{"name":"nginx"}': {
                ".": {}, "f:image": {}, "f:name": {},
                "f:ports": {'k:{"containerPort":80,"protocol":"TCP"}': {
                    ".": {}, "f:containerPort": {}}}}}}}}}
    assert created["spec"]["template"]["spec"]["containers"][0]["imagePullPolicy"] == "IfNotPresent"


def test_reapplying_the_same_configuration_writes_nothing(c):
    first = _apply(c, DEPLOYMENT)
    c.advance(5)
    before = c.get("deployments", "web")   # the controllers have written status since
    again = _apply(c, DEPLOYMENT)
    assert again["metadata"]["resourceVersion"] == before["metadata"]["resourceVersion"]
    applied = _entries(again)[("kubectl", "Apply", "")]
    assert applied["time"] == _entries(first)[("kubectl", "Apply", "")]["time"]


def test_a_field_no_longer_applied_is_removed_unless_another_manager_owns_it(c):
    body = {**DEPLOYMENT, "metadata": {**DEPLOYMENT["metadata"],
                                       "labels": {"app": "web", "tier": "front"},
                                       "annotations": {"team": "a"}}}
    _apply(c, body)
    _apply(c, {"apiVersion": "apps/v1", "kind": "Deployment",   # same value: co-owned
               "metadata": {"name": "web", "annotations": {"team": "a"}}}, manager="team-a")
    _apply(c, DEPLOYMENT)   # neither the label nor the annotation any more
    live = c.get("deployments", "web")
    assert live["metadata"]["labels"] == {"app": "web"}
    assert live["metadata"]["annotations"]["team"] == "a"
    applied = _entries(live)[("kubectl", "Apply", "")]["fieldsV1"]["f:metadata"]
    assert applied == {"f:labels": {"f:app": {}}}


def test_conflict_with_kubectl_scale_names_the_manager_and_the_field(c):
    _apply(c, DEPLOYMENT)
    c.kubectl("scale deploy web --replicas=3")
    with pytest.raises(ApiError) as caught:
        _apply(c, DEPLOYMENT)
    status = caught.value.status
    assert status["code"] == 409 and status["reason"] == "Conflict"
    # conflict.go: printManager of an Update entry with a subresource
    assert status["message"] == ('Apply failed with 1 conflict: conflict with "kubectl" with '
                                 'subresource "scale" using apps/v1: .spec.replicas')
    assert status["details"]["causes"] == [{
        "reason": "FieldManagerConflict", "field": ".spec.replicas",
        "message": 'conflict with "kubectl" with subresource "scale" using apps/v1'}]
    assert c.get("deployments", "web")["spec"]["replicas"] == 3   # nothing changed


def test_force_takes_the_field_from_the_other_manager(c):
    _apply(c, DEPLOYMENT)
    c.kubectl("scale deploy web --replicas=3")
    forced = _apply(c, DEPLOYMENT, force=True)
    assert forced["spec"]["replicas"] == 2
    assert ("kubectl", "Update", "scale") not in _entries(forced)   # it owned nothing else
    assert _apply(c, DEPLOYMENT)["spec"]["replicas"] == 2          # no conflict any more


def test_applying_the_live_value_shares_the_field_without_conflict(c):
    _apply(c, DEPLOYMENT)
    c.kubectl("scale deploy web --replicas=3")
    shared = _apply(c, {**DEPLOYMENT, "spec": {**DEPLOYMENT["spec"], "replicas": 3}})
    for key in (("kubectl", "Apply", ""), ("kubectl", "Update", "scale")):
        assert "f:replicas" in _entries(shared)[key]["fieldsV1"]["f:spec"]


def test_several_conflicts_are_listed_by_manager(c):
    cm = {"apiVersion": "v1", "kind": "ConfigMap",
          "metadata": {"name": "settings", "namespace": "default"},
          "data": {"a": "1", "b": "2"}}
    _apply(c, cm, manager="team-a", plural="configmaps")
    with pytest.raises(ApiError) as caught:
        _apply(c, {**cm, "data": {"a": "x", "b": "y"}}, manager="team-b", plural="configmaps")
    assert caught.value.message == ('Apply failed with 2 conflicts: conflicts with "team-a":\n'
                                    "- .data.a\n- .data.b")


def test_apply_needs_a_field_manager_and_only_apply_takes_force(c):
    _apply(c, DEPLOYMENT)
    with pytest.raises(ApiError) as caught:
        _apply(c, DEPLOYMENT, manager=None)
    assert caught.value.code == 422
    # ValidatePatchOptions (apimachinery/pkg/apis/meta/v1/validation/validation.go)
    assert caught.value.message == ('PatchOptions.meta.k8s.io "" is invalid: fieldManager: '
                                    "Required value: is required for apply patch")
    with pytest.raises(ApiError) as caught:
        c.kubectl_client.send("patch", "deployments", "default", "web", body={"spec": {}},
                        patch_type="merge", force=True)
    assert caught.value.message == ('PatchOptions.meta.k8s.io "" is invalid: force: '
                                    "Forbidden: may not be specified for non-apply patch")


def test_ordinary_writes_record_update_entries_per_manager(c):
    c.kubectl("create deployment web --image=nginx --replicas=2")
    c.advance(30)
    deployment = c.get("deployments", "web")
    entries = _entries(deployment)
    create = entries[("kubectl-create", "Update", "")]
    assert create["time"] == "2026-01-01T00:00:00Z"
    assert create["fieldsV1"]["f:spec"]["f:replicas"] == {}
    assert "f:status" not in create["fieldsV1"]   # a spec write cannot set status
    status = entries[("kube-controller-manager", "Update", "status")]
    assert "f:availableReplicas" in status["fieldsV1"]["f:status"]
    pod = c.list("pods")[0]
    managers = {(e["manager"], e.get("subresource", "")) for e in pod["metadata"]["managedFields"]}
    # the ReplicaSet controller created it, the kubelet reports its status (the model's
    # scheduler also annotates its decision)
    assert managers == {("kube-controller-manager", ""), ("kube-scheduler", ""),
                        ("kubelet", "status")}


def test_an_update_takes_changed_fields_from_their_owner(c):
    c.kubectl("create deployment web --image=nginx --replicas=2")
    c.kubectl("scale deploy web --replicas=4")
    entries = _entries(c.get("deployments", "web"))
    assert "f:replicas" not in entries[("kubectl-create", "Update", "")]["fieldsV1"]["f:spec"]
    assert entries[("kubectl", "Update", "scale")]["fieldsV1"] == {"f:spec": {"f:replicas": {}}}


def test_kubectl_hides_managed_fields_unless_asked(c):
    c.kubectl("apply --server-side -f -", stdin="apiVersion: v1\nkind: ConfigMap\n"
              "metadata:\n  name: settings\ndata:\n  mode: fast\n")
    assert "managedFields" not in c.kubectl("get cm settings -o yaml")
    assert "managedFields" not in c.kubectl("get cm settings -o json")
    shown = c.kubectl("get cm settings -o yaml --show-managed-fields")
    assert "  managedFields:\n  - apiVersion: v1\n    fieldsType: FieldsV1\n" in shown
    assert "    manager: kubectl\n    operation: Apply\n" in shown


def test_kubectl_apply_server_side_lines_and_conflict_help(c):
    manifest = ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n"
                "  replicas: 2\n  selector:\n    matchLabels: {app: web}\n  template:\n"
                "    metadata:\n      labels: {app: web}\n    spec:\n"
                "      containers: [{name: nginx, image: nginx}]\n")
    assert c.kubectl("apply --server-side -f -", stdin=manifest) == \
        "deployment.apps/web serverside-applied"
    c.kubectl("scale deploy web --replicas=3")
    with pytest.raises(Exception) as caught:
        c.kubectl("apply --server-side -f -", stdin=manifest)
    assert str(caught.value).startswith(
        'error: Apply failed with 1 conflict: conflict with "kubectl" with subresource '
        '"scale" using apps/v1: .spec.replicas\nPlease review the fields above')
    assert c.kubectl("apply --server-side --force-conflicts -f -", stdin=manifest) == \
        "deployment.apps/web serverside-applied"
    with pytest.raises(Exception) as caught:
        c.kubectl("apply --force-conflicts -f -", stdin=manifest)
    assert str(caught.value) == "error: --force-conflicts only works with --server-side"


def test_fieldsv1_round_trip_and_path_strings():
    schema = root("v1", "Pod")
    pod = {"metadata": {"labels": {"app": "web"}, "finalizers": ["x"]},
           "spec": {"containers": [{"name": "nginx", "image": "nginx",
                                    "args": ["-g", "daemon off;"]}]}}
    paths = fieldpath.applied_set(pod, schema)
    encoded = fieldpath.encode(paths)
    assert encoded["f:metadata"]["f:finalizers"] == {'v:"x"': {}}       # a set list
    assert encoded["f:spec"]["f:containers"]['k:{"name":"nginx"}']["f:args"] == {}  # atomic
    assert fieldpath.decode(encoded) == paths
    image = ("f:spec", "f:containers", 'k:{"name":"nginx"}', "f:image")
    assert fieldpath.path_string(image) == '.spec.containers[name="nginx"].image'
    assert fieldpath.path_string(("f:metadata", "f:finalizers", 'v:"x"')) == \
        '.metadata.finalizers[="x"]'
