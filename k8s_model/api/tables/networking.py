"""Tables for Services, Endpoints, EndpointSlices and Ingresses (printers.go).

PORT(S) is `port/protocol`, with the node port in between for NodePort and
LoadBalancer services: `80:30080/TCP`. EXTERNAL-IP is `<none>` for ClusterIP and
NodePort services without externalIPs, `<pending>` for a LoadBalancer that has no
address yet. The ENDPOINTS column shows at most three `ip:port` pairs:

    10.244.1.5:8080,10.244.2.7:8080,10.244.3.2:8080 + 2 more...

Ingress PORTS is `80`, or `80, 443` when TLS is configured; HOSTS is `*` for rules
without a host.
"""

from __future__ import annotations

from k8s_model.api.tables.common import (AGE, NAME, Column, Printer, age, doc, format_labels,
                                         list_with_more, wide)


def _load_balancer_ips(status: dict) -> list[str]:
    """loadBalancerStatusStringer with wide=true (the server always builds wide rows)."""
    found = set()
    for ingress in (status.get("loadBalancer") or {}).get("ingress") or []:
        if ingress.get("ip"):
            found.add(ingress["ip"])
        elif ingress.get("hostname"):
            found.add(ingress["hostname"])
    return sorted(found)


def service_external_ip(svc: dict) -> str:
    spec = svc.get("spec", {})
    external = spec.get("externalIPs") or []
    kind = spec.get("type", "")
    if kind in ("ClusterIP", "NodePort"):
        return ",".join(external) if external else "<none>"
    if kind == "LoadBalancer":
        lb = _load_balancer_ips(svc.get("status", {}))
        if external:
            return ",".join(lb + external)
        return ",".join(lb) if lb else "<pending>"
    if kind == "ExternalName":
        return spec.get("externalName", "")
    return "<unknown>"


def make_port_string(ports: list | None) -> str:
    pieces = []
    for port in ports or []:
        protocol = port.get("protocol", "")
        if port.get("nodePort", 0) > 0:
            pieces.append(f"{port['port']}:{port['nodePort']}/{protocol}")
        else:
            pieces.append(f"{port['port']}/{protocol}")
    return ",".join(pieces)


def service_cells(svc: dict, now: float) -> list:
    spec = svc.get("spec", {})
    cluster_ips = spec.get("clusterIPs") or []
    return [svc["metadata"]["name"], spec.get("type", ""),
            cluster_ips[0] if cluster_ips else "<none>", service_external_ip(svc),
            make_port_string(spec.get("ports")) or "<none>", age(svc, now),
            format_labels(spec.get("selector"))]


def format_endpoints(endpoints: dict) -> str:
    """formatEndpoints(endpoints, nil): every port of every subset, three at most."""
    subsets = endpoints.get("subsets") or []
    if not subsets:
        return "<none>"
    pairs, count = [], 0
    for subset in subsets:
        addresses = [a.get("ip", "") for a in subset.get("addresses") or []]
        ports = subset.get("ports") or []
        if not ports:   # headless services may have no ports
            count += len(addresses)
            pairs.extend(addresses)
            continue
        for port in ports:
            count += len(addresses)
            pairs.extend(_join_host_port(ip, port.get("port", 0)) for ip in addresses)
    text = ",".join(pairs[:3])
    return f"{text} + {count - 3} more..." if count > 3 and len(pairs) > 3 else text


def _join_host_port(host: str, port: int) -> str:
    """net.JoinHostPort: IPv6 addresses get brackets."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def endpoint_slice_cells(eps: dict, now: float) -> list:
    ports = []
    for port in eps.get("ports") or []:
        if port.get("port") is not None:
            ports.append(str(port["port"]))
        elif port.get("name") is not None:
            ports.append(port["name"])
        else:
            ports.append("*")
    addresses = [a for ep in eps.get("endpoints") or [] for a in ep.get("addresses") or []]
    return [eps["metadata"]["name"], eps.get("addressType", ""),
            list_with_more(ports, len(ports)), list_with_more(addresses, len(addresses)),
            age(eps, now)]


def format_hosts(rules: list | None) -> str:
    rules = rules or []
    hosts: list[str] = []
    more = False
    for rule in rules:   # "more" once any rule follows the third host
        more = more or len(hosts) == 3
        if not more and rule.get("host"):
            hosts.append(rule["host"])
    if not hosts:
        return "*"
    text = ",".join(hosts)
    return f"{text} + {len(rules) - 3} more..." if more else text


def ingress_cells(ing: dict, now: float) -> list:
    spec = ing.get("spec", {})
    return [ing["metadata"]["name"], spec.get("ingressClassName") or "<none>",
            format_hosts(spec.get("rules")), ",".join(_load_balancer_ips(ing.get("status", {}))),
            "80, 443" if spec.get("tls") else "80", age(ing, now)]


def ingress_class_cells(ic: dict, now: float) -> list:
    """printIngressClass: PARAMETERS is `Kind.apiGroup/name`, or <none>."""
    spec = ic.get("spec", {})
    params = spec.get("parameters")
    text = "<none>"
    if params is not None:
        text = params.get("kind", "")
        if params.get("apiGroup") is not None:
            text += "." + params["apiGroup"]
        text += "/" + params.get("name", "")
    return [ic["metadata"]["name"], spec.get("controller", ""), text, age(ic, now)]


PRINTERS = {
    "Service": Printer((
        NAME, Column("Type", description=doc("svc.spec.type")),
        Column("Cluster-IP", description=doc("svc.spec.clusterIP")),
        Column("External-IP", description=doc("svc.spec.externalIPs")),
        Column("Port(s)", description=doc("svc.spec.ports")), AGE,
        wide("Selector", doc("svc.spec.selector"))), service_cells),
    "Endpoints": Printer((NAME, Column("Endpoints", description=doc("ep.subsets")), AGE),
                         lambda ep, now: [ep["metadata"]["name"], format_endpoints(ep), age(ep, now)]),
    "EndpointSlice": Printer((
        NAME, Column("AddressType", description=doc("eps.addressType")),
        Column("Ports", description=doc("eps.ports")),
        Column("Endpoints", description=doc("eps.endpoints")), AGE), endpoint_slice_cells),
    "Ingress": Printer((
        NAME, Column("Class", description="The name of the IngressClass resource that should be "
                                          "used for additional configuration"),
        Column("Hosts", description="Hosts that incoming requests are matched against before the "
                                    "ingress rule"),
        Column("Address", description="Address is a list containing ingress points for the "
                                      "load-balancer"),
        Column("Ports", description="Ports of TLS configurations that open"), AGE), ingress_cells),
    "IngressClass": Printer((
        NAME, Column("Controller", description="Controller that is responsible for handling "
                                               "this class"),
        Column("Parameters", description="A reference to a resource with additional "
                                         "parameters"), AGE), ingress_class_cells),
}
