"""What each object costs in quota (pkg/quota/v1/evaluator/core, apiserver quota/v1/generic).

An evaluator knows, for one resource, which quota names it can charge (`matching_resources`),
whether an object falls under a quota's scopes, and the object's `usage`:

* Pods — `pods`, `requests.cpu`/`cpu`, `limits.cpu`, the same for memory and
  ephemeral-storage, from the Pod's total requests and limits; a Pod that finished
  (Succeeded/Failed) is charged only `count/pods`.
* Services — `services`, `services.nodeports`, `services.loadbalancers`.
* PersistentVolumeClaims — `persistentvolumeclaims`, `requests.storage`, and both again
  per StorageClass (`gold.storageclass.storage.k8s.io/requests.storage`).
* everything else — object count: `count/deployments.apps`, `count/configmaps`, and the
  old names `configmaps`, `secrets`, `replicationcontrollers`, `resourcequotas`.
"""

from __future__ import annotations

from ...sim import parse_timestamp
from ..qos import pod_qos_class
from ..quantity import Quantity
from ..resource_helper import pod_requests_and_limits
from ..resources import RESOURCES, ResourceType
from ..selectors import from_label_selector
from .resources import add

ONE, ZERO = Quantity.from_int(1), Quantity.from_int(0)
# The old names quota kept before count/<resource> existed (core/registry.go).
LEGACY_OBJECT_COUNT_ALIASES = {"configmaps": "configmaps", "resourcequotas": "resourcequotas",
                               "replicationcontrollers": "replicationcontrollers",
                               "secrets": "secrets"}
# If a quota limits cpu or memory, every container must say how much it wants: "a mistake",
# upstream says, kept for compatibility (pods.go validationSet).
VALIDATION_SET = ("cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu",
                  "limits.memory")
STORAGE_CLASS_SUFFIX = ".storageclass.storage.k8s.io/"


def object_count_name(resource: ResourceType) -> str:
    """ObjectCountQuotaResourceNameFor: `count/pods`, `count/deployments.apps`."""
    group = f".{resource.group}" if resource.group else ""
    return f"count/{resource.plural}{group}"


def scope_selectors(quota: dict) -> list[dict]:
    """getScopeSelectorsFromQuota: spec.scopes as Exists, then spec.scopeSelector."""
    spec = quota.get("spec") or {}
    selectors = [{"scopeName": s, "operator": "Exists"} for s in spec.get("scopes") or []]
    return selectors + list((spec.get("scopeSelector") or {}).get("matchExpressions") or [])


class ObjectCountEvaluator:
    """generic.objectCountEvaluator: one of each object, charged on create."""

    def __init__(self, resource: ResourceType) -> None:
        self.resource = resource
        self.names = [object_count_name(resource)]
        alias = LEGACY_OBJECT_COUNT_ALIASES.get(resource.plural) if not resource.group else None
        if alias:
            self.names.append(alias)

    def handles(self, verb: str) -> bool:
        return verb == "create"

    def matching_resources(self, names) -> list[str]:
        return [n for n in names if n in self.names]

    def matches_scope(self, selector: dict, obj: dict) -> bool:
        return False  # MatchesNoScopeFunc: a scoped quota counts only Pods

    def constraints(self, required: list[str], obj: dict) -> str | None:
        return None

    def usage(self, obj: dict, now: float) -> dict:
        return {name: ONE for name in self.names}


class PodEvaluator(ObjectCountEvaluator):
    COMPUTE = ("pods", "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory",
               "requests.ephemeral-storage", "limits.cpu", "limits.memory",
               "limits.ephemeral-storage")

    def __init__(self, resource: ResourceType) -> None:
        super().__init__(resource)
        self.names = self.names + list(self.COMPUTE)

    def matching_resources(self, names) -> list[str]:
        return [n for n in names if n in self.names or n.startswith(("hugepages-",
                                                                      "requests.hugepages-"))]

    def matches_scope(self, selector: dict, pod: dict) -> bool:
        """podMatchesScopeFunc."""
        spec, scope = pod.get("spec") or {}, selector.get("scopeName")
        deadline = spec.get("activeDeadlineSeconds")
        terminating = deadline is not None and deadline >= 0
        best_effort = pod_qos_class(pod) == "BestEffort"
        if scope in ("Terminating", "NotTerminating"):
            return terminating == (scope == "Terminating")
        if scope in ("BestEffort", "NotBestEffort"):
            return best_effort == (scope == "BestEffort")
        if scope == "PriorityClass":
            name = spec.get("priorityClassName")
            if selector.get("operator") == "Exists":
                return bool(name)
            requirement = {"key": "PriorityClass", "operator": selector.get("operator"),
                           "values": selector.get("values") or []}
            return from_label_selector({"matchExpressions": [requirement]}).matches(
                {"PriorityClass": name} if name else {})
        return False

    def constraints(self, required: list[str], pod: dict) -> str | None:
        """Every container must set what a cpu/memory quota limits: `must specify
        limits.cpu for: nginx; limits.memory for: nginx`."""
        required_set = set(required) & set(VALIDATION_SET)
        missing: dict[str, set[str]] = {}
        spec = pod.get("spec") or {}
        for container in (spec.get("containers") or []) + (spec.get("initContainers") or []):
            resources = container.get("resources") or {}
            usage = compute_usage(resources.get("requests") or {}, resources.get("limits") or {})
            for name in required_set - set(usage):
                missing.setdefault(name, set()).add(container.get("name", ""))
        if not missing:
            return None
        return "must specify " + "; ".join(
            f"{name} for: {','.join(sorted(missing[name]))}" for name in sorted(missing))

    def usage(self, pod: dict, now: float) -> dict:
        """PodUsageFunc: count/pods always; compute resources while the Pod lives."""
        result = {object_count_name(self.resource): ONE}
        if not quota_v1_pod(pod, now):
            return result
        requests, limits = pod_requests_and_limits(pod)
        return add(result, compute_usage(requests, limits))


