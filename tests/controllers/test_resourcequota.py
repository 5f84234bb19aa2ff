"""The resource quota controller keeps status.hard/status.used current
(pkg/controller/resourcequota/resource_quota_controller.go)."""

import yaml

from k8s_model import Cluster
from k8s_model.controllers.resourcequota import RESOURCE_QUOTA_SYNC_PERIOD

QUOTA = 'apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q}\nspec: {hard: {pods: "%s"}}\n'


def used(c, name="q"):
    return (c.get("resourcequotas", name).get("status") or {}).get("used")


def pod(name, command=None):
    container = {"name": "c", "image": "busybox" if command else "nginx",
                 **({"command": command} if command else {})}
    return yaml.safe_dump({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name},
                           "spec": {"restartPolicy": "Never", "containers": [container]}})


def test_new_quota_counts_what_exists():
    """A quota created after its Pods gets status.hard and a full count of status.used."""
    c = Cluster(nodes=1, seed=0)
    c.apply(pod("a"))
    c.apply(pod("b"))
    c.apply(QUOTA % 5)
    c.advance(1)
    assert c.get("resourcequotas", "q")["status"] == {
        "hard": {"pods": "5"}, "used": {"pods": "2"}}


def test_spec_change_is_synced():
    """Adding a resource to spec.hard puts it, counted, into status."""
    c = Cluster(nodes=1, seed=0)
    c.apply(QUOTA % 5)
    c.advance(1)
    c.apply('apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q}\n'
            'spec: {hard: {pods: "5", count/configmaps: "3"}}\n')
    c.advance(1)
    assert c.get("resourcequotas", "q")["status"] == {
        "hard": {"count/configmaps": "3", "pods": "5"},
        "used": {"count/configmaps": "1", "pods": "0"}}  # kube-root-ca.crt


def test_deleted_pod_is_given_back():
    """Replenishment: a deleted Pod's usage returns as soon as it is gone, not at the
    next 5-minute resync."""
    c = Cluster(nodes=1, seed=0)
    c.apply(QUOTA % 1)
    c.advance(1)
    c.apply(pod("a"))
    c.advance(5)
    assert used(c) == {"pods": "1"}
    c.kubectl("delete pod a --wait=false")
    assert c.run_until(lambda: used(c) == {"pods": "0"}, timeout=60)
    c.apply(pod("b"))


def test_finished_pod_is_given_back():
    """A Pod that Succeeded no longer counts toward `pods` (QuotaV1Pod), but still toward
    count/pods, which tracks every Pod in storage."""
    c = Cluster(nodes=1, seed=0)
    c.apply('apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q}\n'
            'spec: {hard: {pods: "1", count/pods: "5"}}\n')
    c.advance(1)
    c.apply(pod("job", ["sh", "-c", "sleep 5"]))
    assert used(c) == {"count/pods": "1", "pods": "1"}
    assert c.run_until(lambda: used(c) == {"count/pods": "1", "pods": "0"}, timeout=120)
    assert c.get("pods", "job")["status"]["phase"] == "Succeeded"


def test_full_resync_corrects_drift():
    """Status writes do not wake the controller; the full resync every 5 minutes
    recounts every quota and overwrites a wrong status.used."""
    c = Cluster(nodes=1, seed=0)
    c.apply(QUOTA % 5)
    c.advance(1)
    quota = c.get("resourcequotas", "q")
    quota["status"]["used"] = {"pods": "4"}
    c.kubectl_client.update_status("resourcequotas", quota)
    c.advance(RESOURCE_QUOTA_SYNC_PERIOD - 60)
    assert used(c) == {"pods": "4"}
    c.advance(60)
    assert used(c) == {"pods": "0"}


def test_raised_quota_lets_the_deployment_finish():
    """After the quota is raised, the ReplicaSet's retries succeed and the failure clears."""
    c = Cluster(nodes=2, seed=0)
    c.apply(QUOTA % 2)
    c.advance(1)
    c.kubectl("create deployment web --image=nginx --replicas=3")
    c.advance(10)
    assert len(c.list("pods", "default")) == 2
    c.apply(QUOTA % 3)
    assert c.run_until(lambda: len(c.list("pods", "default")) == 3, timeout=1200)
    c.advance(5)
    conditions = c.get("deployments", "web")["status"]["conditions"]
    assert "ReplicaFailure" not in [x["type"] for x in conditions]
    assert used(c) == {"pods": "3"}
