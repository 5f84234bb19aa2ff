"""ClusterObserver: the one subscription every widget hangs off (an informer for views).

Mirrors client-go's shared informer (tools/cache/shared_informer.go) in miniature, with
Mesa's rule for redraws: the observer subscribes once with `cluster.watch`, counts every
stored change in `version`, and keeps a cache of the resources views asked for, filled by
one `cluster.list` ("list, then watch") and kept current by the watch events.

Redraws are coalesced. Watch events arrive on the virtual clock, many per step: 100
Pods created by one `advance(1)` are 100+ events, but a view should redraw once. So
`on_change(callback)` callbacks run only when a control calls `notify()` after acting,
and only if a resource they care about changed since they last ran. `on_event` is for
the rare consumer that needs every event as it happens (a timeline sampling counts).
"""

from __future__ import annotations

from typing import Callable


def _resource_name(resource) -> str:
    """`pods`, `deployments`: the plural a WatchEvent's ResourceType or a string names."""
    if isinstance(resource, str):
        return resource.split(".", 1)[0]
    return resource.plural


def _key(obj: dict) -> tuple[str, str]:
    meta = obj["metadata"]
    return meta.get("namespace") or "", meta["name"]


def _rv(obj: dict) -> int:
    return int(obj["metadata"].get("resourceVersion") or 0)


class ClusterObserver:
    """Counts the cluster's changes and caches what views read; never writes."""

    def __init__(self, cluster, resources: tuple[str, ...] = ()) -> None:
        self.cluster = cluster
        self.version = 0  # every stored change seen so far
        self.versions: dict[str, int] = {}  # per resource plural
        self.errors: list[BaseException] = []  # raised by on_event callbacks
        self._cache: dict[str, dict[tuple[str, str], dict]] = {}
        self._change_callbacks: list[list] = []  # [callback, resources, seen]
        self._event_callbacks: list[Callable] = []
        self._handle = cluster.watch(self._on_watch_event)
        for resource in resources:
            self.track(resource)

    # -- the watch side ------------------------------------------------------------------------
    def _on_watch_event(self, event) -> None:
        plural = _resource_name(event.resource)
        self.version += 1
        self.versions[plural] = self.versions.get(plural, 0) + 1
        cache = self._cache.get(plural)
        if cache is not None:
            self._apply(cache, event.type, event.object)
        for callback in list(self._event_callbacks):
            try:
                callback(event)
            except Exception as error:  # never break the model's clock from a view
                self.errors.append(error)

    @staticmethod
    def _apply(cache: dict, type_: str, obj: dict) -> None:
        """Apply one event, ignoring any older than what the list already showed
        (a watch event queued before the list but delivered after it)."""
        key = _key(obj)
        cached = cache.get(key)
        if cached is not None and _rv(cached) > _rv(obj):
            return
        if type_ == "DELETED":
            cache.pop(key, None)
        else:
            cache[key] = obj

    def stop(self) -> None:
        """Stop watching (the views keep their last picture)."""
        self._handle.stop()

    # -- the cache ------------------------------------------------------------------------------
    def track(self, resource: str) -> None:
        """Start caching a resource: list it once, then keep it current from the watch."""
        plural = _resource_name(resource)
        if plural in self._cache:
            return
        self._cache[plural] = {_key(o): o for o in self.cluster.list(resource)}

    def list(self, resource: str, namespace: str | None = None) -> list[dict]:
        """The cached objects of a resource, sorted by namespace and name."""
        plural = _resource_name(resource)
        self.track(resource)
        cache = self._cache[plural]
        return [cache[k] for k in sorted(cache) if namespace is None or k[0] == namespace]

    # -- callbacks ------------------------------------------------------------------------------
    def on_change(self, callback: Callable[[int], None],
                  resources: tuple[str, ...] | None = None) -> None:
        """Run `callback(version)` at the next `notify()` after a change (to one of
        `resources`, if given)."""
        names = tuple(_resource_name(r) for r in resources) if resources else None
        self._change_callbacks.append([callback, names, self._stamp(names)])

    def on_event(self, callback: Callable) -> None:
        """Run `callback(watch_event)` for every event, as it is delivered."""
        self._event_callbacks.append(callback)

    def _stamp(self, names: tuple[str, ...] | None) -> tuple:
        if names is None:
            return (self.version,)
        return tuple(self.versions.get(n, 0) for n in names)

    def notify(self) -> int:
        """Run the on_change callbacks whose resources changed; returns how many ran."""
        ran = 0
        for entry in list(self._change_callbacks):
            callback, names, seen = entry
            stamp = self._stamp(names)
            if stamp != seen:
                entry[2] = stamp
                callback(self.version)
                ran += 1
        return ran

    def __repr__(self) -> str:
        return f"ClusterObserver(version={self.version})"
