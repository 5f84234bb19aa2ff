"""Chapter 01's checkers: what they print for a learner's cluster in each state."""

import pytest

from k8s_model import Cluster
from k8s_model.exercises.chapter01 import (check_declarative_deployment, check_fixed_selector,
                                           check_namespace)

HELLO = """
apiVersion: apps/v1
kind: Deployment
metadata:
  name: hello
spec:
  replicas: {replicas}
  selector:
    matchLabels:
      app: hello
  template:
    metadata:
      labels:
        app: hello
    spec:
      containers:
      - name: nginx
        image: {image}
"""

API = HELLO.replace("hello", "api")
LAST = "kubectl.kubernetes.io/last-applied-configuration"

# (name, checker, steps, expected lines). A step is ("apply", yaml) or ("kubectl", command).
CASES = [
    ("declarative: nothing yet", check_declarative_deployment, [], [
        '✗ no Deployment "hello" in namespace "default" yet: write its manifest and kubectl apply it',
        "0 of 1 checks pass: not done yet."]),
    ("declarative: done", check_declarative_deployment,
     [("apply", HELLO.format(replicas=2, image="nginx:1.27"))], [
        '✓ Deployment "hello" in namespace "default" exists',
        f"✓ it was applied declaratively (it has the {LAST} annotation)",
        "✓ spec.replicas is 2",
        "✓ its Pod template runs one container, image nginx:1.27",
        "✓ your manifest declares replicas: 2",
        "All 5 checks pass. Well done!"]),
    ("declarative: made with create", check_declarative_deployment,
     [("kubectl", "create deployment hello --image=nginx:1.27 --replicas=2")], [
        '✓ Deployment "hello" in namespace "default" exists',
        f"✗ it has no {LAST} annotation: it was made imperatively; delete it and kubectl "
        "apply a manifest instead",
        "✓ spec.replicas is 2",
        "✓ its Pod template runs one container, image nginx:1.27",
        "3 of 4 checks pass: not done yet."]),
    ("declarative: scaled behind the file's back", check_declarative_deployment,
     [("apply", HELLO.format(replicas=1, image="nginx")),
      ("kubectl", "scale deployment hello --replicas=2")], [
        '✓ Deployment "hello" in namespace "default" exists',
        f"✓ it was applied declaratively (it has the {LAST} annotation)",
        "✓ spec.replicas is 2",
        "✗ its Pod template's images are ['nginx'], want ['nginx:1.27']",
        "✗ your last applied manifest declares replicas: 1, want 2: change the file and "
        "apply it again",
        "3 of 5 checks pass: not done yet."]),
    ("namespace: nothing yet", check_namespace, [], [
        '✗ no Namespace "study" yet: kubectl create namespace study',
        '✗ no Deployment "web" in namespace "study" yet: kubectl create deployment web '
        "--image=nginx:1.27 -n study",
        "0 of 2 checks pass: not done yet."]),
    ("namespace: done", check_namespace,
     [("kubectl", "create namespace study"),
      ("kubectl", "create deployment web --image=nginx:1.27 -n study")], [
        '✓ Namespace "study" exists',
        '✓ Deployment "web" in namespace "study" exists',
        "✓ its Pod template runs image nginx:1.27",
        "✓ it was made imperatively (no last-applied-configuration annotation)",
        "All 4 checks pass. Well done!"]),
    ("namespace: applied, wrong image", check_namespace,
     [("kubectl", "create namespace study"),
      ("apply", HELLO.replace("hello", "web").format(replicas=1, image="nginx")
       .replace("name: web\n", "name: web\n  namespace: study\n", 1))], [
        '✓ Namespace "study" exists',
        '✓ Deployment "web" in namespace "study" exists',
        "✗ its Pod template's images are ['nginx'], want ['nginx:1.27']",
        "✗ it has a last-applied-configuration annotation: this exercise asks for the "
        "imperative kubectl create",
        "2 of 4 checks pass: not done yet."]),
    ("selector: nothing yet", check_fixed_selector, [], [
        '✗ no Deployment "api" in namespace "default" yet: fix the manifest and apply it',
        "0 of 1 checks pass: not done yet."]),
    ("selector: fixed", check_fixed_selector,
     [("apply", API.format(replicas=2, image="nginx:1.27"))], [
        '✓ Deployment "api" in namespace "default" exists: the API server accepted it',
        "✓ its selector is still app=api",
        "✓ its Pod template is labelled app=api",
        "All 3 checks pass. Well done!"]),
    ("selector: fixed the wrong side", check_fixed_selector,
     [("apply", API.replace("app: api", "app: apii").format(replicas=2, image="nginx:1.27"))], [
        '✓ Deployment "api" in namespace "default" exists: the API server accepted it',
        "✗ its selector's matchLabels are {'app': 'apii'}: keep the selector app=api and fix "
        "the template's labels instead",
        "✗ its Pod template's labels are {'app': 'apii'}, want app=api",
        "1 of 3 checks pass: not done yet."]),
]


@pytest.mark.parametrize("name, checker, steps, expected", CASES, ids=[c[0] for c in CASES])
def test_checker_report(name, checker, steps, expected, capsys):
    """Each checker prints one ✓/✗ line per requirement and a tally, for each cluster state."""
    c = Cluster(nodes=1, seed=0)
    for kind, arg in steps:
        if kind == "apply":
            c.apply(arg)
        else:
            c.kubectl(arg)
    checker(c)
    assert capsys.readouterr().out.splitlines() == expected


def test_checkers_change_nothing():
    """Running the checkers leaves every object as it was (they only read)."""
    c = Cluster(nodes=1, seed=0)
    c.apply(HELLO.format(replicas=2, image="nginx:1.27"))
    before = c.list("deployments")
    for checker in (check_declarative_deployment, check_namespace, check_fixed_selector):
        checker(c)
    assert c.list("deployments") == before
