"""The etcd model: revisions, compare-and-swap, watch from a revision, leases."""

import pytest

from k8s_model.api.store import Compacted, CompareFailed, KeyExists, KeyNotFound, Store
from k8s_model.sim import Simulation


@pytest.fixture
def store():
    return Store(Simulation())


def test_every_write_bumps_the_one_global_revision(store):
    a = store.create("/registry/pods/default/a", {"n": 1})
    b = store.create("/registry/pods/default/b", {"n": 1})
    a2 = store.update("/registry/pods/default/a", {"n": 2})
    assert (a.mod_revision, b.mod_revision, a2.mod_revision) == (2, 3, 4)
    assert a2.create_revision == 2 and a2.version == 2
    assert store.revision == 4


def test_create_refuses_an_existing_key(store):
    store.create("/k", {})
    with pytest.raises(KeyExists):
        store.create("/k", {})


def test_update_with_a_stale_revision_fails_and_changes_nothing(store):
    kv = store.create("/k", {"v": 1})
    store.update("/k", {"v": 2}, expected_mod_revision=kv.mod_revision)
    with pytest.raises(CompareFailed):
        store.update("/k", {"v": 3}, expected_mod_revision=kv.mod_revision)
    assert store.get("/k").value == {"v": 2}


def test_delete_missing_key(store):
    with pytest.raises(KeyNotFound):
        store.delete("/nope")


def test_readers_get_copies(store):
    store.create("/k", {"v": [1]})
    value = store.get("/k").value
    value["v"].append(2)
    assert store.get("/k").value == {"v": [1]}


def test_range_is_in_key_order(store):
    for name in ("c", "a", "b"):
        store.create(f"/registry/pods/default/{name}", {})
    store.create("/registry/services/specs/default/x", {})
    assert [kv.key.rsplit("/", 1)[1] for kv in store.range("/registry/pods/")] == ["a", "b", "c"]


def test_watch_replays_history_from_a_revision_then_follows(store):
    store.create("/p/a", {"v": 1})
    mark = store.revision + 1
    store.update("/p/a", {"v": 2})
    store.create("/q/x", {})
    seen = []
    store.watch("/p/", mark, lambda e: seen.append((e.type, e.kv.key, e.revision)))
    store.delete("/p/a")
    assert seen == [("PUT", "/p/a", 3), ("DELETE", "/p/a", 5)]


def test_watch_from_compacted_revision_is_refused(store):
    store.create("/k", {})
    store.update("/k", {"v": 1})
    store.compact(store.revision)
    with pytest.raises(Compacted):
        store.watch("/", 1, lambda e: None)


def test_lease_expiry_deletes_its_keys(store):
    lease = store.grant(ttl=60)
    store.create("/registry/events/default/e1", {}, lease=lease)
    store.sim.advance(59)
    assert store.get("/registry/events/default/e1") is not None
    store.sim.advance(1)
    assert store.get("/registry/events/default/e1") is None


def test_keep_alive_postpones_expiry(store):
    lease = store.grant(ttl=10)
    store.create("/k", {}, lease=lease)
    store.sim.advance(8)
    store.keep_alive(lease)
    store.sim.advance(8)
    assert store.get("/k") is not None
    store.sim.advance(2)
    assert store.get("/k") is None
