"""kubectl logs (staging/src/k8s.io/kubectl/pkg/cmd/logs/logs.go).

`kubectl logs POD [-c CONTAINER]` asks the Pod's `log` subresource for one container's
log (kubelet/container_logs.py walks the rest of the way). `TYPE/NAME` (`deploy/web`)
picks one of the workload's Pods as `kubectl exec` does, and says so on stderr when
there was a choice (`Found 2 pods, using pod/web-…`); `-l` reads every matching Pod
(at most 10 lines each unless `--tail` says otherwise). With several containers the
default one is chosen and named (`Defaulted container "a" out of: a, b`), or
`--all-containers` reads them all; `--prefix` starts each line with
`[pod/NAME/CONTAINER]`. `-p` reads the previous instance of a restarted container.

`-f` follows the log in a terminal until you stop it; the model's kubectl returns at
once, with what the container has written so far — virtual time does not pass while
a command runs.
"""

from __future__ import annotations

from ...api import errors
from ...kubelet import container_logs
from ..errors import KubectlError, check_err_message
from ..flags import Flag, parse
from ..generators.pflag import go_parse_int
from .context import Context
from .exec import _container, pods_for

FLAGS = (Flag("container", "c"), Flag("previous", "p", boolean=True),
         Flag("follow", "f", boolean=True), Flag("tail", default="-1"),
         Flag("limit-bytes", default="0"), Flag("selector", "l"),
         Flag("all-containers", boolean=True), Flag("prefix", boolean=True),
         Flag("ignore-errors", boolean=True), Flag("max-log-requests", default="5"),
         Flag("pod-running-timeout", default="20s"), Flag("all-pods", boolean=True))
HELP = "See 'kubectl logs -h' for help and examples"
USAGE = ("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\n"
         "POD or TYPE/NAME is a required argument for the logs command\n" + HELP)
SELECTOR_TAIL = 10   # logs.go: -l without --tail reads the last 10 lines of each


def _int(parsed, flag: str) -> int:
    value = parsed.get(flag)
    try:
        return go_parse_int(value, 64)
    except ValueError as error:
        raise KubectlError(f'error: invalid argument "{value}" for "--{flag}" flag: {error}\n'
                           "See 'kubectl logs --help' for usage.") from None


def run(ctx: Context, argv: list[str], stdin: str | None) -> str:
    parsed = parse(argv, FLAGS, "logs")
    tail, limit = _int(parsed, "tail"), _int(parsed, "limit-bytes")
    _int(parsed, "max-log-requests")
    selector, args = parsed.get("selector"), parsed.args
    if len(args) == 0 and not selector or len(args) > 2:
        raise KubectlError(USAGE)
    if len(args) == 1 and selector:
        raise KubectlError(f"error: only a selector (-l) or a POD name is allowed\n{HELP}")
    container = args[1] if len(args) == 2 else parsed.get("container")
    if parsed.get("all-containers") and container:
        raise KubectlError("error: --all-containers=true should not be specified with container "
                           f"name {container}")
    if selector and "tail" not in dict(parsed.given):
        tail = SELECTOR_TAIL
    namespace = ctx.namespace(parsed)
    notices: list[str] = []
    try:
        if selector:
            pods = ctx.client.list("pods", namespace, selector)
        else:
            pods = pods_for(ctx, args[0], namespace)
            if len(pods) > 1:
                notices.append(f"Found {len(pods)} pods, using pod/{pods[0]['metadata']['name']}")
                pods = pods[:1]
    except errors.ApiError as error:
        if error.reason == "NotFound":   # logs.go words the builder's NotFound itself
            raise KubectlError(f"error: error from server (NotFound): {error.message} "
                               f'in namespace "{namespace}"') from None
        raise KubectlError(check_err_message(error)) from None
    if not pods and selector:
        return "No resources found in " + f"{namespace} namespace."
    out: list[str] = []
    for pod in pods:
        for name in _containers(pod, container, parsed, notices):
            try:
                text = container_logs.read(ctx.cluster, pod, name, parsed.get("previous"),
                                           tail if tail >= 0 else None, limit or None)
            except errors.ApiError as error:
                if parsed.get("ignore-errors"):
                    continue
                raise KubectlError(str(error), output=_joined(notices, out)) from None
            if parsed.get("prefix"):
                text = "".join(f"[pod/{pod['metadata']['name']}/{name}] {line}\n"
                               for line in text.splitlines())
            out.append(text)
    return _joined(notices, out)


def _containers(pod: dict, wanted: str | None, parsed, notices: list[str]) -> list[str]:
    if parsed.get("all-containers"):
        spec = pod["spec"]
        return [c["name"] for key in ("initContainers", "containers")
                for c in spec.get(key) or []]
    if wanted:   # podcmd.FindContainerByName, before any request
        if wanted not in container_logs.container_names(pod["spec"]):
            raise KubectlError(f"error: container {wanted} is not valid for pod "
                               f"{pod['metadata']['name']}")
        return [wanted]
    name, notice = _container(pod, None, False)
    if notice:
        notices.append(notice)
    return [name]


def _joined(notices: list[str], logs: list[str]) -> str:
    """stderr's notices first, then the logs, as a terminal shows them."""
    return "\n".join(notices + ["".join(logs).removesuffix("\n")] if "".join(logs) else notices)
