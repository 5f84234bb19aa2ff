"""Chapter 02's checkers: what they print for a learner's cluster in each state."""

import pytest

from k8s_model import Cluster
from k8s_model.exercises.chapter02 import check_hello_pod, check_team_namespace, check_worker_roles

HELLO = """
apiVersion: v1
kind: Pod
metadata:
  name: hello
spec:
  containers:
  - name: web
    image: {image}
"""
WORKER = "node-role.kubernetes.io/worker"
WAITING = ("(note: spec.nodeName is empty: the scheduler has not bound it yet; "
           "advance the clock, c.advance(15), and look again)")

# (name, checker, steps, expected lines). A step is ("apply", yaml), ("kubectl", command)
# or ("advance", seconds).
CASES = [
    ("roles: nothing yet", check_worker_roles, [], [
        "✓ controlplane is the control plane and is not labelled as a worker",
        f"✗ node-1 has no {WORKER} label yet: kubectl label node node-1 {WORKER}=",
        f"✗ node-2 has no {WORKER} label yet: kubectl label node node-2 {WORKER}=",
        "1 of 3 checks pass: not done yet."]),
    ("roles: done", check_worker_roles,
     [("kubectl", f"label node node-1 {WORKER}="), ("kubectl", f"label node node-2 {WORKER}=")], [
        "✓ controlplane is the control plane and is not labelled as a worker",
        "✓ node-1 has ROLES worker",
        "✓ node-2 has ROLES worker",
        "All 3 checks pass. Well done!"]),
    ("roles: control plane labelled too", check_worker_roles,
     [("kubectl", f"label node controlplane {WORKER}="), ("kubectl", f"label node node-1 {WORKER}="),
      ("kubectl", f"label node node-2 {WORKER}=")], [
        "✗ controlplane is the control plane: remove its worker label with "
        f"kubectl label node controlplane {WORKER}-",
        "✓ node-1 has ROLES worker",
        "✓ node-2 has ROLES worker",
        "2 of 3 checks pass: not done yet."]),
    ("hello: nothing yet", check_hello_pod, [], [
        '✗ no Pod "hello" in namespace "default" yet: kubectl run hello --image=nginx:1.27, '
        "or apply a manifest",
        "0 of 1 checks pass: not done yet."]),
    ("hello: done", check_hello_pod, [("apply", HELLO.format(image="nginx:1.27"))], [
        '✓ Pod "hello" in namespace "default" is stored (the API server accepted it)',
        "✓ it runs one container, image nginx:1.27",
        "✓ the trace holds the request that created it: kubectl -> kube-apiserver: create "
        "pods default/hello 201",
        "✓ the request came from kubectl",
        "All 4 checks pass. Well done!",
        WAITING]),
    ("hello: bound and running", check_hello_pod,
     [("apply", HELLO.format(image="nginx:1.27")), ("advance", 15)], [
        '✓ Pod "hello" in namespace "default" is stored (the API server accepted it)',
        "✓ it runs one container, image nginx:1.27",
        "✓ the trace holds the request that created it: kubectl -> kube-apiserver: create "
        "pods default/hello 201",
        "✓ the request came from kubectl",
        "All 4 checks pass. Well done!",
        "(note: it was bound to node node-2 by kube-scheduler; its phase is Running)"]),
    ("hello: wrong image", check_hello_pod, [("apply", HELLO.format(image="nginx"))], [
        '✓ Pod "hello" in namespace "default" is stored (the API server accepted it)',
        "✗ its containers' images are ['nginx'], want ['nginx:1.27']",
        "✓ the trace holds the request that created it: kubectl -> kube-apiserver: create "
        "pods default/hello 201",
        "✓ the request came from kubectl",
        "3 of 4 checks pass: not done yet.",
        WAITING]),
    ("namespace: nothing yet", check_team_namespace, [], [
        '✗ no Namespace "team-a" yet: kubectl create namespace team-a (or apply a manifest '
        "of kind Namespace)",
        "0 of 1 checks pass: not done yet."]),
    ("namespace: done", check_team_namespace,
     [("apply", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n")], [
        '✓ Namespace "team-a" exists',
        "✓ serviceaccounts/default was created in it by "
        "kube-controller-manager/serviceaccount-controller",
        "✓ configmaps/kube-root-ca.crt was created in it by "
        "kube-controller-manager/root-ca-certificate-publisher",
        "All 3 checks pass. Well done!"]),
]


@pytest.mark.parametrize("name, checker, steps, expected", CASES, ids=[c[0] for c in CASES])
def test_checker_report(name, checker, steps, expected, capsys):
    """Each checker prints one ✓/✗ line per requirement and a tally, for each cluster state."""
    c = Cluster(nodes=2, seed=0)
    for kind, arg in steps:
        if kind == "apply":
            c.apply(arg)
        elif kind == "advance":
            c.advance(arg)
        else:
            c.kubectl(arg)
    checker(c)
    assert capsys.readouterr().out.splitlines() == expected


def test_checkers_change_nothing():
    """Running the checkers leaves every stored object as it was (they only read)."""
    c = Cluster(nodes=2, seed=0)
    c.apply(HELLO.format(image="nginx:1.27"))
    before = c.store.revision
    for checker in (check_worker_roles, check_hello_pod, check_team_namespace):
        checker(c)
    assert c.store.revision == before
