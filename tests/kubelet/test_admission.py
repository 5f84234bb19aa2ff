"""Admission on the node: a Pod that does not fit allocatable is rejected for good."""

import pytest

from tests.kubelet.conftest import pod_yaml


def requests(cpu=None, memory=None):
    lines = "    resources:\n      requests:\n"
    if cpu:
        lines += f"        cpu: '{cpu}'\n"
    if memory:
        lines += f"        memory: {memory}\n"
    return lines


@pytest.mark.parametrize("name,res,reason,message", [
    ("cpu", requests(cpu="5"), "OutOfcpu",
     "Node didn't have enough resource: cpu, requested: 5000, used: 3000, capacity: 4000"),
    ("mem", requests(memory="6Gi"), "OutOfmemory",
     "Node didn't have enough resource: memory, requested: 6442450944, used: 2147483648, "
     "capacity: 8485076992"),
])
def test_pod_that_does_not_fit_is_rejected(kc, name, res, reason, message):
    """phase Failed, the reason as STATUS, `Pod was rejected: …` and a Warning event."""
    kc.apply(pod_yaml("first", "nginx", container=requests(cpu="3", memory="2Gi")))
    kc.advance(5)
    kc.apply(pod_yaml(name, "nginx", container=res))
    kc.advance(5)
    status = kc.get("pods", name)["status"]
    assert (status["phase"], status["reason"], status["message"]) == \
        ("Failed", reason, "Pod was rejected: " + message)
    assert kc.kubectl(f"get pod {name}").splitlines()[1].split()[2] == reason
    events = [(e["type"], e["reason"], e["message"]) for e in kc.list("events", "default")
              if e["involvedObject"]["name"] == name]
    assert events == [("Warning", reason, message)]


def test_pod_that_fits_is_admitted(kc):
    """Requests within allocatable run."""
    kc.apply(pod_yaml("small", "nginx", container=requests(cpu="500m", memory="128Mi")))
    kc.advance(5)
    assert kc.get("pods", "small")["status"]["phase"] == "Running"
