"""The real kubectl's `apply --server-side` against the served cluster: what it prints
and what the server records are what the notebook's own kubectl prints and records."""

CONFIGMAP = """apiVersion: v1
kind: ConfigMap
metadata:
  name: {name}
  labels: {{team: a}}
data:
  mode: fast
  size: big
"""

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: nginx}]
"""


def _model(cluster, command, stdin=None):
    try:
        return cluster.kubectl(command, stdin=stdin) + "\n", 0
    except Exception as error:   # KubectlError: kubectl's message, exit status 1
        return str(error) + "\n", 1


def test_apply_server_side_creates_prunes_and_records_like_the_model(served, real):
    cluster, _ = served
    for step in (CONFIGMAP, CONFIGMAP.replace("  size: big\n", "")):
        assert real("apply --server-side -f -", step.format(name="theirs")) == \
            ("configmap/theirs serverside-applied\n", 0)
        assert _model(cluster, "apply --server-side -f -", step.format(name="mine")) == \
            ("configmap/mine serverside-applied\n", 0)
    theirs, mine = cluster.get("configmaps", "theirs"), cluster.get("configmaps", "mine")
    assert theirs["data"] == mine["data"] == {"mode": "fast"}   # size pruned
    assert theirs["metadata"]["managedFields"] == mine["metadata"]["managedFields"]
    assert theirs["metadata"]["managedFields"][0]["fieldsV1"] == {
        "f:data": {"f:mode": {}}, "f:metadata": {"f:labels": {"f:team": {}}}}
    shown = real("get cm theirs -o yaml --show-managed-fields")
    assert "    manager: kubectl\n    operation: Apply\n" in shown[0]
    assert shown == _model(cluster, "get cm theirs -o yaml --show-managed-fields")
    assert real("get cm theirs -o yaml") == _model(cluster, "get cm theirs -o yaml")


def test_conflict_with_kubectl_scale_and_force_print_what_the_model_prints(served, real):
    cluster, _ = served
    assert real("scale deploy web --replicas=3") == ("deployment.apps/web scaled\n", 0)
    out, code = real("apply --server-side -f -", DEPLOYMENT)
    assert code == 1 and out.startswith(
        'error: Apply failed with 1 conflict: conflict with "kubectl" with subresource '
        '"scale" using apps/v1: .spec.replicas\n')
    assert (out, code) == _model(cluster, "apply --server-side -f -", DEPLOYMENT)
    assert cluster.get("deployments", "web")["spec"]["replicas"] == 3
    assert real("apply --server-side --force-conflicts -f -", DEPLOYMENT) == \
        ("deployment.apps/web serverside-applied\n", 0)
    assert cluster.get("deployments", "web")["spec"]["replicas"] == 2
    shown = real("get deploy web -o yaml --show-managed-fields")
    assert shown == _model(cluster, "get deploy web -o yaml --show-managed-fields")
    assert "subresource: scale" not in shown[0]   # force took .spec.replicas away


def test_apply_patch_over_http_needs_a_field_manager_and_creates_with_201(served):
    import json
    import ssl
    import urllib.error
    import urllib.request

    _, server = served
    context = ssl.create_default_context(cafile=str(server.ca_file))

    def patch(query: str) -> tuple[int, dict]:
        request = urllib.request.Request(
            f"{server.url}/api/v1/namespaces/default/configmaps/x{query}", method="PATCH",
            data=b"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: '1'}\n",
            headers={"Authorization": f"Bearer {server.token}",
                     "Content-Type": "application/apply-patch+yaml"})
        try:
            with urllib.request.urlopen(request, context=context) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    code, status = patch("")
    assert (code, status["reason"]) == (422, "Invalid")
    assert status["message"] == ('PatchOptions.meta.k8s.io "" is invalid: fieldManager: '
                                 "Required value: is required for apply patch")
    assert patch("?fieldManager=me")[0] == 201   # created
    code, obj = patch("?fieldManager=me")
    assert code == 200 and obj["metadata"]["managedFields"][0]["manager"] == "me"
