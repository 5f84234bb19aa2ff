"""The ResourceQuota admission plugin: charging, refusing, and the exact messages.

Expectations come from the Kubernetes docs' tasks (cited per test) and from
apiserver/pkg/admission/plugin/resourcequota/controller.go and
pkg/quota/v1/evaluator/core/pods.go.
"""

import pytest
import yaml

from k8s_model import Cluster, KubectlError
from k8s_model.api.admission_resourcequota import check_request
from k8s_model.api.errors import ApiError
from k8s_model.api.quota.evaluators import evaluator_for, quota_v1_pod
from k8s_model.api.resources import by_plural

NS = "quota-mem-cpu-example"
# admin/resource/quota-mem-cpu.yaml
QUOTA_MEM_CPU = """
apiVersion: v1
kind: ResourceQuota
metadata:
  name: mem-cpu-demo
spec:
  hard:
    requests.cpu: "1"
    requests.memory: 1Gi
    limits.cpu: "2"
    limits.memory: 2Gi
"""


def pod(name, requests=None, limits=None, image="nginx", **spec):
    resources = {k: v for k, v in (("limits", limits), ("requests", requests)) if v}
    container = {"name": f"{name}-ctr", "image": image,
                 **({"resources": resources} if resources else {})}
    return yaml.safe_dump({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name},
                           "spec": {"containers": [container], **spec}})


def status(c, name, namespace):
    return yaml.safe_load(c.kubectl(f"get resourcequota {name} -n {namespace} -o yaml"))["status"]


def apply(c, manifest, namespace="default"):
    """`kubectl apply -f - --namespace=<namespace>`."""
    obj = yaml.safe_load(manifest)
    obj["metadata"]["namespace"] = namespace
    return c.apply(yaml.safe_dump(obj))


def refused(c, manifest, namespace="default"):
    with pytest.raises(KubectlError) as info:
        apply(c, manifest, namespace)
    return str(info.value)


@pytest.fixture
def mem_cpu():
    """quota-memory-cpu-namespace, up to "Create a Pod"."""
    c = Cluster(nodes=2, seed=0)
    c.kubectl(f"create namespace {NS}")
    apply(c, QUOTA_MEM_CPU, NS)
    c.advance(1)
    apply(c, pod("quota-mem-cpu-demo", requests={"memory": "600Mi", "cpu": "400m"},
                 limits={"memory": "800Mi", "cpu": "800m"}), NS)
    return c


def test_pod_is_charged_at_admission(mem_cpu):
    """quota-memory-cpu-namespace: status after the first Pod, as the docs print it; the
    charge is there at once, before any controller runs."""
    assert status(mem_cpu, "mem-cpu-demo", NS) == {
        "hard": {"limits.cpu": "2", "limits.memory": "2Gi", "requests.cpu": "1",
                 "requests.memory": "1Gi"},
        "used": {"limits.cpu": "800m", "limits.memory": "800Mi", "requests.cpu": "400m",
                 "requests.memory": "600Mi"}}


def test_second_pod_exceeds_quota(mem_cpu):
    """quota-memory-cpu-namespace: 600 MiB + 700 MiB > 1 GiB; the Pod is not created."""
    message = refused(mem_cpu, pod("quota-mem-cpu-demo-2",
                                   requests={"memory": "700Mi", "cpu": "400m"},
                                   limits={"memory": "1Gi", "cpu": "800m"}, image="redis"), NS)
    assert message == (
        'Error from server (Forbidden): error when creating "STDIN": pods "quota-mem-cpu-demo-2" '
        "is forbidden: exceeded quota: mem-cpu-demo, requested: requests.memory=700Mi, "
        "used: requests.memory=600Mi, limited: requests.memory=1Gi")
    assert mem_cpu.kubectl(f"get pods -n {NS} -o name").split() == ["pod/quota-mem-cpu-demo"]
    assert status(mem_cpu, "mem-cpu-demo", NS)["used"]["requests.memory"] == "600Mi"


