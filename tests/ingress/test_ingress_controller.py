"""The ingress-nginx controller on a cluster: which Ingresses it serves, the status
address it publishes, its Events, and `handle` (with a fake `forward`: the request
engine's job is tested in tests/net)."""

import pytest

from k8s_model import Cluster
from k8s_model.api.errors import ApiError
from k8s_model.ingress import pages
from k8s_model.net.http import Hop, Request, Response

APP = """apiVersion: apps/v1
kind: Deployment
metadata: {{name: {name}}}
spec:
  replicas: {replicas}
  selector: {{matchLabels: {{app: {name}}}}}
  template:
    metadata: {{labels: {{app: {name}}}}}
    spec:
      containers:
      - name: web
        image: nginx
        readinessProbe: {{httpGet: {{path: /, port: 80}}, periodSeconds: 5}}
---
apiVersion: v1
kind: Service
metadata: {{name: {name}}}
spec:
  selector: {{app: {name}}}
  ports: [{{port: 80}}]
"""

INGRESS = """apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {name}
{extra}spec:
{spec}  rules:
  - host: {host}
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service: {{name: {service}, port: {{number: 80}}}}
"""


def ingress_yaml(name="web", host="web.example", service="web", extra="", spec=""):
    return INGRESS.format(name=name, host=host, service=service, extra=extra, spec=spec)


@pytest.fixture(scope="module")
def base():
    c = Cluster(nodes=2, seed=3)
    c.enable_ingress()
    return c


@pytest.fixture
def c():
    cluster = Cluster(nodes=2, seed=3)
    cluster.enable_ingress()
    cluster.apply(APP.format(name="web", replicas=3))
    cluster.advance(10)
    return cluster


def fake_forward(ip, port, request):
    return Response(200, "hello", endpoint=f"{ip}:{port}",
                    hops=[Hop("pod/x", f"answered {request.path}")])


def test_addon_objects_like_the_deploy_manifest(base):
    out = base.kubectl("get deploy,svc -n ingress-nginx")
    assert "deployment.apps/ingress-nginx-controller   1/1" in out
    assert "service/ingress-nginx-controller   LoadBalancer" in out
    assert "192.168.1.240" in out            # MetalLB's first address
    header, row = base.kubectl("get ingressclass").splitlines()
    assert header == "NAME    CONTROLLER             PARAMETERS   AGE"
    assert row.startswith("nginx   k8s.io/ingress-nginx   <none>       ")
    assert base.ingress.pod() is not None     # enable_ingress waits for readiness
    assert base.enable_ingress().endswith("The 'ingress' addon is enabled")   # idempotent


def test_controller_rbac_is_what_its_cluster_role_grants(base):
    assert base.ingress.client.list("ingressclasses")   # granted
    with pytest.raises(ApiError) as err:
        base.ingress.client.delete("services", "default", "kubernetes")
    assert 'User "system:serviceaccount:ingress-nginx:ingress-nginx" cannot delete' in \
        str(err.value)


def test_class_less_ingress_gets_the_default_class_from_admission(c):
    c.apply(ingress_yaml())
    assert c.get("ingresses", "web")["spec"]["ingressClassName"] == "nginx"


def test_class_selection(c):
    c.apply(ingress_yaml("ours", "a.example"))
    c.apply(ingress_yaml("other", "b.example", spec="  ingressClassName: traefik\n"))
    c.apply(ingress_yaml("annotated", "c.example",
                         extra="  annotations: {kubernetes.io/ingress.class: nginx}\n"))
    c.apply(ingress_yaml("annotated-other", "d.example",
                         extra="  annotations: {kubernetes.io/ingress.class: haproxy}\n"))
    served = sorted(i["metadata"]["name"] for i in c.ingress.served())
    assert served == ["annotated", "ours"]
    for host, code in [("a.example", 200), ("b.example", 404), ("c.example", 200),
                       ("d.example", 404)]:
        assert c.ingress.handle(Request(host, 80, "/"), fake_forward).status == code, host


