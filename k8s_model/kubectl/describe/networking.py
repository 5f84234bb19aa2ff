"""`kubectl describe` for Services, Endpoints, EndpointSlices and Ingresses (describe.go).

A Service's `Endpoints:` line comes from its EndpointSlices (label
kubernetes.io/service-name), ready endpoints only, three at most:

    Endpoints:         10.244.1.5:80,10.244.2.7:80,10.244.3.2:80 + 1 more...

An Ingress lists each rule's paths with the backend and that Service's endpoints:

    foo.example.com
                     /   web:80 (10.244.1.5:80,10.244.2.7:80)
"""

from __future__ import annotations

from k8s_model.api.tables.common import format_labels
from k8s_model.kubectl.describe.writer import (PrefixWriter, describe_events,
                                               print_annotations_multiline,
                                               print_labels_multiline, tabbed_string)

SERVICE_NAME_LABEL = "kubernetes.io/service-name"


def slices_from_endpoints(endpoints: dict | None) -> list[dict]:
    """Endpoints subsets as the EndpointSlices the controller mirrors them to."""
    slices = []
    for subset in (endpoints or {}).get("subsets") or []:
        eps = [{"addresses": [a.get("ip", "")], "conditions": {"ready": True}}
               for a in subset.get("addresses") or []]
        eps += [{"addresses": [a.get("ip", "")], "conditions": {"ready": False}}
                for a in subset.get("notReadyAddresses") or []]
        slices.append({"ports": [{"name": p.get("name", ""), "port": p.get("port"),
                                  "protocol": p.get("protocol", "TCP")}
                                 for p in subset.get("ports") or []], "endpoints": eps})
    return slices


def _join(host: str, port) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def format_endpoint_slices(slices: list, ports: set | None) -> str:
    """formatEndpointSlices: ready `ip:port` pairs of the named ports, three at most."""
    if not slices:
        return "<none>"
    found, count, more = [], 0, False
    for eps in slices:
        endpoints = eps.get("endpoints") or []
        if not eps.get("ports"):
            pairs = [(ep, None) for ep in endpoints]
        else:
            pairs = [(ep, port) for port in eps["ports"]
                     if ports is None or (port.get("name") or "") in ports for ep in endpoints]
        for ep, port in pairs:
            if len(found) == 3:
                more = True
            if (ep.get("conditions") or {}).get("ready") is False:
                continue
            if not more:
                address = (ep.get("addresses") or [""])[0]
                found.append(address if port is None else _join(address, port.get("port")))
            count += 1
    text = ",".join(found)
    return f"{text} + {count - 3} more..." if more else text


def _service_slices(related: dict) -> list:
    if "endpoint_slices" in related:
        return list(related["endpoint_slices"] or [])
    return slices_from_endpoints(related.get("endpoints"))


def describe_service(svc: dict, events: list | None, related: dict, now: float) -> str:
    meta, spec, status = svc["metadata"], svc.get("spec", {}), svc.get("status", {})
    slices = _service_slices(related)

    def body(w: PrefixWriter) -> None:
        w.write(0, f"Name:\t{meta['name']}\n")
        w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
        print_labels_multiline(w, "Labels", meta.get("labels"))
        print_annotations_multiline(w, "Annotations", meta.get("annotations"))
        w.write(0, f"Selector:\t{format_labels(spec.get('selector'))}\n")
        w.write(0, f"Type:\t{spec.get('type', '')}\n")
        if spec.get("ipFamilyPolicy"):
            w.write(0, f"IP Family Policy:\t{spec['ipFamilyPolicy']}\n")
        w.write(0, f"IP Families:\t{','.join(spec.get('ipFamilies') or []) or '<none>'}\n")
        w.write(0, f"IP:\t{spec.get('clusterIP', '')}\n")
        w.write(0, f"IPs:\t{','.join(spec.get('clusterIPs') or []) or '<none>'}\n")
        if spec.get("externalIPs"):
            w.write(0, f"External IPs:\t{','.join(spec['externalIPs'])}\n")
        if spec.get("loadBalancerIP"):
            w.write(0, f"Desired LoadBalancer IP:\t{spec['loadBalancerIP']}\n")
        if spec.get("externalName"):
            w.write(0, f"External Name:\t{spec['externalName']}\n")
        ingress = (status.get("loadBalancer") or {}).get("ingress") or []
        if ingress:
            parts = [i["ip"] + (f" ({i['ipMode']})" if i.get("ipMode") else "") if i.get("ip")
                     else i.get("hostname", "") for i in ingress]
            w.write(0, f"LoadBalancer Ingress:\t{', '.join(parts)}\n")
        for port in spec.get("ports") or []:
            name = port.get("name") or "<unset>"
            protocol = port.get("protocol", "")
            w.write(0, f"Port:\t{name}\t{port.get('port', 0)}/{protocol}\n")
            w.write(0, f"TargetPort:\t{port.get('targetPort', '')}/{protocol}\n")
            if port.get("nodePort"):
                w.write(0, f"NodePort:\t{name}\t{port['nodePort']}/{protocol}\n")
            w.write(0, f"Endpoints:\t{format_endpoint_slices(slices, {port.get('name') or ''})}\n")
        w.write(0, f"Session Affinity:\t{spec.get('sessionAffinity', '')}\n")
        if spec.get("externalTrafficPolicy"):
            w.write(0, f"External Traffic Policy:\t{spec['externalTrafficPolicy']}\n")
        if spec.get("internalTrafficPolicy"):
            w.write(0, f"Internal Traffic Policy:\t{spec['internalTrafficPolicy']}\n")
        if spec.get("healthCheckNodePort"):
            w.write(0, f"HealthCheck NodePort:\t{spec['healthCheckNodePort']}\n")
        if spec.get("loadBalancerSourceRanges"):
            w.write(0, f"LoadBalancer Source Ranges:\t{','.join(spec['loadBalancerSourceRanges'])}\n")
        describe_events(events, w, now)

    return tabbed_string(body)


