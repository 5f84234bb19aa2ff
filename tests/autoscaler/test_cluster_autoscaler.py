"""The Cluster Autoscaler (kubernetes/autoscaler cluster-autoscaler): pending Pods bring
a node, idle nodes go after 10 minutes. Defaults from cluster-autoscaler/FAQ.md ("What
are the parameters to CA?"): --scan-interval 10s, --scale-down-unneeded-time 10m,
--scale-down-delay-after-add 10m, --scale-down-utilization-threshold 0.5; event texts
from processors/status/eventing_scale_up_processor.go, nodegroupset ScaleUpInfo.String,
core/scaleup/orchestrator/skippedreasons.go and core/scaledown/actuation."""

import pytest

from k8s_model import Cluster

WEB = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: {replicas}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx
        resources:
          requests:
            cpu: {cpu}
"""


def pod(name, cpu="500m", node_selector=None):
    selector = f"  nodeSelector:\n    {node_selector}\n" if node_selector else ""
    return (f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n{selector}"
            f"  containers:\n  - name: app\n    image: nginx\n    resources:\n"
            f"      requests:\n        cpu: {cpu}\n")


def events(cluster, reason, namespace="default"):
    return sorted((e["involvedObject"]["name"], e["message"])
                  for e in cluster.list("events", namespace) if e["reason"] == reason)


def workers(cluster):
    return sorted(n["metadata"]["name"] for n in cluster.list("nodes")
                  if n["metadata"]["name"] != "controlplane")


def web_pods(cluster):
    return [p for p in cluster.list("pods", "default") if p["metadata"]["name"].startswith("web")]


@pytest.fixture
def cluster():
    """Two workers of 4 CPUs; 1500m Pods: two fit a node (3000m), a third does not."""
    c = Cluster(nodes=2)
    c.enable_cluster_autoscaler(min_nodes=1, max_nodes=4)
    return c


def test_pending_pods_trigger_one_node_that_joins_after_provisioning(cluster):
    """Six Pods, room for four: the two pending ones fit one template node together, so
    the group goes 2->3 within a scan interval; the node registers 60 s later and the
    scheduler places them. Later loops count the booting node: no second scale-up."""
    cluster.apply(WEB.format(replicas=6, cpu="1500m"))
    cluster.advance(10)
    pending = sorted(p["metadata"]["name"] for p in web_pods(cluster)
                     if not p["spec"].get("nodeName"))
    assert len(pending) == 2
    assert events(cluster, "TriggeredScaleUp") == [
        (name, "pod triggered scale-up: [{default-pool 2->3 (max: 4)}]") for name in pending]
    triggered = cluster.now
    cluster.run_until(lambda: "node-3" in workers(cluster), timeout=120, step=1)
    assert cluster.now - triggered >= 60
    cluster.advance(30)
    assert workers(cluster) == ["node-1", "node-2", "node-3"]
    placed = {p["metadata"]["name"]: p["spec"].get("nodeName") for p in web_pods(cluster)}
    assert [placed[name] for name in pending] == ["node-3", "node-3"]
    assert cluster.cluster_autoscaler.group.target_size() == 3


def test_bin_packing_asks_for_enough_nodes_at_once(cluster):
    """Ten Pods: four fit the workers, six need three template nodes of two each."""
    cluster.apply(WEB.format(replicas=10, cpu="1500m"))
    cluster.advance(10)
    (message,) = {m for _, m in events(cluster, "TriggeredScaleUp")}
    assert message == "pod triggered scale-up: [{default-pool 2->4 (max: 4)}]"
    cluster.advance(120)
    # Two nodes only (max 4): the last two Pods stay pending; once the nodes are there
    # the group is at its max and says so.
    pending = [p for p in web_pods(cluster) if not p["spec"].get("nodeName")]
    assert len(pending) == 2
    assert {m for _, m in events(cluster, "NotTriggerScaleUp")} == {
        "pod didn't trigger scale-up: 1 max node group size reached"}


def test_a_pod_too_big_for_a_new_node_does_not_trigger_scale_up(cluster):
    """A new node has 4 CPUs: a 5-CPU Pod would not fit it either. The reason is the
    scheduler filter's, counted per node group."""
    cluster.apply(pod("huge", cpu="5"))
    cluster.advance(20)
    assert events(cluster, "NotTriggerScaleUp") == [
        ("huge", "pod didn't trigger scale-up: 1 Insufficient cpu")]
    assert events(cluster, "TriggeredScaleUp") == []
    cluster.advance(120)
    assert workers(cluster) == ["node-1", "node-2"]


