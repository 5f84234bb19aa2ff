"""The LimitRanger admission plugin: defaults, min/max/ratio checks, the exact messages.

Expectations come from the Kubernetes docs' tasks (cited per test) and from
plugin/pkg/admission/limitranger/admission.go. The docs print the older messages with a
trailing period ("... but limit is 1536Mi."); current upstream (and so the model) has none.
"""

import pytest
import yaml

from k8s_model import Cluster, KubectlError
from k8s_model.api import admission_limitranger as lr
from k8s_model.api.quantity import Quantity


def pod(name, namespace, resources=None, containers=None):
    containers = containers or [{"name": f"{name}-ctr", "image": "nginx",
                                 **({"resources": resources} if resources else {})}]
    return yaml.safe_dump({"apiVersion": "v1", "kind": "Pod",
                           "metadata": {"name": name, "namespace": namespace},
                           "spec": {"containers": containers}})


def limit_range(name, namespace, **item):
    return yaml.safe_dump({"apiVersion": "v1", "kind": "LimitRange",
                           "metadata": {"name": name, "namespace": namespace},
                           "spec": {"limits": [{**item, "type": item.pop("type", "Container")}]}})


def resources_of(c, name, namespace):
    obj = yaml.safe_load(c.kubectl(f"get pod {name} -n {namespace} -o yaml"))
    return obj["spec"]["containers"][0]["resources"], obj["metadata"].get("annotations") or {}


def forbidden(c, manifest):
    with pytest.raises(KubectlError) as info:
        c.apply(manifest)
    return str(info.value)


@pytest.fixture
def cpu_defaults():
    """tasks/administer-cluster/manage-resources/cpu-default-namespace (cpu-defaults.yaml)."""
    c = Cluster(nodes=2, seed=0)
    c.kubectl("create namespace default-cpu-example")
    c.apply(limit_range("cpu-limit-range", "default-cpu-example",
                        default={"cpu": 1}, defaultRequest={"cpu": 0.5}))
    return c


def test_container_without_cpu_gets_default_request_and_limit(cpu_defaults):
    """cpu-default-namespace: "a CPU request of 500 millicpus and a CPU limit of 1 cpu"."""
    c = cpu_defaults
    c.apply(pod("default-cpu-demo", "default-cpu-example"))
    resources, annotations = resources_of(c, "default-cpu-demo", "default-cpu-example")
    assert resources == {"limits": {"cpu": "1"}, "requests": {"cpu": "500m"}}
    assert annotations["kubernetes.io/limit-ranger"] == (
        "LimitRanger plugin set: cpu request for container default-cpu-demo-ctr; "
        "cpu limit for container default-cpu-demo-ctr")


def test_limit_without_request_gets_request_equal_to_limit(cpu_defaults):
    """cpu-default-namespace: "the Container's CPU request is set to match its CPU limit",
    not the 0.5 default: the API server's defaulting copied the limit before LimitRanger."""
    c = cpu_defaults
    c.apply(pod("default-cpu-demo-2", "default-cpu-example", {"limits": {"cpu": "1"}}))
    resources, annotations = resources_of(c, "default-cpu-demo-2", "default-cpu-example")
    assert resources == {"limits": {"cpu": "1"}, "requests": {"cpu": "1"}}
    assert "kubernetes.io/limit-ranger" not in annotations


def test_request_without_limit_gets_default_limit(cpu_defaults):
    """cpu-default-namespace: request 750m kept, limit 1 from the LimitRange."""
    c = cpu_defaults
    c.apply(pod("default-cpu-demo-3", "default-cpu-example", {"requests": {"cpu": "0.75"}}))
    resources, annotations = resources_of(c, "default-cpu-demo-3", "default-cpu-example")
    assert resources == {"limits": {"cpu": "1"}, "requests": {"cpu": "750m"}}
    assert annotations["kubernetes.io/limit-ranger"] == (
        "LimitRanger plugin set: cpu limit for container default-cpu-demo-3-ctr")


