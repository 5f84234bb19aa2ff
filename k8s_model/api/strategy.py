"""Per-kind rules of the API server's REST storage (pkg/registry/<group>/<kind>/strategy.go).

Each kind's strategy answers a few questions the generic request handler asks:
does it have a `status` subresource (so a spec write cannot touch status and a status
write cannot touch spec)? Does it track `metadata.generation` (bumped when the spec
changes, so controllers can report `observedGeneration`)? What does `PrepareForCreate`
reset? Is deletion graceful (a Pod on a node gets `deletionTimestamp` and waits for its
kubelet)?
"""

from __future__ import annotations

from .resources import ResourceType

# Kinds served with a /status subresource.
STATUS_SUBRESOURCE = {
    "pods", "nodes", "namespaces", "services", "replicationcontrollers", "deployments",
    "replicasets", "daemonsets", "statefulsets", "jobs", "cronjobs", "ingresses",
    "horizontalpodautoscalers", "persistentvolumeclaims", "persistentvolumes",
    "resourcequotas", "customresourcedefinitions",
}

# Kinds whose strategy sets generation = 1 on create and bumps it on spec changes.
# Pods joined in v1.33 (PodObservedGenerationTracking).
GENERATION_TRACKED = {
    "pods", "replicationcontrollers", "deployments", "replicasets", "daemonsets",
    "statefulsets", "jobs", "cronjobs", "ingresses", "ingressclasses",
    "horizontalpodautoscalers", "endpointslices", "customresourcedefinitions",
}

# What a write to the main resource may not change: the "status" part. Namespaces and
# Nodes keep their spec-like parts elsewhere, but the rule is the same.
SPEC_KEYS_IGNORED_FOR_GENERATION = ("metadata", "status", "apiVersion", "kind")


def has_status(resource: ResourceType) -> bool:
    if resource.custom is not None:   # a CRD's `subresources: {status: {}}`
        return resource.custom.status_enabled
    return resource.plural in STATUS_SUBRESOURCE


def tracks_generation(resource: ResourceType) -> bool:
    if resource.custom is not None:
        return True
    return resource.plural in GENERATION_TRACKED


def spec_of(obj: dict) -> dict:
    """Everything a generation bump looks at: the object minus metadata and status."""
    return {k: v for k, v in obj.items() if k not in SPEC_KEYS_IGNORED_FOR_GENERATION}


def prepare_for_create(resource: ResourceType, obj: dict) -> None:
    """Reset what a client may not set on create (strategy.PrepareForCreate)."""
    if resource.custom is not None:
        resource.custom.prepare_for_create(obj)
        return
    kind = resource.plural
    if kind == "namespaces":
        from .defaults import prepare_namespace
        prepare_namespace(obj, None)
    if kind == "pods":
        from .qos import pod_qos_class
        obj["status"] = {"phase": "Pending", "qosClass": pod_qos_class(obj)}
    elif kind == "namespaces":
        obj["status"] = {"phase": "Active"}
    elif kind == "services":
        obj["status"] = {"loadBalancer": {}}
    elif kind in ("nodes", "persistentvolumes", "persistentvolumeclaims"):
        # kubelets register Nodes with their status; PV/PVC phases are set by controllers.
        if kind != "nodes":
            obj["status"] = {"phase": "Pending"}
    elif kind == "customresourcedefinitions":
        from .apiextensions.crd_validation import initial_status
        obj["status"] = initial_status(obj)
    elif kind == "horizontalpodautoscalers":
        # HorizontalPodAutoscalerStatus{}: desiredReplicas and currentMetrics lack omitempty.
        obj["status"] = {"currentMetrics": None, "desiredReplicas": 0}
    elif has_status(resource):
        obj["status"] = {}
    if tracks_generation(resource):
        obj["metadata"]["generation"] = 1
    if kind == "daemonsets":
        _set_template_generation(obj, 1)


# DaemonSet's spec.templateGeneration exists only inside the API server; apps/v1 shows
# it as this annotation. It starts at 1 and goes up with every template change; a
# client's own value is ignored (pkg/registry/apps/daemonset/strategy.go).
TEMPLATE_GENERATION = "deprecated.daemonset.template.generation"


def _set_template_generation(obj: dict, generation: int) -> None:
    obj["metadata"]["annotations"] = {**(obj["metadata"].get("annotations") or {}),
                                      TEMPLATE_GENERATION: str(generation)}


def prepare_for_update(resource: ResourceType, obj: dict, old: dict, subresource: str | None) -> None:
    """Keep status on a spec write, keep spec on a status write (PrepareForUpdate), and
    bump generation when the spec changed."""
    if resource.custom is not None:
        resource.custom.prepare_for_update(obj, old, subresource)
        return
    if subresource == "finalize":  # namespaces/finalize: only spec.finalizers may change
        finalizers = obj.get("spec", {}).get("finalizers", [])
        obj.clear()
        obj.update(old)
        obj["spec"] = {**old.get("spec", {}), "finalizers": finalizers}
        return
    if subresource == "status":
        status = obj.get("status")
        # deploymentStatusStrategy keeps only spec and labels: the deployment controller
        # writes the `deployment.kubernetes.io/revision` annotation with the status.
        annotations = obj.get("metadata", {}).get("annotations")
        obj.clear()
        obj.update({k: v for k, v in old.items() if k != "status"})
        if status is not None:
            obj["status"] = status
        if resource.plural == "deployments":
            obj["metadata"] = {**obj["metadata"], "annotations": annotations}
            if annotations is None:
                del obj["metadata"]["annotations"]
        return
    if resource.plural == "namespaces":
        from .defaults import prepare_namespace
        prepare_namespace(obj, old)
    if has_status(resource):
        if "status" in old:
            obj["status"] = old["status"]
        else:
            obj.pop("status", None)
    if tracks_generation(resource):
        generation = old["metadata"].get("generation", 1)
        # An EndpointSlice's generation also counts label changes (its PrepareForUpdate).
        labels_changed = resource.plural == "endpointslices" and \
            obj["metadata"].get("labels") != old["metadata"].get("labels")
        if spec_of(obj) != spec_of(old) or labels_changed:
            generation += 1
        obj["metadata"]["generation"] = generation
    if resource.plural == "daemonsets":
        previous = int((old["metadata"].get("annotations") or {}).get(TEMPLATE_GENERATION, 1))
        changed = (obj.get("spec") or {}).get("template") != (old.get("spec") or {}).get("template")
        _set_template_generation(obj, previous + 1 if changed else previous)


def is_graceful_delete(resource: ResourceType, obj: dict) -> bool:
    """Pods bound to a node are deleted gracefully: their kubelet stops the containers
    first (pkg/registry/core/pod/strategy.go CheckGracefulDelete). An unscheduled Pod or
    a Pod that already finished goes at once."""
    if resource.plural != "pods":
        return False
    if not obj.get("spec", {}).get("nodeName"):
        return False
    return obj.get("status", {}).get("phase") not in ("Succeeded", "Failed")


def default_grace_period(obj: dict) -> int:
    return obj.get("spec", {}).get("terminationGracePeriodSeconds", 30)
