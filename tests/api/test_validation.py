"""Validation: the API server's field errors, with upstream's exact wording."""

import copy

import pytest

from k8s_model.api import resources
from k8s_model.api.decoding import decode
from k8s_model.api.defaults import apply_defaults, prepare_job_selector
from k8s_model.api.validation import node_port_errors, validate
from k8s_model.api.validation.cron import schedule_error

SUBDOMAIN = ("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
             "'-' or '.', and must start and end with an alphanumeric character (e.g. "
             "'example.com', regex used for validation is "
             "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")
LABEL = ("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or "
         "'-', and must start and end with an alphanumeric character (e.g. 'my-name',  or "
         "'123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')")
DNS1035 = ("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start "
           "with an alphabetic character, and end with an alphanumeric character (e.g. "
           "'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')")

CONTAINER = {"name": "web", "image": "nginx"}


def pod(**spec):
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"},
            "spec": {"containers": [dict(CONTAINER)], **spec}}


def deploy(labels=None, selector=None, **spec):
    template = {"metadata": {"labels": labels or {"app": "web"}},
                "spec": {"containers": [dict(CONTAINER)]}}
    body = {"selector": {"matchLabels": {"app": "web"}} if selector is None else selector,
            "template": template, **spec}
    if selector is False:
        del body["selector"]
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
            "spec": body}


def job(restart="Never", **spec):
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "pi"},
            "spec": {"template": {"spec": {"containers": [dict(CONTAINER)],
                                           "restartPolicy": restart}}, **spec}}


def service(name="web", **spec):
    return {"apiVersion": "v1", "kind": "Service", "metadata": {"name": name},
            "spec": {"selector": {"app": "web"}, "ports": [{"port": 80}], **spec}}


def with_meta(obj, **meta):
    obj = copy.deepcopy(obj)
    obj["metadata"].update(meta)
    return obj


def errors_of(obj, old=None):
    """The server's steps: decode, default, system metadata, validate."""
    obj = copy.deepcopy(obj)
    resource = resources.for_kind(obj["apiVersion"], obj["kind"])
    decode(resource, obj)
    if resource.namespaced:
        obj["metadata"].setdefault("namespace", "default")
    apply_defaults(resource, obj)
    obj["metadata"].setdefault("uid", "u-1")
    if resource.kind == "Job":
        prepare_job_selector(obj)
    return [str(e) for e in validate(resource, obj, old)]


def stored(obj):
    obj = copy.deepcopy(obj)
    resource = resources.for_kind(obj["apiVersion"], obj["kind"])
    obj["metadata"].setdefault("namespace", "default")
    apply_defaults(resource, obj)
    obj["metadata"].setdefault("uid", "u-1")
    if resource.kind == "Job":
        prepare_job_selector(obj)
    return obj


