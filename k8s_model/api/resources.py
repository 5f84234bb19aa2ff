"""The kinds the API server serves: what `kubectl api-resources` lists.

Each resource has a group, a version, a plural name (the REST path segment and the
etcd key), a kind, short names, and a scope (namespaced or cluster-wide). kubectl
resolves whatever a learner types — `po`, `pod`, `pods`, `deploy`,
`deployments.apps` — to one of these through `lookup`.

The set is not fixed: a CustomResourceDefinition adds a kind while the API server
runs (apiextensions/). So each `APIServer` holds a `Registry` — the built-in kinds
plus the custom ones — and everything that must see custom resources (kubectl's
RESTMapper, clients, watch routing, the namespace controller, the garbage collector)
asks that registry, as the real ones ask discovery. The module-level `lookup`,
`for_kind`, `by_plural` and `in_category` answer for the built-in kinds only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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
    # A custom resource's serving rules (apiextensions.CustomResource): its schema,
    # printer columns and subresources. None for the built-in kinds.
    custom: Any = field(default=None, compare=False, repr=False)

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
    def storage_prefix(self) -> str:
        """`pods`, `minions`; a custom resource's is `<group>/<plural>`
        (customresource_handler.go: ResourcePrefix = group + "/" + plural)."""
        if self.custom is not None:
            return f"{self.group}/{self.plural}"
        return _ETCD_PREFIX.get(self.plural, self.plural)

    @property
    def prefix(self) -> str:
        """Where this resource's keys start in etcd: `/registry/pods/`."""
        return f"/registry/{self.storage_prefix}/"

    def key(self, namespace: str | None, name: str = "") -> str:
        """The etcd key: /registry/<resource>/<namespace>/<name>, with upstream's own
        prefixes where they differ (nodes are still `minions`, Services live under
        `services/specs`, Endpoints under `services/endpoints`, custom resources under
        `<group>/<plural>`: /registry/stable.example.com/crontabs/default/my-cron)."""
        parts = ["", "registry", self.storage_prefix]
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
    "customresourcedefinitions": "apiextensions.k8s.io/customresourcedefinitions",
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
    ResourceType("customresourcedefinitions", "CustomResourceDefinition",
                 "apiextensions.k8s.io", "v1", False, ("crd", "crds")),
)



class Registry:
    """The kinds one API server serves: the built-in ones and those CRDs add.

    Built-in kinds come first, so `lookup("pods")` finds the core Pod even if a CRD
    also names a plural `pods` in its own group (kubectl's RESTMapper prefers the
    built-in groups the same way)."""

    def __init__(self, builtins: tuple[ResourceType, ...] = RESOURCES) -> None:
        self._builtins = builtins
        self._custom: dict[tuple[str, str], ResourceType] = {}
        self._rebuild()

    def _rebuild(self) -> None:
        self.all: tuple[ResourceType, ...] = self._builtins + tuple(
            self._custom[k] for k in sorted(self._custom))
        self._by_plural = {(r.group, r.plural): r for r in reversed(self.all)}
        self._by_group_kind = {(r.group, r.kind): r for r in reversed(self.all)}
        self._by_prefix = sorted(((r.prefix, r) for r in self.all), key=lambda p: -len(p[0]))
        self._key_cache: dict[str, ResourceType | None] = {}

    # -- what CRDs change -----------------------------------------------------------------
    def add(self, resource: ResourceType) -> None:
        """Serve a custom resource (or replace its serving rules)."""
        self._custom[(resource.group, resource.plural)] = resource
        self._rebuild()

    def remove(self, group: str, plural: str) -> None:
        if self._custom.pop((group, plural), None) is not None:
            self._rebuild()

    def custom(self) -> list[ResourceType]:
        return [self._custom[k] for k in sorted(self._custom)]

    # -- questions ------------------------------------------------------------------------
    def by_plural(self, plural: str, group: str = "") -> ResourceType:
        return self._by_plural[(group, plural)]

    def for_kind(self, api_version: str, kind: str) -> ResourceType | None:
        """The resource serving `apiVersion`/`kind`, or None (kubectl: no matches for kind)."""
        group, _, version = api_version.rpartition("/")
        resource = self._by_group_kind.get((group, kind))
        if resource is None or resource.version != version:
            return None
        return resource

    def lookup(self, name: str) -> ResourceType | None:
        """Resolve what a learner types after `kubectl get`: `po`, `pod`, `pods`,
        `deploy`, `Deployment`, `deployments.apps`, `deployments.v1.apps`, `ct`,
        `crontabs.stable.example.com`."""
        text = name.lower()
        base, _, group = text.partition(".")
        for resource in self.all:
            if resource.kind == "Binding":
                continue
            names = {resource.plural, resource.singular, *resource.short_names}
            if not group:
                if base in names:
                    return resource
            elif base in names and group in (resource.group,
                                             f"{resource.version}.{resource.group}"):
                return resource
        return None

    def in_category(self, category: str) -> list[ResourceType]:
        return [r for r in self.all if category in r.categories]

    def for_key(self, key: str) -> ResourceType | None:
        """Which resource an etcd key belongs to: `/registry/services/specs/default/web`
        is a Service (the longest matching prefix wins over `/registry/services/`).
        Every watcher asks for every event, so answers are cached."""
        try:
            return self._key_cache[key]
        except KeyError:
            pass
        found = next((r for prefix, r in self._by_prefix if key.startswith(prefix)), None)
        if len(self._key_cache) > 1 << 16:
            self._key_cache.clear()
        self._key_cache[key] = found
        return found


# The built-in kinds, for code that never meets a custom resource.
BUILTIN = Registry()
by_plural = BUILTIN.by_plural
for_kind = BUILTIN.for_kind
lookup = BUILTIN.lookup
in_category = BUILTIN.in_category
