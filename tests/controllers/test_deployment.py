"""The Deployment controller: ReplicaSets named by hash, rollouts, deadline, pause, scaling."""

import pytest

from k8s_model import Cluster
from k8s_model.sim import parse_timestamp
from k8s_model.controllers.deployment import util
from k8s_model.controllers.deployment.hashing import compute_hash, fnv32a, safe_encode_string
from k8s_model.controllers.deployment.util import resolve_fenceposts, scaled_value

DEPLOY = """
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: {replicas}
  revisionHistoryLimit: {history}
  progressDeadlineSeconds: {deadline}
  paused: {paused}
  strategy: {{type: {strategy}}}
  selector:
    matchLabels: {{app: web}}
  template:
    metadata:
      labels: {{app: web}}
    spec:
      containers:
      - name: nginx
        image: {image}
"""


def deploy_yaml(image="nginx:1.28", replicas=3, strategy="RollingUpdate", history=10,
                deadline=600, paused="false"):
    return DEPLOY.format(image=image, replicas=replicas, strategy=strategy, history=history,
                         deadline=deadline, paused=paused)


def sets(c):
    """The ReplicaSets, oldest first."""
    return sorted(c.list("replicasets", "default"), key=lambda rs: util.revision(rs))


def condition(d, type_):
    return next(x for x in d["status"]["conditions"] if x["type"] == type_)


def scaling_events(c):
    events = [e for e in c.list("events", "default") if e.get("reason") == "ScalingReplicaSet"]
    # Names are `web.<virtual nanoseconds in hex>`: in order of creation.
    return [e["message"] for e in sorted(events, key=lambda e: e["metadata"]["name"])]


def record_replicas(c):
    """Every (old, new) spec.replicas the ReplicaSet informer sees, in order."""
    seen = []

    def on_event(type_, rs, old):
        state = tuple(util.replicas(x) for x in sets(c))
        if not seen or seen[-1] != state:
            seen.append(state)
    c.controller_manager.informers["replicasets"].add_handler(on_event)
    return seen


@pytest.fixture
def web():
    c = Cluster(nodes=3)
    c.apply(deploy_yaml())
    c.advance(30)
    return c


def test_creation_makes_a_hash_named_replica_set_and_reports_status(web):
    d = web.get("deployments", "web")
    (rs,) = sets(web)
    pod_hash = compute_hash(d["spec"]["template"], None)
    assert rs["metadata"]["name"] == f"web-{pod_hash}"
    assert rs["spec"]["selector"]["matchLabels"] == {"app": "web", "pod-template-hash": pod_hash}
    assert rs["metadata"]["ownerReferences"][0]["kind"] == "Deployment"
    assert rs["metadata"]["annotations"] == {"deployment.kubernetes.io/revision": "1",
                                             "deployment.kubernetes.io/desired-replicas": "3",
                                             "deployment.kubernetes.io/max-replicas": "4"}
    pods = web.list("pods", "default")
    assert len(pods) == 3 and all(p["status"]["phase"] == "Running" for p in pods)
    assert all(p["metadata"]["labels"] == {"app": "web", "pod-template-hash": pod_hash}
               for p in pods)
    assert d["metadata"]["annotations"]["deployment.kubernetes.io/revision"] == "1"
    status = {k: v for k, v in d["status"].items() if k != "conditions"}
    assert status == {"observedGeneration": 1, "replicas": 3, "updatedReplicas": 3,
                      "readyReplicas": 3, "availableReplicas": 3, "terminatingReplicas": 0}
    available, progressing = condition(d, "Available"), condition(d, "Progressing")
    assert (available["status"], available["reason"], available["message"]) == (
        "True", "MinimumReplicasAvailable", "Deployment has minimum availability.")
    assert (progressing["status"], progressing["reason"], progressing["message"]) == (
        "True", "NewReplicaSetAvailable",
        f'ReplicaSet "web-{pod_hash}" has successfully progressed.')
    assert scaling_events(web) == [f"Scaled up replica set web-{pod_hash} from 0 to 3"]
    out = web.kubectl("get deploy web")
    assert out.split("\n")[1].split()[:4] == ["web", "3/3", "3", "3"]


