"""The failover lab: stop a node, and watch the control plane notice and move its Pods.

A **Fail** button per worker calls `cluster.fail_node(name)`: the node's kubelet loses
the API server (a crash or a network partition look the same from the control plane), so
its Lease stops being renewed. Nothing else is scripted: the node lifecycle controller
marks the node NotReady after its grace period and taints it; the taint-eviction-controller
deletes the Pods 300 s later (their default tolerationSeconds); the ReplicaSet controller
replaces them on the nodes left. **Recover** (`cluster.recover_node`) brings the kubelet
back: the taints go, and the Pods deleted meanwhile are finally removed.

The timeline (FailoverTimelineView) draws what a watch saw, with the moments numbered;
the cluster picture shows the nodes, their taints and the Pods (X: Terminating); the
terminal shows `kubectl get nodes` after each click and step.

    lab = FailoverLab(Cluster(nodes=3))   # a 6-replica nginx ReplicaSet "web"
    lab.buttons["node-2"].click()         # Fail node-2
    lab.run_button.click()                # 400 s later: evicted and replaced
    print(lab.timeline.view.description())
"""

from __future__ import annotations

import ipywidgets as w

from k8s_model import load_manifests
from k8s_model.examples import replica_set
from k8s_model.api.duration import human_duration
from k8s_model.kubectl.manifests import ManifestError

from .controls.clock import ClockControls
from .controls.terminal import terminal_html
from .labs import CLUSTER_RESOURCES, ClusterView, Lab, ViewPane, run_kubectl
from .observer import ClusterObserver
from .views.failover_timeline import FailoverHistory, FailoverTimelineView
from .views.portrayal import natural_key, node_roles

FAILOVER_LAB_MANIFEST = replica_set("web", 6)
STEP_CHOICES = (5, 10, 30, 60)   # seconds per Step click
RUN_SECONDS = 400                # past the 50 s grace period and the 300 s toleration
START_TIMEOUT = 60               # virtual seconds the lab lets pass for its Pods to be Ready
SAMPLED = ("nodes", "pods", "replicasets")


def _replicaset_name(manifest: str) -> tuple[str, str, str]:
    """(name, namespace, error) of the first ReplicaSet in `manifest`."""
    try:
        objects = load_manifests(manifest)
    except ManifestError as error:
        return "", "", f"error: {error}"
    for obj in objects:
        if obj.get("kind") == "ReplicaSet":
            meta = obj.get("metadata") or {}
            return str(meta.get("name") or ""), meta.get("namespace") or "default", ""
    return "", "", "error: the failover lab follows a ReplicaSet; this manifest holds none"


class FailoverTimeline(ViewPane):
    """The FailoverTimelineView of a history, redrawn to the cluster's current time."""

    def __init__(self, cluster, history: FailoverHistory) -> None:
        self.cluster, self.history = cluster, history
        super().__init__(FailoverTimelineView(history, cluster.now), css="k8s-failover-timeline")

    def redraw(self) -> None:
        self.view = FailoverTimelineView(self.history, self.cluster.now)
        super().redraw()


