"""The etcd model: a revisioned key/value store with compare-and-swap, watch and leases.

Like etcd v3, the store has one global revision that every write bumps. Each key
remembers the revision that created it and the one that last changed it
(`mod_revision`, which the API server shows as `metadata.resourceVersion`). A write
can be made conditional on the key's current mod_revision — that is how the API
server gets optimistic concurrency. Every change is kept in a history, so a watcher
can start from any revision that has not been compacted away. Leases give keys a
time to live (the API server puts Events on a one-hour lease).

Values are stored serialized (as etcd stores bytes): a reader can never change what
the store holds, and a copy costs one `json.loads`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Callable

from ..sim import Simulation


class KeyExists(Exception):
    """A create found the key taken."""


class KeyNotFound(Exception):
    """An update or delete found no key."""


class CompareFailed(Exception):
    """The key's mod_revision was not the one the writer expected."""


class Compacted(Exception):
    """A watch asked for history that compaction has removed."""


@dataclass(frozen=True)
class KeyValue:
    key: str
    raw: str  # the serialized value
    create_revision: int
    mod_revision: int
    version: int  # how many times this key was written since it was created
    lease: int = 0

    @property
    def value(self) -> dict:
        return json.loads(self.raw)


@dataclass(frozen=True)
class Event:
    """One change: PUT (create or update) or DELETE, at `revision`."""

    type: str
    kv: KeyValue
    prev_kv: KeyValue | None

    @property
    def revision(self) -> int:
        return self.kv.mod_revision

    @property
    def is_create(self) -> bool:
        return self.type == "PUT" and self.kv.create_revision == self.kv.mod_revision


class Watcher:
    def __init__(self, store: "Store", prefix: str, callback: Callable[[Event], None]) -> None:
        self.store, self.prefix, self.callback = store, prefix, callback
        self.active = True

    def cancel(self) -> None:
        self.active = False
        if self in self.store._watchers:
            self.store._watchers.remove(self)


class Store:
    def __init__(self, sim: Simulation) -> None:
        self.sim = sim
        self.revision = 1  # etcd starts at revision 1 with nothing written
        self.compact_revision = 0
        self._data: dict[str, KeyValue] = {}
        self._history: list[Event] = []
        self._watchers: list[Watcher] = []
        self._leases: dict[int, dict] = {}
        self._next_lease = 1

    # -- reads ------------------------------------------------------------------------
    def get(self, key: str) -> KeyValue | None:
        return self._data.get(key)

    def range(self, prefix: str) -> list[KeyValue]:
        """Every key under `prefix`, in key order (as etcd returns a range)."""
        return [self._data[k] for k in sorted(self._data) if k.startswith(prefix)]

    def count(self, prefix: str) -> int:
        return sum(1 for k in self._data if k.startswith(prefix))

    # -- writes -----------------------------------------------------------------------
    def create(self, key: str, value: dict, lease: int = 0) -> KeyValue:
        if key in self._data:
            raise KeyExists(key)
        self.revision += 1
        kv = KeyValue(key, json.dumps(value), self.revision, self.revision, 1, lease)
        self._commit("PUT", kv, None)
        if lease:
            self._leases[lease]["keys"].add(key)
        return kv

    def update(self, key: str, value: dict, expected_mod_revision: int | None = None) -> KeyValue:
        prev = self._data.get(key)
        if prev is None:
            raise KeyNotFound(key)
        if expected_mod_revision is not None and prev.mod_revision != expected_mod_revision:
            raise CompareFailed(key)
        self.revision += 1
        kv = KeyValue(key, json.dumps(value), prev.create_revision, self.revision,
                      prev.version + 1, prev.lease)
        self._commit("PUT", kv, prev)
        return kv

    def delete(self, key: str, expected_mod_revision: int | None = None) -> KeyValue:
        prev = self._data.get(key)
        if prev is None:
            raise KeyNotFound(key)
        if expected_mod_revision is not None and prev.mod_revision != expected_mod_revision:
            raise CompareFailed(key)
        self.revision += 1
        tombstone = KeyValue(key, prev.raw, prev.create_revision, self.revision, 0)
        self._commit("DELETE", tombstone, prev)
        return prev

    def _commit(self, type_: str, kv: KeyValue, prev: KeyValue | None) -> None:
        if type_ == "DELETE":
            del self._data[kv.key]
        else:
            self._data[kv.key] = kv
        event = Event(type_, kv, prev)
        self._history.append(event)
        for watcher in list(self._watchers):
            if watcher.active and kv.key.startswith(watcher.prefix):
                watcher.callback(event)

    # -- watch --------------------------------------------------------------------------
    def watch(self, prefix: str, start_revision: int, callback: Callable[[Event], None]) -> Watcher:
        """Deliver every change under `prefix` from `start_revision` on: first the
        history since then, then each new change as it commits."""
        if start_revision and start_revision <= self.compact_revision:
            raise Compacted(f"required revision {start_revision} has been compacted")
        watcher = Watcher(self, prefix, callback)
        for event in self.history(prefix, start_revision):
            callback(event)
        self._watchers.append(watcher)
        return watcher

    def history(self, prefix: str, start_revision: int) -> list[Event]:
        return [e for e in self._history
                if e.revision >= start_revision and e.kv.key.startswith(prefix)]

    def compact(self, revision: int) -> None:
        """Forget history before `revision` (the API server compacts every 5 minutes)."""
        self.compact_revision = max(self.compact_revision, min(revision, self.revision) - 1)
        self._history = [e for e in self._history if e.revision > self.compact_revision]

    # -- leases -------------------------------------------------------------------------
    def grant(self, ttl: float) -> int:
        """A lease that deletes its keys `ttl` seconds from now unless kept alive."""
        lease_id = self._next_lease
        self._next_lease += 1
        self._leases[lease_id] = {"ttl": ttl, "keys": set(), "timer": None}
        self.keep_alive(lease_id)
        return lease_id

    def keep_alive(self, lease_id: int) -> None:
        lease = self._leases[lease_id]
        if lease["timer"] is not None:
            lease["timer"].cancel()
        lease["timer"] = self.sim.call_later(lease["ttl"], lambda: self.revoke(lease_id))

    def revoke(self, lease_id: int) -> None:
        lease = self._leases.pop(lease_id, None)
        if lease is None:
            return
        if lease["timer"] is not None:
            lease["timer"].cancel()
        for key in sorted(lease["keys"]):
            if key in self._data and self._data[key].lease == lease_id:
                self.delete(key)
