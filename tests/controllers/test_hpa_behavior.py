"""How fast the HPA may move, on upstream's own tables from
pkg/controller/podautoscaler/horizontal_test.go: TestNormalizeDesiredReplicas (the
no-behavior stabilization), TestNormalizeDesiredReplicasWithBehavior,
TestScalingWithRules (scaling policies with and without past events) and
TestStoreScaleEvents. Times are seconds before NOW, as upstream's `time.Now().Add(-…)`."""

import pytest

from k8s_model.controllers.podautoscaler.stabilization import (
    NormalizationArg, ScaleEvent, ScaleHistory, get_replicas_change_per_period)

NOW = 10_000.0
UP_DEFAULT = {"stabilizationWindowSeconds": 0, "selectPolicy": "Max", "policies": [
    {"type": "Pods", "value": 4, "periodSeconds": 15},
    {"type": "Percent", "value": 100, "periodSeconds": 15}]}
DOWN_DEFAULT = {"selectPolicy": "Max", "policies": [
    {"type": "Percent", "value": 100, "periodSeconds": 15}]}


def rules(pods, pods_period, percent, percent_period, window):
    """generateScalingRules."""
    policies = []
    if pods:
        policies.append({"type": "Pods", "value": pods, "periodSeconds": pods_period})
    if percent:
        policies.append({"type": "Percent", "value": percent, "periodSeconds": percent_period})
    return {"stabilizationWindowSeconds": window, "selectPolicy": "Max", "policies": policies}


def uniform(changes, period):
    """generateEventsUniformDistribution: each event in the middle of its segment."""
    segment = period / len(changes)
    return [ScaleEvent(c, NOW - int(period - segment * (i + 1) + segment / 2))
            for i, c in enumerate(changes)]


@pytest.mark.parametrize("name,recommendations,desired,expected,log_length", [
    ("empty log", [], 5, 5, 1),
    ("stabilize", [(4, 120), (5, 60)], 3, 5, 3),
    ("no stabilize", [(1, 120), (2, 60)], 3, 3, 3),
    ("no stabilize - old recommendations", [(10, 600), (9, 540)], 3, 3, 2),
    ("stabilize - old recommendations", [(10, 600), (4, 60), (5, 120), (9, 540)], 3, 5, 4),
])
def test_normalize_desired_replicas(name, recommendations, desired, expected, log_length):
    """TestNormalizeDesiredReplicas: the max of the last 5 minutes; an old slot is reused."""
    history = ScaleHistory(recommendations={"": [[r, NOW - ago] for r, ago in recommendations]})
    assert history.stabilize_recommendation("", desired, 300, NOW) == expected
    assert len(history.recommendations[""]) == log_length


@pytest.mark.parametrize("name,recommendations,current,desired,expected,stored,up,down", [
    ("empty recommendations for scaling down", [], 100, 5, 5, [5], 0, 0),
    ("simple scale down stabilization", [(4, 120), (5, 60)], 100, 3, 5, [4, 5, 3], 0, 180),
    ("simple scale up stabilization", [(4, 120), (5, 60)], 1, 7, 4, [4, 5, 7], 300, 0),
    ("no scale down stabilization", [(1, 120), (2, 60)], 100, 3, 3, [1, 2, 3], 300, 0),
    ("no scale up stabilization", [(4, 120), (5, 60)], 1, 3, 3, [4, 5, 3], 0, 300),
    ("no scale down stabilization, reuse recommendation element", [(10, 600), (9, 540)], 100,
     3, 3, [10, 3], 0, 0),
    ("no scale up stabilization, reuse recommendation element", [(10, 600), (9, 540)], 1,
     100, 100, [10, 100], 0, 0),
    ("scale down stabilization, reuse one of obsolete recommendation element",
     [(10, 600), (4, 60), (5, 120), (9, 540)], 100, 3, 5, [10, 4, 5, 3], 0, 180),
    ("scale up stabilization, reuse one of obsolete recommendation element",
     [(10, 6000), (6, 60), (5, 120), (9, 180)], 1, 100, 5, [100, 6, 5, 9], 300, 0),
])
def test_normalize_desired_replicas_with_behavior(name, recommendations, current, desired,
                                                   expected, stored, up, down):
    """TestNormalizeDesiredReplicasWithBehavior: clamp between the lowest recent
    recommendation (scale-up window) and the highest (scale-down window)."""
    history = ScaleHistory(recommendations={"": [[r, NOW - ago] for r, ago in recommendations]})
    arg = NormalizationArg("", {"stabilizationWindowSeconds": up},
                           {"stabilizationWindowSeconds": down}, 1, 1000, current, desired)
    replicas, _, _ = history.stabilize_recommendation_with_behaviors(arg, NOW)
    assert replicas == expected
    assert [r for r, _ in history.recommendations[""]] == stored


