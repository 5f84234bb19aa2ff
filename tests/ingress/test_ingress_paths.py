"""Host and path matching: the Kubernetes docs' tables, row by row, through the
controller's configuration (config.build_servers) and nginx's choice (matching.py)."""

import pytest

from k8s_model.ingress import config
from k8s_model.ingress.matching import best_location, host_matches, split_host


def ingress(name, paths, host=None, created="2026-01-01T00:00:00Z", default=None):
    """paths: [(path, pathType, service)] on one rule."""
    spec = {}
    if paths:
        spec["rules"] = [{"http": {"paths": [
            {"path": p, "pathType": t, "backend": {"service": {"name": s, "port": {"number": 80}}}}
            for p, t, s in paths]}}]
        if host:
            spec["rules"][0]["host"] = host
    if default:
        spec["defaultBackend"] = {"service": {"name": default, "port": {"number": 80}}}
    return {"metadata": {"name": name, "namespace": "default", "creationTimestamp": created},
            "spec": spec}


def routed(ingresses, host, path):
    """The Service the request reaches, or None for the controller's 404."""
    servers = config.build_servers(ingresses, {}, {})
    location = best_location(config.find_server(servers, host).locations, path)
    return location.upstream.service if location.upstream else None


# concepts/services-networking/ingress.md, "Examples" (kubernetes/website): kind,
# path(s), request path, matches? — "(all paths)" tried as a handful of paths. Each
# rule path routes to its own Service; "No" means the request is not routed to any of
# them (the default backend answers).
DOCS_TABLE = [
    ("Prefix", ["/"], ["/", "/foo", "/aaa/bbb/ccc", "/x?y=1"], "/"),
    ("Exact", ["/foo"], ["/foo"], "/foo"),
    ("Exact", ["/foo"], ["/bar"], None),
    ("Exact", ["/foo"], ["/foo/"], None),
    ("Exact", ["/foo/"], ["/foo"], None),
    ("Prefix", ["/foo"], ["/foo", "/foo/"], "/foo"),
    ("Prefix", ["/foo/"], ["/foo", "/foo/"], "/foo/"),
    ("Prefix", ["/aaa/bb"], ["/aaa/bbb"], None),
    ("Prefix", ["/aaa/bbb"], ["/aaa/bbb"], "/aaa/bbb"),
    ("Prefix", ["/aaa/bbb/"], ["/aaa/bbb"], "/aaa/bbb/"),      # ignores trailing slash
    ("Prefix", ["/aaa/bbb"], ["/aaa/bbb/"], "/aaa/bbb"),       # matches trailing slash
    ("Prefix", ["/aaa/bbb"], ["/aaa/bbb/ccc"], "/aaa/bbb"),    # matches subpath
    ("Prefix", ["/aaa/bbb"], ["/aaa/bbbxyz"], None),           # not a string prefix
    ("Prefix", ["/", "/aaa"], ["/aaa/ccc"], "/aaa"),
    ("Prefix", ["/", "/aaa", "/aaa/bbb"], ["/aaa/bbb"], "/aaa/bbb"),
    ("Prefix", ["/", "/aaa", "/aaa/bbb"], ["/ccc"], "/"),
    ("Prefix", ["/aaa"], ["/ccc"], None),                      # uses default backend
]


def service_of(path):
    return "svc" + path.replace("/", "-")


@pytest.mark.parametrize("kind,paths,requests,winner", DOCS_TABLE)
def test_docs_examples_table(kind, paths, requests, winner):
    ing = ingress("ing", [(p, kind, service_of(p)) for p in paths])
    for request in requests:
        assert routed([ing], "any.example", request) == (winner and service_of(winner)), request


def test_docs_mixed_row_prefers_exact():
    # Mixed: /foo (Prefix), /foo (Exact), request /foo -> Yes, prefers Exact — in either
    # order in the YAML.
    for paths in ([("/foo", "Prefix", "prefix"), ("/foo", "Exact", "exact")],
                  [("/foo", "Exact", "exact"), ("/foo", "Prefix", "prefix")]):
        assert routed([ingress("ing", paths)], "h", "/foo") == "exact"
        assert routed([ingress("ing", paths)], "h", "/foo/bar") == "prefix"


def test_longest_match_wins_whatever_the_order():
    paths = [("/aaa/bbb", "Prefix", "long"), ("/aaa", "Prefix", "short"), ("/", "Prefix", "root")]
    assert routed([ingress("ing", paths)], "h", "/aaa/bbb/c") == "long"
    assert routed([ingress("ing", paths)], "h", "/aaa/x") == "short"


