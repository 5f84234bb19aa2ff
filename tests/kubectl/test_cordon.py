"""kubectl cordon / uncordon: spec.unschedulable and drain.go's messages."""

import pytest

from k8s_model import KubectlError

CASES = [
    # (name, commands run first, command, expected output)
    ("cordon", [], "cordon node-1", "node/node-1 cordoned"),
    ("cordon twice", ["cordon node-1"], "cordon node-1", "node/node-1 already cordoned"),
    ("uncordon", ["cordon node-1"], "uncordon node-1", "node/node-1 uncordoned"),
    ("uncordon a schedulable node", [], "uncordon node-1", "node/node-1 already uncordoned"),
]

ERRORS = [
    ("no node", "cordon", "error: USAGE: cordon NODE [flags]\n"
                          "See 'kubectl cordon -h' for help and examples"),
    ("unknown node", "uncordon node-9", 'Error from server (NotFound): nodes "node-9" not found'),
]


@pytest.mark.parametrize("name,before,command,expected", CASES, ids=[c[0] for c in CASES])
def test_cordon_messages(cluster, name, before, command, expected):
    """Each command prints what kubectl v1.35 prints."""
    for earlier in before:
        cluster.kubectl(earlier)
    assert cluster.kubectl(command) == expected


@pytest.mark.parametrize("name,command,expected", ERRORS, ids=[c[0] for c in ERRORS])
def test_cordon_errors(cluster, name, command, expected):
    """Bad use fails with kubectl's own message."""
    with pytest.raises(KubectlError) as failure:
        cluster.kubectl(command)
    assert str(failure.value) == expected


def test_cordon_sets_and_uncordon_clears_unschedulable(cluster):
    """Cordon sets spec.unschedulable; uncordon removes the field; STATUS shows it."""
    cluster.kubectl("cordon node-2")
    assert cluster.get("nodes", "node-2", namespace=None)["spec"]["unschedulable"] is True
    line = [row for row in cluster.kubectl("get nodes").splitlines() if row.startswith("node-2")]
    assert line[0].split()[1] == "Ready,SchedulingDisabled"
    cluster.kubectl("uncordon node-2")
    assert "unschedulable" not in cluster.get("nodes", "node-2", namespace=None)["spec"]


def test_cordoned_node_gets_no_new_pods(cluster):
    """The scheduler's NodeUnschedulable filter rejects a cordoned node."""
    for node in ("node-1", "node-2"):
        cluster.kubectl(f"cordon {node}")
    cluster.kubectl("run web --image=nginx")
    cluster.advance(5)
    assert cluster.get("pods", "web")["spec"]["nodeName"] == "node-3"
