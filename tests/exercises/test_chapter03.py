"""Chapter 03's checkers: what they print for a learner's cluster in each state."""

import pytest

from k8s_model import Cluster
from k8s_model.exercises.chapter03 import check_fixed_deployment, check_pod_reader

API = """
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: {replicas}
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
      - name: api
        image: nginx:1.27
"""
ROLE = """
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: pod-reader
rules:
- apiGroups: [""]
  resources: ["pods"]
  verbs: {verbs}
"""
BINDING = """
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: read-pods
subjects:
- kind: User
  name: {user}
  apiGroup: rbac.authorization.k8s.io
roleRef:
  kind: Role
  name: pod-reader
  apiGroup: rbac.authorization.k8s.io
"""
REFUSED = ('✗ kubectl get pods --as jane is refused: Error from server (Forbidden): pods is '
           'forbidden: User "jane" cannot list resource "pods" in API group "" in the '
           'namespace "default"')

# (name, checker, manifests to apply, expected lines)
CASES = [
    ("deployment: nothing yet", check_fixed_deployment, [], [
        '✗ no Deployment "api" in namespace "default" yet: fix the manifest until kubectl '
        "apply accepts it",
        "0 of 1 checks pass: not done yet."]),
    ("deployment: done", check_fixed_deployment, [API.format(replicas=2)], [
        '✓ Deployment "api" in namespace "default" is stored: it passed decoding and validation',
        "✓ spec.replicas is 2",
        "✓ its Pod template runs image nginx:1.27",
        "✓ the API server filled in the default strategy RollingUpdate",
        "All 4 checks pass. Well done!"]),
    ("deployment: replicas left out", check_fixed_deployment,
     [API.replace("  replicas: {replicas}\n", "")], [
        '✓ Deployment "api" in namespace "default" is stored: it passed decoding and validation',
        "✗ spec.replicas is 1, want 2 (was the field name right?)",
        "✓ its Pod template runs image nginx:1.27",
        "✓ the API server filled in the default strategy RollingUpdate",
        "3 of 4 checks pass: not done yet."]),
    ("reader: nothing yet", check_pod_reader, [], [
        '✗ no Role "pod-reader" in namespace "default" yet',
        '✗ no RoleBinding "read-pods" in namespace "default" yet',
        REFUSED,
        "0 of 3 checks pass: not done yet."]),
    ("reader: done", check_pod_reader,
     [ROLE.format(verbs='["get", "list", "watch"]'), BINDING.format(user="jane")], [
        '✓ Role "pod-reader" exists in namespace "default"',
        "✓ it allows get, list and watch on pods",
        "✓ it allows nothing but reading (least privilege)",
        '✓ RoleBinding "read-pods" exists',
        "✓ it refers to Role pod-reader",
        "✓ it binds User jane",
        "✓ kubectl get pods --as jane is allowed",
        "All 7 checks pass. Well done!"]),
    ("reader: too much, bound to the wrong user", check_pod_reader,
     [ROLE.format(verbs='["get", "list", "watch", "delete"]'), BINDING.format(user="jan")], [
        '✓ Role "pod-reader" exists in namespace "default"',
        "✓ it allows get, list and watch on pods",
        "✗ it also allows ['delete']: a reader needs only get, list and watch",
        '✓ RoleBinding "read-pods" exists',
        "✓ it refers to Role pod-reader",
        "✗ its subjects are [('User', 'jan')], want ('User', 'jane')",
        REFUSED,
        "4 of 7 checks pass: not done yet."]),
]


@pytest.mark.parametrize("name, checker, manifests, expected", CASES, ids=[c[0] for c in CASES])
def test_checker_report(name, checker, manifests, expected, capsys):
    """Each checker prints one ✓/✗ line per requirement and a tally, for each cluster state."""
    c = Cluster(nodes=1, seed=0)
    for manifest in manifests:
        c.apply(manifest)
    checker(c)
    assert capsys.readouterr().out.splitlines() == expected


def test_checkers_change_nothing():
    """Running the checkers leaves every stored object as it was (they only read)."""
    c = Cluster(nodes=1, seed=0)
    c.apply(API.format(replicas=2))
    before = c.store.revision
    for checker in (check_fixed_deployment, check_pod_reader):
        checker(c)
    assert c.store.revision == before
