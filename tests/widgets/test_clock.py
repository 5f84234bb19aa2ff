"""ClockControls: Step and Play advance the virtual clock; the label reads like kubectl AGE."""

import pytest

from widgets import ClockControls, ClusterObserver
from widgets.controls.clock import clock_text

CLOCK_TEXT_CASES = [
    # (seconds, label) — apimachinery duration.HumanDuration
    (0, "t = 0s"),
    (59.9, "t = 59s"),
    (119, "t = 119s"),
    (150, "t = 2m30s"),
    (600, "t = 10m"),
    (3 * 3600 + 60, "t = 3h1m"),
]


@pytest.mark.parametrize("seconds,label", CLOCK_TEXT_CASES)
def test_clock_text(seconds, label):
    """Virtual time is shown the way kubectl prints an AGE."""
    assert clock_text(seconds) == label


def test_step_button_advances_the_clock(cluster):
    """One click advances cluster.now by step_seconds and updates the label."""
    clock = ClockControls(cluster, step_seconds=30)
    start = cluster.now
    clock.step_button.click()
    assert cluster.now == start + 30
    clock.step_button.click()
    assert cluster.now == start + 60
    assert clock.time_label.value == clock_text(cluster.now)


def test_play_ticks_advance_one_step_each(cluster):
    """Setting play.value (what the browser's timer does) advances one step per tick."""
    clock = ClockControls(cluster, step_seconds=10)
    start = cluster.now
    clock.play.value = 1
    clock.play.value = 3
    assert cluster.now == start + 30
    clock.play.value = 0  # Play's reset: no step backwards, no step at all
    assert cluster.now == start + 30


def test_step_notifies_the_observer(cluster, deployment_yaml):
    """After a step, the observer's on_change callbacks run once."""
    observer = ClusterObserver(cluster)
    calls = []
    observer.on_change(calls.append)
    clock = ClockControls(cluster, observer, step_seconds=10)
    cluster.apply(deployment_yaml)
    clock.step_button.click()
    assert len(calls) == 1


class FailingCluster:
    now = 0.0

    def advance(self, seconds):
        raise RuntimeError("scheduler exploded")


def test_model_failure_is_shown_in_the_widget():
    """An exception inside the model is shown in red in the widget, not raised."""
    clock = ClockControls(FailingCluster())
    clock.step_button.click()
    assert "RuntimeError: scheduler exploded" in clock.status.value
    assert "k8s-error" in clock.status.value


def test_controls_have_css_classes(cluster):
    """Stable CSS classes let a browser test find the controls."""
    clock = ClockControls(cluster)
    assert "k8s-clock-step" in clock.step_button._dom_classes
    assert "k8s-clock-play" in clock.play._dom_classes
    assert "k8s-clock-time" in clock.time_label._dom_classes


def test_view_errors_on_events_are_shown(cluster, deployment_yaml):
    """A view that failed on a watch event is reported in the clock's status line."""
    observer = ClusterObserver(cluster)

    def broken(event):
        raise ValueError("view bug")

    observer.on_event(broken)
    clock = ClockControls(cluster, observer)
    cluster.apply(deployment_yaml)
    clock.step_button.click()
    assert "ValueError: view bug" in clock.status.value
    assert observer.errors == []