@pytest.fixture
def mem_constraints():
    """memory-constraint-namespace (memory-constraints.yaml: min 500Mi, max 1Gi)."""
    c = Cluster(nodes=2, seed=0)
    c.kubectl("create namespace constraints-mem-example")
    c.apply(limit_range("mem-min-max-demo-lr", "constraints-mem-example",
                        max={"memory": "1Gi"}, min={"memory": "500Mi"}))
    return c


def test_limit_range_defaults_come_from_max(mem_constraints):
    """memory-constraint-namespace: "even though you didn't specify default values ... they
    were created automatically" (SetDefaults_LimitRangeItem)."""
    out = yaml.safe_load(mem_constraints.kubectl(
        "get limitrange mem-min-max-demo-lr --namespace=constraints-mem-example --output=yaml"))
    assert out["spec"]["limits"] == [{"default": {"memory": "1Gi"},
                                      "defaultRequest": {"memory": "1Gi"},
                                      "max": {"memory": "1Gi"}, "min": {"memory": "500Mi"},
                                      "type": "Container"}]


def test_memory_constraints(mem_constraints):
    """memory-constraint-namespace: 600Mi/800Mi fits; 1.5Gi limit and 100Mi request are
    refused with the docs' messages; no resources at all gets 1Gi/1Gi."""
    c, ns = mem_constraints, "constraints-mem-example"
    c.apply(pod("constraints-mem-demo", ns, {"limits": {"memory": "800Mi"},
                                             "requests": {"memory": "600Mi"}}))
    assert resources_of(c, "constraints-mem-demo", ns)[0] == {
        "limits": {"memory": "800Mi"}, "requests": {"memory": "600Mi"}}
    assert forbidden(c, pod("constraints-mem-demo-2", ns, {
        "limits": {"memory": "1.5Gi"}, "requests": {"memory": "800Mi"}})) == (
        'Error from server (Forbidden): error when creating "STDIN": pods "constraints-mem-demo-2"'
        " is forbidden: maximum memory usage per Container is 1Gi, but limit is 1536Mi")
    assert forbidden(c, pod("constraints-mem-demo-3", ns, {
        "limits": {"memory": "800Mi"}, "requests": {"memory": "100Mi"}})).endswith(
        'pods "constraints-mem-demo-3" is forbidden: minimum memory usage per Container is '
        "500Mi, but request is 100Mi")
    c.apply(pod("constraints-mem-demo-4", ns))
    assert resources_of(c, "constraints-mem-demo-4", ns)[0] == {
        "limits": {"memory": "1Gi"}, "requests": {"memory": "1Gi"}}
    names = c.kubectl(f"get pods -n {ns} -o name").split()
    assert names == ["pod/constraints-mem-demo", "pod/constraints-mem-demo-4"]


def test_cpu_max_constraint():
    """cpu-constraint-namespace: "maximum cpu usage per Container is 800m, but limit is 1500m"."""
    c = Cluster(nodes=1, seed=0)
    c.kubectl("create namespace constraints-cpu-example")
    c.apply(limit_range("cpu-min-max-demo-lr", "constraints-cpu-example",
                        max={"cpu": "800m"}, min={"cpu": "200m"}))
    assert forbidden(c, pod("constraints-cpu-demo-2", "constraints-cpu-example", {
        "limits": {"cpu": "1.5"}, "requests": {"cpu": "500m"}})).endswith(
        "forbidden: maximum cpu usage per Container is 800m, but limit is 1500m")


def test_all_violations_reported_together():
    """utilerrors.NewAggregate: several messages in brackets, joined by ", "."""
    c = Cluster(nodes=1, seed=0)
    c.apply(limit_range("limits", "default", max={"cpu": "1"}))
    containers = [{"name": "a", "image": "nginx", "resources": {"limits": {"cpu": "2"}}},
                  {"name": "b", "image": "nginx", "resources": {"limits": {"cpu": "3"}}}]
    assert forbidden(c, pod("x", "default", containers=containers)).endswith(
        'pods "x" is forbidden: [maximum cpu usage per Container is 1, but limit is 2, '
        "maximum cpu usage per Container is 1, but limit is 3]")


