"""The scheduling lab: a Pod form, the Schedule button, node actions, and the views of
the nodes' resources and of the scheduler's decision."""

import base64

import pytest

from widgets import NodeResourcesView, PodForm, SchedulingLab, SchedulingView
from widgets.controls.pod_form import pod_manifest


def png_of(pane):
    (output,) = pane.out.outputs
    return base64.b64decode(output["data"]["image/png"])


def test_lab_holds_both_pictures_on_creation(cluster):
    """A new lab already shows the nodes picture and a placeholder decision as PNGs."""
    lab = SchedulingLab(cluster)
    assert png_of(lab.nodes).startswith(b"\x89PNG")
    assert png_of(lab.decision).startswith(b"\x89PNG")
    assert lab.decision.out.outputs[0]["data"]["text/plain"] == "no Pod yet: press Schedule"
    assert "k8s-scheduling-lab" in lab._dom_classes
    assert "k8s-schedule" in lab.schedule_button._dom_classes


def test_schedule_click_applies_schedules_and_redraws(cluster):
    """Schedule applies the Pod, waits for the scheduler, redraws the decision view."""
    lab = SchedulingLab(cluster)
    before_decision, before_nodes = png_of(lab.decision), png_of(lab.nodes)
    lab.schedule_button.click()
    pod = cluster.get("pods", "web-1")
    selected = pod["metadata"]["annotations"]["scheduler.k8s-model.io/selected-node"]
    assert pod["spec"]["nodeName"] == selected
    assert png_of(lab.decision) != before_decision
    assert png_of(lab.nodes) != before_nodes  # 500m more requested on the chosen node
    text = lab.decision.out.outputs[0]["data"]["text/plain"]
    assert text.splitlines()[0] == f"Pod default/web-1 → {selected}  (3 of 4 nodes fit)"
    assert "controlplane: ✗ TaintToleration: node(s) had untolerated taint(s)" in text
    assert f"Successfully assigned default/web-1 to {selected}" in lab.output.value
    assert lab.form.name.value == "web-2"  # Pods are immutable: the next click is a new Pod


def test_unschedulable_pod_shows_failed_scheduling(cluster):
    """A Pod too big for every node: each node's reason, and the FailedScheduling message."""
    lab = SchedulingLab(cluster)
    lab.form.cpu.value = "5"
    lab.schedule_button.click()
    text = lab.decision.view.description()
    assert text.splitlines()[0] == "Pod default/web-1: 0/4 nodes are available"
    assert "node-2: ✗ NodeResourcesFit: Insufficient cpu" in text
    assert ("0/4 nodes are available: 1 node(s) had untolerated taint(s), 3 Insufficient cpu."
            in lab.output.value)


def test_form_fields_reach_the_pod(cluster):
    """nodeSelector, toleration and requests from the form end up in the stored Pod."""
    cluster.kubectl("label nodes node-2 disktype=ssd")
    lab = SchedulingLab(cluster)
    lab.form.node_selector.value = "disktype=ssd"
    lab.form.toleration.value = "dedicated=lab:NoSchedule"
    lab.schedule_button.click()
    pod = cluster.get("pods", "web-1")
    assert pod["spec"]["nodeSelector"] == {"disktype": "ssd"}
    assert pod["spec"]["tolerations"][0] == {"key": "dedicated", "operator": "Equal",
                                             "value": "lab", "effect": "NoSchedule"}
    assert pod["spec"]["nodeName"] == "node-2"
    assert "node-1: ✗ NodeAffinity: node(s) didn't match Pod's node affinity/selector" in (
        lab.decision.view.description())


def test_bad_manifest_shows_kubectl_error(cluster):
    """An invalid Pod: the API server's message in the widget, no Pod, no exception."""
    lab = SchedulingLab(cluster)
    lab.form.edit_yaml.value = True
    lab.form.text.value = ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n"
                           "  containers:\n  - name: a\n")
    lab.schedule_button.click()
    assert "The Pod &quot;x&quot; is invalid: spec.containers[0].image: Required value" in (
        lab.output.value)
    assert lab.decision.view.description() == "no Pod yet: press Schedule"


