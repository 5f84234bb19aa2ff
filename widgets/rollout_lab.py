"""The rolling-update lab: roll a Deployment out, stall it, pause it, undo it.

Every button is the kubectl command a learner would type. **Rollout** is
`kubectl apply -f -` of the Deployment the controls describe (replicas, strategy,
maxSurge, maxUnavailable, minReadySeconds, image), so changing the image starts a
rollout, changing replicas mid-rollout scales proportionally, and a bad value gets the
API server's own validation error. **Pause**, **Resume** and **Undo** are
`kubectl rollout pause|resume|undo deployment/web`. The Deployment controller
(k8s_model/controllers/deployment/) does the rest; the lab only watches.

The images include two mistakes to recover from: `nginx:1.99` does not exist (its Pods
stay in ErrImagePull / ImagePullBackOff) and `redis:7` starts but never answers the HTTP
readiness probe on port 80. Either way the new Pods never become available, so the
rollout stops where maxUnavailable lets it — old Pods keep serving — and
`kubectl rollout undo` brings the previous template back as the newest revision.

    lab = RolloutLab(Cluster(nodes=3))       # Deployment web: 4 × nginx:1.27
    lab.image.value = "nginx:1.28"; lab.rollout_button.click(); lab.clock.step(30)
    print(lab.timeline.view.description())
"""

from __future__ import annotations

import html

import ipywidgets as w

from k8s_model.controllers.deployment.util import max_surge, max_unavailable
from k8s_model.examples import deployment

from .controls.clock import ClockControls
from .controls.terminal import terminal_html
from .labs import CLUSTER_RESOURCES, ClusterView, Lab, ViewPane, run_kubectl
from .observer import ClusterObserver
from .views.portrayal import NOT_READY_EDGE, PHASE_COLORS, condition, natural_key
from .views.rollout_timeline import (AVAILABLE, CEILING, FLOOR, TOTAL, ReplicaSetSeries,
                                     RolloutTimelineView, set_color)

# (label, image): two good updates, then the two mistakes.
IMAGES = (("nginx:1.27", "nginx:1.27"), ("nginx:1.28", "nginx:1.28"),
          ("nginx:1.29", "nginx:1.29"),
          ("nginx:1.99 (no such tag)", "nginx:1.99"),
          ("redis:7 (never Ready: nothing on port 80)", "redis:7"))
REVISION = "deployment.kubernetes.io/revision"
CHANGE_CAUSE = "kubernetes.io/change-cause"
HASH_LABEL = "pod-template-hash"
START_TIMEOUT = 60   # virtual seconds the lab lets pass for the first Pods to be available


def _ref_uid(obj: dict) -> str | None:
    """The uid of the object's controller (its controller ownerReference)."""
    for ref in obj["metadata"].get("ownerReferences") or []:
        if ref.get("controller"):
            return ref.get("uid")
    return None


def _images(template: dict) -> str:
    return ",".join(c.get("image", "") for c in
                    ((template.get("spec") or {}).get("containers") or []))


class RolloutHistory:
    """What the lab has seen of one Deployment, sampled at every watch event: the totals
    and bounds of the top panel, each ReplicaSet's counts, the colour of each."""

    def __init__(self, name: str, namespace: str) -> None:
        self.name, self.namespace = name, namespace
        self.totals: dict[str, list] = {TOTAL: [], AVAILABLE: [], CEILING: [], FLOOR: []}
        self.sets: dict[str, ReplicaSetSeries] = {}

    @staticmethod
    def _add(points: list, now: float, value) -> None:
        if not points or points[-1][1] != value:
            points.append((now, value))

    def record(self, now: float, d: dict | None, sets: list[dict]) -> None:
        if d is None:
            return
        spec = d.get("spec") or {}
        wanted = spec.get("replicas", 1)
        self._add(self.totals[TOTAL], now, sum((rs["spec"].get("replicas") or 0) for rs in sets))
        self._add(self.totals[AVAILABLE], now,
                  sum((rs.get("status") or {}).get("availableReplicas", 0) for rs in sets))
        self._add(self.totals[CEILING], now, wanted + max_surge(d))
        self._add(self.totals[FLOOR], now, wanted - max_unavailable(d))
        for rs in sets:
            name = rs["metadata"]["name"]
            series = self.sets.get(name)
            if series is None:
                series = self.sets[name] = ReplicaSetSeries("", set_color(len(self.sets)))
            revision = (rs["metadata"].get("annotations") or {}).get(REVISION, "?")
            series.label = (f"rev {revision}: {rs['metadata']['labels'].get(HASH_LABEL, name)} "
                            f"{_images(rs['spec'].get('template') or {})}")
            status = rs.get("status") or {}
            self._add(series.desired, now, rs["spec"].get("replicas") or 0)
            self._add(series.ready, now, status.get("readyReplicas", 0))
            self._add(series.available, now, status.get("availableReplicas", 0))

    def color_of_hash(self, template_hash: str) -> str | None:
        series = self.sets.get(f"{self.name}-{template_hash}")
        return series.color if series else None


