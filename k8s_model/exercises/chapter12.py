"""Checkers for chapter 12's exercises: Ingresses that ingress-nginx routes as asked.

Each checker reads the Ingress through the API server and asks the controller where it
would send a request (`c.ingress.route(host, path)`: the server and location nginx
picks, nothing sent, nothing changed), then prints one ✓ or ✗ line per requirement.
"""

from __future__ import annotations

from .report import Report, get_or_none


def _controller(c, report: Report):
    found = getattr(c, "ingress", None)
    report.check(found is not None, "the ingress add-on is enabled",
                 "no ingress controller yet: run c.enable_ingress()")
    return found


def _ingress(c, report: Report, name: str, namespace: str) -> dict | None:
    found = get_or_none(c, "ingresses", name, namespace)
    report.check(found is not None, f'Ingress "{name}" exists (networking.k8s.io/v1)',
                 f'no Ingress "{name}" in namespace "{namespace}" yet')
    return found


def _routes(c, report: Report, controller, host: str, path: str, service: str,
            namespace: str) -> None:
    where = f"{host}{path}"
    if controller is None:
        report.check(False, "", f"{where}: nothing routes requests without the controller")
        return
    got = controller.route(host, path).upstream
    if got is None or (got.namespace, got.service) != (namespace, service):
        report.check(False, "", f"{where} goes to {got or 'the default backend (404)'}, "
                                f"want Service {service}")
        return
    report.check(bool(got.endpoints),
                 f"{where} → Service {service} ({len(got.endpoints)} ready endpoints)",
                 f"{where} → Service {service}, but it has no ready endpoints (503)")


def check_notes_ingress(c, name: str = "notes", host: str = "notes.example.com",
                        service: str = "kubia-nodeport", namespace: str = "default") -> None:
    """Exercise 1: the notes' manifest rewritten for networking.k8s.io/v1, as Ingress
    `notes`: every request for notes.example.com goes to Service kubia-nodeport, port 80."""
    report = Report()
    controller = _controller(c, report)
    ing = _ingress(c, report, name, namespace)
    if ing is not None:
        paths = [p for r in ing["spec"].get("rules") or [] if r.get("host") == host
                 for p in (r.get("http") or {}).get("paths") or []]
        report.check(any(p.get("pathType") == "Prefix" and p.get("path") == "/" for p in paths),
                     f"its rule for {host} has the path / with pathType Prefix",
                     f"want a rule for host {host} with the path / and pathType Prefix")
    for path in ("/", "/any/page"):
        _routes(c, report, controller, host, path, service, namespace)
    report.show()


def check_fanout(c, namespace: str = "default") -> None:
    """Exercise 2: Ingress `shop` for shop.example.com: /api and everything below it to
    Service `api`, the rest to Service `web`; /apiary is not /api."""
    report = Report()
    controller = _controller(c, report)
    _ingress(c, report, "shop", namespace)
    for path, service in (("/api", "api"), ("/api/orders/7", "api"), ("/", "web"),
                          ("/cart", "web"), ("/apiary", "web")):
        _routes(c, report, controller, "shop.example.com", path, service, namespace)
    report.show()


def check_catch_all(c, namespace: str = "default") -> None:
    """Exercise 3: Ingress `fallback` with only a defaultBackend (Service `web`): any host
    and path no rule matches reaches it instead of the controller's 404."""
    report = Report()
    controller = _controller(c, report)
    ing = _ingress(c, report, "fallback", namespace)
    if ing is not None:
        report.check(not ing["spec"].get("rules") and ing["spec"].get("defaultBackend"),
                     "it has a defaultBackend and no rules",
                     "want spec.defaultBackend and no spec.rules")
    for host in ("unknown.example.org", "192.168.1.240"):
        _routes(c, report, controller, host, "/whatever", "web", namespace)
    report.show()
