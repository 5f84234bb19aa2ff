"""The runtime lab: start a Pod, crash its container, delete it — and watch the CRI calls.

What `kubectl` shows as one Pod is, on its node, a conversation between the kubelet and
the container runtime: RunPodSandbox (network namespace, CNI ADD, pause container),
PullImage, CreateContainer, StartContainer; on a crash only CreateContainer and
StartContainer again, in the same sandbox; on delete StopContainer, StopPodSandbox,
RemovePodSandbox. The diagram (RuntimeCallsView) draws those calls from the trace, and
the terminal shows the node's own view after each action: `sudo crictl ps -a` through
`Cluster.ssh`, ATTEMPT counting the restarts.

    lab = RuntimeCallsLab(Cluster(nodes=1))
    lab.crash_button.click()        # the kubelet restarts it: a new container, attempt 1
    print(lab.diagram.view.description())
"""

from __future__ import annotations

import ipywidgets as w

from k8s_model import load_manifests
from k8s_model.runtime.images import ReferenceError, parse_reference

from .controls.clock import ClockControls
from .controls.terminal import terminal_html
from .labs import Lab, ViewPane, run_kubectl, single_object
from .observer import ClusterObserver
from .views.runtime_calls import RuntimeCallsView

RUNTIME_LAB_POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: nginx
    image: nginx:1.29
"""
def images_of(manifest: str) -> tuple[str, ...]:
    """The normalised references of the Pod's images (`nginx:1.29` ->
    docker.io/library/nginx:1.29), as the kubelet's ImageStatus calls name them."""
    refs = []
    for container in load_manifests(manifest)[0].get("spec", {}).get("containers", []):
        try:
            refs.append(str(parse_reference(str(container.get("image", "")))))
        except ReferenceError:
            continue
    return tuple(refs)


SETTLE_SECONDS = 30   # virtual time each action lets pass: the kubelet's work is done by then


class RuntimeCallsLab(Lab):
    """Buttons Start Pod, Crash container, Delete Pod and Clear; the CRI call diagram of
    everything since the lab started (or since Clear); a terminal with the node's
    `crictl ps -a`. `manifest` holds one Pod (default RUNTIME_LAB_POD), started at once."""

    def __init__(self, cluster, manifest: str = RUNTIME_LAB_POD) -> None:
        self.cluster, self.manifest = cluster, manifest
        self.observer = ClusterObserver(cluster, ("pods",))
        self.clock = ClockControls(cluster, self.observer, 10)
        self.pod, self.namespace, error = single_object(manifest, "Pod", "runtime lab")
        self.images = () if error else images_of(manifest)
        self.mark = cluster.trace.mark()
        self.diagram = ViewPane(self._view(), css="k8s-runtime-calls")
        self.output = w.HTML(value=terminal_html("", "", error))
        self.output.add_class("k8s-runtime-output")
        self.start_button = self._button("Start Pod", "play", "k8s-start", self.start)
        self.crash_button = self._button("Crash container", "bomb", "k8s-crash", self.crash)
        self.delete_button = self._button("Delete Pod", "trash", "k8s-delete", self.delete)
        self.clear_button = self._button("Clear", "eraser", "k8s-clear", self.clear)
        super().__init__([self.clock, w.HBox([self.start_button, self.crash_button,
                                              self.delete_button, self.clear_button]),
                          self.output, self.diagram])
        self.add_class("k8s-lab")
        self.add_class("k8s-runtime-lab")
        self.clock.on_step(self._show)
        if not error:
            self.start()

    def _button(self, label: str, icon: str, css: str, action) -> w.Button:
        button = w.Button(description=label, icon=icon, layout=w.Layout(width="150px"))
        button.add_class(css)
        button.on_click(lambda _button: action())
        return button

    def _view(self) -> RuntimeCallsView:
        """This Pod's calls only: the node runs others (kube-proxy, CoreDNS) meanwhile."""
        return RuntimeCallsView(self.cluster.trace.since(self.mark),
                                pod=(self.namespace, self.pod), images=self.images)

    def node(self) -> str:
        pods = [p for p in self.cluster.list("pods", self.namespace)
                if p["metadata"]["name"] == self.pod]
        return (pods[0]["spec"].get("nodeName") or "") if pods else ""

    def _show(self, error: str = "") -> None:
        """Redraw the diagram; the terminal shows the node's crictl, or the error."""
        node = self.node() or getattr(self, "_last_node", "")
        self._last_node = node
        command = f"ssh {node} sudo crictl ps -a" if node else ""
        stdout = self.cluster.ssh(node, "sudo crictl ps -a") if node and not error else ""
        self.output.value = terminal_html(command, stdout, error)
        self.diagram.view = self._view()
        self.diagram.redraw()

    def _act(self, command: str, stdin: str | None = None) -> None:
        _, error = run_kubectl(self.cluster, command, stdin)
        if not error:
            self.cluster.advance(SETTLE_SECONDS)
        self._show(error)

    def start(self) -> None:
        """kubectl apply the Pod; 30 s later it runs."""
        self._act("apply -f -", self.manifest)

    def crash(self) -> None:
        """The container's process exits with code 1; the kubelet restarts it."""
        try:
            self.cluster.break_container(self.pod, "crash", namespace=self.namespace)
        except Exception as failure:   # no such Pod, or not running: say so in the widget
            return self._show(f"error: {failure}")
        self.cluster.advance(SETTLE_SECONDS)
        self._show()

    def delete(self) -> None:
        self._act(f"delete pod {self.pod} -n {self.namespace}")

    def clear(self) -> None:
        """Forget the calls drawn so far: the diagram starts again from now."""
        self.mark = self.cluster.trace.mark()
        self._show()

    def shown_pane(self) -> ViewPane:
        return self.diagram
