"""RoutingLab: the controls, the cluster they act on, and what they show.

Acting goes through the public contract only — `kubectl apply`, `Cluster.request`,
`break_container`, `advance`/`run_until` — and reading through `cluster.list` and what
an administrator runs on the client's node (`iptables-save -t nat`, `ipvsadm -Ln`).
"""

from __future__ import annotations

from collections import Counter

import ipywidgets as w

from ..controls.clock import ClockControls
from ..controls.terminal import terminal_html
from ..labs import Lab, ViewPane, run_kubectl
from ..views.routing_graph import ClientBox, PodRow, RoutingGraphView, RoutingPicture
from .manifests import (CLIENT_NODE, CLIENT_POD, INGRESS_NAMESPACE, INGRESS_SERVICE, NAME,
                        OUTSIDE, kubia_ingress, kubia_service, lab_manifests)
from .reading import get_object, is_ready, kubia_pods, node_ip, slice_endpoints
from .rules import ServiceRules, iptables_rules, ipvs_rules

COUNTS = (1, 10, 100, 1000)
START_TIMEOUT = 120   # virtual seconds for the Pods to become Ready and reach the rules
STAGE_TIMEOUT = 120   # …for one link of the readiness chain
STAGE_STEP = 0.1      # the resolution of the measured delays
MODE_NOTE = ("kube-proxy reads its mode once, at start (the `mode:` of its configuration: "
             "the kube-proxy ConfigMap in kube-system). On a real cluster you edit it and "
             "restart the kube-proxy Pods (IPVS also needs the ip_vs kernel modules); the lab "
             "instead rebuilds the cluster with the same seed and manifests.")
INGRESS_NOTE = ("ingress-nginx reads kubia's EndpointSlices itself and proxies to the Pod IPs "
                "in turn (its default load-balance: round_robin); the Service's ClusterIP "
                "and KUBE-SVC- chain are not on the way.")


