"""The ReplicaSet lab: each button is one kubectl command, the ReplicaSet controller mends
what it disturbed, and the timeline (DESIRED, CURRENT, READY) and picture redraw."""

import base64
import html

import pytest

from k8s_model import Cluster
from widgets import ReplicaSetLab
from widgets.replicaset_lab import REPLICASET_LAB_MANIFEST, relabel_arguments


def png_of(pane):
    (output,) = pane.out.outputs
    return base64.b64decode(output["data"]["image/png"])


def owned(cluster, name="web"):
    uid = cluster.get("replicasets", name)["metadata"]["uid"]
    return sorted(p["metadata"]["name"] for p in cluster.list("pods", "default")
                  if not p["metadata"].get("deletionTimestamp")
                  and any(r.get("uid") == uid for r in p["metadata"].get("ownerReferences") or []))


def terminal(lab):
    return html.unescape(lab.output.value)


@pytest.fixture
def lab():
    return ReplicaSetLab(Cluster(nodes=3, seed=0))


def test_lab_starts_its_replicaset_and_draws(lab):
    """On creation the ReplicaSet runs 3 ready Pods; both pictures are PNGs already."""
    assert png_of(lab.view).startswith(b"\x89PNG")
    assert png_of(lab.timeline).startswith(b"\x89PNG")
    assert lab.description() == ("ReplicaSet default/web: desired 3, current 3, ready 3; "
                                 "3 Pods it owns")
    assert lab.replicas.value == 3
    assert "$ kubectl get pods -L app" in terminal(lab)
    assert {"k8s-lab", "k8s-replicaset-lab"} <= set(lab._dom_classes)
    assert "k8s-relabel" in lab.relabel_button._dom_classes
    assert lab.timeline.series["ready"][-1][1] == 3


def test_delete_a_pod_is_replaced(lab):
    """Delete: the first Pod by name goes (--wait=false), a new one replaces it at once."""
    before, picture, cluster_picture = owned(lab.cluster), png_of(lab.timeline), png_of(lab.view)
    lab.delete_button.click()
    assert f'pod "{before[0]}" deleted from default namespace' in terminal(lab)
    after = owned(lab.cluster)
    assert before[0] not in after and len(after) == 3
    assert lab.marks == [(lab.cluster.now, f"delete {before[0]}")]
    assert png_of(lab.timeline) != picture and png_of(lab.view) != cluster_picture
    lab.clock.step(10)
    assert lab.cluster.get("replicasets", "web")["status"]["readyReplicas"] == 3


def test_relabel_releases_the_pod_and_the_replicaset_replaces_it(lab):
    """Relabel: app=debug takes the Pod out of the selector; the controller removes its
    ownerReference (release) and creates another Pod."""
    first = owned(lab.cluster)[0]
    lab.relabel_button.click()
    assert f"pod/{first} labeled" in terminal(lab)
    pod = lab.cluster.get("pods", first)
    assert pod["metadata"]["labels"] == {"app": "debug"}
    assert "ownerReferences" not in pod["metadata"]
    assert first not in owned(lab.cluster) and len(owned(lab.cluster)) == 3
    lab.clock.step(10)
    assert pod["status"]["phase"] == "Running"   # the released Pod lives on


def test_scale_up_then_down_deletes_the_newest_pods(lab):
    """Scale 3 -> 5 -> 3: the Pods Ready for the shortest time go first (ActivePodsWithRanks)."""
    old = owned(lab.cluster)
    lab.clock.step(60)
    lab.replicas.value = 5
    lab.scale_button.click()
    assert "replicaset.apps/web scaled" in terminal(lab)
    lab.clock.step(10)
    assert lab.cluster.get("replicasets", "web")["status"]["readyReplicas"] == 5
    lab.replicas.value = 3
    lab.scale_button.click()
    assert owned(lab.cluster) == old
    assert [v for _, v in lab.timeline.series["desired"]][-3:] == [3, 5, 3]
    assert [label for _, label in lab.marks] == ["scale to 5", "scale to 3"]


