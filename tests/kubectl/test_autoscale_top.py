"""`kubectl autoscale`, `get hpa`, `describe hpa` and `kubectl top`.

autoscale's objects and errors were compared with the real kubectl v1.35.2
(`kubectl autoscale … --dry-run=client -o yaml` against a stub API server holding the
same Deployment and Service); the live test repeats the comparison when the binary is
installed. v1.35 deprecates `--cpu-percent` for `--cpu` (pflag's notice on stderr).
"""

import shutil
import subprocess

import pytest

from k8s_model import Cluster, KubectlError
from k8s_model.api.serialization import to_yaml
from k8s_model.examples import php_apache
from k8s_model.kubectl.generators import GeneratorError, generate
from tests.kubectl.stub_apiserver import serving

REAL_KUBECTL = "/usr/local/bin/kubectl"
DEPLOYMENT = {"apiVersion": "apps/v1", "kind": "Deployment",
              "metadata": {"name": "php-apache", "namespace": "default"},
              "spec": {"selector": {"matchLabels": {"run": "php-apache"}},
                       "template": {"metadata": {"labels": {"run": "php-apache"}},
                                    "spec": {"containers": [{"name": "c", "image": "x"}]}}}}
SERVICE = {"apiVersion": "v1", "kind": "Service",
           "metadata": {"name": "php-apache", "namespace": "default"},
           "spec": {"ports": [{"port": 80}]}}
OBJECTS = {("deployments", "php-apache"): DEPLOYMENT, ("services", "php-apache"): SERVICE}
DEPRECATED = ("Flag --cpu-percent has been deprecated, Use --cpu with percentage or resource "
              "quantity format (e.g., '70%' for utilization or '500m' for milliCPU).")


def model(args: str) -> tuple[str, str]:
    """(stdout, stderr) of `kubectl autoscale ARGS --dry-run=client -o yaml`."""
    warnings: list[str] = []
    try:
        obj = generate(["autoscale", *args.split()],
                       get=lambda rt, name, ns: OBJECTS[(rt.plural, name)], warnings=warnings)
        return to_yaml(obj), "\n".join(warnings)
    except GeneratorError as failure:
        return "", str(failure)


WALKTHROUGH = """\
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: php-apache
spec:
  maxReplicas: 10
  metrics:
  - resource:
      name: cpu
      target:
        averageUtilization: 50
        type: Utilization
    type: Resource
  minReplicas: 1
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: php-apache
status:
  currentMetrics: null
  desiredReplicas: 0
"""
CASES = {
    "deployment php-apache --cpu-percent=50 --min=1 --max=10": (WALKTHROUGH, DEPRECATED),
    "deployment php-apache --cpu=50% --min=1 --max=10": (WALKTHROUGH, ""),
    "deployment/php-apache --max=3 --cpu=0.5 --memory=1.5": None,
    "deployment php-apache --max=5 --min=2 --cpu=500m --memory=200 --name=x": None,
    "deployment php-apache -n default --max=3": None,
    "deployment php-apache --max=3 --min=0 --cpu-percent=0": None,
}
ERRORS = {
    "deployment php-apache --max=0": "error: --max=MAXPODS is required and must be at least 1, "
                                     "max: 0",
    "deployment php-apache --max=5 --min=7": "error: --max=MAXPODS must be larger or equal to "
                                             "--min=MINPODS, max: 5, min: 7",
    "deployment php-apache --cpu-percent=5 --cpu=5% --max=5":
        DEPRECATED + "\nerror: --cpu-percent and --cpu are mutually exclusive",
    "deployment php-apache --cpu=abc --max=5": "error: invalid resource cpu value: abc",
    "deployment php-apache --cpu=-5% --max=5": "error: invalid percentage value: -5",
    "deployment php-apache --min=2": 'error: required flag(s) "max" not set',
    "svc php-apache --max=3": "error: cannot autoscale a Service: could not find scale "
                              "subresource for /v1, Resource=services in discovery information",
}


def test_walkthrough_hpa_is_what_kubectl_builds():
    assert model("deployment php-apache --cpu=50% --min=1 --max=10") == (WALKTHROUGH, "")
    assert model("deployment php-apache --cpu-percent=50 --min=1 --max=10") == \
        (WALKTHROUGH, DEPRECATED)


