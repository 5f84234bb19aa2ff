"""Liveness, readiness and startup probes: exact timelines on the virtual clock.

Every Pod here is created at t=60, when the kubelet has run longer than a probe period,
so its probe workers tick at 60 + k·period without the start-up jitter. nginx:1.29 (no
re-pull) starts at 62.093 (sandbox 0.6 s, pull 1.393 s, create 0.1 s); kubia-unhealthy
(`latest`: pulled again on every restart, 0.5 s) at 65.005. Times are virtual seconds.
"""

import pytest

from tests.kubelet.conftest import pod_yaml

T0 = 60


def probe(kind: str, handler: str, **fields) -> str:
    """`livenessProbe:` and friends, indented for pod_yaml's container."""
    lines = [f"    {kind}Probe:", *(f"      {line}" for line in handler.splitlines())]
    lines += [f"      {key}: {value}" for key, value in fields.items()]
    return "\n".join(lines) + "\n"


def script(*steps: str) -> str:
    return "  annotations:\n    k8s-model.io/script: |\n" + "".join(
        f"      - {step}\n" for step in steps)


HTTP_8080 = "httpGet:\n  path: /\n  port: 8080"
HTTP_80 = "httpGet:\n  path: /\n  port: 80"


@pytest.fixture
def c(kc):
    """node-1's cluster at t=60, logging every Event the kubelet writes as (t, reason, message)."""
    kc.advance(T0)
    kc.log = []

    def on_change(event):
        obj = event.object
        if obj.get("kind") == "Event" and event.type in ("ADDED", "MODIFIED"):
            kc.log.append((round(kc.now, 3), obj["reason"], obj["message"]))
    kc.watch(on_change)
    return kc


def times(c, reason: str) -> list[float]:
    return [t for t, r, _ in c.log if r == reason]


def messages(c, reason: str) -> list[str]:
    return list(dict.fromkeys(m for _, r, m in c.log if r == reason))


def rpcs(c, verb: str, pod: str) -> list[float]:
    """When the kubelet asked containerd for `verb` (StartContainer, StopContainer …)."""
    return [round(r.time, 3) for r in c.trace.filter(verb=verb) if r.name == pod]


def container_status(c, pod: str) -> dict:
    return c.get("pods", pod)["status"]["containerStatuses"][0]


def get_row(c, pod: str) -> list[str]:
    """READY, STATUS, RESTARTS of `kubectl get pod`."""
    line = c.kubectl(f"get pod {pod}").splitlines()[1]
    name, ready, status, rest = line.split(None, 3)
    return [ready, status, rest.rsplit(None, 1)[0]]


def test_kubia_unhealthy_is_restarted_after_five_good_answers_and_three_500s(c):
    """The book's kubia-liveness: probes at 70…110 get 200, those at 120, 130, 140 get 500;
    at the third the kubelet kills it. Node ignores SIGTERM, so the kill takes the 30 s
    grace period: exit 137 (Error) at 170, started again at 170.6, `1 (30s ago)` at 200."""
    c.apply(pod_yaml("kubia", "luksa/kubia-unhealthy", container=probe("liveness", HTTP_8080)))
    c.advance(200 - T0)
    assert times(c, "Unhealthy") == [120, 130, 140]
    assert messages(c, "Unhealthy") == [
        "Liveness probe failed: HTTP probe failed with statuscode: 500"]
    assert [(t, m) for t, r, m in c.log if r == "Killing"] == [
        (140, "Container kubia failed liveness probe, will be restarted")]
    assert rpcs(c, "StopContainer", "kubia") == [140]
    assert rpcs(c, "StartContainer", "kubia") == [65.005, 170.6]
    last = container_status(c, "kubia")["lastState"]["terminated"]
    assert (last["exitCode"], last["reason"]) == (137, "Error")
    assert (last["startedAt"], last["finishedAt"]) == ("2026-01-01T00:01:05Z",
                                                      "2026-01-01T00:02:50Z")
    assert get_row(c, "kubia") == ["1/1", "Running", "1 (30s ago)"]
    assert ("Liveness:       http-get http://:8080/ delay=0s timeout=1s period=10s "
            "#success=1 #failure=3") in c.kubectl("describe pod kubia")


