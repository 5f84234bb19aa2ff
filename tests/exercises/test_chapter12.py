"""Chapter 12's checkers: what they print before and after a learner's solution."""

import pytest

from k8s_model import Cluster
from k8s_model.exercises.chapter12 import check_catch_all, check_fanout, check_notes_ingress

APP = """apiVersion: apps/v1
kind: Deployment
metadata: {{name: {name}}}
spec:
  replicas: 1
  selector: {{matchLabels: {{app: {name}}}}}
  template:
    metadata: {{labels: {{app: {name}}}}}
    spec:
      containers: [{{name: app, image: luksa/kubia}}]
---
apiVersion: v1
kind: Service
metadata: {{name: {service}}}
spec:
  type: {kind}
  selector: {{app: {name}}}
  ports: [{{port: 80, targetPort: 8080}}]
"""


def backend(service, number=80):
    return f"backend: {{service: {{name: {service}, port: {{number: {number}}}}}}}"


KUBIA = f"""apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {{name: notes}}
spec:
  rules:
  - host: notes.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        {backend("kubia-nodeport")}
"""

SHOP = f"""apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {{name: shop}}
spec:
  rules:
  - host: shop.example.com
    http:
      paths:
      - path: /api
        pathType: Prefix
        {backend("api")}
      - path: /
        pathType: Prefix
        {backend("web")}
"""

FALLBACK = """apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: fallback}
spec:
  defaultBackend:
    service: {name: web, port: {number: 80}}
"""


@pytest.fixture(scope="module")
def solved():
    c = Cluster(nodes=2, seed=0)
    c.enable_ingress()
    for name, service, kind in (("kubia", "kubia-nodeport", "NodePort"),
                                ("api", "api", "ClusterIP"), ("web", "web", "ClusterIP")):
        c.apply(APP.format(name=name, service=service, kind=kind))
    c.advance(10)
    for text in (KUBIA, SHOP, FALLBACK):
        c.apply(text)
    c.advance(1)
    return c


def lines(capsys):
    return capsys.readouterr().out.splitlines()


def test_untouched_cluster_fails_every_exercise(capsys):
    c = Cluster(nodes=1)
    for check in (check_notes_ingress, check_fanout, check_catch_all):
        check(c)
        out = lines(capsys)
        assert out[0] == "✗ no ingress controller yet: run c.enable_ingress()"
        assert out[-1].endswith("checks pass: not done yet.")


def test_notes_ingress_done(solved, capsys):
    check_notes_ingress(solved)
    assert lines(capsys) == [
        "✓ the ingress add-on is enabled",
        '✓ Ingress "notes" exists (networking.k8s.io/v1)',
        "✓ its rule for notes.example.com has the path / with pathType Prefix",
        "✓ notes.example.com/ → Service kubia-nodeport (1 ready endpoints)",
        "✓ notes.example.com/any/page → Service kubia-nodeport (1 ready endpoints)",
        "All 5 checks pass. Well done!"]


def test_notes_ingress_without_host_is_reported(capsys):
    c = Cluster(nodes=1, seed=0)
    c.enable_ingress()
    c.apply(KUBIA.replace("  - host: notes.example.com\n    http:", "  - http:"))
    c.advance(1)
    check_notes_ingress(c)
    assert "✗ want a rule for host notes.example.com with the path / and pathType Prefix" \
        in lines(capsys)


def test_fanout_done(solved, capsys):
    check_fanout(solved)
    out = lines(capsys)
    assert out[-1] == "All 7 checks pass. Well done!"
    assert "✓ shop.example.com/apiary → Service web (1 ready endpoints)" in out


def test_catch_all_done(solved, capsys):
    check_catch_all(solved)
    assert lines(capsys)[-1] == "All 5 checks pass. Well done!"


def test_fanout_with_exact_api_path_is_caught(capsys):
    c = Cluster(nodes=1, seed=0)
    c.enable_ingress()
    for name in ("api", "web"):
        c.apply(APP.format(name=name, service=name, kind="ClusterIP"))
    c.advance(10)
    c.apply(SHOP.replace("pathType: Prefix\n        backend: {service: {name: api",
                         "pathType: Exact\n        backend: {service: {name: api"))
    c.advance(1)
    check_fanout(c)
    out = lines(capsys)
    assert "✗ shop.example.com/api/orders/7 goes to default/web:80, want Service api" in out
    assert out[-1] == "6 of 7 checks pass: not done yet."


def test_backend_without_endpoints_is_reported(capsys):
    c = Cluster(nodes=1, seed=0)
    c.enable_ingress()
    c.apply(KUBIA)
    c.advance(1)
    check_notes_ingress(c)
    assert ("✗ notes.example.com/ → Service kubia-nodeport, but it has no ready endpoints "
            "(503)") in lines(capsys)


def test_solvable_in_the_chapters_state(capsys):
    """Next to the chapter's `shop-admin` (a newer Ingress claiming /api for
    kubia-nodeport) and `tenants` (*.example.com -> web), a `shop` updated in place (so
    still the older one) and `fallback` solve exercises 2 and 3."""
    c = Cluster(nodes=2, seed=0)
    c.enable_ingress()
    for name, service in (("kubia", "kubia-nodeport"), ("api", "api"), ("web", "web")):
        c.apply(APP.format(name=name, service=service, kind="ClusterIP"))
    c.advance(10)
    c.apply(SHOP)
    c.advance(1)
    c.apply(SHOP.replace("name: shop}", "name: shop-admin}")
            .replace("service: {name: api,", "service: {name: kubia-nodeport,"))
    c.apply(SHOP.replace("name: shop}", "name: tenants}").replace("shop.example.com",
                                                                  '"*.example.com"'))
    c.advance(1)
    check_fanout(c)
    assert lines(capsys)[-1] == "All 7 checks pass. Well done!"   # shop is older: its /api wins
    c.apply(FALLBACK)
    c.advance(1)
    check_catch_all(c)
    assert lines(capsys)[-1] == "All 5 checks pass. Well done!"
