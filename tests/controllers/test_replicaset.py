"""The ReplicaSet controller: replicas, adoption and release, deletion order, status."""

import pytest
import yaml

from k8s_model import Cluster
from k8s_model.api import errors
from k8s_model.controllers import controller_utils as cu
from k8s_model.controllers.replicaset import ReplicaSetController, slow_start_batch
from k8s_model.sim import Simulation

RS = """
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web
spec:
  replicas: {replicas}
  minReadySeconds: {min_ready}
  selector:
    matchLabels: {{app: web}}
  template:
    metadata:
      labels: {{app: web, tier: frontend}}
    spec:
      containers:
      - name: nginx
        image: nginx
"""


def rs_yaml(replicas=3, min_ready=0):
    return RS.format(replicas=replicas, min_ready=min_ready)


def controller(c):
    return next(x for x in c.controller_manager.controllers if type(x) is ReplicaSetController)


def owned_pods(c, owner):
    uid = owner["metadata"]["uid"]
    return sorted((p for p in c.list("pods", "default")
                   if any(r["uid"] == uid for r in p["metadata"].get("ownerReferences", []))),
                  key=lambda p: p["metadata"]["name"])


def names(pods):
    return sorted(p["metadata"]["name"] for p in pods)


def rs_events(c, reason):
    return [e["message"] for e in c.list("events", "default")
            if e["involvedObject"]["kind"] == "ReplicaSet" and e["reason"] == reason]


def orphan(name, labels=None, **spec):
    body = {"containers": [{"name": "c", "image": "nginx"}], **spec}
    return {"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": name, "namespace": "default", "labels": labels or {"app": "web"}},
            "spec": body}


@pytest.fixture
def web():
    """A 3-node cluster running the 3-replica ReplicaSet `web` for 30 s."""
    c = Cluster(nodes=3)
    c.apply(rs_yaml())
    c.advance(30)
    return c


def test_creates_the_desired_pods_owned_by_the_replicaset(web):
    """3 Running Pods named web-xxxxx, each with the ReplicaSet as controller owner."""
    rs = web.get("replicasets", "web")
    pods = owned_pods(web, rs)
    assert len(pods) == 3
    assert all(p["status"]["phase"] == "Running" and p["spec"]["nodeName"] for p in pods)
    assert all(p["metadata"]["name"].startswith("web-") and len(p["metadata"]["name"]) == 9
               for p in pods)
    assert pods[0]["metadata"]["ownerReferences"] == [{
        "apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web",
        "uid": rs["metadata"]["uid"], "controller": True, "blockOwnerDeletion": True}]
    assert pods[0]["metadata"]["labels"] == {"app": "web", "tier": "frontend"}
    assert sorted(rs_events(web, "SuccessfulCreate")) == [f"Created pod: {n}" for n in names(pods)]
    event = next(e for e in web.list("events", "default") if e["reason"] == "SuccessfulCreate")
    assert event["source"] == {"component": "replicaset-controller"}
    assert event["involvedObject"]["apiVersion"] == "apps/v1"


def test_status_counts_and_observed_generation(web):
    """status as upstream calculateStatus writes it, observedGeneration following spec."""
    assert web.get("replicasets", "web")["status"] == {
        "replicas": 3, "fullyLabeledReplicas": 3, "readyReplicas": 3, "availableReplicas": 3,
        "terminatingReplicas": 0, "observedGeneration": 1}
    web.kubectl("scale rs web --replicas=4")
    rs = web.get("replicasets", "web")
    assert rs["metadata"]["generation"] == 2 and rs["status"]["observedGeneration"] == 2
    assert rs["status"]["replicas"] == 4 and rs["status"]["readyReplicas"] == 3


def test_fully_labeled_replicas_counts_pods_with_every_template_label():
    """An adopted Pod matching the selector but not the template's labels is not 'fully labeled'."""
    c = Cluster(nodes=3)
    c.kubectl_client.create("pods", orphan("stray", {"app": "web"}))
    c.apply(rs_yaml())
    c.advance(30)
    status = c.get("replicasets", "web")["status"]
    assert (status["replicas"], status["fullyLabeledReplicas"]) == (3, 2)


