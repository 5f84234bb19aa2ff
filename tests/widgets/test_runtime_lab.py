"""The runtime lab: the CRI calls of one Pod's start, restart and deletion, from the trace."""

import base64

import pytest

from k8s_model import Cluster
from k8s_model.trace import TraceRecord
from widgets.runtime_lab import RuntimeCallsLab
from widgets.views.runtime_calls import RuntimeCallsView, runtime_messages

START = ["RunPodSandbox", "ImageStatus", "PullImage", "CreateContainer", "StartContainer"]


def calls(lab):
    return [m.label.split(" ")[0] for m in lab.diagram.view.messages
            if m.target == "containerd"]


@pytest.fixture
def lab():
    return RuntimeCallsLab(Cluster(nodes=1, seed=0))


def test_lab_starts_its_pod_and_draws_only_its_calls(lab):
    """kube-proxy and CoreDNS start meanwhile on the nodes; the diagram keeps to `web`."""
    assert calls(lab) == START
    (output,) = lab.diagram.out.outputs
    assert base64.b64decode(output["data"]["image/png"]).startswith(b"\x89PNG")
    assert "ssh node-1 sudo crictl ps -a" in lab.output.value
    assert {"k8s-lab", "k8s-runtime-lab"} <= set(lab._dom_classes)


def test_crash_is_a_new_container_in_the_same_sandbox(lab):
    """No second RunPodSandbox and no pull (IfNotPresent): CreateContainer, StartContainer;
    crictl shows attempt 1 running and attempt 0 exited."""
    lab.crash_button.click()
    assert calls(lab) == START + ["ImageStatus", "CreateContainer", "StartContainer"]
    rows = [line.split() for line in lab.output.value.splitlines() if " nginx " in line]
    assert [(r[5], r[7]) for r in rows] == [("Running", "1"), ("Exited", "0")]   # "30 seconds ago"


def test_delete_stops_then_removes_the_sandbox(lab):
    lab.delete_button.click()
    assert calls(lab)[-3:] == ["StopContainer", "StopPodSandbox", "RemovePodSandbox"]
    labels = [m.label for m in lab.diagram.view.messages if m.source == "containerd"]
    assert labels[0] == "ADD ip 10.244.1.2" and labels[-1] == "DEL"
    lab.clear_button.click()
    assert calls(lab) == []


def test_errors_are_shown_in_the_widget():
    lab = RuntimeCallsLab(Cluster(nodes=1, seed=0), manifest="kind: Service\nmetadata:\n"
                          "  name: web\n")
    assert "the runtime lab runs one Pod" in lab.output.value
    lab.crash_button.click()
    assert "error: " in lab.output.value


def test_inside_containerd_arrows_are_derived_from_the_calls():
    records = [TraceRecord(1.0, "kubelet/node-1", "RunPodSandbox", "runtime.v1.RuntimeService",
                           "default", "web", target="containerd", detail="ip 10.244.1.5"),
               TraceRecord(2.0, "kubelet/node-1", "PullImage", "runtime.v1.ImageService",
                           "default", "web", 404, target="containerd", detail="not found")]
    msgs = runtime_messages(records)
    assert [(m.target, m.label, m.kind) for m in msgs] == [
        ("containerd", "RunPodSandbox web (ip 10.244.1.5)", "write"),
        ("CNI plugin", "ADD ip 10.244.1.5", "read"),
        ("runc (via shim)", "create + start pause", "read"),
        ("containerd", "PullImage web (not found)", "error")]
    assert RuntimeCallsView(records).description() == \
        "Runtime calls: 2 CRI calls: RunPodSandbox, PullImage"