def test_implementation_specific_is_nginx_string_prefix():
    # ingress-nginx writes `location /aaa` as given: a plain string prefix.
    ing = ingress("ing", [("/aaa", "ImplementationSpecific", "impl")])
    assert routed([ing], "h", "/aaaxyz") == "impl"
    assert routed([ing], "h", "/aa") is None


# ingress.md, "Hostname wildcards": host, Host header, match?
@pytest.mark.parametrize("rule,header,match", [
    ("*.foo.com", "bar.foo.com", True),         # matches based on shared suffix
    ("*.foo.com", "baz.bar.foo.com", False),    # wildcard only covers a single DNS label
    ("*.foo.com", "foo.com", False),            # wildcard only covers a single DNS label
    ("foo.bar.com", "foo.bar.com", True),
    ("foo.bar.com", "x.foo.bar.com", False),
])
def test_docs_hostname_wildcards(rule, header, match):
    assert host_matches(rule, header) is match
    ing = ingress("ing", [("/", "Prefix", "web")], host=rule)
    assert (routed([ing], header, "/") == "web") is match


def test_host_header_port_and_case_are_ignored():
    assert split_host("Foo.Bar.com:8080") == "foo.bar.com"
    ing = ingress("ing", [("/", "Prefix", "web")], host="foo.bar.com")
    assert routed([ing], split_host("FOO.bar.com:80"), "/") == "web"


def test_exact_host_beats_wildcard_and_rule_without_host_catches_the_rest():
    exact = ingress("a", [("/", "Prefix", "exact")], host="foo.bar.com")
    wild = ingress("b", [("/", "Prefix", "wild")], host="*.bar.com")
    anyhost = ingress("c", [("/", "Prefix", "any")])
    assert routed([exact, wild, anyhost], "foo.bar.com", "/") == "exact"
    assert routed([exact, wild, anyhost], "baz.bar.com", "/") == "wild"
    assert routed([exact, wild, anyhost], "10.0.0.1", "/") == "any"


def test_ingresses_for_one_host_merge_and_the_older_keeps_a_shared_path():
    older = ingress("older", [("/api", "Prefix", "api-v1")], host="shop.example",
                    created="2026-01-01T00:00:00Z")
    newer = ingress("newer", [("/api", "Prefix", "api-v2"), ("/cart", "Prefix", "cart")],
                    host="shop.example", created="2026-01-01T00:00:05Z")
    for order in ([older, newer], [newer, older]):
        assert routed(order, "shop.example", "/api/x") == "api-v1"
        assert routed(order, "shop.example", "/cart") == "cart"
        assert routed(order, "shop.example", "/") is None


def test_default_backend_of_an_ingress_with_rules_serves_its_hosts_unmatched_paths():
    ing = ingress("ing", [("/api", "Prefix", "api")], host="shop.example", default="fallback")
    assert routed([ing], "shop.example", "/other") == "fallback"
    assert routed([ing], "other.example", "/other") is None   # not the catch-all


def test_default_backend_without_rules_is_the_catch_all():
    ing = ingress("catch", [], default="fallback")
    assert routed([ing], "anything.example", "/x") == "fallback"


def test_upstream_endpoints_are_ready_pod_ips_and_target_ports():
    services = {("default", "web"): {"spec": {"type": "ClusterIP", "ports": [
        {"name": "http", "port": 80, "targetPort": 8080}]}}}
    slices = config.slices_by_service([{
        "metadata": {"name": "web-abc", "namespace": "default",
                     "labels": {"kubernetes.io/service-name": "web"}},
        "ports": [{"name": "http", "port": 8080, "protocol": "TCP"}],
        "endpoints": [{"addresses": ["10.244.1.5"], "conditions": {"ready": True}},
                      {"addresses": ["10.244.2.6"], "conditions": {"ready": False}}]}])
    up = config.upstream_for({"service": {"name": "web", "port": {"number": 80}}}, "default",
                             services, slices)
    assert up.endpoints == [("10.244.1.5", 8080)]
    by_name = config.upstream_for({"service": {"name": "web", "port": {"name": "http"}}},
                                  "default", services, slices)
    assert by_name.endpoints == [("10.244.1.5", 8080)]
    missing_port = config.upstream_for({"service": {"name": "web", "port": {"number": 81}}},
                                       "default", services, slices)
    assert missing_port.endpoints == []