def test_pod_limits_sum_the_containers():
    """type: Pod bounds the Pod's summed limits, not each container's."""
    c = Cluster(nodes=1, seed=0)
    c.apply(limit_range("pod-max", "default", type="Pod", max={"cpu": "1"}))
    containers = [{"name": n, "image": "nginx", "resources": {"limits": {"cpu": "600m"}}}
                  for n in ("a", "b")]
    assert forbidden(c, pod("x", "default", containers=containers)).endswith(
        "maximum cpu usage per Pod is 1, but limit is 1200m")


def test_existing_pods_are_not_touched():
    """memory-constraint-namespace: constraints "are enforced only when a Pod is created";
    a new LimitRange does not change Pods that already exist."""
    c = Cluster(nodes=1, seed=0)
    c.apply(pod("before", "default"))
    c.apply(limit_range("limits", "default", default={"cpu": "1"}))
    assert resources_of(c, "before", "default")[0] == {}


@pytest.mark.parametrize("kind,check,enforced,requests,limits,message", [
    # (constraint, enforced, requests, limits) -> message, from admission.go's branches
    ("Container", lr.min_constraint, "200m", {}, {},
     "minimum cpu usage per Container is 200m.  No request is specified"),
    ("Container", lr.min_constraint, "200m", {"cpu": "200m"}, {"cpu": "100m"},
     "minimum cpu usage per Container is 200m, but limit is 100m"),
    ("Container", lr.min_constraint, "200m", {"cpu": "200m"}, {}, None),
    ("Container", lr.max_constraint, "1", {"cpu": "500m"}, {},
     "maximum cpu usage per Container is 1.  No limit is specified"),
    ("Container", lr.max_constraint, "1", {"cpu": "2"}, {"cpu": "1"},
     "maximum cpu usage per Container is 1, but request is 2"),
    ("Container", lr.max_constraint, "1", {"cpu": "1"}, {"cpu": "1000m"}, None),
    ("Container", lr.ratio_constraint, "2", {"cpu": "250m"}, {"cpu": "1"},
     "cpu max limit to request ratio per Container is 2, but provided ratio is 4.000000"),
    ("Container", lr.ratio_constraint, "2", {}, {"cpu": "1"},
     "cpu max limit to request ratio per Container is 2, but no request is specified or "
     "request is 0"),
    ("Pod", lr.ratio_constraint, "2", {"cpu": "500m"}, {"cpu": "1"}, None),
])
def test_constraints(kind, check, enforced, requests, limits, message):
    """Each constraint's branches and messages."""
    parse = lambda d: {k: Quantity.parse(v) for k, v in d.items()}  # noqa: E731
    assert check(kind, "cpu", Quantity.parse(enforced), parse(requests), parse(limits)) == message


def test_claim_storage_bounds():
    """type: PersistentVolumeClaim bounds requests.storage
    (PersistentVolumeClaimValidateLimitFunc)."""
    c = Cluster(nodes=1, seed=0)
    c.apply(limit_range("storagelimits", "default", type="PersistentVolumeClaim",
                        max={"storage": "2Gi"}, min={"storage": "1Gi"}))
    claim = {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "big"},
             "spec": {"accessModes": ["ReadWriteOnce"],
                      "resources": {"requests": {"storage": "5Gi"}}}}
    assert forbidden(c, yaml.safe_dump(claim)).endswith(
        'persistentvolumeclaims "big" is forbidden: maximum storage usage per '
        "PersistentVolumeClaim is 2Gi, but request is 5Gi")


def test_describe_limit_range(mem_constraints):
    """kubectl describe limitrange: one row per type and resource, '-' where unset."""
    out = mem_constraints.kubectl("describe limitrange mem-min-max-demo-lr "
                                  "-n constraints-mem-example")
    assert out.splitlines()[2:] == [
        "Type        Resource  Min    Max  Default Request  Default Limit  "
        "Max Limit/Request Ratio",
        "----        --------  ---    ---  ---------------  -------------  "
        "-----------------------",
        "Container   memory    500Mi  1Gi  1Gi              1Gi            -"]
