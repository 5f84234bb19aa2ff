"""`kubectl create service clusterip|nodeport|loadbalancer|externalname` and
`kubectl create ingress` (pkg/cmd/create/create_service.go, create_ingress.go).

A service selects `app=NAME` and each `--tcp=port[:targetPort]` becomes a port named
after the spec itself: `--tcp=80:8080` is port `80-8080`, `--tcp=443` is `"443"`.
An ingress rule reads `host/path=service:port[,tls[=secret]]`; a path ending in `*`
is a Prefix match (`foo.com/api*` -> path `/api`, pathType Prefix), any other path is
Exact, and rules for the same host share one `rules[]` entry.
"""

from __future__ import annotations

import re

from .common import (error, int_or_string, is_dns1123_subdomain, metadata, name_from_args,
                     namespace, port_name_errors, save_config)
from .pflag import Flag, parse

SERVICE_TYPES = {"clusterip": "ClusterIP", "nodeport": "NodePort",
                 "loadbalancer": "LoadBalancer", "externalname": "ExternalName"}
SERVICE_FLAGS = {
    "clusterip": (Flag("tcp", "slice"), Flag("clusterip")),
    "nodeport": (Flag("node-port", "int", default=0), Flag("tcp", "slice")),
    "loadbalancer": (Flag("tcp", "slice"),),
    "externalname": (Flag("tcp", "slice"), Flag("external-name", required=True)),
}
INGRESS = (Flag("class"), Flag("rule", "array"), Flag("default-backend"),
           Flag("annotation", "array"))
_RULE = re.compile(r"(?P<host>[\w*\-.]*)(?P<path>/[^,=\n]*)=(?P<svcname>[\w\-]+):"
                   r"(?P<svcport>[\w\-]+)(,(?P<istls>tls)=?(?P<secretname>[\w\-]+)?)?\Z",
                   re.ASCII)


def create_service(kind: str, argv: list[str], ctx) -> dict:
    cmd = f"create service {kind}"
    parsed = parse(argv, SERVICE_FLAGS[kind], cmd)
    name = name_from_args(parsed, cmd)
    service_type, tcp = SERVICE_TYPES[kind], parsed["tcp"]
    cluster_ip = parsed.values.get("clusterip") or ""
    external_name = parsed.values.get("external-name") or ""
    if cluster_ip == "None" and service_type != "ClusterIP":
        raise error("ClusterIP=None can only be used with ClusterIP service type")
    if cluster_ip != "None" and not tcp and service_type != "ExternalName":
        raise error("at least one tcp port specifier must be provided")
    if service_type == "ExternalName" and not is_dns1123_subdomain(external_name):
        raise error(f"invalid service external name {external_name}")
    ports = []
    for spec in tcp:
        port, target = _parse_ports(spec)
        entry = {"name": spec.replace(":", "-"), "protocol": "TCP", "port": port,
                 "targetPort": target}
        if parsed.values.get("node-port"):
            entry["nodePort"] = parsed["node-port"]
        ports.append(entry)
    spec = {"ports": ports, "selector": {"app": name}}
    if cluster_ip:
        spec["clusterIP"] = cluster_ip
    spec["type"] = service_type
    if external_name:
        spec["externalName"] = external_name
    if not ports:
        del spec["ports"]
    service = {"kind": "Service", "apiVersion": "v1",
               "metadata": metadata(name, namespace(parsed), {"app": name}),
               "spec": spec, "status": {"loadBalancer": {}}}
    return service  # upstream accepts --save-config here but never reads it


def _parse_ports(spec: str) -> tuple[int, int | str]:
    """parsePorts: `80`, `80:8080` or `80:http` (later `:…` parts are ignored)."""
    parts = spec.split(":")
    if not re.fullmatch(r"[0-9]+", parts[0]):
        raise error(f'strconv.ParseUint: parsing "{parts[0]}": invalid syntax')
    port = int(parts[0])
    if port > 65535:
        raise error(f'strconv.ParseUint: parsing "{parts[0]}": value out of range')
    if len(parts) == 1:
        return port, port
    target = parts[1]
    if re.fullmatch(r"[+-]?[0-9]+", target):
        if not 1 <= int(target) <= 65535:
            raise error("must be between 1 and 65535, inclusive")
        return port, int(target)
    errs = port_name_errors(target)
    if errs:
        raise error(",".join(errs))
    return port, target


def create_ingress(argv: list[str], ctx) -> dict:
    cmd = "create ingress"
    parsed = parse(argv, INGRESS, cmd)
    name = name_from_args(parsed, cmd)
    rules, backend = parsed["rule"], parsed["default-backend"] or ""
    if not backend and not rules:
        raise error("not enough information provided: every ingress has to either specify "
                    "a default-backend (which catches all traffic) or a list of rules (which "
                    "catch specific paths)")
    for rule in rules:
        if not _RULE.match(rule):
            raise error(f"rule {rule} is invalid and should be in format "
                        "host/path=svcname:svcport[,tls[=secret]]")
    for annotation in parsed["annotation"]:
        if "=" not in annotation:
            raise error(f"annotation {annotation} is invalid and should be in format "
                        "key=[value]")
    if backend and len(backend.split(":")) != 2:
        raise error("default-backend should be in format servicename:serviceport")
    annotations = dict(a.split("=", 1) for a in parsed["annotation"])
    spec = {}
    if parsed["class"]:
        spec["ingressClassName"] = parsed["class"]
    if backend:
        spec["defaultBackend"] = _backend(backend)
    tls = _tls(rules)
    if tls:
        spec["tls"] = tls
    if rules:
        spec["rules"] = _rules(rules)
    ingress = {"kind": "Ingress", "apiVersion": "networking.k8s.io/v1",
               "metadata": metadata(name, namespace(parsed), annotations=annotations),
               "spec": spec, "status": {"loadBalancer": {}}}
    return save_config(ingress, parsed)


def _backend(service: str) -> dict:
    svc_name, svc_port = service.split(":")[:2]
    port = int_or_string(svc_port)
    return {"service": {"name": svc_name,
                        "port": {"number": port} if isinstance(port, int) else {"name": port}}}


def _tls(rules: list[str]) -> list[dict]:
    """buildTLSRules: one entry per secret; a host is listed once."""
    entries, seen = [], set()
    for rule in rules:
        parts = rule.split(",")
        if len(parts) != 2:
            continue
        host = rule.split("/", 1)[0]
        secret_parts = parts[1].split("=")
        secret = secret_parts[1] if len(secret_parts) > 1 else ""
        if host in seen:
            continue
        same = next((e for e in entries if e.get("secretName", "") == secret), None)
        seen.add(host)
        if same is not None:
            same.setdefault("hosts", []).append(host)
            continue
        entry = {}
        if host:
            entry["hosts"] = [host]
        if secret:
            entry["secretName"] = secret
        if entry:
            entries.append(entry)
    return entries


def _rules(rules: list[str]) -> list[dict]:
    """buildIngressRules: paths of one host are gathered under its rule."""
    out: list[dict] = []
    for rule in rules:
        host, _, rest = rule.split(",")[0].partition("/")
        path, service = rest.split("=")[:2]
        path = "/" + path
        path_type = "Exact"
        if path.endswith("*"):
            path, path_type = path[:-1], "Prefix"
        entry = {"path": path, "pathType": path_type, "backend": _backend(service)}
        existing = next((r for r in out if r.get("host", "") == host), None)
        if existing is not None:
            existing["http"]["paths"].append(entry)
            continue
        new = {"host": host} if host else {}
        new["http"] = {"paths": [entry]}
        out.append(new)
    return out
