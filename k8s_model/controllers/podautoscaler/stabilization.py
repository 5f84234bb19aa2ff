"""How fast the HPA may move (horizontal.go's normalize*, stabilize*, and the scaling
policies of `spec.behavior`).

The replica calculator says where the target *should* be; this module decides how far
it may go now.

* Stabilisation. Every sync records its raw recommendation. Scaling down uses the
  *highest* recommendation of the last `scaleDown.stabilizationWindowSeconds` (300 s by
  default, --horizontal-pod-autoscaler-downscale-stabilization), so a dip in load must
  last five minutes before Pods go; scaling up uses the *lowest* of the scale-up window
  (0 s: at once).
* Rate. Without `behavior`, one sync may at most double the replicas, or reach 4:
  `max(2 × current, 4)`. With it, each policy caps the change over its period — Pods:
  start + value, Percent: ceil(start × (1 + value/100)) — and selectPolicy picks the
  most generous (Max), the least (Min), or none (Disabled). "start" is the count at the
  beginning of the period: current minus what was added plus what was removed in it.

Worked example, default scale-up (4 Pods or 100 % per 15 s, Max) from 1 replica with a
recommendation of 10: max(1 + 4, ceil(1 × 2)) = 5 now, then max(5 + 4, 10) = 10 a sync
later.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

SCALE_UP_LIMIT_FACTOR, SCALE_UP_LIMIT_MINIMUM = 2.0, 4.0
DOWNSCALE_STABILISATION_WINDOW = 300.0  # --horizontal-pod-autoscaler-downscale-stabilization


@dataclass
class ScaleEvent:
    replica_change: int      # absolute value
    timestamp: float
    outdated: bool = False


@dataclass
class NormalizationArg:
    key: str
    scale_up: dict           # HPAScalingRules, defaulted
    scale_down: dict
    min_replicas: int
    max_replicas: int
    current_replicas: int
    desired_replicas: int


@dataclass
class ScaleHistory:
    """What the controller remembers per HPA key, in memory only (lost on a restart, as
    upstream's maps are): raw recommendations and recent scale events."""
    recommendations: dict = field(default_factory=dict)   # key -> [[replicas, time]]
    scale_up_events: dict = field(default_factory=dict)   # key -> [ScaleEvent]
    scale_down_events: dict = field(default_factory=dict)

    def forget(self, key: str) -> None:
        for memory in (self.recommendations, self.scale_up_events, self.scale_down_events):
            memory.pop(key, None)

    def record_initial_recommendation(self, key: str, current: int, now: float) -> None:
        if not self.recommendations.get(key):
            self.recommendations[key] = [[current, now]]

    def _record(self, key: str, desired: int, now: float, old_index: int | None) -> None:
        if old_index is not None:      # reuse the slot of a sample too old to matter
            self.recommendations[key][old_index] = [desired, now]
        else:
            self.recommendations.setdefault(key, []).append([desired, now])

    def stabilize_recommendation(self, key: str, desired: int, window: float,
                                 now: float) -> int:
        """stabilizeRecommendation (no behavior): the max over the last `window`."""
        highest, old_index = desired, None
        cutoff = now - window
        for i, (replicas, at) in enumerate(self.recommendations.get(key, [])):
            if at < cutoff:
                old_index = i
            elif replicas > highest:
                highest = replicas
        self._record(key, desired, now, old_index)
        return highest

    def stabilize_recommendation_with_behaviors(self, args: NormalizationArg,
                                                now: float) -> tuple[int, str, str]:
        """stabilizeRecommendationWithBehaviors: clamp the current count between the
        lowest recommendation of the up-window and the highest of the down-window."""
        up_cutoff = now - args.scale_up["stabilizationWindowSeconds"]
        down_cutoff = now - args.scale_down["stabilizationWindowSeconds"]
        up, down, old_index = args.desired_replicas, args.desired_replicas, None
        for i, (replicas, at) in enumerate(self.recommendations.get(args.key, [])):
            if at > up_cutoff:
                up = min(replicas, up)
            if at > down_cutoff:
                down = max(replicas, down)
            if at < up_cutoff and at < down_cutoff:
                old_index = i
        recommendation = min(max(args.current_replicas, up), down)
        self._record(args.key, args.desired_replicas, now, old_index)
        if args.desired_replicas >= args.current_replicas:
            return recommendation, "ScaleUpStabilized", (
                "recent recommendations were lower than current one, applying the lowest "
                "recent recommendation")
        return recommendation, "ScaleDownStabilized", (
            "recent recommendations were higher than current one, applying the highest "
            "recent recommendation")

    def store_scale_event(self, behavior: dict | None, key: str, previous: int, new: int,
                          now: float) -> None:
        """storeScaleEvent: remember a rescale, reusing an outdated slot."""
        if behavior is None:
            return
        up = new > previous
        rules = behavior["scaleUp" if up else "scaleDown"]
        events = (self.scale_up_events if up else self.scale_down_events).setdefault(key, [])
        mark_scale_events_outdated(events, get_longest_policy_period(rules), now)
        event = ScaleEvent(abs(new - previous), now)
        outdated = [i for i, e in enumerate(events) if e.outdated]
        if outdated:
            events[outdated[-1]] = event
        else:
            events.append(event)

    def convert_desired_replicas_with_behavior_rate(self, args: NormalizationArg,
                                                    now: float) -> tuple[int, str, str]:
        up_events = self.scale_up_events.get(args.key, [])
        down_events = self.scale_down_events.get(args.key, [])
        if args.desired_replicas > args.current_replicas:
            limit = max(calculate_scale_up_limit_with_scaling_rules(
                args.current_replicas, up_events, down_events, args.scale_up, now),
                args.current_replicas)
            if args.max_replicas > limit:
                allowed, reason, message = limit, "ScaleUpLimit", (
                    "the desired replica count is increasing faster than the maximum scale rate")
            else:
                allowed, reason, message = args.max_replicas, "TooManyReplicas", (
                    "the desired replica count is more than the maximum replica count")
            if args.desired_replicas > allowed:
                return allowed, reason, message
        elif args.desired_replicas < args.current_replicas:
            limit = min(calculate_scale_down_limit_with_behaviors(
                args.current_replicas, up_events, down_events, args.scale_down, now),
                args.current_replicas)
            if args.min_replicas < limit:
                allowed, reason, message = limit, "ScaleDownLimit", (
                    "the desired replica count is decreasing faster than the maximum scale rate")
            else:
                allowed, reason, message = args.min_replicas, "TooFewReplicas", (
                    "the desired replica count is less than the minimum replica count")
            if args.desired_replicas < allowed:
                return allowed, reason, message
        return args.desired_replicas, "DesiredWithinRange", \
            "the desired count is within the acceptable range"


def convert_desired_replicas_with_rules(current: int, desired: int, min_replicas: int,
                                        max_replicas: int) -> tuple[int, str, str]:
    """convertDesiredReplicasWithRules: the no-behavior limits (min, max, and doubling)."""
    scale_up_limit = calculate_scale_up_limit(current)
    if max_replicas > scale_up_limit:
        maximum, reason, message = scale_up_limit, "ScaleUpLimit", (
            "the desired replica count is increasing faster than the maximum scale rate")
    else:
        maximum, reason, message = max_replicas, "TooManyReplicas", (
            "the desired replica count is more than the maximum replica count")
    if desired < min_replicas:
        return min_replicas, "TooFewReplicas", \
            "the desired replica count is less than the minimum replica count"
    if desired > maximum:
        return maximum, reason, message
    return desired, "DesiredWithinRange", "the desired count is within the acceptable range"


def calculate_scale_up_limit(current: int) -> int:
    return int(max(SCALE_UP_LIMIT_FACTOR * current, SCALE_UP_LIMIT_MINIMUM))


def get_replicas_change_per_period(period_seconds: int, events: list[ScaleEvent],
                                   now: float) -> int:
    cutoff = now - period_seconds
    return sum(e.replica_change for e in events if e.timestamp > cutoff)


def mark_scale_events_outdated(events: list[ScaleEvent], longest_period: int,
                               now: float) -> None:
    cutoff = now - longest_period
    for event in events:
        if event.timestamp < cutoff:
            event.outdated = True


def get_longest_policy_period(rules: dict) -> int:
    return max([p["periodSeconds"] for p in rules.get("policies") or []], default=0)


def _period_start(current: int, policy: dict, up_events, down_events, now: float) -> int:
    added = get_replicas_change_per_period(policy["periodSeconds"], up_events, now)
    removed = get_replicas_change_per_period(policy["periodSeconds"], down_events, now)
    return current - added + removed


def calculate_scale_up_limit_with_scaling_rules(current: int, up_events, down_events,
                                                rules: dict, now: float) -> int:
    """The most replicas the scale-up policies allow now."""
    select = rules.get("selectPolicy") or "Max"
    if select == "Disabled":
        return current
    choose, result = (min, 2**31 - 1) if select == "Min" else (max, -2**31)
    for policy in rules.get("policies") or []:
        start = _period_start(current, policy, up_events, down_events, now)
        if policy["type"] == "Pods":
            proposed = start + policy["value"]
        else:   # Percent, rounded up or a small target would never grow
            proposed = math.ceil(start * (1 + policy["value"] / 100))
        result = choose(result, proposed)
    return result


def calculate_scale_down_limit_with_behaviors(current: int, up_events, down_events,
                                              rules: dict, now: float) -> int:
    """The fewest replicas the scale-down policies allow now."""
    select = rules.get("selectPolicy") or "Max"
    if select == "Disabled":
        return current
    choose, result = (max, -2**31) if select == "Min" else (min, 2**31 - 1)
    for policy in rules.get("policies") or []:
        start = _period_start(current, policy, up_events, down_events, now)
        if policy["type"] == "Pods":
            proposed = start - policy["value"]
        else:
            proposed = int(start * (1 - policy["value"] / 100))
        result = choose(result, proposed)
    return result
