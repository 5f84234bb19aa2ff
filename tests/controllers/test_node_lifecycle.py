"""A node that fails: the node lifecycle controller, taint-based eviction, recovery.

Times are the model's: Leases are renewed every 10 s from t=0, the controller's monitor
pass runs every 5 s from t=0 and sees a renewal at the pass after it. A node cut off at
t=100 (just after its renewal at 100) is seen alive at 105; 105 + 50 s grace = 155, so
the pass at 160 marks it Unknown, the pass at 165 adds the NoExecute taint, and Pods
with the default 300 s toleration are deleted at 165 + 300 = 465.
"""

import pytest

from k8s_model import Cluster
from k8s_model.controllers.node_lifecycle import NodeLifecycleController
from k8s_model.controllers.node_zones import (STATE_FULL_DISRUPTION, STATE_NORMAL,
                                              STATE_PARTIAL_DISRUPTION, TokenBucket,
                                              compute_zone_state, zone_key)
from k8s_model.controllers.taint_eviction import get_min_toleration_time

UNREACHABLE = "node.kubernetes.io/unreachable"


def pod_yaml(name: str, node: str = "node-1", tolerations: str = "") -> str:
    return (f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n"
            f"  nodeName: {node}\n  containers:\n  - name: app\n    image: nginx\n"
            + (f"  tolerations:\n{tolerations}" if tolerations else ""))


def lifecycle_controller(c: Cluster) -> NodeLifecycleController:
    return next(x for x in c.controller_manager.controllers
                if isinstance(x, NodeLifecycleController))


def condition(obj: dict, type_: str) -> dict:
    return next(c for c in obj["status"]["conditions"] if c["type"] == type_)


class Recorder:
    """When each thing first happened, from the cluster's watch (a recorded log)."""

    def __init__(self, cluster: Cluster) -> None:
        self.cluster, self.first = cluster, {}
        cluster.watch(self.on_event)

    def mark(self, what: str) -> None:
        self.first.setdefault(what, self.cluster.now)

    def on_event(self, event) -> None:
        obj = event.object
        name = obj["metadata"]["name"]
        if obj["kind"] == "Node":
            ready = next((c for c in obj.get("status", {}).get("conditions", [])
                          if c["type"] == "Ready"), {})
            self.mark(f"{name} Ready={ready.get('status')}")
            for taint in obj.get("spec", {}).get("taints") or []:
                self.mark(f"{name} taint {taint['key']}:{taint['effect']}")
        elif obj["kind"] == "Pod":
            if event.type == "DELETED":
                self.mark(f"{name} gone")
            elif obj["metadata"].get("deletionTimestamp"):
                self.mark(f"{name} deleting")


@pytest.fixture
def failed():
    """node-1 runs `web` and is cut off at t=100."""
    c = Cluster(nodes=3, seed=0)
    c.apply(pod_yaml("web"))
    c.advance(100)
    log = Recorder(c)
    c.fail_node("node-1")
    c.log = log
    return c


def test_timeline_from_failure_to_eviction(failed):
    """Lease stops at 100; Unknown at 160 with both unreachable taints; deleted at 465."""
    c = failed
    lease = c.get("leases", "node-1", "kube-node-lease")
    assert lease["spec"]["renewTime"] == "2026-01-01T00:01:40.000000Z"   # t=100
    c.advance(600)
    first = c.log.first
    assert first["node-1 Ready=Unknown"] == 160.0
    assert first[f"node-1 taint {UNREACHABLE}:NoSchedule"] == 160.0
    assert first[f"node-1 taint {UNREACHABLE}:NoExecute"] == 165.0
    assert first["web deleting"] == 465.0
    assert "web gone" not in first            # the kubelet is cut off: it stays Terminating
    assert not any(k.startswith(("node-2", "node-3", "controlplane")) and "Unknown" in k
                   for k in first)