def test_liveness_kills_run_into_the_crash_back_off(c):
    """Killed every 110 s, the container restarts at once while the back-off (counted
    from the run before: computePodActions read the status before the kill) is shorter:
    restarts 170.6 … 720.6 raise it 10, 20, 40, 80, 160 s. The kill exiting at 830 comes
    only 110 s after the one at 720 (< 160 s): CrashLoopBackOff until 830 + 160 = 990."""
    c.apply(pod_yaml("kubia", "luksa/kubia-unhealthy", container=probe("liveness", HTTP_8080)))
    c.advance(840 - T0)
    assert rpcs(c, "StartContainer", "kubia") == [65.005, 170.6, 280.6, 390.6, 500.6, 610.6,
                                                   720.6]
    assert rpcs(c, "StopContainer", "kubia") == [140, 250, 360, 470, 580, 690, 800]
    uid = c.get("pods", "kubia")["metadata"]["uid"]
    waiting = container_status(c, "kubia")["state"]["waiting"]
    assert waiting == {"reason": "CrashLoopBackOff", "message": (
        f"back-off 2m40s restarting failed container=kubia pod=kubia_default({uid})")}
    assert get_row(c, "kubia") == ["0/1", "CrashLoopBackOff", "6 (10s ago)"]
    c.advance(1000 - 840)
    assert rpcs(c, "StartContainer", "kubia")[-1] == 990.6


def test_crash_back_off_is_10_20_40_seconds_and_resets_after_ten_minutes_of_running(c):
    """Scripted crashes at 70, 80, 100 (`at`, since the Pod started): the first restart
    is immediate, then 10 s, then 20 s. The run from 120.1 lasts past 10 minutes, so the
    crash at 860 finds the back-off expired: restarted at once, and the next crash (870)
    waits 10 s again, not 40 s."""
    steps = [f"{{at: {at}, action: crash}}" for at in (10, 20, 40, 800, 810)]
    c.apply(pod_yaml("web", "nginx:1.29", extra=script(*steps)))
    c.advance(130 - T0)
    assert rpcs(c, "StartContainer", "web") == [62.093, 70.1, 90.1, 120.1]
    assert get_row(c, "web") == ["1/1", "Running", "3 (30s ago)"]
    c.advance(900 - 130)
    assert rpcs(c, "StartContainer", "web")[4:] == [860.1, 880.1]
    last = container_status(c, "web")["lastState"]["terminated"]
    assert (last["exitCode"], last["reason"]) == (1, "Error")


def test_readiness_failure_only_makes_the_pod_not_ready(c):
    """The container's start triggers the readiness worker: ready at 62.093, then probed
    every 10 s from there. Failing from t=100, probes at 102.093, 112.093, 122.093 fail:
    not ready (ContainersNotReady) at 122; passing again from 160: ready at 162.093.
    No kill, no restart."""
    c.apply(pod_yaml("web", "nginx:1.29", container=probe("readiness", HTTP_80),
                     extra=script("{at: 40, action: fail-readiness}",
                                  "{at: 100, action: recover}")))
    c.advance(63 - T0)
    assert get_row(c, "web") == ["1/1", "Running", "0"]
    c.advance(122 - 63)
    assert container_status(c, "web")["ready"] is True
    c.advance(1)
    assert get_row(c, "web") == ["0/1", "Running", "0"]
    ready = {cond["type"]: cond for cond in c.get("pods", "web")["status"]["conditions"]}
    for ctype in ("Ready", "ContainersReady"):
        assert (ready[ctype]["status"], ready[ctype]["reason"], ready[ctype]["message"]) == \
            ("False", "ContainersNotReady", "containers with unready status: [web]")
        assert ready[ctype]["lastTransitionTime"] == "2026-01-01T00:02:02Z"
    assert times(c, "Unhealthy") == [102.093, 112.093, 122.093]
    assert messages(c, "Unhealthy") == [
        "Readiness probe failed: HTTP probe failed with statuscode: 500"]
    c.advance(163 - 123)
    assert get_row(c, "web") == ["1/1", "Running", "0"]
    assert times(c, "Killing") == [] and rpcs(c, "StartContainer", "web") == [62.093]


