"""DaemonSets under node churn and Jobs under failures (issue 7, "Done when").

* A hypothesis state machine adds, fails and recovers nodes under a DaemonSet and checks
  at every virtual second that no node has more than one of its live Pods, and, once the
  nodes have been quiet for a while, that every Ready worker has exactly one Running,
  Ready Pod (a failed node keeps its Pod: the DaemonSet tolerates unreachable).
* Random Jobs — completions, parallelism, backoffLimit, restartPolicy, a command that
  succeeds or fails — always end, and end as upstream's Job controller would: Complete
  with `completions` succeeded Pods, or Failed with BackoffLimitExceeded once the
  failures exceed backoffLimit (failed Pods with Never, container restarts with
  OnFailure), with no Pod left running.
"""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from k8s_model import Cluster, examples

QUIET = 40   # virtual seconds after a node event for the DaemonSet to catch up


def ready(obj: dict) -> bool:
    return any(c.get("type") == "Ready" and c.get("status") == "True"
               for c in (obj.get("status") or {}).get("conditions") or [])


def target_node(pod: dict) -> str:
    """Where a DaemonSet Pod runs: its nodeName, or before binding its affinity's node."""
    if pod["spec"].get("nodeName"):
        return pod["spec"]["nodeName"]
    terms = pod["spec"]["affinity"]["nodeAffinity"][
        "requiredDuringSchedulingIgnoredDuringExecution"]["nodeSelectorTerms"]
    return terms[0]["matchFields"][0]["values"][0]


class DaemonSetUnderChurn(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.c = Cluster(nodes=2, seed=7)
        self.c.apply(examples.daemon_set("agent"))
        self.failed: set[str] = set()
        self.quiet_from = self.c.now + QUIET
        self.added = 2
        self.c.advance(QUIET)

    def _changed(self) -> None:
        self.quiet_from = self.c.now + QUIET

    @rule()
    def add_node(self):
        if self.added < 5:
            self.added += 1
            self.c.add_node(f"node-{self.added}")
            self._changed()
        self.tick(1)

    @rule(index=st.integers(1, 5))
    def fail_node(self, index):
        name = f"node-{min(index, self.added)}"
        if name not in self.failed and len(self.failed) < 2:
            self.c.fail_node(name)
            self.failed.add(name)
            self._changed()
        self.tick(1)

    @rule()
    def recover_nodes(self):
        for name in sorted(self.failed):
            self.c.recover_node(name)
        if self.failed:
            self.failed.clear()
            self._changed()
        self.tick(1)

    @rule(seconds=st.integers(1, 30) | st.sampled_from([120, 400]))
    def tick(self, seconds):
        for _ in range(seconds):
            self.c.advance(1)
            self.at_most_one_per_node()

    def _live_pods(self) -> list[dict]:
        return [p for p in self.c.list("pods", "default", label_selector="app=agent")
                if not p["metadata"].get("deletionTimestamp")
                and p["status"].get("phase") not in ("Succeeded", "Failed")]

    @invariant()
    def at_most_one_per_node(self):
        nodes = [target_node(p) for p in self._live_pods()]
        assert len(nodes) == len(set(nodes)), (self.c.now, sorted(nodes))

    @invariant()
    def every_ready_worker_runs_one_when_quiet(self):
        if self.c.now < self.quiet_from:
            return
        workers = {n["metadata"]["name"] for n in self.c.list("nodes")
                   if n["metadata"]["name"].startswith("node-") and ready(n)}
        running = {target_node(p) for p in self._live_pods() if ready(p)}
        assert workers <= running, (self.c.now, sorted(workers - running))


TestDaemonSetUnderChurn = DaemonSetUnderChurn.TestCase
TestDaemonSetUnderChurn.settings = settings(
    max_examples=12, stateful_step_count=12, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow])


JOBS = st.fixed_dictionaries({
    "completions": st.integers(1, 4), "parallelism": st.integers(1, 3),
    "backoff_limit": st.integers(0, 3),
    "restart_policy": st.sampled_from(["Never", "OnFailure"]),
    "fails": st.booleans()})


def condition(job: dict, type_: str) -> dict | None:
    return next((c for c in (job.get("status") or {}).get("conditions") or []
                 if c["type"] == type_ and c["status"] == "True"), None)


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(spec=JOBS)
def test_every_job_ends_as_upstream_would(spec):
    c = Cluster(nodes=2, seed=3)
    command = "sleep 3; exit 1" if spec["fails"] else "sleep 3"
    c.apply(examples.job("work", spec["completions"], spec["parallelism"],
                         spec["backoff_limit"], command,
                         restart_policy=spec["restart_policy"]))
    ended = c.run_until(lambda: condition(c.get("jobs", "work"), "Complete")
                        or condition(c.get("jobs", "work"), "Failed"), timeout=1800, step=5)
    assert ended, c.get("jobs", "work")["status"]
    c.advance(40)   # the Pods' grace period, then every count is final
    job = c.get("jobs", "work")
    pods = c.list("pods", "default", label_selector="batch.kubernetes.io/job-name=work")
    assert not [p for p in pods if p["status"].get("phase") in ("Pending", "Running")]
    if not spec["fails"]:
        assert condition(job, "Complete") and not condition(job, "Failed")
        assert job["status"]["succeeded"] == spec["completions"]
        return
    failed = condition(job, "Failed")
    assert failed and failed["reason"] == "BackoffLimitExceeded", job["status"]
    assert failed["message"] == "Job has reached the specified backoff limit"
    if spec["restart_policy"] == "Never":
        # each failed Pod counts: the Job fails at the first failure beyond the limit,
        # and Pods that were running alongside are stopped and counted failed too
        parallel = min(spec["parallelism"], spec["completions"])
        assert spec["backoff_limit"] + 1 <= job["status"]["failed"] \
            <= spec["backoff_limit"] + parallel, job["status"]
    else:
        restarts = sum(cs.get("restartCount", 0) for p in pods
                       for cs in p["status"].get("containerStatuses") or [])
        assert restarts <= spec["backoff_limit"] + spec["parallelism"]
