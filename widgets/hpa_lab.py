"""The HPA lab: the docs' HorizontalPodAutoscaler walkthrough, with a load dial.

https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale-walkthrough/
runs php-apache (requests.cpu 200m, limits.cpu 500m) behind a Service, creates

    kubectl autoscale deployment php-apache --cpu=50% --min=1 --max=10

and starts a busybox `wget` loop against it. The lab does the same through the public
contract (`apply`, `kubectl`, `advance`), with the loop as a steady request rate from
node-1 to the Service's ClusterIP (metrics.LoadGenerator) that the load buttons set:
off, low (25 req/s: 2 replicas), the walkthrough's 100 req/s (7) or high (200 req/s:
13 wanted, clamped at maxReplicas 10). The clock's Step is one HPA sync (15 s), and
+1 min and +5 min jump ahead; the timeline (HPATimelineView) shows load, CPU against
the target and the replicas, and the terminal what `kubectl get hpa` prints.

    lab = HPALab(Cluster(nodes=2), script=[(0, 100), (240, 0)])   # up, then down
    print(lab.timeline.view.description())

A `script` of `(seconds after the HPA was created, req/s)` is played on creation, then
`settle` seconds more (default 420: the 300 s stabilization window, a few syncs and the
Pods' 30 s of graceful termination), so a stored notebook shows the whole story.
"""

from __future__ import annotations

import ipywidgets as w

from k8s_model.examples import php_apache
from k8s_model.metrics import LoadGenerator

from .controls.clock import ClockControls
from .controls.terminal import terminal_html
from .labs import Lab, ViewPane, run_kubectl
from .observer import ClusterObserver
from .views.hpa_timeline import HPAHistory, HPATimelineView

NAME = "php-apache"
AUTOSCALE = f"autoscale deployment {NAME} --cpu=50% --min=1 --max=10"
LOADS = (("off", 0), ("low · 25 req/s", 25), ("walkthrough · 100 req/s", 100),
         ("high · 200 req/s", 200))
SYNC = 15             # the clock's Step: one HPA sync period
TIME_STEPS = (("+1 min", 60), ("+5 min", 300))
START_TIMEOUT = 120   # virtual seconds for php-apache's first Pod to be Ready
SETTLE = 420


class HPATimeline(ViewPane):
    """One HPA and its Deployment over time, sampled from the watch from its creation."""

    def __init__(self, cluster, name: str = NAME, namespace: str = "default",
                 observer: ClusterObserver | None = None) -> None:
        self.cluster = cluster
        self.history = HPAHistory(name, namespace, start=cluster.now)
        observer = observer or ClusterObserver(cluster, ("horizontalpodautoscalers",
                                                         "deployments"))
        for hpa in observer.list("horizontalpodautoscalers", namespace):
            if hpa["metadata"]["name"] == name:
                self.history.record_hpa(cluster.now, hpa)
        for deployment in observer.list("deployments", namespace):   # the HPA's namesake
            if deployment["metadata"]["name"] == name:
                self.history.record_deployment(cluster.now, deployment)
        observer.on_event(self._on_event)
        super().__init__(HPATimelineView(self.history, cluster.now), observer,
                         ("horizontalpodautoscalers", "deployments"), "k8s-hpa-timeline")

    def _on_event(self, event) -> None:
        obj, h = event.object, self.history
        meta = obj["metadata"]
        if event.type == "DELETED" or meta.get("namespace") != h.namespace:
            return
        kind = obj.get("kind")
        if kind == "HorizontalPodAutoscaler" and meta["name"] == h.name:
            h.record_hpa(self.cluster.now, obj)
        elif kind == "Deployment" and meta["name"] == h.name:
            h.record_deployment(self.cluster.now, obj)

    def redraw(self) -> None:
        self.view = HPATimelineView(self.history, self.cluster.now)
        super().redraw()


