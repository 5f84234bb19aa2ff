"""Discovery as the real kubectl v1.35 asks for it: the aggregated document
(apidiscovery.k8s.io/v2, KEP-3352) on /api and /apis, the legacy lists otherwise; what
`api-resources`, `api-versions`, `get all` and the review commands print must equal the
model's kubectl."""

import json
import os
import subprocess

import pytest

from k8s_model import examples

SAME_OUTPUT = [
    "api-resources", "api-resources --namespaced=false -o wide", "api-resources -o wide",
    "api-versions", "api-resources --api-group=stable.example.com", "get all", "get all -A",
    "get crontabs", "get ct -o name",
    "auth can-i create pods", "auth can-i create pods --as=jane", "auth can-i --list",
    "auth can-i --list --as=jane", "auth can-i get /healthz", "auth whoami",
    "auth whoami -o yaml",
]


@pytest.fixture
def with_crontabs(served):
    cluster, _ = served
    cluster.kubectl("apply -f -", examples.crontab_crd())
    cluster.advance(5)
    cluster.kubectl("apply -f -", examples.crontab())
    return cluster


@pytest.mark.parametrize("command", SAME_OUTPUT)
def test_real_kubectl_prints_what_the_model_prints(with_crontabs, real, command):
    out, code = real(command)
    mine = with_crontabs.kubectl(command).rstrip("\n")
    assert out.rstrip("\n") == mine
    assert code == (1 if mine.startswith("no") else 0)   # can-i's "no" exits 1


def test_kubectl_takes_the_aggregated_path(kubectl_binary, served, tmp_path):
    """Two discovery requests, /api and /apis, answered as APIGroupDiscoveryList: kubectl
    never falls back to one request per group-version."""
    _, server = served
    env = dict(os.environ, KUBECONFIG=server.kubeconfig, HOME=str(tmp_path))
    done = subprocess.run([kubectl_binary, "get", "pods", "-v=8"], capture_output=True,
                          text=True, env=env, timeout=60)
    urls = [line.split('url="', 1)[1].split('"')[0].removeprefix(server.url)
            for line in done.stderr.splitlines() if '"Request"' in line]
    assert urls == ["/api?timeout=32s", "/apis?timeout=32s",
                    "/api/v1/namespaces/default/pods?limit=500"]
    assert done.stderr.count(
        "Content-Type: application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList") == 2


def _get(server, path: str, accept: str):
    import urllib3

    http = urllib3.PoolManager(ca_certs=str(server.ca_file))
    response = http.request("GET", server.url + path, headers={
        "Authorization": f"Bearer {server.token}", "Accept": accept})
    return response.headers["Content-Type"], json.loads(response.data)


AGGREGATED = ("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
              "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,"
              "application/json")


def test_the_aggregated_document(served):
    """The shape of staging/src/k8s.io/api/apidiscovery/v2/types.go."""
    _, server = served
    content_type, core = _get(server, "/api", AGGREGATED)
    assert content_type == "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"
    assert (core["kind"], core["apiVersion"]) == ("APIGroupDiscoveryList", "apidiscovery.k8s.io/v2")
    [group] = core["items"]
    [v1] = group["versions"]
    assert (group["metadata"], v1["version"], v1["freshness"]) == ({}, "v1", "Current")
    pods = next(r for r in v1["resources"] if r["resource"] == "pods")
    assert {k: v for k, v in pods.items() if k != "subresources"} == {
        "resource": "pods", "responseKind": {"group": "", "version": "v1", "kind": "Pod"},
        "scope": "Namespaced", "singularResource": "pod", "shortNames": ["po"],
        "categories": ["all"], "verbs": ["create", "delete", "deletecollection", "get", "list",
                                         "patch", "update", "watch"]}
    eviction = next(s for s in pods["subresources"] if s["subresource"] == "eviction")
    assert eviction == {"subresource": "eviction", "verbs": ["create"],
                        "responseKind": {"group": "policy", "version": "v1", "kind": "Eviction"}}
    _, groups = _get(server, "/apis", AGGREGATED)
    by_name = {g["metadata"]["name"]: g for g in groups["items"]}
    scale = next(s for r in by_name["apps"]["versions"][0]["resources"]
                 if r["resource"] == "deployments" for s in r["subresources"]
                 if s["subresource"] == "scale")
    assert scale["responseKind"] == {"group": "autoscaling", "version": "v1", "kind": "Scale"}
    reviews = by_name["authorization.k8s.io"]["versions"][0]["resources"]
    assert [(r["resource"], r["scope"], r["verbs"]) for r in reviews] == [
        ("selfsubjectaccessreviews", "Cluster", ["create"]),
        ("selfsubjectrulesreviews", "Cluster", ["create"])]


def test_plain_json_gets_the_legacy_lists(served):
    _, server = served
    content_type, core = _get(server, "/api", "application/json")
    assert content_type == "application/json" and core["kind"] == "APIVersions"
    _, groups = _get(server, "/apis", "application/json")
    assert groups["kind"] == "APIGroupList"
    assert "authentication.k8s.io" in [g["name"] for g in groups["groups"]]
