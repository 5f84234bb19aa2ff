"""`kubectl run NAME --image=…` (pkg/cmd/run/run.go, generate/versioned/run.go).

`kubectl run` makes exactly one Pod: the Deployment/Job generators and `--replicas`
are long gone. Words after the name become the container's `args` (the image's CMD is
replaced, its ENTRYPOINT kept) unless `--command` makes them the `command`. The Pod is
labelled `run=NAME` unless `--labels` says otherwise. `--overrides` is a JSON merge
patch (or a JSON patch, or a strategic merge patch) applied to the generated Pod
before it is sent, after which the Pod is decoded as a typed object again.
"""

from __future__ import annotations

import json
import re

from ...api.fieldorder import STRUCTS
from .common import (error, is_env_var_name, is_image_reference, namespace, save_config,
                     usage_error)
from .patches import apply_json_patch, json_merge_patch, strategic_merge_patch
from .pflag import Flag, parse

RUN = (
    Flag("annotations", "array"), Flag("image", required=True), Flag("image-pull-policy"),
    Flag("rm", "bool"), Flag("env", "array"), Flag("port"), Flag("dry-run", default="none"),
    Flag("labels", short="l"), Flag("stdin", "bool", short="i"), Flag("tty", "bool", short="t"),
    Flag("attach", "bool"), Flag("leave-stdin-open", "bool"), Flag("restart", default="Always"),
    Flag("command", "bool"), Flag("expose", "bool"), Flag("quiet", "bool", short="q"),
    Flag("privileged", "bool"), Flag("overrides"), Flag("override-type", default="merge"),
    Flag("cascade", default="background"), Flag("filename", "array", short="f"),
    Flag("force", "bool"), Flag("grace-period", "int", default=-1), Flag("kustomize", short="k"),
    Flag("recursive", "bool", short="R"), Flag("timeout"), Flag("wait", "bool"),
    Flag("pod-running-timeout"), Flag("record", "bool"))


def run_objects(argv: list[str], ctx) -> list[dict]:
    """The Pod, preceded by its Service when `--expose` is given (kubectl creates and
    prints the Service first; in YAML the two are separated by two `---` lines)."""
    parsed = parse(argv, RUN, "run")
    pod = run(argv, ctx)
    if not parsed["expose"]:
        return [pod]
    port = int(parsed["port"])
    service = {"kind": "Service", "apiVersion": "v1",
               "metadata": {"name": pod["metadata"]["name"]},
               "spec": {"ports": [{"protocol": "TCP", "port": port, "targetPort": port}],
                        "selector": dict(pod["metadata"]["labels"])},
               "status": {"loadBalancer": {}}}
    if parsed["labels"]:
        service["metadata"]["labels"] = dict(pod["metadata"]["labels"])
    if namespace(parsed):
        service["metadata"]["namespace"] = namespace(parsed)
    return [service, pod]


def run(argv: list[str], ctx) -> dict:
    cmd = "run"
    parsed = parse(argv, RUN, cmd)
    _validate(parsed)
    name = parsed.args[0]
    envs = _parse_envs(parsed["env"])
    annotations = _parse_pairs(parsed["annotations"], "annotations")
    labels = parse_labels(parsed["labels"]) if parsed["labels"] else {"run": name}
    container = {"name": name, "image": parsed["image"]}
    if parsed.args[1:]:
        container["command" if parsed["command"] else "args"] = parsed.args[1:]
    if envs:
        container["env"] = envs
    container["resources"] = {}
    if parsed["image-pull-policy"]:
        container["imagePullPolicy"] = parsed["image-pull-policy"]
    if parsed["privileged"]:
        container["securityContext"] = {"privileged": True}
    if parsed["stdin"]:
        container["stdin"] = True
        if not parsed["leave-stdin-open"]:
            container["stdinOnce"] = True
    if parsed["tty"]:
        container["tty"] = True
    if parsed["port"]:  # strconv.Atoi, so any int: --port=-5 is taken as is
        if not re.fullmatch(r"[+-]?[0-9]+", parsed["port"]):
            raise error(f'strconv.Atoi: parsing "{parsed["port"]}": invalid syntax')
        container["ports"] = [{"containerPort": int(parsed["port"])}]
    pod = {"kind": "Pod", "apiVersion": "v1",
           "metadata": {"name": name, "labels": labels},
           "spec": {"containers": [container], "restartPolicy": parsed["restart"],
                    "dnsPolicy": "ClusterFirst"},
           "status": {}}
    if annotations:
        pod["metadata"]["annotations"] = annotations
    if parsed["overrides"]:
        pod = _override(pod, parsed["overrides"], parsed["override-type"])
    if namespace(parsed):
        pod["metadata"]["namespace"] = namespace(parsed)
    if parsed["dry-run"] != "client":  # run records --save-config only on a real create
        save_config(pod, parsed)
    return pod


