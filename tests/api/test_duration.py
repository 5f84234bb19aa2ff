"""duration.HumanDuration / ShortHumanDuration, case for case from upstream's
staging/src/k8s.io/apimachinery/pkg/util/duration/duration_test.go."""

import pytest

from k8s_model.api.duration import human_duration, short_human_duration

S, MS, M, H, D = 1.0, 0.001, 60.0, 3600.0, 86400.0
Y = 365 * D

# TestHumanDuration + TestHumanDurationBoundaries
HUMAN = [
    (S, "1s"), (70 * S, "70s"), (190 * S, "3m10s"), (70 * M, "70m"), (47 * H, "47h"),
    (49 * H, "2d1h"), ((8 * 24 + 2) * H, "8d"), (367 * 24 * H, "367d"),
    ((365 * 2 * 24 + 25) * H, "2y1d"), ((365 * 8 * 24 + 2) * H, "8y"),
    (-2 * S, "<invalid>"), (-2 * S + 1e-9, "0s"), (0, "0s"), (S - MS, "0s"),
    (2 * M - MS, "119s"), (2 * M, "2m"), (2 * M + S, "2m1s"), (10 * M - MS, "9m59s"),
    (10 * M, "10m"), (10 * M + S, "10m"), (3 * H - MS, "179m"), (3 * H, "3h"),
    (3 * H + M, "3h1m"), (8 * H - MS, "7h59m"), (8 * H, "8h"), (8 * H + 59 * M, "8h"),
    (2 * D - MS, "47h"), (2 * D, "2d"), (2 * D + H, "2d1h"), (8 * D - MS, "7d23h"),
    (8 * D, "8d"), (8 * D + 23 * H, "8d"), (2 * Y - MS, "729d"), (2 * Y, "2y"),
    (2 * Y + 23 * H, "2y"), (2 * Y + 23 * H + 59 * M, "2y"), (2 * Y + D - MS, "2y"),
    (2 * Y + D, "2y1d"), (3 * Y, "3y"), (4 * Y, "4y"), (5 * Y, "5y"), (6 * Y, "6y"),
    (7 * Y, "7y"), (8 * Y - MS, "7y364d"), (8 * Y, "8y"), (8 * Y + 364 * D, "8y"),
    (9 * Y, "9y"),
]

# TestShortHumanDurationBoundaries
SHORT = [
    (-2 * S, "<invalid>"), (-2 * S + 1e-9, "0s"), (0, "0s"), (S - MS, "0s"), (S, "1s"),
    (2 * S - MS, "1s"), (M - MS, "59s"), (M, "1m"), (2 * M - MS, "1m"), (H - MS, "59m"),
    (H, "1h"), (2 * H - MS, "1h"), (D - MS, "23h"), (D, "1d"), (2 * D - MS, "1d"),
    (Y - MS, "364d"), (Y, "1y"), (2 * Y - MS, "1y"), (2 * Y, "2y"),
]


@pytest.mark.parametrize("seconds,want", HUMAN)
def test_human_duration(seconds, want):
    """HumanDuration keeps ~2 significant figures and truncates like Go."""
    assert human_duration(seconds) == want


@pytest.mark.parametrize("seconds,want", SHORT)
def test_short_human_duration(seconds, want):
    """ShortHumanDuration shows only the largest whole unit."""
    assert short_human_duration(seconds) == want
