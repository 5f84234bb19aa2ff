"""Cluster construction options (k8s_model/cluster.py)."""

from k8s_model import Cluster

POD = """apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx
"""


def test_nodes_without_kubelets_bind_but_never_start_pods():
    """kubelets=False: nodes register with a Lease, the scheduler binds, nothing runs the Pod."""
    c = Cluster(nodes=2, kubelets=False)
    assert c.kubelets == {}
    assert [n["metadata"]["name"] for n in c.list("nodes")] == ["controlplane", "node-1", "node-2"]
    assert [lease["spec"]["holderIdentity"] for lease in c.list("leases", "kube-node-lease")] == [
        "controlplane", "node-1", "node-2"]
    c.apply(POD)
    c.advance(30)
    pod = c.get("pods", "web")
    assert pod["spec"]["nodeName"] in ("node-1", "node-2")
    assert pod["status"]["phase"] == "Pending"
    assert [(x["type"], x["status"]) for x in pod["status"]["conditions"]] == [
        ("PodScheduled", "True")]
    assert "containerStatuses" not in pod["status"]
    assert [r for r in c.trace.records if r.target != "kube-apiserver"] == []  # no containerd
    assert c.kubectl("get pod web").splitlines()[1].split()[:3] == ["web", "0/1", "Pending"]


def test_kubelets_run_pods_by_default():
    """The default cluster has one kubelet per node, and they start the Pod (containerd calls)."""
    c = Cluster(nodes=1)
    assert sorted(c.kubelets) == ["controlplane", "node-1"]
    c.apply(POD)
    c.advance(30)
    assert c.get("pods", "web")["status"]["phase"] == "Running"
    assert any(r.target == "containerd" for r in c.trace.records)
