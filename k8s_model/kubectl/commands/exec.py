"""kubectl exec (staging/src/k8s.io/kubectl/pkg/cmd/exec/exec.go).

`kubectl exec POD [-c CONTAINER] [-it] -- COMMAND ARGS…` finds the Pod (or, for
`deploy/web`, the first Pod its selector picks, as AttachablePodForObject does), refuses
a finished Pod, chooses the container and asks the API server to open the Pod's `exec`
subresource; the API server proxies to the kubelet of the Pod's node, which asks the
runtime (CRI Exec) to run the command in the container. What the command writes comes
back over the stream; a non-zero exit ends kubectl with

    command terminated with exit code 7

The model's kubectl has one output: stderr lines (`Defaulted container "a" out of: a, b`,
a tool's error) appear where a terminal shows them, among stdout's lines. `-i`/`-t` change
nothing here (the command is not interactive).
"""

from __future__ import annotations

from ...api import errors
from ...api.selectors import from_label_selector, from_set
from ...controllers.controller_utils import is_pod_ready
from ...net.tools import PodNetwork
from ..errors import KubectlError, check_err_message
from ..flags import Flag, parse
from .context import Context, resource_type

FLAGS = (Flag("container", "c"), Flag("stdin", "i", boolean=True),
         Flag("tty", "t", boolean=True), Flag("quiet", "q", boolean=True),
         Flag("pod-running-timeout"), Flag("filename", "f"))
DEFAULT_CONTAINER_ANNOTATION = "kubectl.kubernetes.io/default-container"
HELP = "See 'kubectl exec -h' for help and examples"


def run(ctx: Context, argv: list[str], stdin: str | None) -> str:
    parsed = parse(argv, FLAGS, "exec")
    if not parsed.args and not parsed.get("filename"):
        raise KubectlError("error: pod, type/name or --filename must be specified")
    if "--" not in argv and len(parsed.args) > 1:
        raise KubectlError("error: exec [POD] [COMMAND] is not supported anymore. "
                           f"Use exec [POD] -- [COMMAND] instead\n{HELP}")
    command = parsed.after_dash
    if not command:
        raise KubectlError("error: you must specify at least one command for the container")
    namespace = ctx.namespace(parsed)
    try:
        pod = _pod_for(ctx, parsed.args[0], namespace)
    except errors.ApiError as error:
        raise KubectlError(check_err_message(error)) from None
    phase = (pod.get("status") or {}).get("phase")
    if phase in ("Succeeded", "Failed"):
        raise KubectlError("error: cannot exec into a container in a completed pod; current "
                           f"phase is {phase}")
    container, notice = _container(pod, parsed.get("container"), parsed.get("quiet"))
    code, output = exec_in(ctx.cluster, pod, container, command)
    printed = "\n".join(p for p in (notice, output) if p)
    if code:
        raise KubectlError(f"command terminated with exit code {code}", output=printed)
    return printed


def exec_in(cluster, pod: dict, container: str, command: list[str]) -> tuple[int, str]:
    """The API server's pods/exec: validate, then the kubelet's runtime runs it (CRI Exec)."""
    meta = pod["metadata"]
    names = [c["name"] for c in pod["spec"].get("containers") or []] + \
        [c["name"] for c in pod["spec"].get("initContainers") or []]
    if container not in names:
        raise KubectlError(f"Error from server (BadRequest): container {container} is not "
                           f"valid for pod {meta['name']}")
    node = pod["spec"].get("nodeName")
    if not node:
        raise KubectlError(f"Error from server (BadRequest): pod {meta['name']} does not have "
                           "a host assigned")
    kubelet = cluster.kubelets.get(node)
    if kubelet is None or not kubelet.client.connected:
        raise KubectlError("Error from server: error dialing backend: dial tcp "
                           f"{cluster.kube_proxies[node].node_ip}:10250: i/o timeout")
    runtime = kubelet.runtime
    for c in runtime.containers.values():
        sandbox = runtime.sandboxes.get(c.sandbox_id)
        if sandbox and sandbox.uid == meta["uid"] and c.name == container \
                and c.state == "CONTAINER_RUNNING":
            return runtime.exec(c.id, command, PodNetwork(cluster, pod), _env(pod, container))
    raise KubectlError(f'error: unable to upgrade connection: container not found ("{container}")')


def _pod_for(ctx: Context, target: str, namespace: str) -> dict:
    """A Pod by name, or AttachablePodForObject for TYPE/NAME: the Pod itself, or the
    first of a workload's Pods in podutils.ByLogging order."""
    return pods_for(ctx, target, namespace)[0]


def pods_for(ctx: Context, target: str, namespace: str) -> list[dict]:
    """The Pod a name means, or a workload's Pods, the one kubectl uses first
    (GetFirstPod: podutils.ByLogging order)."""
    kind, _, name = target.rpartition("/")
    if not kind:
        return [ctx.client.get("pods", namespace, name)]
    rt = resource_type(kind)
    obj = ctx.client.get(rt.plural, namespace, name)
    if rt.plural == "pods":
        return [obj]
    spec = obj.get("spec") or {}
    selector = (from_set(spec["selector"]) if rt.plural in ("services", "replicationcontrollers")
                else from_label_selector(spec.get("selector")))
    pods = [p for p in ctx.client.list("pods", namespace)
            if selector.matches(p["metadata"].get("labels"))]
    if not pods:
        raise KubectlError("error: timed out waiting for the condition")
    return sorted(pods, key=_by_logging)


def _by_logging(pod: dict) -> tuple:
    """podutils.ByLogging: assigned before unassigned, Running before Unknown before
    Pending, ready before not ready, more restarts first, then the older."""
    status = pod.get("status") or {}
    phase = {"Running": 0, "Unknown": 1, "Pending": 2}.get(status.get("phase"), 3)
    restarts = sum(c.get("restartCount", 0) for c in status.get("containerStatuses") or [])
    return (not pod["spec"].get("nodeName"), phase, not is_pod_ready(pod), -restarts,
            pod["metadata"].get("creationTimestamp", ""))


def _container(pod: dict, wanted: str | None, quiet: bool) -> tuple[str, str]:
    """FindOrDefaultContainerByName: -c, else the default-container annotation, else the
    first container — saying so when there was a choice."""
    if wanted:
        return wanted, ""
    spec = pod["spec"]
    annotated = (pod["metadata"].get("annotations") or {}).get(DEFAULT_CONTAINER_ANNOTATION)
    names = [c["name"] for c in spec.get("containers") or []]
    if annotated and annotated in names:
        return annotated, ""
    every = names + [f"{c['name']} (ephem)" for c in spec.get("ephemeralContainers") or []] + \
        [f"{c['name']} (init)" for c in spec.get("initContainers") or []]
    notice = "" if quiet or len(every) <= 1 else \
        f'Defaulted container "{names[0]}" out of: {", ".join(every)}'
    return names[0], notice


def _env(pod: dict, container: str) -> dict[str, str]:
    """The container's environment as `env` prints it (literal values only)."""
    env = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
           "HOSTNAME": pod["metadata"]["name"]}
    for c in pod["spec"].get("containers") or []:
        if c["name"] == container:
            env.update({e["name"]: e.get("value", "") for e in c.get("env") or []
                        if "valueFrom" not in e})
    return env