def test_available_waits_for_min_ready_seconds():
    """Ready Pods become available minReadySeconds after turning Ready; the controller
    re-checks by itself, with no Pod event to wake it."""
    c = Cluster(nodes=3)
    c.apply(rs_yaml(min_ready=10))
    assert c.run_until(lambda: c.get("replicasets", "web")["status"].get("readyReplicas") == 3)
    assert c.get("replicasets", "web")["status"].get("availableReplicas", 0) == 0
    c.advance(5)
    assert c.get("replicasets", "web")["status"].get("availableReplicas", 0) == 0
    c.advance(8)
    assert c.get("replicasets", "web")["status"]["availableReplicas"] == 3


def test_a_scheduled_availability_check_does_not_delay_other_work():
    """While a re-check after minReadySeconds is pending, a deleted Pod is still replaced
    at once: an earlier queue add overtakes the delayed one (workqueue.AddAfter)."""
    c = Cluster(nodes=3)
    c.apply(rs_yaml(min_ready=30))
    assert c.run_until(lambda: c.get("replicasets", "web")["status"].get("readyReplicas") == 3)
    victim = names(owned_pods(c, c.get("replicasets", "web")))[0]
    c.kubectl(f"delete pod {victim} --wait=false")
    assert len(rs_events(c, "SuccessfulCreate")) == 4


def test_kubectl_scale_up_and_down(web):
    """`kubectl scale` changes spec.replicas; the controller creates or deletes the difference."""
    assert web.kubectl("scale rs web --replicas=5") == "replicaset.apps/web scaled"
    web.advance(30)
    rs = web.get("replicasets", "web")
    assert len(owned_pods(web, rs)) == 5
    web.kubectl("scale rs web --replicas=2")
    deleted = rs_events(web, "SuccessfulDelete")
    assert len(deleted) == 3
    web.advance(40)
    remaining = owned_pods(web, rs)
    assert len(remaining) == 2
    assert not {f"Deleted pod: {n}" for n in names(remaining)} & set(deleted)
    assert web.get("replicasets", "web")["status"]["replicas"] == 2


def test_kubectl_get_and_describe(web):
    """`get rs` and `describe rs` show the counts and events the controller produced."""
    assert web.kubectl("get rs") == ("NAME   DESIRED   CURRENT   READY   AGE\n"
                                     "web    3         3         3       30s")
    text = web.kubectl("describe rs web")
    assert "Replicas:     3 current / 3 desired\n" in text
    assert "Pods Status:  3 Running / 0 Waiting / 0 Succeeded / 0 Failed\n" in text
    pod = names(owned_pods(web, web.get("replicasets", "web")))[0]
    assert f"  Normal  SuccessfulCreate  30s   replicaset-controller  Created pod: {pod}" \
        in text.splitlines()


def test_deleted_pod_is_replaced_at_once(web):
    """A Pod being deleted no longer counts: the replacement starts while it terminates."""
    victim = names(owned_pods(web, web.get("replicasets", "web")))[0]
    web.kubectl(f"delete pod {victim} --wait=false")
    status = web.get("replicasets", "web")["status"]
    assert (status["replicas"], status["terminatingReplicas"]) == (3, 1)
    web.advance(40)
    pods = owned_pods(web, web.get("replicasets", "web"))
    assert len(pods) == 3 and victim not in names(pods)
    assert web.get("replicasets", "web")["status"]["terminatingReplicas"] == 0


def test_relabelled_pod_is_released_and_replaced(web):
    """Change a Pod's label: the ReplicaSet lets it go and creates a replacement; change it
    back and the ReplicaSet adopts it again and deletes one Pod too many."""
    rs = web.get("replicasets", "web")
    pod = names(owned_pods(web, rs))[0]
    web.kubectl(f"label pod {pod} app=debug --overwrite")
    released = web.get("pods", pod)
    assert "ownerReferences" not in released["metadata"]
    assert released["status"]["phase"] == "Running"
    assert len(owned_pods(web, rs)) == 3 and pod not in names(owned_pods(web, rs))
    web.advance(30)
    web.kubectl(f"label pod {pod} app=web --overwrite")
    assert web.get("pods", pod)["metadata"]["ownerReferences"][0]["uid"] == rs["metadata"]["uid"]
    assert len(rs_events(web, "SuccessfulDelete")) == 1
    web.advance(40)
    assert len(owned_pods(web, rs)) == 3