def test_readiness_initial_delay_waits_for_a_tick(c):
    """initialDelaySeconds 15: the trigger at the start (62.093) and the ticks at 72.093
    are too early; the probe at 82.093 (20 s after the start) makes it ready."""
    c.apply(pod_yaml("web", "nginx:1.29",
                     container=probe("readiness", HTTP_80, initialDelaySeconds=15)))
    c.advance(82 - T0)
    assert container_status(c, "web")["ready"] is False
    c.advance(1)
    assert container_status(c, "web")["ready"] is True


def test_startup_probe_holds_back_liveness_until_it_passes(c):
    """Every probe fails until t=105. The startup probe fails at 70 … 100 (4 of 30
    allowed) and passes at 110; liveness, failing just as long, is never run before
    then, so nothing is killed. `started` and `ready` turn true at 110."""
    container = (probe("startup", HTTP_80, failureThreshold=30) + probe("liveness", HTTP_80))
    c.apply(pod_yaml("web", "nginx:1.29", container=container,
                     extra=script("{after: 0s, action: fail-probes}",
                                  "{at: 45, action: recover}")))
    c.advance(109 - T0)
    status = container_status(c, "web")
    assert (status["started"], status["ready"]) == (False, False)
    assert get_row(c, "web") == ["0/1", "Running", "0"]
    c.advance(1)
    status = container_status(c, "web")
    assert (status["started"], status["ready"]) == (True, True)
    assert times(c, "Unhealthy") == [70, 80, 90, 100]
    assert messages(c, "Unhealthy") == [
        "Startup probe failed: HTTP probe failed with statuscode: 500"]
    c.advance(60)
    assert times(c, "Killing") == [] and times(c, "Unhealthy") == [70, 80, 90, 100]


def test_startup_failure_kills_after_failure_threshold_times_period(c):
    """failureThreshold 3 × period 10: killed at the third failure (90). nginx stops at
    once on its stop signal: exit 0, Completed, and it starts again at 90.2."""
    c.apply(pod_yaml("web", "nginx:1.29", container=probe("startup", HTTP_80),
                     extra=script("{after: 0s, action: fail-startup}")))
    c.advance(95 - T0)
    assert [(t, m) for t, r, m in c.log if r == "Killing"] == [
        (90, "Container web failed startup probe, will be restarted")]
    assert rpcs(c, "StartContainer", "web") == [62.093, 90.2]
    last = container_status(c, "web")["lastState"]["terminated"]
    assert (last["exitCode"], last["reason"]) == (0, "Completed")


@pytest.mark.parametrize("handler,steps,message,first", [
    (HTTP_8080, [], 'Get "http://10.244.1.2:8080/": dial tcp 10.244.1.2:8080: '
                    "connect: connection refused", 70),
    ("httpGet:\n  port: 80\n  scheme: HTTPS", [],
     'Get "https://10.244.1.2:80/": http: server gave HTTP response to HTTPS client', 70),
    ("tcpSocket:\n  port: 8080", [], "dial tcp 10.244.1.2:8080: connect: connection refused",
     70),
    (HTTP_80, ["{at: 15, action: hang}"],
     'Get "http://10.244.1.2:80/": context deadline exceeded '
     "(Client.Timeout exceeded while awaiting headers)", 81),
    ("grpc:\n  port: 9000", [], 'timeout: failed to connect service "10.244.1.2:9000" '
                                "within 1s: context deadline exceeded", 71),
    ("grpc:\n  port: 80", ["{at: 15, action: fail-liveness}"],
     'service unhealthy (responded with "NOT_SERVING")', 80),
    ("exec:\n  command: [curl, -f, http://localhost/]", ["{at: 15, action: hang}"],
     'command "curl -f http://localhost/" timed out', 81),
    ("httpGet:\n  port: http", [], None, None),
])
def test_probe_handlers_say_what_upstream_says(c, handler, steps, message, first):
    """Each handler's failure text (pkg/probe/{http,tcp,exec,grpc}), and when it comes:
    at the tick, or timeoutSeconds (1 s) later when nothing answers; the kill follows two
    periods after the first failure. A port name the container does not declare is a
    prober error: reported, never counted toward a kill."""
    c.apply(pod_yaml("web", "nginx:1.29", container=probe("liveness", handler),
                     extra=script(*steps) if steps else ""))
    c.advance(110 - T0)
    if message is None:
        assert messages(c, "Unhealthy") == [
            'Liveness probe errored and resulted in unknown state: '
            'strconv.Atoi: parsing "http": invalid syntax']
        assert times(c, "Killing") == []
        return
    assert messages(c, "Unhealthy") == [f"Liveness probe failed: {message}"]
    assert times(c, "Unhealthy")[:3] == [first, first + 10, first + 20]
    assert times(c, "Killing") == [first + 20]


