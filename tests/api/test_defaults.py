"""Defaulting: the fields the API server fills in, as `kubectl get -o yaml` shows them."""

import copy

import kubernetes_validate
import pytest
import yaml

from k8s_model.api import resources
from k8s_model.api.decoding import decode
from k8s_model.api.defaults import apply_defaults, prepare_job_selector, prepare_namespace
from k8s_model.api.pod_defaults import image_tag

POD_SPEC = {"containers": [{"name": "web", "image": "nginx"}]}
TEMPLATE = {"metadata": {"labels": {"app": "web"}}, "spec": POD_SPEC}
SELECTOR = {"matchLabels": {"app": "web"}}


def _obj(api_version: str, kind: str, **fields) -> dict:
    return {"apiVersion": api_version, "kind": kind,
            "metadata": {"name": "web", "namespace": "default"}, **copy.deepcopy(fields)}


def _defaulted(obj: dict) -> dict:
    resource = resources.for_kind(obj["apiVersion"], obj["kind"])
    decode(resource, obj)
    apply_defaults(resource, obj)
    return obj


def _get(obj, path: str):
    for part in path.split("."):
        obj = obj[int(part)] if part.isdigit() else obj[part]
    return obj


DEFAULTS = [
    ("pod", _obj("v1", "Pod", spec=POD_SPEC), {
        "spec.restartPolicy": "Always", "spec.dnsPolicy": "ClusterFirst",
        "spec.schedulerName": "default-scheduler", "spec.terminationGracePeriodSeconds": 30,
        "spec.securityContext": {}, "spec.enableServiceLinks": True,
        "spec.containers.0.imagePullPolicy": "Always",
        "spec.containers.0.terminationMessagePath": "/dev/termination-log",
        "spec.containers.0.terminationMessagePolicy": "File",
        "spec.containers.0.resources": {}}),
    ("pod: limits become requests, rounded to milli", _obj("v1", "Pod", spec={"containers": [{
        "name": "web", "image": "nginx:1.27", "resources": {
            "limits": {"cpu": "0.0001", "memory": "128Mi"}}}]}), {
        "spec.containers.0.resources": {"limits": {"cpu": "1m", "memory": "128Mi"},
                                        "requests": {"cpu": "1m", "memory": "128Mi"}},
        "spec.containers.0.imagePullPolicy": "IfNotPresent"}),
    ("pod: probes and ports", _obj("v1", "Pod", spec={"containers": [{
        "name": "web", "image": "nginx", "ports": [{"containerPort": 80}],
        "livenessProbe": {"httpGet": {"port": 80}},
        "readinessProbe": {"tcpSocket": {"port": 80}, "periodSeconds": 5}}]}), {
        "spec.containers.0.ports": [{"containerPort": 80, "protocol": "TCP"}],
        "spec.containers.0.livenessProbe": {
            "httpGet": {"path": "/", "port": 80, "scheme": "HTTP"}, "timeoutSeconds": 1,
            "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3},
        "spec.containers.0.readinessProbe.periodSeconds": 5}),
    ("pod: hostNetwork copies container ports to host ports", _obj("v1", "Pod", spec={
        "hostNetwork": True, "containers": [{"name": "web", "image": "nginx",
                                             "ports": [{"containerPort": 8080}]}]}), {
        "spec.containers.0.ports.0.hostPort": 8080}),
    ("pod: a volume with no source is an emptyDir; secrets default to mode 0644",
     _obj("v1", "Pod", spec={**POD_SPEC, "volumes": [{"name": "a"}, {
         "name": "b", "secret": {"secretName": "s"}}]}), {
        "spec.volumes": [{"name": "a", "emptyDir": {}},
                         {"name": "b", "secret": {"secretName": "s", "defaultMode": 420}}]}),
    ("deployment", _obj("apps/v1", "Deployment", spec={"selector": SELECTOR,
                                                       "template": TEMPLATE}), {
        "spec.replicas": 1, "spec.revisionHistoryLimit": 10, "spec.progressDeadlineSeconds": 600,
        "spec.strategy": {"type": "RollingUpdate",
                          "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}},
        "spec.template.spec.restartPolicy": "Always"}),
    ("deployment: Recreate gets no rollingUpdate", _obj("apps/v1", "Deployment", spec={
        "selector": SELECTOR, "template": TEMPLATE, "strategy": {"type": "Recreate"}}), {
        "spec.strategy": {"type": "Recreate"}}),
    ("replicaset", _obj("apps/v1", "ReplicaSet", spec={"selector": SELECTOR,
                                                       "template": TEMPLATE}), {
        "spec.replicas": 1}),
    ("replicationcontroller takes selector and labels from its template",
     _obj("v1", "ReplicationController", spec={"template": TEMPLATE}), {
        "spec.replicas": 1, "spec.selector": {"app": "web"}, "metadata.labels": {"app": "web"}}),
    ("daemonset", _obj("apps/v1", "DaemonSet", spec={"selector": SELECTOR,
                                                     "template": TEMPLATE}), {
        "spec.updateStrategy": {"type": "RollingUpdate",
                                "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0}},
        "spec.revisionHistoryLimit": 10}),
    ("statefulset", _obj("apps/v1", "StatefulSet", spec={"selector": SELECTOR,
                                                         "template": TEMPLATE,
                                                         "serviceName": "web"}), {
        "spec.replicas": 1, "spec.podManagementPolicy": "OrderedReady",
        "spec.updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}},
        "spec.revisionHistoryLimit": 10,
        "spec.persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Retain",
                                                      "whenScaled": "Retain"}}),
    ("statefulset: RollingUpdate given without rollingUpdate stays so",
     _obj("apps/v1", "StatefulSet", spec={"selector": SELECTOR, "template": TEMPLATE,
                                         "updateStrategy": {"type": "RollingUpdate"}}), {
        "spec.updateStrategy": {"type": "RollingUpdate"}}),
    ("job", _obj("batch/v1", "Job", spec={"template": {"spec": {
        **POD_SPEC, "restartPolicy": "Never"}}}), {
        "spec.parallelism": 1, "spec.completions": 1, "spec.backoffLimit": 6,
        "spec.completionMode": "NonIndexed", "spec.suspend": False,
        "spec.manualSelector": False, "spec.podReplacementPolicy": "TerminatingOrFailed"}),
    ("job: a work queue keeps completions unset", _obj("batch/v1", "Job", spec={
        "parallelism": 3, "template": {"spec": {**POD_SPEC, "restartPolicy": "Never"}}}), {
        "spec.parallelism": 3}),
    ("cronjob: the job template gets pod defaults only", _obj("batch/v1", "CronJob", spec={
        "schedule": "*/1 * * * *", "jobTemplate": {"spec": {"template": {"spec": {
            **POD_SPEC, "restartPolicy": "OnFailure"}}}}}), {
        "spec.concurrencyPolicy": "Allow", "spec.suspend": False,
        "spec.successfulJobsHistoryLimit": 3, "spec.failedJobsHistoryLimit": 1,
        "spec.jobTemplate.metadata": {},
        "spec.jobTemplate.spec.template.spec.dnsPolicy": "ClusterFirst"}),
    ("service", _obj("v1", "Service", spec={"selector": {"app": "web"},
                                            "ports": [{"port": 80}]}), {
        "spec.type": "ClusterIP", "spec.sessionAffinity": "None",
        "spec.ports": [{"protocol": "TCP", "port": 80, "targetPort": 80}],
        "spec.internalTrafficPolicy": "Cluster", "spec.ipFamilyPolicy": "SingleStack",
        "spec.ipFamilies": ["IPv4"]}),
    ("service: NodePort is externally accessible", _obj("v1", "Service", spec={
        "type": "NodePort", "ports": [{"port": 80, "targetPort": "http"}]}), {
        "spec.externalTrafficPolicy": "Cluster", "spec.ports.0.targetPort": "http"}),
    ("service: LoadBalancer allocates node ports", _obj("v1", "Service", spec={
        "type": "LoadBalancer", "ports": [{"port": 80}]}), {
        "spec.allocateLoadBalancerNodePorts": True}),
    ("service: ClientIP affinity gets a 3-hour timeout", _obj("v1", "Service", spec={
        "sessionAffinity": "ClientIP", "ports": [{"port": 80}]}), {
        "spec.sessionAffinityConfig": {"clientIP": {"timeoutSeconds": 10800}}}),
    ("namespace label", {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "dev"}},
     {"metadata.labels": {"kubernetes.io/metadata.name": "dev"}}),
    ("secret", _obj("v1", "Secret", stringData={"a": "b"}), {"type": "Opaque"}),
    ("pvc", _obj("v1", "PersistentVolumeClaim", spec={
        "accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}), {
        "spec.volumeMode": "Filesystem"}),
    ("hpa", _obj("autoscaling/v2", "HorizontalPodAutoscaler", spec={
        "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"},
        "maxReplicas": 5, "behavior": {"scaleDown": {"stabilizationWindowSeconds": 60}}}), {
        "spec.minReplicas": 1,
        "spec.metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {
            "type": "Utilization", "averageUtilization": 80}}}],
        "spec.behavior.scaleUp": {"stabilizationWindowSeconds": 0, "selectPolicy": "Max",
                                  "policies": [{"type": "Pods", "value": 4, "periodSeconds": 15},
                                               {"type": "Percent", "value": 100,
                                                "periodSeconds": 15}]},
        "spec.behavior.scaleDown": {"stabilizationWindowSeconds": 60, "selectPolicy": "Max",
                                    "policies": [{"type": "Percent", "value": 100,
                                                  "periodSeconds": 15}]}}),
    ("rolebinding subjects", _obj("rbac.authorization.k8s.io/v1", "RoleBinding",
                                  roleRef={"kind": "Role", "name": "r"},
                                  subjects=[{"kind": "User", "name": "jane"},
                                            {"kind": "ServiceAccount", "name": "sa"}]), {
        "roleRef.apiGroup": "rbac.authorization.k8s.io",
        "subjects": [{"kind": "User", "name": "jane", "apiGroup": "rbac.authorization.k8s.io"},
                     {"kind": "ServiceAccount", "name": "sa"}]}),
]


