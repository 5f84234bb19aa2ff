"""Chapter 14's checkers: ✗ on an untouched cluster, ✓ once each exercise is solved."""

import pytest

from k8s_model import Cluster
from k8s_model.exercises.chapter14 import (check_host_network_pod, check_pinned_pod,
                                           check_restarted_container)


def pod(name, image="nginx", extra=""):
    return (f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n{extra}"
            f"  containers:\n  - name: app\n    image: {image}\n")


def lines(capsys):
    return capsys.readouterr().out.splitlines()


@pytest.fixture(scope="module")
def base():
    return Cluster(nodes=2, seed=0)


@pytest.mark.parametrize("check,name", [(check_pinned_pod, "pinned"),
                                        (check_restarted_container, "crashy"),
                                        (check_host_network_pod, "hostnet")])
def test_untouched_cluster_fails_every_exercise(base, capsys, check, name):
    check(base)
    assert lines(capsys) == [f'✗ no Pod "{name}" in namespace "default" yet',
                             "0 of 1 checks pass: not done yet."]


def test_pinned_by_digest(cluster, capsys):
    """Pinned by tag: ✗; by the digest the kubelet reported for nginx: all ✓."""
    cluster.apply(pod("web"))
    cluster.apply(pod("pinned", "nginx:1.29"))
    cluster.advance(10)
    check_pinned_pod(cluster)
    out = lines(capsys)
    assert out[1] == "✗ its image is 'nginx:1.29': want <repository>@sha256:<digest>"
    digest = cluster.get("pods", "web")["status"]["containerStatuses"][0]["imageID"]
    cluster.kubectl("delete pod pinned")
    cluster.advance(40)
    cluster.apply(pod("pinned", digest))
    cluster.advance(10)
    check_pinned_pod(cluster)
    assert lines(capsys) == [
        '✓ Pod "pinned" exists',
        "✓ its image is pinned by digest (docker.io/library/nginx@sha256:…)",
        "✓ its container runs", "✓ the imageID the kubelet reports is that same digest",
        "All 4 checks pass. Well done!"]


def test_restarted_twice(cluster, capsys):
    """One crash is not enough; two (past the 10 s back-off) pass, and crictl agrees."""
    cluster.apply(pod("crashy"))
    cluster.advance(10)
    cluster.break_container("crashy", "crash")
    cluster.advance(1)
    check_restarted_container(cluster)
    assert lines(capsys)[1].startswith("✗ its container restarted 1 times")
    cluster.break_container("crashy", "crash")
    cluster.advance(15)
    check_restarted_container(cluster)
    out = lines(capsys)
    assert out[1:] == ["✓ its container restarted 2 times", "✓ it runs again now",
                       out[3], "All 4 checks pass. Well done!"]
    assert out[3].startswith("✓ on node-") and out[3].endswith("running as attempt 2")


def test_host_network(cluster, capsys):
    """A Pod on the Pod network: ✗ (its own IP, a sandbox IP); hostNetwork: all ✓."""
    cluster.apply(pod("hostnet"))
    cluster.advance(10)
    check_host_network_pod(cluster)
    out = lines(capsys)
    assert out[1] == "✗ spec.hostNetwork is not true"
    assert out[3].startswith("✗ crictl inspectp shows the sandbox network {'additionalIps'")
    cluster.kubectl("delete pod hostnet")
    cluster.advance(40)
    cluster.apply(pod("hostnet", extra="  hostNetwork: true\n"))
    cluster.advance(10)
    check_host_network_pod(cluster)
    out = lines(capsys)
    assert out[-1] == "All 4 checks pass. Well done!"
    assert out[2].startswith("✓ its IP 192.168.1.1")
