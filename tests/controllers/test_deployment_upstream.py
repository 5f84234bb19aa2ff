"""The RollingUpdate arithmetic, step for step, on upstream's own tables.

Each table is copied from pkg/controller/deployment/rolling_test.go (v1.35) and run
against k8s_model/controllers/deployment/rolling.py with a fake controller whose client
records updates, as upstream's tests use client-go's fake Clientset: for a given state
(deployment replicas, maxSurge / maxUnavailable, the ReplicaSets' replicas and available
Pods), one sync must scale exactly as upstream's does.
"""

import copy

import pytest

from k8s_model.controllers.deployment import rolling


class FakeClient:
    def __init__(self) -> None:
        self.updates: list[dict] = []

    def update(self, resource: str, body: dict) -> dict:
        assert resource == "replicasets"
        self.updates.append(copy.deepcopy(body))
        return body


class FakeRecorder:
    def eventf(self, *args) -> None:
        pass


class FakeController:
    """What the strategy functions use of the DeploymentController: client and recorder."""

    def __init__(self) -> None:
        self.client, self.recorder = FakeClient(), FakeRecorder()


def rs(name: str, replicas: int, available: int = 0) -> dict:
    """rs() of upstream's sync_test.go: a ReplicaSet with no creation timestamp."""
    return {"apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": {"name": name, "namespace": "default", "uid": f"uid-{name}",
                         "creationTimestamp": "2026-01-01T00:00:00Z"},
            "spec": {"replicas": replicas, "selector": {"matchLabels": {"foo": name}}},
            "status": {"availableReplicas": available}}


def deployment(replicas: int, max_surge, max_unavailable) -> dict:
    """newDeployment("foo", replicas, nil, &maxSurge, &maxUnavailable, selector)."""
    return {"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "foo", "namespace": "default", "uid": "uid-foo"},
            "spec": {"replicas": replicas, "selector": {"matchLabels": {"foo": "bar"}},
                     "strategy": {"type": "RollingUpdate", "rollingUpdate": {
                         "maxSurge": max_surge, "maxUnavailable": max_unavailable}}}}


# TestDeploymentController_reconcileNewReplicaSet:
# (deploymentReplicas, maxSurge, oldReplicas, newReplicas, scaleExpected, expectedNewReplicas)
RECONCILE_NEW = [
    (10, 0, 10, 0, False, None),   # should not scale up
    (10, 2, 10, 0, True, 2),
    (10, 2, 5, 0, True, 7),
    (10, 2, 10, 2, False, None),
    (10, 2, 2, 11, True, 10),      # should scale down
]


@pytest.mark.parametrize("replicas,surge,old_replicas,new_replicas,expected,new_count",
                         RECONCILE_NEW)
def test_reconcile_new_replica_set(replicas, surge, old_replicas, new_replicas, expected,
                                   new_count):
    new, old = rs("foo-v2", new_replicas), rs("foo-v1", old_replicas)
    dc = FakeController()
    scaled = rolling.reconcile_new_replica_set(dc, [new, old], new,
                                               deployment(replicas, surge, 0))
    assert scaled == expected
    if not expected:
        assert dc.client.updates == []
        return
    (updated,) = dc.client.updates
    assert updated["spec"]["replicas"] == new_count


# TestDeploymentController_reconcileOldReplicaSets: (deploymentReplicas, maxUnavailable,
# oldReplicas, newReplicas, readyPodsFromOldRS, readyPodsFromNewRS, scaleExpected,
# expectedOldReplicas)
RECONCILE_OLD = [
    (10, 0, 10, 0, 10, 0, True, 9),
    (10, 2, 10, 0, 10, 0, True, 8),
    (10, 2, 10, 0, 8, 0, True, 8),    # unhealthy old replicas cleaned up
    (10, 2, 10, 0, 9, 0, True, 8),    # 1 unhealthy cleaned up, 1 ready scaled down
    (10, 2, 8, 2, 8, 0, False, None),  # new RS's unavailable Pods stop further scale-down
]


@pytest.mark.parametrize("replicas,unavailable,old_replicas,new_replicas,old_ready,new_ready,"
                         "expected,old_count", RECONCILE_OLD)
