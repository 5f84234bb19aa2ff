"""Composed labs: views in ipywidgets Outputs, redrawn off one ClusterObserver.

A `ViewPane` is a VBox around an `Output` holding its view's PNG. It draws once on
creation, so an executed notebook shows the picture as static HTML (the Output's
assigned outputs are saved in the widget state, and the PNG is also offered in the
display bundle for renderers without widgets). After that it redraws when the observer
says a resource it draws has changed — at most once per control action.

    lab = ClusterLab(Cluster(nodes=3))     # clock controls + the cluster picture
    lab.clock.step_button.click()          # 10 s later; the picture redraws if needed

`SchedulingLab(cluster)` asks the scheduler where a Pod goes and shows why: the nodes'
requested/allocatable resources, a Pod form, and the decision the scheduler wrote on the
Pod (which filter rejected each node, each score plugin's weighted share of the rest).
"""

from __future__ import annotations

import base64

import ipywidgets as w
import yaml

from k8s_model import load_manifests
from k8s_model.api.errors import ApiError
from k8s_model.kubectl.errors import KubectlError
from k8s_model.kubectl.manifests import ManifestError

from .controls.clock import ClockControls
from .controls.manifest_editor import ManifestEditor
from .controls.pod_form import PodForm
from .controls.terminal import terminal_html
from .observer import ClusterObserver
from .views.cluster_graph import OWNER_RESOURCES, ClusterGraphView
from .views.node_resources import NodeResourcesView
from .views.portrayal import natural_key
from .views.scheduling import SchedulingView
from .views.sequence import SequenceDiagramView
from .views.timeline import TimelineView

CLUSTER_RESOURCES = ("nodes", "pods") + OWNER_RESOURCES


def run_kubectl(cluster, command: str, stdin: str | None = None) -> tuple[str, str]:
    """(stdout, error): kubectl's words either way, never a traceback."""
    try:
        return cluster.kubectl(command, stdin=stdin), ""
    except KubectlError as failure:
        return failure.output, str(failure)
    except ApiError as failure:
        return "", str(failure)
    except Exception as failure:  # a bug in the model: still shown in the widget
        return "", f"error: the simulated cluster failed: {type(failure).__name__}: {failure}"


def single_object(manifest: str, kind: str, lab: str) -> tuple[str, str, str]:
    """(name, namespace, error) of the one object of `kind` a lab's manifest must hold;
    the error in kubectl's words for bad YAML, else the lab's own."""
    try:
        objects = load_manifests(manifest)
    except ManifestError as error:
        return "", "", f"error: {error}"
    if len(objects) != 1 or objects[0].get("kind") != kind:
        kinds = ", ".join(str(o.get("kind")) for o in objects) or "nothing"
        return "", "", (f"error: the {lab} runs one {kind} (kind: {kind}); "
                        f"this manifest holds {kinds}")
    meta = objects[0].get("metadata") or {}
    return str(meta.get("name") or ""), meta.get("namespace") or "default", ""


class ViewPane(w.VBox):
    def __init__(self, view, observer: ClusterObserver | None = None,
                 resources: tuple[str, ...] | None = None, css: str = "k8s-view") -> None:
        self.view, self.observer = view, observer
        self.out = w.Output()
        self.out.add_class("k8s-view-output")
        self.png = b""
        super().__init__([self.out])
        self.add_class("k8s-view")
        self.add_class(css)
        self.redraw()
        if observer is not None:
            observer.on_change(lambda _version: self.redraw(), resources)

    def redraw(self) -> None:
        self.png = self.view.render_into(self.out)

    def refresh(self) -> None:
        """Redraw if the cluster changed (after acting on it from a notebook cell)."""
        if self.observer is not None:
            self.observer.notify()

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["image/png"] = base64.b64encode(self.png).decode("ascii")
        return bundle

    def __repr__(self) -> str:
        return self.view.description()


class Lab(w.VBox):
    """A lab: controls and views in a VBox. Its display bundle also offers the PNG of its
    main picture (`shown_pane()`), for renderers without widgets (static HTML, GitHub)."""

    def shown_pane(self) -> ViewPane:
        raise NotImplementedError

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["image/png"] = base64.b64encode(self.shown_pane().png).decode("ascii")
        return bundle


class ClusterView(ViewPane):
    """The cluster picture (Nodes, Pods, owners), live when given an observer."""

    def __init__(self, cluster, observer: ClusterObserver | None = None, pod_style=None,
                 namespace: str | None = None) -> None:
        observer = observer or ClusterObserver(cluster, CLUSTER_RESOURCES)
        super().__init__(ClusterGraphView(cluster, pod_style, observer, namespace), observer,
                         CLUSTER_RESOURCES, "k8s-cluster-view")


class SequenceDiagram(ViewPane):
    """A sequence diagram of trace records: `SequenceDiagram(c.trace.since(mark))`."""

    def __init__(self, records, participants: list[str] | None = None, **options) -> None:
        super().__init__(SequenceDiagramView(records, participants, **options),
                         css="k8s-sequence")


