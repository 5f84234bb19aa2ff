"""Tables for core/v1 kinds other than Pods and Services (printers.go).

Nodes: STATUS comes from the Ready condition only (`Ready`, `NotReady`, `Unknown`
when the condition is missing), plus `SchedulingDisabled` for a cordoned node, e.g.
`Ready,SchedulingDisabled`. ROLES lists `node-role.kubernetes.io/<role>` label
suffixes and `kubernetes.io/role` values, sorted, or `<none>`.
Events: the row kubectl shows as LAST SEEN TYPE REASON OBJECT MESSAGE; the wide
columns add SUBOBJECT SOURCE FIRST SEEN COUNT NAME.
"""

from __future__ import annotations

from k8s_model.api.storage_util import is_default_annotation, storage_class_of
from k8s_model.api.tables.common import (AGE, NAME, Column, Printer, age, doc,
                                         translate_timestamp_since, wide)

LABEL_NODE_ROLE_PREFIX = "node-role.kubernetes.io/"
NODE_LABEL_ROLE = "kubernetes.io/role"


# -- Node ------------------------------------------------------------------------------
def find_node_roles(node: dict) -> list[str]:
    roles = set()
    for key, value in (node.get("metadata", {}).get("labels") or {}).items():
        if key.startswith(LABEL_NODE_ROLE_PREFIX):
            if key[len(LABEL_NODE_ROLE_PREFIX):]:
                roles.add(key[len(LABEL_NODE_ROLE_PREFIX):])
        elif key == NODE_LABEL_ROLE and value:
            roles.add(value)
    return sorted(roles)


def _node_address(node: dict, kind: str) -> str:
    for address in node.get("status", {}).get("addresses") or []:
        if address.get("type") == kind:
            return address.get("address", "")
    return "<none>"


def node_cells(node: dict, now: float) -> list:
    conditions = {c.get("type"): c for c in node.get("status", {}).get("conditions") or []}
    status = []
    if "Ready" in conditions:
        status.append("Ready" if conditions["Ready"].get("status") == "True" else "NotReady")
    if not status:
        status.append("Unknown")
    if node.get("spec", {}).get("unschedulable"):
        status.append("SchedulingDisabled")
    info = node.get("status", {}).get("nodeInfo") or {}
    return [node["metadata"]["name"], ",".join(status), ",".join(find_node_roles(node)) or "<none>",
            age(node, now), info.get("kubeletVersion", ""),
            _node_address(node, "InternalIP"), _node_address(node, "ExternalIP"),
            info.get("osImage") or "<unknown>", info.get("kernelVersion") or "<unknown>",
            info.get("containerRuntimeVersion") or "<unknown>"]


NODE_COLUMNS = (
    NAME, Column("Status", description="The status of the node"),
    Column("Roles", description="The roles of the node"), AGE,
    Column("Version", description=doc("node.nodeInfo.kubeletVersion")),
    wide("Internal-IP", doc("node.status.addresses")),
    wide("External-IP", doc("node.status.addresses")),
    wide("OS-Image", doc("node.nodeInfo.osImage")),
    wide("Kernel-Version", doc("node.nodeInfo.kernelVersion")),
    wide("Container-Runtime", doc("node.nodeInfo.containerRuntimeVersion")),
)


# -- Event -----------------------------------------------------------------------------
def format_event_source(event: dict) -> str:
    """formatEventSource: `component, host`, falling back to reportingComponent/Instance."""
    source = event.get("source") or {}
    component = source.get("component") or event.get("reportingComponent") or ""
    instance = source.get("host") or event.get("reportingInstance") or ""
    return component if not instance else f"{component}, {instance}"