def test_get_and_describe_quota(mem_cpu):
    """printResourceQuota (NAME AGE REQUEST LIMIT) and describeQuota (Resource Used Hard)."""
    assert mem_cpu.kubectl(f"get quota -n {NS}").splitlines() == [
        "NAME           AGE   REQUEST                                            LIMIT",
        "mem-cpu-demo   1s    requests.cpu: 400m/1, requests.memory: 600Mi/1Gi   "
        "limits.cpu: 800m/2, limits.memory: 800Mi/2Gi"]
    assert mem_cpu.kubectl(f"describe quota mem-cpu-demo -n {NS}").splitlines() == [
        "Name:            mem-cpu-demo",
        f"Namespace:       {NS}",
        "Resource         Used   Hard",
        "--------         ----   ----",
        "limits.cpu       800m   2",
        "limits.memory    800Mi  2Gi",
        "requests.cpu     400m   1",
        "requests.memory  600Mi  1Gi"]


def test_containers_must_name_what_the_quota_limits():
    """pods.go Constraints: a cpu/memory quota requires every container to set it."""
    c = Cluster(nodes=1, seed=0)
    apply(c, """
apiVersion: v1
kind: ResourceQuota
metadata: {name: x}
spec: {hard: {limits.cpu: "4", limits.memory: 4Gi}}
""")
    c.advance(1)
    with pytest.raises(KubectlError) as info:
        c.kubectl("run nginx --image=nginx")
    assert str(info.value) == ('Error from server (Forbidden): pods "nginx" is forbidden: failed '
                               "quota: x: must specify limits.cpu for: nginx; limits.memory for: "
                               "nginx")


@pytest.fixture
def pod_quota():
    """quota-pod-namespace (quota-pod.yaml: pods "2")."""
    c = Cluster(nodes=2, seed=0)
    c.kubectl("create namespace quota-pod-example")
    apply(c, 'apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: pod-demo}\n'
             'spec: {hard: {pods: "2"}}\n', "quota-pod-example")
    c.advance(1)
    return c


def test_new_quota_uses_nothing(pod_quota):
    """quota-pod-namespace: "currently there are no Pods; that is, none of the quota is used"."""
    assert status(pod_quota, "pod-demo", "quota-pod-example") == {
        "hard": {"pods": "2"}, "used": {"pods": "0"}}


def test_deployment_over_quota_reports_replica_failure(pod_quota):
    """quota-pod-namespace: of 3 replicas only 2 Pods are created, and the Deployment's
    ReplicaFailure condition carries the quota error. (The docs print a v1.8-era message:
    "unable to create pods: pods "pod-quota-demo-1650323038-" is forbidden: ..."; today the
    error is passed on as is and names the Pod by its generated name, because validating
    admission runs after RetryGenerateName picked it.)"""
    c = pod_quota
    apply(c, """
apiVersion: apps/v1
kind: Deployment
metadata:
  name: pod-quota-demo
spec:
  selector:
    matchLabels:
      purpose: quota-demo
  replicas: 3
  template:
    metadata:
      labels:
        purpose: quota-demo
    spec:
      containers:
      - name: pod-quota-demo
        image: nginx
""", "quota-pod-example")
    c.advance(30)
    deployment = yaml.safe_load(c.kubectl("get deployment pod-quota-demo -n quota-pod-example "
                                          "-o yaml"))
    assert deployment["spec"]["replicas"] == 3
    assert deployment["status"]["availableReplicas"] == 2
    failure = next(x for x in deployment["status"]["conditions"]
                   if x["type"] == "ReplicaFailure")
    assert (failure["status"], failure["reason"]) == ("True", "FailedCreate")
    assert failure["message"].startswith('pods "pod-quota-demo-')
    assert failure["message"].endswith('" is forbidden: exceeded quota: pod-demo, requested: '
                                       "pods=1, used: pods=2, limited: pods=2")
    described = c.kubectl("describe rs -n quota-pod-example")
    assert "Error creating: pods \"pod-quota-demo-" in described
    assert "ReplicaFailure   True    FailedCreate" in described


