"""The workload labs: four controllers, four ways for Pods to live.

* `DaemonSetLab` — one Pod per node: add a node and the DaemonSet controller gives it
  a Pod at once; fail a node and its Pod stays bound there (the DaemonSet tolerates the
  not-ready and unreachable taints) until the node comes back.
* `JobLab` — Pods that run to completion: completions, parallelism, backoffLimit,
  restartPolicy and a command that succeeds or fails; failed Pods are replaced after
  the Job controller's back-off (10 s, 20 s, 40 s …) until backoffLimit fails the Job.
* `CronJobLab` — a Job per scheduled time across a virtual day: schedule,
  concurrencyPolicy (Allow, Forbid, Replace) and how long each run takes.
* `StatefulSetLab` — Pods with names and disks: `web-0`, `web-1` … come up in order,
  each with its PersistentVolumeClaim `www-web-N`; delete one and it comes back with
  the same name and claim; scale down and the highest ordinal goes first.

Each shows its Pods as lifelines (one row per Pod, coloured by state over virtual
time) and acts only through kubectl.

    lab = JobLab(Cluster(nodes=2)); lab.run(); lab.clock.step(60)
"""

from __future__ import annotations

import ipywidgets as w

from k8s_model import examples

from .controls.clock import ClockControls
from .controls.terminal import terminal_html
from .labs import CLUSTER_RESOURCES, ClusterView, Lab, ViewPane, run_kubectl
from .observer import ClusterObserver
from .views.lifelines import LifelineView, PodLifelines
from .views.portrayal import natural_key

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


def _button(label: str, icon: str, action, css: str, tooltip: str = "") -> w.Button:
    button = w.Button(description=label, icon=icon, tooltip=tooltip,
                      layout=w.Layout(width="130px"))
    button.add_class(f"k8s-{css}")
    button.on_click(lambda _button: action())
    return button


class DaemonSetLab(WorkloadLab):
    resource, kind, css = "daemonsets", "DaemonSet", "daemonset"

    def __init__(self, cluster, manifest: str | None = None, name: str = "node-agent",
                 step_seconds: float = 10) -> None:
        self.add_node_button = _button("Add node", "plus", self.add_node, "add-node",
                                       "kubeadm join on a new machine")
        self.node_choice = w.Dropdown(options=(), description="node",
                                      layout=w.Layout(width="200px"),
                                      style={"description_width": "40px"})
        self.fail_button = _button("Fail node", "power-off", self.fail_node, "fail-node",
                                   "the node stops: no heartbeats")
        self.recover_button = _button("Recover node", "plug", self.recover_node,
                                      "recover-node", "the node is back")
        row = w.HBox([self.add_node_button, self.node_choice, self.fail_button,
                      self.recover_button], layout=w.Layout(flex_flow="row wrap"))
        self._cluster_for_view = cluster
        self.start(cluster, name, manifest or examples.daemon_set(name),
                   lambda: cluster.advance(step_seconds))
        super().__init__(cluster, name, [row], step_seconds)
        self.view = ClusterView(cluster, self.observer)
        self.children = (*self.children, self.view)
        self._update_nodes()

    def row_label(self, pod: dict) -> str:
        node = (pod.get("spec") or {}).get("nodeName") or _affinity_node(pod) or "?"
        return f"{node}: {pod['metadata']['name']}"

    def row_key(self, pod: dict) -> tuple:
        return natural_key(self.row_label(pod))

    def _update_nodes(self) -> None:
        names = sorted((n["metadata"]["name"] for n in self.observer.list("nodes")),
                       key=natural_key)
        current = self.node_choice.value
        self.node_choice.options = names
        self.node_choice.value = current if current in names else names[-1]

    def refresh(self) -> None:
        self.clock.refresh()
        self._update_nodes()
        self.refresh_views()

    def add_node(self) -> str:
        taken = {n["metadata"]["name"] for n in self.observer.list("nodes")}
        number = len(taken)
        while f"node-{number}" in taken:
            number += 1
        node = f"node-{number}"
        self.cluster.add_node(node)
        self.marks.append((self.cluster.now, f"{node} joins"))
        result = self.kubectl(f"get pods -l app={self.name} -o wide")
        self.refresh()
        self.node_choice.value = node
        return result

    def fail_node(self) -> str:
        node = self.node_choice.value
        self.cluster.fail_node(node)
        self.marks.append((self.cluster.now, f"{node} fails"))
        return self.kubectl("get nodes")

    def recover_node(self) -> str:
        node = self.node_choice.value
        self.cluster.recover_node(node)
        self.marks.append((self.cluster.now, f"{node} back"))
        return self.kubectl("get nodes")


def _affinity_node(pod: dict) -> str | None:
    """The node a DaemonSet Pod is meant for: its `metadata.name` node-affinity field."""
    affinity = ((pod.get("spec") or {}).get("affinity") or {}).get("nodeAffinity") or {}
    required = affinity.get("requiredDuringSchedulingIgnoredDuringExecution") or {}
    for term in required.get("nodeSelectorTerms") or []:
        for field in term.get("matchFields") or []:
            if field.get("key") == "metadata.name" and field.get("values"):
                return field["values"][0]
    return None


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
        self.run_button = _button("Run job", "play", self.run, "run-job",
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
        self.apply_button = _button("Apply", "check", self.apply, "apply-cronjob",
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


class StatefulSetLab(WorkloadLab):
    resource, kind, css = "statefulsets", "StatefulSet", "statefulset"

    def __init__(self, cluster, name: str = "web", replicas: int = 3,
                 step_seconds: float = 5) -> None:
        self.replicas = w.IntSlider(value=replicas, min=0, max=6, description="replicas",
                                    continuous_update=False, layout=w.Layout(width="280px"))
        self.scale_button = _button("Scale", "arrows-v", self.scale, "scale",
                                    "kubectl scale sts … --replicas=N")
        self.pod_choice = w.Dropdown(options=(), description="pod",
                                     layout=w.Layout(width="180px"),
                                     style={"description_width": "30px"})
        self.delete_button = _button("Delete pod", "trash", self.delete_pod, "delete",
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