def event_cells(event: dict, now: float) -> list:
    if event.get("firstTimestamp"):
        first = translate_timestamp_since(event["firstTimestamp"], now)
    else:
        first = translate_timestamp_since(event.get("eventTime"), now)
    last = translate_timestamp_since(event.get("lastTimestamp"), now) \
        if event.get("lastTimestamp") else first
    count = event.get("count") or 0
    if event.get("series"):
        last = translate_timestamp_since(event["series"].get("lastObservedTime"), now)
        count = event["series"].get("count", 0)
    elif count == 0:
        count = 1   # singleton events carry no count in the events.k8s.io API
    involved = event.get("involvedObject") or {}
    target = involved.get("kind", "").lower()
    if involved.get("name"):
        target = f"{target}/{involved['name']}"
    return [last, event.get("type", ""), event.get("reason", ""), target,
            involved.get("fieldPath", ""), format_event_source(event),
            (event.get("message") or "").strip(), first, count, event["metadata"]["name"]]


EVENT_COLUMNS = (
    Column("Last Seen", description=doc("event.lastTimestamp")),
    Column("Type", description=doc("event.type")),
    Column("Reason", description=doc("event.reason")),
    Column("Object", description=doc("event.involvedObject")),
    wide("Subobject", doc("objref.fieldPath")),
    wide("Source", doc("event.source")),
    Column("Message", description=doc("event.message")),
    wide("First Seen", doc("event.firstTimestamp")),
    wide("Count", doc("event.count")),
    Column("Name", format="name", priority=1, description=doc("meta.name")),
)


# -- storage ---------------------------------------------------------------------------
def access_modes(modes: list | None) -> str:
    """helper.GetAccessModesAsString: RWO,ROX,RWX,RWOP in that order."""
    modes = modes or []
    names = (("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"),
             ("ReadWriteOncePod", "RWOP"))
    return ",".join(short for mode, short in names if mode in modes)


def pv_cells(pv: dict, now: float) -> list:
    spec, status = pv.get("spec", {}), pv.get("status", {})
    claim = spec.get("claimRef")
    claim_text = f"{claim.get('namespace', '')}/{claim.get('name', '')}" if claim else ""
    phase = "Terminating" if pv["metadata"].get("deletionTimestamp") else status.get("phase", "")
    return [pv["metadata"]["name"], (spec.get("capacity") or {}).get("storage", "0"),
            access_modes(spec.get("accessModes")), spec.get("persistentVolumeReclaimPolicy", ""),
            phase, claim_text, storage_class_of(pv),
            spec.get("volumeAttributesClassName") or "<unset>",
            status.get("reason", ""), age(pv, now), spec.get("volumeMode") or "<unset>"]


def pvc_cells(pvc: dict, now: float) -> list:
    spec, status = pvc.get("spec", {}), pvc.get("status", {})
    phase = "Terminating" if pvc["metadata"].get("deletionTimestamp") else status.get("phase", "")
    capacity = modes = ""
    if spec.get("volumeName"):
        modes = access_modes(status.get("accessModes"))
        capacity = (status.get("capacity") or {}).get("storage", "0")
    return [pvc["metadata"]["name"], phase, spec.get("volumeName", ""), capacity, modes,
            storage_class_of(pvc), spec.get("volumeAttributesClassName") or "<unset>", age(pvc, now),
            spec.get("volumeMode") or "<unset>"]


PV_COLUMNS = (
    NAME, Column("Capacity", description=doc("pv.spec.capacity")),
    Column("Access Modes", description=doc("pv.spec.accessModes")),
    Column("Reclaim Policy", description=doc("pv.spec.persistentVolumeReclaimPolicy")),
    Column("Status", description=doc("pv.status.phase")),
    Column("Claim", description=doc("pv.spec.claimRef")),
    Column("StorageClass", description="StorageClass of the pv"),
    Column("VolumeAttributesClass", description="VolumeAttributesClass of the pv"),
    Column("Reason", description=doc("pv.status.reason")), AGE,
    wide("VolumeMode", doc("pv.spec.volumeMode")),
)
PVC_COLUMNS = (
    NAME, Column("Status", description=doc("pvc.status.phase")),
    Column("Volume", description=doc("pvc.spec.volumeName")),
    Column("Capacity", description=doc("pvc.status.capacity")),
    Column("Access Modes", description=doc("pvc.status.accessModes")),
    Column("StorageClass", description="StorageClass of the pvc"),
    Column("VolumeAttributesClass", description="VolumeAttributesClass of the pvc"), AGE,
    wide("VolumeMode", doc("pvc.spec.volumeMode")),
)


