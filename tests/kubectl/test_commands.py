"""kubectl commands end to end: the exact text kubectl v1.35 prints, and that a failed
command changes nothing."""

import pytest

from k8s_model import Cluster, KubectlError

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
"""

CONFIGMAP = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  color: blue
"""


@pytest.fixture
def c():
    return Cluster(nodes=2)


def fails(c, command, stdin=None) -> KubectlError:
    with pytest.raises(KubectlError) as failure:
        c.kubectl(command, stdin=stdin)
    return failure.value


def test_get_nodes_table(c):
    c.advance(125)
    assert c.kubectl("get nodes") == (
        "NAME           STATUS   ROLES           AGE    VERSION\n"
        "controlplane   Ready    control-plane   2m5s   v1.35.0\n"
        "node-1         Ready    <none>          2m5s   v1.35.0\n"
        "node-2         Ready    <none>          2m5s   v1.35.0")


def test_get_namespaces_lists_the_four_system_namespaces(c):
    assert [line.split()[0] for line in c.kubectl("get ns").splitlines()[1:]] == [
        "default", "kube-node-lease", "kube-public", "kube-system"]


def test_empty_list_messages(c):
    assert c.kubectl("get pods") == "No resources found in default namespace."
    assert c.kubectl("get pods -n kube-public") == "No resources found in kube-public namespace."
    assert c.kubectl("get pods -A -l app=none") == "No resources found"


def test_apply_create_unchanged_configured_lines(c):
    assert c.apply(DEPLOYMENT) == "deployment.apps/web created"
    assert c.apply(DEPLOYMENT) == "deployment.apps/web unchanged"
    assert c.apply(DEPLOYMENT.replace("replicas: 2", "replicas: 3")) == \
        "deployment.apps/web configured"
    assert c.get("deployments", "web")["spec"]["replicas"] == 3


def test_apply_restores_fields_a_scale_changed(c):
    """Three-way merge: the file's replicas win over a later `kubectl scale`."""
    c.apply(DEPLOYMENT)
    assert c.kubectl("scale deployment web --replicas=5") == "deployment.apps/web scaled"
    assert c.apply(DEPLOYMENT) == "deployment.apps/web configured"
    assert c.get("deployments", "web")["spec"]["replicas"] == 2


def test_last_applied_configuration_annotation(c):
    c.apply(CONFIGMAP)
    annotations = c.get("configmaps", "settings")["metadata"]["annotations"]
    assert annotations["kubectl.kubernetes.io/last-applied-configuration"] == (
        '{"apiVersion":"v1","data":{"color":"blue"},"kind":"ConfigMap","metadata":'
        '{"annotations":{},"name":"settings","namespace":"default"}}\n')


def test_apply_of_several_documents_reports_errors_at_the_end(c):
    """Objects are applied one by one; the bad one is reported after the good ones."""
    bad = DEPLOYMENT.replace("app: web\n    spec", "app: other\n    spec")
    failure = fails(c, "apply -f -", CONFIGMAP + "---\n" + bad)
    assert failure.output == "configmap/settings created"
    assert str(failure) == ('The Deployment "web" is invalid: spec.template.metadata.labels: '
                            'Invalid value: {"app":"other"}: `selector` does not match template '
                            '`labels`')
    assert c.list("deployments", "default") == []


def test_unknown_field_is_a_strict_decoding_error(c):
    failure = fails(c, "apply -f -", DEPLOYMENT.replace("replicas: 2", "replica: 2"))
    assert str(failure) == ('Error from server (BadRequest): error when creating "STDIN": '
                            'Deployment in version "v1" cannot be handled as a Deployment: '
                            'strict decoding error: unknown field "spec.replica"')
    assert c.list("deployments", "default") == []


def test_old_api_versions_have_no_matches(c):
    failure = fails(c, "apply -f -", DEPLOYMENT.replace("apps/v1", "apps/v1beta2"))
    assert str(failure) == ('error: resource mapping not found for name: "web" namespace: "" '
                            'from "STDIN": no matches for kind "Deployment" in version '
                            '"apps/v1beta2"\nensure CRDs are installed first')


def test_yaml_syntax_error_names_the_line(c):
    failure = fails(c, "apply -f -", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n"
                                     "   labels: a\n")
    assert str(failure) == ("error: error parsing STDIN: error converting YAML to JSON: yaml: "
                            "line 5: mapping values are not allowed in this context")


