"""The Pod table: printPod in pkg/printers/internalversion/printers.go.

STATUS is not a field of the Pod: it is derived, in order of precedence, from
  1. the phase, or status.reason if set (`Evicted`, `NodeLost`);
  2. the first init container not done: `Init:ErrImagePull`, `Init:ExitCode:1`, `Init:0/2`;
  3. otherwise the *first* container (walked last to first) with a waiting or
     terminated reason: `CrashLoopBackOff`, `ErrImagePull`, `Completed`, `ExitCode:137`;
  4. `Terminating` once a deletion timestamp is set (`Unknown` when the node is lost).
`Completed` turns back into `Running` (or `NotReady`) while another container runs.
RESTARTS sums restart counts and appends the age of the latest restart: `4 (32s ago)`.
"""

from __future__ import annotations

from k8s_model.api.duration import human_duration
from k8s_model.api.tables.common import AGE, NAME, Column, Printer, age, doc, timestamp, wide

COLUMNS = (
    NAME,
    Column("Ready", description="The aggregate readiness state of this pod for accepting traffic."),
    Column("Status", description="The aggregate status of the containers in this pod."),
    Column("Restarts", description="The number of times the containers in this pod have been "
                                   "restarted and when the last container in this pod has restarted."),
    AGE,
    wide("IP", doc("pod.status.podIP")),
    wide("Node", doc("pod.spec.nodeName")),
    wide("Nominated Node", doc("pod.status.nominatedNodeName")),
    wide("Readiness Gates", doc("pod.spec.readinessGates")),
)

NODE_UNREACHABLE_POD_REASON = "NodeLost"   # pkg/util/node


def _is_restartable_init_container(container: dict | None) -> bool:
    return bool(container) and container.get("restartPolicy") == "Always"


def _condition_true(pod: dict, ctype: str) -> bool:
    for c in pod.get("status", {}).get("conditions") or []:
        if c.get("type") == ctype:
            return c.get("status") == "True"
    return False


def _has_ready_condition(pod: dict) -> bool:
    return any(c.get("type") == "Ready" and c.get("status") == "True"
               for c in pod.get("status", {}).get("conditions") or [])


def _later(current: float | None, terminated: dict | None) -> float | None:
    """Keep the latest lastState.terminated.finishedAt seen so far."""
    finished = timestamp((terminated or {}).get("finishedAt"))
    if finished is not None and (current is None or current < finished):
        return finished
    return current


def _terminated_reason(term: dict, prefix: str = "") -> str:
    if term.get("reason"):
        return prefix + term["reason"]
    if term.get("signal"):
        return f"{prefix}Signal:{term['signal']}"
    return f"{prefix}ExitCode:{term.get('exitCode', 0)}"


def pod_cells(pod: dict, now: float) -> list:
    spec, status = pod.get("spec", {}), pod.get("status", {})
    restarts = restartable_restarts = ready = 0
    total = len(spec.get("containers") or [])
    last_restart = last_restartable_restart = None
    phase = status.get("phase", "")
    reason = status.get("reason") or phase
    for c in status.get("conditions") or []:
        if c.get("type") == "PodScheduled" and c.get("reason") == "SchedulingGated":
            reason = "SchedulingGated"

    init_specs = {c.get("name"): c for c in spec.get("initContainers") or []}
    total += sum(1 for c in init_specs.values() if _is_restartable_init_container(c))

    initializing = False
    init_statuses = status.get("initContainerStatuses") or []
    for i, cs in enumerate(init_statuses):
        restarts += cs.get("restartCount", 0)
        last_term = (cs.get("lastState") or {}).get("terminated")
        last_restart = _later(last_restart, last_term)
        sidecar = _is_restartable_init_container(init_specs.get(cs.get("name")))
        if sidecar:
            restartable_restarts += cs.get("restartCount", 0)
            last_restartable_restart = _later(last_restartable_restart, last_term)
        state = cs.get("state") or {}
        term, waiting = state.get("terminated"), state.get("waiting")
        if term is not None and term.get("exitCode", 0) == 0:
            continue
        if sidecar and cs.get("started"):
            ready += 1 if cs.get("ready") else 0
            continue
        if term is not None:
            reason = _terminated_reason(term, "Init:")
        elif waiting is not None and waiting.get("reason") and waiting["reason"] != "PodInitializing":
            reason = "Init:" + waiting["reason"]
        else:
            reason = f"Init:{i}/{len(spec.get('initContainers') or [])}"
        initializing = True
        break

    if not initializing or _condition_true(pod, "Initialized"):
        restarts, last_restart = restartable_restarts, last_restartable_restart
        has_running = False
        for cs in reversed(status.get("containerStatuses") or []):
            restarts += cs.get("restartCount", 0)
            last_restart = _later(last_restart, (cs.get("lastState") or {}).get("terminated"))
            state = cs.get("state") or {}
            waiting, term = state.get("waiting"), state.get("terminated")
            if waiting is not None and waiting.get("reason"):
                reason = waiting["reason"]
            elif term is not None:
                reason = _terminated_reason(term)
            elif cs.get("ready") and state.get("running") is not None:
                has_running = True
                ready += 1
        if reason == "Completed" and has_running:
            reason = "Running" if _has_ready_condition(pod) else "NotReady"

    deleting = bool(pod.get("metadata", {}).get("deletionTimestamp"))
    if deleting and status.get("reason") == NODE_UNREACHABLE_POD_REASON:
        reason = "Unknown"
    elif deleting and phase not in ("Failed", "Succeeded"):
        reason = "Terminating"

    restarts_text = str(restarts)
    if restarts != 0 and last_restart is not None:
        restarts_text = f"{restarts} ({human_duration(now - last_restart)} ago)"

    pod_ips = status.get("podIPs") or []
    gates = spec.get("readinessGates") or []
    gates_text = "<none>"
    if gates:
        conditions = {c.get("type"): c.get("status") for c in reversed(status.get("conditions") or [])}
        true = sum(1 for g in gates if conditions.get(g.get("conditionType")) == "True")
        gates_text = f"{true}/{len(gates)}"
    return [pod["metadata"]["name"], f"{ready}/{total}", reason, restarts_text, age(pod, now),
            (pod_ips[0].get("ip") if pod_ips else "") or "<none>",
            spec.get("nodeName") or "<none>",
            status.get("nominatedNodeName") or "<none>",
            gates_text]


def pod_conditions(pod: dict) -> list:
    """Row conditions: a finished pod's row is marked Completed (podSuccessConditions)."""
    phase = pod.get("status", {}).get("phase")
    if phase == "Succeeded":
        return [{"type": "Completed", "status": "True", "reason": "Succeeded",
                 "message": "The pod has completed successfully."}]
    if phase == "Failed":
        return [{"type": "Completed", "status": "True", "reason": "Failed",
                 "message": "The pod failed."}]
    return []


PRINTERS = {"Pod": Printer(COLUMNS, pod_cells, pod_conditions)}
