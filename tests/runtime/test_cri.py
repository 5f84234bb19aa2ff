"""The CRI calls: traced as containerd RPCs; sandboxes get IPs; containers exit on cue."""

from k8s_model.runtime.cni import HostLocalIPAM
from k8s_model.runtime.cri import ContainerRuntime
from k8s_model.runtime.programs import Step
from k8s_model.sim import Simulation
from k8s_model.trace import Trace

POD = {"metadata": {"name": "web", "namespace": "default", "uid": "u1"}}


def runtime():
    rt = ContainerRuntime(Simulation(0), Trace(), "node-1")
    rt.update_runtime_config("10.244.1.0/24")
    return rt


def test_calls_are_traced_as_containerd_rpcs():
    """client kubelet/<node>, target containerd, verb the RPC name."""
    rt = runtime()
    sandbox = rt.run_pod_sandbox(POD)
    rt.pull_image("nginx", "default", "web")
    c = rt.create_container(sandbox.id, {"name": "web", "image": "nginx"},
                            "docker.io/library/nginx:latest")
    rt.start_container(c.id)
    rt.stop_container(c.id, 30)
    rt.sim.advance(1)
    rt.stop_pod_sandbox(sandbox.id)
    rt.remove_pod_sandbox(sandbox.id)
    assert [(r.client, r.target, r.verb) for r in rt.trace] == [
        ("kubelet/node-1", "containerd", verb) for verb in (
            "UpdateRuntimeConfig", "RunPodSandbox", "PullImage", "CreateContainer",
            "StartContainer", "StopContainer", "StopPodSandbox", "RemovePodSandbox")]
    assert len(c.id) == 64 and c.exit_code == 0


def test_scripted_steps_and_http_answers():
    """kubia answers with the pod name; kubia-unhealthy fails from the 6th request;
    a scripted hang makes probes fail, recover mends it."""
    rt = runtime()
    sandbox = rt.run_pod_sandbox(POD)
    kubia = rt.create_container(sandbox.id, {"name": "k", "image": "luksa/kubia"},
                                "docker.io/luksa/kubia:latest")
    rt.start_container(kubia.id, [Step("hang", after=5), Step("recover", after=8)])
    assert rt.serve_http(kubia.id, "web") == (200, "You've hit web\n")
    rt.sim.advance(6)
    assert not rt.probe_healthy(kubia.id, "liveness")
    rt.sim.advance(3)
    assert rt.probe_healthy(kubia.id, "liveness")
    sick = rt.create_container(sandbox.id, {"name": "s", "image": "luksa/kubia-unhealthy"},
                               "docker.io/luksa/kubia-unhealthy:latest")
    rt.start_container(sick.id)
    codes = [rt.serve_http(sick.id, "web")[0] for _ in range(7)]
    assert codes == [200] * 5 + [500] * 2


def test_host_local_ipam_goes_round_robin():
    """.2, .3, then after freeing .2 the next is .4, not .2."""
    ipam = HostLocalIPAM("10.244.1.0/24")
    assert [ipam.allocate("a"), ipam.allocate("b")] == ["10.244.1.2", "10.244.1.3"]
    ipam.release("10.244.1.2")
    assert ipam.allocate("c") == "10.244.1.4"


def test_what_a_probe_reaches():
    """dial finds the container listening at the Pod's IP and port; ExecSync runs `cat`
    against the files the container's shell keeps; a hung container never answers."""
    rt = runtime()
    sandbox = rt.run_pod_sandbox(POD)
    web = rt.create_container(sandbox.id, {"name": "web", "image": "nginx"},
                              "docker.io/library/nginx:latest")
    rt.start_container(web.id, [Step("fail-liveness", after=5), Step("hang", after=10)])
    assert rt.dial(sandbox.ip, 80) is web and rt.dial(sandbox.ip, 8080) is None
    rt.sim.advance(6)
    assert rt.dial(sandbox.ip, 80, "liveness") is None and rt.dial(sandbox.ip, 80, "readiness")
    assert rt.serve_http(web.id, "web", "liveness")[0] == 500
    assert rt.exec_sync(web.id, ["true"], "readiness") == (0, "")
    rt.sim.advance(5)
    assert rt.serve_http(web.id, "web") == (0, "") and rt.exec_sync(web.id, ["true"]) == (None, "")
    box = rt.create_container(sandbox.id, {"name": "box", "image": "busybox", "args": [
        "sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"]},
        "docker.io/library/busybox:latest")
    rt.start_container(box.id)
    assert rt.exec_sync(box.id, ["cat", "/tmp/healthy"]) == (0, "")
    rt.sim.advance(31)
    assert rt.exec_sync(box.id, ["cat", "/tmp/healthy"]) == (
        1, "cat: can't open '/tmp/healthy': No such file or directory\n")
