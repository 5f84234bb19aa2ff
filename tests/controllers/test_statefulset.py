"""The StatefulSet controller: ordered start, stable identity and storage, ordered
scale-down, partitioned rolling updates, Parallel, OnDelete and claim retention."""

import pytest

from k8s_model import Cluster
from k8s_model.controllers.statefulset import utils

# The `web` example of https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/
# ("Components"), v1.35. Two changes: the image is `nginx` (the model's image catalogue has
# no registry.k8s.io/nginx-slim), and the claim template names no StorageClass, so the
# cluster's default class provisions it (the docs' `my-storage-class` does not exist).
WEB = """
apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  ports:
  - port: 80
    name: web
  clusterIP: None
  selector:
    app: nginx
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: nginx # has to match .spec.template.metadata.labels
  serviceName: "nginx"
  replicas: 3 # by default is 1
  minReadySeconds: 10 # by default is 0
  template:
    metadata:
      labels:
        app: nginx # has to match .spec.selector.matchLabels
    spec:
      terminationGracePeriodSeconds: 10
      containers:
      - name: nginx
        image: nginx
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ "ReadWriteOnce" ]
      resources:
        requests:
          storage: 1Gi
"""


def web(*changes: tuple[str, str]) -> str:
    """The example with (old, new) text replacements."""
    text = WEB
    for old, new in changes:
        assert old in text
        text = text.replace(old, new)
    return text


SERVICE_NAME = 'serviceName: "nginx"'


def patch_sts(c, patch):
    c.kubectl_client.patch("statefulsets", "default", "web", patch)


def pods(c) -> dict:
    return {p["metadata"]["name"]: p for p in c.list("pods", "default", "app=nginx")}


def ready(c, names) -> bool:
    found = pods(c)
    return all(n in found and utils.is_running_and_ready(found[n]) for n in names)


def sts_events(c, reason):
    events = [e for e in c.list("events", "default")
              if e["involvedObject"]["kind"] == "StatefulSet" and e["reason"] == reason]
    return [e["message"] for e in sorted(events, key=lambda e: e["metadata"]["name"])]


def status(c):
    return c.get("statefulsets", "web", "default")["status"]


@pytest.fixture
def c():
    cluster = Cluster(nodes=3)
    cluster.apply(WEB)
    assert cluster.run_until(lambda: ready(cluster, ["web-0", "web-1", "web-2"])
                             and status(cluster).get("availableReplicas") == 3, timeout=300)
    return cluster


def test_ordered_start_one_pod_at_a_time():
    c = Cluster(nodes=3)
    c.apply(WEB)
    created = {}
    for _ in range(120):
        c.advance(1)
        for name, pod in pods(c).items():
            created.setdefault(name, (c.now, {n: utils.is_running_and_ready(p)
                                             for n, p in pods(c).items() if n != name}))
    assert sorted(created) == ["web-0", "web-1", "web-2"]
    # web-1 appears only when web-0 is Running and Ready (and available for
    # minReadySeconds), web-2 only when both predecessors are.
    assert created["web-0"][0] < created["web-1"][0] < created["web-2"][0]
    assert created["web-1"][1] == {"web-0": True}
    assert created["web-2"][1] == {"web-0": True, "web-1": True}
    assert created["web-1"][0] - created["web-0"][0] >= 10   # minReadySeconds
    # The claim is created before its Pod: the upstream event strings, in order.
    assert sts_events(c, "SuccessfulCreate") == [
        "create Claim www-web-0 Pod web-0 in StatefulSet web success",
        "create Pod web-0 in StatefulSet web successful",
        "create Claim www-web-1 Pod web-1 in StatefulSet web success",
        "create Pod web-1 in StatefulSet web successful",
        "create Claim www-web-2 Pod web-2 in StatefulSet web success",
        "create Pod web-2 in StatefulSet web successful"]


def test_pod_identity_labels_hostname_and_claim(c):
    pod = c.get("pods", "web-1")
    revision = status(c)["updateRevision"]
    assert pod["metadata"]["labels"] == {
        "app": "nginx", "apps.kubernetes.io/pod-index": "1",
        "controller-revision-hash": revision, "statefulset.kubernetes.io/pod-name": "web-1"}
    assert pod["metadata"]["generateName"] == "web-"
    assert (pod["spec"]["hostname"], pod["spec"]["subdomain"]) == ("web-1", "nginx")
    assert pod["spec"]["volumes"][0] == {"name": "www",
                                         "persistentVolumeClaim": {"claimName": "www-web-1"}}
    claim = c.get("persistentvolumeclaims", "www-web-1")
    assert claim["metadata"]["labels"] == {"app": "nginx"}   # the selector's matchLabels
    assert claim["status"]["phase"] == "Bound"
    assert "ownerReferences" not in claim["metadata"]        # Retain/Retain: no owner
    revision_obj = c.get("controllerrevisions", revision)
    assert revision_obj["revision"] == 1
    assert revision_obj["data"]["spec"]["template"]["$patch"] == "replace"


