"""The Job controller: parallel completions, failure counting and back-off, deadline,
suspend, TTL after finished, Indexed Jobs, and what `kubectl get jobs` shows."""

import pytest

from k8s_model import Cluster, KubectlError
from k8s_model.controllers.job.backoff import remaining_time_for_failures
from k8s_model.controllers.job.indexed import parse, to_string, with_indexes
from k8s_model.sim import parse_timestamp

JOB = """
apiVersion: batch/v1
kind: Job
metadata:
  name: {name}
spec:
{spec}  template:
    spec:
      restartPolicy: {restart}
      containers:
      - name: main
        image: busybox
        command: ["sh", "-c", "{command}"]
"""


def job_yaml(name="pi", command="sleep 20", restart="Never", **spec):
    lines = "".join(f"  {k}: {str(v).lower() if isinstance(v, bool) else v}\n"
                    for k, v in spec.items())
    return JOB.format(name=name, spec=lines, restart=restart, command=command)


def pods_of(c, job="pi"):
    return sorted((p for p in c.list("pods", "default")
                   if (p["metadata"].get("labels") or {}).get("batch.kubernetes.io/job-name") == job),
                  key=lambda p: p["metadata"]["creationTimestamp"] + p["metadata"]["name"])


def events(c, reason, kind="Job"):
    return [(e["type"], e["message"]) for e in c.list("events", "default")
            if e["involvedObject"]["kind"] == kind and e["reason"] == reason]


def conditions(c, name="pi"):
    return [(x["type"], x["status"], x.get("reason"), x.get("message"))
            for x in c.get("jobs", name)["status"].get("conditions", [])]


def is_active(pod):
    return (pod["status"].get("phase") not in ("Succeeded", "Failed")
            and not pod["metadata"].get("deletionTimestamp"))


def test_completions_5_parallelism_2_runs_two_at_a_time_and_completes():
    """At most 2 Pods run at once (min(completions − succeeded, parallelism)); the Job
    completes after 5 successes with SuccessCriteriaMet then Complete (v1.31+)."""
    c = Cluster(nodes=2)
    c.apply(job_yaml(completions=5, parallelism=2))
    most = 0
    for _ in range(120):
        c.advance(1)
        most = max(most, sum(map(is_active, pods_of(c))))
    assert most == 2
    pods = pods_of(c)
    assert len(pods) == 5 and all(p["status"]["phase"] == "Succeeded" for p in pods)
    assert all(p["metadata"]["name"].startswith("pi-") and len(p["metadata"]["name"]) == 8
               and "finalizers" not in p["metadata"] for p in pods)   # tracking finalizer removed
    reached = ("CompletionsReached", "Reached expected number of succeeded pods")
    assert conditions(c) == [("SuccessCriteriaMet", "True", *reached),
                             ("Complete", "True", *reached)]
    status = c.get("jobs", "pi")["status"]
    assert (status["succeeded"], status["ready"], status["terminating"]) == (5, 0, 0)
    assert status["uncountedTerminatedPods"] == {} and "active" not in status
    assert sorted(events(c, "SuccessfulCreate")) == sorted(
        ("Normal", f"Created pod: {p['metadata']['name']}") for p in pods)
    assert events(c, "Completed") == [("Normal", "Job completed")]


def test_pods_carry_the_labels_and_the_tracking_finalizer():
    """Pods get the Job's generated labels and, while running, batch.kubernetes.io/job-tracking."""
    c = Cluster(nodes=2)
    c.apply(job_yaml())
    c.advance(5)
    job, (pod,) = c.get("jobs", "pi"), pods_of(c)
    uid = job["metadata"]["uid"]
    assert pod["metadata"]["labels"] == {
        "batch.kubernetes.io/controller-uid": uid, "batch.kubernetes.io/job-name": "pi",
        "controller-uid": uid, "job-name": "pi"}
    assert pod["metadata"]["finalizers"] == ["batch.kubernetes.io/job-tracking"]
    assert pod["metadata"]["ownerReferences"][0]["kind"] == "Job"
    assert job["spec"]["selector"] == {"matchLabels": {"batch.kubernetes.io/controller-uid": uid}}


def test_kubectl_get_jobs_columns_while_running_and_after():
    """STATUS / COMPLETIONS / DURATION as printers.go printJob: DURATION runs to now,
    then stops at completionTime."""
    c = Cluster(nodes=2)
    c.apply(job_yaml(completions=5, parallelism=2))
    c.advance(30)
    assert c.kubectl("get jobs") == (
        "NAME   STATUS    COMPLETIONS   DURATION   AGE\n"
        "pi     Running   2/5           30s        30s")
    c.advance(90)
    status = c.get("jobs", "pi")["status"]
    took = int(parse_timestamp(status["completionTime"]) - parse_timestamp(status["startTime"]))
    assert c.kubectl("get jobs") == (
        "NAME   STATUS     COMPLETIONS   DURATION   AGE\n"
        f"pi     Complete   5/5           {took}s        2m")


