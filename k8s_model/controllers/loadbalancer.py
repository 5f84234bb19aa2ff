"""MetalLB in layer-2 mode: LoadBalancer Services on a cluster without a cloud
(metallb/metallb controller/service.go, internal/allocator/allocator.go,
speaker/layer2_controller.go).

kube-controller-manager does nothing for `type: LoadBalancer`: on a cloud, the
cloud-controller-manager asks the provider for a load balancer; on bare metal (kubeadm,
this model) the Service stays `<pending>` until something like MetalLB is installed.
MetalLB is not part of Kubernetes: it runs as its own Deployment (`controller`) and
DaemonSet (`speaker`) in `metallb-system`, so here it is its own component with its own
service account — not one more controller inside kube-controller-manager.

* The controller gives each LoadBalancer Service an address of the IPAddressPool — the
  first free one, walking the range upwards (192.168.1.240, then .241 …) — or the one it
  asks for (`spec.loadBalancerIP`, deprecated, or the `metallb.io/loadBalancerIPs`
  annotation). It writes `status.loadBalancer.ingress: [{ip: …}]` (the API server adds
  `ipMode: VIP`), annotates the pool, records `IPAllocated` `Assigned IP ["192.168.1.240"]`.
  A full pool leaves the Service `<pending>` with a Warning `AllocationFailed`
  `Failed to allocate IP for "default/web": no available IPs`, retried when an address is
  freed (another Service deleted or no longer a LoadBalancer). A Service with a
  `spec.loadBalancerClass` belongs to another implementation: MetalLB leaves it alone.
* In layer 2 mode one speaker answers ARP for the address: every eligible node's hash
  sha256(node + "#" + ip) is sorted and the smallest wins, so all speakers agree without
  talking. Eligible: a node whose speaker is up (here: the node is Ready), not labelled
  `node.kubernetes.io/exclude-from-external-load-balancers` (kubeadm labels the control
  plane so), and — for externalTrafficPolicy Local — holding a ready endpoint. With no
  ready endpoint at all nobody answers. The winner records `nodeAssigned`
  `announcing from node "node-2" with protocol "layer2"`. `announcing_node(ip)` is the
  LAN's answer to "who has 192.168.1.240?": where a packet from outside enters.
"""

from __future__ import annotations

import hashlib
import ipaddress

from ..api.authz import service_account_user
from ..client import Client
from ..record import EventRecorder
from .base import Controller, Informer, key_of, split_key

POOL_NAME = "first-pool"                         # the MetalLB docs' IPAddressPool example
POOL_RANGE = ("192.168.1.240", "192.168.1.250")  # …its `addresses: [192.168.1.240-192.168.1.250]`
ANN_LB_IPS = "metallb.io/loadBalancerIPs"
ANN_LB_IPS_DEPRECATED = "metallb.universe.tf/loadBalancerIPs"
ANN_POOL = "metallb.io/ip-allocated-from-pool"
EXCLUDE_LABEL = "node.kubernetes.io/exclude-from-external-load-balancers"
# Real MetalLB runs in `metallb-system` under ClusterRoles of its own manifest; the model
# runs it as kube-system service accounts (no extra namespace or roles to show up in
# `kubectl get ns` / `get clusterroles`).
NAMESPACE = "kube-system"


class AllocationError(Exception):
    pass


def pool_addresses(first: str, last: str) -> list[str]:
    start, end = ipaddress.ip_address(first), ipaddress.ip_address(last)
    return [str(ipaddress.ip_address(n)) for n in range(int(start), int(end) + 1)]


def desired_ips(svc: dict) -> list[str]:
    """getDesiredLbIPs: the annotation (comma-separated) or spec.loadBalancerIP, not both."""
    annotations = svc["metadata"].get("annotations") or {}
    wanted = annotations.get(ANN_LB_IPS, annotations.get(ANN_LB_IPS_DEPRECATED, ""))
    spec_ip = (svc.get("spec") or {}).get("loadBalancerIP") or ""
    if wanted and spec_ip:
        raise AllocationError(f"service can not have both {ANN_LB_IPS} and "
                              "svc.Spec.LoadBalancerIP")
    if wanted:
        ips = [w.strip() for w in wanted.split(",")]
        for ip in ips:
            try:
                ipaddress.ip_address(ip)
            except ValueError:
                raise AllocationError(f'invalid {ANN_LB_IPS}: "{wanted}"') from None
        return ips
    if spec_ip:
        try:
            ipaddress.ip_address(spec_ip)
        except ValueError:
            raise AllocationError(f'invalid spec.loadBalancerIP "{spec_ip}"') from None
        return [spec_ip]
    return []