def test_conditions_go_unknown_keeping_the_last_heartbeat(failed):
    """Every condition Unknown, NodeStatusUnknown, "Kubelet stopped posting node status."."""
    c = failed
    before = {x["type"]: x for x in c.get("nodes", "node-1", None)["status"]["conditions"]}
    c.advance(65)
    node = c.get("nodes", "node-1", None)
    for x in node["status"]["conditions"]:
        assert (x["status"], x["reason"], x["message"]) == (
            "Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status.")
        assert x["lastHeartbeatTime"] == before[x["type"]]["lastHeartbeatTime"]
        assert x["lastTransitionTime"] == "2026-01-01T00:02:40Z"            # t=160
    taints = node["spec"]["taints"]
    assert taints == [
        {"key": UNREACHABLE, "effect": "NoSchedule", "timeAdded": "2026-01-01T00:02:40Z"},
        {"key": UNREACHABLE, "effect": "NoExecute", "timeAdded": "2026-01-01T00:02:45Z"}]


def test_kubectl_shows_each_stage(failed):
    """get nodes: Ready -> NotReady (-> NotReady,SchedulingDisabled when cordoned);
    describe node: the taints and the Unknown conditions; get pods: Terminating."""
    c = failed
    row = lambda: next(line.split() for line in c.kubectl("get nodes").splitlines()  # noqa: E731
                       if line.startswith("node-1"))
    c.advance(59)
    assert row()[1] == "Ready"
    c.advance(1)
    assert row()[1] == "NotReady"
    c.advance(5)
    text = c.kubectl("describe node node-1")
    assert ("Taints:             node.kubernetes.io/unreachable:NoExecute\n"
            "                    node.kubernetes.io/unreachable:NoSchedule\n"
            "Unschedulable:      false\n") in text
    assert ("  Ready            Unknown   Thu, 01 Jan 2026 00:00:10 +0000   "
            "Thu, 01 Jan 2026 00:02:40 +0000   NodeStatusUnknown   "
            "Kubelet stopped posting node status.\n") in text
    assert "  Normal  NodeNotReady  5s    node-controller  Node node-1 status is now: " \
           "NodeNotReady" in text
    c.kubectl("cordon node-1")
    assert row()[1] == "NotReady,SchedulingDisabled"
    c.advance(300)
    assert c.kubectl("get pod web").splitlines()[1].split()[:3] == ["web", "1/1", "Terminating"]


def test_pods_marked_not_ready_then_evicted_with_reasons(failed):
    """MarkPodsNotReady at 160; at 465 the DisruptionTarget condition and the event."""
    c = failed
    c.advance(60)
    pod = c.get("pods", "web")
    assert (condition(pod, "Ready")["status"], condition(pod, "Ready")["lastTransitionTime"]) \
        == ("False", "2026-01-01T00:02:40Z")
    c.advance(305)
    pod = c.get("pods", "web")
    target = condition(pod, "DisruptionTarget")
    assert (target["status"], target["reason"], target["message"]) == (
        "True", "DeletionByTaintManager", "Taint manager: deleting due to NoExecute taint")
    assert pod["metadata"]["deletionGracePeriodSeconds"] == 30
    events = [(e["reason"], e["message"], e["source"]["component"])
              for e in c.list("events", "default")]
    assert ("NodeNotReady", "Node is not ready", "node-controller") in events
    assert ("NodeNotReady", "Node node-1 status is now: NodeNotReady", "node-controller") in events
    assert ("TaintManagerEviction", "Marking for deletion Pod default/web",
            "taint-eviction-controller") in events


