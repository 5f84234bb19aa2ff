"""The HPA's replica arithmetic on upstream's own cases: replica_calculator_test.go
(TestReplicaCalc*, Resource metrics of whole Pods), with the same fake Pods — two
containers each, both requesting `requests[i]` — and the same fake Metrics API, run
through RESTMetricsClient and ReplicaCalculator as the controller runs them. The
testing periods are upstream's: CPU initialization 2 min, readiness delay 10 s;
a "hot" Pod started 1 min ago, a "cool" one 3 min ago."""

import pytest

from k8s_model.api.selectors import parse
from k8s_model.controllers.podautoscaler.metrics_client import RESTMetricsClient
from k8s_model.controllers.podautoscaler.replica_calculator import (MetricsError,
                                                                    ReplicaCalculator)
from k8s_model.sim import Simulation

NOW = 1000.0
SIM = Simulation(0)
HOT, COOL = SIM.timestamp(NOW - 60), SIM.timestamp(NOW - 180)
GO_ZERO = "0001-01-01T00:00:00Z"   # the fake's metric timestamp: tc.timestamp unset


class FakeMetricsServer:
    """metricsfake's list reactor: one PodMetrics per entry of `levels`."""

    def __init__(self, levels, names=None):
        self.levels, self.names = levels, names or []

    def pod_metrics(self, namespace, selector):
        return [{"metadata": {"name": self.names[i] if i < len(self.names) else f"test-pod-{i}",
                              "namespace": namespace, "labels": {"name": "test-pod"}},
                 "timestamp": GO_ZERO, "window": "60s",
                 "containers": [{"name": f"container{j + 1}", "usage": {"cpu": f"{v}m"}}
                                for j, v in enumerate(level)]}
                for i, level in enumerate(self.levels)]


def pods(count, requests, readiness=None, start=None, phase=None, deleting=None):
    """prepareTestClientSet's Pods."""
    out = []
    for i in range(count):
        resources = {"requests": {"cpu": requests[i]}} if i < len(requests) else {}
        pod = {"metadata": {"name": f"test-pod-{i}", "namespace": "test-namespace",
                            "labels": {"name": "test-pod"}},
               "spec": {"containers": [{"name": "container1", "resources": resources},
                                       {"name": "container2", "resources": resources}]},
               "status": {"phase": (phase or {}).get(i, "Running"),
                          "conditions": [{"type": "Ready",
                                          "status": (readiness or {}).get(i, "True")}]}}
        if start and start[i]:
            pod["status"]["startTime"] = start[i]
        else:
            pod["status"]["startTime"] = GO_ZERO   # metav1.Time{}: set, and long ago
        if deleting and deleting.get(i):
            pod["metadata"]["deletionTimestamp"] = SIM.timestamp(NOW)
        out.append(pod)
    return out


def calculator(levels, pod_list, names=None):
    client = RESTMetricsClient(FakeMetricsServer(levels, names))
    return ReplicaCalculator(client, lambda ns, sel: [p for p in pod_list
                                                      if sel.matches(p["metadata"]["labels"])],
                             lambda: NOW, cpu_initialization_period=120,
                             delay_of_initial_readiness_status=10)


def both(*values):
    """makePodMetricLevels: the same level in both containers."""
    return [[v, v] for v in values]