@pytest.mark.parametrize("name,obj,expected", DEFAULTS, ids=[d[0] for d in DEFAULTS])
def test_defaults(name, obj, expected):
    """Each kind gets upstream's default values."""
    obj = _defaulted(obj)
    for path, value in expected.items():
        assert _get(obj, path) == value, path


def test_job_selector_is_generated_from_the_uid():
    """PrepareForCreate labels the template with name and uid, and selects on the uid."""
    job = _defaulted(_obj("batch/v1", "Job", spec={"template": {"spec": {
        **POD_SPEC, "restartPolicy": "Never"}}}))
    job["metadata"]["uid"] = "u-1"
    prepare_job_selector(job)
    labels = {"batch.kubernetes.io/controller-uid": "u-1", "batch.kubernetes.io/job-name": "web",
              "controller-uid": "u-1", "job-name": "web"}
    assert job["spec"]["selector"] == {"matchLabels": {"batch.kubernetes.io/controller-uid": "u-1"}}
    assert job["spec"]["template"]["metadata"]["labels"] == labels
    assert job["metadata"]["labels"] == labels


def test_namespace_finalizer_on_create_and_update():
    """`kubernetes` is added on create; an update keeps the stored finalizers."""
    ns = {"metadata": {"name": "dev"}}
    prepare_namespace(ns, None)
    assert ns["spec"] == {"finalizers": ["kubernetes"]}
    changed = {"metadata": {"name": "dev"}, "spec": {"finalizers": []}}
    prepare_namespace(changed, ns)
    assert changed["spec"] == {"finalizers": ["kubernetes"]}


