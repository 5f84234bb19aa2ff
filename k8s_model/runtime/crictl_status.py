"""`crictl inspect` / `crictl inspectp`: a container's or sandbox's status as JSON.

crictl asks the runtime for ContainerStatus / PodSandboxStatus and prints them through
outputStatusData (cri-tools cmd/crictl/util.go), which marshals Go maps: every key
sorted, `<`, `>` and `&` escaped, two-space indents, `{"status": …}` around each.
containerd fills the fields (internal/cri/server/container_status.go): `image` is the
image's first repo tag, `imageRef` its repo digest, `imageId` the node-local config
digest. The model keeps fewer fields than a runtime does, so this is abridged: no
`info` (the verbose blob: pid, OCI runtime spec, snapshot key), no mounts, resources,
user or linux options; of the kubelet's container annotations only the restart count
and the termination-message fields.
"""

from __future__ import annotations

import json

from .cri import ContainerRuntime
from .images import image_id, parse_reference


def _rfc3339(runtime: ContainerRuntime, at: float | None) -> str:
    """Go's time.Format(RFC3339Nano) of a virtual time; the zero time if unset."""
    if at is None:
        return "0001-01-01T00:00:00Z"
    seconds, nanos = divmod(round(at * 1e9), 1_000_000_000)
    moment = runtime.sim.datetime(seconds)
    fraction = f".{nanos:09d}".rstrip("0").rstrip(".")
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + fraction + "Z"


def status_json(statuses: list[dict]) -> str:
    """outputStatusData: Go marshals maps with sorted keys and escapes <, > and &."""
    text = json.dumps(statuses[0] if len(statuses) == 1 else statuses, indent=2,
                      sort_keys=True, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"


def container_status(runtime: ContainerRuntime, c) -> dict:
    sandbox = runtime.sandboxes[c.sandbox_id]
    exited = c.state == "CONTAINER_EXITED"
    return {
        "annotations": {
            "io.kubernetes.container.restartCount": str(c.attempt),
            "io.kubernetes.container.terminationMessagePath":
                c.spec.get("terminationMessagePath", "/dev/termination-log"),
            "io.kubernetes.container.terminationMessagePolicy":
                c.spec.get("terminationMessagePolicy", "File")},
        "createdAt": _rfc3339(runtime, c.created_at),
        "exitCode": c.exit_code or 0,
        "finishedAt": _rfc3339(runtime, c.finished_at if exited else None),
        "id": c.id,
        # containerd's container_status.go: ImageSpec is the image's first repo tag,
        # imageRef its repo digest, imageId the node-local config digest.
        "image": {"annotations": {}, "image": c.image_ref, "runtimeHandler": "",
                  "userSpecifiedImage": ""},
        "imageId": image_id(parse_reference(c.image_ref)),
        "imageRef": c.image_id,
        "labels": {"io.kubernetes.container.name": c.name,
                   "io.kubernetes.pod.name": sandbox.name,
                   "io.kubernetes.pod.namespace": sandbox.namespace,
                   "io.kubernetes.pod.uid": sandbox.uid},
        "logPath": f"/var/log/pods/{sandbox.namespace}_{sandbox.name}_{sandbox.uid}/"
                   f"{c.name}/{c.attempt}.log",
        "message": "",
        "metadata": {"attempt": c.attempt, "name": c.name},
        "reason": c.reason if exited else "",
        "startedAt": _rfc3339(runtime, c.started_at if c.state != "CONTAINER_CREATED"
                              else None),
        "state": c.state,
    }


def sandbox_status(runtime: ContainerRuntime, s) -> dict:
    host_network = s.ip == runtime.host_ip and bool(runtime.host_ip)
    return {
        "annotations": dict(s.annotations),
        "createdAt": _rfc3339(runtime, s.created_at),
        "id": s.id,
        "labels": {**s.labels, "io.kubernetes.pod.name": s.name,
                   "io.kubernetes.pod.namespace": s.namespace, "io.kubernetes.pod.uid": s.uid},
        "metadata": {"attempt": 0, "name": s.name, "namespace": s.namespace, "uid": s.uid},
        # containerd reports no address for a host-network sandbox: the kubelet uses the node's.
        "network": {"additionalIps": [], "ip": "" if host_network else s.ip},
        "runtimeHandler": "",
        "state": s.state,
    }
