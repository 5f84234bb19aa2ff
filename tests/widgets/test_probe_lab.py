"""The probe lab: fault buttons act on the running container through the public contract,
the kubelet reacts as upstream's does, and the timeline (restarts, readiness, back-off,
failed probes) redraws. Times are virtual: nginx:1.29 starts 2.1 s after the apply."""

import base64

import pytest

from k8s_model import Cluster
from widgets import ProbeLab, ProbeTimeline, ProbeTimelineView
from widgets.views.probe_timeline import ProbeHistory, container_state


def png_of(pane):
    (output,) = pane.out.outputs
    return base64.b64decode(output["data"]["image/png"])


def status(cluster, pod="web"):
    return cluster.get("pods", pod)["status"]["containerStatuses"][0]


@pytest.fixture
def lab():
    return ProbeLab(Cluster(nodes=1, seed=0))


def test_lab_starts_its_pod_and_shows_the_timeline(lab):
    """On creation the Pod is applied and running Ready; the timeline is a PNG already."""
    assert png_of(lab.timeline).startswith(b"\x89PNG")
    assert status(lab.cluster)["ready"] is True
    assert "web    1/1     Running   0" in lab.output.value
    text = lab.timeline.out.outputs[0]["data"]["text/plain"]
    assert text.startswith("Pod default/web, container web, t=0–")
    assert "0 restarts, now Ready; probe failures: none; kills: 0" in text
    assert {"k8s-lab", "k8s-probe-lab"} <= set(lab._dom_classes)
    assert "k8s-hang" in lab.hang_button._dom_classes


def test_crash_restarts_at_once_then_backs_off(lab):
    """Crash: restarted at once (RESTARTS 1); crash the new one: CrashLoopBackOff with the
    first back-off, 10 s (kubelet.go containerBackOffPeriod); a third click finds no
    running container and says so as `kubectl exec` would."""
    before = png_of(lab.timeline)
    lab.crash_button.click()
    lab.clock.step(1)
    assert status(lab.cluster)["restartCount"] == 1
    assert png_of(lab.timeline) != before
    lab.crash_button.click()
    waiting = status(lab.cluster)["state"]["waiting"]
    assert waiting["reason"] == "CrashLoopBackOff"
    assert waiting["message"].startswith("back-off 10s restarting failed container=web pod=web_")
    error = lab.act("crash")
    assert error == 'error: container not found ("web")'
    assert 'container not found (&quot;web&quot;)' in lab.output.value
    assert "CrashLoopBackOff" in lab.output.value   # kubectl get pod still shown
    lab.clock.step(15)
    assert status(lab.cluster)["restartCount"] == 2
    assert "back-offs: 10s" in lab.timeline.view.description()


def test_hang_is_caught_by_the_liveness_probe(lab):
    """Hang: the HTTP probes time out every 5 s; the third liveness failure kills the
    container; the hung nginx ignores SIGTERM, so it dies after the 30 s grace period."""
    lab.hang_button.click()
    lab.clock.step(20)
    history = lab.timeline.history
    assert [k for _, k, _ in history.events].count("Liveness") == 3
    assert [k for _, k, _ in history.events].count("Killing") == 1
    assert status(lab.cluster)["ready"] is False
    lab.clock.step(30)
    assert status(lab.cluster)["restartCount"] == 1
    assert status(lab.cluster)["lastState"]["terminated"]["exitCode"] == 137
    assert "kills: 1" in lab.timeline.out.outputs[0]["data"]["text/plain"]


def test_fail_readiness_and_recover_flip_ready_without_restart(lab):
    """Fail readiness: not Ready after three failures, no restart; Recover: Ready again."""
    lab.fail_readiness_button.click()
    lab.clock.step(20)
    pod = lab.cluster.get("pods", "web")
    ready = {c["type"]: c["status"] for c in pod["status"]["conditions"]}
    assert (ready["Ready"], ready["ContainersReady"]) == ("False", "False")
    assert "web    0/1     Running   0" in lab.cluster.kubectl("get pod web")
    lab.recover_button.click()
    lab.clock.step(10)
    assert status(lab.cluster)["ready"] is True
    assert status(lab.cluster)["restartCount"] == 0
    states = [s[2] for s in lab.timeline.history.samples]
    assert states[-3:] == ["ready", "running", "ready"]


def test_fail_liveness_kills_and_restarts(lab):
    """Fail liveness: 500s from the liveness check only; nginx stops at once on SIGTERM."""
    lab.fail_liveness_button.click()
    lab.clock.step(20)
    assert status(lab.cluster)["restartCount"] == 1
    assert status(lab.cluster)["lastState"]["terminated"]["exitCode"] == 0


