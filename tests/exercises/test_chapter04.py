"""Chapter 04's checkers: what they print for a learner's cluster in each state."""

import pytest

from k8s_model import KubectlError
from k8s_model.examples import replica_set
from k8s_model.exercises.chapter04 import (check_drained, check_failed_node,
                                           check_short_toleration, mystery_cluster,
                                           stay_on_unreachable_node)

WEB = replica_set("web", 6)


def pod(name, tolerations=""):
    return (f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n{tolerations}"
            f"  containers:\n  - name: app\n    image: nginx\n")


def toleration(seconds=None, key="node.kubernetes.io/unreachable", effect="NoExecute"):
    text = (f"  tolerations:\n  - key: {key}\n    operator: Exists\n    effect: {effect}\n")
    return text + (f"    tolerationSeconds: {seconds}\n" if seconds is not None else "")


def lines(capsys):
    return capsys.readouterr().out.splitlines()


@pytest.mark.parametrize("tolerations, stay", [
    ("", 300),                                      # DefaultTolerationSeconds' 300 s
    (toleration(60), 60),
    (toleration(), -1),                             # a DaemonSet's: for ever
    (toleration(0), 0),                             # tolerationSeconds <= 0: at once
    (toleration(60, key="node.kubernetes.io/not-ready"), 300),   # the wrong key
])
def test_stay_on_unreachable_node(cluster, tolerations, stay):
    """The admitted Pod's tolerations decide the stay, as the taint-eviction-controller
    reads them (taint_eviction_test.go's cases: none, seconds, forever, zero)."""
    cluster.apply(pod("p", tolerations))
    assert stay_on_unreachable_node(cluster.get("pods", "p")) == stay


def test_short_toleration_not_started(cluster, capsys):
    check_short_toleration(cluster)
    assert lines(capsys) == ['✗ no Pod "critical" in namespace "default" yet',
                             "0 of 1 checks pass: not done yet."]


def test_short_toleration_default_pod_stays_300s(cluster, capsys):
    """A plain Pod gets the 300 s default: the checker says so."""
    cluster.apply(pod("critical"))
    cluster.advance(5)
    check_short_toleration(cluster)
    out = lines(capsys)
    assert out[1].startswith("✗ on an unreachable node it would stay 300 s: want 60 s")
    assert out[2].startswith("✓ it runs on node-")


def test_short_toleration_done_and_it_really_leaves_after_60s(cluster, capsys):
    """The solution passes, and the Pod is marked for deletion 60 s after the NoExecute
    taint when its node fails."""
    cluster.apply(pod("critical", toleration(60)))
    cluster.advance(5)
    check_short_toleration(cluster)
    assert lines(capsys)[-1] == "All 3 checks pass. Well done!"
    node = cluster.get("pods", "critical")["spec"]["nodeName"]
    cluster.fail_node(node)
    cluster.run_until(lambda: any(t["effect"] == "NoExecute" for t in
                                  cluster.get("nodes", node, None)["spec"].get("taints") or []),
                      timeout=120, step=0.1)
    tainted = cluster.now
    cluster.run_until(lambda: cluster.get("pods", "critical")["metadata"].get(
        "deletionTimestamp"), timeout=400, step=0.1)
    assert cluster.now - tainted == pytest.approx(60, abs=0.15)


def test_drained_not_started(cluster, capsys):
    """Untouched cluster with web running: node not cordoned, Pods still there."""
    cluster.apply(WEB)
    cluster.advance(10)
    check_drained(cluster)
    out = lines(capsys)
    assert out[1] == "✗ node-3 is not cordoned: kubectl drain cordons it first"
    assert out[2] == "✓ node-3 is still Ready: drained for maintenance, not failed"
    assert out[3].startswith("✗ still on node-3: default/web-")
    assert out[-1] == "4 of 6 checks pass: not done yet."


def test_drained_needs_force_for_a_bare_pod_then_passes(cluster, capsys):
    """A bare Pod on node-3 stops the drain; --force evicts it; the checker passes."""
    cluster.apply(WEB)
    cluster.apply(pod("solo").replace("spec:\n", "spec:\n  nodeSelector:\n"
                                      "    kubernetes.io/hostname: node-3\n"))
    cluster.advance(10)
    with pytest.raises(KubectlError, match="cannot delete Pods that declare no controller"):
        cluster.kubectl("drain node-3 --ignore-daemonsets")
    check_drained(cluster)
    assert "default/solo" in lines(capsys)[3]
    cluster.kubectl("drain node-3 --ignore-daemonsets --force")
    cluster.advance(10)
    check_drained(cluster)
    assert lines(capsys)[-1] == "All 6 checks pass. Well done!"


def test_drained_refuses_a_failed_node(cluster, capsys):
    """Failing the node is not draining it."""
    cluster.apply(WEB)
    cluster.advance(10)
    cluster.kubectl("cordon node-3")
    cluster.fail_node("node-3")
    cluster.advance(120)
    check_drained(cluster)
    assert lines(capsys)[2].startswith("✗ node-3's Ready condition is Unknown")


@pytest.fixture(scope="module")
def mystery():
    return mystery_cluster(nodes=3, seed=0)


def solve(c):
    """What a learner reads: the NotReady node, its Lease, its Ready condition."""
    failed = next(n for n in c.list("nodes") if any(
        x["type"] == "Ready" and x["status"] != "True" for x in n["status"]["conditions"]))
    name = failed["metadata"]["name"]
    renewed = c.get("leases", name, "kube-node-lease")["spec"]["renewTime"]
    ready = next(x for x in failed["status"]["conditions"] if x["type"] == "Ready")
    return name, renewed, ready["lastTransitionTime"]


def test_mystery_is_deterministic_and_one_node_failed(mystery):
    again = mystery_cluster(nodes=3, seed=0)
    assert solve(again) == solve(mystery)
    statuses = [x["status"] for n in mystery.list("nodes") for x in n["status"]["conditions"]
                if x["type"] == "Ready"]
    assert sorted(statuses) == ["True", "True", "True", "Unknown"]


def test_failed_node_answers(mystery, capsys):
    """None: one ✗. Right answers (RFC 3339 or describe's form): all ✓. Wrong time: ✗."""
    check_failed_node(mystery)
    assert lines(capsys)[-1] == "0 of 1 checks pass: not done yet."
    name, renewed, transition = solve(mystery)
    check_failed_node(mystery, name, renewed, transition)
    assert lines(capsys)[-1] == "All 4 checks pass. Well done!"
    describe = mystery.kubectl(f"describe node {name}")
    shown = describe.split("RenewTime:")[1].splitlines()[0].strip()   # Thu, 01 Jan 2026 …
    check_failed_node(mystery, name, shown, transition)
    assert lines(capsys)[-1] == "All 4 checks pass. Well done!"
    check_failed_node(mystery, name, transition, renewed)
    out = lines(capsys)
    assert out[2].startswith("✗ last_renewal=")
    assert out[3].startswith("✗ not_ready_since=")
    other = next(n["metadata"]["name"] for n in mystery.list("nodes")
                 if n["metadata"]["name"] not in (name, "controlplane"))
    check_failed_node(mystery, other)
    assert lines(capsys)[1] == f"✗ {other}'s Ready condition is True: not that one"
