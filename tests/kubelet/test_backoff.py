"""The crash and image back-off (flowcontrol.Backoff) and Go's duration printing."""

import pytest

from k8s_model.kubelet.backoff import Backoff
from k8s_model.kubelet.events import go_duration


def test_back_off_doubles_to_five_minutes_and_resets_after_ten():
    """10, 20, 40 … 300 s; forgotten after 10 idle minutes."""
    b = Backoff()
    delays = []
    for _ in range(7):
        b.next("k", 0.0, 0.0)
        delays.append(b.get("k"))
    assert delays == [10, 20, 40, 80, 160, 300, 300]
    b.next("k", 601.0, 601.0)
    assert b.get("k") == 10


def test_reset_counts_from_the_restart_not_from_the_previous_exit():
    """hasExpired(exit, lastUpdate): a container restarted at t=300 after a 300 s wait
    (exited at 0) that exits again at 650 ran 350 s, not 10 minutes: no reset. One that
    exits at 901 ran 601 s: it starts over at 10 s (kubelet.go HasExpiredFunc, 600 s)."""
    b = Backoff()
    b.entries["k"] = (300.0, 300.0)        # waited 300 s, restarted at t=300
    assert b.is_in_backoff_since("k", 650.0, 660.0)
    b.next("k", 650.0, 950.0)
    assert b.get("k") == 300
    assert not b.is_in_backoff_since("k", 1551.0, 1551.0)   # ran 601 s since t=950
    b.next("k", 1551.0, 1551.0)
    assert b.get("k") == 10


@pytest.mark.parametrize("seconds,text", [
    (1.393, "1.393s"), (0.5, "500ms"), (0.0125, "12.5ms"), (62.5, "1m2.5s"), (4.0, "4s")])
def test_go_duration(seconds, text):
    """time.Duration.String(), as in the Pulled event."""
    assert go_duration(seconds) == text
