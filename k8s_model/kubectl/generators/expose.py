"""`kubectl expose` (pkg/cmd/expose/expose.go, polymorphichelpers): a Service for an
object that already exists.

kubectl reads the object from the API server and derives what the flags leave out:
* the selector — a Pod's labels, a Service's selector, a ReplicationController's
  selector, a Deployment's or ReplicaSet's `matchLabels` (`matchExpressions` cannot
  become a Service selector, so such an object cannot be exposed without `--selector`);
* the ports — without `--port`, every container port of the Pod template in order; one
  port keeps no name, several are named `port-1`, `port-2` …;
* each port's protocol — `--protocol` if given, else the container port's own (53/UDP
  stays UDP), else TCP; `targetPort` is `--target-port` or the port itself;
* the labels — the object's own unless `--labels`; the name — the object's, cut to 63
  characters (a Service name is a DNS-1035 label), unless `--name`.

    kubectl expose deployment web --port=80 --target-port=8080 --type=NodePort
"""

from __future__ import annotations

import re

from ...api.resources import lookup
from .common import error, namespace
from .pflag import Flag, parse
from .run import parse_labels

EXPOSE = (
    Flag("port"), Flag("protocol"), Flag("target-port"), Flag("name"), Flag("labels", short="l"),
    Flag("selector"), Flag("type"), Flag("external-ip"), Flag("cluster-ip"),
    Flag("session-affinity"), Flag("load-balancer-ip"), Flag("filename", "array", short="f"),
    Flag("overrides"), Flag("override-type"), Flag("record", "bool"),
    Flag("container-port"), Flag("kustomize", short="k"), Flag("recursive", "bool", short="R"),
)
EXPOSABLE = ("Pod", "Service", "ReplicationController", "Deployment", "ReplicaSet")
NO_RESOURCES = ("You must provide one or more resources by argument or filename.\n"
                "Example resource specifications include:\n   '-f rsrc.yaml'\n"
                "   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'")
DNS1035_LABEL_MAX = 63


def targets(args: list[str]) -> list[tuple]:
    """ResourceTypeOrNameArgs: `deployment web [more…]` or `deployment/web …`."""
    if not args:
        raise error(NO_RESOURCES)
    if "/" in args[0]:
        pairs = []
        for arg in args:
            kind, _, name = arg.partition("/")
            if not kind or not name or "/" in name:
                raise error("arguments in resource/name form must have a single resource "
                            "and name")
            pairs.append((kind, name))
    else:
        if len(args) == 1:
            raise error("resource(s) were provided, but no name was specified")
        pairs = [(args[0], name) for name in args[1:]]
    found = []
    for kind, name in pairs:
        resource = lookup(kind)
        if resource is None:
            raise error(f'the server doesn\'t have a resource type "{kind}"')
        found.append((resource, name))
    return found


def _go_requirements(expressions: list[dict]) -> str:
    """`%+v` of []metav1.LabelSelectorRequirement: [{Key:app Operator:In Values:[web]}]."""
    return "[" + " ".join(f"{{Key:{e.get('key', '')} Operator:{e.get('operator', '')} "
                          f"Values:[{' '.join(e.get('values') or [])}]}}"
                          for e in expressions) + "]"


def selector_for(obj: dict) -> dict:
    """mapBasedSelectorForObject, with its error texts."""
    kind, spec = obj.get("kind"), obj.get("spec") or {}
    if kind == "ReplicationController":
        return dict(spec.get("selector") or {})
    if kind == "Pod":
        if not obj["metadata"].get("labels"):
            raise ValueError("the pod has no labels and cannot be exposed")
        return dict(obj["metadata"]["labels"])
    if kind == "Service":
        if spec.get("selector") is None:
            raise ValueError("the service has no pod selector set")
        return dict(spec["selector"])
    selector = spec.get("selector") or {}
    if not selector.get("matchLabels"):
        raise ValueError(f"invalid {kind.lower()}: no selectors, therefore cannot be exposed")
    if selector.get("matchExpressions"):
        raise ValueError(f'couldn\'t convert expressions - "'
                         f'{_go_requirements(selector["matchExpressions"])}" to map-based '
                         "selector format")
    return dict(selector["matchLabels"])


