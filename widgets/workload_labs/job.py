"""JobLab: Pods that run to completion, retried with back-off up to backoffLimit."""

from __future__ import annotations

import ipywidgets as w

from k8s_model import examples

from ..labs import run_kubectl
from .base import WorkloadLab, button

OUTCOMES = (("succeeds: sleep 20", "sleep 20"), ("fails: sleep 5; exit 1", "sleep 5; exit 1"))


class JobLab(WorkloadLab):
    resource, kind, css = "jobs", "Job", "job"

    def __init__(self, cluster, name: str = "work", step_seconds: float = 10) -> None:
        style, layout = {"description_width": "95px"}, w.Layout(width="190px")
        self.completions = w.BoundedIntText(value=5, min=1, max=20, description="completions",
                                            style=style, layout=layout)
        self.parallelism = w.BoundedIntText(value=2, min=1, max=10, description="parallelism",
                                            style=style, layout=layout)
        self.backoff_limit = w.BoundedIntText(value=3, min=0, max=10,
                                              description="backoffLimit", style=style,
                                              layout=layout)
        self.restart_policy = w.Dropdown(options=("Never", "OnFailure"), value="Never",
                                         description="restartPolicy", style=style,
                                         layout=w.Layout(width="230px"))
        self.outcome = w.Dropdown(options=OUTCOMES, value="sleep 20", description="command",
                                  layout=w.Layout(width="300px"))
        self.run_button = button("Run job", "play", self.run, "run-job",
                                  "kubectl delete job (if any), then kubectl apply -f -")
        knobs = w.HBox([self.completions, self.parallelism, self.backoff_limit,
                        self.restart_policy], layout=w.Layout(flex_flow="row wrap"))
        super().__init__(cluster, name, [knobs, w.HBox([self.outcome, self.run_button])],
                         step_seconds)

    def manifest(self) -> str:
        return examples.job(self.name, self.completions.value, self.parallelism.value,
                            self.backoff_limit.value, self.outcome.value,
                            restart_policy=self.restart_policy.value)

    def run(self) -> str:
        """A Job's template cannot change, so a new run replaces the old Job."""
        if self.workload() is not None:
            run_kubectl(self.cluster, f"delete job {self.name} --wait=false")
        return self.kubectl("apply -f -", "run", self.manifest())

    def status_command(self) -> str:
        return f"get job {self.name}"
