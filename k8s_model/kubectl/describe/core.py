"""`kubectl describe` for Nodes, Namespaces, ConfigMaps, Secrets, ServiceAccounts (describe.go).

A Node lists its taints, its Lease (kube-node-lease), conditions, addresses,
capacity, system info, then its non-terminated Pods with each one's share of the
node's allocatable CPU and memory, and the totals:

    Allocated resources:
      (Total limits may be over 100 percent, i.e., overcommitted.)
      Resource           Requests    Limits
      --------           --------    ------
      cpu                750m (18%)  0 (0%)
"""

from __future__ import annotations

from k8s_model.api.quantity import Quantity
from k8s_model.api.resource_helper import pod_requests_and_limits
from k8s_model.api.tables.core import find_node_roles
from k8s_model.kubectl.describe.writer import (PrefixWriter, describe_events,
                                               print_annotations_multiline,
                                               print_labels_multiline, print_taints_multiline,
                                               rfc1123z, since, tabbed_string)

_STANDARD = {"cpu", "memory", "ephemeral-storage", "storage", "requests.cpu", "requests.memory",
             "requests.ephemeral-storage", "limits.cpu", "limits.memory", "limits.ephemeral-storage",
             "pods"}


def _q(text) -> Quantity:
    return Quantity.parse(text) if text is not None else Quantity.from_int(0)


def _percent(part: Quantity, whole: Quantity, milli: bool) -> int:
    a, b = (part.milli_value(), whole.milli_value()) if milli else (part.value(), whole.value())
    return int(a / b * 100) if b else 0


