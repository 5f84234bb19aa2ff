"""The rolling-update lab: each button is one kubectl command; the Deployment controller
rolls out, stalls on a bad image within its bounds, pauses and undoes; the timeline,
revision table and picture follow."""

import html
import re

import pytest

from k8s_model import Cluster
from widgets import RolloutLab
from widgets.views.rollout_timeline import AVAILABLE, CEILING, FLOOR, TOTAL


def text(widget) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", widget.value))


def rs_replicas(lab) -> dict[str, tuple[str, int]]:
    """{revision: (image, spec.replicas)} of the lab's ReplicaSets."""
    return {rs["metadata"]["annotations"]["deployment.kubernetes.io/revision"]:
            (rs["spec"]["template"]["spec"]["containers"][0]["image"], rs["spec"]["replicas"])
            for rs in lab.replica_sets()}


def value_at(points, t):
    """A step series' value at time t (the last sample at or before t)."""
    return [v for when, v in points if when <= t][-1]


def bounds_held(lab, since: float) -> bool:
    """At every sample after `since`: Σ replicas ≤ replicas+maxSurge, available ≥ floor."""
    totals = lab.history.totals
    times = sorted({t for points in totals.values() for t, _ in points if t >= since})
    return all(value_at(totals[TOTAL], t) <= value_at(totals[CEILING], t)
               and value_at(totals[AVAILABLE], t) >= value_at(totals[FLOOR], t) for t in times)


@pytest.fixture
def lab():
    return RolloutLab(Cluster(nodes=3, seed=0))


def test_lab_starts_its_deployment_and_draws(lab):
    assert lab.description().startswith(
        "Deployment default/web revision 1: 4 updated, 4 available of 4; ReplicaSets web-")
    assert lab.timeline.png.startswith(b"\x89PNG") and lab.view.png.startswith(b"\x89PNG")
    assert 'deployment "web" successfully rolled out' in text(lab.status)
    assert "1 (current)" in text(lab.revisions) and "nginx:1.27" in text(lab.revisions)
    assert lab._repr_mimebundle_()["image/png"]  # the static picture is the timeline


def test_new_image_rolls_out_within_the_bounds(lab):
    start = lab.cluster.now
    lab.image.value = "nginx:1.28"
    assert lab.rollout() == "deployment.apps/web configured"
    # the first sync: the new ReplicaSet surges by 1, the old loses 1 (25 % of 4 each)
    assert rs_replicas(lab) == {"1": ("nginx:1.27", 3), "2": ("nginx:1.28", 2)}
    lab.clock.step(60)
    assert rs_replicas(lab) == {"1": ("nginx:1.27", 0), "2": ("nginx:1.28", 4)}
    assert bounds_held(lab, start)
    assert 'deployment "web" successfully rolled out' in text(lab.status)
    assert "2 (current)" in text(lab.revisions)
    # Pods are coloured by their ReplicaSet, and the timeline has both.
    new = [p for p in lab.cluster.list("pods", "default")
           if not p["metadata"].get("deletionTimestamp")]
    assert {lab.pod_style(p)["color"] for p in new} == {lab.history.sets[
        f"web-{new[0]['metadata']['labels']['pod-template-hash']}"].color}
    assert len(lab.history.sets) == 2
    assert lab.timeline.view.end_time() == lab.cluster.now


def test_a_missing_tag_stalls_at_the_floor_and_undo_restores(lab):
    lab.image.value = "nginx:1.99"
    lab.rollout()
    lab.clock.step(120)
    # old Pods keep serving: 3 = replicas - maxUnavailable; the new ones never pull
    assert rs_replicas(lab) == {"1": ("nginx:1.27", 3), "2": ("nginx:1.99", 2)}
    pulling = [p for p in lab.cluster.list("pods", "default")
               if p["spec"]["containers"][0]["image"] == "nginx:1.99"]
    reasons = {p["status"]["containerStatuses"][0]["state"]["waiting"]["reason"]
               for p in pulling}
    assert reasons <= {"ErrImagePull", "ImagePullBackOff"} and reasons
    assert ('Waiting for deployment "web" rollout to finish: 2 out of 4 new replicas '
            "have been updated...") in text(lab.status)
    assert lab.undo() == "deployment.apps/web rolled back"
    assert lab.image.value == "nginx:1.27"  # the controls follow the live template
    lab.clock.step(60)
    # the restored template is the newest revision; revision 1 is gone (it is now 3)
    assert rs_replicas(lab) == {"2": ("nginx:1.99", 0), "3": ("nginx:1.27", 4)}
    assert bounds_held(lab, lab.marks[0][0])


