"""URL → resource and verb, as apiserver's RequestInfoFactory splits them."""

import pytest

from k8s_model.api.errors import ApiError
from k8s_model.serve import routing
from k8s_model.serve.routing import Route


@pytest.mark.parametrize("path, expected", [
    ("/api/v1/pods", Route("", "v1", "pods")),
    ("/api/v1/namespaces", Route("", "v1", "namespaces")),
    ("/api/v1/namespaces/default", Route("", "v1", "namespaces", None, "default")),
    ("/api/v1/namespaces/default/status", Route("", "v1", "namespaces", None, "default", "status")),
    ("/api/v1/namespaces/default/pods", Route("", "v1", "pods", "default")),
    ("/api/v1/namespaces/default/pods/web/eviction", Route("", "v1", "pods", "default", "web", "eviction")),
    ("/apis/apps/v1/namespaces/kube-system/deployments/coredns/scale",
     Route("apps", "v1", "deployments", "kube-system", "coredns", "scale")),
    ("/api/v1/nodes/node-1", Route("", "v1", "nodes", None, "node-1")),
    ("/apis/apps", None), ("/healthz", None),
])
def test_route(path, expected):
    parts, _ = routing.split_path(path + "?limit=500")
    assert routing.route(parts) == expected


@pytest.mark.parametrize("method, route, query, verb", [
    ("GET", Route("", "v1", "pods", "default", "web"), {}, "get"),
    ("GET", Route("", "v1", "pods", "default"), {}, "list"),
    ("GET", Route("", "v1", "pods", "default"), {"watch": "true"}, "watch"),
    ("POST", Route("", "v1", "pods", "default"), {}, "create"),
    ("PUT", Route("", "v1", "pods", "default", "web"), {}, "update"),
    ("PATCH", Route("", "v1", "pods", "default", "web"), {}, "patch"),
    ("DELETE", Route("", "v1", "pods", "default", "web"), {}, "delete"),
    ("DELETE", Route("", "v1", "pods", "default"), {}, "deletecollection"),
])
def test_verb(method, route, query, verb):
    assert routing.verb(method, route, query) == verb


def test_patch_types_and_table_negotiation():
    assert routing.patch_type("application/strategic-merge-patch+json") == "strategic"
    assert routing.patch_type("application/merge-patch+json; charset=utf-8") == "merge"
    with pytest.raises(ApiError) as failure:
        routing.patch_type("text/plain")
    assert failure.value.code == 415
    assert routing.wants_table("application/json;as=Table;v=v1;g=meta.k8s.io,application/json")
    assert not routing.wants_table("application/json")


def test_serve_refuses_a_non_loopback_address(cluster):
    with pytest.raises(ValueError, match="loopback only"):
        cluster.serve(host="0.0.0.0")