@pytest.mark.parametrize("spec, completions", [
    ({}, "0/1"), ({"parallelism": 3}, "0/1 of 3"), ({"completions": 4}, "0/4")])
def test_completions_column_forms(spec, completions):
    """printJob: `n/completions`, or `n/1 of parallelism` for a work queue Job."""
    c = Cluster(nodes=2)
    c.apply(job_yaml(**spec))
    assert c.kubectl("get jobs").splitlines()[1].startswith(f"pi     Running   {completions}   ")


def test_restart_policy_always_is_rejected_with_the_real_message():
    """ValidateJob (pkg/apis/batch/validation): Always (what defaulting gives) is refused."""
    c = Cluster(nodes=1)
    with pytest.raises(KubectlError) as refused:
        c.apply(job_yaml(restart="Always"))
    assert str(refused.value) == (
        'The Job "pi" is invalid: spec.template.spec.restartPolicy: '
        'Required value: valid values: "OnFailure", "Never"')
    assert c.list("jobs", "default") == []


def test_backoff_table():
    """getRemainingTimeForFailuresCount: 10 s doubling per failure, capped at 10 minutes
    (DefaultJobPodFailureBackOff, MaxJobPodFailureBackOff), minus time already waited."""
    cases = [(0, 0, 0), (1, 0, 10), (1, 4, 6), (1, 10, 0), (2, 0, 20), (3, 0, 40),
             (6, 0, 320), (7, 0, 600), (12, 0, 600), (3, 50, 0)]
    for failures, waited, want in cases:
        assert remaining_time_for_failures(100.0 + waited, 10.0, 600.0, failures, 100.0) == want


def test_failed_pods_hit_the_backoff_limit_after_exponential_delays():
    """restartPolicy Never, backoffLimit 6: every failed Pod counts; each re-creation
    waits 10, 20, 40, 80, 160, 320 s after the last failure; the 7th failure exceeds
    the limit: FailureTarget, then Failed, reason BackoffLimitExceeded."""
    c = Cluster(nodes=2)
    c.apply(job_yaml(name="fail", command="exit 1", backoffLimit=6))
    c.advance(900)
    pods = pods_of(c, "fail")
    assert len(pods) == 7 and all(p["status"]["phase"] == "Failed" for p in pods)
    delays = []
    for before, after in zip(pods, pods[1:]):
        finished = parse_timestamp(before["status"]["containerStatuses"][0]["state"]["terminated"]
                                   ["finishedAt"])
        delays.append(parse_timestamp(after["metadata"]["creationTimestamp"]) - finished)
    # The next sync comes on the workqueue's clock, at most a second or two late.
    assert [round(d, -1) for d in delays] == [10, 20, 40, 80, 160, 320]
    exceeded = ("BackoffLimitExceeded", "Job has reached the specified backoff limit")
    assert conditions(c, "fail") == [("FailureTarget", "True", *exceeded),
                                     ("Failed", "True", *exceeded)]
    assert c.get("jobs", "fail")["status"]["failed"] == 7
    assert events(c, "BackoffLimitExceeded") == [("Warning", exceeded[1])]
    assert c.kubectl("get job fail").splitlines()[1].split()[:3] == ["fail", "Failed", "0/1"]


def test_on_failure_counts_container_restarts():
    """restartPolicy OnFailure: the container restarts in place; when the restartCounts
    of the running Pods reach backoffLimit (2) the Job fails and its Pod is deleted."""
    c = Cluster(nodes=2)
    c.apply(job_yaml(name="crash", command="exit 1", restart="OnFailure", backoffLimit=2))
    assert c.run_until(lambda: any(x[0] == "Failed" for x in conditions(c, "crash")), 300)
    assert len(events(c, "SuccessfulCreate")) == 1
    assert len(events(c, "SuccessfulDelete")) == 1
    assert conditions(c, "crash")[-1][2] == "BackoffLimitExceeded"
    assert c.get("jobs", "crash")["status"]["failed"] == 1
    c.advance(60)
    assert pods_of(c, "crash") == []   # the finalizer came off, the deleted Pod went


