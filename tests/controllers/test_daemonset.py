"""The DaemonSet controller: one Pod per eligible node, daemon tolerations, node changes,
RollingUpdate and OnDelete, history (pkg/controller/daemon and its tests)."""

import pytest

from k8s_model import Cluster, KubectlError
from k8s_model.controllers.daemon import util
from k8s_model.controllers.daemon.placement import node_should_run_daemon_pod
from k8s_model.controllers.controller_utils import is_pod_available

DS = """
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fluentd
spec:
  selector:
    matchLabels: {{app: fluentd}}
  updateStrategy: {strategy}
  template:
    metadata:
      labels: {{app: fluentd}}
    spec:
      nodeSelector: {node_selector}
      tolerations: {tolerations}
      containers:
      - name: fluentd
        image: {image}
"""
CONTROL_PLANE_TOLERATION = [{"key": "node-role.kubernetes.io/control-plane",
                             "operator": "Exists", "effect": "NoSchedule"}]


def ds_yaml(image="nginx:1.27", strategy=None, node_selector=None, tolerations=None):
    return DS.format(image=image, strategy=strategy or {"type": "RollingUpdate"},
                     node_selector=node_selector or {}, tolerations=tolerations or [])


def daemon_pods(c, live=True):
    pods = [p for p in c.list("pods", "default")
            if (p["metadata"].get("labels") or {}).get("app") == "fluentd"]
    if live:
        pods = [p for p in pods if not p["metadata"].get("deletionTimestamp")]
    return pods


def nodes_of(c):
    return sorted(p["spec"].get("nodeName") for p in daemon_pods(c))


def ds_row(c):
    return c.kubectl("get ds fluentd --no-headers").split()


def events(c, reason):
    return [e["message"] for e in sorted(c.list("events", "default"),
                                         key=lambda e: e["metadata"]["name"])
            if e.get("reason") == reason]


@pytest.fixture
def cluster():
    c = Cluster(nodes=3, seed=0)
    c.apply(ds_yaml())
    c.advance(30)
    return c


def test_one_pod_per_worker_and_none_on_the_tainted_control_plane(cluster):
    assert nodes_of(cluster) == ["node-1", "node-2", "node-3"]
    # printDaemonSet: DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE
    assert ds_row(cluster)[:7] == ["fluentd", "3", "3", "3", "3", "3", "<none>"]
    assert sorted(events(cluster, "SuccessfulCreate")) == sorted(
        f"Created pod: {p['metadata']['name']}" for p in daemon_pods(cluster))
    status = cluster.get("daemonsets", "fluentd")["status"]
    assert status == {"currentNumberScheduled": 3, "numberMisscheduled": 0,
                      "desiredNumberScheduled": 3, "numberReady": 3, "observedGeneration": 1,
                      "updatedNumberScheduled": 3, "numberAvailable": 3}


def test_tolerating_the_control_plane_taint_runs_there_too():
    c = Cluster(nodes=2, seed=0)
    c.apply(ds_yaml(tolerations=CONTROL_PLANE_TOLERATION))
    c.advance(30)
    assert nodes_of(c) == ["controlplane", "node-1", "node-2"]