def test_template_labels_decide_what_a_new_node_can_take():
    """A Pod selecting disktype=ssd: no worker has the label; a group whose template
    has it scales up, one whose template lacks it says why."""
    plain = Cluster(nodes=1)
    plain.enable_cluster_autoscaler(max_nodes=3)
    plain.apply(pod("db", node_selector="disktype: ssd"))
    plain.advance(20)
    assert events(plain, "NotTriggerScaleUp") == [
        ("db", "pod didn't trigger scale-up: 1 node(s) didn't match Pod's node "
               "affinity/selector")]
    ssd = Cluster(nodes=1)
    ssd.enable_cluster_autoscaler(max_nodes=3, labels={"disktype": "ssd"}, group="ssd-pool")
    ssd.apply(pod("db", node_selector="disktype: ssd"))
    ssd.advance(20)
    assert events(ssd, "TriggeredScaleUp") == [
        ("db", "pod triggered scale-up: [{ssd-pool 1->2 (max: 3)}]")]
    ssd.advance(90)
    assert ssd.get("pods", "db")["spec"]["nodeName"] == "node-2"
    assert ssd.get("nodes", "node-2", None)["metadata"]["labels"]["disktype"] == "ssd"


def test_unneeded_nodes_are_drained_and_removed_after_ten_minutes(cluster):
    """Scale up to three nodes, then scale the Deployment down to two Pods: two nodes are
    under 50 % requested and their Pods fit elsewhere. Nothing goes before they were
    unneeded for 10 min (and 10 min after the scale-up); then each is tainted and the VM
    deleted — down to one node that holds both Pods (3000m of 4000m)."""
    cluster.apply(WEB.format(replicas=6, cpu="1500m"))
    cluster.advance(120)
    scaled_up = 10.0
    cluster.kubectl("scale deployment web --replicas=2")
    scaled_down = cluster.now
    cluster.run_until(lambda: len(workers(cluster)) < 3, timeout=1800, step=5)
    first_removal = cluster.now
    assert first_removal >= scaled_down + 600 and first_removal >= scaled_up + 600
    assert first_removal <= scaled_down + 600 + 60
    cluster.run_until(lambda: len(workers(cluster)) == 1, timeout=1800, step=5)
    cluster.advance(120)
    assert len(workers(cluster)) == 1
    placed = {p["spec"].get("nodeName") for p in web_pods(cluster)}
    assert placed == set(workers(cluster)) and len(web_pods(cluster)) == 2
    assert all(p["status"]["phase"] == "Running" for p in web_pods(cluster))
    removed = {"node-1", "node-2", "node-3"} - set(workers(cluster))
    marked = events(cluster, "ScaleDown")
    assert {(n, "marked the node as toBeDeleted/unschedulable") for n in removed} <= set(marked)
    assert {n for n, _ in events(cluster, "DeletingNode")} == removed
    assert cluster.cluster_autoscaler.group.target_size() == 1


def test_drain_taints_the_node_before_evicting():
    """Three idle-ish nodes, two Pods of 100m: the empty node and one of the busy ones go
    (one drain at a time); the drained node is first tainted
    ToBeDeletedByClusterAutoscaler=<unix seconds>:NoSchedule (utils/taints MarkToBeDeleted),
    so the scheduler sends nothing new there, then its Pod is evicted and recreated on
    the node that stays."""
    c = Cluster(nodes=3)
    c.enable_cluster_autoscaler(min_nodes=1, max_nodes=3, scale_down_unneeded_time=60)
    c.apply(WEB.format(replicas=2, cpu="100m"))
    c.run_until(lambda: events(c, "ScaleDown") and any(
        m == "deleting pod for node scale down" for _, m in events(c, "ScaleDown")),
        timeout=600, step=1)
    (evicted,) = [n for n, m in events(c, "ScaleDown") if m == "deleting pod for node scale down"]
    drained = next(p for p in c.list("pods", "default")
                   if p["metadata"]["name"] == evicted)["spec"]["nodeName"]
    node = c.get("nodes", drained, None)
    (taint,) = [t for t in node["spec"]["taints"] if t["key"] == "ToBeDeletedByClusterAutoscaler"]
    assert taint["effect"] == "NoSchedule" and taint["value"].isdigit()
    c.advance(120)
    assert len(workers(c)) == 1
    assert sorted(p["spec"]["nodeName"] for p in web_pods(c)) == workers(c) * 2


def one_replica(namespace="default", annotations="", volumes=""):
    """A one-Pod Deployment `tool` of 100m, with Pod annotations or volumes."""
    text = WEB.format(replicas=1, cpu="100m").replace("name: web\n", f"name: tool\n  "
                                                      f"namespace: {namespace}\n", 1)
    if annotations:
        text = text.replace("      labels:\n        app: web\n",
                            f"      labels:\n        app: web\n      annotations:\n"
                            f"        {annotations}\n")
    return text + volumes


def busy_node_and(manifest):
    """Two workers: one kept busy by a 2500m Pod (62 % requested, needed), the other
    running `manifest`'s small Pod (LeastAllocated sends it to the idle node)."""
    c = Cluster(nodes=2)
    ca = c.enable_cluster_autoscaler(min_nodes=0, max_nodes=3, scale_down_unneeded_time=60)
    c.apply(WEB.format(replicas=1, cpu="2500m"))
    c.advance(5)
    c.apply(manifest)
    c.advance(5)
    busy = next(p["spec"]["nodeName"] for p in web_pods(c))
    small = [p for p in c.list("pods") if p["metadata"]["name"].startswith(("bare", "tool"))]
    assert small[0]["spec"]["nodeName"] != busy
    return c, ca, busy, small[0]["spec"]["nodeName"]


