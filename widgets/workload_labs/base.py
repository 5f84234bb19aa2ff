"""The common part of the workload labs: clock, terminal, status line, Pod lifelines."""

from __future__ import annotations

import ipywidgets as w

from ..controls.clock import ClockControls
from ..controls.terminal import terminal_html
from ..labs import CLUSTER_RESOURCES, Lab, ViewPane, run_kubectl
from ..observer import ClusterObserver
from ..views.lifelines import LifelineView, PodLifelines
from ..views.portrayal import natural_key

START_TIMEOUT = 120   # virtual seconds a lab lets its Pods come up in
WORKLOAD_RESOURCES = CLUSTER_RESOURCES + ("daemonsets", "jobs", "cronjobs", "statefulsets",
                                          "persistentvolumeclaims")


def controller_uid(obj: dict) -> str | None:
    for ref in obj["metadata"].get("ownerReferences") or []:
        if ref.get("controller"):
            return ref.get("uid")
    return None


class WorkloadLab(Lab):
    """Clock, controls, a terminal, `kubectl get` of the workload after every step, and
    the Pods' lifelines. Subclasses say which Pods are theirs and add controls."""

    resource = ""          # the workload's plural, e.g. "jobs"
    kind = ""              # its kind, e.g. "Job"
    css = ""

    def __init__(self, cluster, name: str, controls: list, step_seconds: float,
                 extra_views: list | None = None) -> None:
        self.cluster, self.name = cluster, name
        if not hasattr(self, "observer"):   # not started by `start`
            self.observer = ClusterObserver(cluster, WORKLOAD_RESOURCES)
            self.lifelines = PodLifelines(self.owns, label=self.row_label,
                                          sort_key=self.row_key)
            for pod in self.observer.list("pods"):
                self.lifelines.record_pod(cluster.now, pod)
            self.observer.on_event(lambda event: self.lifelines.record(cluster.now, event))
        self.clock = ClockControls(cluster, self.observer, step_seconds)
        self.marks: list[tuple[float, str]] = []
        stdout, error = getattr(self, "started", ("", ""))
        self.output = w.HTML(value=terminal_html("kubectl apply -f -", stdout, error)
                             if hasattr(self, "started")
                             else terminal_html("kubectl", hint="(press a button)"))
        self.output.add_class(f"k8s-{self.css}-output")
        self.status = w.HTML()
        self.status.add_class("k8s-workload-status")
        self.timeline = ViewPane(self._view(), css="k8s-lifelines")
        self._update_status()
        self.clock.on_step(self.refresh_views)
        super().__init__([self.clock, *controls, self.output, self.status, self.timeline,
                          *(extra_views or [])])
        self.add_class("k8s-lab")
        self.add_class(f"k8s-{self.css}-lab")

    def start(self, cluster, name: str, manifest: str, settle) -> None:
        """Before the widgets exist: apply the workload, watch its Pods, let it settle —
        so the lab's first picture already tells the start-up story."""
        self.cluster, self.name = cluster, name
        self.observer = ClusterObserver(cluster, WORKLOAD_RESOURCES)
        self.started = run_kubectl(cluster, "apply -f -", manifest)
        self.lifelines = PodLifelines(self.owns, label=self.row_label, sort_key=self.row_key)
        self.observer.on_event(lambda event: self.lifelines.record(cluster.now, event))
        settle()

    # -- which Pods are the workload's ------------------------------------------------------
    def workload(self) -> dict | None:
        for obj in self.observer.list(self.resource):
            if obj["metadata"]["name"] == self.name and \
                    obj["metadata"].get("namespace") == "default":
                return obj
        return None

    def owns(self, pod: dict) -> bool:
        workload = self.workload()
        return workload is not None and controller_uid(pod) == workload["metadata"]["uid"]

    def row_label(self, pod: dict) -> str:
        node = (pod.get("spec") or {}).get("nodeName")
        return pod["metadata"]["name"] + (f" ({node})" if node else "")

    def row_key(self, pod: dict) -> tuple:
        return (pod["metadata"].get("creationTimestamp") or "", natural_key(pod["metadata"]["name"]))

    # -- acting and showing -------------------------------------------------------------------
    def kubectl(self, command: str, mark: str = "", stdin: str | None = None) -> str:
        """Run one command, show it and its output; mark the timeline if it worked."""
        stdout, error = run_kubectl(self.cluster, command, stdin)
        if mark and not error:
            self.marks.append((self.cluster.now, mark))
        self.output.value = terminal_html("kubectl " + command, stdout, error)
        self.clock.refresh()
        self.refresh_views()
        return error or stdout

    def status_command(self) -> str:
        return f"get {self.resource} {self.name}"

    def _update_status(self) -> None:
        command = self.status_command()
        stdout, error = run_kubectl(self.cluster, command)
        self.status.value = terminal_html("kubectl " + command, stdout, error)

    def refresh_views(self) -> None:
        self._update_status()
        self.timeline.view = self._view()
        self.timeline.redraw()

    def _view(self) -> LifelineView:
        return LifelineView(self.lifelines, self.cluster.now, marks=self.marks,
                            title=f"{self.kind} {self.name}: its Pods over time")

    def shown_pane(self) -> ViewPane:
        return self.timeline

    def __repr__(self) -> str:
        return (f"{type(self).__name__} at {self.clock.time_label.value}\n"
                f"{self.timeline.view.description()}")


def button(label: str, icon: str, action, css: str, tooltip: str = "") -> w.Button:
    button = w.Button(description=label, icon=icon, tooltip=tooltip,
                      layout=w.Layout(width="130px"))
    button.add_class(f"k8s-{css}")
    button.on_click(lambda _button: action())
    return button