CREATE = [
    ("valid pod", pod(), []),
    ("name required", with_meta(pod(), name=""),
     ["metadata.name: Required value: name or generateName is required"]),
    ("pod name is a subdomain", with_meta(pod(), name="Web"),
     [f'metadata.name: Invalid value: "Web": {SUBDOMAIN}']),
    ("generateName may end with a dash", with_meta(pod(), name="", generateName="web-"),
     ["metadata.name: Required value: name or generateName is required"]),
    ("bad label", with_meta(pod(), labels={"app": "a b"}),
     ['metadata.labels: Invalid value: "a b": a valid label must be an empty string or consist '
      "of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
      "character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is "
      "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"]),
    ("containers required", pod(containers=[]), ["spec.containers: Required value"]),
    ("container name and image", pod(containers=[{"name": "Web_1"}]),
     [f'spec.containers[0].name: Invalid value: "Web_1": {LABEL}',
      "spec.containers[0].image: Required value"]),
    ("duplicate container names", pod(containers=[dict(CONTAINER), dict(CONTAINER)]),
     ['spec.containers[1].name: Duplicate value: "web"']),
    ("container port range", pod(containers=[{**CONTAINER, "ports": [{"containerPort": 70000}]}]),
     ["spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and "
      "65535, inclusive"]),
    ("port protocol", pod(containers=[{**CONTAINER, "ports": [{"containerPort": 80,
                                                              "protocol": "HTTP"}]}]),
     ['spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: '
      '"SCTP", "TCP", "UDP"']),
    ("restart policy", pod(restartPolicy="Sometimes"),
     ['spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", '
      '"OnFailure", "Never"']),
    ("requests above limits", pod(containers=[{**CONTAINER, "resources": {
        "limits": {"cpu": "1"}, "requests": {"cpu": "2"}}}]),
     ['spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal '
      "to cpu limit of 1"]),
    ("unknown resource name (a Pod's requests default to its limits)", pod(containers=[{
        **CONTAINER, "resources": {"limits": {"cpus": "1"}}}]),
     [f'spec.containers[0].resources.{group}[cpus]: Invalid value: "cpus": must be a standard '
      f"resource {what}" for group in ("limits", "requests")
      for what in ("type or fully qualified", "for containers")]),
    ("liveness successThreshold", pod(containers=[{**CONTAINER, "livenessProbe": {
        "tcpSocket": {"port": 80}, "successThreshold": 2}}]),
     ["spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1"]),
    ("probe without handler", pod(containers=[{**CONTAINER, "readinessProbe": {
        "periodSeconds": 5}}]),
     ["spec.containers[0].readinessProbe: Required value: must specify a handler type"]),
    ("volume mount of a missing volume", pod(containers=[{**CONTAINER, "volumeMounts": [
        {"name": "data", "mountPath": "/data"}]}]),
     ['spec.containers[0].volumeMounts[0].name: Not found: "data"']),
    ("valid deployment", deploy(), []),
    ("deployment selector mismatch", deploy(labels={"app": "api"}),
     ['spec.template.metadata.labels: Invalid value: {"app":"api"}: `selector` does not match '
      "template `labels`"]),
    ("deployment without selector", deploy(selector=False),
     ["spec.selector: Required value",
      'spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match '
      "template `labels`"]),
    ("empty selector", deploy(selector={}),
     ["spec.selector: Invalid value: {}: empty selector is invalid for deployment"]),
    ("negative replicas", deploy(replicas=-1),
     ["spec.replicas: Invalid value: -1: must be greater than or equal to 0"]),
    ("rolling update of nothing", deploy(strategy={"rollingUpdate": {"maxSurge": 0,
                                                                     "maxUnavailable": 0}}),
     ["spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when "
      "`maxSurge` is 0"]),
    # field.Invalid gets the IntOrString itself, whose String() ErrorBody prefers to %q:
    # the value prints unquoted (apimachinery field/errors.go, the fmt.Stringer case).
    ("bad percentage", deploy(strategy={"rollingUpdate": {"maxSurge": "25"}}),
     ['spec.strategy.rollingUpdate.maxSurge: Invalid value: 25: a valid percent string must '
      "be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for "
      "validation is '[0-9]+%')"]),
    ("deployment pods restart Always", deploy(template={
        "metadata": {"labels": {"app": "web"}},
        "spec": {"containers": [dict(CONTAINER)], "restartPolicy": "Never"}}),
     ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: '
      '"Always"']),
    ("valid job", job(), []),
    ("job may not restart Always", job(restart="Always"),
     ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']),
    ("job counts", job(parallelism=-1, completions=-2),
     ["spec.parallelism: Invalid value: -1: must be greater than or equal to 0",
      "spec.completions: Invalid value: -2: must be greater than or equal to 0"]),
    ("valid service", service(), []),
    ("service names are DNS-1035 labels", service(name="2web"),
     [f'metadata.name: Invalid value: "2web": {DNS1035}']),
    ("service ports required", service(ports=[]), ["spec.ports: Required value"]),
    ("service ports need names when there are several", service(ports=[{"port": 80},
                                                                       {"port": 81}]),
     ["spec.ports[0].name: Required value", "spec.ports[1].name: Required value"]),
    ("service type", service(type="Internal"),
     ['spec.type: Unsupported value: "Internal": supported values: "ClusterIP", '
      '"ExternalName", "LoadBalancer", "NodePort"']),
    ("nodePort on a ClusterIP service", service(ports=[{"port": 80, "nodePort": 30080}]),
     ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"]),
    ("namespace names are DNS labels", {"apiVersion": "v1", "kind": "Namespace",
                                         "metadata": {"name": "my.ns"}},
     ['metadata.name: Invalid value: "my.ns": must not contain dots']),
    ("configmap keys", {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"},
                        "data": {"a b": "x"}},
     ['data[a b]: Invalid value: "a b": a valid config key must consist of alphanumeric '
      "characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used "
      "for validation is '[-._a-zA-Z0-9]+')"]),
    ("cronjob schedule", {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "c"},
                          "spec": {"schedule": "0 24 * * *", "jobTemplate": job()["spec"] and
                                   {"spec": job()["spec"]}}},
     ['spec.schedule: Invalid value: "0 24 * * *": end of range (24) above maximum (23): 24']),
    ("cronjob name at most 52 characters", {
        "apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "c" * 53},
        "spec": {"schedule": "@hourly", "jobTemplate": {"spec": job()["spec"]}}},
     [f'metadata.name: Invalid value: "{"c" * 53}": must be no more than 52 characters']),
    ("ingress pathType", {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
                          "metadata": {"name": "i"}, "spec": {"rules": [{"http": {"paths": [{
                              "path": "/", "backend": {"service": {"name": "web", "port": {
                                  "number": 80}}}}]}}]}},
     ["spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified"]),
]


