"""kubectl exec and `kubectl run -it --rm` (kubectl/pkg/cmd/exec/exec.go, run/run.go,
attach/attach.go); the client-side messages were compared with the real v1.35 binary."""

import os
import subprocess

import pytest

from k8s_model import Cluster
from k8s_model.kubectl import KubectlError

KUBECTL = "/usr/local/bin/kubectl"
WEB = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: nginx, image: nginx}]}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: empty}
spec:
  selector: {app: nothing}
  ports: [{port: 80}]
---
apiVersion: v1
kind: Pod
metadata: {name: box}
spec:
  containers:
  - {name: box, image: busybox, command: [sleep, "3600"]}
  - {name: side, image: nginx}
---
apiVersion: v1
kind: Pod
metadata: {name: done}
spec:
  restartPolicy: Never
  containers:
  - {name: done, image: busybox, command: [sh, -c, "exit 0"]}
"""
NGINX_FIRST_LINE = "<!DOCTYPE html>"


@pytest.fixture(scope="module")
def cluster():
    c = Cluster(nodes=2)
    c.apply(WEB)
    c.advance(30)
    return c


def failure(cluster, command):
    with pytest.raises(KubectlError) as caught:
        cluster.kubectl(command)
    return caught.value


CLIENT_SIDE = [
    ("exec box ls", "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- "
                    "[COMMAND] instead\nSee 'kubectl exec -h' for help and examples"),
    ("exec box", "error: you must specify at least one command for the container"),
    ("exec", "error: pod, type/name or --filename must be specified"),
]


@pytest.mark.parametrize("command, message", CLIENT_SIDE)
def test_client_side_errors(cluster, command, message):
    assert str(failure(cluster, command)) == message


@pytest.mark.skipif(not os.path.exists(KUBECTL), reason="no real kubectl")
@pytest.mark.parametrize("command, message", CLIENT_SIDE)
def test_client_side_errors_match_the_real_kubectl(command, message):
    real = subprocess.run([KUBECTL, "--server=http://127.0.0.1:1"] + command.split(),
                          capture_output=True, text=True, timeout=30)
    assert real.stderr.rstrip("\n") == message


def test_pod_errors(cluster):
    assert str(failure(cluster, "exec nope -- ls")) == \
        'Error from server (NotFound): pods "nope" not found'
    assert str(failure(cluster, "exec done -- ls")) == \
        "error: cannot exec into a container in a completed pod; current phase is Succeeded"
    assert str(failure(cluster, "exec box -c zz -- ls")) == \
        "Error from server (BadRequest): container zz is not valid for pod box"


def test_default_container_notice_then_output(cluster):
    """podcmd.FindOrDefaultContainerByName says which container it chose (on stderr)."""
    assert cluster.kubectl("exec box -- hostname") == \
        'Defaulted container "box" out of: box, side\nbox'
    assert cluster.kubectl("exec box -c box -- hostname") == "box"


def test_requests_from_inside_a_pod(cluster):
    ip = cluster.get("services", "web")["spec"]["clusterIP"]
    assert cluster.kubectl(f"exec box -c box -- wget -qO- http://{ip}").startswith(NGINX_FIRST_LINE)
    assert cluster.kubectl("exec box -c side -- curl -s http://web").startswith(NGINX_FIRST_LINE)
    assert cluster.kubectl("exec deploy/web -- curl -s http://web").startswith(NGINX_FIRST_LINE)
    empty = cluster.get("services", "empty")["spec"]["clusterIP"]
    refused = failure(cluster, f"exec box -c side -- curl http://{empty}")
    assert refused.output == (f"curl: (7) Failed to connect to {empty} port 80 after 0 ms: "
                              "Couldn't connect to server")
    assert str(refused) == "command terminated with exit code 7"
    unknown = failure(cluster, "exec box -c box -- wget -qO- http://nope")
    assert (unknown.output, str(unknown)) == ("wget: bad address 'nope'",
                                              "command terminated with exit code 1")


def test_a_binary_the_image_lacks(cluster):
    missing = failure(cluster, "exec box -c box -- curl http://web")
    assert missing.output == ('OCI runtime exec failed: exec failed: unable to start container '
                              'process: exec: "curl": executable file not found in $PATH: unknown')
    assert str(missing) == "command terminated with exit code 126"


def test_resolv_conf_comes_from_the_dns_helper(cluster):
    conf = cluster.kubectl("exec box -c box -- cat /etc/resolv.conf")
    assert "nameserver 10.96.0.10" in conf and "options ndots:5" in conf


def test_run_rm_it_prints_the_output_and_deletes_the_pod(cluster):
    out = cluster.kubectl("run tmp --image=busybox --rm -it --restart=Never -- "
                          "wget -qO- http://web").splitlines()
    assert out[0].startswith("All commands and output from this session will be recorded")
    assert out[1] == "If you don't see a command prompt, try pressing enter."
    assert out[2] == NGINX_FIRST_LINE
    assert out[-1] == 'pod "tmp" deleted from default namespace'
    cluster.advance(5)
    assert "tmp" not in [p["metadata"]["name"] for p in cluster.list("pods", "default")]


def test_run_it_of_a_failing_command_ends_with_its_exit(cluster):
    failed = failure(cluster, "run bad --image=busybox --rm -it --restart=Never -- "
                              "wget -qO- http://nope")
    assert failed.output.splitlines()[2:] == ["wget: bad address 'nope'",
                                              'pod "bad" deleted from default namespace']
    assert str(failed) == "pod default/bad terminated (Error)"
