"""StatefulSetLab: Pods with stable names and their own claims, in order."""

from __future__ import annotations

import ipywidgets as w

from k8s_model import examples

from ..views.portrayal import natural_key
from .base import START_TIMEOUT, WorkloadLab, button

class StatefulSetLab(WorkloadLab):
    resource, kind, css = "statefulsets", "StatefulSet", "statefulset"

    def __init__(self, cluster, name: str = "web", replicas: int = 3,
                 step_seconds: float = 5) -> None:
        self.replicas = w.IntSlider(value=replicas, min=0, max=6, description="replicas",
                                    continuous_update=False, layout=w.Layout(width="280px"))
        self.scale_button = button("Scale", "arrows-v", self.scale, "scale",
                                    "kubectl scale sts … --replicas=N")
        self.pod_choice = w.Dropdown(options=(), description="pod",
                                     layout=w.Layout(width="180px"),
                                     style={"description_width": "30px"})
        self.delete_button = button("Delete pod", "trash", self.delete_pod, "delete",
                                     "kubectl delete pod … --wait=false")
        row = w.HBox([self.replicas, self.scale_button, self.pod_choice, self.delete_button],
                     layout=w.Layout(flex_flow="row wrap"))
        self.start(cluster, name, examples.stateful_set(name, replicas),
                   lambda: cluster.run_until(self._all_ready, timeout=START_TIMEOUT, step=1))
        super().__init__(cluster, name, [row], step_seconds)

    def _all_ready(self) -> bool:
        sts = self.workload() or {}
        return (sts.get("status") or {}).get("readyReplicas", 0) == \
            (sts.get("spec") or {}).get("replicas", 1)

    def row_key(self, pod: dict) -> tuple:
        return natural_key(pod["metadata"]["name"]) + (pod["metadata"].get("creationTimestamp"),)

    def status_command(self) -> str:
        return f"get pods,pvc -l app={self.name}"

    def _update_status(self) -> None:
        """The Pod list follows the StatefulSet (a deleted ordinal comes back)."""
        pods = sorted((p["metadata"]["name"] for p in self.observer.list("pods", "default")
                       if self.owns(p) and not p["metadata"].get("deletionTimestamp")),
                      key=natural_key)
        current = self.pod_choice.value
        self.pod_choice.options = pods
        self.pod_choice.value = current if current in pods else (pods[-1] if pods else None)
        super()._update_status()

    def refresh(self) -> None:
        self.clock.refresh()
        self.refresh_views()

    def scale(self) -> str:
        result = self.kubectl(f"scale sts {self.name} --replicas={self.replicas.value}",
                              f"scale to {self.replicas.value}")
        self.refresh()
        return result

    def delete_pod(self) -> str:
        pod = self.pod_choice.value
        if not pod:
            return self.kubectl(f"get pods -l app={self.name}")
        result = self.kubectl(f"delete pod {pod} --wait=false", f"delete {pod}")
        self.refresh()
        return result
