"""PodForm: a few fields that write a Pod manifest, or the manifest itself.

The fields are what the scheduler reads from a Pod (pkg/scheduler/framework/plugins):
resource requests (NodeResourcesFit), a nodeSelector and a preferred node affinity term
(NodeAffinity), and a toleration (TaintToleration). Each edit rewrites the YAML shown
below the fields, so the reader sees the manifest they are about to apply; ticking
"Edit YAML" stops that and sends the text as written. Nothing is validated here: the
API server does it, and its message is what the reader sees.

    name web, cpu 500m, nodeSelector disk=ssd, toleration gpu=true:NoSchedule  ->
    spec.nodeSelector {disk: ssd}, spec.tolerations [{key: gpu, operator: Equal,
    value: "true", effect: NoSchedule}]
"""

from __future__ import annotations

import json

import ipywidgets as w
import yaml

from .manifest_editor import EDITOR_CSS

FIELD = w.Layout(width="250px")


def _quoted(text: str) -> str:
    """A YAML scalar that stays a string: `ssd` as is, `"true"` and `"1"` quoted (JSON
    quoting is valid YAML)."""
    plain = text and not any(ch in text for ch in ":#{}[],&*!|>%@`'\"") and text.strip() == text
    try:
        plain = plain and yaml.safe_load(text) == text
    except yaml.YAMLError:
        plain = False
    return text if plain else json.dumps(text)


def _key_value(text: str) -> tuple[str, str] | None:
    text = text.strip()
    if not text:
        return None
    key, _, value = text.partition("=")
    return key.strip(), value.strip()


def toleration_yaml(spec: str) -> list[str]:
    """`key=value:Effect` → operator Equal; `key:Effect` or `key` → operator Exists."""
    spec = spec.strip()
    if not spec:
        return []
    head, _, effect = spec.partition(":")
    key, has_value, value = head.partition("=")
    lines = [f"  - key: {_quoted(key.strip())}",
             f"    operator: {'Equal' if has_value else 'Exists'}"]
    if has_value:
        lines.append(f"    value: {_quoted(value.strip())}")
    if effect:
        lines.append(f"    effect: {effect.strip()}")
    return lines


def pod_manifest(name: str, image: str = "nginx", cpu: str = "", memory: str = "",
                 node_selector: str = "", toleration: str = "", preferred: str = "") -> str:
    """The Pod manifest the form's fields describe."""
    lines = ["apiVersion: v1", "kind: Pod", "metadata:", f"  name: {name.strip()}", "spec:"]
    selector = _key_value(node_selector)
    if selector:
        lines += ["  nodeSelector:", f"    {_quoted(selector[0])}: {_quoted(selector[1])}"]
    prefer = _key_value(preferred)
    if prefer:
        lines += ["  affinity:", "    nodeAffinity:",
                  "      preferredDuringSchedulingIgnoredDuringExecution:",
                  "      - weight: 50", "        preference:", "          matchExpressions:",
                  f"          - key: {_quoted(prefer[0])}", "            operator: In",
                  f"            values: [{_quoted(prefer[1])}]"]
    tolerations = toleration_yaml(toleration)
    if tolerations:
        lines += ["  tolerations:"] + tolerations
    lines += ["  containers:", "  - name: app", f"    image: {image.strip() or 'nginx'}"]
    requests = [(r, v.strip()) for r, v in (("cpu", cpu), ("memory", memory)) if v.strip()]
    if requests:
        lines += ["    resources:", "      requests:"]
        lines += [f"        {r}: {_quoted(v)}" for r, v in requests]
    return "\n".join(lines) + "\n"


class PodForm(w.VBox):
    def __init__(self, name: str = "web-1", cpu: str = "500m", memory: str = "256Mi",
                 image: str = "nginx") -> None:
        def text(value, description, placeholder=""):
            return w.Text(value=value, description=description, placeholder=placeholder,
                          layout=FIELD, style={"description_width": "95px"})

        self.name = text(name, "name")
        self.image = text(image, "image")
        self.cpu = text(cpu, "cpu request", "500m")
        self.memory = text(memory, "memory request", "256Mi")
        self.node_selector = text("", "nodeSelector", "disktype=ssd")
        self.toleration = text("", "toleration", "dedicated=lab:NoSchedule")
        self.preferred = text("", "prefer node", "disktype=ssd")
        self.edit_yaml = w.Checkbox(value=False, description="Edit YAML", indent=False)
        self.text = w.Textarea(value="", rows=12, layout=w.Layout(width="100%"))
        self.text.add_class("k8s-editor-text")
        self.fields = (self.name, self.image, self.cpu, self.memory, self.node_selector,
                       self.toleration, self.preferred)
        for field in self.fields:
            field.observe(lambda _change: self.sync(), names="value")
        self.sync()
        super().__init__([w.HTML(EDITOR_CSS),
                          w.HBox([w.VBox(list(self.fields[:4])), w.VBox(list(self.fields[4:]))]),
                          self.edit_yaml, self.text])
        self.add_class("k8s-pod-form")

    def sync(self) -> None:
        """Rewrite the YAML from the fields (unless the reader is editing it)."""
        if not self.edit_yaml.value:
            self.text.value = pod_manifest(*(f.value for f in self.fields))

    def manifest(self) -> str:
        return self.text.value

    def next_name(self) -> None:
        """web-1 → web-2, so the next Schedule creates a new Pod (Pods are immutable)."""
        stem, _, number = self.name.value.rpartition("-")
        if stem and number.isdigit():
            self.name.value = f"{stem}-{int(number) + 1}"