def test_containers_keep_running_and_the_kubelet_finishes_on_recovery(failed):
    """While cut off the kubelet kills nothing; back online it kills and deletes the Pod,
    Ready returns, the taints go and scheduling onto the node resumes."""
    c = failed
    runtime = c.kubelets["node-1"].runtime
    c.advance(500)                      # t=600: Terminating since 465
    web = [c for c in runtime.containers.values()   # beside kube-proxy's own container
           if runtime.sandboxes[c.sandbox_id].namespace == "default"]
    assert [x.state for x in web] == ["CONTAINER_RUNNING"]
    c.apply(pod_yaml("later", node="").replace("  nodeName: \n", "  nodeSelector:\n"
                                               "    kubernetes.io/hostname: node-1\n"))
    c.advance(5)
    assert "nodeName" not in c.get("pods", "later")["spec"]   # unreachable:NoSchedule
    recovered = c.now
    c.recover_node("node-1")
    c.advance(30)
    assert 0 < c.log.first["web gone"] - recovered < 1    # nginx stops at once on SIGTERM
    assert [sandbox.name for sandbox in runtime.sandboxes.values()
            if sandbox.namespace == "default"] == ["later"]
    node = c.get("nodes", "node-1", None)
    assert condition(node, "Ready")["status"] == "True"
    assert not node["spec"].get("taints")
    assert c.get("pods", "later")["spec"]["nodeName"] == "node-1"


def test_recovery_before_the_toleration_ends_cancels_the_eviction(failed):
    """Back at t=300: the NoExecute taint goes, the scheduled deletion is cancelled."""
    c = failed
    c.advance(200)
    uid = c.get("pods", "web")["metadata"]["uid"]
    c.recover_node("node-1")
    c.advance(400)
    pod = c.get("pods", "web")
    assert pod["metadata"]["uid"] == uid and "deletionTimestamp" not in pod["metadata"]
    assert condition(pod, "Ready")["status"] == "True"
    assert ("TaintManagerEviction", "Cancelling deletion of Pod default/web") in [
        (e["reason"], e["message"]) for e in c.list("events", "default")]


TOLERATIONS = [
    # (name, tolerations YAML, deleted at) — taint added at 165
    ("ten seconds", "  - key: node.kubernetes.io/unreachable\n    operator: Exists\n"
                    "    effect: NoExecute\n    tolerationSeconds: 10\n", 175.0),
    ("zero seconds", "  - key: node.kubernetes.io/unreachable\n    operator: Exists\n"
                     "    effect: NoExecute\n    tolerationSeconds: 0\n", 165.0),
    ("for ever", "  - key: node.kubernetes.io/unreachable\n    operator: Exists\n"
                 "    effect: NoExecute\n", None),
    ("default 300 s", "", 465.0),
]


@pytest.mark.parametrize("name,tolerations,deleted_at", TOLERATIONS,
                         ids=[t[0] for t in TOLERATIONS])
def test_toleration_seconds_decide_when(name, tolerations, deleted_at):
    """The smallest matching tolerationSeconds, counted from the taint; none: never."""
    c = Cluster(nodes=2, seed=0)
    c.apply(pod_yaml("p", tolerations=tolerations))
    c.advance(100)
    log = Recorder(c)
    c.fail_node("node-1")
    c.advance(700)
    assert log.first.get("p deleting") == deleted_at


def test_an_untolerated_no_execute_taint_evicts_at_once():
    """kubectl taint ...:NoExecute: a Pod without a matching toleration goes now, and
    its kubelet (healthy) stops it; a tolerating Pod stays."""
    c = Cluster(nodes=2, seed=0)
    c.apply(pod_yaml("plain"))
    c.apply(pod_yaml("tolerant", tolerations="  - key: maintenance\n    operator: Exists\n"))
    c.advance(20)
    c.kubectl("taint nodes node-1 maintenance=now:NoExecute")
    c.advance(5)
    assert [p["metadata"]["name"] for p in c.list("pods", "default")] == ["tolerant"]


def test_grace_period_is_a_cluster_setting():
    """--node-monitor-grace-period 40 s (before v1.32): Unknown at 150 instead of 160."""
    c = Cluster(nodes=2, seed=0, node_monitor_grace_period=40)
    c.advance(100)
    log = Recorder(c)
    c.fail_node("node-1")
    c.advance(60)
    assert log.first["node-1 Ready=Unknown"] == 150.0