class Timeline(ViewPane):
    """Step plots over virtual time: fixed `series`, and/or `sample={name: fn(observer)}`
    values recorded at every watch event (kept only when they change)."""

    def __init__(self, series: dict | None = None, observer: ClusterObserver | None = None,
                 sample: dict | None = None, **options) -> None:
        self.series = {name: list(points) for name, points in (series or {}).items()}
        self.sample, self.options = dict(sample or {}), options
        self.observer = observer
        if self.sample:
            if observer is None:
                raise ValueError("Timeline(sample=...) needs an observer to sample on")
            for name in self.sample:
                self.series.setdefault(name, [])
            self._take_sample()
            observer.on_event(lambda _event: self._take_sample())
        super().__init__(self._view(), observer, css="k8s-timeline")

    def _take_sample(self) -> None:
        now = self.observer.cluster.now
        for name, measure in self.sample.items():
            value = measure(self.observer)
            points = self.series[name]
            if not points or points[-1][1] != value:
                points.append((now, value))

    def _view(self) -> TimelineView:
        options = dict(self.options)
        if self.observer is not None:
            options.setdefault("until", self.observer.cluster.now)
        return TimelineView(self.series, **options)

    def redraw(self) -> None:
        self.view = self._view()
        super().redraw()


class ClusterLab(Lab):
    """Clock controls over the cluster picture (and, with `editor=True`, a manifest
    editor), all hanging off one ClusterObserver."""

    def __init__(self, cluster, pod_style=None, step_seconds: float = 10,
                 editor: bool = False, initial_yaml: str = "",
                 play_interval_ms: int = 700) -> None:
        self.cluster = cluster
        self.observer = ClusterObserver(cluster, CLUSTER_RESOURCES)
        self.clock = ClockControls(cluster, self.observer, step_seconds, play_interval_ms)
        self.view = ClusterView(cluster, self.observer, pod_style)
        self.editor = ManifestEditor(cluster, initial_yaml, self.observer) if editor else None
        children = [self.clock] + ([self.editor] if self.editor else []) + [self.view]
        super().__init__(children)
        self.add_class("k8s-lab")
        self.add_class("k8s-cluster-lab")

    def refresh(self) -> None:
        """Catch up after a notebook cell acted on the cluster directly."""
        self.clock.refresh()

    def shown_pane(self) -> ViewPane:
        return self.view

    def __repr__(self) -> str:
        return f"ClusterLab at {self.clock.time_label.value}: {self.view.view.description()}"


SCHEDULING_RESOURCES = ("nodes", "pods")
SCHEDULER_TIMEOUT = 30  # virtual seconds: a pending Pod is tried within milliseconds


def _scheduler_acted(cluster, name: str, namespace: str) -> bool:
    """The scheduler wrote its verdict on the Pod (or the Pod named its node itself)."""
    try:
        pod = cluster.get("pods", name, namespace=namespace)
    except ApiError:
        return False
    annotations = pod["metadata"].get("annotations") or {}
    return "scheduler.k8s-model.io/filter-result" in annotations or bool(
        pod.get("spec", {}).get("nodeName"))


def _scheduling_events(cluster, name: str, namespace: str) -> str:
    """The Pod's Scheduled / FailedScheduling messages, as `kubectl describe` lists them."""
    lines = []
    for event in cluster.list("events", namespace=namespace):
        regarding = event.get("regarding") or event.get("involvedObject") or {}
        if regarding.get("name") == name and event.get("reason") in ("Scheduled",
                                                                     "FailedScheduling"):
            lines.append(f"{event.get('type')}  {event.get('reason')}  "
                         f"{event.get('note') or event.get('message', '')}")
    return "\n".join(lines)


