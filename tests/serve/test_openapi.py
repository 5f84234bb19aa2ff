"""/openapi/v3: the real kubectl v1.35 applies with its default --validate=strict (the
server checks the fields, fieldValidation=Strict) and explains kinds from the served
documents, printing what the notebook's `cluster.kubectl(...)` prints.

Writes are compared against a twin cluster (same seed, same steps) that only the model's
kubectl touches, so both start from the same state.
"""

import hashlib
import json
import ssl
import urllib.request

import pytest

from k8s_model import Cluster, KubectlError, examples
from k8s_model.serve import openapi

CONFIGMAP = """apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: fast
"""
# Typos the server's strict decoding rejects: a field ConfigMap does not have, and
# `replica`/`imagePort` in a Deployment that also changes its image, drops an env var
# and a container (the patch then carries $setElementOrder, $patch: delete, $retainKeys).
UNKNOWN_FIELD = CONFIGMAP.replace("fast", "slow") + "spec:\n  foo: 1\n"
DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 1
  selector:
    matchLabels: {app: api}
  strategy:
    type: Recreate
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
      - name: api
        image: nginx
        env:
        - {name: A, value: "1"}
        - {name: B, value: "2"}
      - name: side
        image: busybox
"""
DEPLOYMENT_TYPOS = (DEPLOYMENT.replace("replicas: 1", "replicas: 1\n  replica: 3")
                    .replace("image: nginx", "image: nginx:1.27\n        imagePort: 80")
                    .replace('        - {name: A, value: "1"}\n', "")
                    .replace("      - name: side\n        image: busybox\n", "")
                    .replace("type: Recreate",
                             "type: RollingUpdate\n    rollingUpdate: {maxSurge: 1}"))


@pytest.fixture
def twin():
    """The `served` cluster's twin, driven by the model's kubectl only."""
    c = Cluster(nodes=2, seed=0)
    c.kubectl("create deployment web --image=nginx --replicas=2")
    c.advance(30)
    return c


def model(cluster, command: str, stdin: str | None = None) -> tuple[str, int]:
    """What the model's kubectl prints (what it wrote before an error, then the error)."""
    try:
        return cluster.kubectl(command, stdin=stdin) + "\n", 0
    except KubectlError as error:
        written = error.output + "\n" if error.output else ""
        return written + str(error) + "\n", 1


STEPS = [   # (manifest, command, what the real kubectl prints)
    (CONFIGMAP, "apply -f -", "configmap/settings created\n"),
    (CONFIGMAP, "apply -f -", "configmap/settings unchanged\n"),
    (UNKNOWN_FIELD, "apply -f -", None),
    (CONFIGMAP.replace("fast", "slow"), "apply -f -", "configmap/settings configured\n"),
    (CONFIGMAP, "create -f -", 'Error from server (AlreadyExists): error when creating "STDIN": '
                               'configmaps "settings" already exists\n'),
    (UNKNOWN_FIELD.replace("settings", "other"), "create -f -", None),
    (DEPLOYMENT, "create -f -", "deployment.apps/api created\n"),
    (DEPLOYMENT, "apply -f -", None),     # the missing-annotation warning, then configured
    (DEPLOYMENT_TYPOS, "apply -f -", None),
]


def test_apply_and_create_validate_on_the_server(served, real, twin):
    """No --validate=false: kubectl finds fieldValidation on the kind's PATCH operation and
    leaves the checking to the server; every step prints what the model prints."""
    cluster, _ = served
    for manifest, command, expected in STEPS:
        out, code = real(command, manifest)
        if "Warning:" in out:   # stderr comes after stdout here; kubectl wrote it first
            out = out[out.index("Warning:"):] + out[:out.index("Warning:")]
        assert (out, code) == model(twin, command, manifest), command
        if expected is not None:
            assert out == expected


def test_a_rejected_apply_prints_the_patch_and_changes_nothing(served, real):
    cluster, _ = served
    real("apply -f -", CONFIGMAP)
    before = cluster.get("configmaps", "settings")
    out, code = real("apply -f -", UNKNOWN_FIELD)
    assert code == 1
    # apply.go wraps the server's error with the patch it sent and the object it patched.
    assert out == (
        'Error from server (BadRequest): error when applying patch:\n'
        '{"data":{"mode":"slow"},"metadata":{"annotations":{"kubectl.kubernetes.io/'
        'last-applied-configuration":"{\\"apiVersion\\":\\"v1\\",\\"data\\":{\\"mode\\":'
        '\\"slow\\"},\\"kind\\":\\"ConfigMap\\",\\"metadata\\":{\\"annotations\\":{},\\"name\\":'
        '\\"settings\\",\\"namespace\\":\\"default\\"},\\"spec\\":{\\"foo\\":1}}\\n"}},'
        '"spec":{"foo":1}}\n'
        'to:\n'
        'Resource: "/v1, Resource=configmaps", GroupVersionKind: "/v1, Kind=ConfigMap"\n'
        'Name: "settings", Namespace: "default"\n'
        'for: "STDIN": error when patching "STDIN": ConfigMap in version "v1" cannot be '
        'handled as a ConfigMap: strict decoding error: unknown field "spec"\n')
    assert cluster.get("configmaps", "settings") == before


