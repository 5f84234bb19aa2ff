"""The HPA lab: the docs' HorizontalPodAutoscaler walkthrough
(https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale-walkthrough/)
driven by buttons — php-apache, `kubectl autoscale … --cpu=50% --min=1 --max=10`, a load
generator — and the timeline of load, CPU and replicas. Upstream behaviour checked:
scale-up within a sync or two (at most ×2 or +4 per sync: horizontal.go
scaleUpLimitFactor 2, scaleUpLimitMinimum 4), scale-down only after the 300 s
stabilization window (--horizontal-pod-autoscaler-downscale-stabilization), the
condition AbleToScale=ScaleDownStabilized meanwhile, and maxReplicas as a ceiling."""

import base64

import pytest

from k8s_model import Cluster
from widgets import HPALab, HPATimelineView
from widgets.views.hpa_timeline import HPAHistory, hpa_sample


def png_of(pane):
    (output,) = pane.out.outputs
    return base64.b64decode(output["data"]["image/png"])


def replicas(lab):
    return lab.cluster.get("deployments", "php-apache")["spec"]["replicas"]


@pytest.fixture
def lab():
    return HPALab(Cluster(nodes=2))


def test_lab_sets_up_the_walkthrough_and_draws(lab):
    """On creation: the Deployment and Service applied, the HPA created as
    `kubectl autoscale` does it, no load yet; the timeline is a PNG already."""
    hpa = lab.cluster.get("horizontalpodautoscalers", "php-apache")
    assert hpa["spec"]["minReplicas"] == 1 and hpa["spec"]["maxReplicas"] == 10
    assert hpa["spec"]["metrics"][0]["resource"]["target"]["averageUtilization"] == 50
    assert "horizontalpodautoscaler.autoscaling/php-apache autoscaled" in lab.output.value
    assert "$ kubectl get hpa php-apache" in lab.output.value
    assert lab.generator.rps == 0
    assert png_of(lab.timeline).startswith(b"\x89PNG")
    assert {"k8s-lab", "k8s-hpa-lab"} <= set(lab._dom_classes)
    assert lab._repr_mimebundle_()["image/png"]


def test_load_scales_up_then_holds_for_the_stabilization_window(lab):
    """100 req/s: 250 % of the request (the 500m limit caps one Pod), so 1 → 4 (×2, or
    +4) → … → 7 within two minutes. Load off: the utilisation is 0 % a scrape later, but
    the replicas stay for 300 s (AbleToScale ScaleDownStabilized), then drop to 1."""
    lab.load_choice.value = 100
    before = png_of(lab.timeline)
    for _ in range(8):
        lab.advance_buttons[15].click()
    assert replicas(lab) == 7
    assert png_of(lab.timeline) != before
    assert "cpu: " in lab.output.value and "php-apache   Deployment/php-apache" in lab.output.value
    lab.load_choice.value = 0
    stopped = lab.cluster.now
    held = []
    while replicas(lab) == 7 and lab.cluster.now < stopped + 600:
        lab.advance_buttons[15].click()
        held.append(lab.timeline.history.samples[-1].stabilized)
    waited = lab.cluster.now - stopped
    assert 300 <= waited <= 300 + 2 * 15 + 15        # window, metrics lag, sync period
    assert held[-2] is True                          # reported while it waited
    lab.advance_buttons[60].click()
    assert replicas(lab) == 1
    spans = lab.timeline.history.stabilized_spans(lab.cluster.now)
    assert len(spans) == 1 and 270 <= spans[0][1] - spans[0][0] <= 315
    assert "scale-down stabilized: t=" in lab.timeline.view.description()


def test_high_load_is_clamped_at_max_replicas(lab):
    """200 req/s wants 13 Pods (1.22 CPU / 100m): maxReplicas 10 is the ceiling."""
    lab.load_choice.value = 200
    lab.advance_buttons[300].click()
    assert replicas(lab) == 10
    hpa = lab.cluster.get("horizontalpodautoscalers", "php-apache")
    limited = {c["type"]: c for c in hpa["status"]["conditions"]}["ScalingLimited"]
    assert (limited["status"], limited["reason"]) == ("True", "TooManyReplicas")


def test_script_plays_up_and_down_on_creation():
    """`script=[(0, 100), (240, 0)]`: the stored notebook's picture shows the whole story
    — up to 7, the shaded window, back to 1."""
    lab = HPALab(Cluster(nodes=2), script=[(0, 100), (240, 0)])
    h = lab.timeline.history
    assert [rps for _, rps in h.load] == [0, 100, 0]
    assert h.load[1][0] == h.start and h.load[2][0] == h.start + 240
    assert max(s.current for s in h.samples) == 7 and h.samples[-1].current == 1
    assert len(h.stabilized_spans(lab.cluster.now)) == 1
    text = repr(lab)
    assert "load 0→100→0 req/s" in text and "replicas peak 7, now 1" in text


def test_history_keeps_changes_only_and_skips_statusless_hpas():
    h = HPAHistory("php-apache")
    h.record_hpa(0, {"spec": {}, "metadata": {}})                 # before the first sync
    status = {"currentReplicas": 1, "desiredReplicas": 4, "conditions": [
        {"type": "AbleToScale", "status": "True", "reason": "SucceededRescale"}],
        "currentMetrics": [{"type": "Resource", "resource": {
            "name": "cpu", "current": {"averageUtilization": 250, "averageValue": "500m"}}}]}
    hpa = {"spec": {"maxReplicas": 10, "metrics": [{"type": "Resource", "resource": {
        "name": "cpu", "target": {"type": "Utilization", "averageUtilization": 50}}}]},
        "status": status}
    h.record_hpa(15, hpa)
    h.record_hpa(30, hpa)
    assert [(s.time, s.utilization, s.desired) for s in h.samples] == [(15, 250, 4)]
    assert h.target == 50
    stabilized = dict(status, conditions=[{"type": "AbleToScale", "status": "True",
                                           "reason": "ScaleDownStabilized"}])
    assert hpa_sample(45, dict(hpa, status=stabilized)).stabilized is True
    view = HPATimelineView(h, until=60)
    assert view.description().startswith("HPA default/php-apache (cpu 50%, 1–10 replicas)")
    assert view.png().startswith(b"\x89PNG")
