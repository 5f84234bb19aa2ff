"""Discovery: what `/version`, `/api`, `/apis` and each group-version list answer.

kubectl builds its RESTMapper from these before its first real request (it caches
them in ~/.kube/cache/discovery): which groups and versions exist, and for each
resource its kind, scope, short names, categories and verbs. Custom resources appear
as soon as their CRD is Established, because the lists are built from the server's
registry on every request (staging/src/k8s.io/apiserver/pkg/endpoints/discovery).

Since v1.30 kubectl first asks `/api` and `/apis` for the *aggregated* document
(Accept: application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList): every
group, version and resource in two requests instead of one per group-version
(KEP-3352; staging/src/k8s.io/api/apidiscovery/v2/types.go). A server that answers
with plain JSON gets the legacy requests instead, so both are served.
"""

from __future__ import annotations

from ..api.resources import ResourceType
from ..api.scale import SCALABLE

GIT_VERSION = "v1.35.0"
VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]
# Subresources kubectl looks for in discovery (drain: pods/eviction; autoscale: */scale).
POD_SUBRESOURCES = ("binding", "eviction", "log", "status")
NO_STATUS = {"bindings", "configmaps", "events", "endpoints", "limitranges", "secrets",
             "serviceaccounts", "roles", "rolebindings", "clusterroles",
             "clusterrolebindings", "storageclasses", "ingressclasses", "leases",
             "endpointslices", "controllerrevisions", "priorityclasses"}


def version() -> dict:
    """`/version` (k8s.io/apimachinery/pkg/version.Info)."""
    return {"major": "1", "minor": "35", "emulationMajor": "1", "emulationMinor": "35",
            "minCompatibilityMajor": "1", "minCompatibilityMinor": "34",
            "gitVersion": GIT_VERSION, "gitCommit": "0" * 40, "gitTreeState": "clean",
            "buildDate": "2025-12-17T00:00:00Z", "goVersion": "go1.25.5", "compiler": "gc",
            "platform": "linux/amd64"}


def api_versions(server_address: str) -> dict:
    return {"kind": "APIVersions", "versions": ["v1"],
            "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0",
                                            "serverAddress": server_address}]}


def group_list(resources: tuple[ResourceType, ...]) -> dict:
    groups: dict[str, list[str]] = {}
    for r in resources:
        if r.group and r.version not in groups.setdefault(r.group, []):
            groups[r.group].append(r.version)
    return {"kind": "APIGroupList", "apiVersion": "v1", "groups": [
        {"name": name,
         "versions": [{"groupVersion": f"{name}/{v}", "version": v} for v in versions],
         "preferredVersion": {"groupVersion": f"{name}/{versions[0]}", "version": versions[0]}}
        for name, versions in groups.items()]}


def verbs(r: ResourceType) -> list[str]:
    """Binding and the review kinds are create-only; everything else has every verb."""
    return list(VERBS) if r.kind != "Binding" and not r.kind.endswith("Review") else ["create"]


def _entry(r: ResourceType) -> dict:
    entry = {"name": r.plural, "singularName": r.singular, "namespaced": r.namespaced,
             "kind": r.kind, "verbs": verbs(r)}
    if r.short_names:
        entry["shortNames"] = list(r.short_names)
    if r.categories:
        entry["categories"] = list(r.categories)
    return entry


def _subresources(r: ResourceType) -> list[dict]:
    names = []
    if r.custom is not None:
        names = [s for s in ("status", "scale") if r.custom.serves(s)]
    elif r.plural == "pods":
        names = list(POD_SUBRESOURCES)
    elif r.plural not in NO_STATUS and r.kind != "Binding" and not r.kind.endswith("Review"):
        names = ["status"]
    if r.plural in SCALABLE and "scale" not in names:
        names.append("scale")
    out = []
    for name in names:
        sub = {"name": f"{r.plural}/{name}", "singularName": "", "namespaced": r.namespaced,
               "kind": r.kind, "verbs": ["get", "patch", "update"]}
        if name == "scale":
            sub.update(group="autoscaling", version="v1", kind="Scale")
        elif name in ("binding", "eviction"):
            sub.update(kind={"binding": "Binding", "eviction": "Eviction"}[name], verbs=["create"])
            if name == "eviction":
                sub.update(group="policy", version="v1")
        elif name == "log":
            sub.update(kind="Pod", verbs=["get"])
        out.append(sub)
    return out


def resource_list(resources: tuple[ResourceType, ...], group: str, version: str) -> dict | None:
    """`/api/v1` or `/apis/<group>/<version>`; None if the server has no such group-version."""
    found = [r for r in resources if r.group == group and r.version == version]
    if not found:
        return None
    listed = []
    for r in sorted(found, key=lambda r: r.plural):
        listed.append(_entry(r))
        listed.extend(_subresources(r))
    return {"kind": "APIResourceList", "apiVersion": "v1",
            "groupVersion": f"{group}/{version}" if group else version, "resources": listed}


# -- aggregated discovery (apidiscovery.k8s.io/v2) -------------------------------------------
AGGREGATED_CONTENT_TYPE = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"


def wants_aggregated(accept: str) -> bool:
    """Whether the Accept header lists the v2 aggregated document in JSON (kubectl also
    offers v2beta1 and protobuf; the first JSON v2 offer is the one served)."""
    for offer in accept.split(","):
        media, *params = (p.strip() for p in offer.split(";"))
        values = dict(p.partition("=")[::2] for p in params)
        if (media in ("application/json", "*/*") and values.get("g") == "apidiscovery.k8s.io"
                and values.get("v") == "v2" and values.get("as") == "APIGroupDiscoveryList"):
            return True
    return False


def _resource_discovery(r: ResourceType) -> dict:
    entry = {"resource": r.plural,
             "responseKind": {"group": r.group, "version": r.version, "kind": r.kind},
             "scope": "Namespaced" if r.namespaced else "Cluster",
             "singularResource": r.singular, "verbs": verbs(r)}
    if r.short_names:
        entry["shortNames"] = list(r.short_names)
    if r.categories:
        entry["categories"] = list(r.categories)
    subresources = [{"subresource": sub["name"].split("/", 1)[1],
                     "responseKind": {"group": sub.get("group", r.group),
                                      "version": sub.get("version", r.version),
                                      "kind": sub["kind"]},
                     "verbs": sub["verbs"]} for sub in _subresources(r)]
    if subresources:
        entry["subresources"] = subresources
    return entry


def aggregated(resources: tuple[ResourceType, ...], legacy: bool) -> dict:
    """`/api` (legacy: the core group alone) or `/apis` (every named group) as one
    APIGroupDiscoveryList; each version's resources by name, freshness Current (no
    aggregated API server is ever stale here)."""
    groups: dict[str, dict[str, list[ResourceType]]] = {}
    for r in resources:
        if (r.group == "") == legacy:
            groups.setdefault(r.group, {}).setdefault(r.version, []).append(r)
    items = []
    for name, versions in groups.items():
        items.append({"metadata": {"name": name} if name else {}, "versions": [
            {"version": version, "freshness": "Current",
             "resources": [_resource_discovery(r) for r in sorted(found, key=lambda r: r.plural)]}
            for version, found in versions.items()]})
    return {"kind": "APIGroupDiscoveryList", "apiVersion": "apidiscovery.k8s.io/v2",
            "metadata": {}, "items": items}