def test_reconcile_old_replica_sets(replicas, unavailable, old_replicas, new_replicas,
                                    old_ready, new_ready, expected, old_count):
    new, old = rs("foo-new", new_replicas, new_ready), rs("foo-old", old_replicas, old_ready)
    dc = FakeController()
    scaled = rolling.reconcile_old_replica_sets(dc, [old, new], [old], new,
                                                deployment(replicas, 0, unavailable))
    assert scaled == expected
    if expected:
        # upstream checks only that it scaled; the final size is what both passes leave
        assert dc.client.updates[-1]["spec"]["replicas"] == old_count
    else:
        assert dc.client.updates == []


# TestDeploymentController_cleanupUnhealthyReplicas:
# (oldReplicas, readyPods, unHealthyPods, maxCleanupCount, cleanupCountExpected)
CLEANUP = [(10, 8, 2, 1, 1), (10, 8, 2, 3, 2), (10, 8, 2, 0, 0), (10, 10, 0, 3, 0)]


@pytest.mark.parametrize("old_replicas,ready,unhealthy,max_cleanup,expected", CLEANUP)
def test_cleanup_unhealthy_replicas(old_replicas, ready, unhealthy, max_cleanup, expected):
    dc = FakeController()
    _, count = rolling.cleanup_unhealthy_replicas(dc, [rs("foo-v2", old_replicas, ready)],
                                                  deployment(10, 2, 2), max_cleanup)
    assert count == expected
    if expected:
        assert dc.client.updates[-1]["spec"]["replicas"] == old_replicas - expected


# TestDeploymentController_scaleDownOldReplicaSetsForRollingUpdate:
# (deploymentReplicas, maxUnavailable, readyPods, oldReplicas, scaleExpected,
# expectedOldReplicas)
SCALE_DOWN = [
    (10, 0, 10, 10, True, 9),
    (10, 2, 10, 10, True, 8),
    (10, 2, 8, 10, False, None),
    (10, 2, 10, 0, False, None),
    (10, 2, 1, 10, False, None),
]


@pytest.mark.parametrize("replicas,unavailable,ready,old_replicas,expected,old_count",
                         SCALE_DOWN)
def test_scale_down_old_replica_sets_for_rolling_update(replicas, unavailable, ready,
                                                        old_replicas, expected, old_count):
    old = rs("foo-v2", old_replicas, ready)
    dc = FakeController()
    scaled = rolling.scale_down_old_replica_sets_for_rolling_update(
        dc, [old], [old], deployment(replicas, 0, unavailable))
    if not expected:
        assert scaled == 0 and dc.client.updates == []
        return
    (updated,) = dc.client.updates
    assert scaled > 0 and updated["spec"]["replicas"] == old_count


# -- TestScale (sync_test.go): scaling events, proportional while rolling out ---------------
NEWER, OLD, OLDER = "2016-05-20T02:00:00Z", "2016-05-20T01:00:00Z", "2016-05-20T00:00:00Z"


def timed(name: str, replicas: int, created: str, available: int = 0) -> dict:
    rs_ = rs(name, replicas, available)
    rs_["metadata"]["creationTimestamp"] = created
    return rs_