def test_daemon_pod_is_pinned_by_node_affinity_and_gets_daemon_tolerations(cluster):
    pod = next(p for p in daemon_pods(cluster) if p["spec"]["nodeName"] == "node-2")
    ds = cluster.get("daemonsets", "fluentd")
    revision = cluster.list("controllerrevisions", "default")[0]
    assert ds["metadata"]["annotations"][util.TEMPLATE_GENERATION_ANNOTATION] == "1"
    assert pod["metadata"]["labels"] == {
        "app": "fluentd", "controller-revision-hash": revision["metadata"]["labels"][
            "controller-revision-hash"], "pod-template-generation": "1"}
    assert pod["spec"]["affinity"] == {"nodeAffinity": {
        "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
            {"matchFields": [{"key": "metadata.name", "operator": "In",
                              "values": ["node-2"]}]}]}}}
    # AddOrUpdateDaemonPodTolerations; no tolerationSeconds, so the
    # DefaultTolerationSeconds admission plugin adds nothing.
    assert pod["spec"]["tolerations"] == [
        {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute"},
        {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute"},
        {"key": "node.kubernetes.io/disk-pressure", "operator": "Exists", "effect": "NoSchedule"},
        {"key": "node.kubernetes.io/memory-pressure", "operator": "Exists",
         "effect": "NoSchedule"},
        {"key": "node.kubernetes.io/pid-pressure", "operator": "Exists", "effect": "NoSchedule"},
        {"key": "node.kubernetes.io/unschedulable", "operator": "Exists",
         "effect": "NoSchedule"}]


def test_host_network_pods_also_tolerate_network_unavailable():
    spec = {"hostNetwork": True, "tolerations": [
        {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute",
         "tolerationSeconds": 60}]}
    util.add_or_update_daemon_pod_tolerations(spec)
    # A matching toleration is replaced, losing its tolerationSeconds.
    assert spec["tolerations"][0] == {"key": "node.kubernetes.io/not-ready",
                                      "operator": "Exists", "effect": "NoExecute"}
    assert spec["tolerations"][-1]["key"] == "node.kubernetes.io/network-unavailable"
    assert len(spec["tolerations"]) == 7


def test_replace_node_affinity_keeps_preferred_terms():
    # TestReplaceDaemonSetPodNodeNameNodeAffinity (daemonset_util_test.go).
    affinity = {"nodeAffinity": {
        "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
            {"matchFields": [{"key": "metadata.name", "operator": "In",
                              "values": ["host_1"]}]},
            {"matchExpressions": [{"key": "disk", "operator": "In", "values": ["ssd"]}]}]},
        "preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 1, "preference": {
            "matchExpressions": [{"key": "zone", "operator": "In", "values": ["a"]}]}}]}}
    got = util.replace_node_name_node_affinity(affinity, "host_2")
    assert got["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"] == {
        "nodeSelectorTerms": [{"matchFields": [
            {"key": "metadata.name", "operator": "In", "values": ["host_2"]}]}]}
    assert got["nodeAffinity"]["preferredDuringSchedulingIgnoredDuringExecution"] == \
        affinity["nodeAffinity"]["preferredDuringSchedulingIgnoredDuringExecution"]
    assert util.get_target_node_name({"spec": got and {"affinity": got}}) == "host_2"


def _node(labels=None, taints=None):
    return {"metadata": {"name": "node-1", "labels": labels or {}},
            "spec": {"taints": taints or []}}


def _ds(node_selector=None, tolerations=None):
    return {"metadata": {"namespace": "default"}, "spec": {"template": {
        "metadata": {}, "spec": {"nodeSelector": node_selector or {},
                                 "tolerations": tolerations or []}}}}


@pytest.mark.parametrize("node, ds, expected", [
    # TestNodeShouldRunDaemonPod (daemon_controller_test.go): (shouldRun, shouldContinue)
    (_node(), _ds(), (True, True)),
    (_node({"disk": "hdd"}), _ds({"disk": "ssd"}), (False, False)),
    (_node(taints=[{"key": "dedicated", "value": "gpu", "effect": "NoSchedule"}]), _ds(),
     (False, True)),
    (_node(taints=[{"key": "dedicated", "value": "gpu", "effect": "NoExecute"}]), _ds(),
     (False, False)),
    (_node(taints=[{"key": "dedicated", "value": "gpu", "effect": "NoExecute"}]),
     _ds(tolerations=[{"key": "dedicated", "operator": "Equal", "value": "gpu",
                       "effect": "NoExecute"}]), (True, True)),
    # The daemon tolerations: a cordoned node or an unreachable node's NoExecute taint.
    (_node(taints=[{"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"}]),
     _ds(), (True, True)),
    (_node(taints=[{"key": "node.kubernetes.io/unreachable", "effect": "NoExecute"},
                   {"key": "node.kubernetes.io/unreachable", "effect": "NoSchedule"}]),
     _ds(), (False, True)),
])
def test_node_should_run_daemon_pod(node, ds, expected):
    assert node_should_run_daemon_pod(node, ds) == expected


def test_a_new_node_gets_its_daemon_pod_at_once(cluster):
    cluster.add_node("node-4")
    cluster.advance(1)
    assert "node-4" in nodes_of(cluster)
    cluster.advance(30)
    assert ds_row(cluster)[1:6] == ["4", "4", "4", "4", "4"]


