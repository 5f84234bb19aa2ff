"""The failover lab: Fail/Recover act on a node through Cluster.fail_node/recover_node, the
control plane reacts as upstream's does, and the timeline marks what a watch saw.

Times are virtual. The numbers asserted are upstream's defaults, seen through the lab:
node-monitor-grace-period 50 s (40 s before v1.32) checked every 5 s
(node_lifecycle_controller.go), and the 300 s tolerationSeconds the DefaultTolerationSeconds
admission plugin gives every Pod for `node.kubernetes.io/unreachable:NoExecute`.
"""

import base64
import re

import pytest

from k8s_model import Cluster
from k8s_model.sim import parse_timestamp
from widgets import FailoverLab, FailoverTimelineView
from widgets.views.failover_timeline import FailoverHistory
from widgets.views.portrayal import node_status

UNREACHABLE_NO_EXECUTE = "node.kubernetes.io/unreachable:NoExecute"


def png_of(pane):
    (output,) = pane.out.outputs
    return base64.b64decode(output["data"]["image/png"])


def moment(lab, text):
    """The time of the first moment one of whose clauses contains `text`."""
    for m in lab.history.moments:
        if text in m.text():
            return m.time
    raise AssertionError(f"no moment {text!r} in {lab.history.moment_lines()}")


def pods_on(cluster, node):
    return [p for p in cluster.list("pods", "default") if p["spec"].get("nodeName") == node]


@pytest.fixture
def lab():
    return FailoverLab(Cluster(nodes=3, seed=0))


def test_lab_starts_its_replicaset_and_shows_the_pictures(lab):
    """On creation the 6-replica ReplicaSet is Ready; one toggle per worker (not the
    control plane); the timeline and the cluster picture are PNGs already."""
    rs = lab.cluster.get("replicasets", "web")
    assert rs["status"]["readyReplicas"] == 6
    assert list(lab.buttons) == ["node-1", "node-2", "node-3"]
    assert [b.description for b in lab.buttons.values()] == ["Fail node-1", "Fail node-2",
                                                             "Fail node-3"]
    assert png_of(lab.timeline).startswith(b"\x89PNG")
    assert png_of(lab.view).startswith(b"\x89PNG")
    assert "replicaset.apps/web created" in lab.output.value
    assert "node-2         Ready" in lab.output.value
    assert lab.timeline.view.description().startswith(
        "Failover timeline t=")
    assert "ReplicaSet web 6/6 ready" in lab.timeline.view.description()
    assert {"k8s-lab", "k8s-failover-lab"} <= set(lab._dom_classes)
    assert "k8s-toggle-node-2" in lab.buttons["node-2"]._dom_classes


def test_fail_stops_the_lease_and_the_node_goes_not_ready(lab):
    """Fail: the node's Lease is no longer renewed; after the grace period (more than 50 s
    from when the controller saw the last renewal, on one of its 5 s passes) Ready turns
    Unknown, the node is tainted unreachable:NoSchedule at once and :NoExecute on the next
    pass."""
    c = lab.cluster
    before = png_of(lab.timeline)
    lab.buttons["node-2"].click()
    failed = c.now
    assert lab.buttons["node-2"].description == "Recover node-2"
    assert 'c.fail_node(&quot;node-2&quot;)' in lab.output.value
    renewed = c.get("leases", "node-2", "kube-node-lease")["spec"]["renewTime"]
    lab.clock.step(100)
    assert c.get("leases", "node-2", "kube-node-lease")["spec"]["renewTime"] == renewed
    assert c.get("leases", "node-1", "kube-node-lease")["spec"]["renewTime"] > renewed
    assert node_status(c.get("nodes", "node-2", None)) == "NotReady"
    assert "node-2         NotReady" in lab.output.value   # kubectl get nodes after the step
    not_ready = moment(lab, "node-2 NotReady (Ready=Unknown)")
    # more than the grace period after the last renewal, at most two monitor passes more
    assert 50 < not_ready - parse_timestamp(renewed) <= 50 + 5 + 5
    assert not_ready > failed
    assert moment(lab, "tainted node.kubernetes.io/unreachable:NoSchedule") == not_ready
    assert moment(lab, f"tainted {UNREACHABLE_NO_EXECUTE}") == not_ready + 5
    assert png_of(lab.timeline) != before
    assert "4 nodes (3 Ready)" in lab.view.view.description()


