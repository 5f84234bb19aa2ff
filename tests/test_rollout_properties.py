"""Rolling updates stay inside their bounds (issue 5, "Done when"; DESIGN.md §9).

A hypothesis state machine drives one Deployment through random image changes, scales,
pauses, resumes and undos, and checks at every virtual second:

* total: the Deployment's active Pods (not terminating, not finished) never exceed
  `replicas + maxSurge`;
* availability: its Ready Pods never drop below `replicas − maxUnavailable`, except in the
  moments upstream exempts — after the Deployment is created or scaled up, until the new
  Pods have had time to start — and while a node is down (its Pods stop being Ready
  whatever the controller does, and until they are evicted the ReplicaSet still counts
  them), until the Pods have had time to come back after it recovers.

The total bound holds through node failures too: a Pod on an unreachable node is still
one of the ReplicaSet's Pods until it is evicted, and an evicted one is terminating.
And once the changes stop (resumed, nodes back, the clock run on), the rollout
completes: every replica updated and available, and only the newest ReplicaSet has Pods.
"""

import math

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from k8s_model import Cluster

TAGS = ("1.27", "1.28", "1.29")
SETTLE = 30   # virtual seconds for new Pods to pull, start and turn Ready
WORKERS = ("node-1", "node-2", "node-3")


def deployment(replicas: int, surge: str, unavailable: str) -> str:
    return f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: {replicas}
  selector:
    matchLabels:
      app: web
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: {surge}
      maxUnavailable: {unavailable}
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.28
"""


def scaled(value: str, replicas: int, round_up: bool) -> int:
    """intstr.GetScaledValueFromIntOrPercent."""
    if value.endswith("%"):
        exact = int(value[:-1]) * replicas / 100
        return math.ceil(exact) if round_up else math.floor(exact)
    return int(value)


class RollingUpdate(RuleBasedStateMachine):
    REPLICAS, SURGE, UNAVAILABLE = 4, "25%", "25%"

    def __init__(self) -> None:
        super().__init__()
        self.c = Cluster(nodes=3, seed=5)
        self.c.apply(deployment(self.REPLICAS, self.SURGE, self.UNAVAILABLE))
        self.exempt_until = self.c.now + SETTLE
        self.failed: set[str] = set()
        self.c.advance(SETTLE)

    # -- what a reader does -------------------------------------------------------------------
    @rule(tag=st.sampled_from(TAGS))
    def set_image(self, tag):
        self.c.kubectl(f"set image deployment/web nginx=nginx:{tag}")
        self.tick(1)

    @rule(replicas=st.integers(1, 6))
    def scale(self, replicas):
        before = self.c.get("deployments", "web")["spec"]["replicas"]
        self.c.kubectl(f"scale deployment web --replicas={replicas}")
        if replicas > before:
            self.exempt_until = self.c.now + SETTLE
        self.tick(1)

    @rule()
    def pause(self):
        if not self.c.get("deployments", "web")["spec"].get("paused"):
            self.c.kubectl("rollout pause deployment/web")
        self.tick(1)

    @rule()
    def resume(self):
        if self.c.get("deployments", "web")["spec"].get("paused"):
            self.c.kubectl("rollout resume deployment/web")
        self.tick(1)

    @rule()
    def undo(self):
        d = self.c.get("deployments", "web")
        revisions = [rs for rs in self.c.list("replicasets", "default")]
        if not d["spec"].get("paused") and len(revisions) > 1:
            try:
                self.c.kubectl("rollout undo deployment/web")
            except Exception as error:   # "skipped rollback …" is kubectl's own refusal
                assert "skipped rollback" in str(error), str(error)
        self.tick(1)

    @rule(node=st.sampled_from(WORKERS))
    def fail_node(self, node):
        """One node at a time stops (kubelet and containers): a power cut."""
        if not self.failed:
            self.c.fail_node(node)
            self.failed.add(node)
        self.tick(1)

    @rule()
    def recover_node(self):
        for node in sorted(self.failed):
            self.c.recover_node(node)
        self.failed.clear()
        self.exempt_until = max(self.exempt_until, self.c.now + SETTLE)
        self.tick(1)

    # Mostly a few seconds; sometimes long enough for a failed node's Pods to be marked
    # not Ready (50 s grace) or evicted (300 s tolerations).
    @rule(seconds=st.integers(1, 25) | st.sampled_from([90, 360]))
    def tick(self, seconds):
        for _ in range(seconds):
            self.c.advance(1)
            self.check_bounds()

    # -- the bounds ----------------------------------------------------------------------------
    def _pods(self) -> list[dict]:
        return [p for p in self.c.list("pods", "default", label_selector="app=web")
                if not p["metadata"].get("deletionTimestamp")
                and p.get("status", {}).get("phase") not in ("Succeeded", "Failed")]

    @invariant()
    def check_bounds(self):
        replicas = self.c.get("deployments", "web")["spec"]["replicas"]
        surge = scaled(self.SURGE, replicas, round_up=True)
        unavailable = scaled(self.UNAVAILABLE, replicas, round_up=False)
        if surge == 0 and unavailable == 0:
            unavailable = 1
        pods = self._pods()
        assert len(pods) <= replicas + surge, (self.c.now, len(pods), replicas, surge)
        if self.c.now < self.exempt_until or self.failed:
            return
        ready = sum(any(c.get("type") == "Ready" and c.get("status") == "True"
                        for c in p.get("status", {}).get("conditions") or []) for p in pods)
        assert ready >= replicas - unavailable, (self.c.now, ready, replicas, unavailable)

    def teardown(self):
        if self.c.get("deployments", "web")["spec"].get("paused"):
            self.c.kubectl("rollout resume deployment/web")
        for node in sorted(self.failed):
            self.c.recover_node(node)
        self.c.advance(120)
        d = self.c.get("deployments", "web")
        replicas, status = d["spec"]["replicas"], d["status"]
        assert status.get("updatedReplicas") == replicas, status
        assert status.get("availableReplicas") == replicas, status
        with_pods = [rs["metadata"]["name"] for rs in self.c.list("replicasets", "default")
                     if rs["spec"].get("replicas")]
        assert len(with_pods) == 1, with_pods


class NoUnavailable(RollingUpdate):
    """maxUnavailable 0: capacity never drops; the surge does all the work."""
    REPLICAS, SURGE, UNAVAILABLE = 3, "2", "0"


SETTINGS = settings(max_examples=20, stateful_step_count=15, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])
TestRollingUpdate = RollingUpdate.TestCase
TestRollingUpdate.settings = SETTINGS
TestNoUnavailable = NoUnavailable.TestCase
TestNoUnavailable.settings = SETTINGS