def _pod_spec(obj: dict) -> dict:
    spec = obj.get("spec") or {}
    return spec if obj.get("kind") == "Pod" else (spec.get("template") or {}).get("spec") or {}


def ports_and_protocols(obj: dict) -> tuple[list[str], dict[str, str]]:
    """portsForObject and protocolsForObject: the container ports (a Service's own
    ports), and each port number's protocol."""
    if obj.get("kind") == "Service":
        entries = [(p.get("port"), p.get("protocol") or "TCP")
                   for p in (obj.get("spec") or {}).get("ports") or []]
    else:
        entries = [(p.get("containerPort"), p.get("protocol") or "TCP")
                   for c in _pod_spec(obj).get("containers") or [] for p in c.get("ports") or []]
    return [str(port) for port, _ in entries], {str(port): proto for port, proto in entries}


def _target(value: str):
    return int(value) if re.fullmatch(r"[0-9]+", value) else value


def expose(argv: list[str], ctx) -> list[dict]:
    cmd = "expose"
    parsed = parse(argv, EXPOSE, cmd)
    if parsed["filename"]:
        raise error("the model's `kubectl expose` takes TYPE NAME, not -f")
    found = targets(parsed.args)
    services = []
    for resource, name in found:
        if ctx.get is None:
            raise error("expose needs the API server: pass generate(..., get=…)")
        obj = ctx.get(resource, name, namespace(parsed))   # the builder's GET comes first
        if resource.kind not in EXPOSABLE:                 # then CanBeExposed
            group_kind = f"{resource.kind}.{resource.group}" if resource.group else resource.kind
            raise error(f"cannot expose a {group_kind}")
        services.append(_service(obj, parsed))
    return services


def _service(obj: dict, parsed) -> dict:
    if parsed["selector"]:
        selector = parse_labels(parsed["selector"])
    else:
        try:
            selector = selector_for(obj)
        except ValueError as reason:
            raise error(f"couldn't retrieve selectors via --selector flag or "
                        f"introspection: {reason}") from None
    headless = parsed["cluster-ip"] == "None"
    container_ports, protocols = ports_and_protocols(obj)
    if parsed["port"]:
        if not re.fullmatch(r"[+-]?[0-9]+", parsed["port"]):
            raise error(f'strconv.Atoi: parsing "{parsed["port"]}": invalid syntax')
        ports = [str(int(parsed["port"]))]
    else:
        ports = container_ports
        if not ports and not headless:
            raise error("couldn't find port via --port flag or introspection")
    affinity = parsed["session-affinity"]
    if affinity and affinity not in ("None", "ClientIP"):
        raise error(f"unknown session affinity: {affinity}")
    entries = []
    for i, port in enumerate(ports):
        entry = {"name": f"port-{i + 1}"} if len(ports) > 1 else {}
        entry["protocol"] = parsed["protocol"] or protocols.get(port) or "TCP"
        entry["port"] = int(port)
        entry["targetPort"] = _target(parsed["target-port"]) if parsed["target-port"] \
            else int(port)
        entries.append(entry)
    labels = parse_labels(parsed["labels"]) if parsed["labels"] \
        else dict(obj["metadata"].get("labels") or {})
    name = parsed["name"] or obj["metadata"]["name"][:DNS1035_LABEL_MAX]
    meta = {"name": name}
    if namespace(parsed):
        meta["namespace"] = namespace(parsed)
    if labels:
        meta["labels"] = labels
    spec: dict = {}
    if entries:
        spec["ports"] = entries
    spec["selector"] = selector
    if parsed["cluster-ip"]:
        spec["clusterIP"] = parsed["cluster-ip"]
    if parsed["type"]:
        spec["type"] = parsed["type"]
    if parsed["external-ip"]:
        spec["externalIPs"] = [parsed["external-ip"]]
    if affinity:
        spec["sessionAffinity"] = affinity
    if parsed["type"] == "LoadBalancer" and parsed["load-balancer-ip"]:
        spec["loadBalancerIP"] = parsed["load-balancer-ip"]
    return {"kind": "Service", "apiVersion": "v1", "metadata": meta, "spec": spec,
            "status": {"loadBalancer": {}}}
