"""The machinery every controller shares: informers and a rate-limited work queue.

As in client-go, an informer keeps a local cache of one resource from a watch and
calls event handlers; handlers only put a key (`namespace/name`) on the controller's
work queue. The controller's worker takes keys off the queue and calls
`reconcile(key)`, which re-reads the cache and acts through the API — level-triggered,
never trusting the event that woke it. A key is never queued twice at once; a failed
reconcile is retried with per-item exponential back-off (5 ms doubling to 1000 s, as
workqueue.DefaultControllerRateLimiter).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from ..api import errors

if TYPE_CHECKING:
    from ..client import Client
    from ..sim import Simulation, Timer


class SyncError(Exception):
    """A sync that failed without a failed request (e.g. a stale informer cache): retried
    with back-off like an API error (handleErr's AddRateLimited)."""


def key_of(obj: dict) -> str:
    meta = obj["metadata"]
    return f"{meta['namespace']}/{meta['name']}" if meta.get("namespace") else meta["name"]


def split_key(key: str) -> tuple[str | None, str]:
    namespace, _, name = key.rpartition("/")
    return namespace or None, name


class Informer:
    """A watch-fed cache of one resource, shared by every controller that needs it.

    Like client-go's Indexer, the cache keeps indices: `namespace` always (listing one
    namespace never walks the others), and any a controller adds with `add_index`, e.g.
    the ReplicaSet controller's pods by controller UID (FilterPodsByOwner)."""

    def __init__(self, client: "Client", resource: str) -> None:
        self.resource = resource
        self.cache: dict[str, dict] = {}
        self.handlers: list[Callable[[str, dict, dict | None], None]] = []
        self.indexers: dict[str, Callable[[dict], list[str]]] = {}
        self.indices: dict[str, dict[str, set[str]]] = {}
        self.add_index("namespace", lambda obj: [obj["metadata"].get("namespace") or ""])
        client.watch(resource, self._on_event)

    def _on_event(self, event) -> None:
        key = key_of(event.object)
        old = self.cache.get(key)
        if old is not None:
            self._unindex(key, old)
        if event.type == "DELETED":
            self.cache.pop(key, None)
        else:
            self.cache[key] = event.object
            self._index(key, event.object)
        for handler in self.handlers:
            handler(event.type, event.object, old)

    def add_handler(self, handler: Callable[[str, dict, dict | None], None]) -> None:
        self.handlers.append(handler)

    # -- indices (client-go tools/cache/index.go) -------------------------------------------
    def add_index(self, name: str, index_func: Callable[[dict], list[str]]) -> None:
        self.indexers[name] = index_func
        self.indices[name] = {}
        for key, obj in self.cache.items():
            self._index(key, obj, (name,))

    def _index(self, key: str, obj: dict, names=None) -> None:
        for name in names or self.indexers:
            for value in self.indexers[name](obj):
                self.indices[name].setdefault(value, set()).add(key)

    def _unindex(self, key: str, obj: dict) -> None:
        for name, index_func in self.indexers.items():
            for value in index_func(obj):
                bucket = self.indices[name].get(value)
                if bucket is not None:
                    bucket.discard(key)
                    if not bucket:
                        del self.indices[name][value]

    def by_index(self, name: str, value: str) -> list[dict]:
        """ByIndex, in key order (a lister's order is arbitrary; ours is deterministic)."""
        return [self.cache[k] for k in sorted(self.indices[name].get(value, ()))]

    def get(self, key: str) -> dict | None:
        return self.cache.get(key)

    def list(self, namespace: str | None = None) -> list[dict]:
        if namespace is None:
            return [self.cache[k] for k in sorted(self.cache)]
        return self.by_index("namespace", namespace)


class Controller:
    """A reconcile loop fed by a work queue."""

    name = "controller"
    BASE_DELAY, MAX_DELAY = 0.005, 1000.0

    def __init__(self, sim: "Simulation", client: "Client") -> None:
        self.sim, self.client = sim, client
        self._queued: set[str] = set()              # keys to work on now
        self._waiting: dict[str, "Timer"] = {}      # keys added with a delay
        self._failures: dict[str, int] = {}

    def enqueue_changes_of(self, informer: Informer) -> None:
        """Queue the key of every object the informer sees added or changed."""
        informer.add_handler(lambda type_, obj, old: type_ != "DELETED" and self.enqueue(key_of(obj)))

    def enqueue(self, key: str, after: float = 0.0) -> None:
        """workqueue Add, or AddAfter with a delay: a key is queued at most once, and
        waits at most once, for the earliest delay asked; a waiting key never holds
        back an immediate add."""
        if after > 0:
            waiting = self._waiting.get(key)
            if waiting is not None:
                if waiting.time <= self.sim.now + after:
                    return
                waiting.cancel()
            self._waiting[key] = self.sim.call_later(after, lambda: self._ready(key))
            return
        if key in self._queued:
            return
        self._queued.add(key)
        self.sim.call_soon(lambda: self._work(key))

    def _ready(self, key: str) -> None:
        self._waiting.pop(key, None)
        self.enqueue(key)

    def _work(self, key: str) -> None:
        self._queued.discard(key)
        try:
            self.reconcile(key)
        except (errors.ApiError, SyncError):
            # Conflicts and races resolve on a retry from fresh state.
            failures = self._failures.get(key, 0)
            self._failures[key] = failures + 1
            self.enqueue(key, min(self.BASE_DELAY * 2 ** failures, self.MAX_DELAY))
            return
        self._failures.pop(key, None)

    def reconcile(self, key: str) -> None:
        raise NotImplementedError
