"""Chapter 07's checkers: what they print for a learner's cluster in each state."""

from k8s_model.exercises.chapter07 import (check_hung_container_restarted, check_ready_after_file,
                                           check_slow_starter)

SLOW_READY = """\
apiVersion: v1
kind: Pod
metadata:
  name: slow-ready
spec:
  containers:
  - name: app
    image: busybox:1.37
    command: ["sh", "-c", "sleep 30; touch /tmp/ready; sleep 3600"]
"""
FROZEN = """\
apiVersion: v1
kind: Pod
metadata:
  name: frozen
  annotations:
    k8s-model.io/script: |
      - after: 60s
        action: hang
spec:
  containers:
  - name: kubia
    image: luksa/kubia
    ports:
    - containerPort: 8080
"""
LEGACY = """\
apiVersion: v1
kind: Pod
metadata:
  name: legacy
spec:
  containers:
  - name: app
    image: busybox:1.37
    command: ["sh", "-c", "sleep 90; touch /tmp/started; sleep 3600"]
    livenessProbe:
      exec:
        command: ["cat", "/tmp/started"]
"""


def lines(capsys):
    return capsys.readouterr().out.splitlines()


def probe(kind, handler, **fields):
    """A probe block for the container, indented as in the manifests above."""
    body = [f"    {kind}Probe:"] + [f"      {line}" for line in handler.splitlines()]
    return "\n".join(body + [f"      {k}: {v}" for k, v in fields.items()]) + "\n"


def test_nothing_done_yet(cluster, capsys):
    """An untouched cluster: each checker says the Pod is missing."""
    for check, pod in ((check_ready_after_file, "slow-ready"),
                       (check_hung_container_restarted, "frozen"), (check_slow_starter, "legacy")):
        check(cluster)
        assert lines(capsys) == [f'✗ no Pod "{pod}" in namespace "default" yet',
                                 "0 of 1 checks pass: not done yet."]


def test_readiness_exercise(cluster, capsys):
    """Without a probe the Pod is Ready at once: ✗; with `cat /tmp/ready` it fails for
    30 s, then turns Ready: all ✓."""
    cluster.apply(SLOW_READY)
    cluster.advance(60)
    check_ready_after_file(cluster)
    out = lines(capsys)
    assert out[1].startswith("✗ its readinessProbe is None")
    assert out[2] == "✗ no failed readiness probe yet: the probe must fail before the file exists"
    assert out[3] == "✓ it is Ready now that the file exists"
    cluster.kubectl("delete pod slow-ready --now")
    cluster.advance(5)
    cluster.apply(SLOW_READY + probe("readiness", "exec:\n  command: [cat, /tmp/ready]",
                                     periodSeconds=5))
    cluster.advance(20)
    check_ready_after_file(cluster)
    assert lines(capsys)[3] == "✗ it is not Ready (yet): advance the clock (c.advance(120))"
    cluster.advance(40)
    check_ready_after_file(cluster)
    out = lines(capsys)
    assert out[2] == ("✓ it was not ready while the file was missing (Readiness probe failed: "
                      "cat: can't open '/tmp/ready': No such file or directory)")
    assert out[-1] == "All 5 checks pass. Well done!"


def test_hung_container_exercise(cluster, capsys):
    """A tcpSocket probe never notices the hang: ✗ with the reason; httpGet on 8080 does:
    the kubelet kills and restarts the container, all ✓."""
    cluster.apply(FROZEN + probe("liveness", "tcpSocket:\n  port: 8080"))
    cluster.advance(200)
    check_hung_container_restarted(cluster)
    out = lines(capsys)
    assert out[2].startswith("✗ a tcpSocket probe cannot see a hang")
    assert out[3] == "✗ no kill for a failed liveness probe yet: advance the clock (c.advance(120))"
    cluster.kubectl("delete pod frozen --now")
    cluster.advance(5)
    cluster.apply(FROZEN + probe("liveness", "httpGet:\n  path: /\n  port: 8080"))
    cluster.advance(150)
    check_hung_container_restarted(cluster)
    out = lines(capsys)
    assert out[3] == ("✓ the kubelet killed the hung container "
                      "(Container kubia failed liveness probe, will be restarted)")
    assert out[-1] == "All 5 checks pass. Well done!"


def test_slow_starter_exercise(cluster, capsys):
    """As given, the liveness probe kills the app before it starts; a startup probe of
    30 × 5 s lets it start; one of 3 × 10 s is too short (30 s < 90 s)."""
    cluster.apply(LEGACY)
    cluster.advance(150)
    check_slow_starter(cluster)
    out = lines(capsys)
    assert out[2].startswith("✗ it has no startupProbe")
    assert out[-2].startswith("✗ it was restarted")
    cluster.kubectl("delete pod legacy --now")
    cluster.advance(5)
    cluster.apply(LEGACY + probe("startup", "exec:\n  command: [cat, /tmp/started]",
                                 periodSeconds=5, failureThreshold=30))
    cluster.advance(120)
    check_slow_starter(cluster)
    out = lines(capsys)
    assert out[3] == "✓ the startup probe allows 150 s to start"
    assert out[-1] == "All 6 checks pass. Well done!"


def test_startup_budget_too_short_is_named(cluster, capsys):
    """A startup probe with the defaults (3 × 10 s) is reported with its arithmetic."""
    cluster.apply(LEGACY + probe("startup", "exec:\n  command: [cat, /tmp/started]"))
    cluster.advance(10)
    check_slow_starter(cluster)
    assert ("✗ initialDelaySeconds + failureThreshold × periodSeconds = 30 s: "
            "the app needs 90 s") in lines(capsys)