# -- StorageClass (printStorageClass) --------------------------------------------------
def storage_class_cells(sc: dict, now: float) -> list:
    """`standard (default)   k8s.io/minikube-hostpath   Delete   Immediate   false`."""
    name = sc["metadata"]["name"] + (" (default)" if is_default_annotation(sc) else "")
    return [name, sc.get("provisioner", ""), sc.get("reclaimPolicy") or "Delete",
            sc.get("volumeBindingMode") or "Immediate", bool(sc.get("allowVolumeExpansion")),
            age(sc, now)]


STORAGE_CLASS_COLUMNS = (
    NAME, Column("Provisioner", description=doc("sc.provisioner")),
    Column("ReclaimPolicy", description=doc("sc.reclaimPolicy")),
    Column("VolumeBindingMode", description=doc("sc.volumeBindingMode")),
    Column("AllowVolumeExpansion", description=doc("sc.allowVolumeExpansion")), AGE,
)


# -- ResourceQuota ---------------------------------------------------------------------
def quota_cells(quota: dict, now: float) -> list:
    """printResourceQuota: `pods: 1/10, requests.cpu: 500m/2`, the `limits.*` resources
    apart, from status (a quota the controller has not synced yet shows nothing)."""
    hard = quota.get("status", {}).get("hard") or {}
    used = quota.get("status", {}).get("used") or {}
    requests, limits = [], []
    for resource in sorted(hard):
        column = limits if resource.split(".")[0] == "limits" and "." in resource else requests
        column.append(f"{resource}: {used.get(resource, '0')}/{hard[resource]}")
    return [quota["metadata"]["name"], age(quota, now), ", ".join(requests), ", ".join(limits)]


QUOTA_COLUMNS = (  # AGE second, as printers.go declares it
    NAME, AGE,
    Column("Request", description="Request represents a minimum amount of cpu/memory that a "
                                  "container may consume."),
    Column("Limit", description="Limits control the maximum amount of cpu/memory that a container "
                                "may use independent of contention on the node."),
)


def _simple(*cells):
    """A row of the object's name, the given cell functions, then AGE."""
    def row(obj: dict, now: float) -> list:
        return [obj["metadata"]["name"], *(f(obj) for f in cells), age(obj, now)]
    return row


PRINTERS = {
    "Node": Printer(NODE_COLUMNS, node_cells),
    "Event": Printer(EVENT_COLUMNS, event_cells),
    "Namespace": Printer(
        (NAME, Column("Status", description="The status of the namespace"), AGE),
        _simple(lambda ns: ns.get("status", {}).get("phase", ""))),
    "ConfigMap": Printer(
        (NAME, Column("Data", description=doc("cm.data")), AGE),
        _simple(lambda cm: len(cm.get("data") or {}) + len(cm.get("binaryData") or {}))),
    "Secret": Printer(
        (NAME, Column("Type", description=doc("secret.type")),
         Column("Data", description=doc("secret.data")), AGE),
        _simple(lambda s: s.get("type", ""), lambda s: len(s.get("data") or {}))),
    "ServiceAccount": Printer(
        (NAME, Column("Secrets", description=doc("sa.secrets")), AGE),
        _simple(lambda sa: len(sa.get("secrets") or []))),
    "PersistentVolume": Printer(PV_COLUMNS, pv_cells),
    "PersistentVolumeClaim": Printer(PVC_COLUMNS, pvc_cells),
    "StorageClass": Printer(STORAGE_CLASS_COLUMNS, storage_class_cells),
    "ResourceQuota": Printer(QUOTA_COLUMNS, quota_cells),
}
