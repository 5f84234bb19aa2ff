"""Chapter 10's checkers: what they print for a learner's cluster in each state."""

import pytest

from k8s_model import examples
from k8s_model.exercises.chapter10 import (check_claims_kept, check_every_five_minutes,
                                           check_parallel_job, check_ssd_daemonset)

SSD_MONITOR = """\
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: ssd-monitor
spec:
  selector:
    matchLabels:
      app: ssd-monitor
  template:
    metadata:
      labels:
        app: ssd-monitor
    spec:
      nodeSelector:
        disk: ssd
      containers:
      - name: main
        image: busybox:1.37
        command: ["sh", "-c", "sleep 86400"]
"""

EVERY_FIVE = """\
apiVersion: batch/v1
kind: CronJob
metadata:
  name: every-five
spec:
  schedule: "*/5 * * * *"
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: main
            image: busybox:1.37
            command: ["sh", "-c", "sleep 30"]
"""


def lines(capsys):
    return capsys.readouterr().out.splitlines()


def assert_all_pass(capsys):
    out = lines(capsys)
    assert out[-1].startswith("All "), out
    assert all(line.startswith("✓") for line in out[:-1]), out


@pytest.mark.parametrize("check", [check_ssd_daemonset, check_parallel_job,
                                   check_every_five_minutes, check_claims_kept])
def test_untouched_cluster_fails_every_exercise(cluster, capsys, check):
    """Nothing done: each checker prints only ✗ lines."""
    check(cluster)
    out = lines(capsys)
    assert out[-1].endswith("not done yet.")
    assert all(line.startswith("✗") for line in out[:-1])


def test_ssd_daemonset_needs_labelled_nodes_and_a_selector(cluster, capsys):
    """Without labels nothing runs; without a nodeSelector it runs everywhere: both are ✗."""
    cluster.apply(SSD_MONITOR)
    cluster.advance(10)
    check_ssd_daemonset(cluster)
    assert "✗ no node is labelled disk=ssd yet (kubectl label node …)" in lines(capsys)

    cluster.apply(SSD_MONITOR.replace("      nodeSelector:\n        disk: ssd\n", ""))
    cluster.kubectl("label node node-1 disk=ssd")
    cluster.advance(10)
    check_ssd_daemonset(cluster)
    out = lines(capsys)
    assert "✗ its template would run it on nodes without disk=ssd too: give it a nodeSelector " \
           "disk: ssd" in out
    assert "✗ Pods still run on node-2, node-3: advance the clock (c.advance(10))" in out


def test_ssd_daemonset_solved(cluster, capsys):
    """Two nodes labelled, the DaemonSet selects them: once its Pods are ready, all ✓."""
    cluster.apply(SSD_MONITOR)
    cluster.kubectl("label node node-1 node-3 disk=ssd")
    check_ssd_daemonset(cluster)
    assert "✗ ready Pods run on no node: advance the clock (c.advance(10))" in lines(capsys)
    cluster.advance(10)
    check_ssd_daemonset(cluster)
    assert_all_pass(capsys)
    # A label taken away: the controller deletes that Pod (a Pod being deleted no longer counts).
    cluster.kubectl("label node node-3 disk-")
    cluster.advance(1)
    check_ssd_daemonset(cluster)
    out = lines(capsys)
    assert "✓ it should run on exactly node-1" in out and out[-1].startswith("All ")


def test_parallel_job(cluster, capsys):
    """completions 6, parallelism 3: running, then Complete; a wrong parallelism is named."""
    cluster.apply(examples.job("crunch", completions=6, parallelism=3, command="sleep 10"))
    cluster.advance(5)
    check_parallel_job(cluster)
    assert lines(capsys)[-2].startswith("✗ it is not complete yet (0/6)")
    cluster.advance(60)
    check_parallel_job(cluster)
    assert_all_pass(capsys)

    cluster.kubectl("delete job crunch")
    cluster.advance(5)
    cluster.apply(examples.job("crunch", completions=6, parallelism=2, command="sleep 10"))
    check_parallel_job(cluster)
    assert "✗ its parallelism is 2: want 3" in lines(capsys)


def test_failed_job_is_reported(cluster, capsys):
    """A Job that fails says so, rather than 'advance the clock'."""
    cluster.apply(examples.job("crunch", completions=6, parallelism=3, backoff_limit=0,
                               command="exit 1"))
    cluster.advance(30)
    check_parallel_job(cluster)
    assert lines(capsys)[-2] == "✗ it has failed: look at kubectl describe job"


def test_every_five_minutes(cluster, capsys):
    """*/5 with Forbid passes once it made a Job; 0,5,…,55 is the same schedule."""
    cluster.apply(EVERY_FIVE)
    check_every_five_minutes(cluster)
    assert lines(capsys)[-2] == "✗ it has made no Job yet: advance the clock (c.advance(300))"
    cluster.advance(301)
    check_every_five_minutes(cluster)
    assert_all_pass(capsys)

    cluster.apply(EVERY_FIVE.replace('"*/5 * * * *"', '"0,5,10,15,20,25,30,35,40,45,50,55 * * * *"'))
    check_every_five_minutes(cluster)
    assert_all_pass(capsys)


@pytest.mark.parametrize("schedule, policy, expected", [
    ("*/15 * * * *", "Forbid", '✗ its schedule "*/15 * * * *" does not fire every 5 minutes '
                               '(try "*/5 * * * *")'),
    ("5 * * * *", "Forbid", '✗ its schedule "5 * * * *" does not fire every 5 minutes '
                            '(try "*/5 * * * *")'),
    ("*/5 * * * *", "Allow", "✗ concurrencyPolicy is Allow: want Forbid"),
    ("*/5 * * * *", "Replace", "✗ concurrencyPolicy is Replace: want Forbid"),
])
def test_every_five_minutes_mistakes(cluster, capsys, schedule, policy, expected):
    """A schedule that is not every 5 minutes, or a policy other than Forbid, is named."""
    cluster.apply(examples.cron_job("every-five", schedule, policy, "sleep 30"))
    check_every_five_minutes(cluster)
    assert expected in lines(capsys)


def test_claims_kept(cluster, capsys):
    """web at 3 replicas, then scaled to 1: web-0 runs, www-web-1 and www-web-2 stay Bound."""
    cluster.apply(examples.stateful_set("web", replicas=3))
    cluster.advance(20)
    check_claims_kept(cluster)
    assert "✗ it wants 3 replicas: scale it to 1" in lines(capsys)
    cluster.kubectl("scale sts web --replicas=1")
    cluster.advance(10)
    check_claims_kept(cluster)
    assert_all_pass(capsys)


def test_claims_never_made(cluster, capsys):
    """Created with 1 replica straight away: the claims of web-1 and web-2 never existed."""
    cluster.apply(examples.stateful_set("web", replicas=1))
    cluster.advance(10)
    check_claims_kept(cluster)
    out = lines(capsys)
    assert "✗ the claim www-web-1 is missing: scale to 3 first, so that web-1 exists, " \
           "then to 1" in out
    assert "✓ only web-0 runs, ready" in out
