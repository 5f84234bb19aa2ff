"""The kube-scheduler end to end on a simulated cluster: binding, events, annotations,
FailedScheduling, preemption, determinism and configuration."""

import json

POD = """apiVersion: v1
kind: Pod
metadata: {{name: {name}}}
spec:
  {extra}
  containers: [{{name: a, image: nginx, resources: {{requests: {{cpu: "{cpu}"}}}}}}]
"""


def pod(name, cpu="100m", extra=""):
    return POD.format(name=name, cpu=cpu, extra=extra or "schedulerName: default-scheduler")


def node_of(c, name):
    return c.get("pods", name)["spec"].get("nodeName")


def test_pod_is_bound_with_scheduled_event(scheduled_cluster):
    """A pending pod is bound to a worker and gets a Scheduled event from default-scheduler."""
    c = scheduled_cluster()
    c.apply(pod("web-1"))
    c.advance(1)
    node = node_of(c, "web-1")
    assert node in ("node-1", "node-2", "node-3")
    events = [e for e in c.list("events", "default") if e["reason"] == "Scheduled"]
    assert [e["message"] for e in events] == [f"Successfully assigned default/web-1 to {node}"]
    assert events[0]["reportingComponent"] == "default-scheduler"
    assert events[0]["action"] == "Binding"


def test_annotations_explain_the_decision(scheduled_cluster):
    """filter-result, score-result and finalscore-result as JSON; weights applied."""
    c = scheduled_cluster()
    c.apply(pod("web-1", cpu="500m"))
    c.advance(1)
    annotations = c.get("pods", "web-1")["metadata"]["annotations"]
    filters = json.loads(annotations["scheduler.k8s-model.io/filter-result"])
    assert filters["controlplane"]["TaintToleration"] == "node(s) had untolerated taint(s)"
    assert filters["node-1"] == {"NodeName": "passed", "NodeResourcesFit": "passed",
                                 "NodeUnschedulable": "passed", "TaintToleration": "passed"}
    raw = json.loads(annotations["scheduler.k8s-model.io/score-result"])
    final = json.loads(annotations["scheduler.k8s-model.io/finalscore-result"])
    # 4 CPUs, 500m requested plus kube-proxy's Pod counted at the non-zero defaults
    # (100m, 200Mi): (4000 - 600) * 100 / 4000 = 85; memory: 200Mi + 200Mi of 8Gi - 100Mi
    # allocatable (8092Mi) -> 95; (85 + 95) / 2 = 90.
    assert raw["node-1"]["NodeResourcesFit"] == 90
    assert final["node-1"]["TaintToleration"] == 300          # 100 × weight 3
    assert set(raw) == {"node-1", "node-2", "node-3"}
    assert annotations["scheduler.k8s-model.io/selected-node"] == node_of(c, "web-1")


def test_failed_scheduling_message(scheduled_cluster):
    """The real FitError and preemption wording, event and PodScheduled=False condition."""
    c = scheduled_cluster()
    for i in range(1, 4):
        c.apply(pod(f"big-{i}", cpu="3"))
    c.advance(1)
    c.apply(pod("web-4", cpu="3"))
    c.advance(1)
    message = ("0/4 nodes are available: 1 node(s) had untolerated taint(s), 3 Insufficient "
               "cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for "
               "scheduling, 3 No preemption victims found for incoming pod.")
    events = [e for e in c.list("events", "default") if e["reason"] == "FailedScheduling"]
    assert [e["message"] for e in events] == [message]
    condition = c.get("pods", "web-4")["status"]["conditions"][0]
    assert (condition["type"], condition["status"], condition["reason"],
            condition["message"]) == ("PodScheduled", "False", "Unschedulable", message)
    assert node_of(c, "web-4") is None


def test_pod_larger_than_any_node(scheduled_cluster):
    """Requests above every node's allocatable: preemption is not helpful anywhere."""
    c = scheduled_cluster()
    c.apply(pod("huge", cpu="64"))
    c.advance(1)
    (event,) = [e for e in c.list("events", "default") if e["reason"] == "FailedScheduling"]
    assert event["message"] == (
        "0/4 nodes are available: 1 node(s) had untolerated taint(s), 3 Insufficient cpu. "
        "preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.")


