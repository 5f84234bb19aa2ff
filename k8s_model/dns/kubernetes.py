"""CoreDNS's kubernetes plugin: cluster.local answered from the API's objects
(coredns/coredns plugin/kubernetes: parse.go, kubernetes.go, reverse.go, and
plugin/backend_lookup.go, which turns the plugin's "services" into records).

A name is read right to left (parseRequest):

    [_port._proto.|endpoint.] service . namespace . svc|pod . cluster.local.

* `web.default.svc.cluster.local` A → the ClusterIP. A headless Service
  (clusterIP None) → every ready endpoint's IP (the EndpointSlice controller marks
  not-ready Pods ready:false unless publishNotReadyAddresses, and CoreDNS skips them).
* `web-0.web.default.svc…` → the endpoint whose hostname (a StatefulSet Pod's
  spec.hostname, with subdomain = the Service) or dashed IP (10-244-1-5) matches.
* ExternalName → a CNAME to spec.externalName.
* `_http._tcp.web.default.svc…` SRV → `0 <weight> <port> <target>`, weight 100 split
  evenly (floor(100/n)) over the n answers; the targets' A records ride along.
* `10-244-1-5.default.pod.cluster.local` → 10.244.1.5 for any namespace that exists
  (`pods insecure`: the Pod itself is not looked up).
* PTR `x.x.x.x.in-addr.arpa` → the Service whose ClusterIP it is, else the endpoint
  `<hostname or dashed-ip>.<svc>.<ns>.svc.cluster.local`; otherwise fall through to
  the next plugin (the Corefile's `fallthrough in-addr.arpa ip6.arpa`).
* No such namespace, Service or endpoint → NXDOMAIN; the name exists but has no record
  of the type asked (AAAA of an IPv4 Service, `default.svc.cluster.local` itself) →
  NOERROR with no answer (NODATA). TTL 30 (`ttl 30` in kubeadm's Corefile).

Cases copied from plugin/kubernetes/handler_test.go's dnsTestCases are in
tests/dns/test_kubernetes_plugin.py.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from ..api.names import is_ip
from .message import NOERROR, NXDOMAIN, RR, Answer, fqdn, ip_of_reverse

TTL = 30
FALLTHROUGH = "fallthrough"   # the plugin passes the query on (reverse zones only)


class InvalidRequest(Exception):
    """errInvalidRequest / errNoItems: answered NXDOMAIN."""


@dataclass
class Request:
    """recordRequest: the parts of a name in the cluster zone."""
    pod_or_svc: str = ""
    namespace: str = ""
    service: str = ""
    endpoint: str = ""
    port: str = ""
    protocol: str = ""


@dataclass(frozen=True)
class Found:
    """msg.Service: one host the plugin found, and the name it lives under."""
    host: str          # an IP, or for ExternalName a host name
    port: int
    key: str           # the record's own name: svc.ns.svc.zone. or ep.svc.ns.svc.zone.


def parse_request(name: str, zone: str) -> Request:
    """parseRequest: five shapes, anything longer is NXDOMAIN."""
    base = name[:-len(zone)].rstrip(".") if name != zone else ""
    request = Request()
    if base in ("", "svc", "pod"):
        return request
    segs = base.split(".")
    request.pod_or_svc = segs.pop()
    if request.pod_or_svc not in ("svc", "pod"):
        raise InvalidRequest(name)
    for attr in ("namespace", "service"):
        if not segs:
            return request
        setattr(request, attr, segs.pop())
    if len(segs) == 1:
        request.endpoint = segs[0]
    elif len(segs) == 2:
        request.port, request.protocol = (s.removeprefix("_") for s in segs)
    elif segs:
        raise InvalidRequest(name)
    return request


def endpoint_hostname(endpoint: dict, ip: str) -> str:
    """endpointHostname: the endpoint's hostname, else its IP with dashes."""
    return endpoint.get("hostname") or ip.replace(".", "-").replace(":", "-")


