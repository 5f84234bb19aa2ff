"""When the server refuses what `kubectl apply` sends for an existing object, kubectl prints
the patch it computed (CreateThreeWayMergePatch) and the object it was for. Expected
patches were printed by the real kubectl v1.35 for the same two manifests."""

import json

import pytest

from k8s_model import Cluster, KubectlError
from k8s_model.api.decoding import go_json

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  strategy:
    type: Recreate
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx
        env:
        - {name: A, value: "1"}
        - {name: B, value: "2"}
      - name: side
        image: busybox
"""
# `replica` and `imagePort` are typos; the image changes, env A and container side go.
DEPLOYMENT_AGAIN = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  replica: 3
  selector:
    matchLabels: {app: web}
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxSurge: 1}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        imagePort: 80
        env:
        - {name: B, value: "2"}
"""
CONFIGMAP = """apiVersion: v1
kind: ConfigMap
metadata:
  name: fin
  finalizers: [example.com/a, example.com/b]
  labels: {a: '1', b: '2'}
data:
  x: '1'
"""
CONFIGMAP_AGAIN = """apiVersion: v1
kind: ConfigMap
metadata:
  name: fin
  finalizers: [example.com/c, example.com/b]
  labels: {b: '3'}
spec:
  foo: 1
"""

CASES = [
    ("merge-keyed lists: $setElementOrder, $patch: delete; a retainKeys struct",
     DEPLOYMENT, DEPLOYMENT_AGAIN, "deployments", {"spec": {
         "replica": 3,
         "strategy": {"$retainKeys": ["rollingUpdate", "type"], "rollingUpdate": {"maxSurge": 1},
                      "type": "RollingUpdate"},
         "template": {"spec": {
             "$setElementOrder/containers": [{"name": "web"}],
             "containers": [{"$setElementOrder/env": [{"name": "B"}],
                             "env": [{"$patch": "delete", "name": "A"}],
                             "image": "nginx:1.27", "imagePort": 80, "name": "web"},
                            {"$patch": "delete", "name": "side"}]}}}}),
    ("a list of scalars with the merge strategy; fields dropped from the file are null",
     CONFIGMAP, CONFIGMAP_AGAIN, "configmaps", {
         "data": None,
         "metadata": {"$deleteFromPrimitiveList/finalizers": ["example.com/a"],
                      "$setElementOrder/finalizers": ["example.com/c", "example.com/b"],
                      "finalizers": ["example.com/c"], "labels": {"a": None, "b": "3"}},
         "spec": {"foo": 1}}),
]


@pytest.mark.parametrize("first, second, plural, expected", [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_the_refused_patch_is_printed(first, second, plural, expected):
    c = Cluster(nodes=1, seed=0)
    c.kubectl("apply -f -", first)
    before = c.kubectl(f"get {plural} -o yaml")
    with pytest.raises(KubectlError) as caught:
        c.kubectl("apply -f -", second)
    lines = str(caught.value).split("\n")
    assert lines[0] == "Error from server (BadRequest): error when applying patch:"
    patch = json.loads(lines[1])
    assert lines[1] == go_json(patch)   # json.Marshal: compact, keys sorted
    annotations = patch["metadata"].pop("annotations")
    annotation = annotations["kubectl.kubernetes.io/last-applied-configuration"]
    assert json.loads(annotation) == {**json.loads(go_json(_yaml(second))),
                                      "metadata": {**_yaml(second)["metadata"], "annotations": {},
                                                   "namespace": "default"}}
    if not patch["metadata"]:
        del patch["metadata"]
    assert patch == expected
    assert lines[2] == "to:" and f"Resource={plural}" in lines[3]
    assert lines[4] in ('Name: "web", Namespace: "default"', 'Name: "fin", Namespace: "default"')
    assert lines[5].startswith('for: "STDIN": error when patching "STDIN": ')
    assert c.kubectl(f"get {plural} -o yaml") == before


def _yaml(text: str) -> dict:
    import yaml

    return yaml.safe_load(text)