NODE_ACTIONS = [
    # (name, button, expected kubectl output, node-1's STATUS afterwards)
    ("cordon", "cordon_button", "node/node-1 cordoned", "Ready,SchedulingDisabled"),
    ("taint", "taint_button", "node/node-1 tainted", "Ready"),
]


@pytest.mark.parametrize("name,button,expected,status", NODE_ACTIONS,
                         ids=[a[0] for a in NODE_ACTIONS])
def test_node_actions_redraw_the_nodes(cluster, name, button, expected, status):
    """Cordon and Taint act on the chosen node through kubectl and redraw the picture."""
    lab = SchedulingLab(cluster)
    lab.node_choice.value = "node-1"
    before = png_of(lab.nodes)
    getattr(lab, button).click()
    assert expected in lab.output.value
    assert png_of(lab.nodes) != before
    assert f"node-1 {status}:" in lab.nodes.view.description()


def test_taint_twice_shows_kubectl_error(cluster):
    """Tainting twice: kubectl's --overwrite error, shown in the widget."""
    lab = SchedulingLab(cluster)
    lab.node_choice.value = "node-1"
    lab.taint_button.click()
    lab.taint_button.click()
    assert ("error: node node-1 already has dedicated taint(s) with same effect(s) and "
            "--overwrite is false") in lab.output.value
    lab.untaint_button.click()
    assert "node/node-1 untainted" in lab.output.value


def test_add_node_joins_and_is_offered(cluster):
    """Add node joins node-4: it is in the picture and in the node dropdown."""
    lab = SchedulingLab(cluster)
    lab.add_node_button.click()
    assert lab.node_choice.options[-1] == "node-4"
    assert "node-4 Ready: cpu 0/4" in lab.nodes.view.description()


def test_scheduling_view_sums_weighted_scores(cluster):
    """Each feasible node's bar is the sum of its finalscore-result; the winner marked."""
    cluster.apply(pod_manifest("web", cpu="500m", memory="256Mi"))
    cluster.advance(2)
    pod = cluster.get("pods", "web")
    view = SchedulingView(pod)
    import json
    finals = json.loads(pod["metadata"]["annotations"]["scheduler.k8s-model.io/finalscore-result"])
    for verdict in view.decision.feasible:
        assert verdict.total == sum(finals[verdict.name].values())
    assert view.decision.selected == pod["spec"]["nodeName"]
    assert view.png() == SchedulingView(pod).png()  # deterministic bytes


def test_manual_nodename_is_explained(cluster):
    """A Pod with spec.nodeName set never meets the scheduler, and the view says so."""
    cluster.apply(pod_manifest("manual").replace("spec:\n", "spec:\n  nodeName: node-1\n"))
    view = SchedulingView(cluster.get("pods", "manual"))
    assert view.description() == ("Pod default/manual: spec.nodeName is node-1: the scheduler "
                                  "never saw this Pod")


def test_node_resources_counts_requests(cluster):
    """Requested cpu/memory per node are the sums of its Pods' requests."""
    cluster.apply(pod_manifest("a", cpu="1500m", memory="1Gi").replace(
        "spec:\n", "spec:\n  nodeName: node-2\n"))
    text = NodeResourcesView(cluster).description()
    assert "  node-2 Ready: cpu 1500m/4, memory 1Gi/8092Mi" in text.splitlines()


def test_pod_form_yaml_follows_fields():
    """Editing a field rewrites the manifest; with Edit YAML ticked it does not."""
    form = PodForm()
    form.cpu.value = "2"
    assert "        cpu: \"2\"\n" in form.manifest()
    form.edit_yaml.value = True
    form.cpu.value = "3"
    assert "cpu: \"3\"" not in form.manifest()