def test_bad_input_shows_kubectl_messages(lab):
    """A negative count, or a ReplicaSet deleted behind the lab's back: kubectl's words in
    the terminal, no exception."""
    assert lab.scale(-1) == ("error: The --replicas=COUNT flag is required, and COUNT must be "
                             "greater than or equal to 0")
    assert "COUNT must be greater than or equal to 0" in terminal(lab)
    lab.scale(0)
    assert lab.delete_pod() == "error: ReplicaSet 'web' has no Pod to delete: scale it up first"
    assert lab.relabel_pod() == "error: ReplicaSet 'web' has no Pod to relabel: scale it up first"
    lab.cluster.kubectl("delete rs web")
    lab.refresh()
    not_found = 'Error from server (NotFound): replicasets.apps "web" not found'
    assert lab.scale(2) == not_found
    assert lab.delete_pod() == lab.relabel_pod() == not_found
    assert [label for _, label in lab.marks] == ["scale to 0"]


@pytest.mark.parametrize("manifest, message, then", [
    ("kind: Pod\nmetadata:\n  name: x\n",
     "error: the ReplicaSet lab runs one ReplicaSet (kind: ReplicaSet); this manifest holds Pod",
     "error: the lab has no ReplicaSet: its manifest was refused"),
    ("apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: bad\nspec:\n  selector:\n"
     "    matchLabels: {app: a}\n  template:\n    metadata:\n      labels: {app: b}\n"
     "    spec:\n      containers:\n      - {name: c, image: nginx}\n",
     'The ReplicaSet "bad" is invalid: spec.template.metadata.labels: Invalid value: '
     '{"app":"b"}: `selector` does not match template `labels`',
     'Error from server (NotFound): replicasets.apps "bad" not found'),
])
def test_a_bad_manifest_is_refused_in_the_widget(manifest, message, then):
    """The refusal is shown where the output goes; the lab still draws and its buttons
    answer with errors instead of raising."""
    lab = ReplicaSetLab(Cluster(nodes=1, seed=0), manifest=manifest)
    assert message in terminal(lab)
    assert png_of(lab.view).startswith(b"\x89PNG")
    assert lab.delete_pod() == then


def test_an_existing_replicaset_in_another_namespace(cluster):
    """manifest=None, name=…: the lab works on what exists, with -n on every command."""
    cluster.kubectl("create namespace shop")
    cluster.apply(REPLICASET_LAB_MANIFEST.replace("name: web", "name: cart\n  namespace: shop"))
    cluster.advance(10)
    lab = ReplicaSetLab(cluster, manifest=None, name="cart", namespace="shop")
    assert lab.description().startswith("ReplicaSet shop/cart: desired 3, current 3, ready 3")
    lab.delete_button.click()
    assert "$ kubectl get pods -L app -n shop" in terminal(lab)
    assert "deleted from shop namespace" in terminal(lab)


@pytest.mark.parametrize("selector, arguments", [
    ({"matchLabels": {"app": "web", "tier": "fe"}}, "app=debug --overwrite"),
    ({"matchLabels": {"app": "debug"}}, "app=debug-2 --overwrite"),
    ({"matchExpressions": [{"key": "app", "operator": "In", "values": ["debug", "x"]}]},
     "app=debug-2 --overwrite"),
    ({"matchExpressions": [{"key": "env", "operator": "NotIn", "values": ["prod"]}]},
     "env=prod --overwrite"),
    ({"matchExpressions": [{"key": "canary", "operator": "Exists"}]}, "canary-"),
    ({"matchExpressions": [{"key": "legacy", "operator": "DoesNotExist"}]}, "legacy=debug"),
    ({}, ""),
])
def test_relabel_arguments_break_the_selector(selector, arguments):
    """The label change that takes a Pod out of each kind of selector."""
    assert relabel_arguments(selector) == arguments


def test_play_ticks_advance_the_clock_and_lengthen_the_timeline(lab):
    """Two Play ticks are two 5 s steps; the timeline is redrawn up to the new time."""
    start = lab.cluster.now
    lab.clock.play.value = 2
    assert lab.cluster.now == start + 10
    assert lab.timeline.view.end_time() == lab.cluster.now
