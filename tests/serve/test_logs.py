"""`kubectl logs`: the model's kubectl and the real one against the served `pods/log`."""

import os
import subprocess

import pytest

from k8s_model import Cluster, KubectlError

TWO_CONTAINERS = """apiVersion: v1
kind: Pod
metadata: {name: two}
spec:
  containers:
  - {name: a, image: busybox, command: [sh, -c, "echo A; sleep 1000"]}
  - {name: b, image: busybox, command: [sh, -c, "echo B; sleep 1000"]}
"""


def book(c: Cluster, command: str) -> str:
    try:
        return c.kubectl(command)
    except KubectlError as error:
        return "\n".join(t for t in (error.output, str(error)) if t)
    except Exception as error:   # ApiError: kubectl's words are its str()
        return str(error)


@pytest.fixture(scope="module")
def cluster():
    c = Cluster(nodes=1, seed=0)
    c.kubectl("run web --image=nginx")
    c.kubectl('run crasher --image=busybox -- sh -c "echo hello; sleep 5; exit 1"')
    c.kubectl('create deployment d --image=busybox --replicas=2 -- sh -c "echo hi from d; sleep 3600"')
    c.apply(TWO_CONTAINERS)
    c.kubectl("run pending --image=nginx --overrides="
              """'{"spec":{"nodeSelector":{"disk":"none"}}}'""")
    c.advance(30)
    server = c.serve()
    yield c, server
    server.stop()


@pytest.mark.parametrize("command", [
    "logs crasher", "logs crasher -p", "logs crasher --tail=0", "logs web -p",
    "logs deploy/d", "logs -l app=d --prefix", "logs -l app=d --tail=1",
    "logs two", "logs two -c b", "logs two --all-containers", "logs two x",
    "logs two --all-containers -c a", "logs nope", "logs pending", "logs",
    "logs crasher --tail=x", "logs crasher --limit-bytes=3",
])
def test_real_kubectl_logs_match_the_model(kubectl_binary, cluster, tmp_path, command):
    c, server = cluster
    done = subprocess.run([kubectl_binary, *command.split()], capture_output=True, text=True,
                          timeout=60, env=dict(os.environ, KUBECONFIG=server.kubeconfig,
                                               HOME=str(tmp_path)))
    # kubectl's notices (Defaulted container …, Found 2 pods …) go to stderr before the log
    real = (done.stderr + done.stdout).removesuffix("\n")
    if "--all-containers" in command or "-l" in command:
        # kubectl keeps the requests for several logs in a Go map: their order is random
        assert sorted(real.split("\n")) == sorted(book(c, command).split("\n"))
    else:
        assert real == book(c, command)


def test_a_waiting_container_says_why(cluster):
    c, _ = cluster
    c.kubectl("run slow --image=redis")
    c.advance(1.5)   # scheduled, the image still pulling
    assert book(c, "logs slow") == ('Error from server (BadRequest): container "slow" in pod '
                                    '"slow" is waiting to start: ContainerCreating')


def test_the_log_of_a_restarted_container_is_the_new_instance(cluster):
    c, _ = cluster
    restarts = c.get("pods", "crasher")["status"]["containerStatuses"][0]["restartCount"]
    assert restarts >= 1
    assert book(c, "logs crasher") == "hello"
    assert book(c, "logs crasher -p") == "hello"