def test_status_when_all_available(c):
    s = status(c)
    assert {k: s[k] for k in ("replicas", "readyReplicas", "availableReplicas",
                              "currentReplicas", "updatedReplicas", "collisionCount",
                              "observedGeneration")} == {
        "replicas": 3, "readyReplicas": 3, "availableReplicas": 3, "currentReplicas": 3,
        "updatedReplicas": 3, "collisionCount": 0, "observedGeneration": 1}
    assert s["currentRevision"] == s["updateRevision"]
    assert s["currentRevision"].startswith("web-")
    assert c.kubectl("get sts web").splitlines()[1].split()[:2] == ["web", "3/3"]


def test_deleted_pod_comes_back_with_the_same_name_and_claim(c):
    before = c.get("pods", "web-1")
    volume = c.get("persistentvolumeclaims", "www-web-1")["spec"]["volumeName"]
    c.kubectl("delete pod web-1")
    assert c.run_until(lambda: pods(c).get("web-1", before)["metadata"]["uid"]
                       != before["metadata"]["uid"] and ready(c, ["web-1"]), timeout=120)
    after = c.get("pods", "web-1")
    assert after["spec"]["volumes"][0]["persistentVolumeClaim"]["claimName"] == "www-web-1"
    claim = c.get("persistentvolumeclaims", "www-web-1")
    assert claim["spec"]["volumeName"] == volume and claim["status"]["phase"] == "Bound"
    assert len(c.list("persistentvolumeclaims", "default")) == 3
    assert "delete Pod web-1 in StatefulSet web successful" not in sts_events(c, "SuccessfulDelete")


def test_scale_down_from_the_highest_ordinal_keeps_claims(c):
    c.kubectl("scale sts web --replicas=1")
    # web-2 goes first; web-1 waits until web-2 has finished terminating.
    assert pods(c)["web-2"]["metadata"].get("deletionTimestamp")
    assert not pods(c)["web-1"]["metadata"].get("deletionTimestamp")
    assert c.run_until(lambda: sorted(pods(c)) == ["web-0"], timeout=120)
    assert sts_events(c, "SuccessfulDelete") == [
        "delete Pod web-2 in StatefulSet web successful",
        "delete Pod web-1 in StatefulSet web successful"]
    # persistentVolumeClaimRetentionPolicy whenScaled: Retain (the default).
    assert sorted(p["metadata"]["name"] for p in c.list("persistentvolumeclaims", "default")) \
        == ["www-web-0", "www-web-1", "www-web-2"]
    c.kubectl("scale sts web --replicas=3")
    assert c.run_until(lambda: ready(c, ["web-0", "web-1", "web-2"]), timeout=300)
    assert len(c.list("persistentvolumeclaims", "default")) == 3   # reused, not recreated


def _set_image(c, image):
    c.kubectl(f"set image sts/web nginx={image}")


def test_partitioned_rolling_update(c):
    old = status(c)["currentRevision"]
    patch_sts(c, {"spec": {"updateStrategy": {"rollingUpdate": {"partition": 2}}}})
    _set_image(c, "nginx:1.27")
    assert c.run_until(lambda: ready(c, ["web-2"]) and pods(c)["web-2"]["spec"]["containers"][0]
                       ["image"] == "nginx:1.27" and status(c)["availableReplicas"] == 3,
                       timeout=120)
    c.advance(30)
    s, found = status(c), pods(c)
    new = s["updateRevision"]
    assert new != old and s["currentRevision"] == old
    assert {n: utils.pod_revision(p) for n, p in found.items()} == {
        "web-0": old, "web-1": old, "web-2": new}
    assert (s["currentReplicas"], s["updatedReplicas"]) == (2, 1)
    # Lowering the partition rolls the rest, highest ordinal first.
    patch_sts(c, {"spec": {"updateStrategy": {"rollingUpdate": {"partition": 0}}}})
    assert c.run_until(lambda: status(c)["currentRevision"] == new
                       and status(c)["updatedReplicas"] == 3, timeout=300)
    assert sts_events(c, "SuccessfulDelete") == [
        "delete Pod web-2 in StatefulSet web successful",
        "delete Pod web-1 in StatefulSet web successful",
        "delete Pod web-0 in StatefulSet web successful"]
    assert {utils.pod_revision(p) for p in pods(c).values()} == {new}
    # The old revision is kept as history (revisionHistoryLimit 10).
    assert sorted(r["revision"] for r in c.list("controllerrevisions", "default")) == [1, 2]