def test_active_deadline_seconds():
    """activeDeadlineSeconds 30: at 30 s the running Pod is deleted; FailureTarget shows
    while it terminates, then Failed with reason DeadlineExceeded."""
    c = Cluster(nodes=2)
    c.apply(job_yaml(name="slow", command="sleep 600", activeDeadlineSeconds=30))
    c.advance(29)
    assert conditions(c, "slow") == []
    c.advance(1.5)
    deadline = ("DeadlineExceeded", "Job was active longer than specified deadline")
    assert conditions(c, "slow") == [("FailureTarget", "True", *deadline)]
    assert "FailureTarget" in c.kubectl("get job slow")
    assert c.run_until(lambda: len(conditions(c, "slow")) == 2, 120)
    assert conditions(c, "slow")[1] == ("Failed", "True", *deadline)
    assert events(c, "DeadlineExceeded") == [("Warning", deadline[1])]
    assert "Failed" in c.kubectl("get job slow")


def test_suspend_and_resume():
    """Created suspended: no Pods, no startTime, Suspended=True (JobSuspended). Resumed:
    Pods start, Suspended=False (JobResumed), startTime set. Suspended while running:
    its active Pods are deleted."""
    c = Cluster(nodes=2)
    c.apply(job_yaml(command="sleep 60", suspend=True))
    c.advance(10)
    assert pods_of(c) == [] and "startTime" not in c.get("jobs", "pi")["status"]
    assert conditions(c) == [("Suspended", "True", "JobSuspended", "Job suspended")]
    assert events(c, "Suspended") == [("Normal", "Job suspended")]
    assert c.kubectl("get jobs").splitlines()[1].split()[:3] == ["pi", "Suspended", "0/1"]
    c.kubectl_client.patch("jobs", "default", "pi", {"spec": {"suspend": False}})
    c.advance(10)
    assert len(pods_of(c)) == 1 and is_active(pods_of(c)[0])
    assert conditions(c) == [("Suspended", "False", "JobResumed", "Job resumed")]
    assert c.get("jobs", "pi")["status"]["startTime"] == "2026-01-01T00:00:10Z"
    assert events(c, "Resumed") == [("Normal", "Job resumed")]
    c.kubectl_client.patch("jobs", "default", "pi", {"spec": {"suspend": True}})
    c.advance(1)
    assert events(c, "SuccessfulDelete") == [
        ("Normal", f"Deleted pod: {pods_of(c)[0]['metadata']['name']}")]
    assert conditions(c)[0][:3] == ("Suspended", "True", "JobSuspended")
    c.advance(60)
    assert pods_of(c) == [] and c.get("jobs", "pi")["status"].get("active", 0) == 0


def test_ttl_seconds_after_finished_deletes_job_and_pods():
    """The ttl-after-finished controller deletes the Job (foreground: Pods first) 100 s
    after its Complete condition."""
    c = Cluster(nodes=2)
    c.apply(job_yaml(command="sleep 5", ttlSecondsAfterFinished=100))
    assert c.run_until(lambda: c.get("jobs", "pi")["status"].get("completionTime"), 60)
    finished = parse_timestamp(c.get("jobs", "pi")["status"]["completionTime"])
    c.advance(finished + 99 - c.now)
    assert c.list("jobs", "default") and pods_of(c)
    c.advance(2)
    assert c.list("jobs", "default") == [] and pods_of(c) == []


def test_indexed_job_pods():
    """completionMode Indexed: names `<job>-<index>-xxxxx`, the completion index as
    annotation, label and JOB_COMPLETION_INDEX, hostname `<job>-<index>`, and
    status.completedIndexes."""
    c = Cluster(nodes=2)
    c.apply(job_yaml(name="idx", command="sleep 5", completions=3, parallelism=3,
                     completionMode="Indexed"))
    c.advance(5)
    pods = sorted(pods_of(c, "idx"), key=lambda p: p["metadata"]["name"])
    assert [p["metadata"]["name"][:-5] for p in pods] == ["idx-0-", "idx-1-", "idx-2-"]
    for index, pod in enumerate(pods):
        key = "batch.kubernetes.io/job-completion-index"
        assert pod["metadata"]["annotations"][key] == str(index)
        assert pod["metadata"]["labels"][key] == str(index)
        assert pod["spec"]["hostname"] == f"idx-{index}"
        assert pod["spec"]["containers"][0]["env"][0]["name"] == "JOB_COMPLETION_INDEX"
    c.advance(30)
    status = c.get("jobs", "idx")["status"]
    assert (status["completedIndexes"], status["succeeded"]) == ("0-2", 3)


def test_completed_indexes_format():
    """orderedIntervals.String (indexed_job_utils_test.go): "1,2" for two neighbours,
    "3-5" for three or more; parsing ignores indexes ≥ completions."""
    assert to_string(with_indexes([], [0, 1, 3, 4, 5, 7])) == "0,1,3-5,7"
    assert to_string(parse("0,1,3-5,7", 5)) == "0,1,3,4"
