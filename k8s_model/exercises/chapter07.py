"""Checkers for chapter 07's exercises: probes that make the kubelet do the right thing.

Each checker reads the learner's Pod and its Events through the API server and prints
one ✓ or ✗ line per thing the exercise asks for. A probe's effect is visible only after
the kubelet has run it, so the checks look for the evidence upstream's prober leaves:
`Unhealthy` events ("Readiness probe failed: …"), a `Killing` event ("Container kubia
failed liveness probe, will be restarted"), the container's `restartCount`, `ready` and
`started`, and the Pod's Ready condition.
"""

from __future__ import annotations

from .report import Report, get_or_none

ADVANCE = "advance the clock (c.advance(120))"


def _pod_and_container(report: Report, c, pod: str, namespace: str):
    """The Pod and its first container's spec and status, or Nones (a ✗ line said why)."""
    found = get_or_none(c, "pods", pod, namespace)
    if not report.check(found is not None, f'Pod "{pod}" exists',
                        f'no Pod "{pod}" in namespace "{namespace}" yet'):
        return None, None, None
    spec = found["spec"]["containers"][0]
    status = next((s for s in found.get("status", {}).get("containerStatuses") or []
                   if s.get("name") == spec["name"]), {})
    return found, spec, status


def _events(c, pod: dict, reason: str) -> list[str]:
    """The messages of the Pod's events with `reason` (this Pod: its uid, not its name)."""
    uid = pod["metadata"]["uid"]
    return [e.get("message", "") for e in c.list("events", namespace=pod["metadata"]["namespace"])
            if (e.get("involvedObject") or {}).get("uid") == uid and e.get("reason") == reason]


def _mentions(probe: dict | None, path: str) -> bool:
    """An exec probe whose command looks at `path` (cat, ls, test -e …)."""
    command = ((probe or {}).get("exec") or {}).get("command") or []
    return any(path in word for word in command)


def _ready(pod: dict) -> bool:
    return any(cond.get("type") == "Ready" and cond.get("status") == "True"
               for cond in pod.get("status", {}).get("conditions") or [])


def check_ready_after_file(c, pod: str = "slow-ready", path: str = "/tmp/ready",
                           namespace: str = "default") -> None:
    """Exercise 1: a readiness probe keeps the Pod not Ready until `path` exists."""
    report = Report()
    found, spec, status = _pod_and_container(report, c, pod, namespace)
    if found is None:
        return report.show()
    probe = spec.get("readinessProbe")
    report.check(_mentions(probe, path), f"its readiness probe checks {path} (exec)",
                 f"its readinessProbe is {probe}: want an exec probe that looks at {path} "
                 f"(e.g. command: [cat, {path}])")
    failed = [m for m in _events(c, found, "Unhealthy") if m.startswith("Readiness probe failed")]
    report.check(bool(failed), "it was not ready while the file was missing "
                               f"({failed[0].strip() if failed else ''})",
                 "no failed readiness probe yet: the probe must fail before the file exists")
    report.check(_ready(found), "it is Ready now that the file exists",
                 f"it is not Ready (yet): {ADVANCE}")
    report.check(status.get("restartCount", 0) == 0, "it was never restarted",
                 f"it was restarted {status.get('restartCount')} times: readiness alone "
                 f"never restarts a container (is there a liveness probe failing?)")
    report.show()


def check_hung_container_restarted(c, pod: str = "frozen",
                                   namespace: str = "default") -> None:
    """Exercise 2: a liveness probe that notices a hung process, and the restart it causes."""
    report = Report()
    found, spec, status = _pod_and_container(report, c, pod, namespace)
    if found is None:
        return report.show()
    probe = spec.get("livenessProbe")
    if not report.check(probe is not None, "it has a liveness probe",
                        "it has no livenessProbe: add one to the container"):
        return report.show()
    handler = next((k for k in ("httpGet", "exec", "grpc", "tcpSocket") if probe.get(k)), None)
    report.check(handler in ("httpGet", "exec", "grpc"),
                 f"its {handler} probe asks the process itself",
                 f"a {handler} probe cannot see a hang: the kernel still accepts the "
                 f"connection. Ask the app (httpGet on port 8080)")
    kills = [m for m in _events(c, found, "Killing") if "failed liveness probe" in m]
    report.check(bool(kills), f"the kubelet killed the hung container ({kills[0] if kills else ''})",
                 f"no kill for a failed liveness probe yet: {ADVANCE}")
    report.check(status.get("restartCount", 0) >= 1,
                 f"it was restarted ({status.get('restartCount', 0)} restarts)",
                 f"restartCount is {status.get('restartCount', 0)}: {ADVANCE}")
    report.show()


def check_slow_starter(c, pod: str = "legacy", seconds: int = 90,
                       namespace: str = "default") -> None:
    """Exercise 3: a startup probe gives the app `seconds` to start; it is never restarted."""
    report = Report()
    found, spec, status = _pod_and_container(report, c, pod, namespace)
    if found is None:
        return report.show()
    report.check(spec.get("livenessProbe") is not None, "it keeps its liveness probe",
                 "its livenessProbe is gone: keep it, and make the kubelet wait for the start")
    probe = spec.get("startupProbe")
    if report.check(probe is not None, "it has a startup probe",
                    "it has no startupProbe: add one (it runs before the liveness probe)"):
        budget = (probe.get("initialDelaySeconds", 0)
                  + probe.get("failureThreshold", 3) * probe.get("periodSeconds", 10))
        report.check(budget > seconds, f"the startup probe allows {budget} s to start",
                     f"initialDelaySeconds + failureThreshold × periodSeconds = {budget} s: "
                     f"the app needs {seconds} s")
    report.check(bool(status.get("started")), "the kubelet saw it start (started: true)",
                 f"its container has not started yet: {ADVANCE}")
    report.check(status.get("restartCount", 0) == 0, "it was never restarted",
                 f"it was restarted {status.get('restartCount')} times")
    report.show()