def test_adopts_matching_orphans_instead_of_creating():
    """Pods that match the selector and have no controller are adopted by patch."""
    c = Cluster(nodes=3)
    c.kubectl_client.create("pods", orphan("stray"))
    c.kubectl_client.create("pods", orphan("other-app", {"app": "db"}))
    c.apply(rs_yaml())
    rs = c.get("replicasets", "web")
    assert "stray" in names(owned_pods(c, rs))
    assert "ownerReferences" not in c.get("pods", "other-app")["metadata"]
    assert len(rs_events(c, "SuccessfulCreate")) == 2


def test_pods_of_another_controller_are_left_alone():
    """Overlapping selectors: each ReplicaSet keeps only the Pods it controls."""
    c = Cluster(nodes=3)
    c.apply(rs_yaml())
    c.apply(rs_yaml().replace("name: web", "name: web2"))
    c.advance(10)
    first, second = c.get("replicasets", "web"), c.get("replicasets", "web2")
    assert len(owned_pods(c, first)) == 3 and len(owned_pods(c, second)) == 3


def test_expectations_prevent_double_creation(monkeypatch):
    """A sync that runs before the watch events of the previous sync's Pods arrive creates
    nothing: the controller still expects those creations."""
    def run(satisfied=None):
        c = Cluster(nodes=3)
        rsc = controller(c)
        if satisfied is not None:
            monkeypatch.setattr(rsc.expectations, "satisfied_expectations", satisfied)
        c.kubectl_client.create("replicasets", yaml.safe_load(rs_yaml()), "default")
        # Queued behind the ReplicaSet's ADDED event, before any Pod event is delivered.
        c.sim.call_soon(lambda: rsc.sync_replica_set("default/web"))
        c.sim.call_soon(lambda: rsc.sync_replica_set("default/web"))
        c.advance(30)
        rs = c.get("replicasets", "web")
        return len(rs_events(c, "SuccessfulCreate")), len(owned_pods(c, rs))

    assert run() == (3, 3)
    # Without expectations each of the three syncs before the first Pod event (ours two
    # and the one the ReplicaSet's ADDED event queued) sees no Pods and creates three.
    assert run(lambda key: True)[0] == 9


def test_failed_creations_slow_start_and_report_replica_failure(monkeypatch):
    """Creation stops after the first failed batch (of 1), records FailedCreate, and sets
    the ReplicaFailure condition until a sync succeeds and creates all 5."""
    c = Cluster(nodes=3)
    rsc = controller(c)
    attempts = []   # create attempts per manage_replicas call
    manage, create = rsc.manage_replicas, rsc.create_pod
    def counted(active, rs):   # web's syncs only (CoreDNS's ReplicaSet syncs too)
        if rs["metadata"]["namespace"] == "default":
            attempts.append(0)
        return manage(active, rs)
    monkeypatch.setattr(rsc, "manage_replicas", counted)
    monkeypatch.setattr(rsc, "create_pod",
                        lambda rs: attempts.append(attempts.pop() + 1) or create(rs))
    c.apply(rs_yaml(replicas=5).replace("    spec:\n      containers:", "    spec:\n"
                                        "      serviceAccountName: robot\n      containers:"))
    c.advance(5)
    assert len(attempts) > 3 and set(attempts) == {1}
    failed = [e for e in c.list("events", "default") if e["reason"] == "FailedCreate"]
    assert len(failed) == 1 and failed[0]["type"] == "Warning"
    assert failed[0]["message"] == (
        'Error creating: pods "web-" is forbidden: error looking up service account '
        'default/robot: serviceaccount "robot" not found')
    [condition] = c.get("replicasets", "web")["status"]["conditions"]
    assert (condition["type"], condition["status"], condition["reason"]) == \
        ("ReplicaFailure", "True", "FailedCreate")
    assert condition["message"] == failed[0]["message"].removeprefix("Error creating: ")
    c.kubectl("create serviceaccount robot")
    c.advance(30)
    assert 5 in attempts
    rs = c.get("replicasets", "web")
    assert len(owned_pods(c, rs)) == 5 and "conditions" not in rs["status"]


