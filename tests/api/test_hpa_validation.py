"""HorizontalPodAutoscaler validation (pkg/apis/autoscaling/validation): a bad spec is
refused with the API server's field errors and nothing is stored; behavior defaults
(autoscaling/v2 SetDefaults_HorizontalPodAutoscalerBehavior) fill what is left out."""

import pytest

from k8s_model import Cluster
from k8s_model import KubectlError

BAD = """\
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: bad}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment}
  maxReplicas: 3
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 0}}
  - type: Pods
  behavior:
    scaleUp:
      selectPolicy: Fastest
      policies: [{type: Pods, value: 0, periodSeconds: 3600}]
    scaleDown:
      stabilizationWindowSeconds: -1
"""


@pytest.fixture(scope="module")
def cluster():
    return Cluster(nodes=1)


def test_bad_spec_is_refused_field_by_field(cluster):
    with pytest.raises(KubectlError) as failure:
        cluster.apply(BAD)
    assert str(failure.value).splitlines()[1:] == [
        "* spec.scaleTargetRef.name: Required value",
        "* spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be "
        "greater than 0",
        "* spec.metrics[1].pods: Required value: must populate information for the given "
        "metric source",
        '* spec.behavior.scaleUp.selectPolicy: Unsupported value: "Fastest": supported values: '
        '"Disabled", "Max", "Min"',
        "* spec.behavior.scaleUp.policies[0].value: Invalid value: 0: must be greater than zero",
        "* spec.behavior.scaleUp.policies[0].periodSeconds: Invalid value: 3600: must be less "
        "than or equal to 1800",
        "* spec.behavior.scaleDown.stabilizationWindowSeconds: Invalid value: -1: must be "
        "greater than or equal to zero"]
    assert cluster.list("horizontalpodautoscalers", "default") == []


def test_behavior_defaults(cluster):
    """A behavior with only a scale-down window gets upstream's default policies; the
    scale-down window stays as given (unset, the controller's 300 s flag applies)."""
    cluster.apply("""\
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 3
  behavior:
    scaleDown: {stabilizationWindowSeconds: 60}
""")
    spec = cluster.get("horizontalpodautoscalers", "web")["spec"]
    assert spec["minReplicas"] == 1
    assert spec["metrics"] == [{"type": "Resource", "resource": {"name": "cpu", "target": {
        "type": "Utilization", "averageUtilization": 80}}}]
    assert spec["behavior"]["scaleUp"] == {
        "stabilizationWindowSeconds": 0, "selectPolicy": "Max", "policies": [
            {"type": "Pods", "value": 4, "periodSeconds": 15},
            {"type": "Percent", "value": 100, "periodSeconds": 15}]}
    assert spec["behavior"]["scaleDown"] == {
        "stabilizationWindowSeconds": 60, "selectPolicy": "Max",
        "policies": [{"type": "Percent", "value": 100, "periodSeconds": 15}]}
