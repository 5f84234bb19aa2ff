"""The probe lab: break a running container and watch the kubelet cope.

Crash, Hang, Fail liveness, Fail readiness and Recover act on the Pod's running container
through `Cluster.break_container` — what a `k8s-model.io/script` step does on cue — and
the kubelet finds out as it would on a real node: an exit from the container runtime, a
hang or a failing check from its probes (pkg/kubelet/prober). The timeline shows what
`kubectl get pod` and `kubectl describe pod` show in snapshots: RESTARTS climbing, READY
dropping to 0/1, CrashLoopBackOff with its growing back-off (10 s, 20 s, 40 s … 300 s),
and each failed probe and kill.

    lab = ProbeLab(Cluster(nodes=1))         # nginx with liveness + readiness probes
    lab.hang_button.click(); lab.clock.step(60)
    print(lab.timeline.view.description())
"""

from __future__ import annotations

import ipywidgets as w

from k8s_model.api.errors import ApiError

from .controls.clock import ClockControls
from .controls.terminal import terminal_html
from .labs import Lab, ViewPane, run_kubectl, single_object
from .observer import ClusterObserver
from .views.probe_timeline import ProbeHistory, ProbeTimelineView


class ProbeTimeline(ViewPane):
    """One Pod's container over time (ProbeTimelineView), sampled from the watch from the
    moment it is created: make it before applying the Pod, advance, then `refresh()`."""

    def __init__(self, cluster, pod: str, container: str | None = None,
                 namespace: str = "default", observer: ClusterObserver | None = None) -> None:
        self.cluster = cluster
        self.history = ProbeHistory(pod, container, namespace)
        observer = observer or ClusterObserver(cluster, ("pods",))
        found = [p for p in observer.list("pods", namespace) if p["metadata"]["name"] == pod]
        self.history.record_pod(cluster.now, found[0] if found else None)
        observer.on_event(self._on_event)
        super().__init__(ProbeTimelineView(self.history, cluster.now), observer,
                         ("pods", "events"), "k8s-probe-timeline")

    def _on_event(self, event) -> None:
        obj, h = event.object, self.history
        if event.resource.plural == "events":
            h.record_event(self.cluster.now, obj)
        elif event.resource.plural == "pods" and event.type != "DELETED" \
                and (obj["metadata"]["name"], obj["metadata"].get("namespace")) == (h.pod,
                                                                                    h.namespace):
            h.record_pod(self.cluster.now, obj)

    def redraw(self) -> None:
        self.view = ProbeTimelineView(self.history, self.cluster.now)
        super().redraw()


PROBE_LAB_POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.29
    ports:
    - containerPort: 80
    livenessProbe:
      httpGet:
        path: /
        port: 80
      periodSeconds: 5
    readinessProbe:
      httpGet:
        path: /
        port: 80
      periodSeconds: 5