def describe_endpoints(ep: dict, events: list | None, related: dict, now: float) -> str:
    meta = ep["metadata"]

    def body(w: PrefixWriter) -> None:
        w.write(0, f"Name:\t{meta['name']}\n")
        w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
        print_labels_multiline(w, "Labels", meta.get("labels"))
        print_annotations_multiline(w, "Annotations", meta.get("annotations"))
        w.write(0, "Subsets:\n")
        for subset in ep.get("subsets") or []:
            ready = ",".join(a.get("ip", "") for a in subset.get("addresses") or [])
            not_ready = ",".join(a.get("ip", "") for a in subset.get("notReadyAddresses") or [])
            w.write(1, f"Addresses:\t{ready or '<none>'}\n")
            w.write(1, f"NotReadyAddresses:\t{not_ready or '<none>'}\n")
            if subset.get("ports"):
                w.write(1, "Ports:\n")
                w.write(2, "Name\tPort\tProtocol\n")
                w.write(2, "----\t----\t--------\n")
                for port in subset["ports"]:
                    w.write(2, f"{port.get('name') or '<unset>'}\t{port.get('port', 0)}\t"
                               f"{port.get('protocol', '')}\n")
            w.write(0, "\n")
        describe_events(events, w, now)

    return tabbed_string(body)


def describe_endpoint_slice(eps: dict, events: list | None, related: dict, now: float) -> str:
    meta = eps["metadata"]

    def body(w: PrefixWriter) -> None:
        w.write(0, f"Name:\t{meta['name']}\n")
        w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
        print_labels_multiline(w, "Labels", meta.get("labels"))
        print_annotations_multiline(w, "Annotations", meta.get("annotations"))
        w.write(0, f"AddressType:\t{eps.get('addressType', '')}\n")
        if not eps.get("ports"):
            w.write(0, "Ports: <unset>\n")
        else:
            w.write(0, "Ports:\n")
            w.write(1, "Name\tPort\tProtocol\n")
            w.write(1, "----\t----\t--------\n")
            for port in eps["ports"]:
                number = port.get("port")
                w.write(1, f"{port.get('name') or '<unset>'}\t"
                           f"{'<unset>' if number is None else number}\t{port.get('protocol', '')}\n")
        if not eps.get("endpoints"):
            w.write(0, "Endpoints: <none>\n")
        else:
            w.write(0, "Endpoints:\n")
            for ep in eps["endpoints"]:
                w.write(1, f"- Addresses:\t{', '.join(ep.get('addresses') or []) or '<none>'}\n")
                w.write(2, "Conditions:\n")
                ready = (ep.get("conditions") or {}).get("ready")
                w.write(3, f"Ready:\t{'<unset>' if ready is None else str(ready).lower()}\n")
                w.write(2, f"Hostname:\t{ep.get('hostname') or '<unset>'}\n")
                if ep.get("targetRef"):
                    ref = ep["targetRef"]
                    w.write(2, f"TargetRef:\t{ref.get('kind', '')}/{ref.get('name', '')}\n")
                w.write(2, f"NodeName:\t{ep.get('nodeName') or '<unset>'}\n")
                w.write(2, f"Zone:\t{ep.get('zone') or '<unset>'}\n")
        describe_events(events, w, now)

    return tabbed_string(body)