@pytest.mark.parametrize("image,tag", [
    ("nginx", "latest"), ("nginx:1.27", "1.27"), ("nginx:latest", "latest"),
    ("registry.example.com:5000/team/app", "latest"), ("localhost:5000/app:v2", "v2"),
    ("nginx@sha256:" + "a" * 64, ""), ("Nginx", None), ("", None)])
def test_image_tag(image, tag):
    """The tag ParseImageName sees decides imagePullPolicy (latest or none: Always)."""
    assert image_tag(image) == tag


def test_deployment_key_order_follows_the_go_struct():
    """Added keys land where the Go struct has them (JSON output follows struct order)."""
    obj = _defaulted(_obj("apps/v1", "Deployment", spec={"selector": SELECTOR,
                                                         "template": TEMPLATE}))
    assert list(obj["spec"]) == ["replicas", "selector", "template", "strategy",
                                 "revisionHistoryLimit", "progressDeadlineSeconds"]
    assert list(obj["spec"]["template"]["spec"]["containers"][0]) == [
        "name", "image", "resources", "terminationMessagePath", "terminationMessagePolicy",
        "imagePullPolicy"]


def _variants():
    """Minimal valid manifests of each kind, with a few variations, for the schema check."""
    pod_specs = [POD_SPEC,
                 {"containers": [{"name": "a", "image": "busybox", "command": ["sleep", "1"],
                                  "ports": [{"containerPort": 8080, "name": "http"}],
                                  "livenessProbe": {"exec": {"command": ["true"]}},
                                  "readinessProbe": {"httpGet": {"port": "http"}},
                                  "resources": {"limits": {"cpu": "500m", "memory": "64Mi"}}}]},
                 {"containers": [{"name": "a", "image": "nginx:1.27",
                                  "env": [{"name": "POD", "valueFrom": {"fieldRef": {
                                      "fieldPath": "metadata.name"}}}],
                                  "volumeMounts": [{"name": "v", "mountPath": "/v"}]}],
                  "volumes": [{"name": "v"}], "nodeSelector": {"disk": "ssd"},
                  "tolerations": [{"key": "k", "operator": "Exists"}]}]
    for i, spec in enumerate(pod_specs):
        template = {"metadata": {"labels": {"app": "web"}}, "spec": spec}
        yield _obj("v1", "Pod", spec=spec)
        yield _obj("apps/v1", "Deployment", spec={"selector": SELECTOR, "template": template,
                                                  "replicas": i})
        yield _obj("apps/v1", "ReplicaSet", spec={"selector": SELECTOR, "template": template})
        yield _obj("apps/v1", "DaemonSet", spec={"selector": SELECTOR, "template": template})
        yield _obj("apps/v1", "StatefulSet", spec={"selector": SELECTOR, "template": template,
                                                   "serviceName": "web"})
        yield _obj("v1", "ReplicationController", spec={"template": template})
        job_template = {"spec": {**spec, "restartPolicy": "OnFailure"}}
        yield _obj("batch/v1", "Job", spec={"template": job_template})
        yield _obj("batch/v1", "CronJob", spec={"schedule": "0 * * * *",
                                                "jobTemplate": {"spec": {"template": job_template}}})
    for kind in ("ClusterIP", "NodePort", "LoadBalancer"):
        yield _obj("v1", "Service", spec={"type": kind, "selector": {"app": "web"},
                                          "ports": [{"port": 80, "name": "http"},
                                                    {"port": 443, "name": "https"}]})
    yield _obj("v1", "Service", spec={"type": "ExternalName", "externalName": "example.com"})
    yield {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "dev"}}
    yield _obj("v1", "Secret", data={"a": "Yg=="})
    yield _obj("v1", "ConfigMap", data={"a": "b"})
    yield _obj("v1", "PersistentVolumeClaim", spec={
        "accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}})
    yield _obj("autoscaling/v2", "HorizontalPodAutoscaler", spec={
        "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"},
        "maxReplicas": 3})


@pytest.mark.parametrize("obj", list(_variants()),
                         ids=lambda o: f"{o['kind']}-{o['metadata']['name']}")
def test_defaulted_objects_match_the_published_schema(obj):
    """What defaulting produces passes kubernetes-validate's strict v1.35 schema."""
    assert kubernetes_validate.validate(_defaulted(obj), "1.35", strict=True) == "1.35"


def test_defaults_are_idempotent():
    """Defaulting a defaulted object changes nothing (the server re-defaults on every read)."""
    for obj in _variants():
        once = _defaulted(obj)
        twice = _defaulted(copy.deepcopy(once))
        assert yaml.safe_dump(once) == yaml.safe_dump(twice)


def test_secret_string_data_is_folded_into_data_and_not_stored():
    """Convert_v1_Secret_To_core_Secret: stringData overwrites data's key, base64-encoded."""
    from k8s_model.api.defaults import apply_defaults
    from k8s_model.api.resources import by_plural

    secret = {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"},
              "data": {"a": "eA==", "c": "eQ=="}, "stringData": {"a": "override", "b": "plain"}}
    apply_defaults(by_plural("secrets"), secret)
    assert secret["data"] == {"a": "b3ZlcnJpZGU=", "c": "eQ==", "b": "cGxhaW4="}
    assert "stringData" not in secret and secret["type"] == "Opaque"