def test_rolling_update_follows_upstream_arithmetic_and_keeps_the_bounds(web):
    """3 replicas, 25%/25%: maxSurge ceil(0.75)=1, maxUnavailable floor(0.75)=0, so at most
    4 Pods and never fewer than 3 available; one Pod is swapped at a time."""
    seen = record_replicas(web)
    web.apply(deploy_yaml(image="nginx:1.29"))
    for _ in range(60):
        web.advance(1)
        all_sets = sets(web)
        assert util.replica_count(all_sets) <= 3 + 1
        assert util.available_replica_count(all_sets) >= 3 - 0
    old, new = sets(web)
    # The new ReplicaSet is created at 1 already (NewRSNewReplicas), never at 0.
    assert seen == [(3, 1), (2, 1), (2, 2), (1, 2), (1, 3), (0, 3)]
    assert [util.replicas(old), util.replicas(new)] == [0, 3]
    assert new["metadata"]["annotations"]["deployment.kubernetes.io/revision"] == "2"
    assert all(p["spec"]["containers"][0]["image"] == "nginx:1.29"
               for p in web.list("pods", "default"))
    o, n = old["metadata"]["name"], new["metadata"]["name"]
    assert scaling_events(web)[1:] == [
        f"Scaled up replica set {n} from 0 to 1", f"Scaled down replica set {o} from 3 to 2",
        f"Scaled up replica set {n} from 1 to 2", f"Scaled down replica set {o} from 2 to 1",
        f"Scaled up replica set {n} from 2 to 3", f"Scaled down replica set {o} from 1 to 0"]
    d = web.get("deployments", "web")
    assert d["metadata"]["annotations"]["deployment.kubernetes.io/revision"] == "2"
    assert condition(d, "Progressing")["message"] == f'ReplicaSet "{n}" has successfully progressed.'
    described = web.kubectl("describe deploy web")
    assert f"OldReplicaSets:  {o} (0/0 replicas created)" in described
    assert f"NewReplicaSet:   {n} (3/3 replicas created)" in described
    assert "RollingUpdateStrategy:  25% max unavailable, 25% max surge" in described


def test_recreate_removes_every_old_pod_before_creating_new_ones():
    c = Cluster(nodes=3)
    c.apply(deploy_yaml(strategy="Recreate"))
    c.advance(30)
    overlaps = []

    def on_pod(type_, pod, old):
        images = {p["spec"]["containers"][0]["image"] for p in c.list("pods", "default")}
        if images == {"nginx:1.28", "nginx:1.29"}:
            overlaps.append(pod["metadata"]["name"])
    c.controller_manager.informers["pods"].add_handler(on_pod)
    c.apply(deploy_yaml(strategy="Recreate", image="nginx:1.29"))
    c.advance(60)
    assert overlaps == []
    pods = c.list("pods", "default")
    assert len(pods) == 3 and {p["spec"]["containers"][0]["image"] for p in pods} == {"nginx:1.29"}
    old, new = sets(c)
    assert scaling_events(c)[1:] == [
        f"Scaled down replica set {old['metadata']['name']} from 3 to 0",
        f"Scaled up replica set {new['metadata']['name']} from 0 to 3"]


def test_bad_image_stalls_and_exceeds_the_progress_deadline(web):
    """maxUnavailable 0: the old Pods stay; after progressDeadlineSeconds without progress
    Progressing turns False (ProgressDeadlineExceeded)."""
    web.apply(deploy_yaml(image="nginx:nope", deadline=120))
    web.advance(60)
    d = web.get("deployments", "web")
    old, new = sets(web)
    progressing = condition(d, "Progressing")
    assert (progressing["status"], progressing["reason"]) == ("True", "ReplicaSetUpdated")
    assert progressing["message"] == f'ReplicaSet "{new["metadata"]["name"]}" is progressing.'
    assert [util.replicas(old), util.replicas(new)] == [3, 1]
    assert any(s.get("state", {}).get("waiting", {}).get("reason") == "ImagePullBackOff"
               for p in web.list("pods", "default")
               for s in p["status"].get("containerStatuses", []))
    last_progress = parse_timestamp(progressing["lastUpdateTime"])
    web.advance(70)
    d = web.get("deployments", "web")
    progressing = condition(d, "Progressing")
    # requeueStuckDeployment: checked again at lastUpdateTime + deadline + 1 s.
    assert parse_timestamp(progressing["lastTransitionTime"]) == last_progress + 120 + 1
    assert (progressing["status"], progressing["reason"], progressing["message"]) == (
        "False", "ProgressDeadlineExceeded",
        f'ReplicaSet "{new["metadata"]["name"]}" has timed out progressing.')
    assert condition(d, "Available")["status"] == "True"
    assert d["status"]["unavailableReplicas"] == 1 and d["status"]["availableReplicas"] == 3


def test_pause_blocks_the_rollout_and_resume_starts_it(web):
    web.apply(deploy_yaml(paused="true"))
    web.advance(5)
    progressing = condition(web.get("deployments", "web"), "Progressing")
    assert (progressing["status"], progressing["reason"], progressing["message"]) == (
        "Unknown", "DeploymentPaused", "Deployment is paused")
    web.apply(deploy_yaml(paused="true", image="nginx:1.29"))
    web.advance(30)
    assert len(sets(web)) == 1
    assert {p["spec"]["containers"][0]["image"] for p in web.list("pods", "default")} == {"nginx:1.28"}
    reasons = []
    web.controller_manager.informers["deployments"].add_handler(
        lambda type_, d, old: reasons.append(condition(d, "Progressing")["reason"]))
    web.apply(deploy_yaml(image="nginx:1.29"))
    web.advance(30)
    assert reasons[1:3] == ["DeploymentResumed", "NewReplicaSetCreated"]
    old, new = sets(web)
    assert [util.replicas(old), util.replicas(new)] == [0, 3]
    assert condition(web.get("deployments", "web"), "Progressing")["reason"] == "NewReplicaSetAvailable"