def _backend(backend: dict, namespace: str, related: dict) -> str:
    """describeBackendV1: `svc:port (endpoints)`, or the resource backend."""
    service = backend.get("service")
    if service is not None:
        port = service.get("port") or {}
        text = f"{service.get('name', '')}:{port.get('number') or port.get('name', '')}"
        svc = (related.get("services") or {}).get(service.get("name"))
        if svc is None:
            return f'{text} (<error: services "{service.get("name", "")}" not found>)'
        port_name = ""
        for sp in svc.get("spec", {}).get("ports") or []:
            if port.get("number") and port["number"] == sp.get("port"):
                port_name = sp.get("name", "")
            elif port.get("name") and port["name"] == sp.get("name"):
                port_name = sp.get("name", "")
        slices = [s for s in related.get("endpoint_slices") or []
                  if (s.get("metadata", {}).get("labels") or {}).get(SERVICE_NAME_LABEL)
                  == service.get("name")]
        return f"{text} ({format_endpoint_slices(slices, {port_name})})"
    resource = backend.get("resource")
    if resource is not None:
        return (f"APIGroup: {resource.get('apiGroup') or '<none>'}, Kind: {resource.get('kind', '')}, "
                f"Name: {resource.get('name', '')}")
    return ""


def describe_ingress(ing: dict, events: list | None, related: dict, now: float) -> str:
    meta, spec = ing["metadata"], ing.get("spec", {})
    namespace = meta.get("namespace", "")

    def body(w: PrefixWriter) -> None:
        w.write(0, f"Name:\t{meta['name']}\n")
        print_labels_multiline(w, "Labels", meta.get("labels"))
        w.write(0, f"Namespace:\t{namespace}\n")
        addresses = sorted({i.get("ip") or i.get("hostname") for i in
                            ((ing.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []
                            if i.get("ip") or i.get("hostname")})
        w.write(0, f"Address:\t{','.join(addresses)}\n")
        w.write(0, f"Ingress Class:\t{spec.get('ingressClassName') or '<none>'}\n")
        default = _backend(spec["defaultBackend"], namespace, related) \
            if spec.get("defaultBackend") else "<default>"
        w.write(0, f"Default backend:\t{default}\n")
        if spec.get("tls"):
            w.write(0, "TLS:\n")
            for tls in spec["tls"]:
                hosts = ",".join(tls.get("hosts") or [])
                if tls.get("secretName"):
                    w.write(1, f"{tls['secretName']} terminates {hosts}\n")
                else:
                    w.write(1, f"SNI routes {hosts}\n")
        w.write(0, "Rules:\n  Host\tPath\tBackends\n")
        w.write(1, "----\t----\t--------\n")
        count = 0
        for rule in spec.get("rules") or []:
            if rule.get("http") is None:
                continue
            count += 1
            w.write(1, f"{rule.get('host') or '*'}\t\n")
            for path in rule["http"].get("paths") or []:
                w.write(2, f"\t{path.get('path', '')} \t{_backend(path.get('backend') or {}, namespace, related)}\n")
        if count == 0:
            w.write(1, f"*\t*\t{default}\n")
        print_annotations_multiline(w, "Annotations", meta.get("annotations"))
        describe_events(events, w, now)

    return tabbed_string(body)


def describe_ingress_class(ic: dict, events: list | None, related: dict, now: float) -> str:
    """describeIngressClassV1."""
    meta, spec = ic["metadata"], ic.get("spec", {})

    def body(w: PrefixWriter) -> None:
        w.write(0, f"Name:\t{meta['name']}\n")
        print_labels_multiline(w, "Labels", meta.get("labels"))
        print_annotations_multiline(w, "Annotations", meta.get("annotations"))
        w.write(0, f"Controller:\t{spec.get('controller', '')}\n")
        params = spec.get("parameters")
        if params is not None:
            w.write(0, "Parameters:\n")
            if params.get("apiGroup") is not None:
                w.write(1, f"APIGroup:\t{params['apiGroup']}\n")
            w.write(1, f"Kind:\t{params.get('kind', '')}\n")
            w.write(1, f"Name:\t{params.get('name', '')}\n")
        describe_events(events, w, now)

    return tabbed_string(body)