def test_object_counts():
    """count/<resource> and the legacy `configmaps` name both count ConfigMaps
    (tasks/administer-cluster/quota-api-object)."""
    c = Cluster(nodes=1, seed=0)
    c.apply('apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: objects}\n'
            'spec: {hard: {count/configmaps: "2", configmaps: "5", services.nodeports: "0"}}\n')
    c.advance(1)
    baseline = status(c, "objects", "default")["used"]  # kube-root-ca.crt is a ConfigMap too
    assert baseline == {"configmaps": "1", "count/configmaps": "1", "services.nodeports": "0"}
    c.kubectl("create configmap one --from-literal=a=b")
    assert refused(c, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: two}\n").endswith(
        'configmaps "two" is forbidden: exceeded quota: objects, requested: count/configmaps=1, '
        "used: count/configmaps=2, limited: count/configmaps=2")
    assert refused(c, "apiVersion: v1\nkind: Service\nmetadata: {name: np}\nspec:\n"
                      "  type: NodePort\n  ports: [{port: 80}]\n").endswith(
        "exceeded quota: objects, requested: services.nodeports=1, used: services.nodeports=0, "
        "limited: services.nodeports=0")


def test_dry_run_is_checked_but_not_charged(pod_quota):
    """A dry-run create passes through quota but changes no status.used."""
    pod_quota.kubectl("run a --image=nginx -n quota-pod-example --dry-run=server")
    assert status(pod_quota, "pod-demo", "quota-pod-example")["used"] == {"pods": "0"}


def test_best_effort_scope_counts_only_best_effort_pods():
    """A quota with scopes: [BestEffort] ignores Pods that request anything."""
    c = Cluster(nodes=1, seed=0)
    c.apply('apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: be}\n'
            'spec: {hard: {pods: "1"}, scopes: [BestEffort]}\n')
    c.advance(1)
    c.apply(pod("burstable", requests={"cpu": "100m"}))
    c.apply(pod("besteffort"))
    assert refused(c, pod("besteffort-2")).endswith(
        "exceeded quota: be, requested: pods=1, used: pods=1, limited: pods=1")
    assert status(c, "be", "default")["used"] == {"pods": "1"}


def test_quota_without_usage_refuses():
    """A quota whose status has hard but no used yet: "status unknown for quota"."""
    quota = {"metadata": {"name": "q"}, "spec": {"hard": {"pods": "1"}},
             "status": {"hard": {"pods": "1"}}}
    obj = {"metadata": {"name": "p", "namespace": "default"}, "spec": {"containers": []}}
    pods = by_plural("pods")
    with pytest.raises(ApiError) as info:
        check_request([quota], pods, obj, None, evaluator_for(pods), 0.0)
    assert info.value.message == ('pods "p" is forbidden: status unknown for quota: q, '
                                  "resources: pods")


@pytest.mark.parametrize("phase,deletion,now,counted", [
    ("Running", None, 0, True),
    ("Succeeded", None, 0, False),
    ("Failed", None, 0, False),
    ("Running", ("2026-01-01T00:00:10Z", 30), 39, True),   # still within its grace period
    ("Running", ("2026-01-01T00:00:10Z", 30), 41, False),  # stuck terminating: released
])
def test_quota_v1_pod(phase, deletion, now, counted):
    """QuotaV1Pod: finished Pods and Pods stuck terminating past their grace stop counting."""
    meta = {"name": "p"}
    if deletion:
        meta.update(deletionTimestamp=deletion[0], deletionGracePeriodSeconds=deletion[1])
    assert quota_v1_pod({"metadata": meta, "status": {"phase": phase}}, now) is counted


def test_service_update_is_charged_the_difference():
    """Services are charged on update too (services.go Handles Create and Update): turning
    a ClusterIP Service with two ports into a NodePort one asks for two node ports."""
    c = Cluster(nodes=1, seed=0)
    apply(c, 'apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q}\n'
             'spec: {hard: {services.nodeports: "1"}}\n')
    c.advance(1)
    service = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"},
               "spec": {"selector": {"app": "s"},
                        "ports": [{"name": "a", "port": 80}, {"name": "b", "port": 81}]}}
    apply(c, yaml.safe_dump(service))
    service["spec"]["type"] = "NodePort"
    assert refused(c, yaml.safe_dump(service)).endswith(
        'services "s" is forbidden: exceeded quota: q, requested: services.nodeports=2, '
        "used: services.nodeports=0, limited: services.nodeports=1")
    assert c.get("services", "s")["spec"]["type"] == "ClusterIP"