def test_create_existing_object_is_already_exists(c):
    c.kubectl("create -f -", stdin=CONFIGMAP)
    failure = fails(c, "create -f -", CONFIGMAP)
    assert str(failure) == ('Error from server (AlreadyExists): error when creating "STDIN": '
                            'configmaps "settings" already exists')


def test_get_missing_object(c):
    failure = fails(c, "get pod nope")
    assert str(failure) == 'Error from server (NotFound): pods "nope" not found'
    assert failure.output == ""


def test_get_several_kinds_prefixes_names(c):
    c.apply(DEPLOYMENT)
    c.apply(CONFIGMAP)
    assert c.kubectl("get deploy,cm") == (
        "NAME                  READY   UP-TO-DATE   AVAILABLE   AGE\n"
        "deployment.apps/web   0/2     2            0           0s\n"   # RS created at once
        "\n"
        "NAME                         DATA   AGE\n"
        "configmap/kube-root-ca.crt   1      0s\n"
        "configmap/settings           1      0s")


def test_get_output_name_and_jsonpath(c):
    c.apply(CONFIGMAP)
    assert c.kubectl("get cm -o name") == "configmap/kube-root-ca.crt\nconfigmap/settings"
    assert c.kubectl("get cm settings -o jsonpath={.data.color}") == "blue"


def test_unknown_resource_type(c):
    assert str(fails(c, "get foos")) == 'error: the server doesn\'t have a resource type "foos"'


def test_get_without_type(c):
    assert str(fails(c, "get")).startswith(
        "You must specify the type of resource to get. Use \"kubectl api-resources\"")


def test_label_overwrite_rules(c):
    c.apply(CONFIGMAP)
    assert c.kubectl("label cm settings tier=frontend") == "configmap/settings labeled"
    failure = fails(c, "label cm settings tier=backend")
    assert str(failure) == "error: 'tier' already has a value (frontend), and --overwrite is false"
    assert c.kubectl("label cm settings tier=backend --overwrite") == "configmap/settings labeled"
    assert c.kubectl("get cm -l tier=backend -o name") == "configmap/settings"
    assert c.kubectl("label cm settings tier=backend --overwrite") == \
        "configmap/settings not labeled"
    assert c.kubectl("label cm settings tier-") == "configmap/settings unlabeled"
    assert c.kubectl("get cm -l tier -o name") == ""
    # label.go prints each key it cannot remove before the result (to stdout)
    assert c.kubectl("label cm settings tier-") == ('label "tier" not found.\n'
                                                   "configmap/settings not labeled")


def test_annotate(c):
    c.apply(CONFIGMAP)
    assert c.kubectl("annotate cm settings owner=team-a") == "configmap/settings annotated"
    assert c.get("configmaps", "settings")["metadata"]["annotations"]["owner"] == "team-a"


def test_delete_prints_namespace_and_garbage_collects(c):
    c.apply(CONFIGMAP)
    assert c.kubectl("delete cm settings") == \
        'configmap "settings" deleted from default namespace'
    assert str(fails(c, "delete cm settings")) == \
        'Error from server (NotFound): configmaps "settings" not found'


def test_delete_cluster_scoped_object_has_no_namespace_suffix(c):
    c.kubectl("create namespace scratch")
    assert c.kubectl("delete namespace scratch") == 'namespace "scratch" deleted'


def test_scale_requires_replicas(c):
    assert str(fails(c, "scale deploy web")) == 'error: required flag(s) "replicas" not set'


def test_unknown_command_and_flag(c):
    assert str(fails(c, "frobnicate")) == 'error: unknown command "frobnicate" for "kubectl"'
    assert str(fails(c, "get pods --frob")) == \
        "error: unknown flag: --frob\nSee 'kubectl get --help' for usage."


def test_scale_goes_through_the_scale_subresource(c):
    """kubectl scale PATCHes /scale; the Deployment's spec.replicas and generation follow."""
    c.apply(DEPLOYMENT)
    assert c.kubectl("scale deploy web --replicas=5") == "deployment.apps/web scaled"
    deployment = c.get("deployments", "web")
    assert deployment["spec"]["replicas"] == 5 and deployment["metadata"]["generation"] == 2
    assert any(r.verb == "patch" and r.resource == "deployments.apps/scale" for r in c.trace)
    failure = fails(c, "scale deploy web --replicas=3 --current-replicas=2")
    assert str(failure) == "error: Expected replicas to be 2, was 5"


def test_scale_of_a_kind_without_scale(c):
    c.apply(CONFIGMAP)
    assert str(fails(c, "scale cm settings --replicas=2")) == (
        "Error from server (NotFound): the server could not find the requested resource")