def test_rolling_update_waits_for_each_pod():
    c = Cluster(nodes=3)
    c.apply(web(("minReadySeconds: 10 # by default is 0", "minReadySeconds: 0")))
    assert c.run_until(lambda: ready(c, ["web-0", "web-1", "web-2"]), timeout=120)
    _set_image(c, "nginx:1.27")
    terminating = [n for n, p in pods(c).items() if p["metadata"].get("deletionTimestamp")]
    assert terminating == ["web-2"]   # highest ordinal first
    # maxUnavailable 1: never more than one Pod down while the update rolls.
    for _ in range(480):
        if status(c)["currentRevision"] == status(c)["updateRevision"]:
            break
        c.advance(0.25)
        assert sum(not utils.is_running_and_ready(p) or utils.is_terminating(p)
                   for p in pods(c).values()) + 3 - len(pods(c)) <= 1
    assert {p["spec"]["containers"][0]["image"] for p in pods(c).values()} == {"nginx:1.27"}


def test_parallel_creates_all_pods_at_once():
    c = Cluster(nodes=3)
    c.apply(web((SERVICE_NAME, SERVICE_NAME + "\n  podManagementPolicy: Parallel")))
    c.advance(0.2)
    found = pods(c)
    assert sorted(found) == ["web-0", "web-1", "web-2"]
    assert not any(utils.is_running_and_ready(p) for p in found.values())
    assert len(c.list("persistentvolumeclaims", "default")) == 3
    assert c.run_until(lambda: ready(c, ["web-0", "web-1", "web-2"]), timeout=120)
    # Parallel scale-down deletes every condemned Pod without waiting.
    c.kubectl("scale sts web --replicas=0")
    c.advance(0.5)
    assert all(p["metadata"].get("deletionTimestamp") for p in pods(c).values())


def test_on_delete_updates_only_deleted_pods():
    c = Cluster(nodes=3)
    c.apply(web((SERVICE_NAME, SERVICE_NAME + "\n  updateStrategy:\n    type: OnDelete")))
    assert c.run_until(lambda: ready(c, ["web-0", "web-1", "web-2"])
                       and status(c).get("availableReplicas") == 3, timeout=300)
    old = status(c)["currentRevision"]
    _set_image(c, "nginx:1.27")
    c.advance(60)
    assert {utils.pod_revision(p) for p in pods(c).values()} == {old}
    assert sts_events(c, "SuccessfulDelete") == []
    uid = pods(c)["web-0"]["metadata"]["uid"]
    c.kubectl("delete pod web-0")
    assert c.run_until(lambda: "web-0" in pods(c) and pods(c)["web-0"]["metadata"]["uid"] != uid
                       and ready(c, ["web-0"]), timeout=120)
    assert pods(c)["web-0"]["spec"]["containers"][0]["image"] == "nginx:1.27"
    assert utils.pod_revision(pods(c)["web-1"]) == old
    s = status(c)
    assert (s["currentReplicas"], s["updatedReplicas"]) == (2, 1)


def test_when_scaled_delete_removes_the_scaled_away_claims():
    c = Cluster(nodes=3)
    c.apply(web((SERVICE_NAME, SERVICE_NAME + "\n  persistentVolumeClaimRetentionPolicy:\n"
                 "    whenScaled: Delete\n    whenDeleted: Retain")))
    assert c.run_until(lambda: ready(c, ["web-0", "web-1", "web-2"])
                       and status(c).get("availableReplicas") == 3, timeout=300)
    assert all("ownerReferences" not in p["metadata"]
               for p in c.list("persistentvolumeclaims", "default"))
    c.kubectl("scale sts web --replicas=2")
    assert c.run_until(lambda: c.list("persistentvolumeclaims", "default") and sorted(
        p["metadata"]["name"] for p in c.list("persistentvolumeclaims", "default"))
        == ["www-web-0", "www-web-1"], timeout=120)
    # The claim went with its Pod, and its volume (reclaimPolicy Delete) with the claim.
    assert c.run_until(lambda: len(c.list("persistentvolumes", None)) == 2, timeout=60)


def test_when_deleted_delete_gives_the_claims_to_the_set():
    c = Cluster(nodes=3)
    c.apply(web((SERVICE_NAME, SERVICE_NAME + "\n  persistentVolumeClaimRetentionPolicy:\n"
                 "    whenDeleted: Delete")))
    assert c.run_until(lambda: len(c.list("persistentvolumeclaims", "default")) == 3,
                       timeout=300)
    sts_uid = c.get("statefulsets", "web")["metadata"]["uid"]
    assert c.run_until(lambda: all(
        [r["uid"] for r in p["metadata"].get("ownerReferences") or []] == [sts_uid]
        for p in c.list("persistentvolumeclaims", "default")), timeout=60)
    # The policy may change: back to Retain, the set lets go of its claims.
    patch_sts(c, {"spec": {"persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Retain"}}})
    assert c.run_until(lambda: all("ownerReferences" not in p["metadata"]
                                   for p in c.list("persistentvolumeclaims", "default")),
                       timeout=60)
    patch_sts(c, {"spec": {"persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Delete"}}})
    c.advance(5)
    c.kubectl("delete sts web")
    assert c.run_until(lambda: not c.list("persistentvolumeclaims", "default"), timeout=120)
