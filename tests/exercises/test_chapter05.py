"""Chapter 05's checkers: what they print for a learner's cluster in each state."""

from k8s_model.exercises.chapter05 import (check_pod_on_ssd_node, check_tolerating_pod,
                                           check_unschedulable_pod)


def pod(name, extra="", cpu="100m"):
    return (f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n{extra}"
            f"  containers:\n  - name: app\n    image: nginx\n"
            f"    resources:\n      requests:\n        cpu: {cpu}\n")


def lines(capsys):
    return capsys.readouterr().out.splitlines()


def test_ssd_exercise_not_started(cluster, capsys):
    """Nothing done: the label and the Pod are reported missing."""
    check_pod_on_ssd_node(cluster)
    assert lines(capsys) == [
        "✗ Node node-2 has no label disktype=ssd yet (kubectl label nodes node-2 disktype=ssd)",
        '✗ no Pod "fast" in namespace "default" yet',
        "0 of 2 checks pass: not done yet."]


def test_ssd_exercise_hand_written_node_name_is_not_enough(cluster, capsys):
    """nodeName by hand bypasses the scheduler: the checker says so."""
    cluster.kubectl("label nodes node-2 disktype=ssd")
    cluster.apply(pod("fast", "  nodeName: node-2\n"))
    check_pod_on_ssd_node(cluster)
    out = lines(capsys)
    assert out[2] == "✗ its nodeSelector is None, want {disktype: ssd}"
    assert out[3].startswith("✗ the scheduler's choice is None, nodeName 'node-2'")


def test_ssd_exercise_done(cluster, capsys):
    """Label plus nodeSelector: every check passes."""
    cluster.kubectl("label nodes node-2 disktype=ssd")
    cluster.apply(pod("fast", "  nodeSelector:\n    disktype: ssd\n"))
    cluster.advance(2)
    check_pod_on_ssd_node(cluster)
    assert lines(capsys)[-1] == "All 4 checks pass. Well done!"


def test_toleration_exercise(cluster, capsys):
    """Taint, then a tolerating Pod: all pass; without the toleration, one ✗."""
    cluster.kubectl("taint nodes node-1 dedicated=batch:NoSchedule")
    cluster.apply(pod("batch", "  tolerations:\n  - key: dedicated\n    operator: Equal\n"
                               "    value: batch\n    effect: NoSchedule\n"))
    cluster.advance(2)
    check_tolerating_pod(cluster)
    assert lines(capsys)[-1] == "All 4 checks pass. Well done!"
    check_tolerating_pod(cluster, pod="other")
    assert lines(capsys)[-2] == '✗ no Pod "other" in namespace "default" yet'


def test_toleration_exists_operator_counts(cluster, capsys):
    """operator Exists with the key tolerates any value."""
    cluster.kubectl("taint nodes node-1 dedicated=batch:NoSchedule")
    cluster.apply(pod("batch", "  tolerations:\n  - key: dedicated\n    operator: Exists\n"))
    cluster.advance(2)
    check_tolerating_pod(cluster)
    assert "✓ it tolerates dedicated=batch:NoSchedule" in lines(capsys)


def test_unschedulable_exercise(cluster, capsys):
    """A Pod asking 64 CPUs stays Pending with 'Insufficient cpu'; a small one does not."""
    cluster.apply(pod("huge", cpu="64"))
    cluster.advance(2)
    check_unschedulable_pod(cluster)
    out = lines(capsys)
    assert out[-2] == "✓ its message names the missing resource: 0/4 nodes are available: " \
                      "1 node(s) had untolerated taint(s), 3 Insufficient cpu"
    assert out[-1] == "All 4 checks pass. Well done!"
    cluster.apply(pod("small"))
    cluster.advance(2)
    check_unschedulable_pod(cluster, pod="small")
    assert lines(capsys)[1].startswith("✗ it is bound to node-")
