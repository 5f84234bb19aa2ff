"""The label-selector playground: type a selector, see which Pods the API server returns.

A grid of labelled Pods (the microservices of seed 001 §2: `app` ui/as/pc/sc/os, a
release track `rel` stable/beta/canary and an environment `env`). **Select** sends the
selector as `?labelSelector=` on a list of Pods — what `kubectl get pods -l SELECTOR`
does — and lights the Pods the API server returned; matching is the server's
(labels.Parse and Selector.Matches in k8s_model/api/selectors.py), never the widget's.
Under the grid, the same `kubectl get pods -l …` and its output, or kubectl's error for a
selector the server cannot parse (`unable to parse requirement: found 'prod' expected:
'('`).

The YAML mode takes a selector as it stands under a ReplicaSet's `spec.selector`
(`matchLabels` and `matchExpressions`), checks it with the API server's own decoder and
ValidateLabelSelector, and converts it as metav1.LabelSelectorAsSelector does — the
string a controller sends when it lists its Pods. **Label** runs `kubectl label pod …`
(add `key=value`, change one with `--overwrite`, remove with `key-`), then selects again.

    lab = SelectorLab(Cluster(nodes=2))
    lab.selector.value = "env notin (prod, devel)"; lab.select_button.click()
    print(lab.grid.view.description())
"""

from __future__ import annotations

import shlex

import ipywidgets as w
import yaml

from k8s_model.api.decoding import decode
from k8s_model.api.errors import ApiError
from k8s_model.api.resources import by_plural
from k8s_model.api.selectors import (SelectorError, from_label_selector, parse,
                                     validate_label_selector)
from k8s_model.kubectl.manifests import _go_yaml_message

from .controls.terminal import terminal_html
from .labs import Lab, ViewPane, run_kubectl
from .observer import ClusterObserver
from .views.label_grid import LabelGridView

# name -> labels: seed 001 §2's microservices (`kubectl get po -l app=pc`), after
# Kubernetes in Action's figure 3.7, plus an `env` label for `env in (prod, devel)`.
LAB_PODS = {
    "ui-stable": {"app": "ui", "rel": "stable", "env": "prod"},
    "ui-beta": {"app": "ui", "rel": "beta", "env": "devel"},
    "as-stable": {"app": "as", "rel": "stable", "env": "prod"},
    "as-canary": {"app": "as", "rel": "canary", "env": "prod"},
    "pc-stable": {"app": "pc", "rel": "stable", "env": "prod"},
    "pc-beta": {"app": "pc", "rel": "beta", "env": "devel"},
    "pc-canary": {"app": "pc", "rel": "canary", "env": "qa"},
    "sc-stable": {"app": "sc", "rel": "stable"},
    "os-stable": {"app": "os", "rel": "stable", "env": "prod"},
}
# The selectors seed 001 §2 writes, then a few more of the grammar.
EXAMPLES = ("app=pc", "!env", "env in (prod, devel)", "env notin (prod, devel)",
            "app=pc,rel!=canary", "rel", "app in (ui,pc),env==prod", "env in prod")
SELECTOR_YAML = """\
matchLabels:
  app: pc
matchExpressions:
- key: rel
  operator: In
  values: [stable, beta]
"""
START_TIMEOUT = 60  # virtual seconds the lab lets pass for its Pods to start


def lab_pods(image: str = "nginx:1.29") -> str:
    """The lab's Pods as one YAML stream (what `kubectl run NAME --labels=…` makes)."""
    docs = [{"apiVersion": "v1", "kind": "Pod",
             "metadata": {"name": name, "labels": labels},
             "spec": {"containers": [{"name": "app", "image": image}]}}
            for name, labels in LAB_PODS.items()]
    return yaml.safe_dump_all(docs, sort_keys=False)