class FailoverLab(Lab):
    """Clock controls (a step-size choice and Run 400 s), a Fail/Recover button per worker
    node, a terminal, the failover timeline and the cluster picture.

    `manifest` is applied and given time to start (default FAILOVER_LAB_MANIFEST, a
    6-replica ReplicaSet); the timeline follows its first ReplicaSet. Or pass
    `manifest=None, replicaset=…` to follow one that exists."""

    def __init__(self, cluster, manifest: str | None = FAILOVER_LAB_MANIFEST,
                 replicaset: str | None = None, namespace: str = "default",
                 step_seconds: float = 10) -> None:
        self.cluster = cluster
        self.observer = ClusterObserver(cluster, CLUSTER_RESOURCES)
        self.clock = ClockControls(cluster, self.observer, step_seconds)
        error, stdout = "", ""
        if manifest:
            replicaset, namespace, error = _replicaset_name(manifest)
            if not error:
                stdout, error = run_kubectl(cluster, "apply -f -", manifest)
            if not error:
                cluster.run_until(self._settled(replicaset, namespace), timeout=START_TIMEOUT,
                                  step=0.5)
        self.replicaset, self.namespace = replicaset or "", namespace
        self.workers = [n["metadata"]["name"] for n in
                        sorted(self.observer.list("nodes"),
                               key=lambda n: natural_key(n["metadata"]["name"]))
                        if "control-plane" not in node_roles(n)]
        self.failed: set[str] = set()
        self.history = FailoverHistory(self.workers, self.replicaset, namespace, cluster.now)
        self._sample()
        self.observer.on_event(self._on_event)
        self.timeline = FailoverTimeline(cluster, self.history)
        self.view = ClusterView(cluster, self.observer, namespace=namespace)
        self.step_choice = w.Dropdown(options=[(f"{s} s", s) for s in STEP_CHOICES],
                                      value=step_seconds if step_seconds in STEP_CHOICES else None,
                                      description="step", layout=w.Layout(width="140px"),
                                      style={"description_width": "35px"})
        self.step_choice.add_class("k8s-step-choice")
        self.step_choice.observe(lambda change: self.set_step(change["new"]), names="value")
        self.run_button = w.Button(description=f"Run {RUN_SECONDS} s", icon="fast-forward",
                                   tooltip=f"advance the virtual clock by {RUN_SECONDS} s")
        self.run_button.add_class("k8s-run")
        self.run_button.on_click(lambda _button: self.clock.step(RUN_SECONDS))
        self.buttons: dict[str, w.Button] = {}
        for name in self.workers:
            button = w.Button(layout=w.Layout(width="150px"))
            button.add_class("k8s-node-toggle")
            button.add_class(f"k8s-toggle-{name}")
            button.on_click(lambda _button, node=name: self.toggle(node))
            self.buttons[name] = button
            self._show_button(name)
        self.output = w.HTML(value=terminal_html("kubectl apply -f -", stdout, error)
                             if manifest else "")
        self.output.add_class("k8s-failover-output")
        controls = w.HBox([self.step_choice, self.run_button] + list(self.buttons.values()),
                          layout=w.Layout(flex_flow="row wrap"))
        super().__init__([self.clock, controls, self.output, self.timeline, self.view])
        self.add_class("k8s-lab")
        self.add_class("k8s-failover-lab")
        self.clock.refresh()
        if not error:
            self._show_nodes(self.output.value)
        # after each clock step, whoever asked for it (Step, Play, Run, clock.step(…))
        self.clock.time_label.observe(lambda _change: self._after_step(), names="value")

    # -- observing --------------------------------------------------------------------------
    def _settled(self, name: str, namespace: str):
        def settled() -> bool:
            rs = next((r for r in self.observer.list("replicasets", namespace)
                       if r["metadata"]["name"] == name), None)
            return rs is not None and (rs.get("status") or {}).get("readyReplicas", 0) == \
                (rs.get("spec") or {}).get("replicas", 1)
        return settled

    def replicaset_object(self) -> dict | None:
        return next((r for r in self.observer.list("replicasets", self.namespace)
                     if r["metadata"]["name"] == self.replicaset), None)

    def _sample(self) -> None:
        self.history.record(self.cluster.now, self.observer.list("nodes"),
                            self.observer.list("pods", self.namespace), self.replicaset_object())

    def _on_event(self, event) -> None:
        plural = event.resource.plural
        now = self.cluster.now
        if plural == "events":
            node_of = {p["metadata"]["name"]: p["spec"].get("nodeName", "")
                       for p in self.observer.list("pods", self.namespace)}
            self.history.record_event(now, event.object, node_of)
        elif plural in SAMPLED:
            if plural == "pods" and event.type == "DELETED":
                self.history.record_pod_removed(now, event.object)
            self._sample()

    # -- acting -----------------------------------------------------------------------------
    def set_step(self, seconds: float | None) -> None:
        if not seconds:
            return
        self.clock.step_seconds = seconds
        self.clock.step_button.description = f"Step {human_duration(seconds)}"
        self.clock.step_button.tooltip = f"advance the virtual clock by {seconds:g} s"

    def toggle(self, node: str) -> str:
        """Fail the node if it is up, recover it if the lab failed it."""
        return self.recover(node) if node in self.failed else self.fail(node)

    def fail(self, node: str) -> str:
        return self._act(node, "Fail", f'c.fail_node("{node}")', self.cluster.fail_node)

    def recover(self, node: str) -> str:
        return self._act(node, "Recover", f'c.recover_node("{node}")', self.cluster.recover_node)

    def _act(self, node: str, action: str, call: str, method) -> str:
        try:
            method(node)
            error = ""
        except ValueError as failure:
            error = f"error: {failure}"
        except Exception as failure:  # a bug in the model: shown, not raised
            error = f"error: the simulated cluster failed: {type(failure).__name__}: {failure}"
        if not error:
            (self.failed.add if action == "Fail" else self.failed.discard)(node)
            self.history.record_action(self.cluster.now, node, action)
            self._show_button(node)
        self._show_nodes(terminal_html(call, "", error))
        self.refresh()
        return error

    # -- redrawing --------------------------------------------------------------------------
    def _show_button(self, node: str) -> None:
        button, down = self.buttons[node], node in self.failed
        button.description = f"Recover {node}" if down else f"Fail {node}"
        button.icon = "plug" if down else "power-off"
        button.button_style = "success" if down else "danger"
        button.tooltip = f'c.recover_node("{node}")' if down else f'c.fail_node("{node}")'

    def _show_nodes(self, before: str = "") -> None:
        stdout, error = run_kubectl(self.cluster, "get nodes")
        self.output.value = before + terminal_html("kubectl get nodes", stdout, error)

    def _after_step(self) -> None:
        self._show_nodes()
        self._extend()

    def refresh(self) -> None:
        """Catch up with the cluster (after a notebook cell acted on it): the time, the
        cluster picture, the timeline."""
        self.clock.refresh()
        self._extend()

    def _extend(self) -> None:
        """Time passing lengthens the timeline even when nothing was written: redraw to now."""
        view = self.timeline.view
        if view.until < self.cluster.now or view.drawn_moments != len(self.history.moments):
            self.timeline.redraw()

    def shown_pane(self) -> ViewPane:
        """The static picture: the timeline once something happened, else the cluster."""
        return self.timeline if self.history.moments else self.view

    def description(self) -> str:
        down = ", ".join(sorted(self.failed, key=natural_key)) or "none"
        return f"failed by the lab: {down}\n{self.timeline.view.description()}"

    def __repr__(self) -> str:
        return f"FailoverLab at {self.clock.time_label.value}\n{self.description()}"
