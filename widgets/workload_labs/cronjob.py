"""CronJobLab: a Job per scheduled time across a virtual day."""

from __future__ import annotations

import ipywidgets as w

from k8s_model import examples

from .base import WorkloadLab, button, controller_uid

CONCURRENCY = ("Allow", "Forbid", "Replace")


class CronJobLab(WorkloadLab):
    resource, kind, css = "cronjobs", "CronJob", "cronjob"

    def __init__(self, cluster, name: str = "report", step_seconds: float = 900) -> None:
        self.schedule = w.Text(value="*/15 * * * *", description="schedule",
                               layout=w.Layout(width="240px"))
        self.concurrency = w.Dropdown(options=CONCURRENCY, value="Allow",
                                      description="concurrency", layout=w.Layout(width="220px"))
        self.run_seconds = w.BoundedIntText(value=60, min=1, max=7200,
                                            description="runs for (s)",
                                            layout=w.Layout(width="200px"),
                                            style={"description_width": "80px"})
        self.suspend = w.Checkbox(value=False, description="suspend", indent=False,
                                  layout=w.Layout(width="100px"))
        self.apply_button = button("Apply", "check", self.apply, "apply-cronjob",
                                    "kubectl apply -f -")
        row = w.HBox([self.schedule, self.concurrency, self.run_seconds, self.suspend,
                      self.apply_button], layout=w.Layout(flex_flow="row wrap"))
        super().__init__(cluster, name, [row], step_seconds)

    def owns(self, pod: dict) -> bool:
        """A CronJob's Pods belong to its Jobs."""
        cronjob = self.workload()
        if cronjob is None:
            return False
        jobs = {j["metadata"]["uid"] for j in self.observer.list("jobs", "default")
                if controller_uid(j) == cronjob["metadata"]["uid"]}
        return controller_uid(pod) in jobs

    def manifest(self) -> str:
        return examples.cron_job(self.name, self.schedule.value, self.concurrency.value,
                                 f"sleep {self.run_seconds.value}", suspend=self.suspend.value)

    def apply(self) -> str:
        """`kubectl apply -f -`: schedule, policy, duration and suspend in one manifest."""
        return self.kubectl("apply -f -", "suspend" if self.suspend.value else "apply",
                            self.manifest())

    def status_command(self) -> str:
        return "get cronjobs,jobs"
