"""The kinds the API server serves: what `kubectl api-resources` lists.

Each resource has a group, a version, a plural name (the REST path segment and the
etcd key), a kind, short names, and a scope (namespaced or cluster-wide). kubectl
resolves whatever a learner types — `po`, `pod`, `pods`, `deploy`,
`deployments.apps` — to one of these through `lookup`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ResourceType:
    plural: str
    kind: str
    group: str
    version: str
    namespaced: bool
    short_names: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    warning: str = ""  # what the API server says of a deprecated resource

    @property
    def api_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version

    @property
    def singular(self) -> str:
        return self.kind.lower()

    @property
    def group_resource(self) -> str:
        """`deployments.apps`, `pods`: the name in kubectl's `deployment.apps/web`."""
        return f"{self.plural}.{self.group}" if self.group else self.plural

    @property
    def kind_group(self) -> str:
        """`deployment.apps/web` uses the lower-case kind with its group."""
        return f"{self.singular}.{self.group}" if self.group else self.singular

    @property
    def prefix(self) -> str:
        """Where this resource's keys start in etcd: `/registry/pods/`."""
        return f"/registry/{_ETCD_PREFIX.get(self.plural, self.plural)}/"

    def key(self, namespace: str | None, name: str = "") -> str:
        """The etcd key: /registry/<resource>/<namespace>/<name>, with upstream's own
        prefixes where they differ (nodes are still `minions`, Services live under
        `services/specs`, Endpoints under `services/endpoints`)."""
        parts = ["", "registry", _ETCD_PREFIX.get(self.plural, self.plural)]
        if self.namespaced:
            parts.append(namespace or "")
        parts.append(name)
        return "/".join(parts)


# Upstream's storage prefixes that are not the plural name (pkg/registry/*/storage).
_ETCD_PREFIX = {
    "nodes": "minions",
    "services": "services/specs",
    "endpoints": "services/endpoints",
    "replicationcontrollers": "controllers",
    "ingresses": "ingress",
}

_ALL = ("all",)

RESOURCES: tuple[ResourceType, ...] = (
    ResourceType("bindings", "Binding", "", "v1", True),
    ResourceType("configmaps", "ConfigMap", "", "v1", True, ("cm",)),
    ResourceType("endpoints", "Endpoints", "", "v1", True, ("ep",),
                 warning="v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 "
                         "EndpointSlice"),
    ResourceType("events", "Event", "", "v1", True, ("ev",)),
    ResourceType("limitranges", "LimitRange", "", "v1", True, ("limits",)),
    ResourceType("namespaces", "Namespace", "", "v1", False, ("ns",)),
    ResourceType("nodes", "Node", "", "v1", False, ("no",)),
    ResourceType("persistentvolumeclaims", "PersistentVolumeClaim", "", "v1", True, ("pvc",)),
    ResourceType("persistentvolumes", "PersistentVolume", "", "v1", False, ("pv",)),
    ResourceType("pods", "Pod", "", "v1", True, ("po",), _ALL),
    ResourceType("replicationcontrollers", "ReplicationController", "", "v1", True, ("rc",),
                 _ALL),
    ResourceType("resourcequotas", "ResourceQuota", "", "v1", True, ("quota",)),
    ResourceType("secrets", "Secret", "", "v1", True),
    ResourceType("serviceaccounts", "ServiceAccount", "", "v1", True, ("sa",)),
    ResourceType("services", "Service", "", "v1", True, ("svc",), _ALL),
    ResourceType("controllerrevisions", "ControllerRevision", "apps", "v1", True),
    ResourceType("daemonsets", "DaemonSet", "apps", "v1", True, ("ds",), _ALL),
    ResourceType("deployments", "Deployment", "apps", "v1", True, ("deploy",), _ALL),
    ResourceType("replicasets", "ReplicaSet", "apps", "v1", True, ("rs",), _ALL),
    ResourceType("statefulsets", "StatefulSet", "apps", "v1", True, ("sts",), _ALL),
    ResourceType("horizontalpodautoscalers", "HorizontalPodAutoscaler", "autoscaling", "v2",
                 True, ("hpa",), _ALL),
    ResourceType("cronjobs", "CronJob", "batch", "v1", True, ("cj",), _ALL),
    ResourceType("jobs", "Job", "batch", "v1", True, (), _ALL),
    ResourceType("leases", "Lease", "coordination.k8s.io", "v1", True),
    ResourceType("endpointslices", "EndpointSlice", "discovery.k8s.io", "v1", True),
    ResourceType("ingressclasses", "IngressClass", "networking.k8s.io", "v1", False),
    ResourceType("ingresses", "Ingress", "networking.k8s.io", "v1", True, ("ing",)),
    ResourceType("clusterrolebindings", "ClusterRoleBinding", "rbac.authorization.k8s.io", "v1",
                 False),
    ResourceType("clusterroles", "ClusterRole", "rbac.authorization.k8s.io", "v1", False),
    ResourceType("rolebindings", "RoleBinding", "rbac.authorization.k8s.io", "v1", True),
    ResourceType("roles", "Role", "rbac.authorization.k8s.io", "v1", True),
    ResourceType("storageclasses", "StorageClass", "storage.k8s.io", "v1", False, ("sc",)),
)

_BY_PLURAL = {(r.group, r.plural): r for r in RESOURCES}
_BY_GROUP_KIND = {(r.group, r.kind): r for r in RESOURCES}


def by_plural(plural: str, group: str = "") -> ResourceType:
    return _BY_PLURAL[(group, plural)]


def for_kind(api_version: str, kind: str) -> ResourceType | None:
    """The resource serving `apiVersion`/`kind`, or None (kubectl: no matches for kind)."""
    group, _, version = api_version.rpartition("/")
    resource = _BY_GROUP_KIND.get((group, kind))
    if resource is None or resource.version != version:
        return None
    return resource


def lookup(name: str) -> ResourceType | None:
    """Resolve what a learner types after `kubectl get`: `po`, `pod`, `pods`,
    `deploy`, `Deployment`, `deployments.apps`, `deployments.v1.apps`."""
    text = name.lower()
    base, _, group = text.partition(".")
    for resource in RESOURCES:
        if resource.kind == "Binding":
            continue
        names = {resource.plural, resource.singular, *resource.short_names}
        if not group:
            if base in names:
                return resource
        elif base in names and group in (resource.group, f"{resource.version}.{resource.group}"):
            return resource
    return None


def in_category(category: str) -> list[ResourceType]:
    return [r for r in RESOURCES if category in r.categories]
