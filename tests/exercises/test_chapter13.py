"""Chapter 13's checkers: what they print before and after a learner's solution."""

import shutil
import subprocess

import pytest

from k8s_model import Cluster, KubectlError
from k8s_model.exercises.chapter13 import (BROKEN_API, check_fixed_api, check_generated_pod,
                                           check_shop)

KUBECTL = "/usr/local/bin/kubectl"


def with_port(text: str, indent: str = "    ") -> str:
    """Add `ports: [{containerPort: 80}]` to a generated manifest's only container."""
    return text.replace(indent + "resources: {}\n",
                        f"{indent}ports:\n{indent}- containerPort: 80\n{indent}resources: {{}}\n")


def lines(capsys):
    return capsys.readouterr().out.splitlines()


@pytest.fixture(scope="module")
def solved():
    c = Cluster(nodes=2, seed=0)
    pod = c.kubectl("run exam-nginx --image=nginx:1.27 --dry-run=client -o yaml")
    pod = with_port(pod).replace("    run: exam-nginx\n",
                                 "    run: exam-nginx\n    tier: frontend\n")
    c.kubectl("apply -f -", stdin=pod)
    shop = c.kubectl("create deployment shop --image=nginx:1.27 --replicas=3 "
                     "--dry-run=client -o yaml")
    c.kubectl("apply -f -", stdin=with_port(shop, "        "))
    c.kubectl("expose deployment shop --port=80")
    fixed = (BROKEN_API.replace("         ports:", "        ports:")
             .replace("replica:", "replicas:").replace("app: apl", "app: api"))
    c.kubectl("apply -f -", stdin=fixed)
    c.advance(15)
    return c


def test_untouched_cluster_fails_every_exercise(capsys):
    c = Cluster(nodes=1)
    for check, first in ((check_generated_pod, 'Pod "exam-nginx"'),
                         (check_shop, 'Deployment "shop"'), (check_fixed_api, 'Deployment "api"')):
        check(c)
        out = lines(capsys)
        assert out[0] == f'✗ no {first} in namespace "default" yet'
        assert out[-1].endswith("checks pass: not done yet.")


def test_generated_pod_done(solved, capsys):
    check_generated_pod(solved)
    assert lines(capsys) == [
        '✓ Pod "exam-nginx" exists',
        "✓ labels run=exam-nginx (from the generator) and tier=frontend",
        "✓ it runs one container, nginx:1.27",
        "✓ it declares containerPort 80",
        "✓ it was created declaratively (kubectl apply left its last-applied-configuration "
        "annotation)",
        "✓ it is Running and Ready",
        "All 6 checks pass. Well done!"]


def test_pod_made_imperatively_is_caught(capsys):
    """`kubectl run` itself (no file, no label, no port) is not what exercise 1 asks."""
    c = Cluster(nodes=1, seed=0)
    c.kubectl("run exam-nginx --image=nginx:1.27")
    c.advance(10)
    check_generated_pod(c)
    out = lines(capsys)
    assert "✗ labels are {'run': 'exam-nginx'}, want run=exam-nginx and tier=frontend" in out
    assert "✗ it declares containerPorts [], want 80" in out
    assert any(line.startswith("✗ it has no last-applied-configuration") for line in out)
    assert "✓ it is Running and Ready" in out


def test_shop_done(solved, capsys):
    check_shop(solved)
    assert lines(capsys) == [
        '✓ Deployment "shop" exists',
        "✓ it asks for 3 replicas",
        "✓ its Pod template runs one container, nginx:1.27",
        "✓ its Pod template declares containerPort 80",
        "✓ 3 of 3 Pods are available",
        '✓ Service "shop" exists',
        "✓ it is a ClusterIP Service, port 80 → targetPort 80",
        "✓ its selector {'app': 'shop'} matches the Deployment's Pods",
        "✓ it has 3 ready endpoints",
        "All 9 checks pass. Well done!"]


def test_service_with_a_wrong_selector_is_caught(capsys):
    """`create service clusterip` guesses the selector from its own name."""
    c = Cluster(nodes=1, seed=0)
    c.kubectl("create deployment shop --image=nginx:1.27 --replicas=3 --port=80")
    c.kubectl("create service clusterip shop-svc --tcp=80:80")
    c.kubectl("create service clusterip shop --tcp=8080:80")
    c.advance(10)
    check_shop(c)
    out = lines(capsys)
    assert "✗ it is ClusterIP with ports [(8080, 80)], want ClusterIP [(80, 80)]" in out
    assert "✓ 3 of 3 Pods are available" in out


def test_fixed_api_done(solved, capsys):
    check_fixed_api(solved)
    assert lines(capsys)[-1] == "All 7 checks pass. Well done!"


def test_broken_api_fails_three_times_then_works():
    """Each mistake is refused with its own message; nothing is created until all are mended."""
    c = Cluster(nodes=1, seed=0)
    text, messages = BROKEN_API, []
    for old, new in (("         ports:", "        ports:"), ("replica:", "replicas:"),
                     ("app: apl", "app: api")):
        with pytest.raises(KubectlError) as failure:
            c.kubectl("apply -f -", stdin=text)
        messages.append(str(failure.value))
        assert c.list("deployments", "default") == []
        text = text.replace(old, new)
    assert messages == [
        "error: error parsing STDIN: error converting YAML to JSON: yaml: line 18: mapping "
        "values are not allowed in this context",
        'Error from server (BadRequest): error when creating "STDIN": Deployment in version '
        '"v1" cannot be handled as a Deployment: strict decoding error: unknown field '
        '"spec.replica"',
        'The Deployment "api" is invalid: spec.template.metadata.labels: Invalid value: '
        '{"app":"apl"}: `selector` does not match template `labels`']
    assert c.kubectl("apply -f -", stdin=text) == "deployment.apps/api created"


@pytest.mark.skipif(not shutil.which(KUBECTL), reason="kubectl v1.35 not installed")
def test_broken_yaml_message_matches_kubectl(tmp_path):
    """The first mistake is kubectl's own (it parses before it sends): same text as v1.35."""
    real = subprocess.run([KUBECTL, "apply", "-f", "-"], input=BROKEN_API, capture_output=True,
                          text=True, cwd=tmp_path, env={"HOME": str(tmp_path)})
    c = Cluster(nodes=1, seed=0)
    with pytest.raises(KubectlError) as failure:
        c.kubectl("apply -f -", stdin=BROKEN_API)
    assert str(failure.value) == real.stderr.rstrip("\n")
