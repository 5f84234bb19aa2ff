"""The Containers section of `kubectl describe` (describeContainers in describe.go).

For each container: image, ports, command and args, the current and last state,
ready flag and restart count, resources, probes, environment and mounts:

    Liveness:   http-get http://:8080/healthz delay=3s timeout=1s period=10s #success=1 #failure=3
    Environment:
      PW:     <set to the key 'password' in secret 'db'>   Optional: false

Environment values taken from fields resolve metadata fields only (as kubectl's
fieldpath helper does), so `spec.nodeName` shows empty: `NODE:   (v1:spec.nodeName)`.
"""

from __future__ import annotations

from k8s_model.api.quantity import Quantity
from k8s_model.kubectl import gofmt
from k8s_model.kubectl.describe.writer import PrefixWriter, rfc1123z, v


def describe_containers(label: str, containers: list, statuses: list | None, w: PrefixWriter,
                        space: str, pod: dict | None) -> None:
    by_name = {s.get("name"): s for s in statuses or []}
    w.write(0, f"{space}{label}:{' <none>' if not containers else ''}\n")
    for container in containers:
        status = by_name.get(container.get("name"))
        name_indent = " " if space else ""
        w.write(1, f"{name_indent}{container.get('name', '')}:\n")
        if status is not None:
            w.write(2, f"Container ID:\t{status.get('containerID', '')}\n")
        w.write(2, f"Image:\t{container.get('image', '')}\n")
        if status is not None:
            w.write(2, f"Image ID:\t{status.get('imageID', '')}\n")
        ports = ", ".join(f"{p.get('containerPort', 0)}/{p.get('protocol', '')}"
                          for p in container.get("ports") or [])
        host_ports = ", ".join(f"{p.get('hostPort', 0)}/{p.get('protocol', '')}"
                               for p in container.get("ports") or [])
        w.write(2, f"Ports:\t{ports}\n" if "," in ports else f"Port:\t{ports or '<none>'}\n")
        w.write(2, f"Host Ports:\t{host_ports}\n" if "," in host_ports
                else f"Host Port:\t{host_ports or '<none>'}\n")
        seccomp = (container.get("securityContext") or {}).get("seccompProfile")
        if seccomp:
            w.write(2, f"SeccompProfile:\t{seccomp.get('type', '')}\n")
            if seccomp.get("type") == "Localhost":
                w.write(3, f"LocalhostProfile:\t{seccomp.get('localhostProfile', '')}\n")
        for title, items in (("Command", container.get("command")), ("Args", container.get("args"))):
            if items:
                w.write(2, f"{title}:\n")
                for item in items:
                    for line in item.split("\n"):
                        w.write(3, f"{line}\n")
        if status is not None:
            describe_status("State", status.get("state") or {}, w)
            if (status.get("lastState") or {}).get("terminated"):
                describe_status("Last State", status["lastState"], w)
            w.write(2, f"Ready:\t{'True' if status.get('ready') else 'False'}\n")
            w.write(2, f"Restart Count:\t{status.get('restartCount', 0)}\n")
        describe_resources(container.get("resources") or {}, w, 2)
        for title, key in (("Liveness", "livenessProbe"), ("Readiness", "readinessProbe"),
                           ("Startup", "startupProbe")):
            if container.get(key):
                w.write(2, f"{title}:\t{describe_probe(container[key])}\n")
        if container.get("envFrom"):
            describe_env_from(container["envFrom"], w)
        describe_env(container, w, pod)
        describe_mounts(container, w)


def describe_status(name: str, state: dict, w: PrefixWriter) -> None:
    if state.get("running") is not None:
        w.write(2, f"{name}:\tRunning\n")
        w.write(3, f"Started:\t{rfc1123z(state['running'].get('startedAt'))}\n")
    elif state.get("waiting") is not None:
        w.write(2, f"{name}:\tWaiting\n")
        if state["waiting"].get("reason"):
            w.write(3, f"Reason:\t{state['waiting']['reason']}\n")
    elif state.get("terminated") is not None:
        t = state["terminated"]
        w.write(2, f"{name}:\tTerminated\n")
        if t.get("reason"):
            w.write(3, f"Reason:\t{t['reason']}\n")
        if t.get("message"):
            w.write(3, f"Message:\t{t['message']}\n")
        w.write(3, f"Exit Code:\t{t.get('exitCode', 0)}\n")
        if (t.get("signal") or 0) > 0:
            w.write(3, f"Signal:\t{t['signal']}\n")
        w.write(3, f"Started:\t{rfc1123z(t.get('startedAt'))}\n")
        w.write(3, f"Finished:\t{rfc1123z(t.get('finishedAt'))}\n")
    else:
        w.write(2, f"{name}:\tWaiting\n")


def describe_resources(resources: dict, w: PrefixWriter, level: int) -> None:
    for title, key in (("Limits", "limits"), ("Requests", "requests")):
        values = resources.get(key) or {}
        if values:
            w.write(level, f"{title}:\n")
        for name in sorted(values):
            w.write(level + 1, f"{name}:\t{Quantity.parse(values[name])}\n")


def _port(port) -> str:
    return str(port) if port is not None else ""


def _probe_url(get: dict) -> str:
    """url.URL{Scheme, Host: JoinHostPort(host, port), Path}.String(): http://:8080/healthz."""
    host, port = get.get("host", ""), _port(get.get("port"))
    if port:
        host = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    scheme, path = (get.get("scheme") or "").lower(), get.get("path", "")
    url = f"{scheme}:" if scheme else ""
    if (scheme or host) and (host or path):
        url += "//" + host
    if path and not path.startswith("/") and host:
        url += "/"
    return url + path


