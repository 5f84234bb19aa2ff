"""Chapter 15's checkers: what they print before and after a learner's solution."""

import pytest

from k8s_model import Cluster, examples
from k8s_model.exercises.chapter15 import (can_i, check_crontab, check_team_reader,
                                           check_web_autoscaled)

WEB = """apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: nginx
        resources: {requests: {cpu: 100m}}
"""

READER = """apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader, namespace: team-a}
rules:
- apiGroups: ["", apps]
  resources: [pods, services, deployments]
  verbs: [get, list, watch]
"""


def lines(capsys):
    return capsys.readouterr().out.splitlines()


@pytest.fixture(scope="module")
def cluster():
    return Cluster(nodes=1, seed=0)


def test_untouched_cluster_fails_every_exercise(cluster, capsys):
    check_team_reader(cluster)
    out = lines(capsys)
    assert out[0] == '✗ no namespace "team-a" yet'
    assert out[-1] == "3 of 7 checks pass: not done yet."
    check_crontab(cluster)
    assert lines(capsys) == ["✗ no established CRD crontabs.stable.example.com: apply §4's CRD first",
                             "0 of 1 checks pass: not done yet."]
    check_web_autoscaled(cluster)
    assert lines(capsys) == ['✗ no Deployment "web" in namespace "default"',
                             "0 of 1 checks pass: not done yet."]


def test_team_reader_with_a_role_of_ones_own(capsys):
    """Any grant that reads exactly what is asked passes: here a Role of one's own."""
    c = Cluster(nodes=1, seed=0)
    c.kubectl("create namespace team-a")
    c.apply(READER)
    c.kubectl("create rolebinding dev-reads -n team-a --role=reader --user=dev")
    check_team_reader(c)
    out = lines(capsys)
    assert "✓ dev may list pods in team-a" in out
    assert out[-1] == "All 7 checks pass. Well done!"


def test_team_reader_granted_cluster_wide_is_caught(capsys):
    """A ClusterRoleBinding reaches every namespace: `default` too, which is refused."""
    c = Cluster(nodes=1, seed=0)
    c.kubectl("create namespace team-a")
    c.kubectl("create clusterrole reader --verb=get,list,watch --resource=pods,services,deployments.apps")
    c.kubectl("create clusterrolebinding dev-reads --clusterrole=reader --user=dev")
    check_team_reader(c)
    out = lines(capsys)
    assert "✗ dev may list pods in default: the grant must stop at its namespace" in out
    assert out[-1] == "6 of 7 checks pass: not done yet."


def test_team_reader_who_may_delete_is_caught(capsys):
    c = Cluster(nodes=1, seed=0)
    c.kubectl("create namespace team-a")
    c.apply(READER.replace("verbs: [get, list, watch]", "verbs: ['*']"))
    c.kubectl("create rolebinding dev-reads -n team-a --role=reader --user=dev")
    check_team_reader(c)
    out = lines(capsys)
    assert "✗ dev may delete pods in team-a: reading must not include changing" in out


def test_can_i_asks_as_the_user():
    """A user bound to cluster-admin may do anything; an unknown user nothing."""
    c = Cluster(nodes=1, seed=0)
    c.kubectl("create clusterrolebinding ops-admin --clusterrole=cluster-admin --user=ops")
    assert can_i(c, "ops", "delete", "pods", "default")
    assert not can_i(c, "nobody", "get", "pods", "default")


def test_web_autoscaled_done(capsys):
    c = Cluster(nodes=1, seed=0)
    c.apply(WEB)
    c.kubectl("autoscale deployment web --cpu=60% --min=2 --max=5")
    c.advance(45)
    check_web_autoscaled(c)
    assert lines(capsys) == [
        '✓ Deployment "web" exists',
        "✓ every container of its Pod template requests CPU",
        "✓ a HorizontalPodAutoscaler targets Deployment/web",
        "✓ it keeps 2 to 5 replicas",
        "✓ its target is 60 % of the CPU request",
        "✓ ScalingActive is True: the controller computes replica counts",
        "✓ the Deployment runs 2 replicas, within the range",
        "All 7 checks pass. Well done!"]


def test_web_without_requests_is_reported(capsys):
    """As in §5.5: the HPA exists but cannot compute without a CPU request."""
    c = Cluster(nodes=1, seed=0)
    c.kubectl("create deployment web --image=nginx")
    c.kubectl("autoscale deployment web --cpu=60% --min=2 --max=5")
    c.advance(45)
    check_web_autoscaled(c)
    out = lines(capsys)
    assert "✗ its Pod template requests no CPU: a Utilization target has nothing to divide by" in out
    assert any(line.startswith("✗ ScalingActive is False (FailedGetResourceMetric: ")
               for line in out)
    assert out[-1] == "5 of 7 checks pass: not done yet."


