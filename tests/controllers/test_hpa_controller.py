"""The HorizontalPodAutoscaler controller in a cluster: the docs' walkthrough
(https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale-walkthrough/)
— php-apache with requests.cpu 200m, `kubectl autoscale --cpu=50% --min=1 --max=10`,
a load generator — and the conditions, events and limits of horizontal.go."""

import pytest

from k8s_model import Cluster
from k8s_model.examples import php_apache
from k8s_model.metrics import LoadGenerator



def replicas(cluster):
    return cluster.get("deployments", "php-apache")["spec"]["replicas"]


def conditions(cluster, name="php-apache"):
    status = cluster.get("horizontalpodautoscalers", name).get("status") or {}
    return {c["type"]: (c["status"], c["reason"], c["message"])
            for c in status.get("conditions") or []}


def events(cluster, name="php-apache"):
    return [(e["reason"], e["message"]) for e in cluster.list("events", "default")
            if e["involvedObject"]["name"] == name]


@pytest.fixture
def walkthrough():
    cluster = Cluster(nodes=2)
    cluster.apply(php_apache())
    cluster.advance(30)
    out = cluster.kubectl("autoscale deployment php-apache --cpu=50% --min=1 --max=10")
    assert out == "horizontalpodautoscaler.autoscaling/php-apache autoscaled"
    cluster.advance(60)
    return cluster


def load(cluster):
    """100 requests a second from node-1 to the Service's ClusterIP: the walkthrough's
    rate without its DNS lookups (cheaper to simulate; the same CPU)."""
    ip = cluster.get("services", "php-apache")["spec"]["clusterIP"]
    return LoadGenerator(cluster, f"http://{ip}", rps=100, client="node-1")


def test_idle_hpa_reports_zero_percent(walkthrough):
    """Before any load: `cpu: 0%/50%`, 1 replica, a valid metric and nothing limited."""
    row = walkthrough.kubectl("get hpa").splitlines()[1].split()
    assert row[:7] == ["php-apache", "Deployment/php-apache", "cpu:", "0%/50%", "1", "10", "1"]
    assert conditions(walkthrough)["ScalingActive"][:2] == ("True", "ValidMetricFound")


def test_load_scales_up_within_a_few_sync_periods_then_down_after_300s(walkthrough):
    """The walkthrough, with its own load generator: 250 % of the request (capped by the
    500m limit) → 4 (the doubling limit: max(2×1, 4)), then 7 a sync or two later; after
    the load stops (the docs' Ctrl-C: here the Pod is deleted) nothing shrinks for the
    300 s stabilization window, then back to 1."""
    walkthrough.kubectl('run load-generator --image=busybox:1.28 --restart=Never -- '
                        '/bin/sh -c "while sleep 0.01; do wget -q -O- http://php-apache; done"')
    history = []
    for _ in range(8):                          # two minutes of load
        walkthrough.advance(15)
        history.append(replicas(walkthrough))
    assert history[-1] == 7
    assert 4 in history and history.index(4) < history.index(7) <= 4
    assert ("SuccessfulRescale", "New size: 4; reason: cpu resource utilization (percentage of "
            "request) above target") in events(walkthrough)
    walkthrough.kubectl("delete pod load-generator")    # its loop ends with its container
    stopped = walkthrough.now
    walkthrough.run_until(lambda: replicas(walkthrough) < 7, timeout=600, step=5)
    waited = walkthrough.now - stopped
    assert 300 <= waited <= 300 + 3 * 15 + 30        # + the Pod's 30 s grace period
    walkthrough.advance(60)
    assert replicas(walkthrough) == 1
    assert ("SuccessfulRescale", "New size: 1; reason: All metrics below target") in \
        events(walkthrough)


def test_scale_down_is_held_by_stabilization_condition(walkthrough):
    """Between the load stopping and the window's end, AbleToScale says why it waits."""
    generator = load(walkthrough)
    walkthrough.advance(120)
    generator.stop()
    walkthrough.advance(120)
    assert replicas(walkthrough) == 7
    assert conditions(walkthrough)["AbleToScale"] == (
        "True", "ScaleDownStabilized", "recent recommendations were higher than current one, "
        "applying the highest recent recommendation")


