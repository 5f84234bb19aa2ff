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
    from ..sim import Simulation


def key_of(obj: dict) -> str:
    meta = obj["metadata"]
    return f"{meta['namespace']}/{meta['name']}" if meta.get("namespace") else meta["name"]


def split_key(key: str) -> tuple[str | None, str]:
    namespace, _, name = key.rpartition("/")
    return namespace or None, name


class Informer:
    """A watch-fed cache of one resource, shared by every controller that needs it."""

    def __init__(self, client: "Client", resource: str) -> None:
        self.resource = resource
        self.cache: dict[str, dict] = {}
        self.handlers: list[Callable[[str, dict, dict | None], None]] = []
        client.watch(resource, self._on_event)

    def _on_event(self, event) -> None:
        key = key_of(event.object)
        old = self.cache.get(key)
        if event.type == "DELETED":
            self.cache.pop(key, None)
        else:
            self.cache[key] = event.object
        for handler in self.handlers:
            handler(event.type, event.object, old)

    def add_handler(self, handler: Callable[[str, dict, dict | None], None]) -> None:
        self.handlers.append(handler)

    def get(self, key: str) -> dict | None:
        return self.cache.get(key)

    def list(self, namespace: str | None = None) -> list[dict]:
        items = [self.cache[k] for k in sorted(self.cache)]
        if namespace is None:
            return items
        return [o for o in items if o["metadata"].get("namespace") == namespace]


class Controller:
    """A reconcile loop fed by a work queue."""

    name = "controller"
    BASE_DELAY, MAX_DELAY = 0.005, 1000.0

    def __init__(self, sim: "Simulation", client: "Client") -> None:
        self.sim, self.client = sim, client
        self._queued: set[str] = set()
        self._failures: dict[str, int] = {}

    def enqueue_changes_of(self, informer: Informer) -> None:
        """Queue the key of every object the informer sees added or changed."""
        informer.add_handler(lambda type_, obj, old: type_ != "DELETED" and self.enqueue(key_of(obj)))

    def enqueue(self, key: str, after: float = 0.0) -> None:
        if key in self._queued:
            return
        self._queued.add(key)
        self.sim.call_later(after, lambda: self._work(key))

    def _work(self, key: str) -> None:
        self._queued.discard(key)
        try:
            self.reconcile(key)
        except errors.ApiError:
            # Conflicts and races resolve on a retry from fresh state.
            failures = self._failures.get(key, 0)
            self._failures[key] = failures + 1
            self.enqueue(key, min(self.BASE_DELAY * 2 ** failures, self.MAX_DELAY))
            return
        self._failures.pop(key, None)

    def reconcile(self, key: str) -> None:
        raise NotImplementedError
