"""Chapter 11's checkers: what they print for a learner's cluster in each state."""

import re

import pytest

from k8s_model.exercises.chapter11 import (check_client_pinned, check_nodeport_web,
                                           check_only_ready_pods, check_sep_chain)

KUBIA = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
spec:
  replicas: 3
  selector:
    matchLabels:
      app: {name}
  template:
    metadata:
      labels:
        app: {name}
    spec:
      containers:
      - name: kubia
        image: luksa/kubia
{probe}"""
PROBE = """        readinessProbe:
          httpGet:
            path: /
            port: 8080
          periodSeconds: 5
"""


def service(name, selector, extra="", port=80, target=8080):
    return (f"apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\nspec:\n{extra}"
            f"  selector:\n    app: {selector}\n  ports:\n  - port: {port}\n"
            f"    targetPort: {target}\n")


def lines(capsys):
    return capsys.readouterr().out.splitlines()


def test_nodeport_not_started(cluster, capsys):
    check_nodeport_web(cluster)
    assert lines(capsys) == [
        '✗ no Deployment "web" yet (kubectl create deployment web --image=nginx)',
        '✗ no Service "web" in namespace "default" yet',
        "0 of 2 checks pass: not done yet."]


def test_nodeport_clusterip_service_is_not_enough(cluster, capsys):
    """`kubectl expose` without --type makes a ClusterIP Service: no node port."""
    cluster.kubectl("create deployment web --image=nginx --replicas=2")
    cluster.kubectl("expose deployment web --port=80")
    cluster.advance(15)
    check_nodeport_web(cluster)
    out = lines(capsys)
    assert "✗ its type is ClusterIP, want NodePort" in out
    assert "✗ its ports are [(80, None)]: want port 80 with nodePort 30080" in out


def test_nodeport_done(cluster, capsys):
    """Deployment plus a NodePort Service on 30080: answered from outside."""
    cluster.kubectl("create deployment web --image=nginx --replicas=2")
    cluster.apply(service("web", "web", "  type: NodePort\n", target=80)
                  + "    nodePort: 30080\n")
    cluster.advance(15)
    check_nodeport_web(cluster)
    out = lines(capsys)
    assert re.fullmatch(r"✓ http://192\.168\.1\.11:30080 from outside answers 200 from web-\S+",
                        out[-2])
    assert out[-1] == "All 7 checks pass. Well done!"


def test_nodeport_wrong_selector(cluster, capsys):
    """A Service whose selector picks nothing: the checker says so and sends nothing."""
    cluster.kubectl("create deployment web --image=nginx")
    cluster.apply(service("web", "other", "  type: NodePort\n", target=80)
                  + "    nodePort: 30080\n")
    cluster.advance(15)
    check_nodeport_web(cluster)
    out = lines(capsys)
    assert out[-3] == ("✗ its selector {'app': 'other'} does not match the Deployment's Pod "
                       "labels {'app': 'web'}")
    assert out[-2] == "✗ none of the Pods it selects is ready yet: advance the clock (c.advance(15))"


def shop(cluster, probe=PROBE):
    cluster.apply(KUBIA.format(name="shop", probe=probe))
    cluster.apply(service("shop", "shop"))
    cluster.advance(20)
    return sorted(p["metadata"]["name"] for p in cluster.list("pods", "default", "app=shop"))


def test_only_ready_pods_not_started(cluster, capsys):
    check_only_ready_pods(cluster)
    assert lines(capsys)[:2] == ['✗ no Deployment "shop" with a readinessProbe yet',
                                 '✗ no Service "shop" in namespace "default" yet']


def test_only_ready_pods_before_breaking_one(cluster, capsys):
    """All Pods ready: the exercise wants one made not ready."""
    shop(cluster)
    check_only_ready_pods(cluster)
    out = lines(capsys)
    assert out[2].startswith("✗ want at least one ready and one not-ready Pod, have 3 ready of 3")


def test_only_ready_pods_done(cluster, capsys):
    """One Pod fails its readiness probe: out of the slice, the rules and the traffic."""
    pods = shop(cluster)
    cluster.break_container(pods[0], "fail-readiness")
    cluster.advance(20)
    check_only_ready_pods(cluster)
    out = lines(capsys)
    assert out[2] == "✓ 1 of its 3 Pods is not ready, 2 ready"
    assert out[-3] == "✓ node-1's kube-proxy rules leave the not-ready Pod out"
    assert pods[0] not in out[-2] and out[-2].startswith("✓ 60 requests from node-1 reached only")
    assert out[-1] == "All 6 checks pass. Well done!"


def test_only_ready_pods_without_probe(cluster, capsys):
    """No readinessProbe: the first check fails (and no Pod can be made not ready)."""
    shop(cluster, probe="")
    check_only_ready_pods(cluster)
    assert lines(capsys)[0] == '✗ Deployment "shop" has no readinessProbe in its Pod template'


@pytest.fixture
def kubia(cluster):
    cluster.apply(KUBIA.format(name="kubia", probe=PROBE))
    cluster.advance(20)
    return cluster


def test_pinned_default_timeout_is_not_an_hour(kubia, capsys):
    kubia.apply(service("sticky", "kubia", "  sessionAffinity: ClientIP\n"))
    kubia.advance(2)
    check_client_pinned(kubia)
    out = lines(capsys)
    assert out[1] == "✓ its sessionAffinity is ClientIP"
    assert out[2] == ("✗ the affinity lasts 10800 s, want 3600 (sessionAffinityConfig.clientIP."
                      "timeoutSeconds)")
    assert out[4].startswith("✗ node-1's rules have no '-m recent --rcheck --seconds 3600'")


def test_pinned_without_affinity_spreads(kubia, capsys):
    """No affinity: 30 requests from a node reach several Pods."""
    kubia.apply(service("sticky", "kubia"))
    kubia.advance(2)
    check_client_pinned(kubia)
    out = lines(capsys)
    assert out[1] == "✗ its sessionAffinity is None, want ClientIP"
    assert re.match(r"✗ 30 requests from node-1 reached \{'kubia-", out[-3])


def test_pinned_done(kubia, capsys):
    extra = ("  sessionAffinity: ClientIP\n  sessionAffinityConfig:\n    clientIP:\n"
             "      timeoutSeconds: 3600\n")
    kubia.apply(service("sticky", "kubia", extra))
    kubia.advance(2)
    check_client_pinned(kubia)
    out = lines(capsys)
    assert out[4] == "✓ node-1's rules remember a client for 3600 s (-m recent)"
    assert out[-1] == "All 7 checks pass. Well done!"


def sep_chains(cluster, service="default/kubia"):
    """{pod IP: KUBE-SEP chain} for `service` on node-1, read from iptables-save."""
    found = {}
    for line in cluster.kube_proxies["node-1"].iptables_save("nat").splitlines():
        m = re.match(rf'-A (KUBE-SEP-\w+) .*--comment "{service}".* --to-destination ([\d.]+):',
                     line)
        if m:
            found[m.group(2)] = m.group(1)
    return found


def test_sep_chain(kubia, capsys):
    kubia.kubectl("expose deployment kubia --port=80 --target-port=8080")
    kubia.kubectl("expose deployment kubia --name=other --port=80 --target-port=8080")
    kubia.advance(2)
    pods = sorted(kubia.list("pods", "default", "app=kubia"), key=lambda p: p["metadata"]["name"])
    target, other = pods[0], pods[1]
    chains = sep_chains(kubia)

    check_sep_chain(kubia, "", target["metadata"]["name"])
    assert lines(capsys)[0].startswith("✗ '' is not a KUBE-SEP-… chain name")

    check_sep_chain(kubia, chains[other["status"]["podIP"]], target["metadata"]["name"])
    assert lines(capsys)[-2].startswith(f"✗ it DNATs to {other['status']['podIP']}:8080, not to")

    wrong_service = sep_chains(kubia, "default/other")[target["status"]["podIP"]]
    check_sep_chain(kubia, wrong_service, target["metadata"]["name"])
    assert "✗ it belongs to the Service default/other, not default/kubia" in lines(capsys)

    check_sep_chain(kubia, chains[target["status"]["podIP"]], target["metadata"]["name"])
    assert lines(capsys)[-1] == "All 5 checks pass. Well done!"
