"""The ReplicaSet lab: disturb a ReplicaSet's Pods and watch its controller mend them.

Every button is one kubectl command, the one a learner would type: **Scale** is
`kubectl scale rs web --replicas=N` (a PATCH of the /scale subresource), **Delete a pod**
is `kubectl delete pod web-… --wait=false`, **Relabel a pod** is
`kubectl label pod web-… app=debug --overwrite`, which takes the Pod out of the selector:
the controller releases it (removes its ownerReference) and, one Pod short, creates
another. The ReplicaSet controller (k8s_model/controllers/replicaset.py) notices each change
through its watch and reconciles; the timeline plots what `kubectl get rs` shows as
DESIRED, CURRENT and READY over virtual time, with a dotted line at each action.

    lab = ReplicaSetLab(Cluster(nodes=3))     # a 3-replica nginx ReplicaSet "web"
    lab.delete_button.click(); lab.clock.step(10)
    lab.replicas.value = 5; lab.scale_button.click(); lab.clock.step(10)
    print(lab.timeline.view.description())
"""

from __future__ import annotations

import ipywidgets as w

from k8s_model.examples import replica_set

from .controls.clock import ClockControls
from .controls.terminal import terminal_html
from .labs import (CLUSTER_RESOURCES, ClusterView, Lab, Timeline, run_kubectl,
                   single_object)
from .observer import ClusterObserver

REPLICASET_LAB_MANIFEST = replica_set("web", 3)
START_TIMEOUT = 60   # virtual seconds the lab lets pass for the first Pods to be Ready
DEBUG_VALUE = "debug"
# desired: a wide pale band; current on it; ready dashed on top, so all three show when equal
SERIES_STYLES = {"desired": {"linewidth": 6, "alpha": 0.3},
                 "current": {"linewidth": 2.2},
                 "ready": {"linewidth": 1.4, "linestyle": "--"}}


def replica_counts(rs: dict | None) -> tuple[int, int, int]:
    """(DESIRED, CURRENT, READY) as `kubectl get rs` prints them; zeros for no ReplicaSet."""
    if rs is None:
        return 0, 0, 0
    status = rs.get("status") or {}
    return ((rs.get("spec") or {}).get("replicas", 1), status.get("replicas", 0),
            status.get("readyReplicas", 0))


def _value_not_in(values) -> str:
    """`debug`, else `debug-2`, `debug-3` …: the first that is not one of `values`."""
    candidate, n = DEBUG_VALUE, 1
    while candidate in values:
        n += 1
        candidate = f"{DEBUG_VALUE}-{n}"
    return candidate


def relabel_arguments(selector: dict | None) -> str:
    """`kubectl label` arguments that take a Pod out of `selector`: change a matchLabels
    value (app=web -> app=debug), or break the first matchExpression (In: another value;
    NotIn: one of its values; Exists: remove the key; DoesNotExist: add it)."""
    selector = selector or {}
    match_labels = sorted((selector.get("matchLabels") or {}).items())
    if match_labels:
        key, value = match_labels[0]
        return f"{key}={_value_not_in([value])} --overwrite"
    for expression in selector.get("matchExpressions") or []:
        key, operator = expression.get("key", ""), expression.get("operator")
        values = expression.get("values") or []
        if operator == "In":
            return f"{key}={_value_not_in(values)} --overwrite"
        if operator == "NotIn" and values:
            return f"{key}={values[0]} --overwrite"
        if operator == "Exists":
            return f"{key}-"
        if operator == "DoesNotExist":
            return f"{key}={DEBUG_VALUE}"
    return ""


