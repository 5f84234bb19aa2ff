"""The Ingress and IngressClass kinds in the API server and kubectl: validation
(pkg/apis/networking/validation), DefaultIngressClass admission, printers and
describers, and the notes' extensions/v1beta1 manifest."""

import shutil
import subprocess

import pytest

from k8s_model import Cluster
from k8s_model.api.errors import ApiError
from k8s_model.kubectl.errors import KubectlError
from tests.kubectl.stub_apiserver import serving

REAL_KUBECTL = "/usr/local/bin/kubectl"

# The notes' manifest (seed 001 §9): the pre-v1.19 API.
V1BETA1 = """apiVersion: extensions/v1beta1
kind: Ingress
metadata:
  name: kubia
spec:
  rules:
  - host: kubia.example.com
    http:
      paths:
      - path: /
        backend:
          serviceName: kubia-nodeport
          servicePort: 80
"""
V1BETA1_ERROR = ('error: resource mapping not found for name: "kubia" namespace: "" from '
                 '"STDIN": no matches for kind "Ingress" in version "extensions/v1beta1"\n'
                 "ensure CRDs are installed first")


@pytest.fixture(scope="module")
def c():
    return Cluster(nodes=1)


def create_error(c, yaml_text):
    with pytest.raises((ApiError, KubectlError)) as err:
        c.kubectl("create -f -", stdin=yaml_text)
    return str(err.value)


def test_extensions_v1beta1_ingress_fails_as_kubectl_does(c):
    for command in ("apply -f -", "create -f -"):
        with pytest.raises(KubectlError) as err:
            c.kubectl(command, stdin=V1BETA1)
        assert str(err.value) == V1BETA1_ERROR
    assert c.list("ingresses") == []


@pytest.mark.skipif(not shutil.which(REAL_KUBECTL), reason="needs the real kubectl v1.35")
def test_extensions_v1beta1_error_matches_the_real_binary(tmp_path):
    with serving({}) as url:
        real = subprocess.run([REAL_KUBECTL, f"--server={url}", f"--cache-dir={tmp_path}",
                               "apply", "-f", "-", "--validate=false"], input=V1BETA1,
                              capture_output=True, text=True)
    assert real.returncode == 1
    assert real.stderr.strip() == V1BETA1_ERROR


RULE = """apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {{name: bad}}
spec:
  rules:
  - host: {host}
    http:
      paths:
      - path: {path}
        pathType: {kind}
        backend: {backend}
"""


@pytest.mark.parametrize("host,path,kind,backend,message", [
    ("a.example", "/", "Prefix", "{service: {name: web}}",
     "spec.rules[0].http.paths[0].backend: Required value: port name or number is required"),
    ("a.example", "foo", "Exact", "{service: {name: web, port: {number: 80}}}",
     'spec.rules[0].http.paths[0].path: Invalid value: "foo": must be an absolute path'),
    ("a.example", "/a//b", "Prefix", "{service: {name: web, port: {number: 80}}}",
     "spec.rules[0].http.paths[0].path: Invalid value: \"/a//b\": must not contain '//'"),
    ("a.example", "/", "Regex", "{service: {name: web, port: {number: 80}}}",
     'spec.rules[0].http.paths[0].pathType: Unsupported value: "Regex": supported values: '
     '"Exact", "ImplementationSpecific", "Prefix"'),
    ("10.0.0.1", "/", "Prefix", "{service: {name: web, port: {number: 80}}}",
     'spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address'),
    ("'*.*.example'", "/", "Prefix", "{service: {name: web, port: {number: 80}}}",
     'spec.rules[0].host: Invalid value: "*.*.example": a wildcard DNS-1123 subdomain must '
     "start with '*.', followed by a valid DNS subdomain"),
    ("a.example", "/", "Prefix", "{service: {name: web, port: {number: 80, name: http}}}",
     'spec.rules[0].http.paths[0].backend: Invalid value: "": cannot set both port name & '
     "port number"),
])
def test_validation_messages(c, host, path, kind, backend, message):
    text = create_error(c, RULE.format(host=host, path=path, kind=kind, backend=backend))
    assert text.startswith('The Ingress "bad" is invalid: ')
    assert message in text


def test_rules_or_default_backend_required(c):
    text = create_error(c, "apiVersion: networking.k8s.io/v1\nkind: Ingress\n"
                           "metadata: {name: empty}\nspec: {}\n")
    assert text == ('The Ingress "empty" is invalid: spec: Invalid value: null: either '
                    "`defaultBackend` or `rules` must be specified")


def test_annotation_and_class_field_together_refused(c):
    text = create_error(c, RULE.format(host="a.example", path="/", kind="Prefix",
                                       backend="{service: {name: web, port: {number: 80}}}")
                        .replace("metadata: {name: bad}", "metadata:\n  name: bad\n  annotations:"
                                 " {kubernetes.io/ingress.class: nginx}")
                        .replace("spec:\n", "spec:\n  ingressClassName: nginx\n"))
    assert ('annotations.kubernetes.io/ingress.class: Invalid value: "nginx": can not be set '
            "when the class field is also set") in text


def test_ingress_class_kind():
    c = Cluster(nodes=1)
    assert "ingressclasses                networking.k8s.io/v1   false        IngressClass" in \
        c.kubectl("api-resources --api-group=networking.k8s.io")
    c.apply("apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: ext}\n"
            "spec:\n  controller: example.com/ext\n  parameters: {apiGroup: k8s.example.com, "
            "kind: IngressParameters, name: external-lb, scope: Cluster}\n")
    assert c.kubectl("get ingressclass").splitlines()[1].split()[:3] == [
        "ext", "example.com/ext", "IngressParameters.k8s.example.com/external-lb"]
    assert c.kubectl("describe ingressclass ext") == (
        "Name:         ext\nLabels:       <none>\nAnnotations:  <none>\n"
        "Controller:   example.com/ext\nParameters:\n  APIGroup:  k8s.example.com\n"
        "  Kind:      IngressParameters\n  Name:      external-lb\nEvents:      <none>")
    text = create_error(c, "apiVersion: networking.k8s.io/v1\nkind: IngressClass\n"
                           "metadata: {name: bad}\nspec: {controller: nginx}\n")
    assert text == ('The IngressClass "bad" is invalid: spec.controller: Invalid '
                    'value: "nginx": must be a domain-prefixed path (such as "acme.io/foo")')
    with pytest.raises(ApiError) as err:
        c.kubectl_client.patch("ingressclasses", None, "ext",
                               {"spec": {"controller": "example.com/other"}})
    assert 'spec.controller: Invalid value: "example.com/other": field is immutable' in \
        str(err.value)


def test_default_ingress_class_newest_wins():
    c = Cluster(nodes=1)
    for name in ("first", "second"):
        c.apply("apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n"
                f"  name: {name}\n"
                '  annotations: {ingressclass.kubernetes.io/is-default-class: "true"}\n'
                "spec: {controller: example.com/x}\n")
        c.advance(1)
    c.apply(RULE.format(host="a.example", path="/", kind="Prefix",
                        backend="{service: {name: web, port: {number: 80}}}")
            .replace("bad", "good"))
    assert c.get("ingresses", "good")["spec"]["ingressClassName"] == "second"
    c.apply(RULE.format(host="a.example", path="/", kind="Prefix",
                        backend="{service: {name: web, port: {number: 80}}}")
            .replace("metadata: {name: bad}", "metadata:\n  name: annotated\n  annotations:"
                     " {kubernetes.io/ingress.class: nginx}"))
    assert "ingressClassName" not in c.get("ingresses", "annotated")["spec"]