def go_quote_list(ips: list[str]) -> str:
    """Go's %q of a []net.IP: `["192.168.1.240"]`."""
    return "[" + " ".join(f'"{ip}"' for ip in ips) + "]"


def ingress_ips(svc: dict) -> list[str]:
    return [i["ip"] for i in ((svc.get("status") or {}).get("loadBalancer") or {})
            .get("ingress") or [] if i.get("ip")]


def is_ours(svc: dict) -> bool:
    spec = svc.get("spec") or {}
    return spec.get("type") == "LoadBalancer" and not spec.get("loadBalancerClass")


def announce_order(nodes: list[str], ip: str) -> list[str]:
    """ShouldAnnounce's election: nodes sorted by sha256(node + "#" + ip)."""
    return sorted(nodes, key=lambda n: hashlib.sha256(f"{n}#{ip}".encode()).digest())


class MetalLB(Controller):
    """The controller (address allocation) and, folded in, the speakers' election."""

    name = "metallb-controller"

    def __init__(self, sim, server, pool: tuple[str, str] = POOL_RANGE,
                 pool_name: str = POOL_NAME) -> None:
        client = Client(server, "metallb/controller",
                        service_account_user(NAMESPACE, "metallb-controller"))
        super().__init__(sim, client)
        self.pool_name, self.pool = pool_name, pool_addresses(*pool)
        self.recorder = EventRecorder(sim, client, component="metallb-controller")
        speaker = Client(server, "metallb/speaker",
                         service_account_user(NAMESPACE, "metallb-speaker"))
        self.speaker_recorder = EventRecorder(sim, speaker, component="metallb-speaker")
        self.services = Informer(client, "services")
        self.slices = Informer(client, "endpointslices")
        self.nodes = Informer(client, "nodes")
        self.announcing: dict[str, tuple[str, str]] = {}   # ip -> (node, service key)
        self.services.add_handler(self._on_service)
        # The speakers watch endpoints and nodes too; the controller (allocation) does not.
        self.slices.add_handler(lambda t, obj, old: self._speakers_sync_service_of(obj))
        self.nodes.add_handler(lambda t, obj, old: (old is None or _speaker_up(obj)
                                                    != _speaker_up(old))
                               and self._speakers_sync_all())

    def _on_service(self, type_: str, svc: dict, old: dict | None) -> None:
        if type_ == "DELETED" or (old and ingress_ips(old) and not is_ours(svc)):
            self._enqueue_all()      # an address came free: retry the pending ones
        self.enqueue(key_of(svc))

    def _speakers_sync_service_of(self, eps: dict) -> None:
        name = (eps["metadata"].get("labels") or {}).get("kubernetes.io/service-name")
        svc = self.services.get(f"{eps['metadata']['namespace']}/{name}") if name else None
        if svc is not None and is_ours(svc) and ingress_ips(svc):
            self._announce(key_of(svc), svc, ingress_ips(svc)[0])

    def _speakers_sync_all(self) -> None:
        for svc in self.services.list():
            if is_ours(svc) and ingress_ips(svc):
                self._announce(key_of(svc), svc, ingress_ips(svc)[0])

    def _enqueue_all(self) -> None:
        for svc in self.services.list():
            self.enqueue(key_of(svc))

    # -- the controller: convergeBalancer ---------------------------------------------------
    def reconcile(self, key: str) -> None:
        svc = self.services.get(key)
        if svc is None or not is_ours(svc):
            self._withdraw(key)
            if svc is not None and (svc.get("spec") or {}).get("type") != "LoadBalancer":
                self._clear(svc)
            return
        current = ingress_ips(svc)
        try:
            wanted = desired_ips(svc)
        except AllocationError as failure:
            self.recorder.eventf(svc, "Warning", "LoadBalancerFailed",
                                 f"invalid requested loadbalancer IPs: {failure}")
            return
        if current and (any(ip not in self.pool for ip in current)
                        or (wanted and sorted(wanted) != sorted(current))):
            current = []          # the pool or the request changed: start over
        if not current:
            try:
                current = self._allocate(key, wanted)
            except AllocationError as failure:
                self.recorder.eventf(svc, "Warning", "AllocationFailed",
                                     f'Failed to allocate IP for "{key}": {failure}')
                if ingress_ips(svc):
                    self._clear(svc)
                return
            self.recorder.eventf(svc, "Normal", "IPAllocated",
                                 f"Assigned IP {go_quote_list(current)}")
        self._write(svc, current)
        self._announce(key, svc, current[0])

    def _in_use(self, key: str) -> dict[str, str]:
        return {ip: key_of(other) for other in self.services.list()
                if key_of(other) != key and is_ours(other) for ip in ingress_ips(other)}

    def _allocate(self, key: str, wanted: list[str]) -> list[str]:
        """Assign the requested addresses, or the first free one of the pool."""
        used = self._in_use(key)
        if wanted:
            if any(ip not in self.pool for ip in wanted):
                raise AllocationError(f"{go_quote_list(wanted)} is not allowed in config")
            for ip in wanted:
                if ip in used:
                    raise AllocationError(f'can\'t change sharing key for "{key}", address '
                                          f"also in use by {used[ip]}")
            return wanted
        for ip in self.pool:
            if ip not in used:
                return [ip]
        raise AllocationError("no available IPs")

    def _write(self, svc: dict, ips: list[str]) -> None:
        annotations = svc["metadata"].get("annotations") or {}
        if annotations.get(ANN_POOL) != self.pool_name:
            svc = self.client.patch("services", svc["metadata"]["namespace"],
                                    svc["metadata"]["name"],
                                    {"metadata": {"annotations": {ANN_POOL: self.pool_name}}})
        if ingress_ips(svc) != ips:
            status = svc.setdefault("status", {})
            status["loadBalancer"] = {"ingress": [{"ip": ip} for ip in ips]}
            self.client.update_status("services", svc)

    def _clear(self, svc: dict) -> None:
        """clearServiceState: a Service that is no longer a LoadBalancer gives its address
        back (its status and the pool annotation go)."""
        meta = svc["metadata"]
        if ANN_POOL in (meta.get("annotations") or {}):
            svc = self.client.patch("services", meta["namespace"], meta["name"],
                                    {"metadata": {"annotations": {ANN_POOL: None}}})
        if ingress_ips(svc):
            svc["status"]["loadBalancer"] = {}
            self.client.update_status("services", svc)

    # -- the speakers: layer2 ShouldAnnounce ---------------------------------------------------
    def _announce(self, key: str, svc: dict, ip: str) -> None:
        node = self._elect(svc, ip)
        before = self.announcing.get(ip)
        if node is None:
            self.announcing.pop(ip, None)
            return
        self.announcing[ip] = (node, key)
        if before != (node, key):
            self.speaker_recorder.eventf(svc, "Normal", "nodeAssigned",
                                         f'announcing from node "{node}" with protocol "layer2"')

    def _withdraw(self, key: str) -> None:
        for ip in [ip for ip, (_, owner) in self.announcing.items() if owner == key]:
            del self.announcing[ip]

    def _elect(self, svc: dict, ip: str) -> str | None:
        namespace, name = split_key(key_of(svc))
        slices = [s for s in self.slices.list(namespace)
                  if (s["metadata"].get("labels") or {}).get("kubernetes.io/service-name") == name]
        serving = [ep for s in slices for ep in s.get("endpoints") or []
                   if (ep.get("conditions") or {}).get("serving",
                                                       (ep.get("conditions") or {}).get("ready"))
                   is not False]
        if not serving:           # activeEndpointExists
            return None
        speakers = [n["metadata"]["name"] for n in self.nodes.list() if _speaker_up(n)]
        if (svc.get("spec") or {}).get("externalTrafficPolicy") == "Local":
            with_endpoint = {ep.get("nodeName") for ep in serving}
            speakers = [n for n in speakers if n in with_endpoint]
        order = announce_order(speakers, ip)
        return order[0] if order else None

    def lan(self) -> dict[str, str]:
        """What the LAN's ARP caches hold: load-balancer IP -> the node answering for it
        (for `proxy.route(..., lan=...)`)."""
        return {ip: node for ip, (node, _) in self.announcing.items()}

    def announcing_node(self, ip: str) -> str | None:
        """The node whose speaker answers ARP for `ip` now, or None (no one: the address
        does not answer on the LAN)."""
        entry = self.announcing.get(ip)
        return entry[0] if entry else None


def _speaker_up(node: dict) -> bool:
    """A speaker takes part if its node is Ready (memberlist would notice a dead speaker
    within seconds; the model uses the node's Ready condition) and is not excluded."""
    if EXCLUDE_LABEL in (node["metadata"].get("labels") or {}):
        return False
    for cond in (node.get("status") or {}).get("conditions") or []:
        if cond["type"] == "Ready":
            return cond["status"] == "True"
    return False