class ReplicaSetLab(Lab):
    """Clock controls; a replicas slider with Scale, Delete a pod and Relabel a pod; a
    terminal showing each command and `kubectl get pods` after it; the replica counts
    over time; the cluster picture (the ReplicaSet's owner edges to its Pods).

    `manifest` (one ReplicaSet; default REPLICASET_LAB_MANIFEST) is applied and given
    time to start its Pods; or pass `manifest=None, name=…` to work on one that exists."""

    def __init__(self, cluster, manifest: str | None = REPLICASET_LAB_MANIFEST,
                 name: str | None = None, namespace: str = "default",
                 step_seconds: float = 5, max_replicas: int = 10) -> None:
        self.cluster = cluster
        self.observer = ClusterObserver(cluster, CLUSTER_RESOURCES)
        self.clock = ClockControls(cluster, self.observer, step_seconds)
        error = ""
        if manifest:
            name, namespace, error = single_object(manifest, "ReplicaSet", "ReplicaSet lab")
        self.name, self.namespace = name or "", namespace
        self.marks: list[tuple[float, str]] = []
        self.timeline = Timeline(
            observer=self.observer, marks=self.marks, ylabel="replicas", styles=SERIES_STYLES,
            title=f"ReplicaSet {self.name}: kubectl get rs over time",
            sample={"desired": lambda _o: replica_counts(self.replicaset())[0],
                    "current": lambda _o: replica_counts(self.replicaset())[1],
                    "ready": lambda _o: replica_counts(self.replicaset())[2]})
        command, stdout = "kubectl apply -f -", ""
        if manifest and not error:
            stdout, error = run_kubectl(cluster, "apply -f -", manifest)
            if not error:
                cluster.run_until(self._settled, timeout=START_TIMEOUT, step=0.5)
        if not error:
            command = self._get_command()
            stdout, error = run_kubectl(cluster, command.removeprefix("kubectl "))
        desired = replica_counts(self.replicaset())[0]
        self.replicas = w.IntSlider(value=desired, min=0, max=max(max_replicas, desired),
                                    description="replicas", continuous_update=False,
                                    layout=w.Layout(width="300px"))
        self.replicas.add_class("k8s-replicas")
        buttons = {"scale": ("Scale", "arrows-v", self.scale,
                             "kubectl scale rs … --replicas=N"),
                   "delete": ("Delete a pod", "trash", self.delete_pod,
                              "kubectl delete pod … --wait=false"),
                   "relabel": ("Relabel a pod", "tag", self.relabel_pod,
                               "kubectl label pod … (out of the selector)")}
        for key, (label, icon, action, tooltip) in buttons.items():
            button = w.Button(description=label, icon=icon, tooltip=tooltip,
                              layout=w.Layout(width="140px"))
            button.add_class(f"k8s-{key}")
            button.on_click(lambda _button, act=action: act())
            setattr(self, f"{key}_button", button)
        self.output = w.HTML(value=terminal_html(command, stdout, error))
        self.output.add_class("k8s-replicaset-output")
        self.view = ClusterView(cluster, self.observer, namespace=namespace)
        controls = w.HBox([self.replicas, self.scale_button, self.delete_button,
                           self.relabel_button], layout=w.Layout(flex_flow="row wrap"))
        super().__init__([self.clock, controls, self.output, self.timeline, self.view])
        self.add_class("k8s-lab")
        self.add_class("k8s-replicaset-lab")
        self.clock.step_button.on_click(lambda _button: self._extend())  # after the step
        self.clock.play.observe(lambda _change: self._extend(), names="value")
        self.refresh()

    # -- reading (the observer's watch-fed cache) -------------------------------------------
    def replicaset(self) -> dict | None:
        for rs in self.observer.list("replicasets", self.namespace):
            if rs["metadata"]["name"] == self.name:
                return rs
        return None

    def pods(self) -> list[dict]:
        """The ReplicaSet's Pods that are not being deleted, by name: those whose
        controller ownerReference names it."""
        rs = self.replicaset()
        if rs is None:
            return []
        uid = rs["metadata"]["uid"]
        return [p for p in self.observer.list("pods", self.namespace)
                if not p["metadata"].get("deletionTimestamp")
                and any(r.get("controller") and r.get("uid") == uid
                        for r in p["metadata"].get("ownerReferences") or [])]

    def _settled(self) -> bool:
        rs = self.replicaset()
        desired, _, ready = replica_counts(rs)
        return rs is not None and ready == desired

    # -- acting through kubectl -------------------------------------------------------------
    def _flag(self) -> str:
        return f" -n {self.namespace}" if self.namespace != "default" else ""

    def _get_command(self) -> str:
        rs = self.replicaset()
        key = next(iter((((rs or {}).get("spec") or {}).get("selector") or {})
                        .get("matchLabels") or {}), None)
        columns = f" -L {key}" if key else ""
        return f"kubectl get pods{columns}{self._flag()}"

    def _run(self, command: str, mark: str) -> str:
        """Run one kubectl command; show it, its output or error, then the Pods."""
        stdout, error = run_kubectl(self.cluster, command + self._flag())
        if not error:
            self.marks.append((self.cluster.now, mark))
        shown = terminal_html("kubectl " + command + self._flag(), stdout, error)
        get = self._get_command()
        get_out, get_error = run_kubectl(self.cluster, get.removeprefix("kubectl "))
        self.output.value = shown + terminal_html(get, get_out, get_error)
        self.refresh()
        return error or stdout

    def _refuse(self, command: str, message: str) -> str:
        self.output.value = terminal_html(command, "", message)
        return message

    def _no_pod(self, action: str) -> str:
        """Why there is no Pod to act on, in kubectl's words where kubectl has them."""
        if not self.name:
            return self._refuse("kubectl", "error: the lab has no ReplicaSet: its manifest "
                                "was refused")
        if self.replicaset() is None:
            command = f"get rs {self.name}{self._flag()}"
            _, error = run_kubectl(self.cluster, command)
            return self._refuse("kubectl " + command, error)
        return self._refuse("kubectl get pods", f"error: ReplicaSet {self.name!r} has no Pod "
                            f"to {action}: scale it up first")

    def scale(self, replicas: int | None = None) -> str:
        """`kubectl scale rs NAME --replicas=N` (N from the slider unless given)."""
        replicas = self.replicas.value if replicas is None else replicas
        return self._run(f"scale rs {self.name} --replicas={replicas}", f"scale to {replicas}")

    def delete_pod(self) -> str:
        """Delete the ReplicaSet's first Pod (by name), without waiting for it to go."""
        pods = self.pods()
        if not pods:
            return self._no_pod("delete")
        pod = pods[0]["metadata"]["name"]
        return self._run(f"delete pod {pod} --wait=false", f"delete {pod}")

    def relabel_pod(self) -> str:
        """Change the first Pod's labels so that the selector no longer matches it."""
        pods = self.pods()
        rs = self.replicaset() or {}
        arguments = relabel_arguments((rs.get("spec") or {}).get("selector"))
        if not pods or not arguments:
            return self._no_pod("relabel")
        pod = pods[0]["metadata"]["name"]
        return self._run(f"label pod {pod} {arguments}", f"relabel {pod}")

    # -- redrawing ----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Catch up with the cluster: the time, the slider, the pictures."""
        self.clock.refresh()
        desired = replica_counts(self.replicaset())[0]
        self.replicas.max = max(self.replicas.max, desired)
        self.replicas.value = desired
        self._extend()

    def _extend(self) -> None:
        """Redraw the timeline if it ends before now (time passing lengthens it even when
        nothing was written) or lacks the latest action's mark."""
        view = self.timeline.view
        if view.end_time() < self.cluster.now or len(view.marks) < len(self.marks):
            self.timeline.redraw()

    def shown_pane(self):
        return self.view

    def description(self) -> str:
        desired, current, ready = replica_counts(self.replicaset())
        return (f"ReplicaSet {self.namespace}/{self.name}: desired {desired}, current {current}, "
                f"ready {ready}; {len(self.pods())} Pods it owns")

    def __repr__(self) -> str:
        return (f"ReplicaSetLab at {self.clock.time_label.value}\n{self.description()}\n"
                f"{self.view.view.description()}")