def test_web_with_wrong_target_and_no_time_yet(capsys):
    """A quantity target is not a Utilization; right after autoscale nothing is reported."""
    c = Cluster(nodes=1, seed=0)
    c.apply(WEB)
    c.kubectl("autoscale deployment web --cpu=60m --min=2 --max=5")
    check_web_autoscaled(c)
    out = lines(capsys)
    assert "✗ its CPU target is AverageValue 60m, want Utilization 60" in out
    assert ("✗ ScalingActive is not reported yet: give the controller 15 s (c.advance(30))"
            in out)
    assert ("✗ the Deployment asks for 1 replicas; the HPA will move it into 2-5 at its next "
            "look") in out


NIGHTLY = examples.crontab(name="nightly", cron_spec="0 3 * * *", image="backup:1.0", replicas=2)


def cronjob_of(crontab, schedule="0 3 * * *", image="backup:1.0", parallelism=2, owned=True):
    """The CronJob §4's CronTabController keeps for a CronTab (it runs in the notebook,
    so the test writes what it would)."""
    meta = crontab["metadata"]
    owners = [{"apiVersion": "stable.example.com/v1", "kind": "CronTab", "name": meta["name"],
               "uid": meta["uid"], "controller": True}] if owned else []
    return {"apiVersion": "batch/v1", "kind": "CronJob",
            "metadata": {"name": meta["name"], "namespace": "default", "ownerReferences": owners},
            "spec": {"schedule": schedule, "jobTemplate": {"spec": {
                "parallelism": parallelism, "completions": parallelism, "template": {"spec": {
                    "restartPolicy": "OnFailure",
                    "containers": [{"name": "cron", "image": image}]}}}}}}


@pytest.fixture
def with_crd():
    c = Cluster(nodes=1, seed=0)
    c.apply(examples.crontab_crd(validation=True, printer_columns=True))
    c.advance(1)
    return c


def test_crontab_done(with_crd, capsys):
    with_crd.apply(NIGHTLY)
    with_crd.kubectl_client.create("cronjobs", cronjob_of(with_crd.get("crontabs", "nightly")))
    check_crontab(with_crd)
    assert lines(capsys) == [
        "✓ the CRD crontabs.stable.example.com is established",
        '✓ CronTab "nightly" exists',
        "✓ spec.cronSpec is '0 3 * * *'",
        "✓ spec.image is 'backup:1.0'",
        "✓ spec.replicas is 2",
        '✓ the controller made CronJob "nightly"',
        "✓ the CronJob is owned by the CronTab",
        "✓ its schedule, image and parallelism follow the CronTab",
        "All 8 checks pass. Well done!"]


def test_crontab_without_controller_is_reported(with_crd, capsys):
    with_crd.apply(NIGHTLY.replace("replicas: 2", "replicas: 1"))
    check_crontab(with_crd)
    out = lines(capsys)
    assert "✗ spec.replicas is 1, want 2" in out
    assert out[-2:] == ['✗ no CronJob "nightly": is §4\'s CronTabController running?',
                        "4 of 6 checks pass: not done yet."]


def test_crontab_with_a_handmade_or_stale_cronjob_is_reported(with_crd, capsys):
    """A CronJob written by hand has no owner; one the controller has not updated yet
    still shows the old schedule."""
    with_crd.apply(NIGHTLY)
    crontab = with_crd.get("crontabs", "nightly")
    with_crd.kubectl_client.create("cronjobs", cronjob_of(crontab, schedule="*/5 * * * *",
                                                          owned=False))
    check_crontab(with_crd)
    out = lines(capsys)
    assert ("✗ the CronJob has no ownerReference to the CronTab: it was not made by the "
            "controller") in out
    assert ("✗ its schedule, image and parallelism are ('*/5 * * * *', 'backup:1.0', 2): the "
            "controller has not caught up (c.advance(1))") in out


def test_solvable_the_way_the_chapter_hints(capsys):
    """Exercise 1 with the built-in ClusterRole `view` bound in team-a; exercise 3 on §2's
    `web` (made by `kubectl create deployment`, no requests), re-applied with a request."""
    c = Cluster(nodes=2, seed=0)
    c.kubectl("create deployment web --image=nginx --replicas=2")
    c.kubectl("create namespace team-a")
    c.kubectl("create rolebinding dev-view -n team-a --clusterrole=view --user=dev")
    check_team_reader(c)
    assert lines(capsys)[-1] == "All 7 checks pass. Well done!"
    manifest = c.kubectl("create deployment web --image=nginx --dry-run=client -o yaml")
    c.kubectl("apply -f -", manifest.replace("resources: {}", "resources: {requests: {cpu: 100m}}"))
    c.kubectl("autoscale deployment web --cpu=60% --min=2 --max=5")
    c.advance(60)
    check_web_autoscaled(c)
    assert lines(capsys)[-1] == "All 7 checks pass. Well done!"