# name, up events, down events, min, max, up rules, down rules, current, desired,
# expected replicas, expected condition
SCALING = [
    ("prenormalized desired replicas within range", [], [], 3, 8, None, None, 5, 7, 7,
     "DesiredWithinRange"),
    ("prenormalized desired replicas < minReplicas", [], [], 2, 8, None, None, 3, 1, 2,
     "TooFewReplicas"),
    ("prenormalized desired replicas within range when minReplicas is 0", [], [], 0, 10, None,
     None, 1, 0, 0, "DesiredWithinRange"),
    ("maxReplicas is the limit because maxReplicas < scaleUpLimit", [], [], 1, 10, None, None,
     20, 1000, 10, "TooManyReplicas"),
    ("desired replica count is more than the maximum replica count", [], [], 100, 150, None,
     None, 100, 1000, 150, "TooManyReplicas"),
    ("scaleUpLimit is the limit because scaleUpLimit < maxReplicas with user policies", [], [],
     1, 2000, rules(0, 0, 1, 60, 0), None, 3, 1000, 4, "ScaleUpLimit"),
    ("scaleUp with default behavior", [], [], 1, 1000, None, None, 10, 50, 20, "ScaleUpLimit"),
    ("scaleUp with pods policy larger than percent policy", [], [], 1, 1000,
     rules(100, 60, 100, 60, 0), None, 10, 500, 110, "ScaleUpLimit"),
    ("scaleUp with percent policy larger than pods policy", [], [], 1, 1000,
     rules(2, 60, 100, 60, 0), None, 10, 500, 20, "ScaleUpLimit"),
    ("scaleUp with spec MaxReplicas limitation with large pod policy", [], [], 1, 1000,
     rules(100, 60, 0, 0, 0), None, 10, 50, 50, "DesiredWithinRange"),
    ("scaleUp with spec MaxReplicas limitation with large percent policy", [], [], 1, 1000,
     rules(10000, 60, 0, 0, 0), None, 10, 50, 50, "DesiredWithinRange"),
    ("scaleUp with pod policy limitation", [], [], 1, 1000, rules(30, 60, 0, 0, 0), None, 10,
     50, 40, "ScaleUpLimit"),
    ("scaleUp with percent policy limitation", [], [], 1, 1000, rules(0, 0, 200, 60, 0), None,
     10, 50, 30, "ScaleUpLimit"),
    ("scaleDown with percent policy larger than pod policy", [], [], 1, 1000, None,
     rules(20, 60, 1, 60, 300), 100, 2, 80, "ScaleDownLimit"),
    ("scaleDown with pod policy larger than percent policy", [], [], 1, 1000, None,
     rules(2, 60, 1, 60, 300), 100, 2, 98, "ScaleDownLimit"),
    ("scaleDown with spec MinReplicas=nil limitation with large pod policy", [], [], 1, 1000,
     None, rules(100, 60, 0, 0, 300), 10, 0, 1, "TooFewReplicas"),
    ("scaleDown with spec MinReplicas limitation with large percent policy", [], [], 5, 1000,
     None, rules(0, 0, 100, 60, 300), 10, 2, 5, "TooFewReplicas"),
    ("scaleDown with pod policy limitation", [], [], 1, 1000, None, rules(5, 60, 0, 0, 300), 10,
     2, 5, "ScaleDownLimit"),
    ("scaleDown with percent policy limitation", [], [], 1, 1000, None,
     rules(0, 0, 50, 60, 300), 10, 5, 5, "DesiredWithinRange"),
    ("scaleUp with spec MaxReplicas limitation with large pod policy and events",
     uniform([1, 5, 9], 120), [], 1, 200, rules(300, 60, 0, 0, 0), None, 100, 500, 200,
     "TooManyReplicas"),
    ("scaleUp with spec MaxReplicas limitation with large percent policy and events",
     uniform([1, 5, 9], 120), [], 1, 200, rules(0, 0, 10000, 60, 0), None, 100, 500, 200,
     "TooManyReplicas"),
    ("scaleUp with currentReplicas limitation with rate.PeriodSeconds with a lot of recent "
     "scale up events", uniform([1, 5, 9], 120), [], 1, 1000, rules(5, 120, 0, 0, 0), None, 100,
     500, 100, "ScaleUpLimit"),
    ("scaleUp with pod policy and previous scale up events", uniform([1, 5, 9], 120), [], 1,
     1000, rules(150, 120, 0, 0, 0), None, 100, 500, 235, "ScaleUpLimit"),
    ("scaleUp with percent policy and previous scale up events", uniform([1, 5, 9], 120), [], 1,
     1000, rules(0, 0, 200, 120, 0), None, 100, 500, 255, "ScaleUpLimit"),
    ("scaleDown with default policy and previous events", [], uniform([1, 5, 9], 120), 1, 1000,
     None, None, 10, 5, 5, "DesiredWithinRange"),
    ("scaleDown with spec MinReplicas=nil limitation with large pod policy and previous events",
     [], uniform([1, 5, 9], 120), 1, 1000, None, rules(115, 120, 0, 0, 300), 100, 0, 1,
     "TooFewReplicas"),
    ("scaleDown with spec MinReplicas limitation with large pod policy and previous events", [],
     uniform([1, 5, 9], 120), 5, 1000, None, rules(130, 120, 0, 0, 300), 100, 0, 5,
     "TooFewReplicas"),
    ("scaleDown with spec MinReplicas limitation with large percent policy and previous events",
     [], uniform([1, 5, 9], 120), 5, 1000, None, rules(0, 0, 100, 120, 300), 100, 2, 5,
     "TooFewReplicas"),
    ("scaleDown with pod policy limitation and previous events", [], uniform([1, 5, 9], 120), 1,
     1000, None, rules(5, 120, 0, 0, 300), 100, 2, 100, "ScaleDownLimit"),
    ("scaleDown with percent policy limitation and previous events", [],
     uniform([2, 4, 6], 120), 1, 1000, None, rules(0, 0, 50, 120, 300), 100, 0, 56,
     "ScaleDownLimit"),
    ("scaleDown with previous events preventing further scale down", [],
     uniform([10, 10, 10], 120), 1, 1000, None, rules(0, 0, 10, 120, 300), 100, 0, 100,
     "ScaleDownLimit"),
    ("scaleDown with with previous events still allowing more scale down", [],
     uniform([10, 10, 10], 120), 1, 1000, None, rules(0, 0, 1000, 120, 300), 10, 5, 5,
     "DesiredWithinRange"),
    ("check 'outdated' flag for events for one behavior for up", uniform([8, 12, 9, 11], 120),
     [], 1, 1000, rules(1000, 60, 0, 0, 0), None, 100, 200, 200, "DesiredWithinRange"),
    ("check that events were not marked 'outdated' for two different policies in the behavior "
     "for up", uniform([8, 12, 9, 11], 120), [], 1, 1000, rules(1000, 120, 100, 60, 0), None,
     100, 200, 200, "DesiredWithinRange"),
    ("check that events were marked 'outdated' for two different policies in the behavior for "
     "up", uniform([8, 12, 9, 11], 120), [], 1, 1000, rules(1000, 30, 100, 60, 0), None, 100,
     200, 200, "DesiredWithinRange"),
    ("check 'outdated' flag for events for one behavior for down", [],
     uniform([8, 12, 9, 11], 120), 1, 1000, None, rules(1000, 60, 0, 0, 300), 100, 5, 5,
     "DesiredWithinRange"),
    ("check that events were not marked 'outdated' for two different policies in the behavior "
     "for down", [], uniform([8, 12, 9, 11], 120), 1, 1000, None, rules(1000, 120, 100, 60, 300),
     100, 5, 5, "DesiredWithinRange"),
    ("check that events were marked 'outdated' for two different policies in the behavior for "
     "down", [], uniform([8, 12, 9, 11], 120), 1, 1000, None, rules(1000, 30, 100, 60, 300), 100,
     5, 5, "DesiredWithinRange"),
]


