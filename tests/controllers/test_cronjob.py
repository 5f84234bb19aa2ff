"""The CronJob controller: schedule times, Job names, concurrency policies, history
limits, missed schedules, time zones, and `kubectl get cronjobs,jobs`."""

from datetime import datetime, timezone

from k8s_model import Cluster
from k8s_model.controllers.cronjob.utils import Schedule, most_recent_schedule_time

CRONJOB = """
apiVersion: batch/v1
kind: CronJob
metadata:
  name: {name}
spec:
  schedule: "{schedule}"
{spec}  jobTemplate:
    spec:
      backoffLimit: 0
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: main
            image: busybox
            command: ["sh", "-c", "{command}"]
"""
EPOCH_MINUTES = 29453760   # 2026-01-01T00:00:00Z, virtual time 0, in Unix minutes


def cron_yaml(name="tick", schedule="*/10 * * * *", command="sleep 30", **spec):
    lines = "".join(f"  {k}: {str(v).lower() if isinstance(v, bool) else v}\n"
                    for k, v in spec.items())
    return CRONJOB.format(name=name, schedule=schedule, spec=lines, command=command)


def job_names(c):
    return sorted(j["metadata"]["name"] for j in c.list("jobs", "default"))


def events(c, reason):
    return [e["message"] for e in c.list("events", "default")
            if e["involvedObject"]["kind"] == "CronJob" and e["reason"] == reason]


def suspend(c, name, value):
    c.kubectl_client.patch("cronjobs", "default", name, {"spec": {"suspend": value}})


