"""Composed labs: they show their picture on creation and redraw off the observer."""

import base64

import pytest

from widgets import (ClusterLab, ClusterObserver, ClusterView, SequenceDiagram, Timeline)


def png_of(pane):
    (output,) = pane.out.outputs
    return base64.b64decode(output["data"]["image/png"])


def test_lab_holds_its_picture_on_creation(cluster):
    """A new ClusterLab's Output already holds the cluster picture as image/png."""
    lab = ClusterLab(cluster)
    (output,) = lab.view.out.outputs
    assert output["output_type"] == "display_data"
    assert base64.b64decode(output["data"]["image/png"]).startswith(b"\x89PNG")
    # the four static Pods, CoreDNS's two and one kube-proxy per node
    assert output["data"]["text/plain"] == (
        "Cluster: 4 nodes (4 Ready), 10 pods (0 not bound to a node)")


def test_lab_redraws_after_a_change_and_a_step(cluster):
    """Pods created outside the widget appear at the next Step click."""
    lab = ClusterLab(cluster)
    before = png_of(lab.view)
    cluster.apply("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  nodeName: node-1\n"
                  "  containers:\n  - name: app\n    image: nginx\n")
    assert png_of(lab.view) == before  # redraws hang off the observer's notify()
    lab.clock.step_button.click()
    assert png_of(lab.view) != before
    assert lab.view.out.outputs[0]["data"]["text/plain"] == (
        "Cluster: 4 nodes (4 Ready), 11 pods (0 not bound to a node)")


def test_lab_editor_apply_redraws(cluster, deployment_yaml):
    """With editor=True, Apply in the editor redraws the picture (owners appear)."""
    lab = ClusterLab(cluster, editor=True, initial_yaml=deployment_yaml)
    before = png_of(lab.view)
    lab.editor.apply_button.click()
    assert lab.editor.last_output == "deployment.apps/web created"
    assert png_of(lab.view) != before


def test_no_redraw_without_change(cluster):
    """notify() with nothing new leaves the Output untouched (no redraw)."""
    lab = ClusterLab(cluster)
    first = lab.view.out.outputs
    lab.observer.notify()
    assert lab.view.out.outputs is first


def test_mimebundle_offers_png_and_short_text(cluster):
    """For static renderers the lab's display bundle carries the PNG and a short text."""
    lab = ClusterLab(cluster)
    bundle = lab._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert base64.b64decode(bundle["image/png"]) == lab.view.png
    assert bundle["text/plain"] == (
        "ClusterLab at t = 0s: Cluster: 4 nodes (4 Ready), 10 pods (0 not bound to a node)")


def test_css_classes(cluster):
    """The lab and its view carry stable classes for the browser test."""
    lab = ClusterLab(cluster)
    assert {"k8s-lab", "k8s-cluster-lab"} <= set(lab._dom_classes)
    assert "k8s-cluster-view" in lab.view._dom_classes
    assert "k8s-view-output" in lab.view.out._dom_classes


def test_sequence_diagram_widget(cluster, deployment_yaml):
    """SequenceDiagram holds the diagram of the records it was given."""
    mark = cluster.trace.mark()
    cluster.apply(deployment_yaml)
    pane = SequenceDiagram(cluster.trace.since(mark))
    assert png_of(pane).startswith(b"\x89PNG")
    assert "k8s-sequence" in pane._dom_classes
    assert repr(pane).startswith("Sequence diagram: ")


def test_timeline_samples_on_events(cluster, deployment_yaml):
    """Timeline(sample=…) records a value whenever it changes, at the virtual time."""
    observer = ClusterObserver(cluster, ("deployments",))
    timeline = Timeline(observer=observer,
                        sample={"deployments": lambda o: len(o.list("deployments"))})
    cluster.advance(10)
    cluster.apply(deployment_yaml)
    observer.notify()
    assert timeline.series["deployments"] == [(0.0, 1), (10.0, 2)]   # coredns, then web
    assert repr(timeline) == "Timeline to t=10s: deployments"


def test_timeline_sample_needs_observer():
    """Sampling without an observer is a clear error."""
    with pytest.raises(ValueError, match="needs an observer"):
        Timeline(sample={"x": lambda o: 0})


def test_cluster_view_alone(cluster):
    """ClusterView makes its own observer; refresh() catches up after direct changes."""
    view = ClusterView(cluster)
    before = png_of(view)
    cluster.apply("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team\n")
    view.refresh()
    assert png_of(view) == before  # a Namespace is not in the picture: no redraw