@pytest.mark.parametrize("blocker", [
    pod("bare", cpu="100m"),                                            # NotReplicated
    one_replica(namespace="kube-system"),                               # UnmovableKubeSystemPod
    one_replica(annotations='cluster-autoscaler.kubernetes.io/safe-to-evict: "false"'),
    one_replica(volumes="        volumeMounts:\n        - name: scratch\n"
                        "          mountPath: /scratch\n      volumes:\n"
                        "      - name: scratch\n        emptyDir: {}\n"),  # local storage
], ids=["no-controller", "kube-system", "safe-to-evict-false", "emptyDir"])
def test_pods_that_cannot_move_keep_their_node(blocker):
    """simulator/drainability rules: such a Pod keeps its node, however idle."""
    c, ca, busy, idle = busy_node_and(blocker)
    c.advance(600)
    assert ca.unneeded == {}
    assert workers(c) == sorted([busy, idle])


def test_a_movable_pod_does_not_keep_its_node():
    """The same one-Pod Deployment without a blocker: its node is unneeded (the Pod fits
    beside the busy one), drained a minute later, and the Pod runs on the busy node."""
    c, ca, busy, idle = busy_node_and(one_replica())
    c.advance(10)
    assert list(ca.unneeded) == [idle]
    c.advance(600)
    assert workers(c) == [busy]
    (tool,) = [p for p in c.list("pods") if p["metadata"]["name"].startswith("tool")]
    assert tool["spec"]["nodeName"] == busy and tool["status"]["phase"] == "Running"


def test_no_scale_down_within_ten_minutes_of_a_scale_up():
    """--scale-down-delay-after-add: nodes unneeded for a minute still wait until 600 s
    after the scale-up (at t=10)."""
    c = Cluster(nodes=2)
    c.enable_cluster_autoscaler(min_nodes=1, max_nodes=4, scale_down_unneeded_time=60)
    c.apply(WEB.format(replicas=6, cpu="1500m"))
    c.advance(15)
    assert events(c, "TriggeredScaleUp")
    c.kubectl("scale deployment web --replicas=1")
    group = c.cluster_autoscaler.group
    c.run_until(lambda: group.target_size() < 3, timeout=1800, step=5)
    assert 610 <= c.now <= 640


def test_busy_nodes_and_min_size_stay():
    """A node over half requested is needed (2500m of 4000m); min_nodes is a floor."""
    c = Cluster(nodes=2)
    c.enable_cluster_autoscaler(min_nodes=1, max_nodes=3, scale_down_unneeded_time=60)
    c.apply(WEB.format(replicas=2, cpu="2500m"))
    c.advance(600)
    assert workers(c) == ["node-1", "node-2"]
    idle = Cluster(nodes=2)
    idle.enable_cluster_autoscaler(min_nodes=2, max_nodes=3, scale_down_unneeded_time=60)
    idle.advance(600)
    assert workers(idle) == ["node-1", "node-2"]


def test_bad_limits_are_refused():
    c = Cluster(nodes=1)
    with pytest.raises(ValueError, match="invalid node group size limits: min 3, max 2"):
        c.enable_cluster_autoscaler(min_nodes=3, max_nodes=2)
    assert c.cluster_autoscaler is None


def test_hpa_adds_pods_and_the_autoscaler_adds_a_node_for_them():
    """The two autoscalers together: workers of 1 CPU hold five php-apache Pods (200m
    each); the walkthrough's load makes the HPA want 7, two stay Pending, the Cluster
    Autoscaler adds a node, and all 7 run. `kubectl describe pod` names who decided."""
    from k8s_model.examples import php_apache
    from k8s_model.metrics import LoadGenerator

    c = Cluster(nodes=1, cpu="1")
    c.enable_cluster_autoscaler(min_nodes=1, max_nodes=3)
    c.apply(php_apache())
    c.advance(30)
    c.kubectl("autoscale deployment php-apache --cpu=50% --min=1 --max=10")
    ip = c.get("services", "php-apache")["spec"]["clusterIP"]
    LoadGenerator(c, f"http://{ip}", rps=100, client="node-1")
    c.advance(180)
    status = c.get("deployments", "php-apache")["status"]
    assert (status["replicas"], status["readyReplicas"]) == (7, 7)
    assert workers(c) == ["node-1", "node-2"]
    (first, *_), = [sorted(n for n, _ in events(c, "TriggeredScaleUp"))]
    described = c.kubectl(f"describe pod {first}")
    assert ("Normal   TriggeredScaleUp  " in described
            and "cluster-autoscaler  pod triggered scale-up: [{default-pool 1->2 (max: 3)}]"
            in described)
