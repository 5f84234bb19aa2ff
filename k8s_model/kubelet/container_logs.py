"""A container's log, as `kubectl logs` reaches it: API server → kubelet → runtime.

    GET /api/v1/namespaces/default/pods/web/log?container=nginx&previous=true&tailLines=5

The API server (pkg/registry/core/pod/strategy.go, LogLocation) checks the container
name — none given is fine for a one-container Pod — and finds the Pod's node; a Pod not
yet scheduled has no log, and the answer is empty. It then proxies to that node's kubelet
(`/containerLogs/…`), which picks the container instance from the Pod's status
(kubelet_pods.go, validateContainerLogStatus): the running one, else the last terminated
one, or with `previous` the one before the current — and says why there is none
("is waiting to start: ContainerCreating"). The kubelet's words come back as a 400
BadRequest whose message is its error (the API server's response checker), which kubectl
prints as `Error from server (BadRequest): …`. The runtime then reads the log file:
what the container's process wrote, line by line.
"""

from __future__ import annotations

from ..api import errors


def container_names(spec: dict) -> list[str]:
    """podutil.VisitContainers order: init containers, then containers."""
    return [c["name"] for key in ("initContainers", "containers") for c in spec.get(key) or []]


def validate_container(pod: dict, container: str | None) -> str:
    """The API server's validateContainer: the container the log request means."""
    spec, name = pod["spec"], pod["metadata"]["name"]
    if not container:
        containers = spec.get("containers") or []
        if len(containers) == 1:
            return containers[0]["name"]
        names = " ".join(container_names(spec))
        raise errors.bad_request(f"a container name must be specified for pod {name}, "
                                 f"choose one of: [{names}]")
    if container not in container_names(spec):
        raise errors.bad_request(f"container {container} is not valid for pod {name}")
    return container


def _status_of(pod: dict, container: str) -> dict | None:
    status = pod.get("status") or {}
    for key in ("containerStatuses", "initContainerStatuses"):
        for cs in status.get(key) or []:
            if cs["name"] == container:
                return cs
    return None


def container_id(pod: dict, container: str, previous: bool) -> str:
    """The kubelet's validateContainerLogStatus: which instance's log to read."""
    pod_name = pod["metadata"]["name"]

    def fail(why: str):
        raise errors.bad_request(f'container "{container}" in pod "{pod_name}" {why}')

    cs = _status_of(pod, container)
    if cs is None:
        fail("is not available")
    last = (cs.get("lastState") or {}).get("terminated")
    state = cs.get("state") or {}
    waiting, running, terminated = state.get("waiting"), state.get("running"), state.get("terminated")
    if previous:
        if not last or not last.get("containerID"):
            raise errors.bad_request(
                f'previous terminated container "{container}" in pod "{pod_name}" not found')
        found = last["containerID"]
    elif running is not None:
        found = cs.get("containerID", "")
    elif terminated is not None:
        found = terminated.get("containerID") or (last or {}).get("containerID")
        if not found:
            fail("is terminated")
    elif last is not None:
        if not last.get("containerID"):
            fail("is terminated")
        found = last["containerID"]
    elif waiting is not None:
        reason = waiting.get("reason", "")
        fail("is waiting to start: " + {
            "ErrImagePull": "image can't be pulled",
            "ImagePullBackOff": "trying and failing to pull image"}.get(reason, reason))
    else:
        fail("is waiting to start - no logs yet")
    return found.split("://", 1)[-1]


def read(cluster, pod: dict, container: str | None = None, previous: bool = False,
         tail_lines: int | None = None, limit_bytes: int | None = None) -> str:
    """What GET …/pods/NAME/log answers: the log text, or an ApiError (BadRequest)."""
    container = validate_container(pod, container)
    node = pod["spec"].get("nodeName")
    if not node:
        return ""   # LogLocation: no host yet, so an empty location and an empty log
    kubelet = cluster.kubelets.get(node)
    if kubelet is None or not kubelet.client.connected:
        # the proxy's dial error, not a Status: ErrorToAPIStatus makes it a 500, reason unknown
        address = f"{cluster.kube_proxies[node].node_ip}:10250"
        meta = pod["metadata"]
        raise errors.ApiError(errors._status(
            500, "", f'Get "https://{address}/containerLogs/{meta["namespace"]}/{meta["name"]}/'
                     f'{container}": dial tcp {address}: i/o timeout'))
    instance = kubelet.runtime.containers.get(container_id(pod, container, previous))
    lines = instance.logs if instance is not None else []   # removed: its log file is gone
    if tail_lines is not None:
        lines = lines[-tail_lines:] if tail_lines > 0 else []
    text = "".join(line + "\n" for line in lines)
    if limit_bytes is not None:
        text = text.encode()[:limit_bytes].decode(errors="ignore")
    return text