def test_bad_manifest_shows_kubectls_message(capsys):
    """A YAML error, or a manifest that is not one Pod: the message in the lab, no Pod."""
    cluster = Cluster(nodes=1, seed=0)
    lab = ProbeLab(cluster, manifest="kind: Pod\nmetadata:\n  name: x\n   bad: 1\n")
    assert "error parsing STDIN: error converting YAML to JSON" in lab.output.value
    assert cluster.list("pods", "default") == []
    assert lab.act("hang") == "error: the lab has no Pod: its manifest was refused"
    deployment = ProbeLab(cluster, manifest="apiVersion: apps/v1\nkind: Deployment\n"
                                            "metadata:\n  name: web\n")
    assert "this manifest holds Deployment" in deployment.output.value
    invalid = ProbeLab(cluster, manifest="apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n"
                                         "spec:\n  containers: []\n")
    assert "is invalid" in invalid.output.value and "spec.containers" in invalid.output.value
    assert png_of(invalid.timeline).startswith(b"\x89PNG")


def test_watching_an_existing_pod(cluster):
    """manifest=None, pod=…: the lab observes a Pod made elsewhere; a wrong container name
    is refused with the API server's words."""
    cluster.kubectl("run other --image=nginx:1.29")
    cluster.advance(5)
    lab = ProbeLab(cluster, manifest=None, pod="other")
    assert lab.timeline.history.container == "other"
    with pytest.raises(ValueError, match="container nope is not valid for pod other"):
        cluster.break_container("other", "hang", container="nope")
    assert lab.act("explode").startswith('error: unknown action "explode"')


def test_timeline_samples_only_changes():
    """ProbeHistory keeps a sample only when restarts, state or back-off change, and
    starts over for a new Pod of the same name (a new uid)."""
    history = ProbeHistory("web")
    pod = {"metadata": {"uid": "a", "name": "web"},
           "spec": {"containers": [{"name": "web", "livenessProbe": {"tcpSocket": {"port": 80}}}]},
           "status": {"containerStatuses": [{"name": "web", "restartCount": 0, "ready": True,
                                             "state": {"running": {}}}]}}
    history.record_pod(1, pod)
    history.record_pod(2, pod)
    assert history.samples == [(1, 0, "ready", "")] and history.probes == ("Liveness",)
    history.record_pod(3, dict(pod, metadata={"uid": "b", "name": "web"}))
    assert history.samples == [(3, 0, "ready", "")] and history.start == 3
    assert container_state({"state": {"waiting": {
        "reason": "CrashLoopBackOff",
        "message": "back-off 1m20s restarting failed container=web pod=web_default(b)"}}}) \
        == ("backoff", "1m20s")
    assert ProbeTimelineView(history, until=10).description() == (
        "Pod default/web, container web, t=3–10s: 0 restarts, now Ready; "
        "probe failures: none; kills: 0")


def test_probe_timeline_follows_a_pod_created_later(cluster):
    """A ProbeTimeline made before the Pod exists records it from its creation on."""
    timeline = ProbeTimeline(cluster, "late")
    assert timeline.view.description() == "Pod default/late: no such Pod yet"
    cluster.kubectl("run late --image=nginx:1.29")
    cluster.advance(5)
    timeline.refresh()
    assert [s[2] for s in timeline.history.samples] == ["waiting", "ready"]


def test_a_kill_sits_on_the_row_of_the_probe_that_caused_it():
    """A startup probe's kill is drawn on the startup row, a liveness kill on the liveness
    row (rows top-down: liveness 0, startup 1); the PNG is the same byte for byte twice."""
    history = ProbeHistory("app")
    pod = {"metadata": {"uid": "a", "name": "app"},
           "spec": {"containers": [{"name": "app", "livenessProbe": {}, "startupProbe": {}}]},
           "status": {}}
    history.record_pod(0, pod)
    for t, message in ((30, "Container app failed startup probe, will be restarted"),
                       (90, "Container app failed liveness probe, will be restarted")):
        history.record_event(t, {"reason": "Killing", "message": message, "involvedObject": {
            "uid": "a", "fieldPath": "spec.containers{app}"}})
    view = ProbeTimelineView(history, until=100)
    probes_axes = view.figure().axes[-1]
    kills = [c for c in probes_axes.collections if c.get_label() == "Killing"][0]
    assert kills.get_offsets().tolist() == [[30, 1], [90, 0]]
    assert view.png() == view.png()
