"""Chapter 09's checkers: what they print for a learner's cluster in each state.

Each test solves an exercise the way the chapter teaches (kubectl only) and asserts the
checker's ✗ lines before and its ✓ lines after; the exercises build on each other, as in
the notebook.
"""

import pytest

from k8s_model.examples import deployment
from k8s_model.exercises.chapter09 import (check_no_surge_rollout,
                                           check_one_revision_for_two_changes,
                                           check_recreate_deployment, check_rolled_back_to_first)

# The chapter's web: 4 × nginx:1.27, readiness probe on port 80, minReadySeconds 5, 25%/25%.
WEB = dict(name="web", replicas=4, min_ready_seconds=5, readiness_port=80)
CHECKERS = (check_no_surge_rollout, check_one_revision_for_two_changes,
            check_rolled_back_to_first, check_recreate_deployment)


def lines(capsys):
    return capsys.readouterr().out.splitlines()


def with_cpu(manifest: str, cpu: str) -> str:
    """The manifest with a CPU request for its container."""
    return manifest.replace("      containers:\n      - name: nginx\n",
                            "      containers:\n      - name: nginx\n        resources:\n"
                            f"          requests:\n            cpu: {cpu}\n")


@pytest.fixture
def web(cluster):
    """The exercises' starting point: web rolled out at nginx:1.27."""
    cluster.kubectl("apply -f -", stdin=deployment(image="nginx:1.27", **WEB))
    cluster.advance(20)
    return cluster


@pytest.fixture
def no_surge(web):
    """After exercise 1."""
    web.kubectl("apply -f -", stdin=deployment(image="nginx:1.29", max_surge=0,
                                                 max_unavailable=1, **WEB))
    web.advance(60)
    return web


@pytest.fixture
def two_changes(no_surge):
    """After exercise 2, done with pause / set image / apply / resume."""
    no_surge.kubectl("rollout pause deployment/web")
    no_surge.kubectl("set image deployment/web nginx=nginx:1.29-alpine")
    no_surge.kubectl("apply -f -", stdin=with_cpu(deployment(
        image="nginx:1.29-alpine", max_surge=0, max_unavailable=1, **WEB), "250m"))
    no_surge.kubectl("rollout resume deployment/web")
    no_surge.advance(60)
    return no_surge


@pytest.mark.parametrize("check", CHECKERS)
def test_untouched_cluster_fails_every_exercise(web, capsys, check):
    """The stored notebook's state: web exists (✓ for that), everything else ✗."""
    check(web)
    out = lines(capsys)
    assert out[-1].endswith("not done yet.")
    assert all(line.startswith("✗") for line in out[:-1] if "exists" not in line)
    assert any(line.startswith("✗") for line in out[:-1])


def test_no_surge_rollout(web, capsys):
    """maxSurge 0 / maxUnavailable 1 and nginx:1.29: done once every Pod is available."""
    web.kubectl("apply -f -", stdin=deployment(image="nginx:1.29", max_surge=0,
                                                 max_unavailable=1, **WEB))
    check_no_surge_rollout(web)
    out = lines(capsys)
    assert out[1:4] == ["✓ its strategy is RollingUpdate with maxSurge 0 and maxUnavailable 1",
                        "✓ its Pod template runs nginx:1.29",
                        out[3]]
    assert out[3].startswith("✓ its ReplicaSet web-") and out[3].endswith(
        "was scaled with at most 4 Pods in all (no surge)")
    assert out[4].startswith("✗ the rollout is not complete")
    web.advance(60)
    check_no_surge_rollout(web)
    out = lines(capsys)
    assert out[-2:] == ["✓ the rollout is complete: 4 of 4 Pods updated and available",
                        "All 5 checks pass. Well done!"]


def test_no_surge_rollout_with_the_default_strategy(web, capsys):
    """Changing only the image rolls out with 25%/25%: a surge Pod, and the checker says so."""
    web.kubectl("set image deployment/web nginx=nginx:1.29")
    web.advance(60)
    check_no_surge_rollout(web)
    out = lines(capsys)
    assert out[1] == ("✗ its strategy is RollingUpdate with maxSurge 25% and maxUnavailable 25% "
                      "(1 and 1 of 4 replicas): want 0 and 1")
    assert out[3].endswith("was last scaled with up to 5 Pods in all: set maxSurge 0 before "
                           "changing the image")


