"""Graceful deletion: Terminating, StopContainer within the grace period, then gone."""

import pytest

from tests.kubelet.conftest import pod_yaml


def names(c):
    return [p["metadata"]["name"] for p in c.list("pods", "default")]


@pytest.mark.parametrize("image,still_there_at,gone_at", [
    ("nginx", 0.05, 0.2),         # nginx exits on SIGTERM at once
    ("luksa/kubia", 29.5, 30.5),  # node as PID 1 ignores SIGTERM: killed after 30 s
])
def test_deleted_pod_is_stopped_then_removed(kc, image, still_there_at, gone_at):
    """Killing event, StopContainer, StopPodSandbox, RemovePodSandbox, delete with grace 0."""
    kc.apply(pod_yaml("web", image))
    kc.advance(10)
    mark = kc.trace.mark()
    kc.kubectl("delete pod web --wait=false")
    assert kc.kubectl("get pods").splitlines()[1].split()[2] == "Terminating"
    kc.advance(still_there_at)
    assert names(kc) == ["web"]
    kc.advance(gone_at - still_there_at)
    assert names(kc) == []
    steps = [r.verb for r in kc.trace.since(mark) if r.client == "kubelet/node-1"
             and r.resource in ("runtime.v1.RuntimeService", "pods") and r.verb != "get"]
    assert steps == ["StopContainer", "StopPodSandbox", "RemovePodSandbox", "delete"]
    killing = [e["message"] for e in kc.list("events", "default") if e["reason"] == "Killing"]
    assert killing == ["Stopping container web"]


def test_manual_delete_of_a_pod_never_admitted(kc):
    """A rejected (Failed) Pod is deleted at once by the API server."""
    kc.apply(pod_yaml("big", "nginx",
                      container="    resources:\n      requests:\n        cpu: '5'\n"))
    kc.advance(1)
    kc.kubectl("delete pod big")
    assert names(kc) == []


def test_a_shell_that_ignores_sigterm_still_ends_when_its_command_does(kc):
    """sh as PID 1 ignores SIGTERM, but `sleep 15` ends on its own 15 s after it began:
    the stop is over then, not at the end of the 30 s grace period."""
    kc.apply(pod_yaml("work", "busybox",
                      container='    command: ["sh", "-c", "sleep 15"]\n', policy="Never"))
    kc.advance(5)
    started = kc.get("pods", "work")["status"]["containerStatuses"][0]["state"]["running"]
    assert started
    kc.kubectl("delete pod work --wait=false")
    kc.advance(8)       # the command has a few seconds left to run
    assert names(kc) == ["work"]
    kc.advance(5)       # it ended; the kubelet finished the Pod without waiting out 30 s
    assert names(kc) == []