def test_a_hung_process_still_passes_a_tcp_probe(c):
    """The kernel completes the handshake for a hung process's socket: tcpSocket cannot
    tell, httpGet can."""
    c.apply(pod_yaml("web", "nginx:1.29", container=probe("liveness", "tcpSocket:\n  port: 80"),
                     extra=script("{at: 15, action: hang}")))
    c.advance(200 - T0)
    assert times(c, "Unhealthy") == [] and times(c, "Killing") == []


def test_the_kubernetes_docs_exec_liveness_example(c):
    """liveness-exec from the Kubernetes docs: `touch /tmp/healthy; sleep 30; rm -f
    /tmp/healthy; sleep 600`, probed with `cat /tmp/healthy` every 5 s after 5 s. The file
    is gone from 92.327 (30 s after the start): failures at 95, 100, 105, then the kill;
    sh ignores SIGTERM, so it dies at 135 with 137."""
    container = ("    args: [/bin/sh, -c, 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy;"
                 " sleep 600']\n" +
                 probe("liveness", "exec:\n  command: [cat, /tmp/healthy]",
                       initialDelaySeconds=5, periodSeconds=5))
    c.apply(pod_yaml("liveness", "busybox:1.37", container=container))
    c.advance(140 - T0)
    assert times(c, "Unhealthy") == [95, 100, 105]
    assert messages(c, "Unhealthy") == [
        "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory\n"]
    assert "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory" \
        in c.kubectl("describe pod liveness")
    assert rpcs(c, "StartContainer", "liveness") == [62.327, 135.1]
    assert container_status(c, "liveness")["lastState"]["terminated"]["exitCode"] == 137


def test_probe_termination_grace_period_and_restart_policy_never(c):
    """livenessProbe.terminationGracePeriodSeconds (5) overrides the Pod's 30 s; under
    restartPolicy Never the killed container stays dead and the Pod fails."""
    c.apply(pod_yaml("kubia", "luksa/kubia-unhealthy", policy="Never",
                     container=probe("liveness", HTTP_8080, terminationGracePeriodSeconds=5)))
    c.advance(200 - T0)
    assert [(t, m) for t, r, m in c.log if r == "Killing"] == [
        (140, "Container kubia failed liveness probe")]
    last = container_status(c, "kubia")["state"]["terminated"]
    assert (last["exitCode"], last["finishedAt"]) == (137, "2026-01-01T00:02:25Z")
    assert c.get("pods", "kubia")["status"]["phase"] == "Failed"
    assert rpcs(c, "StartContainer", "kubia") == [65.005]


def test_success_threshold_for_readiness(c):
    """successThreshold 2: a single passing probe is not enough — ready at the second
    (72.093), the first having run when the container started (62.093)."""
    c.apply(pod_yaml("web", "nginx:1.29", container=probe("readiness", HTTP_80,
                                                           successThreshold=2)))
    c.advance(72 - T0)
    assert container_status(c, "web")["ready"] is False
    c.advance(1)
    assert container_status(c, "web")["ready"] is True


def test_probes_started_with_the_kubelet_wait_a_random_part_of_the_period(kc):
    """worker.go: a Pod created while the kubelet is younger than the probe period sleeps
    rand·period (seeded) first, so its probes tick off the 10 s grid; one created at
    t=40 ticks on it."""
    kc.apply(pod_yaml("early", "nginx:1.29", container=probe("liveness", HTTP_80)))
    kc.advance(40)
    kc.apply(pod_yaml("late", "nginx:1.29", container=probe("liveness", HTTP_80)))
    kc.advance(60)
    uids = {p["metadata"]["uid"]: p["metadata"]["name"] for p in kc.list("pods", "default")}
    tick = {uids[uid]: w.next_tick for (uid, _, _), w in kc.kubelet.prober.workers.items()}
    assert 0 < tick["early"] % 10 < 10 and tick["late"] % 10 == 0
