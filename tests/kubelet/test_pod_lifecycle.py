"""A Pod bound to a node runs: ContainerCreating, Running, its IP and its events."""

import pytest

from tests.kubelet.conftest import pod_yaml


def row(c, name):
    for line in c.kubectl("get pods -o wide").splitlines()[1:]:
        if line.split()[0] == name:
            return line.split()
    return None


def test_nginx_pod_goes_from_container_creating_to_running(kc):
    """ContainerCreating → Running with READY 1/1 and an IP of node-1's podCIDR."""
    kc.apply(pod_yaml("web", "nginx"))
    assert row(kc, "web")[1:3] == ["0/1", "ContainerCreating"]
    kc.advance(1)
    assert row(kc, "web")[1:3] == ["0/1", "ContainerCreating"]
    kc.advance(9)
    assert row(kc, "web") == ["web", "1/1", "Running", "0", "10s", "10.244.1.2", "node-1",
                              "<none>", "<none>"]


def test_describe_pod_shows_the_kubelet_events(kc):
    """Pulling, Pulled (with time and size), Created and Started, worded as v1.35."""
    kc.apply(pod_yaml("web", "nginx"))
    kc.advance(10)
    events = kc.kubectl("describe pod web").split("Events:")[1].splitlines()[3:]
    assert [" ".join(e.split()) for e in events] == [
        'Normal Pulling 10s kubelet spec.containers{web}: Pulling image "nginx"',
        'Normal Pulled 9s kubelet spec.containers{web}: Successfully pulled image "nginx" in '
        '1.393s (1.393s including waiting). Image size: 72223946 bytes.',
        "Normal Created 9s kubelet spec.containers{web}: Created container: web",
        "Normal Started 8s kubelet spec.containers{web}: Started container web",
    ]


def test_running_status_fields(kc):
    """hostIP, podIP(s), startTime, containerd:// IDs, the resolved image and conditions."""
    kc.apply(pod_yaml("web", "nginx:1.27", container="    imagePullPolicy: IfNotPresent\n"))
    kc.advance(10)
    status = kc.get("pods", "web")["status"]
    assert status["phase"] == "Running"
    assert (status["hostIP"], status["podIP"], status["podIPs"]) == \
        ("192.168.1.11", "10.244.1.2", [{"ip": "10.244.1.2"}])
    assert status["startTime"] == "2026-01-01T00:00:00Z"
    cs = status["containerStatuses"][0]
    assert cs["image"] == "docker.io/library/nginx:1.27"
    assert cs["imageID"].startswith("docker.io/library/nginx@sha256:")
    assert cs["containerID"].startswith("containerd://") and len(cs["containerID"]) == 77
    assert (cs["ready"], cs["started"], cs["restartCount"]) == (True, True, 0)
    assert [(c["type"], c["status"]) for c in status["conditions"]] == [
        ("PodReadyToStartContainers", "True"), ("Initialized", "True"), ("Ready", "True"),
        ("ContainersReady", "True"), ("PodScheduled", "True")]


def test_second_pod_gets_the_next_address(kc):
    """host-local IPAM hands out 10.244.1.2, then .3."""
    kc.apply(pod_yaml("a", "nginx") + "---\n" + pod_yaml("b", "redis"))
    kc.advance(10)
    assert (row(kc, "a")[5], row(kc, "b")[5]) == ("10.244.1.2", "10.244.1.3")


def test_pods_of_other_nodes_are_left_alone(kc):
    """A kubelet acts only on Pods bound to its own node: node-2's Pod is run by node-2's."""
    kc.apply(pod_yaml("elsewhere", "nginx", node="node-2"))
    kc.advance(5)
    assert kc.get("pods", "elsewhere")["status"]["phase"] == "Running"
    assert {r.client for r in kc.trace if r.target == "containerd"
            and r.verb == "RunPodSandbox" and r.namespace == "default"} == {"kubelet/node-2"}


@pytest.mark.parametrize("name,image,command,policy,status,restarts,phase", [
    ("job", "luksa/batch-job", "", "OnFailure", "Completed", "0", "Succeeded"),
    ("echo", "busybox", "    command: [echo, hi]\n", "Never", "Completed", "0", "Succeeded"),
    ("fails", "busybox", "    command: [sh, -c, 'exit 3']\n", "Never", "Error", "0", "Failed"),
    ("sleeper", "busybox", "    args: [sleep, '1000']\n", "Never", "Running", "0", "Running"),
])
def test_programs_end_as_their_image_says(kc, name, image, command, policy, status,
                                         restarts, phase):
    """batch-job exits 0 after 120 s; busybox follows command/args."""
    kc.apply(pod_yaml(name, image, container=command, policy=policy))
    kc.advance(130)
    assert row(kc, name)[2:4] == [status, restarts]
    assert kc.get("pods", name)["status"]["phase"] == phase
