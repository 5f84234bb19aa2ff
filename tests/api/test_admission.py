"""Admission plugins a learner can see in `kubectl get pod -o yaml`."""

import pytest

from k8s_model import Cluster
from k8s_model.api import errors

POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: nginx
    image: nginx
"""


@pytest.fixture(scope="module")
def pod():
    c = Cluster(nodes=1)
    c.apply(POD)
    return c.get("pods", "web")


def test_default_toleration_seconds_adds_300s_not_ready_and_unreachable(pod):
    assert pod["spec"]["tolerations"] == [
        {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute",
         "tolerationSeconds": 300},
        {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute",
         "tolerationSeconds": 300},
    ]


def test_service_account_admission_mounts_the_token(pod):
    spec = pod["spec"]
    assert spec["serviceAccountName"] == "default" and spec["serviceAccount"] == "default"
    volume = spec["volumes"][0]
    assert volume["name"].startswith("kube-api-access-") and len(volume["name"]) == 21
    assert volume["projected"]["defaultMode"] == 420
    assert spec["containers"][0]["volumeMounts"] == [
        {"name": volume["name"], "readOnly": True,
         "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount"}]


def test_priority_admission_sets_zero_and_policy(pod):
    assert pod["spec"]["priority"] == 0
    assert pod["spec"]["preemptionPolicy"] == "PreemptLowerPriority"


def test_pod_status_starts_pending_with_qos(pod):
    assert pod["status"] == {"phase": "Pending", "qosClass": "BestEffort"}


def test_missing_namespace_is_not_found_and_nothing_is_stored():
    c = Cluster(nodes=0)
    with pytest.raises(Exception) as refused:
        c.kubectl("apply -f -", stdin=POD.replace("name: web", "name: web\n  namespace: nope"))
    assert str(refused.value) == ('Error from server (NotFound): error when creating "STDIN": '
                                  'namespaces "nope" not found')
    assert c.list("pods", "nope") == [] and c.list("pods", "default") == []


def test_unknown_priority_class_is_forbidden():
    c = Cluster(nodes=0)
    with pytest.raises(errors.ApiError) as refused:
        c.kubectl_client.create("pods", {
            "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "default"},
            "spec": {"priorityClassName": "gold",
                     "containers": [{"name": "c", "image": "nginx"}]}})
    assert refused.value.message == ('pods "p" is forbidden: no PriorityClass with name gold '
                                     "was found")


def test_new_nodes_are_tainted_not_ready_until_ready():
    """TaintNodesByCondition taints at registration; the node lifecycle controller lifts it."""
    c = Cluster(nodes=1, control_plane_node=False)
    node = c.get("nodes", "node-1", None)
    assert node["spec"].get("taints") is None
    assert any(r.verb == "patch" and r.resource == "nodes" and r.client.endswith(
        "node-lifecycle-controller") for r in c.trace)
