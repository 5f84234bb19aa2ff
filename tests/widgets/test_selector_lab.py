"""The selector playground: the API server selects (labelSelector on a list), the grid
lights what it returned, and kubectl's own output or error appears under it."""

import base64
import html
import re

import pytest

from k8s_model import Cluster
from widgets import LabelGridView, SelectorLab
from widgets.selector_lab import LAB_PODS, selector_from_yaml


def png_of(pane):
    (output,) = pane.out.outputs
    return base64.b64decode(output["data"]["image/png"])


def terminal(lab):
    """What the terminal block shows: its text, without the HTML."""
    return html.unescape(re.sub(r"<[^>]+>", "", lab.output.value))


def lit(lab):
    return sorted(lab.grid.view.selected or ())


@pytest.fixture(scope="module")
def shared():
    """One lab for the read-only tests (its Pods take a few virtual seconds to start)."""
    return SelectorLab(Cluster(nodes=2, seed=0))


@pytest.fixture
def lab():
    return SelectorLab(Cluster(nodes=2, seed=0))


def test_lab_starts_its_pods_and_selects_app_pc(shared):
    """On creation the nine Pods run, and `app=pc` (seed 001's example) lights three."""
    pods = shared.cluster.list("pods", "default")
    assert sorted(p["metadata"]["name"] for p in pods) == sorted(LAB_PODS)
    assert all(p["status"]["phase"] == "Running" for p in pods)
    assert png_of(shared.grid).startswith(b"\x89PNG")
    assert lit(shared) == ["pc-beta", "pc-canary", "pc-stable"]
    assert "$ kubectl get pods -l app=pc\nNAME        READY   STATUS    RESTARTS   AGE\n" \
           "pc-beta     1/1     Running   0" in terminal(shared)
    assert {"k8s-lab", "k8s-selector-lab"} <= set(shared._dom_classes)
    assert "k8s-select" in shared.select_button._dom_classes
    assert shared._repr_mimebundle_()["image/png"]


# Expected sets follow labels.Requirement.Matches (apimachinery selector.go): `notin` and
# `!=` also select Pods without the key; `!key` selects only those (selector_test.go
# TestSelectorMatches has the same cases on smaller label sets).
NOTE_EXAMPLES = [
    ("app=pc", ["pc-beta", "pc-canary", "pc-stable"]),
    ("!env", ["sc-stable"]),
    ("env in (prod, devel)", ["as-canary", "as-stable", "os-stable", "pc-beta", "pc-stable",
                              "ui-beta", "ui-stable"]),
    ("env notin (prod, devel)", ["pc-canary", "sc-stable"]),
    ("app=pc,rel!=canary", ["pc-beta", "pc-stable"]),
    ("app in (ui,pc),env==prod", ["pc-stable", "ui-stable"]),
    ("rel", sorted(LAB_PODS)),
    ("", sorted(LAB_PODS)),
]


@pytest.mark.parametrize("selector,expected", NOTE_EXAMPLES)
def test_selectors_light_what_the_api_server_returns(shared, selector, expected):
    """Each selector lights exactly the Pods kubectl lists for it, in the same order."""
    out = shared.select(selector)
    assert lit(shared) == expected
    assert [line.split()[0] for line in out.splitlines()[1:]] == expected
    command = f"kubectl get pods -l '{selector}'" if " " in selector or "!" in selector \
        else f"kubectl get pods -l {selector}" if selector else "kubectl get pods"
    assert f"$ {command}\n" in terminal(shared)


def test_selection_is_the_api_servers_list(lab, monkeypatch):
    """The widget does not match labels itself: it lists with labelSelector."""
    calls = []
    original = lab.cluster.list

    def spy(resource, namespace=None, label_selector=None):
        calls.append((resource, namespace, label_selector))
        return original(resource, namespace, label_selector)

    monkeypatch.setattr(lab.cluster, "list", spy)
    lab.selector.value = "env notin (prod, devel)"
    lab.select_button.click()
    assert ("pods", "default", "env notin (prod, devel)") in calls
    assert lit(lab) == ["pc-canary", "sc-stable"]


@pytest.mark.parametrize("selector,message", [
    # messages from apimachinery labels/selector.go (Parser.parse and friends)
    ("env in prod", "unable to parse requirement: found 'prod' expected: '('"),
    ("env in (prod,", "unable to parse requirement: found '', expected: ',', or identifier"),
    ("a b", "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"),
    ("x=a b", "found 'b', expected: ',' or 'end of string'"),
])
def test_a_bad_selector_shows_kubectls_error_and_lights_nothing(shared, selector, message):
    """kubectl's BadRequest line, exactly; the grid says the server refused; no change."""
    before = shared.cluster.list("pods", "default")
    error = shared.select(selector)
    assert error == (f'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that '
                     f'match label selector "{selector}", field selector "": {message}')
    assert error in terminal(shared)
    assert shared.grid.view.selected is None
    assert "Error from server (BadRequest)" in shared.grid.view.description().splitlines()[0]
    assert shared.cluster.list("pods", "default") == before