def test_status_address_published_within_the_update_interval(c):
    c.apply(ingress_yaml())
    assert c.kubectl("get ingress web").splitlines()[1].split()[:4] == [
        "web", "nginx", "web.example", "80"]           # no ADDRESS yet
    c.advance(60)
    lines = c.kubectl("get ingress").splitlines()
    assert lines[0].split() == ["NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"]
    assert lines[1].split()[:5] == ["web", "nginx", "web.example", "192.168.1.240", "80"]
    assert c.get("ingresses", "web")["status"] == {
        "loadBalancer": {"ingress": [{"ip": "192.168.1.240"}]}}


def test_ignored_ingress_gets_no_address_and_no_event(c):
    c.apply(ingress_yaml("other", spec="  ingressClassName: traefik\n"))
    c.advance(61)
    assert c.get("ingresses", "other").get("status", {}).get("loadBalancer", {}) == {}
    # one tabwriter column from the Rules header down: "Events:" pads to "  web.example"
    assert c.kubectl("describe ingress other").splitlines()[-1] == "Events:        <none>"


def test_describe_ingress_like_kubectl(c):
    c.apply(ingress_yaml())
    c.advance(61)
    text = c.kubectl("describe ingress web")
    eps = c.list("endpointslices", "default", "kubernetes.io/service-name=web")[0]
    pods = [ep["addresses"][0] for ep in eps["endpoints"]]      # in the slice's order
    assert text.splitlines()[:12] == [
        "Name:             web",
        "Labels:           <none>",
        "Namespace:        default",
        "Address:          192.168.1.240",
        "Ingress Class:    nginx",
        "Default backend:  <default>",
        "Rules:",
        "  Host         Path  Backends",
        "  ----         ----  --------",
        "  web.example  ",
        f"               /   web:80 ({','.join(p + ':80' for p in pods)})",
        "Annotations:   <none>"]
    assert "Scheduled for sync" in text and "(x2 over" in text   # add, then the status write


def test_handle_round_robin_over_ready_endpoints(c):
    c.apply(ingress_yaml())
    pods = sorted(f"{p['status']['podIP']}:80" for p in c.list("pods", "default", "app=web"))
    seen = [c.ingress.handle(Request("web.example", 80, "/"), fake_forward).endpoint
            for _ in range(6)]
    assert sorted(seen[:3]) == pods and seen[3:] == seen[:3]     # each in turn
    answer = c.ingress.handle(Request("web.example", 80, "/a"), fake_forward)
    assert answer.hops[0] == Hop("ingress-nginx", "web.example/a → default/web:80 (web)")
    assert answer.hops[1].where == "pod/x"


def test_not_ready_endpoint_gets_nothing_and_none_ready_is_503(c):
    c.apply(ingress_yaml())
    pods = c.list("pods", "default", "app=web")
    c.break_container(pods[0]["metadata"]["name"], "fail-readiness")
    c.advance(40)
    seen = {c.ingress.handle(Request("web.example", 80, "/"), fake_forward).endpoint
            for _ in range(6)}
    assert f"{pods[0]['status']['podIP']}:80" not in seen and len(seen) == 2
    c.kubectl("scale deployment web --replicas=0")
    c.advance(35)
    answer = c.ingress.handle(Request("web.example", 80, "/"), fake_forward)
    assert (answer.status, answer.body) == (503, pages.SERVICE_UNAVAILABLE)
    assert answer.pod == c.ingress.pod()["metadata"]["name"]
    assert answer.hops == [Hop("ingress-nginx",
                               "web.example/ → default/web:80 (web): no ready endpoints, 503")]


def test_no_rule_matches_nginx_404_page(c):
    c.apply(ingress_yaml())
    answer = c.ingress.handle(Request("192.168.1.240", 80, "/"), fake_forward)
    assert answer.status == 404
    # ngx_http_special_response.c: ngx_http_error_404_page + the tail, server_tokens off
    assert answer.body == ("<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n"
                           "<center><h1>404 Not Found</h1></center>\r\n"
                           "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")
