"""The Pod garbage collector: Pods no kubelet will ever clean up."""

import copy

from k8s_model import Cluster
from k8s_model.controllers.podgc import GC_CHECK_PERIOD, QUARANTINE_TIME, PodGCController


def pod(name, **spec):
    return {"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": name, "namespace": "default", "labels": {"app": "web"}},
            "spec": {"containers": [{"name": "c", "image": "nginx"}], **spec}}


def pod_names(c):
    return sorted(p["metadata"]["name"] for p in c.list("pods", "default"))


def test_pods_of_a_deleted_node_go_after_the_quarantine():
    """Delete a Node: its Pods stay for the 40 s quarantine, then are marked Failed with
    DisruptionTarget/DeletionByPodGC and force-deleted."""
    c = Cluster(nodes=2)
    c.kubectl_client.create("pods", pod("on-1", nodeName="node-1"))
    c.kubectl_client.create("pods", pod("on-2", nodeName="node-2"))
    c.advance(30)
    seen = []
    c.watch(lambda e: e.object.get("kind") == "Pod" and e.object["metadata"]["name"] == "on-1"
            and seen.append((e.type, copy.deepcopy(e.object))))
    c.kubectl("delete node node-1")
    c.advance(QUARANTINE_TIME - 1)
    assert pod_names(c) == ["on-1", "on-2"]
    c.advance(GC_CHECK_PERIOD + 2)
    assert pod_names(c) == ["on-2"]
    failed = [o for t, o in seen if t == "MODIFIED"][-1]
    assert failed["status"]["phase"] == "Failed"
    [condition] = [x for x in failed["status"]["conditions"] if x["type"] == "DisruptionTarget"]
    assert (condition["status"], condition["reason"], condition["message"]) == \
        ("True", "DeletionByPodGC", "PodGC: node no longer exists")
    assert seen[-1][0] == "DELETED"


def test_a_node_back_within_the_quarantine_keeps_its_pods():
    """A Node missing only for a moment is not mistaken for a deleted one."""
    c = Cluster(nodes=2)
    c.kubectl_client.create("pods", pod("on-1", nodeName="node-1"))
    c.advance(30)
    node = c.get("nodes", "node-1", None)
    c.kubectl("delete node node-1")
    c.advance(10)
    for key in ("uid", "resourceVersion", "creationTimestamp"):
        node["metadata"].pop(key)
    c.kubectl_client.create("nodes", node)
    c.advance(120)
    assert pod_names(c) == ["on-1"]


def test_replicaset_replaces_pods_lost_with_their_node():
    """With PodGC, a ReplicaSet gets back to its replica count after a node is deleted."""
    c = Cluster(nodes=2)
    c.apply("""
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: nginx, image: nginx}]}
""")
    c.advance(30)
    c.kubectl("delete node node-1")
    c.advance(QUARANTINE_TIME + GC_CHECK_PERIOD + 30)
    pods = c.list("pods", "default")
    assert len(pods) == 2 and {p["spec"]["nodeName"] for p in pods} == {"node-2"}


def test_unscheduled_terminating_pod_is_force_deleted():
    """A Pod deleted before it was scheduled, held by a finalizer, is marked Failed and
    force-deleted (grace period 0)."""
    c = Cluster(nodes=1)
    c.kubectl_client.create("pods", {**pod("stuck", nodeSelector={"disk": "ssd"}),
                                     "metadata": {"name": "stuck", "namespace": "default",
                                                  "finalizers": ["example.com/hold"]}})
    c.kubectl("delete pod stuck --wait=false")
    c.advance(GC_CHECK_PERIOD + 1)
    stuck = c.get("pods", "stuck")
    assert stuck["status"]["phase"] == "Failed"
    assert stuck["metadata"]["deletionGracePeriodSeconds"] == 0


def test_terminating_pods_on_an_out_of_service_node():
    """Pods stuck terminating on a NotReady node go once the admin taints it out-of-service."""
    c = Cluster(nodes=1, kubelets=False)   # no kubelet will finish the graceful deletion
    c.kubectl_client.create("pods", pod("stuck", nodeName="node-1"))
    c.kubectl("delete pod stuck --wait=false")
    c.advance(60)
    assert pod_names(c) == ["stuck"]
    node = c.get("nodes", "node-1", None)
    for condition in node["status"]["conditions"]:
        if condition["type"] == "Ready":
            condition.update(status="False", reason="KubeletNotReady")
    c.kubectl_client.update_status("nodes", node)
    c.kubectl("taint node node-1 node.kubernetes.io/out-of-service=nodeshutdown:NoExecute")
    c.advance(GC_CHECK_PERIOD + 1)
    assert pod_names(c) == []


def test_terminated_pods_above_the_threshold_go_oldest_first():
    """With a threshold of 2, the oldest of 4 finished Pods are deleted (upstream's default
    threshold is 12500)."""
    c = Cluster(nodes=1)
    manager = c.controller_manager
    PodGCController(c.sim, manager.client_for("pod-garbage-collector"),
                    manager.informers["pods"], manager.informers["nodes"],
                    terminated_pod_threshold=2)
    for i in range(4):
        c.kubectl_client.create("pods", pod(f"done-{i}", restartPolicy="Never", containers=[
            {"name": "c", "image": "busybox", "command": ["true"]}]))
        c.advance(5)
    c.advance(GC_CHECK_PERIOD + 1)
    assert pod_names(c) == ["done-2", "done-3"]
