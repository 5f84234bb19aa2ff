"""kubectl taint: parsing taint specs, reorganizeTaints' verdicts, and the errors of
staging/src/k8s.io/kubectl/pkg/cmd/taint."""

import pytest

from k8s_model import KubectlError

USAGE = "\nSee 'kubectl taint -h' for help and examples"

CASES = [
    # (name, commands run first, command, expected output, node-1's taints afterwards)
    ("add", [], "taint nodes node-1 gpu=true:NoSchedule", "node/node-1 tainted",
     [{"key": "gpu", "value": "true", "effect": "NoSchedule"}]),
    ("add without value", [], "taint node node-1 gpu:NoExecute", "node/node-1 tainted",
     [{"key": "gpu", "effect": "NoExecute"}]),
    ("remove by key and effect", ["taint nodes node-1 gpu=true:NoSchedule"],
     "taint nodes node-1 gpu:NoSchedule-", "node/node-1 untainted", None),
    ("remove by key", ["taint nodes node-1 gpu=true:NoSchedule gpu:NoExecute"],
     "taint nodes node-1 gpu-", "node/node-1 untainted", None),
    ("overwrite", ["taint nodes node-1 gpu=true:NoSchedule"],
     "taint nodes node-1 gpu=false:NoSchedule --overwrite", "node/node-1 modified",
     [{"key": "gpu", "value": "false", "effect": "NoSchedule"}]),
    ("add and remove", ["taint nodes node-1 a=1:NoSchedule"],
     "taint nodes node-1 b=2:NoSchedule a-", "node/node-1 modified",
     [{"key": "b", "value": "2", "effect": "NoSchedule"}]),
]

ERRORS = [
    ("no taint", [], "taint nodes node-1", "error: at least one taint update is required"),
    ("no resource", [], "taint a=b:NoSchedule",
     "error: one or more resources must be specified as <resource> <name>"),
    ("bad effect", [], "taint nodes node-1 foo:Bad",
     "error: invalid taint effect: Bad, unsupported taint effect" + USAGE),
    ("two equals", [], "taint nodes node-1 a=b=c:NoSchedule",
     "error: invalid taint spec: a=b=c:NoSchedule" + USAGE),
    ("key with '='", [], "taint nodes node-1 a=b",
     "error: invalid taint spec: a=b, name part must consist of alphanumeric characters, '-', "
     "'_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or "
     "'my.name',  or '123-abc', regex used for validation is "
     "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')" + USAGE),
    ("exists", ["taint nodes node-1 gpu=true:NoSchedule"], "taint nodes node-1 gpu=x:NoSchedule",
     "error: node node-1 already has gpu taint(s) with same effect(s) and --overwrite is false"),
    ("remove missing", [], "taint nodes node-1 gpu-", 'error: taint "gpu" not found'),
    ("not a node", [], "taint pods web a=b:NoSchedule",
     "error: invalid resource type pods, only node types are supported"),
    ("no name", [], "taint nodes a=b:NoSchedule",
     "error: at least one resource name must be specified since 'all' parameter is not set"),
    ("modify and remove", [], "taint nodes node-1 a=b:NoSchedule a-",
     'error: can not both modify and remove the following taint(s) in the same command: '
     '{"a":""}'),
    ("unknown node", [], "taint nodes node-9 a=b:NoSchedule",
     'Error from server (NotFound): nodes "node-9" not found'),
]


@pytest.mark.parametrize("name,before,command,expected,taints", CASES, ids=[c[0] for c in CASES])
def test_taint(cluster, name, before, command, expected, taints):
    """The printed verdict and the node's resulting spec.taints."""
    for earlier in before:
        cluster.kubectl(earlier)
    assert cluster.kubectl(command) == expected
    assert cluster.get("nodes", "node-1", namespace=None)["spec"].get("taints") == taints


@pytest.mark.parametrize("name,before,command,expected", ERRORS, ids=[c[0] for c in ERRORS])
def test_taint_errors(cluster, name, before, command, expected):
    """Bad taint commands fail with kubectl's exact message."""
    for earlier in before:
        cluster.kubectl(earlier)
    with pytest.raises(KubectlError) as failure:
        cluster.kubectl(command)
    assert str(failure.value) == expected