class HPALab(Lab):
    """Load buttons, time buttons, `kubectl get hpa` and the HPA timeline."""

    def __init__(self, cluster, script: list[tuple[float, int]] | None = None,
                 settle: float = SETTLE, cpu_limit: str = "500m") -> None:
        self.cluster = cluster
        self.observer = ClusterObserver(cluster, ("horizontalpodautoscalers", "deployments"))
        self.clock = ClockControls(cluster, self.observer, step_seconds=SYNC)
        shown = ""
        stdout, error = run_kubectl(cluster, "apply -f -", php_apache(cpu_limit))
        shown += terminal_html("kubectl apply -f php-apache.yaml", stdout, error)
        if not error:
            cluster.run_until(self._available, timeout=START_TIMEOUT, step=1)
            stdout, error = run_kubectl(cluster, AUTOSCALE)
            shown += terminal_html("kubectl " + AUTOSCALE, stdout, error)
        self.timeline = HPATimeline(cluster, observer=self.observer)
        self.generator = LoadGenerator(cluster, self._service_url(), rps=0,
                                       client=self._client_node())
        self.timeline.history.record_load(cluster.now, 0)
        self.load_choice = w.ToggleButtons(options=LOADS, value=0, description="load",
                                           style={"description_width": "40px",
                                                  "button_width": "170px"})
        self.load_choice.add_class("k8s-hpa-load")
        self.load_choice.observe(lambda change: change["new"] == self.generator.rps or
                                 self.set_load(change["new"]), names="value")
        buttons = []
        for label, seconds in TIME_STEPS:
            button = w.Button(description=label, icon="forward", layout=w.Layout(width="90px"),
                              tooltip=f"advance the virtual clock by {seconds} s")
            button.add_class(f"k8s-advance-{seconds}")
            button.on_click(lambda _button, s=seconds: self.advance(s))
            buttons.append(button)
        self.advance_buttons = {SYNC: self.clock.step_button,
                                **dict(zip((s for _, s in TIME_STEPS), buttons))}
        self.output = w.HTML(value=shown)
        self.output.add_class("k8s-hpa-output")
        self.clock.on_step(self._show_hpa)
        super().__init__([w.HBox([self.clock] + buttons), self.load_choice, self.output,
                          self.timeline])
        self.add_class("k8s-lab")
        self.add_class("k8s-hpa-lab")
        if script:
            self.play(script, settle)
        self._show_hpa(prefix=shown)

    # -- acting through the public contract ---------------------------------------------------
    def _available(self) -> bool:
        deployment = self.cluster.list("deployments", "default")
        return any(d["metadata"]["name"] == NAME and
                   (d.get("status") or {}).get("readyReplicas", 0) >= 1 for d in deployment)

    def _service_url(self) -> str:
        service = [s for s in self.cluster.list("services", "default")
                   if s["metadata"]["name"] == NAME]
        return f"http://{service[0]['spec']['clusterIP']}" if service else f"http://{NAME}"

    def _client_node(self) -> str | None:
        """The first worker (the walkthrough's load-generator Pod would run on one)."""
        nodes = [n["metadata"]["name"] for n in self.cluster.list("nodes")
                 if "node-role.kubernetes.io/control-plane" not in
                 (n["metadata"].get("labels") or {})]
        return nodes[0] if nodes else None

    def set_load(self, rps: int) -> None:
        """Set the load generator's rate from now on (the buttons call this)."""
        self.generator.rps = int(rps)
        self.timeline.history.record_load(self.cluster.now, int(rps))
        if self.load_choice.value != rps and rps in (v for _, v in LOADS):
            self.load_choice.value = rps
        self.timeline.redraw()

    def advance(self, seconds: float) -> None:
        """Let `seconds` of virtual time pass (the time buttons call this)."""
        self.clock.step(seconds)

    def play(self, script: list[tuple[float, int]], settle: float = SETTLE) -> None:
        """Set the load to each `(t, rps)` at `t` seconds after the lab started; then let
        `settle` seconds pass."""
        start = self.timeline.history.start
        for t, rps in sorted(script):
            if start + t > self.cluster.now:
                self.cluster.advance(start + t - self.cluster.now)
            self.set_load(rps)
        self.clock.step(settle)

    def _show_hpa(self, prefix: str = "") -> None:
        command = f"get hpa {NAME}"
        stdout, error = run_kubectl(self.cluster, command)
        self.output.value = prefix + terminal_html("kubectl " + command, stdout, error)
        self._extend()

    def _extend(self) -> None:
        """Time passing changes the timeline even when nothing was written."""
        if self.timeline.view.until < self.cluster.now:
            self.timeline.redraw()

    def refresh(self) -> None:
        """Catch up after a notebook cell acted on the cluster directly."""
        self.clock.refresh()
        self._show_hpa()

    def shown_pane(self) -> ViewPane:
        return self.timeline

    def __repr__(self) -> str:
        return f"HPALab at {self.clock.time_label.value}\n{self.timeline.view.description()}"