def test_two_changes_in_one_revision(no_surge, capsys):
    """Paused, both changes make one revision (3); nothing is left half-way."""
    check_one_revision_for_two_changes(no_surge)
    assert lines(capsys)[1:] == ["✗ its Pod template runs nginx:1.29: want nginx:1.29-alpine",
                                 "✗ its container requests no CPU: want 250m",
                                 "1 of 3 checks pass: not done yet."]
    no_surge.kubectl("rollout pause deployment/web")
    no_surge.kubectl("set image deployment/web nginx=nginx:1.29-alpine")
    no_surge.kubectl("apply -f -", stdin=with_cpu(deployment(
        image="nginx:1.29-alpine", max_surge=0, max_unavailable=1, **WEB), "250m"))
    check_one_revision_for_two_changes(no_surge)
    assert lines(capsys)[-2:] == ["✗ web is paused: kubectl rollout resume deployment/web",
                                  "4 of 5 checks pass: not done yet."]
    no_surge.kubectl("rollout resume deployment/web")
    no_surge.advance(60)
    check_one_revision_for_two_changes(no_surge)
    assert lines(capsys) == [
        '✓ Deployment "web" exists',
        "✓ its Pod template runs nginx:1.29-alpine",
        "✓ its container requests 250m CPU",
        "✓ both changes came in one revision (3)",
        "✓ the rollout is complete: 4 of 4 Pods updated and available",
        "All 5 checks pass. Well done!"]


def test_two_changes_in_two_revisions(no_surge, capsys):
    """Without pausing, set image then apply makes two revisions: the first is half-way."""
    no_surge.kubectl("set image deployment/web nginx=nginx:1.29-alpine")
    no_surge.advance(60)
    no_surge.kubectl("apply -f -", stdin=with_cpu(deployment(
        image="nginx:1.29-alpine", max_surge=0, max_unavailable=1, **WEB), "250m"))
    no_surge.advance(60)
    check_one_revision_for_two_changes(no_surge)
    out = lines(capsys)
    assert out[3].startswith("✗ web-") and out[3].endswith(
        "(revision 3) made only one of the two changes: each template change is a revision "
        "(kubectl rollout pause first, resume after)")


def test_rolled_back_to_first(two_changes, capsys):
    """undo --to-revision=1: the first ReplicaSet runs again as revision 4; plain undo is not it."""
    check_rolled_back_to_first(two_changes)
    assert lines(capsys)[1:] == [
        "✗ the history is [1, 2, 3] and the current revision is 3: roll back to revision 1 "
        "(after exercises 1 and 2)",
        "1 of 2 checks pass: not done yet."]
    two_changes.kubectl("rollout undo deployment/web --to-revision=1")
    two_changes.advance(60)
    check_rolled_back_to_first(two_changes)
    out = lines(capsys)
    assert out[1].startswith("✓ the first ReplicaSet (web-") and out[1].endswith(
        "runs again, as revision 4, the newest; revision 1 is gone from the history")
    assert out[2:] == ["✓ its Pod template is the first one again: nginx:1.27, no CPU request",
                       "✓ the rollout is complete: 4 of 4 Pods updated and available",
                       "All 4 checks pass. Well done!"]


def test_plain_undo_is_not_the_first_revision(two_changes, capsys):
    two_changes.kubectl("rollout undo deployment/web")
    two_changes.advance(60)
    check_rolled_back_to_first(two_changes)
    assert lines(capsys)[1] == ("✗ the history is [1, 3, 4] and the current revision is 4: roll "
                                "back to revision 1 (after exercises 1 and 2)")


def test_recreate_deployment(cluster, capsys):
    """db: Recreate, 2 × redis:7, then redis:8."""
    db = deployment("db", 2, "redis:7", container="redis", strategy="Recreate")
    cluster.kubectl("apply -f -", stdin=db)
    cluster.advance(20)
    check_recreate_deployment(cluster)
    assert lines(capsys)[1:] == [
        "✓ its strategy is Recreate: old Pods go before new ones",
        "✓ it wants 2 replicas",
        "✗ its Pod template runs redis:7: want redis:8 (after redis:7)",
        "✗ no earlier revision of db ran redis:7: create it with redis:7, then update it to "
        "redis:8",
        "✓ the rollout is complete: 2 of 2 Pods updated and available",
        "4 of 6 checks pass: not done yet."]
    cluster.kubectl("set image deployment/db redis=redis:8")
    cluster.advance(20)
    check_recreate_deployment(cluster)
    assert lines(capsys)[-3:] == ["✓ it was updated from redis:7 (revision 1)",
                                  "✓ the rollout is complete: 2 of 2 Pods updated and available",
                                  "All 6 checks pass. Well done!"]


def test_rolling_db_is_not_recreate(cluster, capsys):
    cluster.kubectl("apply -f -", stdin=deployment("db", 2, "redis:8", container="redis"))
    cluster.advance(20)
    check_recreate_deployment(cluster)
    out = lines(capsys)
    assert out[1] == "✗ its strategy is RollingUpdate: want Recreate"
    assert out[4] == ("✗ no earlier revision of db ran redis:7: create it with redis:7, then "
                      "update it to redis:8")


def test_checkers_change_nothing(two_changes, capsys):
    """A checker only reads: the store's revision is the same after all four."""
    before = two_changes.store.revision
    for check in CHECKERS:
        check(two_changes)
    assert two_changes.store.revision == before
