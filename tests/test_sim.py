"""The virtual clock: ordering, cancellation, advancing, timestamps."""

import pytest

from k8s_model.sim import Simulation, parse_timestamp


def test_events_run_in_time_then_priority_then_insertion_order():
    """Equal times run by priority, then in the order they were scheduled."""
    sim, log = Simulation(), []
    sim.call_later(2, lambda: log.append("t2"))
    sim.call_later(1, lambda: log.append("t1-b"), priority=1)
    sim.call_later(1, lambda: log.append("t1-a"))
    sim.call_later(1, lambda: log.append("t1-c"))
    sim.advance(5)
    assert log == ["t1-a", "t1-c", "t1-b", "t2"]
    assert sim.now == 5


def test_advance_stops_at_target_and_leaves_later_events():
    """Only events due by the target time run; the clock ends at the target."""
    sim, log = Simulation(), []
    sim.call_later(10, lambda: log.append(sim.now))
    sim.advance(9.5)
    assert log == [] and sim.now == 9.5
    sim.advance(0.5)
    assert log == [10]


def test_cancelled_timer_never_runs():
    sim, log = Simulation(), []
    timer = sim.call_later(1, lambda: log.append("x"))
    timer.cancel()
    sim.advance(2)
    assert log == []


def test_exception_leaves_clock_consistent():
    """A failing step is removed before it runs, so stepping again continues."""
    sim, log = Simulation(), []

    def boom():
        raise RuntimeError("boom")

    sim.call_later(1, boom)
    sim.call_later(2, lambda: log.append("after"))
    with pytest.raises(RuntimeError):
        sim.advance(3)
    assert sim.now == 1
    sim.advance(2)
    assert log == ["after"]


def test_run_until_reports_success_and_timeout():
    sim = Simulation()
    flag = []
    sim.call_later(30, lambda: flag.append(True))
    assert sim.run_until(lambda: bool(flag), timeout=60)
    assert sim.now == 30
    assert not sim.run_until(lambda: False, timeout=10)
    assert sim.now == 40


def test_same_seed_same_randomness():
    assert [Simulation(7).random.random() for _ in range(3)] == \
        [Simulation(7).random.random() for _ in range(3)]


def test_timestamps_are_rfc3339_and_round_trip():
    sim = Simulation()
    sim.advance(125)
    assert sim.timestamp() == "2026-01-01T00:02:05Z"
    assert sim.micro_timestamp() == "2026-01-01T00:02:05.000000Z"
    assert parse_timestamp(sim.timestamp()) == 125


def test_negative_advance_is_refused():
    with pytest.raises(ValueError):
        Simulation().advance(-1)


def test_unix_nanos_never_repeats_within_one_instant():
    """Two components stamping one virtual instant get distinct Event names."""
    sim = Simulation(0)
    first, second = sim.unix_nanos(), sim.unix_nanos()
    assert first == 1767225600 * 10**9 and second == first + 1   # 2026-01-01T00:00:00Z
    sim.advance(1)
    assert sim.unix_nanos() == first + 10**9