ONE = "1.0"
# name, current, pods kwargs, levels, target, expected (replicas, utilization, raw value)
CASES = [
    ("ScaleUp", 3, dict(count=3, requests=[ONE] * 3), both(300, 500, 700), 30, (5, 50, 1000)),
    ("ScaleUpUnreadyLessScale", 3, dict(count=3, requests=[ONE] * 3, readiness={0: "False"}),
     both(300, 500, 700), 30, (4, 60, 1200)),
    ("ScaleUpHotCpuLessScale", 3, dict(count=3, requests=[ONE] * 3, start=[HOT, COOL, COOL]),
     both(300, 500, 700), 30, (4, 60, 1200)),
    ("ScaleUpUnreadyNoScale", 3, dict(count=3, requests=[ONE] * 3,
                                      readiness={1: "False", 2: "False"}),
     both(400, 500, 700), 30, (3, 40, 800)),
    ("ScaleHotCpuNoScale", 3, dict(count=3, requests=[ONE] * 3,
                                   readiness={1: "False", 2: "False"},
                                   start=[COOL, HOT, HOT]),
     both(400, 500, 700), 30, (3, 40, 800)),
    ("ScaleUpIgnoresFailedPods", 2, dict(count=4, requests=[ONE] * 4,
                                         readiness={2: "False", 3: "False"},
                                         phase={2: "Failed", 3: "Failed"}),
     both(500, 700), 30, (4, 60, 1200)),
    ("ScaleUpIgnoresDeletionPods", 2, dict(count=4, requests=[ONE] * 4,
                                           readiness={2: "False", 3: "False"},
                                           deleting={2: True, 3: True}),
     both(500, 700), 30, (4, 60, 1200)),
    ("ScaleDown", 5, dict(count=5, requests=[ONE] * 5), both(100, 300, 500, 250, 250), 50,
     (3, 28, 560)),
    ("ScaleDownExcludeUnscheduledPods", 5,
     dict(count=5, requests=[ONE] * 5, readiness={i: "False" for i in range(1, 5)},
          phase={i: "Pending" for i in range(1, 5)}), both(100), 50, (1, 10, 200)),
    ("ScaleDownIgnoreHotCpuPods", 5, dict(count=5, requests=[ONE] * 5,
                                          start=[COOL, COOL, COOL, HOT, HOT]),
     both(100, 300, 500, 250, 250), 50, (2, 30, 600)),
    ("ScaleDownIgnoresFailedPods", 5, dict(count=7, requests=[ONE] * 7,
                                           readiness={5: "False", 6: "False"},
                                           phase={5: "Failed", 6: "Failed"}),
     both(100, 300, 500, 250, 250), 50, (3, 28, 560)),
    ("ScaleDownIgnoresDeletionPods", 5, dict(count=7, requests=[ONE] * 7,
                                             readiness={5: "False", 6: "False"},
                                             deleting={5: True, 6: True}),
     both(100, 300, 500, 250, 250), 50, (3, 28, 560)),
    ("Tolerance", 3, dict(count=3, requests=["0.9", "1.0", "1.1"]), both(1010, 1030, 1020),
     100, (3, 102, 2040)),
    ("SuperfluousMetrics", 4, dict(count=4, requests=[ONE] * 4),
     both(4000, 9500, 3000, 7000, 3200, 2000), 100, (24, 587, 11750)),
    ("MissingMetrics", 4, dict(count=4, requests=[ONE] * 4), both(400, 95), 100, (3, 24, 495)),
    ("MissingMetricsNoChangeEq", 2, dict(count=2, requests=[ONE] * 2), both(1000), 100,
     (2, 100, 2000)),
    ("MissingMetricsNoChangeGt", 2, dict(count=2, requests=[ONE] * 2), both(1900), 100,
     (2, 190, 3800)),
    ("MissingMetricsNoChangeLt", 2, dict(count=2, requests=[ONE] * 2), both(600), 100,
     (2, 60, 1200)),
    ("MissingMetricsUnreadyChange", 3, dict(count=3, requests=[ONE] * 3,
                                            readiness={0: "False"}),
     both(100, 450), 50, (3, 45, 900)),
    ("MissingMetricsHotCpuNoChange", 3, dict(count=3, requests=[ONE] * 3,
                                             start=[HOT, COOL, COOL]),
     both(100, 450), 50, (3, 45, 900)),
    ("MissingMetricsUnreadyScaleUp", 3, dict(count=3, requests=[ONE] * 3,
                                             readiness={0: "False"}),
     both(100, 2000), 50, (4, 200, 4000)),
]


@pytest.mark.parametrize("name,current,pod_args,levels,target,expected", CASES,
                         ids=[c[0] for c in CASES])
def test_replica_calc(name, current, pod_args, levels, target, expected):
    """TestReplicaCalc<name>: replicas, utilization and raw average as upstream."""
    calc = calculator(levels, pods(**pod_args))
    replicas, utilization, raw, _ = calc.get_resource_replicas(
        current, target, "cpu", "test-namespace", parse("name=test-pod"))
    assert (replicas, utilization, raw) == expected


@pytest.mark.parametrize("name,levels,pod_args,names,message", [
    ("DisjointResourcesMetrics", both(100), dict(count=1, requests=[ONE]),
     ["an-older-pod-name"], "no metrics returned matched known pods"),
    ("EmptyMetrics", [], dict(count=4, requests=[ONE] * 3), None,
     "unable to get metrics for resource cpu: no metrics returned from resource metrics API"),
    ("EmptyCPURequest", both(200), dict(count=1, requests=[]), None, "missing request for"),
])
def test_replica_calc_errors(name, levels, pod_args, names, message):
    """TestReplicaCalc<name>: the error upstream's test expects (as a substring)."""
    calc = calculator(levels, pods(**pod_args), names)
    with pytest.raises(MetricsError) as failure:
        calc.get_resource_replicas(pod_args["count"], 100, "cpu", "test-namespace",
                                   parse("name=test-pod"))
    assert message in str(failure.value)


def test_without_metrics_server():
    """No metrics-server installed: the Metrics API's 404, wrapped as upstream wraps it."""
    calc = ReplicaCalculator(RESTMetricsClient(None), lambda ns, sel: pods(1, [ONE]),
                             lambda: NOW)
    with pytest.raises(MetricsError) as failure:
        calc.get_resource_replicas(1, 50, "cpu", "default", parse(""))
    assert str(failure.value) == (
        "unable to get metrics for resource cpu: unable to fetch metrics from resource metrics "
        "API: the server could not find the requested resource (get pods.metrics.k8s.io)")