def test_scaling_mid_rollout_is_proportional(web):
    """Stalled at old 3 + new 1 (maxSurge 1). Scaling to 6: maxSurge ceil(1.5)=2, so 8 may
    run, 4 more: old gets round(3·8/4)−3 = 3, new round(1·8/4)−1 = 1 (getReplicaSetFraction)."""
    web.apply(deploy_yaml(image="nginx:nope"))
    web.advance(20)
    old, new = sets(web)
    assert [util.replicas(old), util.replicas(new)] == [3, 1]
    seen = record_replicas(web)
    web.kubectl("scale deploy web --replicas=6")
    web.advance(60)
    old, new = sets(web)
    assert old["metadata"]["annotations"]["deployment.kubernetes.io/desired-replicas"] == "6"
    assert old["metadata"]["annotations"]["deployment.kubernetes.io/max-replicas"] == "8"
    # Then the rollout goes on: minAvailable 6−1 = 5, the 2 new Pods unavailable, so
    # 8−5−2 = 1 of the old ReplicaSet's not-yet-available Pods goes (cleanupUnhealthyReplicas)
    # and the new one grows into the gap; stalled again at 5 available old + 3 new.
    assert seen == [(6, 2), (5, 2), (5, 3)]   # both scaled in one sync
    o, n = old["metadata"]["name"], new["metadata"]["name"]
    assert scaling_events(web)[-4:] == [
        f"Scaled up replica set {o} from 3 to 6", f"Scaled up replica set {n} from 1 to 2",
        f"Scaled down replica set {o} from 6 to 5", f"Scaled up replica set {n} from 2 to 3"]


def test_revision_history_limit_deletes_the_oldest_replica_sets():
    c = Cluster(nodes=3)
    for minor in range(25, 30):
        c.apply(deploy_yaml(image=f"nginx:1.{minor}", history=2))
        c.advance(30)
    remaining = sets(c)
    assert [util.revision(rs) for rs in remaining] == [3, 4, 5]
    assert [rs["spec"]["template"]["spec"]["containers"][0]["image"] for rs in remaining] == [
        "nginx:1.27", "nginx:1.28", "nginx:1.29"]


def test_scaled_value_and_fenceposts():
    """Table from upstream deployment_util_test.go TestResolveFenceposts."""
    assert resolve_fenceposts("0%", "0%", 0) == (0, 1)
    assert resolve_fenceposts("39%", "39%", 10) == (4, 3)
    assert resolve_fenceposts(None, "39%", 10) == (0, 3)
    assert resolve_fenceposts("39%", None, 10) == (4, 0)
    assert resolve_fenceposts(None, None, 10) == (0, 1)
    with pytest.raises(ValueError):
        resolve_fenceposts("oops", "39%", 10)
    with pytest.raises(ValueError):
        resolve_fenceposts("55%", "urg", 10)
    assert resolve_fenceposts("25%", "25%", 3) == (1, 0)
    assert resolve_fenceposts(2, 0, 3) == (2, 0)
    assert scaled_value("50%", 5, True) == 3 and scaled_value("50%", 5, False) == 2


def test_hash_encoding():
    """FNV-1a test vectors (offset basis for "", 0xe40c292c for "a"); SafeEncodeString maps
    the decimal digits 0–9 to 4 5 6 7 8 9 b c d f, the only characters real hashes such as
    `nginx-deployment-66b6c48dd5` (k8s docs) contain."""
    assert fnv32a(b"") == 0x811C9DC5 and fnv32a(b"a") == 0xE40C292C
    assert safe_encode_string("0123456789") == "456789bcdf"
    assert safe_encode_string("2262704881") == "66b6c48dd5"
    template = {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": []}}
    h = compute_hash(template, None)
    assert set(h) <= set("456789bcdf") and 1 <= len(h) <= 10
    assert compute_hash(template, 1) != h and compute_hash(template, None) == h


def test_change_cause_is_copied_to_the_new_replica_set(web):
    """copyDeploymentAnnotationsToReplicaSet: everything but last-applied and the
    deployment.kubernetes.io/* bookkeeping."""
    web.kubectl('annotate deploy web kubernetes.io/change-cause=initial')
    web.advance(1)
    (rs,) = sets(web)
    annotations = rs["metadata"]["annotations"]
    assert annotations["kubernetes.io/change-cause"] == "initial"
    assert "kubectl.kubernetes.io/last-applied-configuration" not in annotations