def selector_from_yaml(text: str) -> tuple[str | None, str]:
    """(selector string, error) for a LabelSelector written as under a ReplicaSet's
    `spec.selector`; (None, "") for `null`, which selects nothing. Errors are the API
    server's words for that field."""
    try:
        selector = yaml.safe_load(text)
    except yaml.YAMLError as error:
        return None, f"error converting YAML to JSON: {_go_yaml_message(error)}"
    if selector is None:
        return None, ""
    replicaset = {"apiVersion": "apps/v1", "kind": "ReplicaSet", "spec": {"selector": selector}}
    try:
        decode(by_plural("replicasets", "apps"), replicaset)
    except ApiError as error:
        return None, error.message
    errors = validate_label_selector(replicaset["spec"]["selector"], "spec.selector")
    if errors:
        return None, "\n".join(str(e) for e in errors)
    try:
        return str(from_label_selector(replicaset["spec"]["selector"])), ""
    except SelectorError as error:
        return None, str(error)


def selector_keys(selector: str) -> tuple[str, ...]:
    """The label keys a selector names (for bold type in the grid); none if unparsable."""
    try:
        return tuple(r.key for r in parse(selector).requirements)
    except SelectorError:
        return ()


class SelectorLab(Lab):
    """A selector box (kubectl `-l` grammar, or YAML matchLabels/matchExpressions), the
    note's examples, a `kubectl label` row, the grid of Pods with the selected ones lit,
    and the equivalent `kubectl get pods -l …` with its output.

    `manifest` (Pods; default the nine LAB_PODS) is applied and given time to start;
    or pass `manifest=None` to play with the Pods already in `namespace`."""

    def __init__(self, cluster, manifest: str | None = None, namespace: str = "default",
                 selector: str = "app=pc", columns: int = 3) -> None:
        self.cluster, self.namespace, self.columns = cluster, namespace, columns
        self.observer = ClusterObserver(cluster, ("pods",))
        self.last_selector = selector
        startup = ""
        if manifest is None and not self.observer.list("pods", namespace):
            manifest = lab_pods()
        if manifest:
            stdout, error = run_kubectl(cluster, f"apply -f -{self._flag()}", manifest)
            startup = error
            if not error:
                cluster.run_until(self._started, timeout=START_TIMEOUT, step=0.5)
        self.mode = w.ToggleButtons(options=["kubectl -l", "YAML"], value="kubectl -l",
                                    tooltips=["the string grammar of kubectl -l",
                                              "matchLabels / matchExpressions"])
        self.mode.add_class("k8s-selector-mode")
        self.selector = w.Text(value=selector, description="-l", placeholder="app=pc,!canary",
                               continuous_update=False, layout=w.Layout(width="340px"),
                               style={"description_width": "24px"})
        self.selector.add_class("k8s-selector")
        self.yaml = w.Textarea(value=SELECTOR_YAML, rows=7, layout=w.Layout(width="340px",
                                                                          display="none"))
        self.yaml.add_class("k8s-selector-yaml")
        self.examples = w.Dropdown(options=[("examples…", "")] + [(e, e) for e in EXAMPLES],
                                   value="", layout=w.Layout(width="220px"))
        self.examples.add_class("k8s-selector-examples")
        self.select_button = w.Button(description="Select", icon="filter",
                                      button_style="primary",
                                      tooltip="kubectl get pods -l SELECTOR")
        self.select_button.add_class("k8s-select")
        self.select_button.on_click(lambda _button: self.select())
        self.pod_choice = w.Dropdown(options=self._pod_names(), description="pod",
                                     layout=w.Layout(width="220px"),
                                     style={"description_width": "32px"})
        self.label_args = w.Text(value="env=debug", layout=w.Layout(width="240px"))
        self.label_button = w.Button(description="Label", icon="tag",
                                     tooltip="kubectl label pod POD ARGS")
        self.label_button.add_class("k8s-label")
        self.label_button.on_click(lambda _button: self.label())
        self.examples.observe(self._example_chosen, names="value")
        self.mode.observe(self._mode_changed, names="value")
        self.output = w.HTML()
        self.output.add_class("k8s-selector-output")
        self.grid = ViewPane(LabelGridView([], set(), namespace=namespace), css="k8s-label-grid")
        rows = [w.HBox([self.mode, self.examples]), w.HBox([self.selector, self.select_button]),
                self.yaml, w.HBox([self.pod_choice, self.label_args, self.label_button],
                                  layout=w.Layout(flex_flow="row wrap")),
                self.grid, self.output]
        super().__init__(rows)
        self.add_class("k8s-lab")
        self.add_class("k8s-selector-lab")
        self.select()
        if startup:
            self.output.value = terminal_html("kubectl apply -f -", "", startup)

    # -- reading -------------------------------------------------------------------------------
    def _flag(self) -> str:
        return f" -n {self.namespace}" if self.namespace != "default" else ""

    def pods(self) -> list[dict]:
        """Every Pod of the namespace (the grid), from the observer's watch-fed cache."""
        return [p for p in self.observer.list("pods", self.namespace)
                if not p["metadata"].get("deletionTimestamp")]

    def _pod_names(self) -> list[str]:
        return [p["metadata"]["name"] for p in LabelGridView(self.pods(), set()).pods]

    def _started(self) -> bool:
        return all((p.get("status") or {}).get("phase") == "Running" for p in self.pods())

    # -- controls ------------------------------------------------------------------------------
    def _example_chosen(self, change) -> None:
        if change["new"]:
            self.mode.value = "kubectl -l"
            self.selector.value = change["new"]
            self.select()

    def _mode_changed(self, change) -> None:
        yaml_mode = change["new"] == "YAML"
        self.yaml.layout.display = None if yaml_mode else "none"
        self.selector.disabled = yaml_mode

    # -- acting through the public contract ----------------------------------------------------
    def select(self, selector: str | None = None) -> str:
        """Select with `selector` (default: the text box, or the YAML in YAML mode): list
        the Pods with it as labelSelector, draw which came back, show `kubectl get pods -l`.
        Returns kubectl's output or error."""
        shown, hint = "", ""
        if selector is None and self.mode.value == "YAML":
            selector, error = selector_from_yaml(self.yaml.value)
            if error or selector is None:
                return self._refused("spec.selector (YAML)", error or "",
                                     hint="" if error else "(a null selector selects nothing)")
            self.selector.value = selector
            hint = ("(LabelSelectorAsSelector: the string a controller sends to list "
                    "its Pods)")
            shown = terminal_html("# matchLabels/matchExpressions as a -l string",
                                  selector or "(empty: everything)", hint=hint)
        selector = self.selector.value if selector is None else selector
        self.last_selector = selector
        try:
            listed = self.cluster.list("pods", self.namespace, label_selector=selector or None)
            selected, error = {p["metadata"]["name"] for p in listed}, ""
        except ApiError as failure:
            selected, error = None, str(failure)
        command = "get pods" + (f" -l {shlex.quote(selector)}" if selector else "") + self._flag()
        stdout, kubectl_error = run_kubectl(self.cluster, command)
        self._draw(selector, selected, kubectl_error or error)
        self.output.value = shown + terminal_html("kubectl " + command, stdout, kubectl_error)
        return kubectl_error or stdout

    def _refused(self, what: str, error: str, hint: str = "") -> str:
        self._draw(self.selector.value, None, error.splitlines()[0] if error else hint)
        self.output.value = terminal_html(f"# {what}", "", error, hint)
        return error or hint

    def _draw(self, selector: str, selected: set[str] | None, error: str) -> None:
        first = error.splitlines()[0] if error else ""
        self.grid.view = LabelGridView(self.pods(), selected, selector, selector_keys(selector),
                                       first, self.namespace, self.columns)
        self.grid.redraw()

    def label(self, pod: str | None = None, arguments: str | None = None) -> str:
        """`kubectl label pod POD ARGS`, then the current selection again."""
        pod = pod or self.pod_choice.value or ""
        arguments = self.label_args.value if arguments is None else arguments
        command = f"label pod {pod} {arguments.strip()}{self._flag()}"
        stdout, error = run_kubectl(self.cluster, command)
        labelled = terminal_html("kubectl " + command, stdout, error)
        self.refresh()
        self.output.value = labelled + self.output.value
        return error or stdout

    def refresh(self) -> None:
        """Catch up after a notebook cell changed the Pods: list and select again."""
        current = self.pod_choice.value
        self.pod_choice.options = self._pod_names()
        if current in self.pod_choice.options:
            self.pod_choice.value = current
        self.select(self.last_selector)

    def shown_pane(self) -> ViewPane:
        return self.grid

    def __repr__(self) -> str:
        return f"SelectorLab\n{self.grid.view.description()}"
