"""`kubectl expose`: the Service kubectl derives from an existing object.

Expected YAML and errors were printed by the real kubectl v1.35.2 (`kubectl expose …
--dry-run=client -o yaml` against a stub API server holding the same Deployment); the
live test repeats the comparison when the binary is installed.
"""

import shutil
import subprocess

import pytest

from k8s_model.api.serialization import to_yaml
from k8s_model.kubectl.generators import GeneratorError, generate
from tests.kubectl.stub_apiserver import serving

REAL_KUBECTL = "/usr/local/bin/kubectl"
WEB = {"apiVersion": "apps/v1", "kind": "Deployment",
       "metadata": {"name": "web", "namespace": "default", "labels": {"app": "web", "tier": "fe"}},
       "spec": {"selector": {"matchLabels": {"app": "web"}},
                "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [
                    {"name": "a", "image": "nginx",
                     "ports": [{"containerPort": 80, "name": "http"}, {"containerPort": 443}]},
                    {"name": "b", "image": "x",
                     "ports": [{"containerPort": 53, "protocol": "UDP"}]}]}}}}
CRONJOB = {"apiVersion": "batch/v1", "kind": "CronJob",
           "metadata": {"name": "cj", "namespace": "default"}, "spec": {}}
OBJECTS = {("deployments", "web"): WEB, ("cronjobs", "cj"): CRONJOB}


def get(resource, name, namespace):
    from k8s_model.api import errors
    obj = OBJECTS.get((resource.plural, name))
    if obj is None:
        raise errors.ApiError({"kind": "Status", "apiVersion": "v1", "status": "Failure",
                               "reason": "NotFound", "code": 404,
                               "message": f'{resource.group_resource} "{name}" not found'})
    return obj


def model(args: str) -> str:
    try:
        return to_yaml(generate(["expose", *args.split()], get=get))
    except GeneratorError as failure:
        return str(failure)


CASES = {
    "deployment web": """\
apiVersion: v1
kind: Service
metadata:
  labels:
    app: web
    tier: fe
  name: web
spec:
  ports:
  - name: port-1
    port: 80
    protocol: TCP
    targetPort: 80
  - name: port-2
    port: 443
    protocol: TCP
    targetPort: 443
  - name: port-3
    port: 53
    protocol: UDP
    targetPort: 53
  selector:
    app: web
status:
  loadBalancer: {}
""",
    "deployment web --port=53": """\
apiVersion: v1
kind: Service
metadata:
  labels:
    app: web
    tier: fe
  name: web
spec:
  ports:
  - port: 53
    protocol: UDP
    targetPort: 53
  selector:
    app: web
status:
  loadBalancer: {}
""",
    "deployment web --port=80 --protocol=UDP --selector=x=y,z=w --labels=a=b "
    "--type=LoadBalancer --external-ip=1.2.3.4 --session-affinity=ClientIP": """\
apiVersion: v1
kind: Service
metadata:
  labels:
    a: b
  name: web
spec:
  externalIPs:
  - 1.2.3.4
  ports:
  - port: 80
    protocol: UDP
    targetPort: 80
  selector:
    x: "y"
    z: w
  sessionAffinity: ClientIP
  type: LoadBalancer
status:
  loadBalancer: {}
""",
    "deployment/web --port=80 --target-port=http --name=web2": """\
apiVersion: v1
kind: Service
metadata:
  labels:
    app: web
    tier: fe
  name: web2
spec:
  ports:
  - port: 80
    protocol: TCP
    targetPort: http
  selector:
    app: web
status:
  loadBalancer: {}
""",
    "deployment web --port=80 --type=LoadBalancer --load-balancer-ip=1.1.1.1 -n default": """\
apiVersion: v1
kind: Service
metadata:
  labels:
    app: web
    tier: fe
  name: web
  namespace: default
spec:
  loadBalancerIP: 1.1.1.1
  ports:
  - port: 80
    protocol: TCP
    targetPort: 80
  selector:
    app: web
  type: LoadBalancer
status:
  loadBalancer: {}
""",
}
ERRORS = {
    "deployment web --port=abc": 'error: strconv.Atoi: parsing "abc": invalid syntax',
    "deployment web --port=80 --session-affinity=Bogus": "error: unknown session affinity: Bogus",
    "deployment web --port=80 --labels=bad": "error: unexpected label spec: bad",
    "deployment --port=80": "error: resource(s) were provided, but no name was specified",
    "foo x --port=80": 'error: the server doesn\'t have a resource type "foo"',
    "cronjob cj --port=80": "error: cannot expose a CronJob.batch",
}


@pytest.mark.parametrize("args", CASES)
def test_expose_builds_what_kubectl_builds(args):
    assert model(args) == CASES[args]


@pytest.mark.parametrize("args", ERRORS)
def test_expose_refuses_as_kubectl_does(args):
    assert model(args) == ERRORS[args]


def test_selectors_that_cannot_be_a_service_selector():
    from k8s_model.kubectl.generators.expose import selector_for
    expressions = {"kind": "Deployment", "metadata": {"name": "w"}, "spec": {"selector": {
        "matchLabels": {"a": "b"},
        "matchExpressions": [{"key": "app", "operator": "In", "values": ["web"]}]}}}
    with pytest.raises(ValueError, match=r'couldn\'t convert expressions - "\[\{Key:app '
                                         r'Operator:In Values:\[web\]\}\]" to map-based'):
        selector_for(expressions)
    with pytest.raises(ValueError, match="the pod has no labels and cannot be exposed"):
        selector_for({"kind": "Pod", "metadata": {"name": "p"}, "spec": {}})


def test_expose_creates_a_service_whose_endpoints_are_the_pods():
    from k8s_model import Cluster
    c = Cluster(nodes=2)
    c.kubectl("create deployment web --image=nginx --replicas=2 --port=80")
    assert c.kubectl("expose deployment web --type=NodePort") == "service/web exposed"
    c.advance(10)
    svc = c.get("services", "web")
    assert svc["spec"]["ports"][0]["port"] == 80 and svc["spec"]["type"] == "NodePort"
    assert 30000 <= svc["spec"]["ports"][0]["nodePort"] <= 32767
    addresses = c.get("endpoints", "web")["subsets"][0]["addresses"]
    assert len(addresses) == 2


def test_live_expose_matches_kubectl(tmp_path):
    if not shutil.which(REAL_KUBECTL):
        pytest.skip("the real kubectl v1.35 is not installed")
    with serving(OBJECTS) as url:
        for args in list(CASES) + list(ERRORS):
            done = subprocess.run(
                [REAL_KUBECTL, f"--server={url}", f"--cache-dir={tmp_path}", "expose",
                 *args.split(), "--dry-run=client", "-o", "yaml"], capture_output=True, text=True)
            real = done.stdout if done.returncode == 0 else done.stderr.rstrip("\n")
            assert model(args) == real, args
