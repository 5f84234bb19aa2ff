"""kubectl rollout status (pkg/cmd/rollout/rollout_status.go,
pkg/polymorphichelpers/rollout_status.go).

Status watches one object and, on every ADDED or MODIFIED event, prints what its status
says, until the rollout is done:

    Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...
    Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...
    Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...
    deployment "web" successfully rolled out

The verdict comes from the status alone (the controller did the counting): nothing is
said until `status.observedGeneration` has caught up with the spec, and a Progressing
condition with reason ProgressDeadlineExceeded ends the wait with an error.
`--watch=false` prints the first verdict and stops.

In the model the watch is a real API watch; between events the command advances the
virtual clock one second at a time. Real kubectl waits as long as it takes
(`--timeout=0s`); the model stops waiting after a virtual hour, as if `--timeout=1h` had
been given (as `kubectl drain` does).
"""

from __future__ import annotations

from ...api import errors
from ..errors import KubectlError, aggregate_message
from ..flags import Flag, parse, parse_duration
from .context import Context
from .rollout import COMMON_FLAGS, group_kind, parse_int, revision, targets

FLAGS = COMMON_FLAGS + (Flag("watch", "w", boolean=True, default=True),
                        Flag("revision", default="0"), Flag("timeout", default="0s"))
MODEL_WAIT_LIMIT = 3600.0
TIMED_OUT = "error: timed out waiting for the condition"


class StatusError(Exception):
    """The viewer's error: the watch ends with it."""


def deployment_status(d: dict, wanted_revision: int) -> tuple[str, bool]:
    """DeploymentStatusViewer.Status: (line, done)."""
    name, spec, status = d["metadata"]["name"], d["spec"], d.get("status") or {}
    if wanted_revision > 0:
        current = revision(d)
        if current is None:
            raise StatusError(f'cannot get the revision of deployment "{name}"')
        if current != wanted_revision:
            raise StatusError(f"desired revision ({wanted_revision}) is different from the "
                              f"running revision ({current})")
    if d["metadata"].get("generation", 0) > status.get("observedGeneration", 0):
        return "Waiting for deployment spec update to be observed...", False
    progressing = next((c for c in status.get("conditions") or []
                        if c.get("type") == "Progressing"), None)
    if progressing and progressing.get("reason") == "ProgressDeadlineExceeded":
        raise StatusError(f'deployment "{name}" exceeded its progress deadline')
    replicas, updated = spec.get("replicas"), status.get("updatedReplicas", 0)
    waiting = f'Waiting for deployment "{name}" rollout to finish: '
    if replicas is not None and updated < replicas:
        return f"{waiting}{updated} out of {replicas} new replicas have been updated...", False
    if status.get("replicas", 0) > updated:
        return (f"{waiting}{status.get('replicas', 0) - updated} old replicas are pending "
                "termination..."), False
    if status.get("availableReplicas", 0) < updated:
        return (f"{waiting}{status.get('availableReplicas', 0)} of {updated} updated replicas "
                "are available..."), False
    return f'deployment "{name}" successfully rolled out', True


def daemon_set_status(ds: dict, wanted_revision: int) -> tuple[str, bool]:
    """DaemonSetStatusViewer.Status."""
    name, status = ds["metadata"]["name"], ds.get("status") or {}
    strategy = (ds["spec"].get("updateStrategy") or {}).get("type", "RollingUpdate")
    if strategy != "RollingUpdate":
        raise StatusError("rollout status is only available for RollingUpdate strategy type")
    if ds["metadata"].get("generation", 0) > status.get("observedGeneration", 0):
        return "Waiting for daemon set spec update to be observed...", False
    desired, updated = status.get("desiredNumberScheduled", 0), \
        status.get("updatedNumberScheduled", 0)
    waiting = f'Waiting for daemon set "{name}" rollout to finish: '
    if updated < desired:
        return f"{waiting}{updated} out of {desired} new pods have been updated...", False
    if status.get("numberAvailable", 0) < desired:
        return (f"{waiting}{status.get('numberAvailable', 0)} of {desired} updated pods are "
                "available..."), False
    return f'daemon set "{name}" successfully rolled out', True


