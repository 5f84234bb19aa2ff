"""Cluster.break_container: a script step applied now to a running container, and what
the kubelet makes of it; plus what an exec probe finds on a container's filesystem.

Pods are bound to node-1 by hand and created at t=60 (past the probe workers' start-up
jitter); nginx:1.29 starts at 62.093, luksa/kubia at 64.818. Times are virtual seconds.
"""

import pytest

from k8s_model import ApiError
from tests.kubelet.conftest import pod_yaml

T0 = 60
LIVENESS = "    livenessProbe:\n      httpGet:\n        path: /\n        port: 80\n"


@pytest.fixture
def c(kc):
    kc.advance(T0)
    return kc


def status(c, pod):
    return c.get("pods", pod)["status"]["containerStatuses"][0]


def starts(c, pod):
    return [round(r.time, 3) for r in c.trace.filter(verb="StartContainer") if r.name == pod]


def test_crash_exits_now_and_the_kubelet_restarts(c):
    """crash: exit code 1 at once; restartPolicy Always restarts it at once the first time;
    exit with an exitCode ends the process with that code."""
    c.apply(pod_yaml("web", "nginx:1.29"))
    c.advance(10)
    c.break_container("web", "crash")
    c.advance(1)
    assert starts(c, "web") == [62.093, 70.1]
    last = status(c, "web")["lastState"]["terminated"]
    assert (last["exitCode"], last["reason"]) == (1, "Error")
    c.break_container("web", "exit", exit_code=3)
    assert status(c, "web")["state"]["waiting"]["reason"] == "CrashLoopBackOff"
    assert status(c, "web")["lastState"]["terminated"]["exitCode"] == 3


def test_hang_is_seen_only_by_the_probes(c):
    """hang: nothing changes in the API until the liveness probe (every 10 s from 62.093)
    times out three times; recover before the third keeps the container."""
    c.apply(pod_yaml("web", "nginx:1.29", container=LIVENESS))
    c.advance(10)
    c.break_container("web", "hang")
    c.advance(25)   # probes at 72.093 and 82.093 time out
    c.break_container("web", "recover")
    c.advance(60)
    assert status(c, "web")["restartCount"] == 0
    c.break_container("web", "hang")
    c.advance(40)
    assert status(c, "web")["restartCount"] == 0          # killed, dying for 30 s
    c.advance(20)
    assert status(c, "web")["restartCount"] == 1
    assert status(c, "web")["lastState"]["terminated"]["exitCode"] == 137


@pytest.mark.parametrize("args,message", [
    (("web", "explode"), 'unknown action "explode": want one of crash, exit, hang, '
                         "fail-liveness, fail-readiness, fail-startup, fail-probes, recover"),
    (("web", "hang", "nope"), "container nope is not valid for pod web"),
    (("pending", "hang"), "pod pending does not have a host assigned"),
    (("gone", "crash"), 'container not found ("gone")'),
])
def test_refusals_name_the_reason_and_change_nothing(c, args, message):
    """Unknown action, unknown container, an unscheduled Pod, a container not running:
    ValueError with `kubectl exec`'s (API server's, kubelet's) words; nothing changes."""
    c.apply(pod_yaml("web", "nginx:1.29"))
    c.apply(pod_yaml("pending", "nginx:1.29").replace("  nodeName: node-1\n", "")
            .replace("spec:\n", "spec:\n  nodeSelector:\n    disk: none\n"))
    c.apply(pod_yaml("gone", "busybox:1.37", policy="Never",
                     container="    command: [sh, -c, 'exit 1']\n"))
    c.advance(10)
    before = c.store.revision
    with pytest.raises(ValueError) as raised:
        c.break_container(*args)
    assert str(raised.value) == message
    assert c.store.revision == before


def test_no_such_pod_is_the_api_servers_not_found(c):
    with pytest.raises(ApiError, match='pods "nope" not found'):
        c.break_container("nope", "crash")


def test_exec_probes_find_no_file_the_program_never_made(c):
    """`ls /var/ready` in luksa/kubia fails (GNU ls's words) until something creates the
    file — the readiness example of Kubernetes in Action; what every container has
    (/etc/hosts, the service account token) is there."""
    readiness = ("    readinessProbe:\n      exec:\n        command: [ls, /var/ready]\n"
                 "      periodSeconds: 5\n")
    c.apply(pod_yaml("kubia", "luksa/kubia", container=readiness))
    c.advance(30)
    assert status(c, "kubia")["ready"] is False
    runtime = c.kubelet.runtime
    cid = status(c, "kubia")["containerID"].removeprefix("containerd://")
    assert runtime.exec_sync(cid, ["ls", "/var/ready"]) == (
        1, "ls: cannot access '/var/ready': No such file or directory\n")
    assert runtime.exec_sync(cid, ["cat", "/etc/hosts"]) == (0, "")
    assert runtime.exec_sync(cid, ["cat", "/var/run/secrets/kubernetes.io/serviceaccount/token"]) \
        == (0, "")
    assert runtime.exec_sync(cid, ["ls", "/"]) == (0, "")
