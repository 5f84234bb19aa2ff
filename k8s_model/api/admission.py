"""Admission: the plugins that change or refuse a request after it is authorized.

Mirrors the default plugin chain of kube-apiserver (plugin/pkg/admission/…), in upstream
order, for the plugins whose effect a learner can see:

* NamespaceLifecycle — no objects in a namespace that does not exist or is terminating;
  the four system namespaces cannot be deleted.
* LimitRanger — a container's missing requests and limits from the namespace's
  LimitRanges, then their min/max checks (admission_limitranger.py).
* ServiceAccount — a Pod runs as the `default` service account and gets its API token
  mounted as the projected volume `kube-api-access-xxxxx`.
* TaintNodesByCondition — a new Node starts tainted `node.kubernetes.io/not-ready`.
* Priority — `spec.priority` from the PriorityClass (0 without one).
* DefaultTolerationSeconds — every Pod tolerates `not-ready` and `unreachable` for 300 s,
  which is why Pods leave a failed node five minutes after it goes NotReady.
* StorageObjectInUseProtection — a new claim gets the finalizer
  `kubernetes.io/pvc-protection`, a new volume `kubernetes.io/pv-protection`, so neither
  disappears while in use (controllers/volume/protection.py removes them).
* DefaultStorageClass — a claim that names no class (no `storageClassName`, not even "")
  gets the default StorageClass, the newest one annotated
  `storageclass.kubernetes.io/is-default-class: "true"`.
* DefaultIngressClass — an Ingress that names no class (no `spec.ingressClassName`, no
  `kubernetes.io/ingress.class` annotation) gets the default IngressClass, the newest one
  annotated `ingressclass.kubernetes.io/is-default-class: "true"`.
* ResourceQuota — last of the validating plugins: the object must fit every quota of its
  namespace, which is charged for it (admission_resourcequota.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import admission_limitranger, admission_resourcequota, errors
from .meta import generate_name
from .resources import ResourceType, by_plural
from .storage_util import BETA_STORAGE_CLASS_ANNOTATION, is_default_annotation

if TYPE_CHECKING:
    from .server import APIServer

SYSTEM_NAMESPACES = ("default", "kube-system", "kube-public", "kube-node-lease")
DEFAULT_TOLERATION_SECONDS = 300
SERVICE_ACCOUNT_MOUNT = "/var/run/secrets/kubernetes.io/serviceaccount"
# Built-in PriorityClasses (pkg/apis/scheduling): the rest come from the API.
SYSTEM_PRIORITY_CLASSES = {"system-node-critical": 2000001000,
                           "system-cluster-critical": 2000000000}


def namespace_lifecycle(server: "APIServer", resource: ResourceType, verb: str,
                        namespace: str | None, name: str | None) -> None:
    if resource.plural == "namespaces" and verb == "delete" and name in SYSTEM_NAMESPACES:
        raise errors.forbidden_request(
            f'namespaces "{name}" is forbidden: this namespace may not be deleted',
            "namespaces", "", name or "")
    if verb != "create" or not resource.namespaced:
        return
    ns = server.storage_get(server.namespaces, None, namespace or "")
    if ns is None:
        raise errors.not_found("namespaces", "", namespace or "")
    if ns.get("status", {}).get("phase") == "Terminating":
        error = errors.forbidden_request(
            f"{resource.plural} \"{name or ''}\" is forbidden: unable to create new content in "
            f"namespace {namespace} because it is being terminated",
            resource.plural, resource.group, name or "")
        # The cause tells controllers to stop creating in this namespace quietly.
        error.status["details"]["causes"] = [{
            "type": "NamespaceTerminating", "field": "metadata.namespace",
            "message": f"namespace {namespace} is being terminated"}]
        raise error


MIRROR_POD = "kubernetes.io/config.mirror"


def service_account(server: "APIServer", pod: dict) -> None:
    if MIRROR_POD in (pod["metadata"].get("annotations") or {}):
        return  # static Pods run without the API, so they get no API token
    spec = pod["spec"]
    account = spec.get("serviceAccountName") or spec.get("serviceAccount") or "default"
    spec["serviceAccountName"] = account
    spec["serviceAccount"] = account
    namespace = pod["metadata"].get("namespace", "default")
    if server.storage_get(server.serviceaccounts, namespace, account) is None:
        # admission.NewForbidden names a Pod still without a name by its generateName.
        name = pod["metadata"].get("name") or pod["metadata"].get("generateName", "")
        raise errors.forbidden_request(
            f'pods "{name}" is forbidden: error looking up service '
            f'account {namespace}/{account}: serviceaccount "{account}" not found',
            "pods", "", name)
    if spec.get("automountServiceAccountToken") is False:
        return
    if any(m.get("mountPath") == SERVICE_ACCOUNT_MOUNT
           for c in spec.get("containers", []) for m in c.get("volumeMounts", [])):
        return
    volume_name = generate_name("kube-api-access-", server.sim.random)
    spec.setdefault("volumes", []).append({
        "name": volume_name,
        "projected": {
            "sources": [
                {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                {"configMap": {"name": "kube-root-ca.crt",
                               "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
                {"downwardAPI": {"items": [{"path": "namespace", "fieldRef": {
                    "apiVersion": "v1", "fieldPath": "metadata.namespace"}}]}},
            ],
            "defaultMode": 420,
        },
    })
    mount = {"name": volume_name, "readOnly": True, "mountPath": SERVICE_ACCOUNT_MOUNT}
    for container in spec.get("initContainers", []) + spec.get("containers", []):
        container.setdefault("volumeMounts", []).append(dict(mount))


def taint_nodes_by_condition(node: dict) -> None:
    taints = node.setdefault("spec", {}).setdefault("taints", [])
    if not any(t.get("key") == "node.kubernetes.io/not-ready" and t.get("effect") == "NoSchedule"
               for t in taints):
        taints.append({"key": "node.kubernetes.io/not-ready", "effect": "NoSchedule"})


def priority(server: "APIServer", pod: dict) -> None:
    spec = pod["spec"]
    class_name = spec.get("priorityClassName")
    if class_name:
        value = SYSTEM_PRIORITY_CLASSES.get(class_name)
        if value is None:
            raise errors.forbidden_request(
                f'pods "{pod["metadata"].get("name", "")}" is forbidden: no PriorityClass with '
                f"name {class_name} was found", "pods", "", pod["metadata"].get("name", ""))
        spec["priority"] = value
    else:
        spec.setdefault("priority", 0)
    spec.setdefault("preemptionPolicy", "PreemptLowerPriority")


def default_toleration_seconds(pod: dict) -> None:
    tolerations = pod["spec"].setdefault("tolerations", [])
    for key in ("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"):
        tolerated = any(
            t.get("effect") in ("NoExecute", None, "")
            and (t.get("key") == key or (not t.get("key") and t.get("operator") == "Exists"))
            for t in tolerations)
        if not tolerated:
            tolerations.append({"key": key, "operator": "Exists", "effect": "NoExecute",
                                "tolerationSeconds": DEFAULT_TOLERATION_SECONDS})


def default_storage_class(server: "APIServer", pvc: dict) -> None:
    """plugin/pkg/admission/storage/storageclass/setdefault: PersistentVolumeClaimHasClass
    counts the beta annotation and an explicit "" as a class; GetDefaultClass picks the
    newest default class, ties broken by name."""
    if BETA_STORAGE_CLASS_ANNOTATION in (pvc["metadata"].get("annotations") or {}):
        return
    if pvc.get("spec", {}).get("storageClassName") is not None:
        return
    classes = by_plural("storageclasses", "storage.k8s.io")
    defaults = [server.decode(kv) for kv in server.store.range(classes.prefix)]
    defaults = [sc for sc in defaults if is_default_annotation(sc)]
    if defaults:
        defaults.sort(key=lambda sc: sc["metadata"]["name"])
        newest = max(defaults, key=lambda sc: sc["metadata"].get("creationTimestamp", ""))
        pvc.setdefault("spec", {})["storageClassName"] = newest["metadata"]["name"]


INGRESS_CLASS_ANNOTATION = "kubernetes.io/ingress.class"
DEFAULT_INGRESS_CLASS = "ingressclass.kubernetes.io/is-default-class"


def default_ingress_class(server: "APIServer", ing: dict) -> None:
    """plugin/pkg/admission/network/defaultingressclass: the newest default class,
    ties broken by name, as for StorageClasses."""
    if ing.get("spec", {}).get("ingressClassName") is not None:
        return
    if INGRESS_CLASS_ANNOTATION in (ing["metadata"].get("annotations") or {}):
        return
    classes = by_plural("ingressclasses", "networking.k8s.io")
    defaults = [server.decode(kv) for kv in server.store.range(classes.prefix)]
    defaults = [ic for ic in defaults
                if (ic["metadata"].get("annotations") or {}).get(DEFAULT_INGRESS_CLASS) == "true"]
    if defaults:
        defaults.sort(key=lambda ic: ic["metadata"]["name"])
        newest = max(defaults, key=lambda ic: ic["metadata"].get("creationTimestamp", ""))
        ing.setdefault("spec", {})["ingressClassName"] = newest["metadata"]["name"]


def storage_object_in_use_protection(obj: dict, finalizer: str) -> None:
    """plugin/pkg/admission/storage/storageobjectinuseprotection."""
    finalizers = obj["metadata"].setdefault("finalizers", [])
    if finalizer not in finalizers:
        finalizers.append(finalizer)


def admit(server: "APIServer", resource: ResourceType, verb: str, obj: dict) -> None:
    """The mutating chain, in upstream's plugin order, for creates."""
    if verb != "create":
        return
    if resource.plural == "pods":
        admission_limitranger.admit(server, obj)
        service_account(server, obj)
        priority(server, obj)
        default_toleration_seconds(obj)
    elif resource.plural == "nodes":
        taint_nodes_by_condition(obj)
    elif resource.plural == "persistentvolumeclaims":
        default_storage_class(server, obj)
        storage_object_in_use_protection(obj, "kubernetes.io/pvc-protection")
    elif resource.plural == "persistentvolumes":
        storage_object_in_use_protection(obj, "kubernetes.io/pv-protection")
    elif resource.plural == "ingresses":
        default_ingress_class(server, obj)


def validate(server: "APIServer", resource: ResourceType, verb: str, obj: dict,
             dry_run: bool = False, old: dict | None = None,
             subresource: str | None = None) -> None:
    """The validating chain, run on the finished object (name generated, validation
    passed) just before it is stored: LimitRanger (Pods on create, claims on create and
    update), then ResourceQuota (which decides per resource which verbs it charges)."""
    limited = "pods" if verb == "create" else None
    if not subresource and resource.plural in (limited, "persistentvolumeclaims"):
        admission_limitranger.validate(server, resource.plural, obj)
    admission_resourcequota.validate(server, resource, verb, obj, old, dry_run)
