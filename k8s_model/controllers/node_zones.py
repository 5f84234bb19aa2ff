"""Zones and the eviction rate limit of the node lifecycle controller
(pkg/controller/nodelifecycle: ComputeZoneState, handleDisruption's limiters;
nodelifecycle/scheduler/rate_limited_queue.go; component-helpers node/topology).

Nodes are grouped into zones by their `topology.kubernetes.io/region` and `zone` labels
(unlabelled nodes all share the zone ""). Each zone has its own queue of nodes waiting
for a NoExecute taint, drained by a token bucket: `--node-eviction-rate` 0.1 per second
(one node every 10 s) with a burst of 1. How sick a zone is changes the rate:

* Normal — fewer than 55 % of its nodes (or at most 2) not Ready: 0.1 nodes/s;
* PartialDisruption — at least 55 % and more than 2 not Ready: 0.01 nodes/s in a zone
  of more than 50 nodes, and no evictions at all in a smaller one;
* FullDisruption — no node Ready: 0.1 nodes/s again (the zone itself is down), unless
  every zone is fully disrupted: then the control plane is probably the one cut off,
  and nothing is evicted anywhere.

E.g. 4 nodes in one zone, 3 of them down: 3 > 2 and 3/4 = 0.75 >= 0.55, PartialDisruption,
and 4 <= 50 nodes, so the controller taints nobody and waits for a human.
"""

from __future__ import annotations

from dataclasses import dataclass, field

STATE_INITIAL = "Initial"
STATE_NORMAL = "Normal"
STATE_FULL_DISRUPTION = "FullDisruption"
STATE_PARTIAL_DISRUPTION = "PartialDisruption"

NODE_EVICTION_PERIOD = 0.1        # how often the tainting pass tries the queues
EVICTION_RATE_LIMITER_BURST = 1

LABEL_TOPOLOGY_ZONE = "topology.kubernetes.io/zone"
LABEL_TOPOLOGY_REGION = "topology.kubernetes.io/region"
LABEL_FAILURE_DOMAIN_BETA_ZONE = "failure-domain.beta.kubernetes.io/zone"
LABEL_FAILURE_DOMAIN_BETA_REGION = "failure-domain.beta.kubernetes.io/region"


def zone_key(node: dict) -> str:
    """GetZoneKey: `region:\\x00:zone`, or "" when the node has neither label."""
    labels = node.get("metadata", {}).get("labels") or {}
    zone = labels.get(LABEL_FAILURE_DOMAIN_BETA_ZONE, labels.get(LABEL_TOPOLOGY_ZONE, ""))
    region = labels.get(LABEL_FAILURE_DOMAIN_BETA_REGION, labels.get(LABEL_TOPOLOGY_REGION, ""))
    if not region and not zone:
        return ""
    return f"{region}:\x00:{zone}"


def compute_zone_state(ready_statuses: list[str | None],
                       unhealthy_zone_threshold: float = 0.55) -> tuple[int, str]:
    """ComputeZoneState: (not-Ready nodes, state) from the zone's Ready condition statuses
    (None: the node has no Ready condition, which counts as not Ready)."""
    ready = sum(1 for status in ready_statuses if status == "True")
    not_ready = len(ready_statuses) - ready
    if ready == 0 and not_ready > 0:
        return not_ready, STATE_FULL_DISRUPTION
    if not_ready > 2 and not_ready / (not_ready + ready) >= unhealthy_zone_threshold:
        return not_ready, STATE_PARTIAL_DISRUPTION
    return not_ready, STATE_NORMAL


class TokenBucket:
    """flowcontrol.NewTokenBucketRateLimiter (golang.org/x/time/rate): starts full, refills
    at `qps` tokens a second up to `burst`. qps 0 is the fake "never" limiter."""

    def __init__(self, qps: float, now: float, burst: int = EVICTION_RATE_LIMITER_BURST) -> None:
        self.qps, self.burst = qps, burst
        self.tokens, self.last = float(burst), now

    def try_accept(self, now: float) -> bool:
        if self.qps <= 0:
            return False
        # Tokens are counted from the last time one was taken, so that 100 tries 0.1 s
        # apart add up to exactly 10 s of refill.
        available = min(self.burst, self.tokens + (now - self.last) * self.qps)
        if available < 1 - 1e-9:
            return False
        self.tokens, self.last = available - 1, now
        return True


@dataclass(order=True)
class TimedValue:
    process_at: float
    value: str = field(compare=False)
    uid: str = field(compare=False, default="")
    added_at: float = field(compare=False, default=0.0)