class SchedulingLab(Lab):
    """Ask the scheduler where a Pod goes, and see why: the nodes' requested and
    allocatable resources, a Pod form, and the decision (filters, then weighted scores).

        lab = SchedulingLab(Cluster(nodes=3))
        lab.form.cpu.value = "3"; lab.schedule_button.click()
        print(lab.decision.view.description())
    """

    def __init__(self, cluster, step_seconds: float = 10) -> None:
        self.cluster = cluster
        self.observer = ClusterObserver(cluster, SCHEDULING_RESOURCES)
        self.clock = ClockControls(cluster, self.observer, step_seconds)
        self.nodes = ViewPane(NodeResourcesView(cluster, self.observer), self.observer,
                              SCHEDULING_RESOURCES, "k8s-node-resources")
        self.decision = ViewPane(SchedulingView(None), css="k8s-scheduling-view")
        self.form = PodForm()
        self.schedule_button = w.Button(description="Schedule", icon="play",
                                        button_style="primary",
                                        tooltip="kubectl apply -f -, then let the scheduler act")
        self.schedule_button.add_class("k8s-schedule")
        self.schedule_button.on_click(lambda _button: self.schedule())
        self.node_choice = w.Dropdown(options=self._node_names(), description="node",
                                      layout=w.Layout(width="200px"),
                                      style={"description_width": "40px"})
        self.taint_spec = w.Text(value="dedicated=lab:NoSchedule", layout=w.Layout(width="210px"))
        buttons = {"add_node": ("Add node", "plus", self.add_node),
                   "cordon": ("Cordon", "ban", lambda: self.node_command("cordon")),
                   "uncordon": ("Uncordon", "check", lambda: self.node_command("uncordon")),
                   "taint": ("Taint", "tint", self.taint),
                   "untaint": ("Untaint", "eraser", self.untaint)}
        for key, (label, icon, action) in buttons.items():
            button = w.Button(description=label, icon=icon, layout=w.Layout(width="110px"))
            button.add_class(f"k8s-{key.replace('_', '-')}")
            button.on_click(lambda _button, act=action: act())
            setattr(self, f"{key}_button", button)
        self.output = w.HTML(value=terminal_html("kubectl apply -f -",
                                                 hint="(fill in the Pod and press Schedule)"))
        self.output.add_class("k8s-scheduling-output")
        node_row = w.HBox([self.add_node_button, self.node_choice, self.cordon_button,
                           self.uncordon_button, self.taint_spec, self.taint_button,
                           self.untaint_button], layout=w.Layout(flex_flow="row wrap"))
        super().__init__([self.clock, self.nodes, node_row, self.form, self.schedule_button,
                          self.output, self.decision])
        self.add_class("k8s-lab")
        self.add_class("k8s-scheduling-lab")

    # -- acting through the public contract ---------------------------------------------------
    def _node_names(self) -> list[str]:
        return [n["metadata"]["name"] for n in
                sorted(self.observer.list("nodes"), key=lambda n: natural_key(n["metadata"]["name"]))]

    def _kubectl(self, command: str, stdin: str | None = None) -> tuple[str, str]:
        return run_kubectl(self.cluster, command, stdin)

    def schedule(self) -> str:
        """Apply the Pod, advance until the scheduler has acted, show its decision."""
        text = self.form.manifest()
        stdout, error = self._kubectl("apply -f -", stdin=text)
        shown = [stdout]
        if not error:
            meta = (yaml.safe_load(text) or {}).get("metadata") or {}
            name, namespace = meta.get("name", ""), meta.get("namespace") or "default"
            self.cluster.run_until(lambda: _scheduler_acted(self.cluster, name, namespace),
                                   timeout=SCHEDULER_TIMEOUT, step=0.1)
            pod = self.cluster.get("pods", name, namespace=namespace)
            self.decision.view = SchedulingView(pod)
            self.decision.redraw()
            shown.append(_scheduling_events(self.cluster, name, namespace))
            self.form.next_name()
        self.output.value = terminal_html("kubectl apply -f -",
                                          "\n".join(s for s in shown if s), error)
        self.refresh()
        return error or stdout

    def add_node(self) -> str:
        taken = set(self._node_names())
        number = len(taken)
        while f"node-{number}" in taken:
            number += 1
        name = f"node-{number}"
        try:
            self.cluster.add_node(name)  # what `kubeadm join` on a new machine does
        except Exception as failure:  # a bug in the model: shown, not raised
            self.output.value = terminal_html(f"kubeadm join  # on {name}", "",
                                              f"error: {failure}")
            return str(failure)
        message, error = self._kubectl(f"get node {name}")
        self.output.value = terminal_html(f"kubectl get node {name}", message, error,
                                          hint=f"({name} joined: its kubelet registered it)")
        self.refresh()
        self.node_choice.value = name
        return error or message

    def node_command(self, verb: str, *args: str) -> str:
        command = " ".join((verb, "nodes" if verb == "taint" else "", self.node_choice.value or "")
                           + args).replace("  ", " ")
        stdout, error = self._kubectl(command)
        self.output.value = terminal_html("kubectl " + command, stdout, error)
        self.refresh()
        return error or stdout

    def taint(self) -> str:
        return self.node_command("taint", self.taint_spec.value.strip())

    def untaint(self) -> str:
        """Remove the taint named in the box: `key:Effect-` (or `key-` without effect)."""
        spec = self.taint_spec.value.strip()
        key, _, effect = spec.partition(":")
        return self.node_command("taint", key.split("=")[0] + (f":{effect}" if effect else "")
                                 + "-")

    def refresh(self) -> None:
        """Catch up with the cluster: redraw the nodes, list the nodes, show the time."""
        self.clock.refresh()
        current = self.node_choice.value
        self.node_choice.options = self._node_names()
        if current in self.node_choice.options:
            self.node_choice.value = current

    def shown_pane(self) -> ViewPane:
        """The decision once the scheduler has made one, else the nodes' resources."""
        return self.decision if self.decision.view.decision.nodes else self.nodes

    def __repr__(self) -> str:
        return (f"SchedulingLab at {self.clock.time_label.value}\n"
                f"{self.nodes.view.description()}\n{self.decision.view.description()}")
