"""ClusterObserver: one watch subscription, a change counter, a cache, coalesced redraws."""

from widgets import ClusterObserver


def test_counts_watch_events_after_apply(cluster, deployment_yaml):
    """Every stored change the apply causes is one watch event, counted in `version`."""
    observer = ClusterObserver(cluster)
    assert observer.version == 0
    cluster.apply(deployment_yaml)
    assert observer.version >= 1
    assert observer.versions["deployments"] >= 1


def test_events_match_the_stored_changes(cluster, deployment_yaml):
    """The counter agrees with an independent watcher of the same cluster."""
    observer = ClusterObserver(cluster)
    seen = []
    cluster.watch(seen.append)
    cluster.apply(deployment_yaml)
    cluster.advance(5)
    assert observer.version == len(seen)
    assert observer.versions.get("deployments") == sum(
        e.resource.plural == "deployments" for e in seen)


def test_cache_lists_then_follows_the_watch(cluster, deployment_yaml):
    """A tracked resource is listed once, then kept current from watch events."""
    observer = ClusterObserver(cluster, ("nodes", "deployments"))
    assert [n["metadata"]["name"] for n in observer.list("nodes")] == [
        "controlplane", "node-1", "node-2", "node-3"]
    assert [d["metadata"]["name"] for d in observer.list("deployments")] == ["coredns"]
    assert observer.list("deployments", "default") == []
    cluster.apply(deployment_yaml)
    assert [d["metadata"]["name"] for d in observer.list("deployments")] == ["web", "coredns"]
    cluster.kubectl("delete deployment web")
    cluster.advance(5)
    assert observer.list("deployments", "default") == []


def test_cache_reads_make_no_requests(cluster):
    """Reading the cache sends nothing to the API server (the trace does not grow)."""
    observer = ClusterObserver(cluster, ("pods",))
    mark = cluster.trace.mark()
    for _ in range(3):
        observer.list("pods")
    assert cluster.trace.since(mark) == []


def test_on_change_is_coalesced_until_notify(cluster, deployment_yaml):
    """Callbacks run once per notify() after changes, not once per event."""
    observer = ClusterObserver(cluster)
    calls = []
    observer.on_change(calls.append)
    cluster.apply(deployment_yaml)
    cluster.advance(5)
    assert calls == []
    assert observer.notify() == 1
    assert calls == [observer.version]
    assert observer.notify() == 0  # nothing new
    assert len(calls) == 1


def test_on_change_filters_by_resource(cluster, deployment_yaml):
    """A callback for `nodes` does not run when only deployments changed."""
    observer = ClusterObserver(cluster)
    node_calls, deploy_calls = [], []
    observer.on_change(node_calls.append, resources=("nodes",))
    observer.on_change(deploy_calls.append, resources=("deployments.apps",))
    cluster.apply(deployment_yaml)
    observer.notify()
    assert (len(node_calls), len(deploy_calls)) == (0, 1)


def test_stop_ends_counting(cluster, deployment_yaml):
    """After stop() no more events arrive."""
    observer = ClusterObserver(cluster)
    observer.stop()
    cluster.apply(deployment_yaml)
    cluster.advance(5)
    assert observer.version == 0


def test_on_event_errors_are_kept_not_raised(cluster, deployment_yaml):
    """A failing per-event callback cannot break the model's clock."""
    observer = ClusterObserver(cluster)

    def broken(event):
        raise ValueError("view bug")

    observer.on_event(broken)
    cluster.apply(deployment_yaml)
    assert observer.version >= 1
    assert [str(e) for e in observer.errors][:1] == ["view bug"]