def test_redis_never_answers_the_readiness_probe(lab):
    lab.image.value = "redis:7"
    lab.rollout()
    lab.clock.step(60)
    new = [p for p in lab.cluster.list("pods", "default")
           if p["spec"]["containers"][0]["image"] == "redis:7"]
    assert new and all(p["status"]["phase"] == "Running" for p in new)
    assert not any(c["ready"] for p in new for c in p["status"]["containerStatuses"])
    assert rs_replicas(lab)["1"] == ("nginx:1.27", 3)


def test_pause_records_changes_without_rolling_them_out(lab):
    lab.image.value = "nginx:1.28"
    lab.rollout()
    lab.clock.step(60)
    assert lab.pause() == "deployment.apps/web paused"
    assert lab.pause() == 'error: deployments.apps "web" is already paused'
    lab.image.value = "nginx:1.29"
    lab.rollout()
    lab.clock.step(30)
    # no new ReplicaSet while paused
    assert rs_replicas(lab) == {"1": ("nginx:1.27", 0), "2": ("nginx:1.28", 4)}
    assert "paused" in lab.description()
    assert lab.undo() == ("error: you cannot rollback a paused deployment; resume it first "
                          "with 'kubectl rollout resume deployment/web' and try again")
    assert lab.resume() == "deployment.apps/web resumed"
    lab.clock.step(60)
    assert rs_replicas(lab) == {"1": ("nginx:1.27", 0), "2": ("nginx:1.28", 0),
                                "3": ("nginx:1.29", 4)}


def test_bad_knobs_get_the_api_servers_message_and_change_nothing(lab):
    generation = lab.deployment()["metadata"]["generation"]
    lab.max_surge.value = "abc"
    error = lab.rollout()
    assert error.startswith('The Deployment "web" is invalid: spec.strategy.rollingUpdate.'
                            'maxSurge: Invalid value: abc: a valid percent string must be')
    lab.max_surge.value, lab.max_unavailable.value = "0", "0"
    assert lab.rollout().endswith("maxUnavailable: Invalid value: 0: may not be 0 when "
                                  "`maxSurge` is 0")
    assert "k8s-error" in lab.output.value
    assert lab.deployment()["metadata"]["generation"] == generation


def test_percentages_and_integers_set_the_bounds(lab):
    lab.replicas.value, lab.max_surge.value, lab.max_unavailable.value = 10, "30%", "2"
    lab.rollout()
    lab.clock.step(60)
    totals = lab.history.totals
    assert totals[CEILING][-1][1] == 10 + 3   # 30 % of 10 rounds up
    assert totals[FLOOR][-1][1] == 10 - 2


def test_recreate_stops_every_old_pod_before_a_new_one(lab):
    lab.strategy.value = "Recreate"
    assert lab.max_surge.disabled and lab.max_unavailable.disabled
    lab.image.value = "nginx:1.28"
    lab.rollout()
    lab.clock.step(60)
    old, new = (s for s in lab.history.sets.values())
    first_new = next(t for t, v in new.desired if v > 0)
    assert value_at(old.desired, first_new) == 0
    assert rs_replicas(lab)["2"] == ("nginx:1.28", 4)


def test_same_seed_same_pictures():
    def run():
        lab = RolloutLab(Cluster(nodes=2, seed=3))
        lab.image.value = "nginx:1.29"
        lab.rollout()
        lab.clock.step(20)
        return lab.timeline.png, lab.view.png, lab.revisions.value
    assert run() == run()
