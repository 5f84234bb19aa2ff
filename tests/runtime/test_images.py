"""Image references and the catalogue: normalisation and containerd's pull errors."""

import pytest

from k8s_model.runtime.images import PullFailure, ReferenceError, parse_reference, resolve


@pytest.mark.parametrize("image,normalised", [
    ("nginx", "docker.io/library/nginx:latest"),
    ("nginx:1.27", "docker.io/library/nginx:1.27"),
    ("luksa/kubia", "docker.io/luksa/kubia:latest"),
    ("docker.io/library/busybox:1.37", "docker.io/library/busybox:1.37"),
    ("registry.k8s.io/pause:3.10.1", "registry.k8s.io/pause:3.10.1"),
    ("localhost:5000/app:v1", "localhost:5000/app:v1"),
])
def test_references_are_normalised(image, normalised):
    """ParseNormalizedNamed plus the default tag."""
    assert str(parse_reference(image)) == normalised


@pytest.mark.parametrize("image", ["Nginx", "nginx:", "nginx:bad tag"])
def test_bad_references_are_refused(image):
    """Invalid references cannot be pulled (the kubelet's InvalidImageName)."""
    with pytest.raises(ReferenceError):
        parse_reference(image)


@pytest.mark.parametrize("image,code,tail", [
    ("nginx:nope", "NotFound", "docker.io/library/nginx:nope: not found"),
    ("nosuch/image", "Unknown", "pull access denied, repository does not exist or may "
                                "require authorization: server message: insufficient_scope: "
                                "authorization failed"),
])
def test_unknown_tags_and_repositories_fail_like_containerd(image, code, tail):
    """`rpc error: code = NotFound desc = failed to pull and unpack image …`."""
    ref = parse_reference(image)
    with pytest.raises(PullFailure) as caught:
        resolve(ref)
    assert str(caught.value) == (
        f'rpc error: code = {code} desc = failed to pull and unpack image "{ref}": '
        f'failed to resolve reference "{ref}": {tail}')


@pytest.mark.parametrize("image,ports", [
    ("nginx", (80,)), ("nginx:alpine", (80,)), ("luksa/kubia", (8080,)),
    ("luksa/kubia-unhealthy", (8080,)), ("redis", (6379,)), ("busybox", ()),
    ("luksa/batch-job", ()),
])
def test_catalogue_knows_the_books_images(image, ports):
    """Each image of DESIGN.md §5 resolves, with the ports it serves."""
    found, size = resolve(parse_reference(image))
    assert found.ports == ports and size > 0