def test_an_unreachable_nodes_pod_stays_and_counts_as_misscheduled(cluster):
    pod = next(p for p in daemon_pods(cluster) if p["spec"]["nodeName"] == "node-2")
    cluster.fail_node("node-2")
    cluster.advance(50 + 300 + 60)   # grace period, then the 300 s a Deployment Pod gets
    # The unreachable:NoExecute taint is tolerated forever: no eviction. The extra
    # unreachable:NoSchedule taint is not, so the node no longer *should* run it.
    assert pod["metadata"]["name"] in {p["metadata"]["name"] for p in daemon_pods(cluster)}
    status = cluster.get("daemonsets", "fluentd")["status"]
    assert (status["desiredNumberScheduled"], status["numberMisscheduled"]) == (2, 1)
    cluster.recover_node("node-2")
    cluster.advance(60)
    status = cluster.get("daemonsets", "fluentd")["status"]
    assert (status["desiredNumberScheduled"], status["numberMisscheduled"],
            status["numberReady"]) == (3, 0, 3)
    assert nodes_of(cluster) == ["node-1", "node-2", "node-3"]


def test_node_selector_and_node_labels_move_the_daemon():
    c = Cluster(nodes=3, seed=0)
    c.kubectl("label node node-1 disk=ssd")
    c.apply(ds_yaml(node_selector={"disk": "ssd"}))
    c.advance(30)
    assert nodes_of(c) == ["node-1"]
    assert ds_row(c)[6] == "disk=ssd"
    c.kubectl("label node node-2 disk=ssd")
    c.advance(30)
    assert nodes_of(c) == ["node-1", "node-2"]
    c.kubectl("label node node-1 disk-")
    c.advance(60)
    assert nodes_of(c) == ["node-2"]
    c.apply(ds_yaml(node_selector={"disk": "hdd"}))   # no node has it
    c.advance(60)
    assert nodes_of(c) == [] and ds_row(c)[1:6] == ["0", "0", "0", "0", "0"]


def test_rolling_update_replaces_one_node_at_a_time():
    c = Cluster(nodes=3, seed=0)
    c.apply(ds_yaml())
    c.advance(30)
    unavailable, updated = [], []

    def observe():
        up = [p for p in daemon_pods(c) if is_pod_available(p, 0, c.now)]
        unavailable.append(3 - len({p["spec"]["nodeName"] for p in up}))
        updated.append(sum(p["spec"]["containers"][0]["image"] == "nginx:1.28" for p in up))

    c.apply(ds_yaml(image="nginx:1.28"))
    for _ in range(120):
        c.advance(0.5)
        observe()
    assert max(unavailable) == 1            # maxUnavailable 1: never two nodes at once
    assert updated == sorted(updated) and sorted(set(updated)) == [0, 1, 2, 3]
    assert {p["spec"]["containers"][0]["image"] for p in daemon_pods(c)} == {"nginx:1.28"}
    assert ds_row(c)[1:6] == ["3", "3", "3", "3", "3"]
    revisions = sorted(c.list("controllerrevisions", "default"), key=lambda r: r["revision"])
    assert [r["revision"] for r in revisions] == [1, 2]
    hashes = {p["metadata"]["labels"]["controller-revision-hash"] for p in daemon_pods(c)}
    assert hashes == {revisions[1]["metadata"]["labels"]["controller-revision-hash"]}


def test_max_surge_starts_the_new_pod_before_the_old_one_goes():
    """maxSurge 1, maxUnavailable 0: no node is ever without an available daemon."""
    strategy = {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0}}
    c = Cluster(nodes=3, seed=0)
    c.apply(ds_yaml(strategy=strategy))
    c.advance(30)
    c.apply(ds_yaml(image="nginx:1.28", strategy=strategy))
    unavailable, most_on_a_node = [], []
    for _ in range(120):
        c.advance(0.5)
        pods = daemon_pods(c, live=False)
        up = {p["spec"]["nodeName"] for p in pods if is_pod_available(p, 0, c.now)}
        unavailable.append(3 - len(up))
        most_on_a_node.append(max(sum(p["spec"].get("nodeName") == n for p in pods)
                                  for n in ("node-1", "node-2", "node-3")))
    assert max(unavailable) == 0 and max(most_on_a_node) == 2
    assert {p["spec"]["containers"][0]["image"] for p in daemon_pods(c)} == {"nginx:1.28"}
    assert ds_row(c)[1:6] == ["3", "3", "3", "3", "3"]


def test_max_unavailable_percentages_round_up():
    # UnavailableCount uses GetScaledValueFromIntOrPercent(..., roundUp=true).
    ds = {"spec": {"updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {
        "maxUnavailable": "50%", "maxSurge": 0}}}}
    assert util.unavailable_count(ds, 3) == 2
    assert util.surge_count(ds, 3) == 0 and not util.allows_surge(ds)
    ds["spec"]["updateStrategy"] = {"type": "OnDelete"}
    assert util.unavailable_count(ds, 3) == 0