class RoutingLab(Lab):
    """Client picker, N, Send; per-Pod Break readiness / Recover; sessionAffinity;
    proxy mode; via Service or Ingress; the routing picture; what was sent and the last
    request's hops; the entry node's rules as text.

    Without `cluster`, makes `Cluster(nodes, seed, proxy_mode)`; with one, uses it (the
    proxy-mode switch then replaces it by a fresh cluster with `seed`)."""

    def __init__(self, cluster=None, seed: int = 0, replicas: int = 3,
                 proxy_mode: str = "iptables", nodes: int = 3) -> None:
        # a given cluster is rebuilt (proxy mode) with as many workers as it has
        workers = [n for n in (cluster.kubelets if cluster is not None else ())
                   if n != "controlplane"]
        self.seed, self.replicas, self.nodes = seed, replicas, len(workers) or nodes
        self.last_counts: Counter = Counter()
        self.last_sent = self.last_errors = 0
        self.last_endpoint: str | None = None
        self.cluster = cluster if cluster is not None else self._new_cluster(proxy_mode)
        startup = self._start()

        self.client = w.Dropdown(options=[(f"pod/{CLIENT_POD} (on {CLIENT_NODE})", CLIENT_POD),
                                          (f"{CLIENT_NODE} (the node itself)", CLIENT_NODE),
                                          ("outside the cluster", OUTSIDE)],
                                 value=CLIENT_POD, description="client",
                                 layout=w.Layout(width="260px"),
                                 style={"description_width": "45px"})
        self.count = w.Dropdown(options=COUNTS, value=100, description="N",
                                layout=w.Layout(width="110px"), style={"description_width": "20px"})
        self.send_button = w.Button(description="Send", icon="paper-plane",
                                    button_style="primary", tooltip="send N HTTP GETs")
        self.pod_choice = w.Dropdown(options=self._pod_names(), description="pod",
                                     layout=w.Layout(width="280px"),
                                     style={"description_width": "35px"})
        self.break_button = w.Button(description="Break readiness", icon="heartbeat",
                                     tooltip="its readiness probe starts failing",
                                     layout=w.Layout(width="150px"))
        self.recover_button = w.Button(description="Recover", icon="medkit",
                                       layout=w.Layout(width="100px"))
        self.affinity = w.ToggleButtons(options=("None", "ClientIP"), value=self._affinity(),
                                        description="sessionAffinity",
                                        style={"description_width": "100px",
                                               "button_width": "80px"})
        self.proxy_mode = w.ToggleButtons(options=("iptables", "ipvs"),
                                          value=self.cluster.proxy_mode,
                                          description="proxy mode",
                                          tooltips=["kube-proxy's default on Linux",
                                                    "rebuilds the cluster: " + MODE_NOTE],
                                          style={"description_width": "100px",
                                                 "button_width": "80px"})
        self.via = w.ToggleButtons(options=("Service", "Ingress"), value="Service",
                                   description="via", disabled=not hasattr(self.cluster,
                                                                           "enable_ingress"),
                                   tooltips=["the kubia Service's own rules",
                                             "minikube addons enable ingress; an Ingress "
                                             "for / → kubia:80"],
                                   style={"description_width": "40px", "button_width": "80px"})
        for widget, css in ((self.client, "client"), (self.count, "count"),
                            (self.send_button, "send"), (self.pod_choice, "pod-choice"),
                            (self.break_button, "break-readiness"),
                            (self.recover_button, "recover"), (self.affinity, "affinity"),
                            (self.proxy_mode, "proxy-mode"), (self.via, "via")):
            widget.add_class(f"k8s-{css}")
        self.send_button.on_click(lambda _b: self.send())
        self.break_button.on_click(lambda _b: self.break_readiness())
        self.recover_button.on_click(lambda _b: self.recover())
        self.client.observe(lambda _c: self._client_changed(), names="value")
        self.affinity.observe(lambda c: self.set_affinity(c["new"]), names="value")
        self.proxy_mode.observe(lambda c: self.set_proxy_mode(c["new"]), names="value")
        self.via.observe(lambda c: self.set_via(c["new"]), names="value")

        self.clock = ClockControls(self.cluster, None, step_seconds=5)
        self.clock.on_step(self.refresh)
        self.output = w.HTML(value=terminal_html("kubectl apply -f -", *startup))
        self.output.add_class("k8s-routing-output")
        self.rules_text = w.HTML()
        self.rules_text.add_class("k8s-routing-rules")
        self.graph = ViewPane(RoutingGraphView(self.picture()), css="k8s-routing-graph")
        self._show_rules()
        rows = [w.HBox([self.client, self.count, self.send_button],
                       layout=w.Layout(flex_flow="row wrap")),
                w.HBox([self.pod_choice, self.break_button, self.recover_button],
                       layout=w.Layout(flex_flow="row wrap")),
                w.HBox([self.affinity, self.proxy_mode, self.via],
                       layout=w.Layout(flex_flow="row wrap"))]
        super().__init__([self.clock, *rows, self.graph, self.output, self.rules_text])
        self.add_class("k8s-lab")
        self.add_class("k8s-routing-lab")

    # -- the cluster -----------------------------------------------------------------------
    def _new_cluster(self, mode: str):
        from k8s_model import Cluster

        return Cluster(nodes=self.nodes, seed=self.seed, proxy_mode=mode)

    def _start(self, affinity: str = "None") -> tuple[str, str]:
        """Apply the manifests; advance until every kubia Pod is Ready and in the client
        node's rules. Returns kubectl's (stdout, error)."""
        stdout, error = run_kubectl(self.cluster, "apply -f -",
                                    lab_manifests(self.replicas, affinity))
        if not error:
            self.cluster.run_until(self._started, timeout=START_TIMEOUT, step=0.5)
        return stdout, error

    def _started(self) -> bool:
        pods = kubia_pods(self.cluster)
        client = get_object(self.cluster, "pods", CLIENT_POD)
        return (len(pods) == self.replicas and all(is_ready(p) for p in pods)
                and client is not None and is_ready(client)
                and len(self.rules(NAME).targets) == self.replicas)

    def _pod_names(self) -> list[str]:
        return [p["metadata"]["name"] for p in kubia_pods(self.cluster)]

    def service(self) -> dict | None:
        return get_object(self.cluster, "services", NAME)

    def _affinity(self) -> str:
        return ((self.service() or {}).get("spec") or {}).get("sessionAffinity", "None")

    # -- the client's view ------------------------------------------------------------------
    def via_ingress(self) -> bool:
        via = getattr(self, "via", None)
        return via is not None and via.value == "Ingress"

    def _front(self) -> tuple[str, str]:
        """(namespace, name) of the Service requests are addressed to."""
        return (INGRESS_NAMESPACE, INGRESS_SERVICE) if self.via_ingress() else ("default", NAME)

    def entry_node(self, client: str | None = None) -> str:
        """The node whose rules the request meets first: node-1 for the Pod and the node;
        from outside, node-1 too — unless the Ingress controller's Service has
        externalTrafficPolicy Local, which only the controller's own node accepts."""
        client = client or getattr(getattr(self, "client", None), "value", CLIENT_POD)
        namespace, name = self._front()
        spec = (get_object(self.cluster, "services", name, namespace) or {}).get("spec") or {}
        if client == OUTSIDE and spec.get("externalTrafficPolicy") == "Local":
            pods = self.cluster.list("pods", namespace, "app.kubernetes.io/component=controller")
            nodes = sorted(p["spec"].get("nodeName") or "" for p in pods if is_ready(p))
            return nodes[0] if nodes else CLIENT_NODE
        return CLIENT_NODE

    def url(self, client: str | None = None) -> str:
        """The URL this client uses: the Service's name from a Pod once the cluster has
        DNS, its ClusterIP from a node, a node's IP and the NodePort from outside."""
        client = client or self.client.value
        namespace, name = self._front()
        spec = (get_object(self.cluster, "services", name, namespace) or {}).get("spec") or {}
        if client == OUTSIDE:
            return (f"http://{node_ip(self.cluster, self.entry_node(client))}:"
                    f"{spec['ports'][0].get('nodePort')}/")
        if client == CLIENT_POD and getattr(self.cluster, "dns", None) is not None:
            return f"http://{name}/" if namespace == "default" else f"http://{name}.{namespace}/"
        return f"http://{spec.get('clusterIP')}/"

    def _client_key(self, client: str) -> str:
        return f"pod/{client}" if client == CLIENT_POD else client

    def rules(self, service: str | None = None) -> ServiceRules:
        """With `service` (in default): node-1's rules for its ClusterIP. Without: the
        rules the chosen client's requests meet first — the Service it addresses, on its
        entry node, at the address it uses (ClusterIP, or NodePort from outside)."""
        namespace, name = ("default", service) if service else self._front()
        proxy = self.cluster.kube_proxies[CLIENT_NODE if service else self.entry_node()]
        client = getattr(getattr(self, "client", None), "value", CLIENT_POD)
        spec = (get_object(self.cluster, "services", name, namespace) or {}).get("spec") or {}
        if proxy.mode == "iptables":
            local = (client == OUTSIDE and not service
                     and spec.get("externalTrafficPolicy") == "Local")
            return iptables_rules(proxy.iptables_save("nat"), name, namespace,
                                  spec.get("ports", [{}])[0].get("port"), local)
        address = f"{spec.get('clusterIP')}:{spec.get('ports', [{}])[0].get('port')}"
        if client == OUTSIDE and not service:
            address = (f"{node_ip(self.cluster, self.entry_node())}:"
                       f"{spec.get('ports', [{}])[0].get('nodePort')}")
        return ipvs_rules(proxy.ipvsadm(), address)

    # -- acting ----------------------------------------------------------------------------
    def send(self, n: int | None = None) -> Counter:
        """Send N GETs from the chosen client; count who answered. Returns the counts."""
        n = n or self.count.value
        client = self.client.value
        url = self.url()
        try:
            responses = [self.cluster.request(url, client=None if client == OUTSIDE else client)
                         for _ in range(n)]
        except Exception as failure:  # a client that cannot send: shown, not raised
            self.output.value = terminal_html(f"curl -s {url}", "", f"error: {failure}")
            return Counter()
        self.last_counts = Counter(r.pod for r in responses if r.ok)
        self.last_sent, self.last_errors = n, sum(not r.ok for r in responses)
        last = responses[-1]
        self.last_endpoint = last.endpoint if last.ok else None
        errors = Counter(r.error or f"HTTP {r.status}" for r in responses if not r.ok)
        lines = [f"{n} requests: {n - self.last_errors} answered, {self.last_errors} failed"
                 + "".join(f"\n  {count} × {why}" for why, count in errors.items())]
        lines += [f"  {name:<28} {count:>5}" for name, count in sorted(self.last_counts.items())]
        lines.append("the last request, hop by hop:")
        lines += [f"  {hop}" for hop in last.hops]
        lines.append(f"  → {last.body.strip() if last.ok else last.error}")
        where = "from " + self._client_key(client)
        self.output.value = terminal_html(f"curl -s {url}   # ×{n}, {where}", "\n".join(lines),
                                          hint="(counts by the lab; every request took its "
                                               "own walk through the rules)")
        self.refresh()
        return self.last_counts

    def _stages(self, title: str, stages) -> str:
        """Advance until each stage's predicate holds, in order; report each delay."""
        start = self.cluster.now
        lines = []
        for text, predicate in stages:
            reached = self.cluster.run_until(predicate, timeout=STAGE_TIMEOUT, step=STAGE_STEP)
            took = self.cluster.now - start
            lines.append(f"  t+{took:5.1f} s  {text}" if reached
                         else f"  not within {STAGE_TIMEOUT} s: {text}")
        self.output.value = terminal_html(title, "\n".join(lines), hint=(
            f"(virtual seconds, in steps of {STAGE_STEP:g} s. The controller and kube-proxy "
            "act on watch events at once; kube-proxy syncs at most once per second, "
            "its minSyncPeriod)"))
        self.refresh()
        return "\n".join(lines)

    def _pod_checks(self, name: str, ready: bool):
        """The chain of one readiness change: the Pod, its endpoint, the client node's rules."""
        ip_port = lambda: slice_endpoints(self.cluster).get(name, ("", None))[0]  # noqa: E731
        in_rules = lambda: ip_port() in self.rules(NAME).endpoints()  # noqa: E731
        pod = lambda: get_object(self.cluster, "pods", name) or {}  # noqa: E731
        probe = (((pod().get("spec") or {}).get("containers") or [{}])[0]
                 .get("readinessProbe") or {})
        period = probe.get("periodSeconds", 10)
        probes = (f"{probe.get('failureThreshold', 3)} readiness probes failed, {period} s apart"
                  if not ready else f"{probe.get('successThreshold', 1)} readiness probe passed")
        rule = "KUBE-SEP chain" if self.cluster.proxy_mode == "iptables" else "real server"
        return [(f"kubelet: {probes} → Pod condition Ready={ready}",
                 lambda: is_ready(pod()) == ready),
                (f"EndpointSlice controller: the endpoint is ready: {str(ready).lower()}",
                 lambda: slice_endpoints(self.cluster).get(name, ("", None))[1] is ready),
                (f"kube-proxy on {CLIENT_NODE}: {'added' if ready else 'removed'} its {rule}",
                 lambda: in_rules() == ready)]

    def break_readiness(self, pod: str | None = None) -> str:
        name = pod or self.pod_choice.value
        try:
            self.cluster.break_container(name, "fail-readiness")
        except Exception as failure:
            self.output.value = terminal_html(f"# break readiness of {name}", "", str(failure))
            return str(failure)
        return self._stages(f"# {name}: the readiness probe fails from t={self.cluster.now:.1f} s",
                            self._pod_checks(name, False))

    def recover(self, pod: str | None = None) -> str:
        name = pod or self.pod_choice.value
        try:
            self.cluster.break_container(name, "recover")
        except Exception as failure:
            self.output.value = terminal_html(f"# recover {name}", "", str(failure))
            return str(failure)
        return self._stages(f"# {name}: the readiness probe passes again from "
                            f"t={self.cluster.now:.1f} s", self._pod_checks(name, True))

    def set_affinity(self, affinity: str) -> str:
        """Re-apply the Service with this sessionAffinity; wait for the rules to show it."""
        stdout, error = run_kubectl(self.cluster, "apply -f -", kubia_service(affinity))
        if error:
            self.output.value = terminal_html("kubectl apply -f -", stdout, error)
            return error
        shown = "ClientIP" == affinity
        text = self._stages("kubectl apply -f -   # " + stdout.strip(), [
            (f"kube-proxy on {CLIENT_NODE}: affinity {'in' if shown else 'out of'} its rules",
             lambda: bool(self.rules(NAME).affinity) == shown)])
        return text

    def set_proxy_mode(self, mode: str) -> str:
        """Rebuild the cluster with kube-proxy in `mode` (same seed, same manifests)."""
        if mode == self.cluster.proxy_mode:
            return ""
        self.cluster = self._new_cluster(mode)
        self.clock.cluster = self.cluster
        self.last_counts, self.last_sent, self.last_errors = Counter(), 0, 0
        self.last_endpoint = None
        stdout, error = self._start(self.affinity.value)
        if self.via_ingress() and not error:
            self._start_ingress()
        self.pod_choice.options = self._pod_names()
        self.output.value = terminal_html("kubectl apply -f -   # on a new cluster, kube-proxy "
                                          f"mode: {mode}", stdout, error, hint=MODE_NOTE)
        self.refresh()
        return error or stdout

    def _start_ingress(self) -> tuple[str, str]:
        """`minikube addons enable ingress`, the kubia Ingress; advance until the
        controller answers through it."""
        shown = (self.cluster.enable_ingress() + "\n"
                 if getattr(self.cluster, "ingress", None) is None else "")
        stdout, error = run_kubectl(self.cluster, "apply -f -", kubia_ingress())
        if not error:
            url = self.url(CLIENT_NODE)
            self.cluster.run_until(lambda: self.cluster.request(url, client=CLIENT_NODE).ok,
                                   timeout=START_TIMEOUT, step=0.5)
        return (shown + stdout), error

    def set_via(self, via: str) -> str:
        """Send through the kubia Service, or through ingress-nginx (enabled on first use)."""
        stdout, error = self._start_ingress() if via == "Ingress" else ("", "")
        self._client_changed()
        command = ("minikube addons enable ingress; kubectl apply -f -   # Ingress kubia"
                   if via == "Ingress" else "# requests go to the kubia Service again")
        self.output.value = terminal_html(command, stdout, error,
                                          hint=INGRESS_NOTE if via == "Ingress" else "")
        return error or stdout

    def _client_changed(self) -> None:
        self.last_counts, self.last_sent, self.last_errors = Counter(), 0, 0
        self.last_endpoint = None
        self.refresh()

    # -- showing ---------------------------------------------------------------------------
    def picture(self) -> RoutingPicture:
        namespace, name = self._front()
        spec = (get_object(self.cluster, "services", name, namespace) or {}).get("spec") or {}
        ports = spec.get("ports") or [{}]
        short = "ingress-nginx-…" if self.via_ingress() else NAME
        label = (f"{short}\n{spec.get('type')}\nClusterIP {spec.get('clusterIP')}\n"
                 f"{ports[0].get('port')}:{ports[0].get('nodePort')}/TCP\n"
                 f"affinity {spec.get('sessionAffinity')}")
        endpoints = slice_endpoints(self.cluster)
        rows = []
        for pod in kubia_pods(self.cluster):
            name = pod["metadata"]["name"]
            endpoint, ready = endpoints.get(name, (None, None))
            rows.append(PodRow(name, pod["spec"].get("nodeName") or "",
                               (pod.get("status") or {}).get("podIP") or "", is_ready(pod),
                               endpoint, ready, self.last_counts.get(name, 0)))
        client = get_object(self.cluster, "pods", CLIENT_POD) or {}
        client_ip = (client.get("status") or {}).get("podIP", "")
        outside_to = self.url(OUTSIDE).split("/")[2]
        clients = [ClientBox(f"pod/{CLIENT_POD}",
                             f"pod/{CLIENT_POD}\n{client_ip}\non {CLIENT_NODE}"),
                   ClientBox(CLIENT_NODE,
                             f"{CLIENT_NODE} (host)\n{node_ip(self.cluster, CLIENT_NODE)}"),
                   ClientBox(OUTSIDE, f"outside\n→ {outside_to}")]
        chosen = getattr(self, "client", None)
        return RoutingPicture(label, self.entry_node(), self.rules(), clients,
                              self._client_key(chosen.value if chosen else CLIENT_POD), rows,
                              self.last_endpoint, self.last_sent, self.last_errors,
                              ingress=("ingress-nginx: / → kubia:80, round robin"
                                       if self.via_ingress() else None))

    def _show_rules(self) -> None:
        rules = self.rules()
        command = (f"iptables-save -t nat | grep {self._front()[1]}" if rules.mode == "iptables"
                   else "ipvsadm -Ln")
        self.rules_text.value = terminal_html(command, rules.excerpt,
                                              hint=f"(on {self.entry_node()}, as root)")

    def refresh(self) -> None:
        """Redraw from the cluster as it is now (also after a notebook cell acted on it)."""
        self.clock.refresh()
        names = self._pod_names()
        if list(self.pod_choice.options) != names:
            self.pod_choice.options = names
        self.graph.view = RoutingGraphView(self.picture())
        self.graph.redraw()
        self._show_rules()

    def shown_pane(self) -> ViewPane:
        return self.graph

    def __repr__(self) -> str:
        return f"RoutingLab at {self.clock.time_label.value}\n{self.graph.view.description()}"