class KubernetesPlugin:
    """The plugin over three informer caches: namespaces, services, endpointslices."""

    def __init__(self, namespaces, services, slices, zone: str = "cluster.local.") -> None:
        self.namespaces, self.services, self.slices = namespaces, services, slices
        self.zone = fqdn(zone)

    # -- what the caches hold -------------------------------------------------------------
    def namespace_exists(self, name: str) -> bool:
        return name.lower() in self.namespaces.cache

    def endpoints(self, svc: dict):
        """(endpoint, ip, ports) of each ready address: EndpointSliceToEndpoints."""
        meta = svc["metadata"]
        keys = sorted(self.slices.indices["namespace"].get(meta["namespace"], ()))
        for key in keys:
            eps = self.slices.cache[key]
            if (eps["metadata"].get("labels") or {}).get(
                    "kubernetes.io/service-name") != meta["name"]:
                continue
            for endpoint in eps.get("endpoints") or []:
                if (endpoint.get("conditions") or {}).get("ready") is False:
                    continue
                for ip in endpoint.get("addresses", [])[:1]:
                    yield endpoint, ip, eps.get("ports") or [{}]

    # -- Records -----------------------------------------------------------------------------
    def records(self, name: str) -> list[Found]:
        """Records(): what exists under `name` (empty: NODATA); InvalidRequest: NXDOMAIN."""
        r = parse_request(name.lower(), self.zone)
        if not r.pod_or_svc or not r.namespace:
            return []
        if not self.namespace_exists(r.namespace):
            raise InvalidRequest(name)
        if r.pod_or_svc == "pod":
            return self.find_pods(r)
        return self.find_services(r)

    def find_pods(self, r: Request) -> list[Found]:
        """findPods, `pods insecure`: a well-formed dashed IP answers itself."""
        if not r.service:
            return []
        dashed = r.service
        ip = dashed.replace("-", ".") if dashed.count("-") == 3 and "--" not in dashed \
            else dashed.replace("-", ":")
        try:
            ipaddress.ip_address(ip)
        except ValueError:
            raise InvalidRequest(r.service) from None
        if r.endpoint or r.port:
            raise InvalidRequest(r.service)
        return [Found(ip, 0, f"{dashed}.{r.namespace}.pod.{self.zone}")]

    def find_services(self, r: Request) -> list[Found]:
        if not r.service:
            return []
        svc = self.services.cache.get(f"{r.namespace}/{r.service}")
        if svc is None:
            raise InvalidRequest(r.service)
        spec, name = svc.get("spec") or {}, f"{r.service}.{r.namespace}.svc.{self.zone}"
        found: list[Found] = []
        if spec.get("type") == "ExternalName":
            if r.endpoint:
                raise InvalidRequest(r.endpoint)
            return [Found(fqdn(spec.get("externalName", "")), 0, name)]
        if spec.get("clusterIP") == "None" or r.endpoint:
            for endpoint, ip, ports in self.endpoints(svc):
                hostname = endpoint_hostname(endpoint, ip)
                if r.endpoint and r.endpoint != hostname:
                    continue
                for port in ports:
                    if _matches(r, port.get("name", ""), port.get("protocol", "TCP")):
                        found.append(Found(ip, port.get("port", 0), f"{hostname}.{name}"))
        else:
            for port in spec.get("ports") or []:
                if _matches(r, port.get("name", ""), port.get("protocol", "TCP")):
                    found += [Found(ip, port["port"], name)
                              for ip in spec.get("clusterIPs") or [spec.get("clusterIP")]]
        if not found:
            raise InvalidRequest(r.service)
        return found

    # -- reverse.go --------------------------------------------------------------------------
    def reverse(self, name: str) -> str | None:
        """serviceRecordForIP: the name a cluster IP or endpoint IP stands for."""
        ip = ip_of_reverse(name)
        if ip is None:
            return None
        for svc in self.services.cache.values():
            if ip in ((svc.get("spec") or {}).get("clusterIPs") or []):
                meta = svc["metadata"]
                return f"{meta['name']}.{meta['namespace']}.svc.{self.zone}"
        for svc in self.services.cache.values():
            for endpoint, address, _ in self.endpoints(svc):
                if address == ip:
                    meta = svc["metadata"]
                    return (f"{endpoint_hostname(endpoint, ip)}.{meta['name']}."
                            f"{meta['namespace']}.svc.{self.zone}")
        return None

    # -- ServeDNS ----------------------------------------------------------------------------
    def serve(self, qname: str, qtype: str) -> Answer | str:
        """The plugin's answer, or FALLTHROUGH for a reverse name it does not know."""
        name = fqdn(qname).lower()
        if name.endswith(".in-addr.arpa.") or name.endswith(".ip6.arpa."):
            target = self.reverse(name) if qtype == "PTR" else None
            if target is None:
                return FALLTHROUGH
            return Answer(qname, qtype, answer=[RR(fqdn(qname), "PTR", target, TTL)])
        try:
            found = self.records(name)
        except InvalidRequest:
            return Answer(qname, qtype, NXDOMAIN)
        return backend_lookup(fqdn(qname), qtype, found, self.zone)


def _matches(r: Request, name: str, protocol: str) -> bool:
    """matchPortAndProtocol: an unset _port or _proto matches any."""
    return (not r.port or r.port == name.lower()) and \
        (not r.protocol or r.protocol == protocol.lower())


def backend_lookup(qname: str, qtype: str, found: list[Found], zone: str) -> Answer:
    """plugin.A / plugin.SRV / plugin.CNAME: records of the asked type from what was
    found. An in-zone CNAME target is resolved by the caller (CoreDNS) — so is an
    external one, through the `forward` plugin."""
    answer = Answer(qname, qtype, NOERROR)
    if qtype in ("A", "AAAA", "CNAME"):
        family = 4 if qtype == "A" else 6
        for f in found:
            if not is_ip(f.host):
                answer.answer.append(RR(qname, "CNAME", f.host, TTL))
            elif qtype != "CNAME" and ipaddress.ip_address(f.host).version == family \
                    and all(rr.data != f.host for rr in answer.answer):
                answer.answer.append(RR(qname, qtype, f.host, TTL))
    elif qtype == "SRV":
        weight = 100 // len(found) if found else 0
        for f in found:
            if not is_ip(f.host):
                continue
            srv = RR(qname, "SRV", f"0 {weight} {f.port} {f.key}", TTL)
            if srv not in answer.answer:
                answer.answer.append(srv)
            a = RR(f.key, "A" if ipaddress.ip_address(f.host).version == 4 else "AAAA",
                   f.host, TTL)
            if a not in answer.extra:
                answer.extra.append(a)
    return answer

