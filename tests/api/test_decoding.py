"""Strict decoding of request bodies: the API server's own BadRequest messages."""

import copy

import pytest
import yaml

from k8s_model.api import resources
from k8s_model.api.decoding import (base64_error_offset, decode, kubectl_type_meta_errors,
                                    missing_type_meta)
from k8s_model.api.errors import ApiError

DEPLOY = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx
"""


def _with(text, path: str, value):
    obj = yaml.safe_load(text) if isinstance(text, str) else copy.deepcopy(text)
    *parents, last = path.split(".")
    node = obj
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    node[last] = value
    return obj


CONTAINER = "spec.template.spec.containers.0"
BAD = "Deployment in version \"v1\" cannot be handled as a Deployment: "
CASES = [
    ("unknown field", _with(DEPLOY, "spec.replica", 3),
     BAD + 'strict decoding error: unknown field "spec.replica"'),
    ("unknown fields, in kubectl's sorted key order, with list indexes",
     _with(_with(DEPLOY, f"{CONTAINER}.imagePullPolice", "Always"), "metadata.unknownMeta", 1),
     BAD + 'strict decoding error: unknown field "metadata.unknownMeta", unknown field '
           '"spec.template.spec.containers[0].imagePullPolice"'),
    ("field names are case-sensitive", _with(DEPLOY, "spec.Replicas", 3),
     BAD + 'strict decoding error: unknown field "spec.Replicas"'),
    ("string where int32", _with(DEPLOY, "spec.replicas", "three"),
     BAD + "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas "
           "of type int32"),
    ("fraction where int32", _with(DEPLOY, "spec.replicas", 1.5),
     BAD + "json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas "
           "of type int32"),
    ("number where string: the path has no list indexes", _with(DEPLOY, f"{CONTAINER}.image", 5),
     BAD + "json: cannot unmarshal number into Go struct field Container.spec.template.spec."
           "containers.image of type string"),
    ("env value as a number", _with(DEPLOY, f"{CONTAINER}.env", [{"name": "A", "value": 1}]),
     BAD + "json: cannot unmarshal number into Go struct field EnvVar.spec.template.spec."
           "containers.env.value of type string"),
    ("object where string", _with(DEPLOY, f"{CONTAINER}.image", {"name": "nginx"}),
     BAD + "json: cannot unmarshal object into Go struct field Container.spec.template.spec."
           "containers.image of type string"),
    ("list where object", _with(DEPLOY, "spec", [1]),
     BAD + "json: cannot unmarshal array into Go struct field Deployment.spec of type "
           "v1.DeploymentSpec"),
    ("object where list", _with(DEPLOY, "spec.template.spec.containers", {"name": "web"}),
     BAD + "json: cannot unmarshal object into Go struct field PodSpec.spec.template.spec."
           "containers of type []v1.Container"),
    ("string where bool", _with(DEPLOY, "spec.paused", "yes please"),
     BAD + "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.paused of "
           "type bool"),
    ("label value as a number", _with(DEPLOY, "metadata.labels", {"tier": 1}),
     BAD + "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of "
           "type string"),
    ("enum typedef in the type name", _with(DEPLOY, "spec.template.spec.restartPolicy", 1),
     BAD + "json: cannot unmarshal number into Go struct field PodSpec.spec.template.spec."
           "restartPolicy of type v1.RestartPolicy"),
    ("the famous 30mi typo", _with(DEPLOY, f"{CONTAINER}.resources",
                                   {"requests": {"memory": "30mi"}}),
     BAD + "unable to parse quantity's suffix"),
    ("a quantity that is no number", _with(DEPLOY, f"{CONTAINER}.resources",
                                           {"limits": {"cpu": "one"}}),
     BAD + "quantities must match the regular expression "
           "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"),
    ("int-or-string given a fraction", _with(DEPLOY, "spec.strategy",
                                             {"rollingUpdate": {"maxSurge": 1.5}}),
     BAD + "json: cannot unmarshal number 1.5 into Go struct field RollingUpdateDeployment."
           "spec.strategy.rollingUpdate.maxSurge of type int32"),
    ("a type error wins over unknown fields", _with(_with(DEPLOY, "spec.zzz", 1),
                                                    "spec.replicas", "x"),
     BAD + "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas "
           "of type int32"),
]


@pytest.mark.parametrize("name,obj,message", CASES, ids=[c[0] for c in CASES])
def test_decode_errors(name, obj, message):
    """Bad bodies fail with the decoder's exact BadRequest message."""
    with pytest.raises(ApiError) as caught:
        decode(resources.by_plural("deployments", "apps"), obj)
    assert caught.value.code == 400
    assert caught.value.reason == "BadRequest"
    assert caught.value.message == message