def stateful_set_status(sts: dict, wanted_revision: int) -> tuple[str, bool]:
    """StatefulSetStatusViewer.Status."""
    spec, status = sts["spec"], sts.get("status") or {}
    strategy = spec.get("updateStrategy") or {"type": "RollingUpdate"}
    if strategy.get("type", "RollingUpdate") != "RollingUpdate":
        raise StatusError("rollout status is only available for RollingUpdate strategy type")
    observed = status.get("observedGeneration", 0)
    if observed == 0 or sts["metadata"].get("generation", 0) > observed:
        return "Waiting for statefulset spec update to be observed...", False
    replicas, ready = spec.get("replicas"), status.get("readyReplicas", 0)
    if replicas is not None and ready < replicas:
        return f"Waiting for {replicas - ready} pods to be ready...", False
    updated = status.get("updatedReplicas", 0)
    rolling = strategy.get("rollingUpdate")
    if rolling is not None:
        partition = rolling.get("partition")
        if replicas is not None and partition is not None and updated < replicas - partition:
            return (f"Waiting for partitioned roll out to finish: {updated} out of "
                    f"{replicas - partition} new pods have been updated..."), False
        return f"partitioned roll out complete: {updated} new pods have been updated...", True
    if status.get("updateRevision") != status.get("currentRevision"):
        return (f"waiting for statefulset rolling update to complete {updated} pods at "
                f"revision {status.get('updateRevision')}..."), False
    return (f"statefulset rolling update complete {status.get('currentReplicas', 0)} pods at "
            f"revision {status.get('currentRevision')}..."), True


VIEWERS = {"Deployment": deployment_status, "DaemonSet": daemon_set_status,
           "StatefulSet": stateful_set_status}


def run(ctx: Context, argv: list[str]) -> str:
    parsed = parse(argv, FLAGS, "rollout status")
    wanted = parse_int(parsed, "revision", "status")
    timeout = parse_duration(parsed.get("timeout"), "timeout", "rollout status")
    if not parsed.args:
        raise KubectlError("error: required resource not specified")
    if wanted < 0:
        raise KubectlError(f"error: revision must be a positive integer: {wanted}")
    found = targets(ctx, parsed)
    if len(found) != 1:
        raise KubectlError("error: rollout status is only supported on individual resources "
                           f"and resource collections - {len(found)} resources were found")
    rt, namespace, name = found[0]
    try:
        obj = ctx.client.get(rt, namespace, name)
    except errors.ApiError as error:
        raise KubectlError(aggregate_message([error])) from None
    viewer = VIEWERS.get(rt.kind)
    if viewer is None:
        raise KubectlError("error: no status viewer has been implemented for "
                           f"{group_kind(rt)}")
    return watch_until_done(ctx, rt, obj, viewer, wanted, bool(parsed.get("watch")), timeout)


def watch_until_done(ctx: Context, rt, obj: dict, viewer, wanted: int, watch: bool,
                     timeout: float) -> str:
    """watchtools.UntilWithSync: the listed object is the first event, then every change."""
    sim, meta = ctx.cluster.sim, obj["metadata"]
    events: list[tuple[str, dict]] = [("ADDED", obj)]
    handle = ctx.client.watch(
        rt, lambda e: events.append((e.type, e.object))
        if e.object["metadata"]["name"] == meta["name"] else None,
        namespace=meta["namespace"], resource_version=meta["resourceVersion"])
    limit = timeout if timeout > 0 else MODEL_WAIT_LIMIT
    deadline = sim.now + limit
    lines: list[str] = []
    try:
        while True:
            while events:
                kind, current = events.pop(0)
                if kind == "DELETED":
                    raise KubectlError("error: object has been deleted", output="\n".join(lines))
                try:
                    line, done = viewer(current, wanted)
                except StatusError as error:
                    raise KubectlError(f"error: {error}", output="\n".join(lines)) from None
                lines.append(line)
                if done or not watch:
                    return "\n".join(lines)
            if sim.now >= deadline:
                raise KubectlError(TIMED_OUT, output="\n".join(lines))
            sim.advance(min(1.0, deadline - sim.now))
    finally:
        handle.stop()
