"""Example manifests the labs, tests and benchmarks share, written as a reader would.

    replica_set("web", 6)                 # the failover lab's ReplicaSet
    replica_set("app-001", 300, image="registry.k8s.io/pause:3.10.1",
                requests={"cpu": "10m", "memory": "16Mi"})
"""

from __future__ import annotations


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