def test_unschedulable_pod_retried_when_a_node_joins(scheduled_cluster):
    """A NodeAdd event moves the pending pod back; it lands on the new node."""
    c = scheduled_cluster()
    c.apply(pod("wide", cpu="6"))
    c.advance(1)
    assert node_of(c, "wide") is None
    c.add_node("node-4", cpu="8")
    c.advance(2)
    assert node_of(c, "wide") == "node-4"


def test_preemption_evicts_lower_priority_pod(scheduled_cluster):
    """A high-priority pod evicts a priority-0 pod (marked DisruptionTarget first), is
    nominated to its node, and is bound there once the victim is gone."""
    c = scheduled_cluster(nodes=1)
    seen = []
    c.watch(lambda e: e.object.get("kind") == "Pod" and seen.append(e.object))
    c.apply(pod("low", cpu="3"))
    c.advance(1)
    c.apply(pod("high", cpu="3", extra="priority: 1000"))
    c.advance(5)
    high = c.get("pods", "high")
    conditions = [x for p in seen if p["metadata"]["name"] == "low"
                  for x in p.get("status", {}).get("conditions", [])
                  if x["type"] == "DisruptionTarget"]
    assert conditions[0]["message"] == \
        "default-scheduler: preempting to accommodate a higher priority pod"
    assert any(p["metadata"]["name"] == "high"
               and p.get("status", {}).get("nominatedNodeName") == "node-1" for p in seen)
    (event,) = [e for e in c.list("events", "default") if e["reason"] == "Preempted"]
    assert event["message"] == f"Preempted by pod {high['metadata']['uid']} on node node-1"
    assert high["spec"]["nodeName"] == "node-1"
    assert [p["metadata"]["name"] for p in c.list("pods", "default")] == ["high"]


def test_same_seed_same_placement(scheduled_cluster):
    """Ties are broken with the cluster's seeded randomness: same seed, same story."""
    def placements(seed):
        c = scheduled_cluster(seed=seed)
        for i in range(6):
            c.apply(pod(f"p{i}", cpu="0"))
        c.advance(1)
        return [node_of(c, f"p{i}") for i in range(6)]
    assert placements(3) == placements(3)


def test_config_with_disabled_score_plugin(scheduled_cluster):
    """A KubeSchedulerConfiguration profile can disable a plugin and reweight another."""
    config = """
apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles:
- schedulerName: default-scheduler
  plugins:
    score:
      disabled: [{name: NodeResourcesBalancedAllocation}, {name: ImageLocality}]
      enabled: [{name: NodeResourcesFit, weight: 5}]
  pluginConfig:
  - name: NodeResourcesFit
    args: {scoringStrategy: {type: MostAllocated}}
"""
    c = scheduled_cluster(config)
    c.apply(pod("first", cpu="1"))
    c.advance(1)
    c.apply(pod("second", cpu="1"))
    c.advance(1)
    assert node_of(c, "second") == node_of(c, "first")      # MostAllocated packs
    final = json.loads(c.get("pods", "second")["metadata"]["annotations"][
        "scheduler.k8s-model.io/finalscore-result"])
    plugins = set(final[node_of(c, "first")])
    assert "NodeResourcesBalancedAllocation" not in plugins and "ImageLocality" not in plugins
    raw = json.loads(c.get("pods", "second")["metadata"]["annotations"][
        "scheduler.k8s-model.io/score-result"])
    host = node_of(c, "first")
    assert final[host]["NodeResourcesFit"] == raw[host]["NodeResourcesFit"] * 5


def test_other_scheduler_name_is_ignored(scheduled_cluster):
    """Pods for another schedulerName stay pending."""
    c = scheduled_cluster()
    c.apply(pod("mine", extra="schedulerName: my-scheduler"))
    c.advance(1)
    assert node_of(c, "mine") is None
