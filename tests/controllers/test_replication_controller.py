"""The ReplicationController: the ReplicaSet controller with RC's core/v1 API."""

import pytest

from k8s_model import Cluster

RC = """
apiVersion: v1
kind: ReplicationController
metadata:
  name: kubia
spec:
  replicas: 3
  selector:
    app: kubia
  template:
    metadata:
      labels:
        app: kubia
    spec:
      containers:
      - name: kubia
        image: luksa/kubia
        ports:
        - containerPort: 8080
"""


def owned_pods(c, owner):
    uid = owner["metadata"]["uid"]
    return sorted(p["metadata"]["name"] for p in c.list("pods", "default")
                  if any(r["uid"] == uid for r in p["metadata"].get("ownerReferences", [])))


def rc_events(c, reason):
    return [e for e in c.list("events", "default")
            if e["involvedObject"]["kind"] == "ReplicationController" and e["reason"] == reason]


@pytest.fixture
def kubia():
    c = Cluster(nodes=3)
    c.apply(RC)
    c.advance(30)
    return c


def test_creates_pods_owned_by_the_replication_controller(kubia):
    """The Pods' controller reference is core/v1 ReplicationController; events come from
    replication-controller; the status has no terminatingReplicas."""
    rc = kubia.get("replicationcontrollers", "kubia")
    pods = owned_pods(kubia, rc)
    assert len(pods) == 3 and all(n.startswith("kubia-") for n in pods)
    ref = kubia.get("pods", pods[0])["metadata"]["ownerReferences"]
    assert ref == [{"apiVersion": "v1", "kind": "ReplicationController", "name": "kubia",
                    "uid": rc["metadata"]["uid"], "controller": True, "blockOwnerDeletion": True}]
    created = rc_events(kubia, "SuccessfulCreate")
    assert sorted(e["message"] for e in created) == [f"Created pod: {n}" for n in pods]
    assert created[0]["source"] == {"component": "replication-controller"}
    assert rc["status"] == {"replicas": 3, "fullyLabeledReplicas": 3, "readyReplicas": 3,
                            "availableReplicas": 3, "observedGeneration": 1}


def test_relabelled_pod_is_replaced(kubia):
    """The notes' example: `kubectl label pod kubia-x app=foo --overwrite` takes the Pod out
    of the RC's scope; the RC releases it and starts a new one."""
    rc = kubia.get("replicationcontrollers", "kubia")
    pod = owned_pods(kubia, rc)[0]
    kubia.kubectl(f"label pod {pod} app=foo --overwrite")
    kubia.advance(30)
    assert pod not in owned_pods(kubia, rc) and len(owned_pods(kubia, rc)) == 3
    assert "ownerReferences" not in kubia.get("pods", pod)["metadata"]
    table = kubia.kubectl("get pods -L app")
    assert sum(line.endswith("   kubia") for line in table.splitlines()) == 3
    assert any(line.startswith(pod) and line.endswith("foo") for line in table.splitlines())


def test_adopts_orphans_and_deletes_the_unscheduled_one_first():
    """An RC over existing Pods adopts them; scaling down removes a Pod no node took first."""
    c = Cluster(nodes=3)
    for name, extra in (("loose-a", {}), ("loose-b", {"nodeSelector": {"disk": "ssd"}})):
        c.kubectl_client.create("pods", {
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": name, "namespace": "default", "labels": {"app": "kubia"}},
            "spec": {"containers": [{"name": "c", "image": "luksa/kubia"}], **extra}})
    c.apply(RC)
    rc = c.get("replicationcontrollers", "kubia")
    assert {"loose-a", "loose-b"} <= set(owned_pods(c, rc))
    assert len(rc_events(c, "SuccessfulCreate")) == 1
    c.advance(30)
    assert c.kubectl("scale rc kubia --replicas=2") == "replicationcontroller/kubia scaled"
    assert [e["message"] for e in rc_events(c, "SuccessfulDelete")] == ["Deleted pod: loose-b"]


def test_kubectl_get_and_describe(kubia):
    """`get rc` and `describe rc` as kubectl prints them."""
    assert kubia.kubectl("get rc") == ("NAME    DESIRED   CURRENT   READY   AGE\n"
                                       "kubia   3         3         3       30s")
    text = kubia.kubectl("describe rc kubia")
    assert text.startswith("Name:         kubia\nNamespace:    default\n"
                           "Selector:     app=kubia\nLabels:       app=kubia\n")
    assert "Replicas:     3 current / 3 desired\n" in text
    assert "Pods Status:  3 Running / 0 Waiting / 0 Succeeded / 0 Failed\n" in text
    assert "replication-controller  Created pod: kubia-" in text


def test_deleting_a_pod_gets_it_replaced(kubia):
    rc = kubia.get("replicationcontrollers", "kubia")
    pod = owned_pods(kubia, rc)[0]
    kubia.kubectl(f"delete pod {pod} --wait=false")
    assert len([p for p in owned_pods(kubia, rc) if p != pod]) == 3