class RolloutLab(Lab):
    """Controls for the Deployment's spec and image; Rollout / Pause / Resume / Undo; a
    terminal; `kubectl rollout status`; the rollout timeline; the revision history; the
    cluster picture with Pods coloured by ReplicaSet."""

    def __init__(self, cluster, name: str = "web", namespace: str = "default",
                 replicas: int = 4, image: str = "nginx:1.27", max_surge: str = "25%",
                 max_unavailable: str = "25%", min_ready_seconds: int = 5,
                 step_seconds: float = 5, max_replicas: int = 10) -> None:
        self.cluster, self.name, self.namespace = cluster, name, namespace
        self.observer = ClusterObserver(cluster, CLUSTER_RESOURCES)
        self.clock = ClockControls(cluster, self.observer, step_seconds)
        self.history = RolloutHistory(name, namespace)
        self.marks: list[tuple[float, str]] = []
        self.observer.on_event(self._on_event)

        layout, narrow = w.Layout(width="215px"), {"description_width": "120px"}
        self.replicas = w.IntSlider(value=replicas, min=0, max=max(max_replicas, replicas),
                                    description="replicas", continuous_update=False,
                                    layout=w.Layout(width="290px"))
        self.strategy = w.Dropdown(options=("RollingUpdate", "Recreate"), value="RollingUpdate",
                                   description="strategy", layout=w.Layout(width="230px"))
        self.max_surge = w.Text(value=max_surge, description="maxSurge", layout=layout,
                                style=narrow)
        self.max_unavailable = w.Text(value=max_unavailable, description="maxUnavailable",
                                      layout=layout, style=narrow)
        self.min_ready = w.BoundedIntText(value=min_ready_seconds, min=0, max=600,
                                          description="minReadySeconds", layout=layout,
                                          style=narrow)
        self.image = w.Dropdown(options=IMAGES, value=image, description="image",
                                layout=w.Layout(width="360px"))
        self.strategy.observe(lambda _change: self._enable_knobs(), names="value")
        for widget, css in ((self.replicas, "replicas"), (self.strategy, "strategy"),
                            (self.max_surge, "max-surge"),
                            (self.max_unavailable, "max-unavailable"),
                            (self.min_ready, "min-ready"), (self.image, "image")):
            widget.add_class(f"k8s-{css}")
        buttons = {"rollout": ("Rollout", "play", self.rollout, "kubectl apply -f -"),
                   "pause": ("Pause", "pause", self.pause, "kubectl rollout pause"),
                   "resume": ("Resume", "forward", self.resume, "kubectl rollout resume"),
                   "undo": ("Undo", "undo", self.undo, "kubectl rollout undo")}
        for key, (label, icon, action, tooltip) in buttons.items():
            button = w.Button(description=label, icon=icon, tooltip=tooltip,
                              layout=w.Layout(width="110px"))
            button.add_class(f"k8s-{key}")
            button.on_click(lambda _button, act=action: act())
            setattr(self, f"{key}_button", button)
        self.rollout_button.button_style = "primary"

        stdout, error = run_kubectl(cluster, "apply -f -" + self._flag(), self.manifest())
        self.output = w.HTML(value=terminal_html("kubectl apply -f -" + self._flag(),
                                                 stdout, error))
        self.output.add_class("k8s-rollout-output")
        if not error:
            cluster.run_until(self._available, timeout=START_TIMEOUT, step=0.5)
        self._record()
        self.status = w.HTML()
        self.status.add_class("k8s-rollout-status")
        self.revisions = w.HTML()
        self.revisions.add_class("k8s-revisions")
        self.timeline = ViewPane(self._timeline_view(), css="k8s-rollout-timeline")
        self.view = ClusterView(cluster, self.observer, pod_style=self.pod_style,
                                namespace=namespace)
        self._enable_knobs()
        spec_row = w.HBox([self.replicas, self.strategy, self.image],
                          layout=w.Layout(flex_flow="row wrap"))
        knob_row = w.HBox([self.max_surge, self.max_unavailable, self.min_ready],
                          layout=w.Layout(flex_flow="row wrap"))
        button_row = w.HBox([self.rollout_button, self.pause_button, self.resume_button,
                             self.undo_button])
        super().__init__([self.clock, spec_row, knob_row, button_row, self.output, self.status,
                          self.timeline, self.revisions, self.view])
        self.add_class("k8s-lab")
        self.add_class("k8s-rollout-lab")
        self.clock.on_step(self._update_text)
        self.refresh()

    # -- reading (the observer's watch-fed cache) -------------------------------------------
    def deployment(self) -> dict | None:
        for d in self.observer.list("deployments", self.namespace):
            if d["metadata"]["name"] == self.name:
                return d
        return None

    def replica_sets(self) -> list[dict]:
        """The Deployment's ReplicaSets (those it controls), oldest revision first."""
        d = self.deployment()
        if d is None:
            return []
        uid = d["metadata"]["uid"]
        sets = [rs for rs in self.observer.list("replicasets", self.namespace)
                if _ref_uid(rs) == uid]
        return sorted(sets, key=lambda rs: (int((rs["metadata"].get("annotations") or {})
                                                .get(REVISION, "0") or 0),
                                            natural_key(rs["metadata"]["name"])))

    def _available(self) -> bool:
        d = self.deployment()
        status = (d or {}).get("status") or {}
        return d is not None and status.get("availableReplicas", 0) == d["spec"].get("replicas")

    def _on_event(self, event) -> None:
        if event.resource.plural in ("deployments", "replicasets"):
            self._record()

    def _record(self) -> None:
        self.history.record(self.cluster.now, self.deployment(), self.replica_sets())

    def pod_style(self, pod: dict) -> dict:
        """Colour by ReplicaSet (its pod-template-hash); the usual rims and crosses."""
        template_hash = (pod["metadata"].get("labels") or {}).get(HASH_LABEL, "")
        color = self.history.color_of_hash(template_hash) or PHASE_COLORS["Unknown"]
        phase = (pod.get("status") or {}).get("phase")
        not_ready = phase != "Running" or condition(pod, "Ready") != "True"
        rs = f"{self.name}-{template_hash}" if template_hash else "no ReplicaSet"
        series = self.history.sets.get(rs)
        return {"color": color, "marker": "X" if pod["metadata"].get("deletionTimestamp") else "o",
                "edgecolor": NOT_READY_EDGE if not_ready else "#333333",
                "legend": series.label if series else rs}

    # -- acting through kubectl -------------------------------------------------------------
    def _flag(self) -> str:
        return f" -n {self.namespace}" if self.namespace != "default" else ""

    def manifest(self) -> str:
        """The Deployment the controls describe, as `kubectl apply -f -` receives it."""
        return deployment(self.name, self.replicas.value, self.image.value,
                          strategy=self.strategy.value, max_surge=self.max_surge.value,
                          max_unavailable=self.max_unavailable.value,
                          min_ready_seconds=self.min_ready.value, readiness_port=80)

    def _run(self, command: str, mark: str, stdin: str | None = None) -> str:
        """Run one kubectl command; show it, its output or error, then the ReplicaSets."""
        command += self._flag()
        stdout, error = run_kubectl(self.cluster, command, stdin)
        if not error:
            self.marks.append((self.cluster.now, mark))
        get = f"get rs -l app={self.name}{self._flag()}"
        get_out, get_error = run_kubectl(self.cluster, get)
        self.output.value = (terminal_html("kubectl " + command, stdout, error)
                             + terminal_html("kubectl " + get, get_out, get_error))
        self.refresh()
        return error or stdout

    def rollout(self) -> str:
        """`kubectl apply -f -` of the controls' Deployment: a new image is a rollout."""
        return self._run("apply -f -", f"apply {self.image.value}", self.manifest())

    def pause(self) -> str:
        return self._run(f"rollout pause deployment/{self.name}", "pause")

    def resume(self) -> str:
        return self._run(f"rollout resume deployment/{self.name}", "resume")

    def undo(self) -> str:
        """`kubectl rollout undo`: the previous revision's template comes back (as the
        newest revision); the controls follow the live spec."""
        result = self._run(f"rollout undo deployment/{self.name}", "undo")
        self._follow_live_spec()
        return result

    def _follow_live_spec(self) -> None:
        d = self.deployment()
        if d is None:
            return
        live = _images(d["spec"]["template"])
        if live not in [value for _, value in self.image.options]:
            self.image.options = tuple(self.image.options) + ((live, live),)
        self.image.value = live

    def _enable_knobs(self) -> None:
        rolling = self.strategy.value == "RollingUpdate"
        self.max_surge.disabled = self.max_unavailable.disabled = not rolling

    # -- redrawing ----------------------------------------------------------------------------
    def _timeline_view(self) -> RolloutTimelineView:
        return RolloutTimelineView(self.history.totals, self.history.sets,
                                   title=f"Deployment {self.name}: pods and the rollout's bounds",
                                   until=self.cluster.now, marks=self.marks)

    def _update_text(self) -> None:
        """The status line, the revision table, and the timeline up to now."""
        command = f"rollout status deployment/{self.name} --watch=false{self._flag()}"
        stdout, error = run_kubectl(self.cluster, command)
        self.status.value = terminal_html("kubectl " + command, stdout, error)
        self.revisions.value = self.revision_table()
        self.timeline.view = self._timeline_view()
        self.timeline.redraw()

    def refresh(self) -> None:
        """Catch up with the cluster: the time, the pictures, the status and history."""
        self.clock.refresh()
        self._update_text()

    def revision_table(self) -> str:
        """The ReplicaSets as revisions, oldest first (as `kubectl rollout history`
        lists them), with what `kubectl get rs` counts for each."""
        d = self.deployment()
        current = ((d or {}).get("metadata", {}).get("annotations") or {}).get(REVISION)
        head = ("REVISION", "REPLICASET", "IMAGES", "DESIRED", "READY", "AVAILABLE",
                "CHANGE-CAUSE")
        rows = []
        for rs in self.replica_sets():
            annotations = rs["metadata"].get("annotations") or {}
            status = rs.get("status") or {}
            revision = annotations.get(REVISION, "")
            cells = (revision + (" (current)" if revision == current else ""),
                     rs["metadata"]["name"], _images(rs["spec"].get("template") or {}),
                     str(rs["spec"].get("replicas", 0)), str(status.get("readyReplicas", 0)),
                     str(status.get("availableReplicas", 0)),
                     annotations.get(CHANGE_CAUSE, "<none>"))
            color = self.history.sets[rs["metadata"]["name"]].color \
                if rs["metadata"]["name"] in self.history.sets else "#999999"
            rows.append(f'<tr><td style="border-left:6px solid {color}">'
                        + "</td><td>".join(html.escape(c) for c in cells) + "</td></tr>")
        header = "".join(f"<th>{h}</th>" for h in head)
        return ('<table class="k8s-revision-table" style="font-family:monospace;'
                'font-size:12px;border-collapse:collapse" cellpadding="3">'
                f"<tr>{header}</tr>{''.join(rows)}</table>")

    def shown_pane(self) -> ViewPane:
        return self.timeline

    def description(self) -> str:
        d = self.deployment()
        if d is None:
            return f"Deployment {self.namespace}/{self.name}: not found"
        status = d.get("status") or {}
        revision = (d["metadata"].get("annotations") or {}).get(REVISION, "?")
        sets = ", ".join(f"{rs['metadata']['name']}={rs['spec'].get('replicas', 0)}"
                         for rs in self.replica_sets())
        paused = ", paused" if d["spec"].get("paused") else ""
        return (f"Deployment {self.namespace}/{self.name} revision {revision}{paused}: "
                f"{status.get('updatedReplicas', 0)} updated, "
                f"{status.get('availableReplicas', 0)} available of "
                f"{d['spec'].get('replicas')}; ReplicaSets {sets}")

    def __repr__(self) -> str:
        return (f"RolloutLab at {self.clock.time_label.value}\n{self.description()}\n"
                f"{self.timeline.view.description()}")
