"""The real kubectl v1.35 against the served cluster prints what the notebook's
`cluster.kubectl(...)` prints for the same state, byte for byte (issue: real clients).

`get` tables are built by the API server (`as=Table`), so AGE comes from virtual time
in both. What is known not to work yet is listed at the end, as tests of the exact
failure, so that the day it starts working the test says so.
"""

import pytest

MANIFEST = """apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: fast
"""

SAME_OUTPUT = [
    "get pods", "get pods -o wide", "get pods -A", "get nodes", "get nodes -o wide",
    "get deploy,rs", "get deployments.apps web", "get pods -l app=web", "get pods --show-labels",
    "get svc -A", "get ns", "get ds -n kube-system", "get cm -n kube-system",
    "get endpointslices -A", "get pods -o yaml", "get deploy web -o json", "get nodes -o name",
    "get pod nope", "get pods -n nowhere", "get events --field-selector type=Normal",
    "get clusterroles cluster-admin", "get crd",
]


@pytest.mark.parametrize("command", SAME_OUTPUT)
def test_get_prints_what_the_model_prints(served, real, command):
    cluster, _ = served
    out, code = real(command)
    try:
        mine, mine_code = cluster.kubectl(command), 0
    except Exception as error:   # KubectlError: kubectl's message, exit status 1
        mine, mine_code = str(error), 1
    assert out.rstrip("\n") == mine.rstrip("\n")
    assert code == mine_code


def test_apply_twice_label_scale_delete(served, real):
    cluster, _ = served
    assert real("apply -f -", MANIFEST) == ("configmap/settings created\n", 0)
    assert real("apply -f -", MANIFEST) == ("configmap/settings unchanged\n", 0)
    assert real("apply -f -", MANIFEST.replace("fast", "slow")) == \
        ("configmap/settings configured\n", 0)
    assert cluster.get("configmaps", "settings")["data"] == {"mode": "slow"}
    assert real("label cm settings tier=cache")[0] == "configmap/settings labeled\n"
    assert real("scale deploy web --replicas=3")[0] == "deployment.apps/web scaled\n"
    cluster.advance(10)
    out, _ = real("get deploy web")
    assert out == cluster.kubectl("get deploy web") + "\n" and " 3/3 " in out
    assert real("delete cm settings")[0] == 'configmap "settings" deleted from default namespace\n'
    assert real("get cm settings") == ('Error from server (NotFound): configmaps "settings" not found\n', 1)


def test_get_watch_streams_changes_as_virtual_time_advances(kubectl_binary, served, tmp_path):
    """`kubectl get pods -w` prints the list, then one row per change the watch brings;
    the changes happen only when the notebook advances the clock."""
    import os
    import subprocess
    import time

    cluster, server = served
    env = dict(os.environ, KUBECONFIG=server.kubeconfig, HOME=str(tmp_path))
    watcher = subprocess.Popen([kubectl_binary, "get", "pods", "-l", "run=solo", "-w",
                                "--request-timeout=8s"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 30
    while not server.open_watches and time.monotonic() < deadline:
        time.sleep(0.05)   # until kubectl has listed (nothing) and opened its watch
    cluster.kubectl("run solo --image=nginx")
    cluster.advance(5)
    out, _ = watcher.communicate(timeout=60)
    rows = [line.split() for line in out.splitlines()]
    assert rows[0] == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
    assert [r[2] for r in rows[1:]][0] == "Pending" and rows[-1][:3] == ["solo", "1/1", "Running"]


def test_writes_do_not_move_virtual_time(served, real):
    cluster, _ = served
    before = cluster.now
    real("apply -f -", MANIFEST)
    real("delete cm settings")
    assert cluster.now == before


def test_without_the_token_the_server_says_unauthorized(kubectl_binary, served, tmp_path):
    import subprocess

    _, server = served
    config = tmp_path / "config"
    config.write_text(open(server.kubeconfig).read().replace(server.token, "wrong"))
    done = subprocess.run([kubectl_binary, "--kubeconfig", str(config), "get", "pods"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.endswith("error: You must be logged in to the server "
                                "(the server has asked for the client to provide credentials)\n")


def test_typed_clients_send_protobuf(served, real):
    """`kubectl create deployment` uses a typed client, which sends protobuf; the served
    API decodes it (serve/protobuf/, more cases in test_protobuf.py)."""
    assert real("create deployment x --image=nginx") == ("deployment.apps/x created\n", 0)
