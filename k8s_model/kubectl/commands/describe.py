"""kubectl describe (pkg/describe): an object, the things related to it, and its Events.

kubectl fetches what each describer needs — the Events whose involvedObject is the
object, a Deployment's ReplicaSets, a Node's Pods, a Service's Endpoints — and the
describer lays it out.
"""

from __future__ import annotations

from ...api import errors
from ..errors import KubectlError, aggregate_message
from ..flags import Flag, parse
from ..printers import no_resources_message
from .context import Context
from .get import parse_targets


FLAGS = (Flag("selector", "l"), Flag("all-namespaces", "A", boolean=True),
         Flag("show-events", boolean=True, default=True), Flag("filename", "f", repeated=True))


def related_objects(ctx: Context, obj: dict) -> dict:
    """What the describer for this kind expects in `related`."""
    kind = obj.get("kind")
    namespace = obj["metadata"].get("namespace")
    related: dict = {}
    if kind == "Node":
        name = obj["metadata"]["name"]
        related["pods"] = ctx.client.list("pods", None, field_selector=f"spec.nodeName={name}")
        related["lease"] = ctx.client.get_or_none("leases", "kube-node-lease", name)
    elif kind == "Deployment":
        uid = obj["metadata"]["uid"]
        owned = [rs for rs in ctx.client.list("replicasets", namespace)
                 if any(r.get("uid") == uid for r in rs["metadata"].get("ownerReferences", []))]
        revision = (obj["metadata"].get("annotations") or {}).get("deployment.kubernetes.io/revision")
        new = [rs for rs in owned if (rs["metadata"].get("annotations") or {}).get(
            "deployment.kubernetes.io/revision") == revision]
        related["new_replicaset"] = new[0] if new else None
        related["old_replicasets"] = [rs for rs in owned if rs not in new]
    elif kind == "Service":
        related["endpoint_slices"] = ctx.client.list(
            "endpointslices", namespace,
            label_selector=f"kubernetes.io/service-name={obj['metadata']['name']}")
    elif kind == "Ingress":   # describeBackendV1: each backend's Service and its slices
        related["services"] = {s["metadata"]["name"]: s
                               for s in ctx.client.list("services", namespace)}
        related["endpoint_slices"] = ctx.client.list("endpointslices", namespace)
    elif kind == "Namespace":
        name = obj["metadata"]["name"]
        related["resource_quotas"] = ctx.client.list("resourcequotas", name)
        related["limit_ranges"] = ctx.client.list("limitranges", name)
    elif kind == "PersistentVolumeClaim":   # getPodsForPVC: "Used By"
        related["pods"] = ctx.client.list("pods", namespace)
    elif kind in ("ReplicaSet", "ReplicationController", "Job", "DaemonSet", "StatefulSet"):
        uid = obj["metadata"]["uid"]
        related["pods"] = [p for p in ctx.client.list("pods", namespace)
                           if any(r.get("uid") == uid for r in p["metadata"].get("ownerReferences", []))]
    return related


def events_for(ctx: Context, obj: dict) -> list[dict]:
    namespace = obj["metadata"].get("namespace") or "default"
    # The kubelet names its Node in events by the node's name, not its uid.
    uids = {obj["metadata"].get("uid"), obj["metadata"]["name"] if obj["kind"] == "Node" else None}
    return [e for e in ctx.client.list("events", None if obj["kind"] in ("Node", "Namespace")
                                       else namespace)
            if e.get("involvedObject", {}).get("uid") in uids - {None}]


def run(ctx: Context, argv: list[str], stdin: str | None) -> str:
    from ..describe import describe

    parsed = parse(argv, FLAGS, "describe")
    if not parsed.args:
        raise KubectlError("error: You must specify the type of resource to describe. Use "
                           '"kubectl api-resources" for a complete list of supported resources.')
    namespace = None if parsed.get("all-namespaces") else ctx.namespace(parsed)
    blocks, failures = [], []
    for rt, names in parse_targets(parsed.args, ctx):
        ns = namespace if rt.namespaced else None
        try:
            if names:
                objects = []
                for name in names:
                    objects.append(_get_or_prefix(ctx, rt, ns, name))
            else:
                objects = ctx.client.list(rt, ns, parsed.get("selector"))
        except errors.ApiError as error:
            failures.append(error)
            continue
        for obj in objects:
            events = events_for(ctx, obj) if parsed.get("show-events") else []
            blocks.append(describe(obj, events, related_objects(ctx, obj), now=ctx.now).rstrip("\n"))
    text = "\n\n\n".join(blocks)
    if failures:
        raise KubectlError(aggregate_message(failures), output=text)
    if not blocks:
        return no_resources_message(namespace or "", namespace is None).rstrip("\n")
    return text


def _get_or_prefix(ctx: Context, rt, namespace, name: str) -> dict:
    """describe falls back to objects whose name starts with NAME (describe.go)."""
    try:
        return ctx.client.get(rt, namespace, name)
    except errors.ApiError as error:
        if error.code != 404:
            raise
        matches = [o for o in ctx.client.list(rt, namespace)
                   if o["metadata"]["name"].startswith(name)]
        if not matches:
            raise
        return matches[0]