def test_quantities_become_average_value_targets():
    """`--cpu=0.5` is 0.5m (500u); `--memory=1.5` is 1.5Mi (1536Ki)."""
    text, _ = model("deployment/php-apache --max=3 --cpu=0.5 --memory=1.5")
    assert "averageValue: 500u" in text and "averageValue: 1536Ki" in text


@pytest.mark.parametrize("args", ERRORS)
def test_autoscale_refuses_as_kubectl_does(args):
    assert model(args) == ("", ERRORS[args])


def test_live_autoscale_matches_kubectl(tmp_path):
    if not shutil.which(REAL_KUBECTL):
        pytest.skip("the real kubectl v1.35 is not installed")
    with serving(OBJECTS) as url:
        for args in list(CASES) + list(ERRORS):
            done = subprocess.run(
                [REAL_KUBECTL, f"--server={url}", f"--cache-dir={tmp_path}", "autoscale",
                 *args.split(), "--dry-run=client", "-o", "yaml"], capture_output=True,
                text=True)
            assert model(args) == (done.stdout, done.stderr.rstrip("\n")), args


# -- against a cluster ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cluster():
    c = Cluster(nodes=1)
    c.apply(php_apache())
    c.advance(20)
    assert c.kubectl("autoscale deployment php-apache --cpu=50% --min=1 --max=10") == \
        "horizontalpodautoscaler.autoscaling/php-apache autoscaled"
    c.advance(60)
    return c


def test_autoscale_dry_run_prints_created(cluster):
    """autoscale.go prints with the operation "created" on a client dry run."""
    assert cluster.kubectl("autoscale deployment php-apache --max=3 --name=other "
                           "--dry-run=client") == \
        "horizontalpodautoscaler.autoscaling/other created (dry run)"
    with pytest.raises(KubectlError, match='deployments.apps "nope" not found'):
        cluster.kubectl("autoscale deployment nope --max=3")


def test_get_hpa_columns(cluster):
    """printers.go's HPA columns; TARGETS as formatHPAMetrics prints v2 metrics."""
    lines = cluster.kubectl("get hpa").splitlines()
    assert lines[0].split() == ["NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS",
                                "REPLICAS", "AGE"]
    assert lines[1].split()[:7] == ["php-apache", "Deployment/php-apache", "cpu:", "0%/50%",
                                    "1", "10", "1"]


def test_describe_hpa(cluster):
    text = cluster.kubectl("describe hpa php-apache")
    assert "Reference:                                             Deployment/php-apache" in text
    assert "resource cpu on pods  (as a percentage of request):  0% (1m) / 50%" in text
    assert "Deployment pods:                                       1 current / 1 desired" in text
    assert "ScalingActive   True    ValidMetricFound" in text


def test_top_pod(cluster):
    """metrics_printer.go: `%vm` and `%vMi`, every cell tab-terminated (padded)."""
    name = cluster.list("pods", "default")[0]["metadata"]["name"]
    lines = cluster.kubectl("top pod").splitlines()
    assert lines[0] == f"{'NAME':<{len(name) + 3}}CPU(cores)   MEMORY(bytes)   "
    assert lines[1].split() == [name, "1m", "11Mi"]
    containers = cluster.kubectl("top pod --containers").splitlines()
    assert containers[0].split() == ["POD", "NAME", "CPU(cores)", "MEMORY(bytes)"]
    assert containers[1].split() == [name, "php-apache", "1m", "11Mi"]


def test_top_pod_errors(cluster):
    with pytest.raises(KubectlError, match=r'podmetrics.metrics.k8s.io "default/nope" not found'):
        cluster.kubectl("top pod nope")
    assert cluster.kubectl("top pod -n kube-public") == \
        "No resources found in kube-public namespace."


def test_top_node(cluster):
    """CPU(%) and MEMORY(%) of each node's allocatable."""
    lines = cluster.kubectl("top node").splitlines()
    assert lines[0].split() == ["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)"]
    assert [line.split()[0] for line in lines[1:]] == ["controlplane", "node-1"]
    name, cpu, cpu_pct, memory, memory_pct = lines[2].split()
    assert cpu.endswith("m") and memory.endswith("Mi")
    assert cpu_pct == f"{int(int(cpu[:-1]) / 4000 * 100)}%"
    with pytest.raises(KubectlError, match='nodes "nope" not found'):
        cluster.kubectl("top node nope")


def test_top_without_metrics_yet():
    """A fresh cluster: metrics-server has not scraped twice."""
    with pytest.raises(KubectlError, match="error: metrics not available yet"):
        Cluster(nodes=1).kubectl("top node")
