"""The crash and image back-off (flowcontrol.Backoff) and Go's duration printing."""

import pytest

from k8s_model.kubelet.backoff import Backoff
from k8s_model.kubelet.events import go_duration


def test_back_off_doubles_to_five_minutes_and_resets_after_ten():
    """10, 20, 40 … 300 s; forgotten after 10 idle minutes."""
    b = Backoff()
    delays = []
    for _ in range(7):
        b.next("k", 0.0)
        delays.append(b.get("k"))
    assert delays == [10, 20, 40, 80, 160, 300, 300]
    b.next("k", 601.0)
    assert b.get("k") == 10


@pytest.mark.parametrize("seconds,text", [
    (1.393, "1.393s"), (0.5, "500ms"), (0.0125, "12.5ms"), (62.5, "1m2.5s"), (4.0, "4s")])
def test_go_duration(seconds, text):
    """time.Duration.String(), as in the Pulled event."""
    assert go_duration(seconds) == text