def test_examples_dropdown_fills_the_box_and_selects(lab):
    """Choosing an example writes it into the -l box and selects at once."""
    lab.examples.value = "!env"
    assert lab.selector.value == "!env"
    assert lit(lab) == ["sc-stable"]
    assert "$ kubectl get pods -l '!env'" in terminal(lab)


def test_yaml_mode_converts_as_label_selector_as_selector(lab):
    """matchLabels app=pc + rel In [stable, beta] is `app=pc,rel in (beta,stable)`."""
    lab.mode.value = "YAML"
    assert lab.yaml.layout.display is None and lab.selector.disabled
    lab.select_button.click()
    assert lab.selector.value == "app=pc,rel in (beta,stable)"
    assert lit(lab) == ["pc-beta", "pc-stable"]
    assert "$ kubectl get pods -l 'app=pc,rel in (beta,stable)'" in terminal(lab)


@pytest.mark.parametrize("text,message", [
    # apimachinery/pkg/apis/meta/v1/validation ValidateLabelSelector
    ("matchExpressions:\n- key: rel\n  operator: In\n",
     "spec.selector.matchExpressions[0].values: Required value: must be specified when "
     "`operator` is 'In' or 'NotIn'"),
    ("matchExpressions:\n- key: rel\n  operator: Foo\n  values: [a]\n",
     'spec.selector.matchExpressions[0].operator: Invalid value: "Foo": '
     "not a valid selector operator"),
    # strict field validation, as for a ReplicaSet sent by kubectl apply
    ("matchLabel:\n  app: pc\n", 'ReplicaSet in version "v1" cannot be handled as a ReplicaSet: '
                                 'strict decoding error: unknown field "spec.selector.matchLabel"'),
    ("matchLabels: [a\n", "error converting YAML to JSON: yaml: line 1: "
                          "did not find expected ',' or ']'"),
])
def test_yaml_mode_errors_are_the_api_servers(text, message):
    assert selector_from_yaml(text) == (None, message)


def test_yaml_null_selects_nothing_and_empty_selects_everything():
    """LabelSelectorAsSelector: nil is Nothing(), {} is Everything()."""
    assert selector_from_yaml("null\n") == (None, "")
    assert selector_from_yaml("{}\n") == ("", "")


def test_label_needs_overwrite_then_changes_the_selection(lab):
    """kubectl label refuses to change a value without --overwrite (label.go); with it,
    the Pod leaves `rel=beta` for `rel=canary`; `rel-` removes the label."""
    lab.select("rel=canary")
    assert lit(lab) == ["as-canary", "pc-canary"]
    picture = png_of(lab.grid)
    error = lab.label("pc-beta", "rel=canary")
    assert error == "error: 'rel' already has a value (beta), and --overwrite is false"
    assert lit(lab) == ["as-canary", "pc-canary"]
    assert lab.label("pc-beta", "rel=canary --overwrite") == "pod/pc-beta labeled"
    assert lit(lab) == ["as-canary", "pc-beta", "pc-canary"]
    assert png_of(lab.grid) != picture
    assert "$ kubectl label pod pc-beta rel=canary --overwrite\npod/pc-beta labeled" \
           in terminal(lab)
    assert lab.label("pc-beta", "rel-") == "pod/pc-beta unlabeled"
    assert lit(lab) == ["as-canary", "pc-canary"]


def test_label_button_uses_the_chosen_pod(lab):
    lab.pod_choice.value = "sc-stable"
    lab.label_args.value = "env=prod"
    lab.label_button.click()
    assert lab.cluster.get("pods", "sc-stable")["metadata"]["labels"]["env"] == "prod"


def test_refresh_catches_up_with_a_notebook_cell(lab):
    """A label changed outside the widget shows after refresh()."""
    lab.select("!env")
    lab.cluster.kubectl("label pod ui-beta env-")
    lab.refresh()
    assert lit(lab) == ["sc-stable", "ui-beta"]


def test_existing_pods_in_another_namespace():
    """manifest=None plays with the Pods already there; commands carry -n."""
    cluster = Cluster(nodes=1, seed=0)
    cluster.kubectl("create namespace shop")
    cluster.kubectl("run cart --image=nginx --labels=app=sc -n shop")
    cluster.kubectl("run web --image=nginx --labels=app=ui -n shop")
    lab = SelectorLab(cluster, manifest=None, namespace="shop", selector="app=sc")
    assert lit(lab) == ["cart"]
    assert "$ kubectl get pods -l app=sc -n shop" in terminal(lab)
    assert len(cluster.list("pods", "default")) == 0


def test_grid_view_alone():
    """The view draws the cards it is given and marks only the names it was told."""
    pods = [{"metadata": {"name": n, "labels": labels}, "status": {"phase": "Running"}}
            for n, labels in (("b", {"app": "x"}), ("a", {}))]
    view = LabelGridView(pods, {"b"}, "app=x", ("app",))
    assert view.description() == ("kubectl get pods -l app=x: 1 of 2 Pods in namespace "
                                  "default match\n  · a  <none>\n  ✓ b  app=x")
    assert view.png().startswith(b"\x89PNG")
