"""Example manifests the labs, tests and benchmarks share, written as a reader would.

    replica_set("web", 6)                 # the failover lab's ReplicaSet
    replica_set("app-001", 300, image="registry.k8s.io/pause:3.10.1",
                requests={"cpu": "10m", "memory": "16Mi"})
    deployment("web", 4, max_surge="25%", max_unavailable=1)   # the rolling-update lab's
"""

from __future__ import annotations

import yaml


def replica_set(name: str = "web", replicas: int = 3, image: str = "nginx:1.29",
                container: str = "nginx", requests: dict | None = None) -> str:
    """An apps/v1 ReplicaSet selecting `app: <name>`, one container."""
    text = f"""\
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: {name}
spec:
  replicas: {replicas}
  selector:
    matchLabels:
      app: {name}
  template:
    metadata:
      labels:
        app: {name}
    spec:
      containers:
      - name: {container}
        image: {image}
"""
    if requests:
        text += "        resources:\n          requests:\n" + "".join(
            f"            {resource}: {value}\n" for resource, value in requests.items())
    return text


def int_or_percent(text: str) -> int | str:
    """What a reader types for maxSurge/maxUnavailable: `1` is an int, `25%` a string
    (IntOrString); anything else is passed on as a string for the API server to judge."""
    text = str(text).strip()
    return int(text) if text.isdigit() else text


def deployment(name: str = "web", replicas: int = 4, image: str = "nginx:1.27",
               container: str = "nginx", strategy: str = "RollingUpdate",
               max_surge: int | str = "25%", max_unavailable: int | str = "25%",
               min_ready_seconds: int = 0, readiness_port: int | None = None) -> str:
    """An apps/v1 Deployment selecting `app: <name>`, one container; with
    `readiness_port`, an HTTP readiness probe on `/` at that port every 2 s."""
    spec: dict = {"replicas": replicas, "selector": {"matchLabels": {"app": name}}}
    if strategy == "RollingUpdate":
        spec["strategy"] = {"type": strategy, "rollingUpdate": {
            "maxSurge": int_or_percent(max_surge),
            "maxUnavailable": int_or_percent(max_unavailable)}}
    else:
        spec["strategy"] = {"type": strategy}
    if min_ready_seconds:
        spec["minReadySeconds"] = min_ready_seconds
    box = {"name": container, "image": image}
    if readiness_port is not None:
        box["readinessProbe"] = {"httpGet": {"path": "/", "port": readiness_port},
                                 "periodSeconds": 2}
    spec["template"] = {"metadata": {"labels": {"app": name}},
                        "spec": {"containers": [box]}}
    return yaml.safe_dump({"apiVersion": "apps/v1", "kind": "Deployment",
                           "metadata": {"name": name}, "spec": spec}, sort_keys=False)


class _Dumper(yaml.SafeDumper):
    """A manifest is written out in full: a dict shared by two places (labels used as
    the selector too) must not become a YAML anchor and alias (&id001 / *id001)."""

    def ignore_aliases(self, data) -> bool:
        return True


def _dump(obj: dict) -> str:
    return yaml.dump(obj, Dumper=_Dumper, sort_keys=False)


def _container(name: str, image: str, command: str | None) -> dict:
    box = {"name": name, "image": image}
    if command:
        box["command"] = ["sh", "-c", command]
    return box


def daemon_set(name: str = "node-agent", image: str = "busybox:1.37",
               command: str | None = "sleep 86400", tolerate_control_plane: bool = False) -> str:
    """An apps/v1 DaemonSet selecting `app: <name>`: one Pod per eligible node."""
    spec: dict = {"containers": [_container(name, image, command)]}
    if tolerate_control_plane:
        spec["tolerations"] = [{"key": "node-role.kubernetes.io/control-plane",
                                "operator": "Exists", "effect": "NoSchedule"}]
    return _dump({"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": name},
                  "spec": {"selector": {"matchLabels": {"app": name}},
                           "template": {"metadata": {"labels": {"app": name}}, "spec": spec}}})


def _job_spec(image: str, command: str, completions: int, parallelism: int,
              backoff_limit: int, restart_policy: str) -> dict:
    return {"completions": completions, "parallelism": parallelism,
            "backoffLimit": backoff_limit,
            "template": {"spec": {"restartPolicy": restart_policy,
                                  "containers": [_container("work", image, command)]}}}


def job(name: str = "work", completions: int = 5, parallelism: int = 2, backoff_limit: int = 6,
        command: str = "sleep 20", image: str = "busybox:1.37",
        restart_policy: str = "Never") -> str:
    """A batch/v1 Job running `command` (`sleep 20`; `sleep 5; exit 1` fails)."""
    return _dump({"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": name},
                  "spec": _job_spec(image, command, completions, parallelism, backoff_limit,
                                    restart_policy)})