# Upstream replica_set_test.go TestSlowStartBatch: 10 calls wanted, the fn fails after
# callLimit successes; batches of 1, 2, 4 … stop after the first batch with a failure.
@pytest.mark.parametrize("call_limit, successes, calls, failed", [
    (0, 0, 1, True), (10, 10, 10, False), (5, 5, 7, True)])
def test_slow_start_batch(call_limit, successes, calls, failed):
    made = []

    def fn():
        made.append(1)
        if len(made) > call_limit:
            raise errors.bad_request("fake error")

    got, error = slow_start_batch(10, cu.SLOW_START_INITIAL_BATCH_SIZE, fn)
    assert (got, len(made), error is not None) == (successes, calls, failed)


def test_deleting_the_replicaset_deletes_its_pods(web):
    """The garbage collector follows the ownerReferences the controller wrote."""
    web.kubectl("delete rs web")
    web.advance(40)
    assert [p for p in web.list("pods", "default")] == []


# -- which Pods go first ---------------------------------------------------------------------
def test_scale_down_deletes_unscheduled_then_pending_then_not_ready_first():
    """Scale 4 → 1 one step at a time: unscheduled, then scheduled-but-Pending, then a
    Running Pod that is not Ready go before the Ready one."""
    c = Cluster(nodes=3)
    client = c.kubectl_client
    client.create("pods", orphan("unscheduled", nodeSelector={"disk": "ssd"}))
    client.create("pods", orphan("pending", containers=[{"name": "c", "image": "nginx:nope"}]))
    client.create("pods", orphan("crashing", containers=[
        {"name": "c", "image": "busybox", "command": ["sh", "-c", "exit 1"]}]))
    client.create("pods", orphan("ready"))
    c.advance(30)
    assert c.get("pods", "crashing")["status"]["phase"] == "Running"
    c.apply(rs_yaml(replicas=4))
    assert rs_events(c, "SuccessfulCreate") == []
    order = []
    for replicas in (3, 2, 1):
        c.kubectl(f"scale rs web --replicas={replicas}")
        order.append(rs_events(c, "SuccessfulDelete")[-1])
        c.advance(40)
    assert order == ["Deleted pod: unscheduled", "Deleted pod: pending", "Deleted pod: crashing"]
    assert names(owned_pods(c, c.get("replicasets", "web"))) == ["ready"]


def test_scale_down_prefers_pods_doubled_up_on_a_node():
    """A ReplicaSet with a controller (a Deployment's) ranks Pods by how many of the
    owner's Pods share their node: one of the two on node-1 goes, not the one on node-2."""
    c = Cluster(nodes=3)
    client = c.kubectl_client
    owner = client.create("configmaps", {"apiVersion": "v1", "kind": "ConfigMap",
                                         "metadata": {"name": "owner", "namespace": "default"}})
    for name, node in (("a-node-2", "node-2"), ("b-node-1", "node-1"), ("c-node-1", "node-1")):
        client.create("pods", orphan(name, nodeName=node))
    c.advance(30)
    rs = yaml.safe_load(rs_yaml(replicas=3))
    rs["metadata"]["ownerReferences"] = [{"apiVersion": "v1", "kind": "ConfigMap", "name": "owner",
                                          "uid": owner["metadata"]["uid"], "controller": True}]
    client.create("replicasets", rs, "default")
    c.advance(1)
    c.kubectl("scale rs web --replicas=2")
    [deleted] = rs_events(c, "SuccessfulDelete")
    assert deleted in ("Deleted pod: b-node-1", "Deleted pod: c-node-1")


# Upstream controller_utils_test.go TestSortingActivePodsWithRanks: (lesser, rank) must
# sort before (greater, rank), and the equality pairs must tie.
NOW = 40 * 86400.0
MONTH, H2, H5, H8 = NOW - 31 * 86400, NOW - 2 * 3600, NOW - 5 * 3600, NOW - 8 * 3600


