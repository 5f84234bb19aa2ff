"""A Pod's QoS class, as ComputePodQOS decides it from cpu and memory."""

import pytest

from k8s_model.api.qos import pod_qos_class


def pod(*resources, init=(), pod_level=None):
    spec = {"containers": [{"name": f"c{i}", "resources": r} for i, r in enumerate(resources)],
            "initContainers": [{"name": f"i{i}", "resources": r} for i, r in enumerate(init)]}
    if pod_level is not None:
        spec["resources"] = pod_level
    return {"spec": spec}


BOTH = {"cpu": "500m", "memory": "128Mi"}
CASES = [
    ("nothing set", pod({}), "BestEffort"),
    ("only other resources", pod({"limits": {"nvidia.com/gpu": "1"}}), "BestEffort"),
    ("zero requests count as none", pod({"requests": {"cpu": "0"}}), "BestEffort"),
    ("requests equal limits", pod({"requests": BOTH, "limits": BOTH}), "Guaranteed"),
    ("limits only (no defaulting here) is not enough", pod({"limits": BOTH}), "Burstable"),
    ("requests below limits", pod({"requests": {"cpu": "100m", "memory": "128Mi"},
                                   "limits": BOTH}), "Burstable"),
    ("cpu limit only", pod({"requests": {"cpu": "1"}, "limits": {"cpu": "1"}}), "Burstable"),
    ("a second container without resources", pod({"requests": BOTH, "limits": BOTH}, {}),
     "Burstable"),
    ("init containers count too", pod({"requests": BOTH, "limits": BOTH},
                                      init=[{"requests": BOTH, "limits": BOTH}]), "Guaranteed"),
    ("equal quantities written differently", pod({"requests": {"cpu": "1", "memory": "1Gi"},
                                                  "limits": {"cpu": "1000m",
                                                             "memory": "1024Mi"}}), "Guaranteed"),
    ("pod-level resources decide alone", pod({}, pod_level={"requests": BOTH, "limits": BOTH}),
     "Guaranteed"),
]


@pytest.mark.parametrize("name,obj,qos", CASES, ids=[c[0] for c in CASES])
def test_qos_class(name, obj, qos):
    """Guaranteed, Burstable or BestEffort exactly as upstream classifies."""
    assert pod_qos_class(obj) == qos
