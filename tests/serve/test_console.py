"""Pacing (virtual time following the wall clock) and `k8s-book-serve`, the console command."""

import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from k8s_model import Cluster
from k8s_model.serve.pacing import Pacer

# Not a speed assertion: how long to wait for something that should take a fraction of it.
PATIENCE = 60


def _eventually(predicate) -> bool:
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_paced_clock_moves_and_stops():
    c = Cluster(nodes=1)
    server = c.serve(pace=20)
    try:
        assert _eventually(lambda: c.now >= 2)
    finally:
        server.stop()
    assert server.pacer is None
    stopped_at = c.now
    time.sleep(0.6)   # two ticks of a pacer that should no longer exist
    assert c.now == stopped_at


def test_pace_can_change_and_stop_without_the_server():
    c = Cluster(nodes=1)
    server = c.serve()
    try:
        time.sleep(0.3)
        assert c.now == 0          # unpaced: requests and time passing move nothing
        server.pace(50)
        assert _eventually(lambda: c.now > 0)
        server.pace(None)
        frozen = c.now
        time.sleep(0.6)
        assert c.now == frozen
    finally:
        server.stop()


def test_pacer_refuses_a_non_positive_speed():
    with pytest.raises(ValueError, match="pace speed must be greater than 0, not 0"):
        Pacer(Cluster(nodes=1), 0)


def test_pacer_and_a_notebook_share_the_clock_safely():
    """Both advance under the cluster's lock: no step runs inside another."""
    c = Cluster(nodes=1)
    c.kubectl("create deployment web --image=nginx --replicas=3")
    pacer = Pacer(c, speed=40, tick=0.01)
    try:
        for _ in range(20):
            c.advance(1)
            c.kubectl("get pods")
    finally:
        pacer.stop()
    assert c.kubectl("get deployment web").split("\n")[1].split()[1] == "3/3"


def test_console_command_serves_a_scenario(kubectl_binary, tmp_path):
    manifest = tmp_path / "web.yaml"
    manifest.write_text(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n"
        "  containers:\n  - name: nginx\n    image: nginx\n")
    kubeconfig = tmp_path / "config"
    process = subprocess.Popen(
        [sys.executable, "-m", "k8s_model.serve", "-f", str(manifest), "--nodes", "1",
         "--pace", "0", "--kubeconfig", str(kubeconfig)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True)
    reader.start()
    try:
        assert _eventually(lambda: any("Ctrl-C stops." in line for line in lines)), lines
        assert lines[0] == "pod/web created\n"
        assert f"  export KUBECONFIG={kubeconfig}\n" in lines
        done = subprocess.run([kubectl_binary, "get", "pod", "web", "--no-headers"],
                              capture_output=True, text=True, timeout=60,
                              env=dict(os.environ, KUBECONFIG=str(kubeconfig), HOME=str(tmp_path)))
        # --advance 30 ran before serving; --pace 0 keeps the age at 30 s
        assert done.stdout.split() == ["web", "1/1", "Running", "0", "30s"], done.stderr
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=PATIENCE) == 0