def compute_usage(requests: dict, limits: dict) -> dict:
    """podComputeUsageHelper: `cpu` and `requests.cpu` from requests, `limits.cpu` from
    limits (same for memory and ephemeral-storage), hugepages and extended resources."""
    as_q = lambda v: v if isinstance(v, Quantity) else Quantity.parse(v)  # noqa: E731
    result = {"pods": ONE}
    for name in ("cpu", "memory", "ephemeral-storage"):
        if name in requests:
            result[name] = result[f"requests.{name}"] = as_q(requests[name])
        if name in limits:
            result[f"limits.{name}"] = as_q(limits[name])
    for name, value in requests.items():
        if name.startswith("hugepages-"):
            result[name] = as_q(value)
            result[f"requests.{name}"] = as_q(value)
        elif "/" in name and not name.startswith("kubernetes.io/"):  # extended resources
            result[f"requests.{name}"] = as_q(value)
    return result


def quota_v1_pod(pod: dict, now: float) -> bool:
    """QuotaV1Pod: a finished Pod, or one stuck terminating past its grace period (a
    lost node), stops counting, so it cannot block its replacements."""
    if (pod.get("status") or {}).get("phase") in ("Succeeded", "Failed"):
        return False
    meta = pod["metadata"]
    if meta.get("deletionTimestamp") and meta.get("deletionGracePeriodSeconds") is not None:
        if now > parse_timestamp(meta["deletionTimestamp"]) + meta["deletionGracePeriodSeconds"]:
            return False
    return True


class ServiceEvaluator(ObjectCountEvaluator):
    def __init__(self, resource: ResourceType) -> None:
        super().__init__(resource)
        self.names = self.names + ["services", "services.nodeports", "services.loadbalancers"]

    def handles(self, verb: str) -> bool:
        return verb in ("create", "update")

    def usage(self, service: dict, now: float) -> dict:
        spec = service.get("spec") or {}
        ports = Quantity.from_int(len(spec.get("ports") or []))
        result = {object_count_name(self.resource): ONE, "services": ONE,
                  "services.loadbalancers": ZERO, "services.nodeports": ZERO}
        if spec.get("type") == "NodePort":
            result["services.nodeports"] = ports
        elif spec.get("type") == "LoadBalancer":
            allocate = spec.get("allocateLoadBalancerNodePorts", True)
            result["services.nodeports"] = ports if allocate is not False else ZERO
            result["services.loadbalancers"] = ONE
        return result


class PersistentVolumeClaimEvaluator(ObjectCountEvaluator):
    def __init__(self, resource: ResourceType) -> None:
        super().__init__(resource)
        self.names = self.names + ["persistentvolumeclaims", "requests.storage"]

    def handles(self, verb: str) -> bool:
        return verb in ("create", "update")

    def matching_resources(self, names) -> list[str]:
        return [n for n in names if n in self.names or STORAGE_CLASS_SUFFIX in n]

    def usage(self, pvc: dict, now: float) -> dict:
        result = {object_count_name(self.resource): ONE, "persistentvolumeclaims": ONE}
        storage_class = (pvc.get("metadata", {}).get("annotations") or {}).get(
            "volume.beta.kubernetes.io/storage-class") or (pvc.get("spec") or {}).get(
            "storageClassName")
        prefix = f"{storage_class}{STORAGE_CLASS_SUFFIX}" if storage_class else None
        if prefix:
            result[prefix + "persistentvolumeclaims"] = ONE
        requested = (((pvc.get("spec") or {}).get("resources") or {}).get("requests") or {}).get(
            "storage")
        if requested is not None:
            result["requests.storage"] = Quantity.parse(requested)
            if prefix:
                result[prefix + "requests.storage"] = result["requests.storage"]
        return result


_SPECIAL = {"pods": PodEvaluator, "services": ServiceEvaluator,
            "persistentvolumeclaims": PersistentVolumeClaimEvaluator}
# The registry: one evaluator per namespaced resource the API serves.
REGISTRY = {r.plural if not r.group else f"{r.plural}.{r.group}":
            _SPECIAL.get(r.plural if not r.group else "", ObjectCountEvaluator)(r)
            for r in RESOURCES if r.namespaced and r.kind not in ("Binding", "Event")}


def evaluator_for(resource: ResourceType):
    return REGISTRY.get(resource.plural if not resource.group else
                        f"{resource.plural}.{resource.group}")


def matches(evaluator, quota: dict, obj: dict) -> bool:
    """generic.Matches: the quota's status.hard names something this evaluator charges,
    and the object is in every one of the quota's scopes."""
    hard = (quota.get("status") or {}).get("hard") or {}
    return bool(evaluator.matching_resources(hard)) and all(
        evaluator.matches_scope(s, obj) for s in scope_selectors(quota))