def _validate(parsed) -> None:
    """RunOptions.Validate, in its order."""
    if not parsed.args or parsed.args_len_at_dash == 0:
        raise usage_error("run", "NAME is required for run")
    image = parsed["image"]
    if not image:
        raise error("--image is required")
    if not is_image_reference(image):
        raise error(f'Invalid image name "{image}": invalid reference format')
    if parsed["tty"] and not parsed["stdin"]:
        raise usage_error("run", "-i/--stdin is required for containers with -t/--tty=true")
    if parsed["expose"] and not parsed["port"]:
        raise usage_error("run", "--port must be set when exposing a service")
    if parsed["restart"] not in ("Always", "OnFailure", "Never"):
        raise usage_error("run", f"invalid restart policy: {parsed['restart']}")
    attach = parsed["attach"] or (parsed["stdin"] and "attach" not in parsed.changed)
    if not attach and parsed["rm"]:
        raise usage_error("run", "--rm should only be used for attached containers")
    if attach and parsed["dry-run"] != "none":
        raise usage_error("run", "--dry-run=[server|client] can't be used with attached "
                                 "containers options (--attach, --stdin, or --tty)")
    if parsed["image-pull-policy"] not in (None, "", "Always", "IfNotPresent", "Never"):
        raise usage_error("run", f"invalid image pull policy: {parsed['image-pull-policy']}")


def _parse_envs(envs: list[str]) -> list[dict]:
    out = []
    for env in envs:
        name, sep, value = env.partition("=")
        if not sep or not name or not is_env_var_name(name):
            raise error(f"invalid env: {env}")
        out.append({"name": name, "value": value})
    return out


def parse_labels(spec: str) -> dict:
    """generate.ParseLabels: "a=b,c=d"; a key may be anything but empty."""
    labels = {}
    for item in spec.split(","):
        parts = item.split("=")
        if len(parts) != 2:
            raise error(f"unexpected label spec: {item}")
        if not parts[0]:
            raise error("unexpected empty label key")
        labels[parts[0]] = parts[1]
    return labels


def _parse_pairs(pairs: list[str], kind: str) -> dict:
    """cmdutil.ParsePairs: every `k=v`; the bad ones are reported together."""
    out, invalid = {}, []
    for pair in pairs:
        if "=" in pair and not pair.startswith("="):
            key, _, value = pair.partition("=")
            out[key] = value
        else:
            invalid.append(pair)
    if invalid:
        raise error(f"invalid {kind} format: {', '.join(invalid)}")
    return out


def _override(pod: dict, text: str, kind: str) -> dict:
    """cmdutil.Overrider.Apply: patch the Pod's JSON, then decode it as a v1.Pod."""
    if kind not in ("json", "merge", "strategic"):
        raise error(f"invalid override type: {kind}")
    try:
        patch = json.loads(text)
    except ValueError:
        raise error("Invalid JSON Patch" if kind == "merge" else
                    "invalid character looking for beginning of value") from None
    if kind == "json":
        if not isinstance(patch, list):
            raise error("json: cannot unmarshal object into Go value of type jsonpatch.Patch")
        patched = apply_json_patch(pod, patch)
    elif not isinstance(patch, dict):
        raise error("couldn't get version/kind; json parse error: json: cannot unmarshal "
                    "array into Go value of type struct { APIVersion string "
                    '"json:\\"apiVersion,omitempty\\""; Kind string '
                    '"json:\\"kind,omitempty\\"" }')
    elif kind == "merge":
        patched = json_merge_patch(pod, patch)
    else:
        patched = strategic_merge_patch(pod, patch)
    typed = _drop_unknown(patched, "Pod")
    # Struct fields that are not pointers come back even when empty.
    typed.setdefault("status", {})
    spec = typed.setdefault("spec", {})
    spec.setdefault("containers", None)
    for group in ("initContainers", "containers", "ephemeralContainers"):
        for container in spec.get(group) or ():
            if isinstance(container, dict):
                container.setdefault("resources", {})
    return typed


def _drop_unknown(value, shape: str):
    """Decoding into a Go struct silently drops fields the struct does not have."""
    if shape.startswith("[") and isinstance(value, list):
        return [_drop_unknown(v, shape[1:-1]) for v in value]
    if shape.startswith("{") and isinstance(value, dict):
        return {k: _drop_unknown(v, shape[1:-1]) for k, v in value.items()}
    fields = STRUCTS.get(shape)
    if fields is None or not isinstance(value, dict):
        return value
    known = dict(fields)
    return {k: _drop_unknown(v, known[k]) for k, v in value.items()
            if k in known and v is not None}
