"""Crashing containers: restart policy, the crash back-off and CrashLoopBackOff."""

from tests.kubelet.conftest import pod_yaml

EXIT_1 = "    command: [sh, -c, 'exit 1']\n"


def status_row(c, name):
    return c.kubectl(f"get pod {name}").splitlines()[1].split(None, 3)[1:]


def test_busybox_exit_1_with_always_ends_in_crash_loop_back_off(kc):
    """Exit 1 under Always: restarted at once, then after 10 s, then 20 s.

    Exits at 2.4 s, 3.1 s, 13.8 s and 34.6 s; at 46 s RESTARTS counts from the last
    finishedAt (00:00:34): `3 (12s ago)`, and the back-off is now 40 s."""
    kc.apply(pod_yaml("bb", "busybox", container=EXIT_1))
    kc.advance(3)
    assert status_row(kc, "bb")[:2] == ["0/1", "Error"]
    kc.advance(43)
    ready, status, rest = status_row(kc, "bb")
    assert (ready, status, rest.rsplit(None, 1)[0]) == ("0/1", "CrashLoopBackOff", "3 (12s ago)")
    cs = kc.get("pods", "bb")["status"]["containerStatuses"][0]
    assert cs["state"]["waiting"]["message"] == (
        f"back-off 40s restarting failed container=bb pod=bb_default("
        f"{kc.get('pods', 'bb')['metadata']['uid']})")
    assert cs["lastState"]["terminated"]["exitCode"] == 1
    assert cs["lastState"]["terminated"]["reason"] == "Error"
    assert kc.get("pods", "bb")["status"]["phase"] == "Running"


def test_back_off_event_names_the_pod(kc):
    """BackOff: `Back-off restarting failed container bb in pod bb_default(<uid>)`."""
    kc.apply(pod_yaml("bb", "busybox", container=EXIT_1))
    kc.advance(20)
    uid = kc.get("pods", "bb")["metadata"]["uid"]
    messages = [e["message"] for e in kc.list("events", "default") if e["reason"] == "BackOff"]
    assert messages == [f"Back-off restarting failed container bb in pod bb_default({uid})"]


def test_restart_policies(kc):
    """OnFailure restarts a failed container but not a finished one; Never restarts none."""
    kc.apply(pod_yaml("onfail", "busybox", container=EXIT_1, policy="OnFailure") + "---\n" +
             pod_yaml("ok", "busybox", container="    command: [sh, -c, 'exit 0']\n",
                      policy="OnFailure") + "---\n" +
             pod_yaml("never", "busybox", container=EXIT_1, policy="Never"))
    kc.advance(30)
    restarts = {p["metadata"]["name"]: p["status"]["containerStatuses"][0]["restartCount"]
                for p in kc.list("pods", "default")}
    assert restarts == {"never": 0, "ok": 0, "onfail": 2}
    phases = {p["metadata"]["name"]: p["status"]["phase"] for p in kc.list("pods", "default")}
    assert phases == {"never": "Failed", "ok": "Succeeded", "onfail": "Running"}


def test_scripted_crash(kc):
    """k8s-model.io/script: crash 30 s after each start with exit code 137."""
    extra = ("  annotations:\n    k8s-model.io/script: |\n"
             "      - after: 30s\n        action: crash\n        exitCode: 137\n")
    kc.apply(pod_yaml("web", "nginx", extra=extra))
    kc.advance(31)
    kc.advance(5)
    cs = kc.get("pods", "web")["status"]["containerStatuses"][0]
    assert cs["restartCount"] == 1
    assert cs["lastState"]["terminated"]["exitCode"] == 137
    assert "running" in cs["state"]


def test_crash_loop_survives_one_long_advance(kc):
    """A crash-looping container and one long clock advance: the back-off ends exactly
    when due (no endless wake-ups at the same instant), and restarts keep coming."""
    kc.apply(pod_yaml("crasher", "busybox", container="    command: [sh, -c, 'exit 1']\n"))
    kc.advance(700)
    restarts = kc.get("pods", "crasher")["status"]["containerStatuses"][0]["restartCount"]
    assert restarts >= 6
