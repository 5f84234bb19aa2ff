"""ManifestEditor: Apply sends `kubectl apply -f -`; answers and errors show in the widget."""

import html

from widgets import ManifestEditor

SELECTOR_MISMATCH = (
    # ValidateDeploymentSpec: field.Invalid(spec.template.metadata.labels, labels,
    # "`selector` does not match template `labels`"); kubectl prints an Invalid status
    # with one cause as `The <Kind> "<name>" is invalid: <field>: <body>`.
    'The Deployment "web" is invalid: spec.template.metadata.labels: Invalid value: '
    '{"app":"other"}: `selector` does not match template `labels`')


def test_apply_shows_created(cluster, deployment_yaml):
    """Apply creates the Deployment and shows kubectl's line in the terminal area."""
    editor = ManifestEditor(cluster, deployment_yaml)
    editor.apply_button.click()
    assert editor.last_output == "deployment.apps/web created"
    assert editor.last_error is None
    assert "deployment.apps/web created" in editor.output.value
    assert "$ kubectl apply -f -" in editor.output.value
    assert [d["metadata"]["name"] for d in cluster.list("deployments", "default")] == ["web"]


def test_apply_twice_is_unchanged(cluster, deployment_yaml):
    """Applying the same manifest again reports `unchanged`, as kubectl does."""
    editor = ManifestEditor(cluster, deployment_yaml)
    editor.apply_button.click()
    editor.apply_button.click()
    assert editor.last_output == "deployment.apps/web unchanged"


def test_selector_mismatch_shows_the_api_servers_message(cluster, mismatched_yaml):
    """A selector that does not match the template shows kubectl's exact message in red."""
    before = cluster.kubectl("get all -A -o name")
    editor = ManifestEditor(cluster, mismatched_yaml)
    editor.apply_button.click()
    assert editor.last_error == SELECTOR_MISMATCH
    assert editor.last_output == ""
    assert html.escape(SELECTOR_MISMATCH) in editor.output.value
    assert 'class="k8s-error"' in editor.output.value
    assert "Traceback" not in editor.output.value
    cluster.advance(5)
    assert cluster.list("deployments", "default") == []
    assert cluster.kubectl("get all -A -o name") == before


def test_partial_apply_shows_output_then_error(cluster, deployment_yaml, mismatched_yaml):
    """Two documents, the second invalid: the first's line, then the error, as kubectl prints."""
    bad = mismatched_yaml.replace("name: web", "name: bad")
    editor = ManifestEditor(cluster, deployment_yaml + "---\n" + bad)
    shown = editor.apply()
    assert editor.last_output == "deployment.apps/web created"
    assert editor.last_error == SELECTOR_MISMATCH.replace('"web"', '"bad"')
    assert shown == editor.last_output + "\n" + editor.last_error
    assert editor.output.value.index("deployment.apps/web created") < editor.output.value.index(
        "is invalid")
    assert [d["metadata"]["name"] for d in cluster.list("deployments", "default")] == ["web"]


def test_dry_run_persists_nothing(cluster, deployment_yaml):
    """With Dry run on, the server answers `(server dry run)` and stores nothing."""
    editor = ManifestEditor(cluster, deployment_yaml)
    editor.dry_run.value = True
    editor.apply_button.click()
    assert editor.last_output == "deployment.apps/web created (server dry run)"
    assert "$ kubectl apply --dry-run=server -f -" in editor.output.value
    assert cluster.list("deployments", "default") == []


def test_yaml_syntax_error_is_shown(cluster):
    """Broken YAML gets real kubectl's message (checked with kubectl v1.35), in the widget."""
    editor = ManifestEditor(cluster, "kind: Pod\nmetadata: [name: x\n")
    editor.apply_button.click()
    assert editor.last_error == ("error: error parsing STDIN: error converting YAML to JSON: "
                                 "yaml: line 2: did not find expected ',' or ']'")
    assert "Traceback" not in editor.output.value


def test_empty_editor(cluster):
    """Applying nothing is kubectl's `no objects passed to apply`."""
    editor = ManifestEditor(cluster, "")
    editor.apply_button.click()
    assert editor.last_error == "error: no objects passed to apply"


class BrokenCluster:
    def kubectl(self, command, stdin=None):
        raise KeyError("status")


def test_unexpected_failure_is_shown_not_raised():
    """Even a bug in the model appears as one red line in the widget."""
    editor = ManifestEditor(BrokenCluster(), "kind: Pod\n")
    editor.apply_button.click()
    assert editor.last_error == ("error: the simulated cluster failed: KeyError: 'status'")
    assert html.escape(editor.last_error) in editor.output.value


def test_editor_has_css_classes(cluster):
    """Stable CSS classes for the browser test."""
    editor = ManifestEditor(cluster)
    assert "k8s-editor-text" in editor.text._dom_classes
    assert "k8s-editor-apply" in editor.apply_button._dom_classes
    assert "k8s-editor-dry-run" in editor.dry_run._dom_classes
    assert "k8s-editor-output" in editor.output._dom_classes


def test_diff_shows_what_apply_would_change_and_changes_nothing(cluster, deployment_yaml):
    """Diff sends `kubectl diff -f -`: a new object is all `+` lines (exit status 1); after
    Apply the same text has no differences (exit status 0, nothing printed)."""
    editor = ManifestEditor(cluster, deployment_yaml)
    shown = editor.diff()
    assert shown.startswith("diff -u -N /tmp/LIVE-") and "/apps.v1.Deployment.default.web" in shown
    assert editor.last_error is None and "@@ -0,0 +1," in shown
    assert "$ kubectl diff -f -" in editor.output.value
    assert "exit status 1: differences found" in editor.output.value
    assert cluster.list("deployments", "default") == []
    editor.apply_button.click()
    editor.diff_button.click()
    assert editor.last_output == "" and editor.last_error is None
    assert "exit status 0: no differences" in editor.output.value


def test_diff_of_an_invalid_manifest_shows_the_error(cluster, mismatched_yaml):
    editor = ManifestEditor(cluster, mismatched_yaml)
    editor.diff()
    assert editor.last_error == SELECTOR_MISMATCH and editor.last_output == ""
    assert "exit status" not in editor.output.value
