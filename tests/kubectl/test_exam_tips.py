"""Chapter 13's client-side commands print exactly what kubectl v1.35 prints.

Every generator (`run`, `create deployment`, `create service`, `expose`) and every error
that kubectl raises before it sends an object (outdated flags, YAML it cannot parse, a
kind the server does not serve) is run twice: by the model on a fresh cluster, and by the
real binary against the stub API server (discovery, plus the Deployment `expose` reads).
"""

import json
import shlex
import shutil
import subprocess

import pytest

from k8s_model import ApiError, Cluster, KubectlError
from k8s_model.exercises.chapter13 import BROKEN_API
from tests.kubectl.stub_apiserver import serving

KUBECTL = "/usr/local/bin/kubectl"
WEB = "create deployment web --image=nginx:1.27 --replicas=3"
COMMANDS = [
    "run nginx --image=nginx --dry-run=client -o yaml",
    "run exam-nginx --image=nginx:1.27 --dry-run=client -o yaml",
    f"{WEB} --dry-run=client -o yaml",
    "create deployment shop --image=nginx:1.27 --replicas=3 --port=80 --dry-run=client -o yaml",
    "create service clusterip web --tcp=80:80 --dry-run=client -o yaml",
    "expose deployment web --port=80 --target-port=80 --dry-run=client -o yaml",
    "expose deployment web --port=80 --dry-run=client -o yaml",
    "run nginx2 --image=nginx --generator=run-pod/v1",   # removed in v1.18
    "run nginx2 --image=nginx --replicas=3",             # removed in v1.18
    "get pods --export",                                 # removed in v1.18
]
# Manifests kubectl refuses before sending them (section 7 and exercise 3).
MANIFESTS = [
    BROKEN_API,
    BROKEN_API.replace("apps/v1", "extensions/v1beta1")
              .replace("         ports:", "        ports:"),
    # section 7's `bad-indent`: the generated Deployment with one space missing
    BROKEN_API.replace("  replica: 2", " replicas: 2"),
]


def model(command: str, stdin: str | None = None) -> tuple[str, str]:
    c = Cluster(nodes=1, seed=0)
    c.kubectl(WEB)
    try:
        return c.kubectl(command, stdin=stdin) + "\n", ""
    except (ApiError, KubectlError) as error:
        return "", str(error)


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    if not shutil.which(KUBECTL):
        pytest.skip("kubectl v1.35 not installed")
    c = Cluster(nodes=1, seed=0)
    c.kubectl(WEB)
    deployment = json.loads(c.kubectl("get deployment web -o json"))
    cache = tmp_path_factory.mktemp("kubectl-cache")
    with serving({("deployments", "web"): deployment}) as url:
        def run(command: str, stdin: str | None = None) -> tuple[str, str]:
            done = subprocess.run([KUBECTL, f"--server={url}", f"--cache-dir={cache}",
                                   *shlex.split(command)], input=stdin, capture_output=True,
                                  text=True)
            return done.stdout, done.stderr.rstrip("\n")

        yield run


@pytest.mark.parametrize("command", COMMANDS)
def test_command_matches_kubectl(real, command):
    assert model(command) == real(command)


@pytest.mark.parametrize("manifest", MANIFESTS, ids=["indent", "old-apiversion", "dedent"])
def test_refused_manifest_matches_kubectl(real, manifest):
    # --validate=false: the stub serves no OpenAPI schema for kubectl's client-side check
    for command in ("apply --validate=false -f -", "create --validate=false -f -", "diff -f -"):
        assert model(command, manifest) == real(command, manifest), command