def test_pods_are_evicted_300s_after_the_taint_and_replaced(lab):
    """Run 400 s: the Pods on node-2 are marked for deletion exactly 300 s after the
    NoExecute taint was seen, stay Terminating (no kubelet confirms), and the ReplicaSet
    creates replacements on the other nodes in the same moment."""
    c = lab.cluster
    lab.buttons["node-2"].click()
    lab.run_button.click()
    tainted = moment(lab, f"tainted {UNREACHABLE_NO_EXECUTE}")
    evicted = moment(lab, "marked for deletion by the taint-eviction-controller")
    assert evicted - tainted == 300
    assert moment(lab, "ReplicaSet web created Pods") == evicted
    on_node_2 = pods_on(c, "node-2")
    assert len(on_node_2) == 2
    assert all(p["metadata"].get("deletionTimestamp") for p in on_node_2)
    assert c.get("replicasets", "web")["status"]["readyReplicas"] == 6
    assert lab.history.pods["node-2"][-1][1] == 0
    assert lab.history.pods["Terminating"][-1][1] == 2
    ready = lab.history.replicas["ready"]   # 6, 4 while node-2 is NotReady, back to 6
    assert [v for _, v in ready] == [6, 4, 5, 6]
    assert ready[1][0] == moment(lab, "NotReady")
    assert evicted < ready[-1][0] < evicted + 5     # the replacements start on cached images
    assert re.search(r"web-\w+ +1/1 +Terminating +0 +\S+ +[\d.]+ +node-2",
                     c.kubectl("get pods -o wide"))


def test_recover_removes_the_taints_and_the_terminating_pods(lab):
    """Recover: the kubelet is back, Ready again, the controller removes both taints, the
    Pods deleted meanwhile are gone — and nothing moves back to node-2."""
    c = lab.cluster
    lab.buttons["node-2"].click()
    lab.run_button.click()
    lab.buttons["node-2"].click()
    assert lab.buttons["node-2"].description == "Fail node-2"
    lab.clock.step(30)
    node = c.get("nodes", "node-2", None)
    assert node_status(node) == "Ready"
    assert not node["spec"].get("taints")
    assert pods_on(c, "node-2") == []
    assert moment(lab, "Terminating Pods") >= moment(lab, "Recover node-2")
    assert moment(lab, "node-2 Ready (Ready=True)") > moment(lab, "Recover node-2")
    assert len(c.list("pods", "default")) == 6


def test_step_choice_and_run_button_move_the_clock(lab):
    """The step dropdown sets the Step button's size (up to 60 s); Run advances 400 s."""
    start = lab.cluster.now
    lab.step_choice.value = 60
    assert lab.clock.step_button.description == "Step 60s"
    lab.clock.step_button.click()
    assert lab.cluster.now == start + 60
    lab.run_button.click()
    assert lab.cluster.now == start + 460
    assert lab.timeline.view.until == lab.cluster.now


def test_the_old_grace_period_marks_the_node_sooner():
    """Cluster(node_monitor_grace_period=40), as before v1.32: NotReady 10 s sooner."""
    times = []
    for grace in (50, 40):
        lab = FailoverLab(Cluster(nodes=3, seed=0, node_monitor_grace_period=grace))
        lab.fail("node-2")
        failed = lab.cluster.now
        lab.clock.step(120)
        times.append(moment(lab, "node-2 NotReady") - failed)
    assert times[0] - times[1] == 10


def test_bad_manifest_is_shown_not_raised():
    """A manifest without a ReplicaSet, or broken YAML, is reported in the lab."""
    lab = FailoverLab(Cluster(nodes=2, seed=0), manifest="apiVersion: v1\nkind: Pod\n"
                      "metadata:\n  name: x\nspec:\n  containers:\n  - name: a\n    image: nginx\n")
    assert "this manifest holds none" in lab.output.value
    assert lab.cluster.list("pods", "default") == []
    lab = FailoverLab(Cluster(nodes=2, seed=0), manifest="kind: [")
    assert "k8s-error" in lab.output.value


def test_failing_a_node_without_kubelet_is_an_error_in_the_lab():
    """A node the cluster runs no kubelet for cannot be failed: the message is shown."""
    lab = FailoverLab(Cluster(nodes=1, seed=0, kubelets=False), manifest=None,
                      replicaset="none")
    error = lab.fail("node-1")
    assert error == 'error: node "node-1" has no kubelet in this cluster'
    assert lab.buttons["node-1"].description == "Fail node-1"


def test_history_merges_moments_and_counts_since_the_action():
    """Clauses within a second share a moment; repeated templates list their Pods."""
    h = FailoverHistory(["node-1"], "web")
    h.record_action(10, "node-1", "Fail")
    h.note(70, "node-1 NotReady (Ready=Unknown)", node="node-1")
    h.note(70.5, "Pod{s} {items} removed", "web-a", "node-1")
    h.note(70.5, "Pod{s} {items} removed", "web-b", "node-1")
    assert h.moment_lines() == [
        "1. t=10s: Fail node-1",
        "2. t=70s (+60s after Fail node-1): node-1 NotReady (Ready=Unknown); "
        "Pods web-a, web-b removed"]
    view = FailoverTimelineView(h, until=100)
    assert view.png().startswith(b"\x89PNG")


def test_static_picture_is_the_cluster_until_something_happens(lab):
    """The display bundle's PNG: the cluster picture at first, the timeline after a Fail."""
    def png(bundle):
        return base64.b64decode(bundle["image/png"])

    assert png(lab._repr_mimebundle_()) == lab.view.png
    lab.fail("node-2")
    lab.clock.step(10)
    assert png(lab._repr_mimebundle_()) == lab.timeline.png
