"""Composed labs: views in ipywidgets Outputs, redrawn off one ClusterObserver.

A `ViewPane` is a VBox around an `Output` holding its view's PNG. It draws once on
creation, so an executed notebook shows the picture as static HTML (the Output's
assigned outputs are saved in the widget state, and the PNG is also offered in the
display bundle for renderers without widgets). After that it redraws when the observer
says a resource it draws has changed — at most once per control action.

    lab = ClusterLab(Cluster(nodes=3))     # clock controls + the cluster picture
    lab.clock.step_button.click()          # 10 s later; the picture redraws if needed
"""

from __future__ import annotations

import base64

import ipywidgets as w

from .controls.clock import ClockControls
from .controls.manifest_editor import ManifestEditor
from .observer import ClusterObserver
from .views.cluster_graph import OWNER_RESOURCES, ClusterGraphView
from .views.sequence import SequenceDiagramView
from .views.timeline import TimelineView

CLUSTER_RESOURCES = ("nodes", "pods") + OWNER_RESOURCES


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


class ClusterLab(w.VBox):
    """Clock controls over the cluster picture (and, with `editor=True`, a manifest
    editor), all hanging off one ClusterObserver."""

    def __init__(self, cluster, pod_style=None, step_seconds: float = 10,
                 editor: bool = False, initial_yaml: str = "") -> None:
        self.cluster = cluster
        self.observer = ClusterObserver(cluster, CLUSTER_RESOURCES)
        self.clock = ClockControls(cluster, self.observer, step_seconds)
        self.view = ClusterView(cluster, self.observer, pod_style)
        self.editor = ManifestEditor(cluster, initial_yaml, self.observer) if editor else None
        children = [self.clock] + ([self.editor] if self.editor else []) + [self.view]
        super().__init__(children)
        self.add_class("k8s-lab")
        self.add_class("k8s-cluster-lab")

    def refresh(self) -> None:
        """Catch up after a notebook cell acted on the cluster directly."""
        self.clock.refresh()

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["image/png"] = base64.b64encode(self.view.png).decode("ascii")
        return bundle

    def __repr__(self) -> str:
        return f"ClusterLab at {self.clock.time_label.value}: {self.view.view.description()}"