def test_without_metrics_the_hpa_cannot_compute():
    """No Pod has metrics yet (metrics-server needs two scrapes): ScalingActive False with
    upstream's reason, message and events; the target is left alone."""
    cluster = Cluster(nodes=1)
    cluster.apply(php_apache())
    cluster.kubectl("autoscale deployment php-apache --cpu=50% --max=5")
    cluster.advance(15.5)       # first sync: the Pod's container has one sample at most
    assert conditions(cluster)["ScalingActive"][:2] == ("False", "FailedGetResourceMetric")
    assert conditions(cluster)["ScalingActive"][2].startswith(
        "the HPA was unable to compute the replica count: failed to get cpu utilization: ")
    reasons = [r for r, _ in events(cluster)]
    assert "FailedGetResourceMetric" in reasons and "FailedComputeMetricsReplicas" in reasons
    message = dict(events(cluster))["FailedComputeMetricsReplicas"]
    assert message.startswith("invalid metrics (1 invalid out of 1), first error is: failed to "
                              "get cpu resource metric value: failed to get cpu utilization: ")
    assert cluster.kubectl("get hpa").splitlines()[1].split()[2:4] == ["cpu:", "<unknown>/50%"]
    assert replicas(cluster) == 1


def test_missing_target():
    """A scaleTargetRef that does not exist: AbleToScale False, FailedGetScale."""
    cluster = Cluster(nodes=1)
    cluster.apply("""\
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ghost
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ghost}
  maxReplicas: 3
""")
    cluster.advance(16)
    assert conditions(cluster, "ghost")["AbleToScale"] == (
        "False", "FailedGetScale", "the HPA controller was unable to get the target's current "
        'scale: deployments.apps "ghost" not found')
    assert ("FailedGetScale", 'deployments.apps "ghost" not found') in events(cluster, "ghost")


def test_replicas_above_max_are_brought_down_at_once():
    """currentReplicas > maxReplicas: scaled to max without waiting for metrics."""
    cluster = Cluster(nodes=2)
    cluster.apply(php_apache())
    cluster.kubectl("scale deployment php-apache --replicas=6")
    cluster.kubectl("autoscale deployment php-apache --cpu=50% --max=3")
    cluster.advance(16)
    assert replicas(cluster) == 3
    assert ("SuccessfulRescale", "New size: 3; reason: Current number of replicas above "
            "Spec.MaxReplicas") in events(cluster)


def test_zero_replicas_disable_scaling():
    """A target scaled to 0 (minReplicas 1): ScalingDisabled, no rescale."""
    cluster = Cluster(nodes=1)
    cluster.apply(php_apache())
    cluster.kubectl("scale deployment php-apache --replicas=0")
    cluster.kubectl("autoscale deployment php-apache --cpu=50% --max=3")
    cluster.advance(16)
    assert replicas(cluster) == 0
    assert conditions(cluster)["ScalingActive"] == (
        "False", "ScalingDisabled", "scaling is disabled since the replica count of the target "
        "is zero")


def test_behavior_policy_limits_the_scale_up_rate(walkthrough):
    """spec.behavior.scaleUp with one Pod per 60 s: ScalingLimited True, ScaleUpLimit, one
    replica added per minute whatever the metric asks."""
    walkthrough.kubectl("delete hpa php-apache")
    walkthrough.apply("""\
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: php-apache
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: php-apache}
  minReplicas: 1
  maxReplicas: 10
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
  behavior:
    scaleUp:
      policies:
      - {type: Pods, value: 1, periodSeconds: 60}
""")
    load(walkthrough)
    assert walkthrough.run_until(lambda: replicas(walkthrough) == 2, timeout=60, step=1)
    first = walkthrough.now
    assert conditions(walkthrough)["ScalingLimited"][:2] == ("True", "ScaleUpLimit")
    assert walkthrough.run_until(lambda: replicas(walkthrough) == 3, timeout=120, step=1)
    assert 60 <= walkthrough.now - first <= 60 + 15 + 1   # the next sync after the minute
