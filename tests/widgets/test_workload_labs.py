"""The workload labs: each control is a kubectl command or a node event; the lifelines
record what `kubectl get pods` showed for each of the workload's Pods over time."""

import html
import re

import pytest

from k8s_model import Cluster
from widgets.views.lifelines import PodLifelines, pod_state
from widgets.workload_labs import CronJobLab, DaemonSetLab, JobLab, StatefulSetLab


def text(widget) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", widget.value))


def states(lab) -> dict[str, list]:
    """{row label: [state, …]} in order, without times."""
    return {line.label: [s for _, s in line.changes] for line in lab.lifelines.rows()}


def test_pod_state_reduces_status_as_kubectl_shows_it():
    pod = {"metadata": {"name": "p", "uid": "u"}, "status": {"phase": "Running",
           "conditions": [{"type": "Ready", "status": "False"}]}}
    assert pod_state(pod) == "Running"
    pod["status"]["conditions"][0]["status"] = "True"
    assert pod_state(pod) == "Ready"
    pod["metadata"]["deletionTimestamp"] = "2026-01-01T00:00:00Z"
    assert pod_state(pod) == "Terminating"
    assert pod_state({"metadata": {"name": "p"}, "status": {}}) == "Pending"


def test_lifelines_keep_only_selected_pods_and_mark_them_gone():
    lines = PodLifelines(lambda pod: pod["metadata"]["name"].startswith("web"))

    class Event:
        resource, type = "pods", "ADDED"

        def __init__(self, obj, type_="ADDED"):
            self.object, self.type = obj, type_

    web = {"metadata": {"name": "web-0", "uid": "1"}, "status": {"phase": "Pending"}}
    lines.record(0, Event(web))
    lines.record(1, Event({"metadata": {"name": "db-0", "uid": "2"}, "status": {}}))
    lines.record(5, Event(web, "DELETED"))
    assert [(l.label, l.changes) for l in lines.rows()] == [("web-0", [(0, "Pending"),
                                                                       (5, None)])]


def test_daemonset_lab_gives_a_new_node_its_pod_and_keeps_a_failed_nodes_pod():
    lab = DaemonSetLab(Cluster(nodes=2, seed=0))
    # one Pod per worker, none on the tainted control plane
    assert [label.split(":")[0] for label in states(lab)] == ["node-1", "node-2"]
    assert all(s[-1] == "Ready" for s in states(lab).values())
    lab.add_node()
    lab.clock.step(20)
    assert sum(label.startswith("node-3: ") for label in states(lab)) == 1
    lab.node_choice.value = "node-1"
    lab.fail_node()
    lab.clock.step(120)
    node1 = next(s for label, s in states(lab).items() if label.startswith("node-1: "))
    # the node controller marks its Pods not Ready; the DaemonSet's tolerations keep it
    assert node1[-1] == "Running" and None not in node1
    lab.recover_node()
    lab.clock.step(30)
    assert all(s[-1] == "Ready" for s in states(lab).values())
    assert "node-agent" in text(lab.status) and lab.view.png.startswith(b"\x89PNG")


def test_job_lab_runs_to_completion_then_a_failing_run_hits_backoff_limit():
    lab = JobLab(Cluster(nodes=2, seed=0))
    assert lab.run() == "job.batch/work created"
    lab.clock.step(90)
    assert "Complete   5/5" in text(lab.status)
    lab.outcome.value = "sleep 5; exit 1"
    lab.backoff_limit.value = 1
    lab.run()
    lab.clock.step(60)
    failed = [s for s in states(lab).values() if s[-1] == "Failed"]
    assert len(failed) == 2   # backoffLimit 1: the second failure fails the Job
    assert re.search(r"work\s+Failed\s+0/5", text(lab.status))


def test_job_lab_refuses_bad_input_with_the_api_servers_words():
    lab = JobLab(Cluster(nodes=1, seed=0))
    lab.parallelism.value = 3
    lab.completions.value = 1
    assert lab.run() == "job.batch/work created"   # parallelism > completions is legal
    lab.restart_policy.value = "OnFailure"
    assert lab.run() == "job.batch/work created"


def test_cronjob_lab_creates_a_job_per_schedule_named_by_the_minute():
    lab = CronJobLab(Cluster(nodes=1, seed=0))
    assert lab.apply() == "cronjob.batch/report created"
    lab.clock.step(3600 + 60)   # four quarter hours and the last one's minute
    names = [label.split(" ")[0] for label in states(lab)]
    minutes = sorted({int(name.split("-")[1]) for name in names})
    assert len(minutes) == 4 and all(b - a == 15 for a, b in zip(minutes, minutes[1:]))
    assert all(m % 15 == 0 for m in minutes)   # Unix minutes of the scheduled times
    lab.suspend.value = True
    lab.apply()
    before = len(states(lab))
    lab.clock.step(3600)
    assert len(states(lab)) == before


def test_statefulset_lab_keeps_names_and_claims():
    lab = StatefulSetLab(Cluster(nodes=2, seed=0))
    rows = list(states(lab))
    assert [r.split(" ")[0] for r in rows] == ["web-0", "web-1", "web-2"]
    first = {line.label.split(" ")[0]: line.created for line in lab.lifelines.rows()}
    assert first["web-0"] < first["web-1"] < first["web-2"]   # OrderedReady
    lab.pod_choice.value = "web-1"
    lab.delete_pod()
    lab.clock.step(20)
    # a second lifeline for the new web-1 (on the same node it may carry the same label)
    assert [line.label.split(" ")[0] for line in lab.lifelines.rows()].count("web-1") == 2
    assert "www-web-1" in text(lab.status)
    lab.replicas.value = 1
    lab.scale()
    lab.clock.step(30)
    alive = [r.split(" ")[0] for r, s in states(lab).items() if s[-1] is not None]
    assert alive == ["web-0"]
    assert "www-web-2" in text(lab.status)   # claims outlive their Pods (Retain)


@pytest.mark.parametrize("make", [lambda: DaemonSetLab(Cluster(nodes=1, seed=4)),
                                  lambda: StatefulSetLab(Cluster(nodes=1, seed=4))])
def test_same_seed_same_picture(make):
    assert make().timeline.png == make().timeline.png