def at(minute, second=0):
    return datetime(2026, 1, 1, minute // 60, minute % 60, second, tzinfo=timezone.utc)


def test_fires_on_schedule_across_an_hour_with_minute_names():
    """*/10 for an hour: a Job at :10 … :60, each named `<cronjob>-<Unix minutes>` with
    the scheduled-timestamp annotation; 3 succeeded Jobs kept (successfulJobsHistoryLimit)."""
    c = Cluster(nodes=2)
    c.apply(cron_yaml())
    c.advance(3600 + 60)
    created = [m.removeprefix("Created job ") for m in events(c, "SuccessfulCreate")]
    assert created == [f"tick-{EPOCH_MINUTES + m}" for m in (10, 20, 30, 40, 50, 60)]
    assert job_names(c) == [f"tick-{EPOCH_MINUTES + m}" for m in (40, 50, 60)]
    assert [m.removeprefix("Deleted job ") for m in events(c, "SuccessfulDelete")] == created[:3]
    job = c.get("jobs", f"tick-{EPOCH_MINUTES + 60}")
    assert job["metadata"]["annotations"] == {
        "batch.kubernetes.io/cronjob-scheduled-timestamp": "2026-01-01T01:00:00Z"}
    assert job["metadata"]["creationTimestamp"] == "2026-01-01T01:00:00Z"
    assert job["metadata"]["ownerReferences"][0]["kind"] == "CronJob"
    status = c.get("cronjobs", "tick")["status"]
    assert status["lastScheduleTime"] == "2026-01-01T01:00:00Z"
    assert status["lastSuccessfulTime"] == job["status"]["completionTime"]
    assert "active" not in status
    assert events(c, "SawCompletedJob")[0] == f"Saw completed job: tick-{EPOCH_MINUTES + 10}, " \
                                              "status: Complete"


def test_kubectl_get_cronjobs_and_jobs_during_and_after():
    """The CronJob's ACTIVE and LAST SCHEDULE columns follow its Job."""
    c = Cluster(nodes=2)
    c.apply(cron_yaml())
    c.advance(600 + 10)
    name = f"tick-{EPOCH_MINUTES + 10}"
    assert c.kubectl("get cronjobs,jobs") == (
        "NAME                 SCHEDULE       TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE\n"
        "cronjob.batch/tick   */10 * * * *   <none>     False     1        10s             10m\n"
        "\n"
        "NAME                      STATUS    COMPLETIONS   DURATION   AGE\n"
        f"job.batch/{name}   Running   0/1           10s        10s")
    c.advance(60)
    lines = c.kubectl("get cronjobs,jobs").splitlines()
    assert lines[1].split()[8:10] == ["0", "70s"]
    assert lines[4].split()[:3] == [f"job.batch/{name}", "Complete", "1/1"]


def test_forbid_skips_a_run_while_the_previous_job_runs():
    """concurrencyPolicy Forbid: at :10 the :05 Job still runs — JobAlreadyActive."""
    c = Cluster(nodes=2)
    c.apply(cron_yaml(schedule="*/5 * * * *", command="sleep 400", concurrencyPolicy="Forbid"))
    c.advance(660)
    assert job_names(c) == [f"tick-{EPOCH_MINUTES + 5}"]
    assert events(c, "JobAlreadyActive") == [
        "Not starting job because prior execution is running and concurrency policy is Forbid"]
    # lastScheduleTime stayed at :05, so when the :05 Job ends (~:11:45) the :10 run
    # is still unmet and starts late — v2 behaviour; startingDeadlineSeconds prevents it.
    c.advance(120)
    assert job_names(c) == [f"tick-{EPOCH_MINUTES + 5}", f"tick-{EPOCH_MINUTES + 10}"]
    late = c.get("jobs", f"tick-{EPOCH_MINUTES + 10}")["metadata"]["creationTimestamp"]
    assert "2026-01-01T00:11:40Z" < late < "2026-01-01T00:12:00Z"


def test_replace_deletes_the_running_job():
    """concurrencyPolicy Replace: at :10 the running :05 Job is deleted, :10 created."""
    c = Cluster(nodes=2)
    c.apply(cron_yaml(schedule="*/5 * * * *", command="sleep 400", concurrencyPolicy="Replace"))
    c.advance(610)
    assert events(c, "SuccessfulDelete") == [f"Deleted job tick-{EPOCH_MINUTES + 5}"]
    assert job_names(c) == [f"tick-{EPOCH_MINUTES + 10}"]
    active = c.get("cronjobs", "tick")["status"]["active"]
    assert [a["name"] for a in active] == [f"tick-{EPOCH_MINUTES + 10}"]
    assert c.get("cronjobs", "tick")["status"]["lastScheduleTime"] == "2026-01-01T00:10:00Z"


def test_allow_runs_jobs_side_by_side():
    """concurrencyPolicy Allow (the default): overlapping Jobs are both active."""
    c = Cluster(nodes=2)
    c.apply(cron_yaml(schedule="*/5 * * * *", command="sleep 400"))
    c.advance(610)
    assert len(c.get("cronjobs", "tick")["status"]["active"]) == 2


def test_failed_jobs_history_limit_keeps_one():
    """failedJobsHistoryLimit 1 (default): only the newest failed Job remains."""
    c = Cluster(nodes=2)
    c.apply(cron_yaml(schedule="*/5 * * * *", command="exit 1"))
    c.advance(1210)
    assert job_names(c) == [f"tick-{EPOCH_MINUTES + 20}"]
    assert len(events(c, "SuccessfulDelete")) == 3
    assert "status: Failed" in events(c, "SawCompletedJob")[0]


def test_only_the_most_recent_missed_time_starts_after_a_suspend():
    """Suspended from 00:01 to 00:57 with */10: of 00:10 … 00:50 only 00:50 starts."""
    c = Cluster(nodes=2)
    c.apply(cron_yaml(suspend=True))
    c.advance(57 * 60)
    assert job_names(c) == [] and "SUSPEND   ACTIVE" in c.kubectl("get cronjobs")
    assert c.kubectl("get cronjobs").splitlines()[1].split()[7] == "True"
    suspend(c, "tick", False)
    c.advance(1)
    assert job_names(c) == [f"tick-{EPOCH_MINUTES + 50}"]
    assert c.get("cronjobs", "tick")["status"]["lastScheduleTime"] == "2026-01-01T00:50:00Z"


def test_starting_deadline_seconds_misses_a_late_start():
    """startingDeadlineSeconds 60: resumed 7 minutes after 00:50 is too late."""
    c = Cluster(nodes=2)
    c.apply(cron_yaml(suspend=True, startingDeadlineSeconds=60))
    c.advance(57 * 60)
    suspend(c, "tick", False)
    c.advance(1)
    assert job_names(c) == []
    assert c.run_until(lambda: job_names(c), 600)
    assert job_names(c) == [f"tick-{EPOCH_MINUTES + 60}"]


def test_starting_deadline_moves_the_earliest_time():
    """startingDeadlineSeconds 200: a sync 150 s late still finds the 00:10 run; 240 s
    late the earliest time considered is now − 200 s, past 00:10 (mostRecentScheduleTime)."""
    cj = {"metadata": {"creationTimestamp": "2026-01-01T00:00:00Z"},
          "spec": {"startingDeadlineSeconds": 200}, "status": {}}
    epoch = lambda text: datetime.fromisoformat(text.replace("Z", "+00:00"))
    schedule = Schedule("*/10 * * * *", None)
    _, recent, missed, _ = most_recent_schedule_time(cj, at(12, 30), schedule, epoch, True)
    assert (recent, missed) == (at(10), "none")
    _, recent, _, _ = most_recent_schedule_time(cj, at(14), schedule, epoch, True)
    assert recent is None   # 00:10 lies before now − 200 s


def test_too_many_missed_start_times():
    """More than 100 missed times: the TooManyMissedTimes warning, and the most
    recent time still starts (utils.go nextScheduleTime)."""
    c = Cluster(nodes=2)
    c.apply(cron_yaml(schedule="* * * * *", suspend=True))
    c.advance(120 * 60 + 30)
    suspend(c, "tick", False)
    c.advance(1)
    assert events(c, "TooManyMissedTimes") == [
        "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or "
        "check clock skew"]
    assert job_names(c) == [f"tick-{EPOCH_MINUTES + 120}"]


def test_time_zone():
    """timeZone Asia/Seoul: 09:30 KST is 00:30 UTC; the annotation keeps the zone."""
    c = Cluster(nodes=2)
    c.apply(cron_yaml(schedule="30 9 * * *", timeZone="Asia/Seoul"))
    c.advance(30 * 60 + 1)
    (name,) = job_names(c)
    assert name == f"tick-{EPOCH_MINUTES + 30}"
    assert c.get("jobs", name)["metadata"]["annotations"][
        "batch.kubernetes.io/cronjob-scheduled-timestamp"] == "2026-01-01T09:30:00+09:00"
    assert "Asia/Seoul" in c.kubectl("get cronjobs")


def test_every_descriptor_and_next_times():
    """robfig/cron's @every and descriptors; Next is strictly after the given time."""
    assert Schedule("@every 90s", None).next(at(0, 10)) == at(1, 40)
    assert Schedule("@hourly", None).next(at(0)) == at(60)
    assert Schedule("*/15 * * * *", None).next(at(15)) == at(30)
    assert Schedule("0 0 31 2 *", None).next(at(0)) is None