def test_a_custom_kind_is_applied_with_a_json_merge_patch(served, real, twin):
    """kubectl's scheme does not know CronTab, so apply sends a JSON merge patch; the CRD's
    group-version has its own document, and the server prunes strictly."""
    cluster, _ = served
    for c in (cluster, twin):
        c.kubectl("apply -f -", examples.crontab_crd())
        c.advance(1)
    typo = examples.crontab().replace("my-awesome-cron-image", "other") + "  bogus: 1\n"
    for manifest in (examples.crontab(), typo):
        out, code = real("apply -f -", manifest)
        assert (out, code) == model(twin, "apply -f -", manifest)
    assert '"spec":{"bogus":1,"image":"other"}}\nto:' in out
    assert out.endswith('CronTab in version "v1" cannot be handled as a CronTab: strict '
                        'decoding error: unknown field "spec.bogus"\n')
    document = openapi.document(cluster.api.resources.all, "stable.example.com", "v1", "v1.35.0")
    assert document["info"]["title"] == "Kubernetes CRD Swagger"
    assert document["components"]["schemas"]["com.example.stable.v1.CronTab"][
        "x-kubernetes-group-version-kind"] == [
        {"group": "stable.example.com", "kind": "CronTab", "version": "v1"}]


EXPLAIN = ["explain pods", "explain deployment.spec.replicas",
           "explain pods.spec.containers --recursive", "explain deploy.spec.nope",
           "explain crontabs", "explain ct.spec --recursive", "explain crontabs.metadata"]


@pytest.mark.parametrize("command", EXPLAIN)
def test_explain_prints_what_the_model_prints(served, real, command):
    """kubectl explain renders the served document; a custom kind's schema is its CRD's."""
    cluster, _ = served
    cluster.kubectl("apply -f -", examples.crontab_crd())
    cluster.advance(1)
    out, code = real(command)
    assert (out, code) == model(cluster, command)
    custom = command.split()[1].startswith(("crontabs", "ct."))
    assert ("GROUP:      stable.example.com\nKIND:       CronTab\n" in out) == custom


def _get(server, path: str):
    context = ssl.create_default_context(cafile=str(server.ca_file))
    request = urllib.request.Request(server.url + path,
                                     headers={"Authorization": f"Bearer {server.token}"})
    return urllib.request.urlopen(request, context=context)


def test_the_index_links_each_document_by_its_hash(served):
    """handler3: serverRelativeURL carries the SHA-512 (upper-case hex) of the document,
    which is also its quoted ETag."""
    _, server = served
    index = json.load(_get(server, "/openapi/v3"))
    url = index["paths"]["apis/apps/v1"]["serverRelativeURL"]
    with _get(server, url) as answer:
        data = answer.read()
        assert answer.headers["Content-Type"] == "application/json"
        digest = hashlib.sha512(data).hexdigest().upper()
        assert url == f"/openapi/v3/apis/apps/v1?hash={digest}"
        assert answer.headers["ETag"] == f'"{digest}"'
    document = json.loads(data)
    assert document["info"] == {"title": "Kubernetes", "version": "v1.35.0"}
    patch = document["paths"]["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]["patch"]
    assert patch["x-kubernetes-action"] == "patch"
    assert patch["x-kubernetes-group-version-kind"] == \
        {"group": "apps", "kind": "Deployment", "version": "v1"}
    assert [p["name"] for p in patch["parameters"]] == \
        ["dryRun", "fieldManager", "fieldValidation", "force"]
    assert "io.k8s.api.core.v1.PodSpec" in document["components"]["schemas"]


def test_a_stale_hash_is_redirected_and_an_unknown_group_is_not_found(served):
    cluster, _ = served
    resources = cluster.api.resources.all
    code, _, headers = openapi.answer(["openapi", "v3", "api", "v1"], {"hash": "OLD"},
                                      resources, "v1.35.0")
    assert code == 301 and headers["Location"].startswith("/openapi/v3/api/v1?hash=")
    assert openapi.answer(["openapi", "v3", "apis", "nope", "v1"], {}, resources, "v1.35.0") \
        is None
    scale = openapi.document(resources, "apps", "v1", "v1.35.0")["paths"][
        "/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale"]
    assert sorted(m for m in scale if m != "parameters") == ["get", "patch", "put"]
    assert scale["put"]["x-kubernetes-group-version-kind"]["kind"] == "Scale"