# (name, (replicas, maxSurge) now, (replicas, maxSurge) before, new RS, old RSs,
#  expected new, expected olds, not updated, desired-replicas annotations)
SCALE = [
    ("normal scaling event: 10 -> 12", (12, 0), (10, 0), ("foo-v1", 10, NEWER), [], 12, [], (),
     {}),
    ("normal scaling event: 10 -> 5", (5, 0), (10, 0), ("foo-v1", 10, NEWER), [], 5, [], (), {}),
    ("proportional scaling: 5 -> 10", (10, 0), (5, 0), ("foo-v2", 2, NEWER),
     [("foo-v1", 3, OLD)], 4, [6], (), {}),
    ("proportional scaling: 5 -> 3", (3, 0), (5, 0), ("foo-v2", 2, NEWER),
     [("foo-v1", 3, OLD)], 1, [2], (), {}),
    ("proportional scaling: 9 -> 4", (4, 0), (9, 0), ("foo-v2", 8, NEWER),
     [("foo-v1", 1, OLD)], 4, [0], (), {}),
    ("proportional scaling: 7 -> 10", (10, 0), (7, 0), ("foo-v3", 2, NEWER),
     [("foo-v2", 3, OLD), ("foo-v1", 2, OLDER)], 3, [4, 3], (), {}),
    ("proportional scaling: 13 -> 8", (8, 0), (13, 0), ("foo-v3", 2, NEWER),
     [("foo-v2", 8, OLD), ("foo-v1", 3, OLDER)], 1, [5, 2], (), {}),
    ("leftover distribution: 3 -> 4", (4, 0), (3, 0), ("foo-v3", 1, NEWER),
     [("foo-v2", 1, OLD), ("foo-v1", 1, OLDER)], 2, [1, 1], (), {}),
    ("leftover distribution: 3 -> 2", (2, 0), (3, 0), ("foo-v3", 1, NEWER),
     [("foo-v2", 1, OLD), ("foo-v1", 1, OLDER)], 1, [1, 0], (), {}),
    ("proportional scaling (no new rs): 4 -> 5", (5, 0), (4, 0), None,
     [("foo-v2", 2, OLD), ("foo-v1", 2, OLDER)], None, [3, 2], (), {}),
    ("proportional scaling: 6 -> 0", (0, 0), (6, 0), ("foo-v3", 3, NEWER),
     [("foo-v2", 2, OLD), ("foo-v1", 1, OLDER)], 0, [0, 0], (), {}),
    ("proportional scaling: 0 -> 6", (6, 0), (6, 0), ("foo-v3", 0, NEWER),
     [("foo-v2", 0, OLD), ("foo-v1", 0, OLDER)], 6, [0, 0], ("foo-v2", "foo-v1"), {}),
    ("failed rs update", (5, 0), (5, 0), ("foo-v3", 2, NEWER),
     [("foo-v2", 1, OLD), ("foo-v1", 1, OLDER)], 2, [2, 1], ("foo-v3", "foo-v1"),
     {"foo-v2": 3}),
    ("deployment with surge pods", (20, 2), (10, 2), ("foo-v2", 6, NEWER),
     [("foo-v1", 6, OLD)], 11, [11], (), {}),
    ("change both surge and size", (50, 6), (10, 3), ("foo-v2", 5, NEWER),
     [("foo-v1", 8, OLD)], 22, [34], (), {}),
    ("change both size and template", (14, 0), (10, 0), None,
     [("foo-v2", 7, NEWER), ("foo-v1", 3, OLD)], None, [10, 4], (), {}),
]


@pytest.mark.parametrize("name,now,before,new_rs,old_rss,expected_new,expected_old,"
                         "not_updated,annotated", SCALE, ids=[case[0] for case in SCALE])
def test_scale(name, now, before, new_rs, old_rss, expected_new, expected_old, not_updated,
               annotated):
    from k8s_model.controllers.deployment import sync, util

    d, old_d = deployment(now[0], now[1], 0), deployment(before[0], before[1], 0)
    new = timed(*new_rs) if new_rs else None
    olds = [timed(*args) for args in old_rss]
    for rs_ in ([new] if new else []) + olds:   # what the previous size left on them
        desired = annotated.get(rs_["metadata"]["name"], util.replicas(old_d))
        util.set_replicas_annotations(rs_, desired, desired + util.max_surge(old_d))
    dc = FakeController()
    sync.scale(dc, d, new, olds)
    sizes = {rs_["metadata"]["name"]: util.replicas(rs_) for rs_ in ([new] if new else []) + olds}
    for body in dc.client.updates:    # a "failed" update is one upstream's test ignores
        if body["metadata"]["name"] not in not_updated:
            sizes[body["metadata"]["name"]] = body["spec"]["replicas"]
    if new is not None:
        assert sizes[new["metadata"]["name"]] == expected_new
    assert [sizes[o["metadata"]["name"]] for o in olds] == expected_old


def test_scale_leaves_a_saturated_but_broken_new_replica_set_alone():
    """TestScale "saturated but broken new replica set does not affect old pods"."""
    from k8s_model.controllers.deployment import sync, util

    d = deployment(2, 1, 1)
    new, old = timed("foo-v2", 2, NEWER, available=0), timed("foo-v1", 1, OLD)
    for rs_ in (new, old):
        util.set_replicas_annotations(rs_, 2, 3)
    dc = FakeController()
    sync.scale(dc, d, new, [old])
    sizes = {b["metadata"]["name"]: b["spec"]["replicas"] for b in dc.client.updates}
    assert sizes.get("foo-v2", 2) == 2 and sizes.get("foo-v1", 1) == 1