@pytest.mark.parametrize("name,obj,expected", CREATE, ids=[c[0] for c in CREATE])
def test_create(name, obj, expected):
    """Create-time validation reports upstream's messages, in upstream's order."""
    assert errors_of(obj) == expected


def test_update_rules():
    """Immutable fields on update: selectors, pod specs, ClusterIPs, Job templates."""
    old = stored(deploy())
    changed = deploy(selector={"matchLabels": {"app": "api"}}, labels={"app": "api"})
    assert errors_of(changed, old) == [
        'spec.selector: Invalid value: {"matchLabels":{"app":"api"}}: field is immutable']

    old_pod = stored(pod())
    new_pod = pod(containers=[{**CONTAINER, "ports": [{"containerPort": 80}]}])
    assert errors_of(new_pod, old_pod) == [
        "spec: Forbidden: pod updates may not change fields other than "
        "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
        "`spec.tolerations` (only additions to existing tolerations),"
        "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously "
        "negative)"]
    patched = copy.deepcopy(old_pod)  # kubectl set image / apply patch the stored object
    patched["spec"]["containers"][0]["image"] = "nginx:1.27"
    assert errors_of(patched, old_pod) == []

    old_svc = stored(service(clusterIP="10.96.0.10"))
    assert errors_of(service(clusterIP="10.96.0.11"), old_svc) == [
        'spec.clusterIPs[0]: Invalid value: ["10.96.0.11"]: may not change once set']

    assert errors_of(with_meta(pod(), name="web"), stored(with_meta(pod(), uid="u-2"))) == [
        'metadata.uid: Invalid value: "u-1": field is immutable']


@pytest.mark.parametrize("schedule,error", [
    ("*/5 * * * *", None), ("@hourly", None), ("@every 1h30m", None), ("0 9 * * mon-fri", None),
    ("*/5 * * *", "expected exactly 5 fields, found 4: [*/5 * * *]"),
    ("60 * * * *", "end of range (60) above maximum (59): 60"),
    ("* * * * 7", "end of range (7) above maximum (6): 7"),
    ("a * * * *", 'failed to parse int from a: strconv.Atoi: parsing "a": invalid syntax'),
    ("5-1 * * * *", "beginning of range (5) beyond end of range (1): 5-1"),
    ("@often", "unrecognized descriptor: @often")])
def test_cron_schedules(schedule, error):
    """Schedules parse as robfig/cron's ParseStandard does, with its messages."""
    assert schedule_error(schedule) == error


def test_node_port_range():
    """The NodePort allocator's range message (for the Service REST storage to use)."""
    svc = {"spec": {"ports": [{"port": 80, "nodePort": 80}, {"port": 81, "nodePort": 30001}]}}
    assert [str(e) for e in node_port_errors(svc)] == [
        "spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. "
        "The range of valid ports is 30000-32767"]