"""
# button -> (label, icon, script action, what the kubelet will make of it)
PROBE_ACTIONS = {
    "crash": ("Crash", "bomb", "crash",
              "the process exits with code 1: under restartPolicy Always the kubelet "
              "restarts it, at once the first time, later after the crash back-off"),
    "hang": ("Hang", "pause", "hang",
             "the process stops answering: httpGet, exec and gRPC probes time out, "
             "a tcpSocket probe still connects"),
    "fail_liveness": ("Fail liveness", "heartbeat", "fail-liveness",
                      "the liveness check fails: after failureThreshold failures in a row "
                      "the kubelet kills the container and starts it again"),
    "fail_readiness": ("Fail readiness", "ban", "fail-readiness",
                       "the readiness check fails: the Pod turns not Ready (and leaves its "
                       "Service's endpoints); nothing is restarted"),
    "recover": ("Recover", "medkit", "recover",
                "hang and failing checks mended; a restarted container starts healthy anyway"),
}
START_TIMEOUT = 60  # virtual seconds the lab lets pass for its Pod to start


class ProbeLab(Lab):
    """Clock controls, the five fault buttons, a terminal showing `kubectl get pod` after
    each, and the ProbeTimeline. `manifest` (one Pod; default PROBE_LAB_POD) is applied
    and given time to start and run one step; or pass `manifest=None, pod=…` to watch a
    Pod that exists."""

    def __init__(self, cluster, manifest: str | None = PROBE_LAB_POD, pod: str | None = None,
                 namespace: str = "default", step_seconds: float = 5) -> None:
        self.cluster = cluster
        self.observer = ClusterObserver(cluster, ("pods",))
        self.clock = ClockControls(cluster, self.observer, step_seconds)
        command, stdout, error = "kubectl apply -f -", "", ""
        if manifest:
            pod, namespace, error = single_object(manifest, "Pod", "probe lab")
        self.pod, self.namespace = pod or "", namespace
        self.timeline = ProbeTimeline(cluster, self.pod, namespace=namespace,
                                      observer=self.observer)
        if manifest and not error:
            stdout, error = run_kubectl(cluster, "apply -f -", manifest)
            if not error:   # let the Pod start, then run one step
                cluster.run_until(self._started, timeout=START_TIMEOUT, step=0.5)
                cluster.advance(step_seconds)
        if not error:
            command = self._get_command()
            stdout, error = run_kubectl(cluster, command.removeprefix("kubectl "))
        self.output = w.HTML(value=terminal_html(command, stdout, error))
        self.output.add_class("k8s-probe-output")
        buttons = []
        for key, (label, icon, action, _) in PROBE_ACTIONS.items():
            button = w.Button(description=label, icon=icon, layout=w.Layout(width="130px"),
                              tooltip=f'c.break_container("{self.pod}", "{action}")')
            button.add_class(f"k8s-{key.replace('_', '-')}")
            button.on_click(lambda _button, act=action: self.act(act))
            setattr(self, f"{key}_button", button)
            buttons.append(button)
        super().__init__([self.clock, w.HBox(buttons, layout=w.Layout(flex_flow="row wrap")),
                          self.output, self.timeline])
        self.add_class("k8s-lab")
        self.add_class("k8s-probe-lab")
        self.clock.step_button.on_click(lambda _button: self._extend())  # after the step
        self.clock.play.observe(lambda _change: self._extend(), names="value")
        self.refresh()

    def _get_command(self) -> str:
        flag = f" -n {self.namespace}" if self.namespace != "default" else ""
        return f"kubectl get pod {self.pod}{flag}"

    def _started(self) -> bool:
        """The container is Ready, or has come to grief (restarted, back-off, ended)."""
        samples = self.timeline.history.samples
        return bool(samples) and (samples[-1][2] not in ("waiting", "running")
                                  or samples[-1][1] > 0)

    def act(self, action: str) -> str:
        """Apply a script action to the running container now; show what kubectl sees."""
        call = f'c.break_container("{self.pod}", "{action}")'
        try:
            if not self.pod:
                raise ValueError("the lab has no Pod: its manifest was refused")
            self.cluster.break_container(self.pod, action, namespace=self.namespace)
            error = ""
        except ApiError as failure:
            error = str(failure)
        except ValueError as failure:
            error = f"error: {failure}"
        except Exception as failure:  # a bug in the model: shown, not raised
            error = f"error: the simulated cluster failed: {type(failure).__name__}: {failure}"
        hint = "" if error else next(f"({what})" for _, _, act, what in PROBE_ACTIONS.values()
                                     if act == action)
        shown, stdout = terminal_html(call, "", error, hint), ""
        if self.pod:
            command = self._get_command()
            stdout, get_error = run_kubectl(self.cluster, command.removeprefix("kubectl "))
            shown += terminal_html(command, stdout, get_error)
        self.output.value = shown
        self.refresh()
        return error or stdout

    def refresh(self) -> None:
        """Catch up with the cluster: show the time, redraw the timeline."""
        self.clock.refresh()
        self._extend()

    def _extend(self) -> None:
        """Time passing changes a timeline even when nothing was written: redraw to now."""
        if self.timeline.view.until < self.cluster.now:
            self.timeline.redraw()

    def shown_pane(self) -> ViewPane:
        return self.timeline

    def __repr__(self) -> str:
        return f"ProbeLab at {self.clock.time_label.value}\n{self.timeline.view.description()}"