def describe_node_resources(pods: list, node: dict, w: PrefixWriter, now: float) -> None:
    status = node.get("status", {})
    allocatable = status.get("allocatable") or status.get("capacity") or {}
    cpu, memory = _q(allocatable.get("cpu")), _q(allocatable.get("memory"))
    w.write(0, f"Non-terminated Pods:\t({len(pods)} in total)\n")
    w.write(1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n")
    w.write(1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n")
    totals_req: dict = {}
    totals_lim: dict = {}
    for pod in pods:
        req, lim = pod_requests_and_limits(pod)
        for total, own in ((totals_req, req), (totals_lim, lim)):
            for name, q in own.items():
                total[name] = total[name] + q if name in total else q
        cells = []
        for values in (req, lim):
            q = values.get("cpu", Quantity.from_int(0))
            cells.append(f"{q} ({_percent(q, cpu, True)}%)")
        for values in (req, lim):
            q = values.get("memory", Quantity.from_int(0))
            cells.append(f"{q} ({_percent(q, memory, False)}%)")
        meta = pod["metadata"]
        w.write(1, f"{meta.get('namespace', '')}\t{meta['name']}\t\t{cells[0]}\t{cells[1]}\t{cells[2]}\t"
                   f"{cells[3]}\t{since(meta.get('creationTimestamp'), now)}\n")
    w.write(0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n")
    w.write(1, "Resource\tRequests\tLimits\n")
    w.write(1, "--------\t--------\t------\n")
    for name, whole, milli in (("cpu", cpu, True), ("memory", memory, False),
                               ("ephemeral-storage", _q(allocatable.get("ephemeral-storage")), False)):
        r, l = totals_req.get(name, Quantity.from_int(0)), totals_lim.get(name, Quantity.from_int(0))
        w.write(1, f"{name}\t{r} ({_percent(r, whole, milli)}%)\t{l} ({_percent(l, whole, milli)}%)\n")
    huge = sorted(n for n in allocatable if n.startswith("hugepages-"))
    for name in huge:
        r, l = totals_req.get(name, Quantity.from_int(0)), totals_lim.get(name, Quantity.from_int(0))
        whole = _q(allocatable[name])
        w.write(1, f"{name}\t{r} ({_percent(r, whole, False)}%)\t{l} ({_percent(l, whole, False)}%)\n")
    extended = sorted(n for n in allocatable if n not in _STANDARD and not n.startswith("hugepages-")
                      and "/" in n)
    for name in extended:
        r, l = totals_req.get(name, Quantity.from_int(0)), totals_lim.get(name, Quantity.from_int(0))
        w.write(1, f"{name}\t{r}\t{l}\n")


def describe_node(node: dict, events: list | None, related: dict, now: float) -> str:
    meta, spec, status = node["metadata"], node.get("spec", {}), node.get("status", {})
    pods = [p for p in related.get("pods") or []
            if p.get("status", {}).get("phase") not in ("Succeeded", "Failed")]

    def body(w: PrefixWriter) -> None:
        w.write(0, f"Name:\t{meta['name']}\n")
        w.write(0, f"Roles:\t{','.join(find_node_roles(node)) or '<none>'}\n")
        print_labels_multiline(w, "Labels", meta.get("labels"))
        print_annotations_multiline(w, "Annotations", meta.get("annotations"))
        w.write(0, f"CreationTimestamp:\t{rfc1123z(meta.get('creationTimestamp'))}\n")
        print_taints_multiline(w, "Taints", spec.get("taints"))
        w.write(0, f"Unschedulable:\t{'true' if spec.get('unschedulable') else 'false'}\n")
        lease = related.get("lease")
        if lease is not None:
            lspec = lease.get("spec") or {}
            w.write(0, "Lease:\n")
            w.write(1, f"HolderIdentity:\t{lspec.get('holderIdentity') or '<unset>'}\n")
            for label, key in (("AcquireTime", "acquireTime"), ("RenewTime", "renewTime")):
                w.write(1, f"{label}:\t{rfc1123z(lspec[key]) if lspec.get(key) else '<unset>'}\n")
        else:
            w.write(0, "Lease:\tFailed to get lease: leases.coordination.k8s.io "
                       f"\"{meta['name']}\" not found\n")
        if status.get("conditions"):
            w.write(0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n")
            w.write(1, "----\t------\t-----------------\t------------------\t------\t-------\n")
            for c in status["conditions"]:
                w.write(1, f"{c.get('type', '')} \t{c.get('status', '')} \t"
                           f"{rfc1123z(c.get('lastHeartbeatTime'))} \t{rfc1123z(c.get('lastTransitionTime'))} \t"
                           f"{c.get('reason', '')} \t{c.get('message', '')}\n")
        w.write(0, "Addresses:\n")
        for address in status.get("addresses") or []:
            w.write(1, f"{address.get('type', '')}:\t{address.get('address', '')}\n")
        for title, key in (("Capacity", "capacity"), ("Allocatable", "allocatable")):
            if status.get(key):
                w.write(0, f"{title}:\n")
                for name in sorted(status[key]):
                    w.write(0, f"  {name}:\t{Quantity.parse(status[key][name])}\n")
        info = status.get("nodeInfo") or {}
        w.write(0, "System Info:\n")
        for label, key in (("Machine ID", "machineID"), ("System UUID", "systemUUID"),
                           ("Boot ID", "bootID"), ("Kernel Version", "kernelVersion"),
                           ("OS Image", "osImage"), ("Operating System", "operatingSystem"),
                           ("Architecture", "architecture"),
                           ("Container Runtime Version", "containerRuntimeVersion"),
                           ("Kubelet Version", "kubeletVersion"),
                           ("Kube-Proxy Version", "kubeProxyVersion")):
            w.write(0, f"  {label}:\t{info.get(key, '')}\n")
        if spec.get("podCIDR"):
            w.write(0, f"PodCIDR:\t{spec['podCIDR']}\n")
        if spec.get("podCIDRs"):
            w.write(0, f"PodCIDRs:\t{','.join(spec['podCIDRs'])}\n")
        if spec.get("providerID"):
            w.write(0, f"ProviderID:\t{spec['providerID']}\n")
        describe_node_resources(pods, node, w, now)
        describe_events(events, w, now)

    return tabbed_string(body)


def describe_namespace(ns: dict, events: list | None, related: dict, now: float) -> str:
    meta, status = ns["metadata"], ns.get("status", {})

    def body(w: PrefixWriter) -> None:
        w.write(0, f"Name:\t{meta['name']}\n")
        print_labels_multiline(w, "Labels", meta.get("labels"))
        print_annotations_multiline(w, "Annotations", meta.get("annotations"))
        w.write(0, f"Status:\t{status.get('phase', '')}\n")
        if status.get("conditions"):
            w.write(0, "Conditions:\n")
            w.write(1, "Type\tStatus\tLastTransitionTime\tReason\tMessage\n")
            w.write(1, "----\t------\t------------------\t------\t-------\n")
            for c in status["conditions"]:
                w.write(1, f"{c.get('type', '')}\t{c.get('status', '')}\t"
                           f"{rfc1123z(c.get('lastTransitionTime'))}\t{c.get('reason', '')}\t"
                           f"{c.get('message', '')}\n")
        w.write(0, "\n")
        quotas = sorted(related.get("resource_quotas") or [], key=lambda q: q["metadata"]["name"])
        if not quotas:
            w.write(0, "No resource quota.\n")
        else:
            w.write(0, "Resource Quotas\n")
            for q in quotas:
                w.write(1, f"Name:\t{q['metadata']['name']}\n")
                w.write(1, "Resource\tUsed\tHard\n")
                w.write(1, "--------\t---\t---\n")
                hard, used = q.get("status", {}).get("hard") or {}, q.get("status", {}).get("used") or {}
                for name in sorted(hard):
                    w.write(1, f"{name}\t{_q(used.get(name))}\t{_q(hard[name])}\n")
        w.write(0, "\n")
        limit_ranges = related.get("limit_ranges") or []
        if not limit_ranges:
            w.write(0, "No LimitRange resource.\n")
        else:
            from k8s_model.kubectl.describe.generic import describe_limit_range_spec
            w.write(0, "Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\t"
                       "Max Limit/Request Ratio\n")
            w.write(0, " ----\t--------\t---\t---\t---------------\t-------------\t"
                       "-----------------------\n")
            for lr in limit_ranges:
                describe_limit_range_spec(lr.get("spec") or {}, " ", w)

    return tabbed_string(body)


def describe_config_map(cm: dict, events: list | None, related: dict, now: float) -> str:
    meta = cm["metadata"]

    def body(w: PrefixWriter) -> None:
        w.write(0, f"Name:\t{meta['name']}\n")
        w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
        print_labels_multiline(w, "Labels", meta.get("labels"))
        print_annotations_multiline(w, "Annotations", meta.get("annotations"))
        w.write(0, "\nData\n====\n")
        data, binary = cm.get("data") or {}, cm.get("binaryData") or {}
        for key in sorted(data):   # kubectl v1.35 prints the keys sorted
            w.write(0, f"{key}:\n----\n")
            w.write(0, f"{data[key]}\n")
            w.write(0, "\n")
        w.write(0, "\nBinaryData\n====\n")
        for key in sorted(binary):
            w.write(0, f"{key}: {len(_decode(binary[key]))} bytes\n")
        w.write(0, "\n")
        describe_events(events, w, now)

    return tabbed_string(body)


def _decode(b64: str) -> bytes:
    import base64
    return base64.b64decode(b64 or "")


def describe_secret(secret: dict, events: list | None, related: dict, now: float) -> str:
    meta = secret["metadata"]

    def body(w: PrefixWriter) -> None:
        w.write(0, f"Name:\t{meta['name']}\n")
        w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
        print_labels_multiline(w, "Labels", meta.get("labels"))
        print_annotations_multiline(w, "Annotations", meta.get("annotations"))
        w.write(0, f"\nType:\t{secret.get('type', '')}\n")
        w.write(0, "\nData\n====\n")
        data = secret.get("data") or {}
        for key in sorted(data):
            raw = _decode(data[key])
            if key == "token" and secret.get("type") == "kubernetes.io/service-account-token":
                w.write(0, f"{key}:\t{raw.decode('utf-8', 'replace')}\n")
            else:
                w.write(0, f"{key}:\t{len(raw)} bytes\n")

    return tabbed_string(body)


def describe_service_account(sa: dict, events: list | None, related: dict, now: float) -> str:
    """Image pull secrets, one per line (kubectl v1.35 no longer lists token Secrets)."""
    meta = sa["metadata"]
    names = [s.get("name", "") for s in sa.get("imagePullSecrets") or []]

    def body(w: PrefixWriter) -> None:
        w.write(0, f"Name:\t{meta['name']}\n")
        w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
        print_labels_multiline(w, "Labels", meta.get("labels"))
        print_annotations_multiline(w, "Annotations", meta.get("annotations"))
        if not names:
            w.write(0, "Image pull secrets:\t<none>\n")
        for i, name in enumerate(names):
            w.write(0, f"{'Image pull secrets:' if i == 0 else ' ' * 19}\t{name}\n")
        describe_events(events, w, now)

    return tabbed_string(body)
