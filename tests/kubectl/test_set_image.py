"""kubectl set image (pkg/cmd/set/set_image.go). Nothing here advances the clock, so no
controller reacts to the changed templates."""

import pytest

from k8s_model import Cluster, KubectlError

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      initContainers:
      - name: init
        image: busybox:1.36
      containers:
      - name: nginx
        image: nginx:1.28
      - name: sidecar
        image: busybox:1.36
"""


@pytest.fixture
def c():
    c = Cluster(nodes=1, seed=0)
    c.apply(DEPLOYMENT)
    return c


def failure(c: Cluster, command: str) -> KubectlError:
    with pytest.raises(KubectlError) as caught:
        c.kubectl(command)
    return caught.value


def images(c: Cluster) -> dict:
    spec = c.get("deployments", "web")["spec"]["template"]["spec"]
    return {x["name"]: x["image"] for x in spec["initContainers"] + spec["containers"]}


def test_set_image_updates_one_container(c):
    assert c.kubectl("set image deployment/web nginx=nginx:1.29") == \
        "deployment.apps/web image updated"
    assert images(c) == {"init": "busybox:1.36", "nginx": "nginx:1.29",
                         "sidecar": "busybox:1.36"}
    # Already so: no patch, nothing printed (set_image.go skips an empty patch).
    generation = c.get("deployments", "web")["metadata"]["generation"]
    assert c.kubectl("set image deployment web nginx=nginx:1.29") == ""
    assert c.get("deployments", "web")["metadata"]["generation"] == generation


def test_wildcard_sets_every_container_and_init_container(c):
    assert c.kubectl("set image deployment/web *=nginx:1.29") == \
        "deployment.apps/web image updated"
    assert set(images(c).values()) == {"nginx:1.29"}


def test_unknown_container_is_an_error_but_the_others_apply(c):
    assert str(failure(c, "set image deployment/web x=nginx:1.29")) == \
        'error: unable to find container named "x"'
    assert images(c)["nginx"] == "nginx:1.28"
    error = failure(c, "set image deployment/web x=a nginx=nginx:1.29")
    assert (str(error), error.output) == ('error: unable to find container named "x"',
                                          "deployment.apps/web image updated")
    assert images(c)["nginx"] == "nginx:1.29"


def test_dry_run_client_changes_nothing(c):
    assert c.kubectl("set image deployment/web nginx=nginx:1.29 --dry-run=client") == \
        "deployment.apps/web image updated (dry run)"
    assert images(c)["nginx"] == "nginx:1.28"


def test_argument_errors_match_kubectl(c):
    """Checked against /usr/local/bin/kubectl v1.35 (those that need no server)."""
    no_resources = ("error: You must provide one or more resources by argument or filename.\n"
                    "Example resource specifications include:\n   '-f rsrc.yaml'\n"
                    "   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'")
    assert str(failure(c, "set")).startswith("Configure application resources.\n")
    assert str(failure(c, "set image")) == no_resources
    assert str(failure(c, "set image nginx=x")) == no_resources
    assert str(failure(c, "set image deployment/web nginx-")) == \
        "error: invalid image format: nginx-"
    assert str(failure(c, "set image deployment/web nginx=x foo")) == \
        "error: all resources must be specified before image changes: foo"
    assert str(failure(c, "set image deployment/web")) == \
        "error: at least one image update is required"
    assert str(failure(c, "set image deployment/web a=x *=y")) == (
        "error: all containers are already specified by *, but saw more than one "
        "container_name=container_image pairs")
    assert str(failure(c, "set image deployment/nope nginx=x")) == \
        'Error from server (NotFound): deployments.apps "nope" not found'
    assert str(failure(c, "set image service/kubernetes a=b")) == (
        "error: services/kubernetes the object is not a pod or does not have a pod "
        "template: *v1.Service")
    assert images(c)["nginx"] == "nginx:1.28"


def test_missing_objects_are_reported_before_the_pairs_are_checked(c):
    """Complete (the Builder) fails before Validate looks at the pairs."""
    assert str(failure(c, "set image deployment/nope")) == \
        'Error from server (NotFound): deployments.apps "nope" not found'
