"""The garbage collector (pkg/controller/garbagecollector).

Objects name their owners in `metadata.ownerReferences` (a Pod → its ReplicaSet → its
Deployment). The collector keeps a graph of who owns whom from informers on every
resource, and when an owner disappears it deletes the dependents that have no owner
left. Two deletion modes keep the owner around while it works:
* foreground (`foregroundDeletion` finalizer): dependents go first, the owner last;
* orphan (`orphan` finalizer): dependents lose the ownerReference and stay.

Kinds added by CustomResourceDefinitions get their informer (a "monitor") once their
CRD is Established — upstream's GarbageCollector.Sync re-reads discovery for that
every 30 seconds. An owner of a kind without a monitor is looked up with a live GET
(isDangling), and one of a kind the server does not serve is never taken as gone.
"""

from __future__ import annotations

from ..api.deletion import FOREGROUND, ORPHAN
from .base import Controller, Informer, key_of, split_key


class GarbageCollector(Controller):
    name = "garbage-collector-controller"

    def __init__(self, sim, client, informers: dict[str, Informer]) -> None:
        super().__init__(sim, client)
        self.informers = informers
        self.dependents: dict[str, set[str]] = {}  # owner uid -> item keys
        for plural, informer in list(informers.items()):
            self._monitor(plural, informer)
        crds = informers.get("customresourcedefinitions")
        if crds is not None:
            crds.add_handler(lambda t, crd, old: t != "DELETED" and self._sync_monitors())

    def _monitor(self, plural: str, informer: Informer) -> None:
        informer.add_handler(lambda t, o, old, p=plural: self._on_change(p, t, o, old))

    def _sync_monitors(self) -> None:
        """Start an informer for every custom resource discovery lists and no monitor
        watches yet (keyed `crontabs.stable.example.com`, as kubectl names it)."""
        for resource in self.client.server_resources():
            if resource.custom is not None and resource.group_resource not in self.informers:
                informer = Informer(self.client, resource)
                self.informers[resource.group_resource] = informer
                self._monitor(resource.group_resource, informer)

    @staticmethod
    def _informer_key(resource) -> str:
        return resource.group_resource if resource.custom is not None else resource.plural

    @staticmethod
    def item(plural: str, obj: dict) -> str:
        return f"{plural}|{key_of(obj)}"

    def _on_change(self, plural: str, type_: str, obj: dict, old: dict | None) -> None:
        item = self.item(plural, obj)
        meta = obj["metadata"]
        for ref in (old or {}).get("metadata", {}).get("ownerReferences", []):
            self.dependents.get(ref["uid"], set()).discard(item)
        if type_ == "DELETED":
            for dependent in sorted(self.dependents.pop(meta["uid"], set())):
                self.enqueue(dependent)
            # An owner deleting in the foreground may have been waiting for this one.
            for ref in meta.get("ownerReferences", []):
                owner = self._owner(ref, meta.get("namespace"))
                if owner is not None:
                    self.enqueue(self.item(self._plural(ref), owner))
            return
        for ref in meta.get("ownerReferences", []):
            self.dependents.setdefault(ref["uid"], set()).add(item)
            if not self._owner_exists(ref, meta.get("namespace")):
                self.enqueue(item)
        if meta.get("deletionTimestamp") and {FOREGROUND, ORPHAN} & set(meta.get("finalizers", [])):
            self.enqueue(item)

    def _plural(self, ref: dict) -> str:
        return self._informer_key(self.client.rest_mapping(ref.get("apiVersion", ""),
                                                           ref.get("kind", "")))

    def _owner(self, ref: dict, namespace: str | None) -> dict | None:
        resource = self.client.rest_mapping(ref.get("apiVersion", ""), ref.get("kind", ""))
        if resource is None or self._informer_key(resource) not in self.informers:
            return None
        key = f"{namespace}/{ref['name']}" if resource.namespaced and namespace else ref["name"]
        owner = self.informers[self._informer_key(resource)].get(key)
        return owner if owner and owner["metadata"]["uid"] == ref["uid"] else None

    def _owner_exists(self, ref: dict, namespace: str | None) -> bool:
        resource = self.client.rest_mapping(ref.get("apiVersion", ""), ref.get("kind", ""))
        if resource is None:
            return True   # an unmapped kind: the collector cannot tell, so it waits
        if self._informer_key(resource) not in self.informers:   # no monitor yet
            owner = self.client.get_or_none(resource, namespace if resource.namespaced
                                            else None, ref["name"])
            return owner is not None and owner["metadata"]["uid"] == ref["uid"]
        return self._owner(ref, namespace) is not None

    def reconcile(self, item: str) -> None:
        plural, key = item.split("|", 1)
        obj = self.informers[plural].get(key)
        if obj is None:
            return
        meta = obj["metadata"]
        namespace, name = split_key(key)
        finalizers = meta.get("finalizers", [])
        if meta.get("deletionTimestamp") and ORPHAN in finalizers:
            self._orphan_dependents(meta["uid"])
            self._remove_finalizer(plural, obj, ORPHAN)
            return
        if meta.get("deletionTimestamp") and FOREGROUND in finalizers:
            waiting = self._live_dependents(meta["uid"])
            for dependent_plural, dependent in waiting:
                if not dependent["metadata"].get("deletionTimestamp"):
                    self.client.delete(dependent_plural, dependent["metadata"].get("namespace"),
                                       dependent["metadata"]["name"],
                                       propagation_policy="Foreground")
            if not waiting:
                self._remove_finalizer(plural, obj, FOREGROUND)
            return
        refs = meta.get("ownerReferences", [])
        if not refs or meta.get("deletionTimestamp"):
            return
        alive = [r for r in refs if self._owner_exists(r, meta.get("namespace"))]
        if not alive:
            self.client.delete(plural, namespace, name, propagation_policy="Background")
        elif len(alive) < len(refs):
            self.client.patch(plural, namespace, name, {"metadata": {"ownerReferences": alive}})

    def _live_dependents(self, uid: str) -> list[tuple[str, dict]]:
        found = []
        for item in sorted(self.dependents.get(uid, set())):
            plural, key = item.split("|", 1)
            obj = self.informers[plural].get(key)
            if obj is not None:
                found.append((plural, obj))
        return found

    def _orphan_dependents(self, uid: str) -> None:
        for plural, dependent in self._live_dependents(uid):
            refs = [r for r in dependent["metadata"].get("ownerReferences", []) if r["uid"] != uid]
            self.client.patch(plural, dependent["metadata"].get("namespace"),
                              dependent["metadata"]["name"],
                              {"metadata": {"ownerReferences": refs or None}})

    def _remove_finalizer(self, plural: str, obj: dict, finalizer: str) -> None:
        rest = [f for f in obj["metadata"].get("finalizers", []) if f != finalizer]
        self.client.patch(plural, obj["metadata"].get("namespace"), obj["metadata"]["name"],
                          {"metadata": {"finalizers": rest or None}})
