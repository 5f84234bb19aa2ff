"""The garbage collector (pkg/controller/garbagecollector).

Objects name their owners in `metadata.ownerReferences` (a Pod → its ReplicaSet → its
Deployment). The collector keeps a graph of who owns whom from informers on every
resource, and when an owner disappears it deletes the dependents that have no owner
left. Two deletion modes keep the owner around while it works:
* foreground (`foregroundDeletion` finalizer): dependents go first, the owner last;
* orphan (`orphan` finalizer): dependents lose the ownerReference and stay.
"""

from __future__ import annotations

from ..api import resources
from ..api.deletion import FOREGROUND, ORPHAN
from .base import Controller, Informer, key_of, split_key


class GarbageCollector(Controller):
    name = "garbage-collector-controller"

    def __init__(self, sim, client, informers: dict[str, Informer]) -> None:
        super().__init__(sim, client)
        self.informers = informers
        self.dependents: dict[str, set[str]] = {}  # owner uid -> item keys
        for plural, informer in informers.items():
            informer.add_handler(lambda t, o, old, p=plural: self._on_change(p, t, o, old))

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

    @staticmethod
    def _plural(ref: dict) -> str:
        return resources.for_kind(ref.get("apiVersion", ""), ref.get("kind", "")).plural

    def _owner(self, ref: dict, namespace: str | None) -> dict | None:
        resource = resources.for_kind(ref.get("apiVersion", ""), ref.get("kind", ""))
        if resource is None or resource.plural not in self.informers:
            return None
        key = f"{namespace}/{ref['name']}" if resource.namespaced and namespace else ref["name"]
        owner = self.informers[resource.plural].get(key)
        return owner if owner and owner["metadata"]["uid"] == ref["uid"] else None

    def _owner_exists(self, ref: dict, namespace: str | None) -> bool:
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