def test_on_delete_waits_for_a_deleted_pod():
    c = Cluster(nodes=3, seed=0)
    c.apply(ds_yaml(strategy={"type": "OnDelete"}))
    c.advance(30)
    before = {p["metadata"]["name"] for p in daemon_pods(c)}
    c.apply(ds_yaml(image="nginx:1.28", strategy={"type": "OnDelete"}))
    c.advance(60)
    assert {p["metadata"]["name"] for p in daemon_pods(c)} == before
    assert ds_row(c)[1:6] == ["3", "3", "3", "0", "3"]
    victim = next(p for p in daemon_pods(c) if p["spec"]["nodeName"] == "node-1")
    c.kubectl(f"delete pod {victim['metadata']['name']}")
    c.advance(30)
    replacement = next(p for p in daemon_pods(c) if p["spec"]["nodeName"] == "node-1")
    assert replacement["spec"]["containers"][0]["image"] == "nginx:1.28"
    assert ds_row(c)[1:6] == ["3", "3", "3", "1", "3"]


def test_a_failed_daemon_pod_is_deleted_and_recreated(cluster):
    pod = next(p for p in daemon_pods(cluster) if p["spec"]["nodeName"] == "node-1")
    pod["status"]["phase"] = "Failed"
    cluster.kubectl_client.update_status("pods", pod)
    cluster.advance(30)
    name = pod["metadata"]["name"]
    assert f"Found failed daemon pod default/{name} on node node-1, will try to kill it" in \
        events(cluster, "FailedDaemonPod")
    assert f"Deleted pod: {name}" in events(cluster, "SuccessfulDelete")
    assert nodes_of(cluster) == ["node-1", "node-2", "node-3"]


def test_history_is_deterministic_and_undo_renumbers():
    names = []
    for _ in range(2):
        c = Cluster(nodes=1, seed=0)
        c.apply(ds_yaml())
        c.advance(10)
        names.append([r["metadata"]["name"] for r in c.list("controllerrevisions", "default")])
    assert names[0] == names[1] and names[0][0].startswith("fluentd-")
    c.apply(ds_yaml(image="nginx:1.28"))
    c.advance(30)
    c.apply(ds_yaml())                      # back to the first template
    c.advance(30)
    revisions = {r["metadata"]["name"]: r["revision"]
                 for r in c.list("controllerrevisions", "default")}
    assert len(revisions) == 2 and revisions[names[0][0]] == 3
    # The controller-revision-hash label is the pod-template-hash of the template.
    assert c.get("daemonsets", "fluentd")["metadata"]["annotations"][
        util.TEMPLATE_GENERATION_ANNOTATION] == "3"


def test_rollout_status_history_and_undo(cluster):
    """kubectl rollout for a DaemonSet reads its ControllerRevisions (history.go
    DaemonSetHistoryViewer, rollback.go DaemonSetRollbacker)."""
    with pytest.raises(KubectlError, match="^error: no last revision to roll back to$"):
        cluster.kubectl("rollout undo ds/fluentd")
    cluster.kubectl("set image ds/fluentd fluentd=nginx:1.28")
    status = cluster.kubectl("rollout status ds/fluentd").splitlines()
    assert 'Waiting for daemon set "fluentd" rollout to finish: 1 out of 3 new pods have ' \
           'been updated...' in status
    assert status[-1] == 'daemon set "fluentd" successfully rolled out'
    assert cluster.kubectl("rollout history ds/fluentd") == (
        "daemonset.apps/fluentd \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>")
    assert "    Image:         nginx:1.27\n" in cluster.kubectl(
        "rollout history ds/fluentd --revision=1")
    assert cluster.kubectl("rollout undo ds/fluentd") == "daemonset.apps/fluentd rolled back"
    cluster.kubectl("rollout status ds/fluentd")
    assert {p["spec"]["containers"][0]["image"] for p in daemon_pods(cluster)} == {"nginx:1.27"}
    # Revision 1 became revision 3: no duplicate is stored.
    assert cluster.kubectl("rollout history ds/fluentd").splitlines()[2:] == [
        "2         <none>", "3         <none>"]
    assert cluster.kubectl("rollout undo ds/fluentd --to-revision=3") == (
        "daemonset.apps/fluentd skipped rollback (current template already matches "
        "revision 3)")
    with pytest.raises(KubectlError, match="unable to find specified revision 7 in history"):
        cluster.kubectl("rollout undo ds/fluentd --to-revision=7")
