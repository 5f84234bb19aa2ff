"""Chapter 08's checkers: what they print for a learner's cluster in each state."""

import pytest

from k8s_model.exercises.chapter08 import (check_deleted_keeping_pods, check_frontend_replicaset,
                                           check_pod_taken_out, check_scaled)

FRONTEND = """\
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: frontend
spec:
  replicas: 3
  selector:
    matchLabels:
      tier: frontend
  template:
    metadata:
      labels:
        tier: frontend
    spec:
      containers:
      - name: nginx
        image: nginx:1.29
"""


def lines(capsys):
    return capsys.readouterr().out.splitlines()


def pods_of(cluster, uid):
    return sorted(p["metadata"]["name"] for p in cluster.list("pods", "default")
                  if any(r.get("uid") == uid for r in p["metadata"].get("ownerReferences") or []))


@pytest.fixture
def frontend(cluster):
    """The cluster after exercise 1: ReplicaSet frontend with 3 ready nginx Pods."""
    cluster.apply(FRONTEND)
    cluster.advance(10)
    return cluster


@pytest.mark.parametrize("check", [check_frontend_replicaset, check_pod_taken_out,
                                   check_scaled, check_deleted_keeping_pods])
def test_untouched_cluster_fails_every_exercise(cluster, capsys, check):
    """Nothing done: each checker prints only ✗ lines."""
    check(cluster)
    out = lines(capsys)
    assert out[-1].endswith("not done yet.")
    assert all(line.startswith("✗") for line in out[:-1])


def test_frontend_exercise(cluster, capsys):
    """Stored, the ReplicaSet passes all but readiness; once its Pods run, everything."""
    cluster.apply(FRONTEND)
    check_frontend_replicaset(cluster)
    assert lines(capsys)[-2:] == ["✗ 0 of its 3 Pods are ready: advance the clock (c.advance(10))",
                                  "4 of 5 checks pass: not done yet."]
    cluster.advance(10)
    check_frontend_replicaset(cluster)
    assert lines(capsys) == [
        '✓ ReplicaSet "frontend" exists',
        "✓ its selector (tier=frontend) selects Pods labelled tier=frontend",
        "✓ its Pod template runs nginx",
        "✓ it wants 3 replicas",
        "✓ 3 of its Pods are ready (READY 3)",
        "All 5 checks pass. Well done!"]


def test_frontend_exercise_wrong_image_and_set_based_selector(cluster, capsys):
    """A set-based selector that selects tier=frontend counts; another image does not."""
    cluster.apply(FRONTEND.replace("    matchLabels:\n      tier: frontend\n",
                                   "    matchExpressions:\n    - {key: tier, operator: In, "
                                   "values: [frontend, web]}\n")
                  .replace("image: nginx:1.29", "image: redis"))
    check_frontend_replicaset(cluster)
    out = lines(capsys)
    assert out[1] == "✓ its selector (tier in (frontend,web)) selects Pods labelled tier=frontend"
    assert out[2] == "✗ its Pod template runs redis: want nginx"


def test_taking_a_pod_out(frontend, capsys):
    """Relabelled: released, still Running, replaced; deleting instead does not count."""
    uid = frontend.get("replicasets", "frontend")["metadata"]["uid"]
    first, second, _ = pods_of(frontend, uid)
    frontend.kubectl(f"delete pod {first} --wait=false")
    frontend.advance(10)
    check_pod_taken_out(frontend)
    assert lines(capsys)[1].startswith("✗ no Pod of frontend has left it yet")
    frontend.kubectl(f"label pod {second} tier=debug --overwrite")
    frontend.advance(10)
    check_pod_taken_out(frontend)
    assert lines(capsys) == [
        '✓ ReplicaSet "frontend" exists',
        f"✓ Pod {second} is out: its labels (tier=debug) no longer match tier=frontend, "
        "and it has no owner",
        "✓ it is still Running, for you to debug",
        "✓ the ReplicaSet owns 3 Pods: it replaced the one that left",
        "✓ 3 of its Pods are ready (READY 3)",
        "All 5 checks pass. Well done!"]


def test_scaling(frontend, capsys):
    """spec.replicas at once; the ready count once the new Pods run."""
    frontend.kubectl("scale rs frontend --replicas=5")
    check_scaled(frontend)
    assert lines(capsys)[1:] == [
        "✓ spec.replicas is 5",
        "✗ 3 Pods it owns are ready, want 5: advance the clock (c.advance(10))",
        "2 of 3 checks pass: not done yet."]
    frontend.advance(10)
    check_scaled(frontend)
    assert lines(capsys)[-1] == "All 3 checks pass. Well done!"


def test_deleting_with_cascade_orphan(frontend, capsys):
    """--cascade=orphan: the Pods stay, owned by nobody; all checks pass."""
    frontend.kubectl("delete rs frontend --cascade=orphan")
    frontend.advance(1)
    check_deleted_keeping_pods(frontend)
    assert lines(capsys) == [
        '✓ ReplicaSet "frontend" is deleted',
        "✓ its 3 Pods labelled tier=frontend are still there, none being deleted",
        "✓ no ownerReference names an owner: they are orphans",
        "All 3 checks pass. Well done!"]


def test_deleting_with_the_default_cascade(frontend, capsys):
    """A plain delete: the garbage collector deletes the Pods, and the checker says so."""
    frontend.kubectl("delete rs frontend")   # nginx stops within a second: look at once
    check_deleted_keeping_pods(frontend)
    out = lines(capsys)
    assert out[1] == ("✗ 3 of its 3 Pods labelled tier=frontend are being deleted: the "
                      "deletion cascaded (--cascade=orphan leaves them)")
    frontend.advance(60)
    check_deleted_keeping_pods(frontend)
    assert lines(capsys)[0].startswith('✗ no ReplicaSet "frontend" and no Pods it made are left')


def test_checkers_change_nothing(frontend, capsys):
    """A checker only reads: the store's revision is the same after all four."""
    before = frontend.store.revision
    for check in (check_frontend_replicaset, check_pod_taken_out, check_scaled,
                  check_deleted_keeping_pods):
        check(frontend)
    assert frontend.store.revision == before
