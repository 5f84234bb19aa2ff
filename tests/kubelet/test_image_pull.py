"""Image pulls: ErrImagePull, then ImagePullBackOff, with containerd's messages."""

import pytest

from tests.kubelet.conftest import pod_yaml

NOT_FOUND = ('rpc error: code = NotFound desc = failed to pull and unpack image '
             '"docker.io/library/nginx:nope": failed to resolve reference '
             '"docker.io/library/nginx:nope": docker.io/library/nginx:nope: not found')
DENIED = ('rpc error: code = Unknown desc = failed to pull and unpack image '
          '"docker.io/library/ngnix:latest": failed to resolve reference '
          '"docker.io/library/ngnix:latest": pull access denied, repository does not exist '
          'or may require authorization: server message: insufficient_scope: '
          'authorization failed')


def waiting(c, name):
    return c.get("pods", name)["status"]["containerStatuses"][0]["state"].get("waiting", {})


@pytest.mark.parametrize("image,error", [("nginx:nope", NOT_FOUND), ("ngnix", DENIED)])
def test_bad_image_goes_err_image_pull_then_image_pull_back_off(kc, image, error):
    """A missing tag or repository: ErrImagePull with the CRI error, then ImagePullBackOff."""
    kc.apply(pod_yaml("bad", image))
    kc.advance(2.5)
    assert waiting(kc, "bad") == {"reason": "ErrImagePull", "message": error}
    assert kc.kubectl("get pod bad").splitlines()[1].split()[2] == "ErrImagePull"
    kc.advance(2)
    assert waiting(kc, "bad") == {
        "reason": "ImagePullBackOff",
        "message": f'Back-off pulling image "{image}": ErrImagePull: {error}'}
    assert kc.kubectl("get pod bad").splitlines()[1].split()[2] == "ImagePullBackOff"


def test_failed_pull_events(kc):
    """Pulling, Failed (the pull error), Failed `Error: ErrImagePull`, BackOff, then
    `Error: ImagePullBackOff`; pulls retried after 10 s and 20 s."""
    kc.apply(pod_yaml("bad", "nginx:nope"))
    kc.advance(45)
    events = {(e["reason"], e["message"]): e["count"] for e in kc.list("events", "default")}
    assert events == {
        ("Pulling", 'Pulling image "nginx:nope"'): 3,
        ("Failed", f'Failed to pull image "nginx:nope": {NOT_FOUND}'): 3,
        ("Failed", "Error: ErrImagePull"): 3,
        ("BackOff", 'Back-off pulling image "nginx:nope"'): 3,
        ("Failed", "Error: ImagePullBackOff"): 3,
    }


def test_if_not_present_uses_the_image_on_the_node(kc):
    """The second Pod with IfNotPresent finds the image: `already present on machine`."""
    policy = "    imagePullPolicy: IfNotPresent\n"
    kc.apply(pod_yaml("a", "redis", container=policy))
    kc.advance(5)
    kc.apply(pod_yaml("b", "redis", container=policy))
    kc.advance(5)
    messages = [e["message"] for e in kc.list("events", "default")
                if e["involvedObject"]["name"] == "b" and e["reason"] == "Pulled"]
    assert messages == ['Container image "redis" already present on machine']


def test_never_pull_policy_without_the_image(kc):
    """imagePullPolicy Never and no image: ErrImageNeverPull."""
    kc.apply(pod_yaml("n", "redis:7", container="    imagePullPolicy: Never\n"))
    kc.advance(2)
    assert waiting(kc, "n") == {
        "reason": "ErrImageNeverPull",
        "message": 'Container image "redis:7" is not present with pull policy of Never'}


def test_node_status_lists_pulled_images(kc):
    """status.images gains the pulled image, largest first."""
    kc.apply(pod_yaml("web", "nginx"))
    kc.advance(12)
    images = kc.get("nodes", "node-1", None)["status"]["images"]
    assert images[0]["names"][1] == "docker.io/library/nginx:latest"
    assert images[0]["sizeBytes"] == 72223946
    assert images[-1]["names"][1] == "registry.k8s.io/pause:3.10.1"