def test_secret_data_must_be_base64():
    """Plain text in Secret.data fails like Go's base64 decoder."""
    secret = {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"},
              "data": {"password": "hello"}}
    with pytest.raises(ApiError) as caught:
        decode(resources.by_plural("secrets"), secret)
    assert caught.value.message == ('Secret in version "v1" cannot be handled as a Secret: '
                                    "illegal base64 data at input byte 4")


@pytest.mark.parametrize("text,offset", [
    (b"aGVsbG8=", None), (b"aGVsbG8", 4), (b"hello", 4), (b"my-secret", 2), (b"", None),
    (b"aGVs\nbG8=", None), (b"a===", 1), (b"aGVsbG8=x", 8)])
def test_base64_error_offsets(text, offset):
    """CorruptInputError offsets match Go's StdEncoding."""
    assert base64_error_offset(text) == offset


def test_valid_body_is_normalised():
    """Nulls vanish, integral floats become ints, quantities take their canonical form."""
    obj = _with(_with(DEPLOY, "spec.replicas", 2.0), "spec.paused", None)
    obj["spec"]["template"]["spec"]["containers"][0]["resources"] = {
        "requests": {"cpu": 0.5, "memory": "1024Mi"}}
    assert decode(resources.by_plural("deployments", "apps"), obj) == []
    assert obj["spec"]["replicas"] == 2 and "paused" not in obj["spec"]
    requests = obj["spec"]["template"]["spec"]["containers"][0]["resources"]["requests"]
    assert requests == {"cpu": "500m", "memory": "1Gi"}


def test_non_strict_drops_unknown_fields():
    """fieldValidation=Warn/Ignore: unknown fields are dropped and reported, not fatal."""
    obj = _with(DEPLOY, "spec.replica", 3)
    warnings = decode(resources.by_plural("deployments", "apps"), obj, strict=False)
    assert warnings == ['unknown field "spec.replica"']
    assert "replica" not in obj["spec"]


def test_open_fields_accept_anything():
    """Labels, annotations and managedFields' FieldsV1 are maps or free JSON."""
    obj = yaml.safe_load(DEPLOY)
    obj["metadata"]["annotations"] = {"anything/goes": "x"}
    obj["metadata"]["managedFields"] = [{"fieldsV1": {"f:spec": {"f:replicas": {}}}}]
    assert decode(resources.by_plural("deployments", "apps"), copy.deepcopy(obj)) == []


def test_missing_type_meta_messages():
    """runtime.NewMissingKindErr prints the document as compact, sorted JSON."""
    assert missing_type_meta({"apiVersion": "v1", "metadata": {"name": "x"}}) == \
        "Object 'Kind' is missing in '{\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"x\"}}'"
    assert missing_type_meta({"kind": "Pod"}) == \
        "Object 'apiVersion' is missing in '{\"kind\":\"Pod\"}'"
    assert missing_type_meta({"kind": "Pod", "apiVersion": "v1"}) is None
    assert kubectl_type_meta_errors({"metadata": {}}) == ["apiVersion not set", "kind not set"]
    assert kubectl_type_meta_errors({"apiVersion": 1, "kind": "Pod"}) == \
        ["apiVersion isn't string type"]