def describe_probe(probe: dict) -> str:
    """DescribeProbe: the handler, then delay/timeout/period/#success/#failure."""
    attrs = (f"delay={probe.get('initialDelaySeconds', 0)}s timeout={probe.get('timeoutSeconds', 0)}s"
             f" period={probe.get('periodSeconds', 0)}s #success={probe.get('successThreshold', 0)}"
             f" #failure={probe.get('failureThreshold', 0)}")
    if probe.get("exec") is not None:
        return f"exec {v(probe['exec'].get('command') or [])} {attrs}"
    if probe.get("httpGet") is not None:
        return f"http-get {_probe_url(probe['httpGet'])} {attrs}"
    if probe.get("tcpSocket") is not None:
        sock = probe["tcpSocket"]
        return f"tcp-socket {sock.get('host', '')}:{_port(sock.get('port'))} {attrs}"
    if probe.get("grpc") is not None:
        return f"grpc <pod>:{probe['grpc'].get('port', 0)} {probe['grpc'].get('service', '')} {attrs}"
    return f"unknown {attrs}"


def describe_env_from(env_from: list, w: PrefixWriter) -> None:
    w.write(2, "Environment Variables from:\n")
    for e in env_from:
        kind, ref = ("ConfigMap", e.get("configMapRef")) if e.get("configMapRef") is not None \
            else ("Secret", e.get("secretRef") or {})
        optional = "true" if (ref or {}).get("optional") else "false"
        name = (ref or {}).get("name", "")
        if e.get("prefix"):
            w.write(3, f"{name}\t{kind} with prefix '{e['prefix']}'\tOptional: {optional}\n")
        else:
            w.write(3, f"{name}\t{kind}\tOptional: {optional}\n")


def _format_map(values: dict | None) -> str:
    """fieldpath.FormatMap: `key="value"` lines, sorted."""
    return "\n".join(f'{k}={gofmt.quote(values[k])}' for k in sorted(values or {}))


def _field_value(pod: dict | None, path: str) -> str:
    """EnvValueRetriever: fieldpath.ExtractFieldPathAsString knows metadata fields only,
    so `spec.nodeName` shows as empty, exactly as kubectl shows it."""
    if pod is None:
        return ""
    meta = pod.get("metadata", {})
    for prefix, key in (("metadata.labels['", "labels"), ("metadata.annotations['", "annotations")):
        if path.startswith(prefix) and path.endswith("']"):
            return (meta.get(key) or {}).get(path[len(prefix):-2], "")
    if path in ("metadata.labels", "metadata.annotations"):
        return _format_map(meta.get(path.split(".")[1]))
    if path in ("metadata.name", "metadata.namespace", "metadata.uid"):
        return meta.get(path.split(".")[1]) or ""
    return ""


def describe_env(container: dict, w: PrefixWriter, pod: dict | None) -> None:
    env = container.get("env") or []
    w.write(2, "Environment:" + ("\t<none>" if not env else "") + "\n")
    for e in env:
        source = e.get("valueFrom")
        if source is None:
            for i, line in enumerate((e.get("value") or "").split("\n")):
                w.write(3, f"{e.get('name', '')}:\t{line}\n" if i == 0 else f"\t{line}\n")
        elif source.get("fieldRef") is not None:
            ref = source["fieldRef"]
            value = _field_value(pod, ref.get("fieldPath", ""))
            w.write(3, f"{e['name']}:\t{value} ({ref.get('apiVersion', '')}:{ref.get('fieldPath', '')})\n")
        elif source.get("resourceFieldRef") is not None:
            resource = source["resourceFieldRef"].get("resource", "")
            w.write(3, f"{e['name']}:\t{_resource_value(container, resource)} ({resource})\n")
        elif source.get("secretKeyRef") is not None:
            ref = source["secretKeyRef"]
            w.write(3, f"{e['name']}:\t<set to the key '{ref.get('key', '')}' in secret "
                       f"'{ref.get('name', '')}'>\tOptional: {'true' if ref.get('optional') else 'false'}\n")
        elif source.get("configMapKeyRef") is not None:
            ref = source["configMapKeyRef"]
            w.write(3, f"{e['name']}:\t<set to the key '{ref.get('key', '')}' of config map "
                       f"'{ref.get('name', '')}'>\tOptional: {'true' if ref.get('optional') else 'false'}\n")


def _resource_value(container: dict, resource: str) -> str:
    """ExtractContainerResourceValue with divisor 1; unset limits mean node allocatable."""
    kind, _, name = resource.partition(".")
    value = ((container.get("resources") or {}).get(kind) or {}).get(name)
    if value is None:
        return "node allocatable" if kind == "limits" else "0"
    q = Quantity.parse(value)
    return str(-(-q.milli_value() // 1000) if name == "cpu" else q.value())


def describe_mounts(container: dict, w: PrefixWriter) -> None:
    mounts = container.get("volumeMounts") or []
    w.write(2, "Mounts:" + ("\t<none>" if not mounts else "") + "\n")
    for m in sorted(mounts, key=lambda m: m.get("mountPath", "")):
        flags = ["ro" if m.get("readOnly") else "rw"]
        if m.get("subPath"):
            flags.append(f'path="{m["subPath"]}"')
        w.write(3, f"{m.get('mountPath', '')} from {m.get('name', '')} ({','.join(flags)})\n")
    devices = container.get("volumeDevices") or []
    if devices:
        w.write(2, "Devices:\n")
        for d in sorted(devices, key=lambda d: d.get("devicePath", "")):
            w.write(3, f"{d.get('devicePath', '')} from {d.get('name', '')}\n")