def _pod(name, node, phase, ready=False, restarts=0, ready_since=None, created=None, cost=None):
    ts = Simulation().timestamp
    status = {"phase": phase}
    if ready:
        condition = {"type": "Ready", "status": "True"}
        if ready_since is not None:
            condition["lastTransitionTime"] = ts(ready_since)
        status["conditions"] = [condition]
        status["containerStatuses"] = [{"restartCount": restarts}]
    meta = {"name": name, "namespace": "default", "uid": ""}
    if created is not None:
        meta["creationTimestamp"] = ts(created)
    if cost is not None:
        meta["annotations"] = {cu.POD_DELETION_COST: cost}
    return {"metadata": meta, "spec": {"nodeName": node}, "status": status}


UNSCHEDULED = _pod("unscheduled", "", "Pending")
SCHEDULED_PENDING = _pod("pending", "node", "Pending")
UNKNOWN = _pod("unknown-phase", "node", "Unknown")
NOT_READY = _pod("not-ready", "node", "Running")
READY_NO_TIME = _pod("ready-no-last-transition-time", "node", "Running", True)
READY_NOW = _pod("ready-now", "node", "Running", True, 0, NOW, NOW)
READY_THEN = _pod("ready-then", "node", "Running", True, 0, MONTH, MONTH)
READY_HIGH_RESTARTS = _pod("ready-high-restarts", "node", "Running", True, 9001, NOW, NOW)
READY_NOW_CREATED_THEN = _pod("ready-now-created-then", "node", "Running", True, 0, NOW, MONTH)
LOW_COST = _pod("low-deletion-cost", "node", "Running", True, 0, NOW, MONTH, "10")
HIGH_COST = _pod("high-deletion-cost", "node", "Running", True, 0, NOW, MONTH, "100")
UNSCHEDULED_5H = _pod("unscheduled-5-hours", "", "Pending", False, 0, H5, H5)
UNSCHEDULED_8H = _pod("unscheduled-10-hours", "", "Pending", False, 0, H8, H8)
READY_2H = _pod("ready-2-hours", "", "Running", True, 0, H2, MONTH)
READY_5H = _pod("ready-5-hours", "", "Running", True, 0, H5, MONTH)
READY_8H = _pod("ready-10-hours", "", "Running", True, 0, H8, MONTH)


@pytest.mark.parametrize("lesser, lesser_rank, greater, greater_rank", [
    (UNSCHEDULED, 1, SCHEDULED_PENDING, 2), (UNSCHEDULED, 2, SCHEDULED_PENDING, 1),
    (SCHEDULED_PENDING, 1, UNKNOWN, 2), (UNKNOWN, 1, NOT_READY, 2),
    (NOT_READY, 1, READY_NO_TIME, 1), (READY_NO_TIME, 1, READY_NOW, 1),
    (READY_NOW, 2, READY_NO_TIME, 1), (READY_NOW, 1, READY_THEN, 1),
    (READY_NOW, 2, READY_THEN, 1), (READY_HIGH_RESTARTS, 1, READY_NOW, 1),
    (READY_NOW, 2, READY_HIGH_RESTARTS, 1), (READY_NOW, 1, READY_NOW_CREATED_THEN, 1),
    (READY_NOW_CREATED_THEN, 2, READY_NOW, 1), (LOW_COST, 2, HIGH_COST, 1),
    (READY_2H, 1, READY_5H, 1)])
def test_deletion_order_inequalities(lesser, lesser_rank, greater, greater_rank):
    assert cu.less(lesser, greater, lesser_rank, greater_rank, NOW)
    assert not cu.less(greater, lesser, greater_rank, lesser_rank, NOW)


@pytest.mark.parametrize("a, b", [
    (UNSCHEDULED, UNSCHEDULED), (SCHEDULED_PENDING, SCHEDULED_PENDING), (UNKNOWN, UNKNOWN),
    (NOT_READY, NOT_READY), (READY_NOW_CREATED_THEN, READY_NOW_CREATED_THEN),
    (READY_NOW, READY_NOW), (READY_THEN, READY_THEN),
    (READY_HIGH_RESTARTS, READY_HIGH_RESTARTS),
    # 5 h and 8 h ago fall in the same logarithmic bucket (2^44 ns), and the UIDs tie.
    (UNSCHEDULED_5H, UNSCHEDULED_8H), (READY_5H, READY_8H)])
def test_deletion_order_equalities(a, b):
    assert not cu.less(a, b, 1, 1, NOW) and not cu.less(b, a, 1, 1, NOW)
