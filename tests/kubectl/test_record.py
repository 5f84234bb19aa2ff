"""`--record`: deprecated, still honoured by kubectl v1.35 (record_flags.go).

The expected change-cause texts were printed by the real kubectl v1.35.2:
`kubectl set image -f d.yaml nginx=nginx:1.28 --local --record -o yaml` wrote
`kubernetes.io/change-cause: kubectl set image nginx=nginx:1.28 --filename=d.yaml
--local=true --record=true --output=yaml` and, on stderr, `Flag --record has been
deprecated, --record will be removed in the future`; `create deployment … --record`
fails with `error: unknown flag: --record`.
"""

import shutil
import subprocess

import pytest
import yaml

from k8s_model import Cluster
from k8s_model.kubectl import KubectlError
from k8s_model.kubectl.commands.set_image import FLAGS as SET_IMAGE_FLAGS
from k8s_model.kubectl.flags import parse
from k8s_model.kubectl.record import DEPRECATION, change_cause

REAL_KUBECTL = "/usr/local/bin/kubectl"
ARGV = ["-f", "d.yaml", "nginx=nginx:1.28", "--local", "--record", "-o", "yaml"]


def test_change_cause_is_the_command_path_the_arguments_then_each_flag_as_given():
    parsed = parse(ARGV, SET_IMAGE_FLAGS, "set image")
    assert change_cause(parsed) == ("kubectl set image nginx=nginx:1.28 --filename=d.yaml "
                                    "--local=true --record=true --output=yaml")


def test_live_change_cause_matches_kubectl(tmp_path):
    if not shutil.which(REAL_KUBECTL):
        pytest.skip("the real kubectl v1.35 is not installed")
    c = Cluster(nodes=1)
    (tmp_path / "d.yaml").write_text(
        c.kubectl("create deployment web --image=nginx:1.27 --dry-run=client -o yaml"))
    done = subprocess.run([REAL_KUBECTL, "set", "image", *ARGV], cwd=tmp_path,
                          capture_output=True, text=True)
    assert done.stderr == DEPRECATION + "\n"
    annotations = yaml.safe_load(done.stdout)["metadata"]["annotations"]
    assert annotations["kubernetes.io/change-cause"] == change_cause(
        parse(ARGV, SET_IMAGE_FLAGS, "set image"))


@pytest.fixture
def web():
    c = Cluster(nodes=2)
    c.kubectl("create deployment web --image=nginx:1.27 --replicas=2")
    c.advance(20)
    return c


def test_set_image_record_fills_the_rollout_history(web):
    out = web.kubectl("set image deployment/web nginx=nginx:1.28 --record")
    assert out == DEPRECATION + "\ndeployment.apps/web image updated"
    web.advance(30)
    assert web.kubectl("rollout history deployment/web") == (
        "deployment.apps/web \n"
        "REVISION  CHANGE-CAUSE\n"
        "1         <none>\n"
        "2         kubectl set image deployment/web nginx=nginx:1.28 --record=true")


def test_a_recorded_scale_rewrites_the_current_revisions_cause(web):
    """The controller copies the Deployment's annotations to its newest ReplicaSet, so a
    `scale --record` (a second, merge-patch request) relabels the current revision."""
    assert web.kubectl("scale deployment web --replicas=3 --record") == (
        DEPRECATION + "\ndeployment.apps/web scaled")
    web.advance(5)
    rs = web.list("replicasets", "default")[0]
    assert rs["metadata"]["annotations"]["kubernetes.io/change-cause"] == (
        "kubectl scale deployment web --replicas=3 --record=true")


def test_apply_record_lands_in_the_object_and_its_last_applied_configuration(web):
    manifest = web.kubectl("create deployment api --image=nginx --dry-run=client -o yaml")
    assert web.kubectl("apply -f - --record", stdin=manifest) == (
        DEPRECATION + "\ndeployment.apps/api created")
    annotations = web.get("deployments", "api")["metadata"]["annotations"]
    cause = "kubectl apply --filename=- --record=true"
    assert annotations["kubernetes.io/change-cause"] == cause
    assert cause in annotations["kubectl.kubernetes.io/last-applied-configuration"]


def test_record_false_warns_but_does_not_record(web):
    out = web.kubectl("set image deployment/web nginx=nginx:1.28 --record=false")
    assert out.startswith(DEPRECATION)
    assert "kubernetes.io/change-cause" not in (
        web.get("deployments", "web")["metadata"].get("annotations") or {})


def test_generators_do_not_have_the_flag_and_failures_still_warn(web):
    with pytest.raises(KubectlError) as refused:
        web.kubectl("create deployment x --image=nginx --record")
    assert str(refused.value).startswith("error: unknown flag: --record")
    assert refused.value.output == ""
    with pytest.raises(KubectlError) as missing:
        web.kubectl("scale deployment nope --replicas=2 --record")
    assert missing.value.output == DEPRECATION
    assert str(missing.value) == 'Error from server (NotFound): deployments.apps "nope" not found'