def cron_job(name: str = "report", schedule: str = "*/15 * * * *",
             concurrency_policy: str = "Allow", command: str = "sleep 60",
             image: str = "busybox:1.37", suspend: bool = False) -> str:
    """A batch/v1 CronJob whose Jobs run one Pod each."""
    return _dump({"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": name},
                  "spec": {"schedule": schedule, "concurrencyPolicy": concurrency_policy,
                           "suspend": suspend,
                           "jobTemplate": {"spec": _job_spec(image, command, 1, 1, 6,
                                                             "OnFailure")}}})


def stateful_set(name: str = "web", replicas: int = 3, image: str = "nginx:1.29",
                 storage: str = "1Gi") -> str:
    """The Kubernetes docs' StatefulSet example: a headless Service `<name>` and a
    StatefulSet whose Pods each get a PersistentVolumeClaim `www-<name>-<ordinal>`."""
    service = {"apiVersion": "v1", "kind": "Service",
               "metadata": {"name": name, "labels": {"app": name}},
               "spec": {"clusterIP": "None", "selector": {"app": name},
                        "ports": [{"name": "web", "port": 80}]}}
    sts = {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": name},
           "spec": {"serviceName": name, "replicas": replicas,
                    "selector": {"matchLabels": {"app": name}},
                    "template": {"metadata": {"labels": {"app": name}}, "spec": {
                        "containers": [{"name": "nginx", "image": image,
                                        "ports": [{"name": "web", "containerPort": 80}],
                                        "volumeMounts": [{"name": "www",
                                                          "mountPath": "/usr/share/nginx/html"}]}]}},
                    "volumeClaimTemplates": [{"metadata": {"name": "www"}, "spec": {
                        "accessModes": ["ReadWriteOnce"],
                        "resources": {"requests": {"storage": storage}}}}]}}
    return _dump(service) + "---\n" + _dump(sts)


def php_apache(cpu_limit: str = "500m") -> str:
    """The HorizontalPodAutoscaler walkthrough's php-apache.yaml (Kubernetes docs): the
    hpa-example Deployment requesting 200m CPU, and its Service on port 80."""
    labels = {"run": "php-apache"}
    container = {"name": "php-apache", "image": "registry.k8s.io/hpa-example",
                 "ports": [{"containerPort": 80}],
                 "resources": {"limits": {"cpu": cpu_limit}, "requests": {"cpu": "200m"}}}
    return _dump({"apiVersion": "apps/v1", "kind": "Deployment",
                  "metadata": {"name": "php-apache"},
                  "spec": {"selector": {"matchLabels": labels},
                           "template": {"metadata": {"labels": labels},
                                        "spec": {"containers": [container]}}}}) + "---\n" + _dump({
        "apiVersion": "v1", "kind": "Service",
        "metadata": {"name": "php-apache", "labels": labels},
        "spec": {"ports": [{"port": 80}], "selector": labels}})


def crontab_crd(validation: bool = False, defaults: bool = False,
                printer_columns: bool = False, status: bool = False) -> str:
    """The CronTab CustomResourceDefinition of the Kubernetes docs (tasks/extend-kubernetes/
    custom-resources/custom-resource-definitions): `crontabs.stable.example.com`, short
    name `ct`. `validation` adds the docs' pattern and 1–10 bounds, `defaults` their
    `default:` values, `printer_columns` the SPEC/REPLICAS/AGE columns, `status` the
    status subresource."""
    pattern = "\n                  pattern: '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'" \
        if validation or defaults else ""
    bounds = "\n                  minimum: 1\n                  maximum: 10" \
        if validation or defaults else ""
    cron_default = '\n                  default: "5 0 * * *"' if defaults else ""
    replicas_default = "\n                  default: 1" if defaults else ""
    text = f"""\
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: crontabs.stable.example.com
spec:
  group: stable.example.com
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                cronSpec:
                  type: string{pattern}{cron_default}
                image:
                  type: string
                replicas:
                  type: integer{bounds}{replicas_default}
"""
    if status:
        text += """\
            status:
              type: object
              properties:
                replicas:
                  type: integer
      subresources:
        status: {}
"""
    if printer_columns:
        text += """\
      additionalPrinterColumns:
      - name: Spec
        type: string
        description: The cron spec defining the interval a CronJob is run
        jsonPath: .spec.cronSpec
      - name: Replicas
        type: integer
        description: The number of jobs launched by the CronJob
        jsonPath: .spec.replicas
      - name: Age
        type: date
        jsonPath: .metadata.creationTimestamp
"""
    return text + """\
  scope: Namespaced
  names:
    plural: crontabs
    singular: crontab
    kind: CronTab
    shortNames:
    - ct
"""


def crontab(name: str = "my-new-cron-object", cron_spec: str = "* * * * */5",
            image: str = "my-awesome-cron-image", replicas: int | None = None) -> str:
    """A CronTab object of the docs' CRD (`crontab_crd()`)."""
    text = f"""\
apiVersion: "stable.example.com/v1"
kind: CronTab
metadata:
  name: {name}
spec:
  cronSpec: "{cron_spec}"
  image: {image}
"""
    return text + (f"  replicas: {replicas}\n" if replicas is not None else "")