class RateLimitedTimedQueue:
    """A unique queue of node names ordered by when to process them, drained through a
    token bucket. A name once processed stays "seen" (it cannot be added again) until
    `remove` is called — which the controller does when the node is Ready again."""

    def __init__(self, qps: float, now: float) -> None:
        self.limiter = TokenBucket(qps, now)
        self.queue: list[TimedValue] = []
        self.seen: set[str] = set()

    def add(self, value: str, uid: str, now: float) -> bool:
        if value in self.seen:
            return False
        self.queue.append(TimedValue(now, value, uid, now))
        self.queue.sort()
        self.seen.add(value)
        return True

    def remove(self, value: str) -> bool:
        """Forget the value: it may be added again."""
        if value not in self.seen:
            return False
        self.seen.discard(value)
        self.queue = [v for v in self.queue if v.value != value]
        return True

    def try_(self, fn, now: float) -> None:
        """Process due values while the limiter allows; fn(value) -> (done, retry_after)."""
        while self.queue:
            head = self.queue[0]
            if not self.limiter.try_accept(now):
                return
            if now < head.process_at:
                return
            done, wait = fn(head)
            self.queue.pop(0)          # RemoveFromQueue: still in `seen`
            if not done:
                head.process_at = now + wait
                self.queue.append(head)
                self.queue.sort()

    def swap_limiter(self, qps: float, now: float) -> None:
        """SwapLimiter: a new bucket at the new rate, drained if the old one was empty."""
        if self.limiter.qps == qps:
            return
        old, self.limiter = self.limiter, TokenBucket(qps, now)
        if qps > 0 and not old.try_accept(now):
            self.limiter.try_accept(now)


ENTERED_FULL_DISRUPTION = "entered"
LEFT_FULL_DISRUPTION = "left"


class Zones:
    """The controller's zones: each one's state and its queue of nodes to taint."""

    def __init__(self, eviction_limiter_qps: float = 0.1,
                 secondary_eviction_limiter_qps: float = 0.01, large_cluster_threshold: int = 50,
                 unhealthy_zone_threshold: float = 0.55) -> None:
        self.eviction_limiter_qps = eviction_limiter_qps
        self.secondary_eviction_limiter_qps = secondary_eviction_limiter_qps
        self.large_cluster_threshold = large_cluster_threshold
        self.unhealthy_zone_threshold = unhealthy_zone_threshold
        self.states: dict[str, str] = {}
        self.no_execute_tainter: dict[str, RateLimitedTimedQueue] = {}

    def add(self, node: dict, now: float) -> None:
        """addPodEvictorForNewZone."""
        zone = zone_key(node)
        if zone not in self.states:
            self.states[zone] = STATE_INITIAL
            self.no_execute_tainter[zone] = RateLimitedTimedQueue(self.eviction_limiter_qps, now)

    def queue(self, node: dict) -> RateLimitedTimedQueue:
        return self.no_execute_tainter[zone_key(node)]

    def handle_disruption(self, zone_to_ready: dict[str, list[str | None]], now: float) -> str:
        """handleDisruption: new zone states and their rates. Returns ENTERED_ or
        LEFT_FULL_DISRUPTION when every zone just went (or stopped being) fully down, for
        the controller to untaint every node, or give every node a fresh grace period."""
        new_states = {zone: compute_zone_state(statuses, self.unhealthy_zone_threshold)[1]
                      for zone, statuses in zone_to_ready.items()}
        all_are_fully_disrupted = all(s == STATE_FULL_DISRUPTION for s in new_states.values())
        for zone in [z for z in self.states if z not in zone_to_ready]:
            del self.states[zone]
        all_were_fully_disrupted = all(s == STATE_FULL_DISRUPTION for s in self.states.values())
        if all_are_fully_disrupted and all_were_fully_disrupted:
            return ""
        if all_are_fully_disrupted:
            # Every node everywhere is down: most likely the control plane is the one cut
            # off. Stop all evictions.
            for zone in self.states:
                self.no_execute_tainter[zone].swap_limiter(0, now)
                self.states[zone] = STATE_FULL_DISRUPTION
            return ENTERED_FULL_DISRUPTION
        for zone, state in self.states.items():
            if all_were_fully_disrupted or state != new_states[zone]:
                self.set_limiter_in_zone(zone, len(zone_to_ready[zone]), new_states[zone], now)
                self.states[zone] = new_states[zone]
        return LEFT_FULL_DISRUPTION if all_were_fully_disrupted else ""

    def set_limiter_in_zone(self, zone: str, zone_size: int, state: str, now: float) -> None:
        qps = {STATE_NORMAL: self.eviction_limiter_qps,
               STATE_FULL_DISRUPTION: self.eviction_limiter_qps,   # HealthyQPSFunc
               STATE_PARTIAL_DISRUPTION: (self.secondary_eviction_limiter_qps   # ReducedQPSFunc
                                          if zone_size > self.large_cluster_threshold else 0)}
        self.no_execute_tainter[zone].swap_limiter(qps[state], now)