@pytest.mark.parametrize("name,up_events,down_events,low,high,up,down,current,desired,"
                         "expected,condition", SCALING, ids=[c[0] for c in SCALING])
def test_scaling_with_rules(name, up_events, down_events, low, high, up, down, current,
                            desired, expected, condition):
    """TestScalingWithRules: convertDesiredReplicasWithBehaviorRate's replicas and reason."""
    history = ScaleHistory(scale_up_events={"": list(up_events)},
                           scale_down_events={"": list(down_events)})
    arg = NormalizationArg("", up or UP_DEFAULT, down or DOWN_DEFAULT, low, high, current,
                           desired)
    replicas, reason, _ = history.convert_desired_replicas_with_behavior_rate(arg, NOW)
    assert (replicas, reason) == (expected, condition)


def ev(change, ago, outdated=False):
    return ScaleEvent(change, NOW - ago, outdated)


@pytest.mark.parametrize("name,previous,expected_events,scaling_rules,expected_change", [
    ("empty entries with default behavior", [], [], None, 0),
    ("empty entries with two-policy-behavior", [], [(5, False)], rules(10, 60, 100, 60, 0), 0),
    ("one outdated entry to be kept untouched without behavior", [ev(7, 61)], [(7, False)],
     None, 0),
    ("one outdated entry to be replaced with behavior", [ev(7, 61)], [(5, False)],
     rules(10, 60, 100, 60, 0), 0),
    ("one actual entry to be not touched with behavior", [ev(7, 58)], [(7, False), (5, False)],
     rules(10, 60, 100, 60, 0), 7),
    ("two entries, one of them to be replaced", [ev(7, 61), ev(6, 59)],
     [(5, False), (6, False)], rules(10, 60, 0, 0, 0), 6),
    ("replace one entry, use policies with different periods",
     [ev(8, 29), ev(6, 59), ev(7, 61), ev(9, 61)],
     [(8, False), (6, False), (7, True), (5, False)], rules(10, 60, 100, 30, 0), 14),
    ("two entries, both actual", [ev(7, 58), ev(6, 59)], [(7, False), (6, False), (5, False)],
     rules(10, 120, 100, 30, 0), 13),
])
@pytest.mark.parametrize("direction", ["scaleUp", "scaleDown"])
def test_store_scale_events(name, previous, expected_events, scaling_rules, expected_change,
                            direction):
    """TestStoreScaleEvents: events within the longest period count; an outdated slot is
    reused for the new event; without a behavior nothing is stored."""
    events = [ScaleEvent(e.replica_change, e.timestamp, e.outdated) for e in previous]
    history = ScaleHistory()
    memory = history.scale_up_events if direction == "scaleUp" else history.scale_down_events
    memory[""] = events
    assert get_replicas_change_per_period(60, events, NOW) == expected_change
    behavior = {direction: scaling_rules} if scaling_rules else None
    history.store_scale_event(behavior, "", 10, 15 if direction == "scaleUp" else 5, NOW)
    assert [(e.replica_change, e.outdated) for e in memory[""]] == expected_events