def test_evictions_are_rate_limited_per_zone():
    """Two nodes down in a Normal zone: tainted at 165 and, one token later, 175."""
    c = Cluster(nodes=6, seed=0)
    c.advance(100)
    log = Recorder(c)
    c.fail_node("node-1")
    c.fail_node("node-2")
    c.advance(100)
    assert log.first[f"node-1 taint {UNREACHABLE}:NoExecute"] == 165.0
    assert log.first[f"node-2 taint {UNREACHABLE}:NoExecute"] == 175.0
    assert lifecycle_controller(c).zones.states == {"": STATE_NORMAL}


@pytest.mark.parametrize("down", [["node-1", "node-2", "node-3"],
                                  ["controlplane", "node-1", "node-2", "node-3"]],
                         ids=["partial disruption", "full disruption"])
def test_no_evictions_when_most_of_a_small_zone_is_down(down):
    """3 of 4 nodes down is PartialDisruption (rate 0 in a zone of <= 50 nodes); all down
    is FullDisruption everywhere: the controller stops evicting altogether."""
    c = Cluster(nodes=3, seed=0)
    c.apply(pod_yaml("web"))
    c.advance(100)
    for name in down:
        c.fail_node(name)
    c.advance(600)
    node = c.get("nodes", "node-1", None)
    assert condition(node, "Ready")["status"] == "Unknown"
    assert [t["effect"] for t in node["spec"]["taints"]] == ["NoSchedule"]
    assert "deletionTimestamp" not in c.get("pods", "web")["metadata"]
    assert lifecycle_controller(c).zones.states == {"": STATE_FULL_DISRUPTION if len(down) == 4
                                     else STATE_PARTIAL_DISRUPTION}


# ComputeZoneState (node_lifecycle_controller.go): fully disrupted with no Ready node;
# partially with more than 2 not Ready making at least unhealthyZoneThreshold (0.55).
ZONE_STATES = [
    ([], STATE_NORMAL, 0),
    (["True", "True"], STATE_NORMAL, 0),
    (["False"], STATE_FULL_DISRUPTION, 1),
    (["Unknown", None], STATE_FULL_DISRUPTION, 2),
    (["True", "Unknown", "Unknown"], STATE_NORMAL, 2),        # only 2 not Ready
    (["True", "Unknown", "Unknown", "False"], STATE_PARTIAL_DISRUPTION, 3),   # 0.75
    (["True", "True", "True", "Unknown", "Unknown", "Unknown"], STATE_NORMAL, 3),  # 0.5
    (["True"] * 9 + ["False"] * 11, STATE_PARTIAL_DISRUPTION, 11),          # 0.55
]


@pytest.mark.parametrize("statuses,state,not_ready", ZONE_STATES)
def test_compute_zone_state(statuses, state, not_ready):
    assert compute_zone_state(statuses, 0.55) == (not_ready, state)


def test_zone_key_and_token_bucket():
    """GetZoneKey from the topology labels; a bucket of 1 refilled at 0.1/s."""
    assert zone_key({"metadata": {"labels": {}}}) == ""
    assert zone_key({"metadata": {"labels": {"topology.kubernetes.io/region": "eu",
                                             "topology.kubernetes.io/zone": "eu-1a"}}}) \
        == "eu:\x00:eu-1a"
    bucket = TokenBucket(0.1, now=0.0)
    assert [bucket.try_accept(t) for t in (0.0, 0.0, 9.9, 10.0, 19.0)] == [
        True, False, False, True, False]
    assert TokenBucket(0, now=0.0).try_accept(100.0) is False


@pytest.mark.parametrize("tolerations,seconds", [
    ([], 0), ([{"tolerationSeconds": 300}, {"tolerationSeconds": 10}], 10),
    ([{"tolerationSeconds": 300}, {}], 300), ([{}], -1), ([{"tolerationSeconds": -5}], 0)])
def test_min_toleration_time(tolerations, seconds):
    """getMinTolerationTime: the smallest; 0 when none or any <= 0; -1 (for ever) if unset."""
    assert get_min_toleration_time(tolerations) == seconds

