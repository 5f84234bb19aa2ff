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
