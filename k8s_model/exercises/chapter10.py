"""Checkers for chapter 10's exercises: a DaemonSet on the `disk=ssd` nodes, a Job of 6
completions 3 at a time, a CronJob every 5 minutes that forbids overlaps, and a scaled-down
StatefulSet whose claims are kept.

Each reads what the controller itself goes by: the DaemonSet's nodes are those for which
`NodeShouldRunDaemonPod` says yes (the template's nodeSelector, affinity and the daemon
tolerations against each node's labels and taints); a Job is done when its `Complete`
condition is True; a CronJob's schedule is judged by the next times it gives, as the
controller computes them, so `*/5 * * * *` and `0,5,10,…,55 * * * *` are equally right;
a StatefulSet's claims are named `<template>-<set>-<ordinal>`.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from ..controllers.controller_utils import controller_ref, is_pod_ready
from ..controllers.cronjob.utils import Schedule
from ..controllers.daemon.placement import node_should_run_daemon_pod
from ..controllers.job.conditions import condition_true
from .report import Report, get_or_none

ADVANCE = "advance the clock (c.advance(10))"


def _exists(report: Report, c, resource: str, kind: str, name: str, namespace: str):
    found = get_or_none(c, resource, name, namespace)
    report.check(found is not None, f'{kind} "{name}" exists',
                 f'no {kind} "{name}" in namespace "{namespace}" yet')
    return found


def _owned_pods(c, owner: dict, namespace: str) -> list[dict]:
    uid = owner["metadata"]["uid"]
    return [p for p in c.list("pods", namespace) if (controller_ref(p) or {}).get("uid") == uid
            and not p["metadata"].get("deletionTimestamp")]


def _without_label(node: dict, key: str) -> dict:
    """The node as it would be without the label `key` (a copy)."""
    labels = {k: v for k, v in (node["metadata"].get("labels") or {}).items() if k != key}
    return {**node, "metadata": {**node["metadata"], "labels": labels}}


def check_ssd_daemonset(c, name: str = "ssd-monitor", label: str = "disk=ssd",
                        namespace: str = "default") -> None:
    """Exercise 1: a DaemonSet that runs a ready Pod on every `disk=ssd` node and nowhere else."""
    report = Report()
    ds = _exists(report, c, "daemonsets", "DaemonSet", name, namespace)
    if ds is None:
        return report.show()
    key, _, value = label.partition("=")
    nodes = c.list("nodes")
    ssd = sorted(n["metadata"]["name"] for n in nodes
                 if (n["metadata"].get("labels") or {}).get(key) == value)
    report.check(bool(ssd), f"nodes labelled {label}: {', '.join(ssd)}",
                 f"no node is labelled {label} yet (kubectl label node …)")
    chosen = sorted(n["metadata"]["name"] for n in nodes if node_should_run_daemon_pod(n, ds)[0])
    unlabelled_ok = not any(node_should_run_daemon_pod(_without_label(n, key), ds)[0]
                            for n in nodes)
    report.check(unlabelled_ok, f"its template keeps it off nodes without {label}",
                 f"its template would run it on nodes without {label} too: give it a "
                 f"nodeSelector {key}: {value}")
    report.check(chosen == ssd and bool(ssd), f"it should run on exactly {', '.join(ssd)}",
                 f"it should run on {', '.join(chosen) or 'no node'}; the {label} nodes are "
                 f"{', '.join(ssd) or 'none'}")
    placed = {}
    for pod in _owned_pods(c, ds, namespace):
        placed.setdefault(pod["spec"].get("nodeName"), []).append(pod)
    ready = sorted(n for n, ps in placed.items() if n and any(is_pod_ready(p) for p in ps))
    report.check(bool(ssd) and ready == ssd, f"a ready Pod runs on each: {', '.join(ready)}",
                 f"ready Pods run on {', '.join(ready) or 'no node'}: {ADVANCE}")
    stray = sorted(n for n in placed if n and n not in ssd)
    report.check(not stray, "no Pod runs on another node",
                 f"Pods still run on {', '.join(stray)}: {ADVANCE}")
    report.show()


def check_parallel_job(c, name: str = "crunch", completions: int = 6, parallelism: int = 3,
                       namespace: str = "default") -> None:
    """Exercise 2: a Job of 6 completions, 3 Pods at a time, that has completed."""
    report = Report()
    job = _exists(report, c, "jobs", "Job", name, namespace)
    if job is None:
        return report.show()
    spec, status = job.get("spec") or {}, job.get("status") or {}
    report.check(spec.get("completions") == completions, f"it needs {completions} completions",
                 f"it needs {spec.get('completions')} completions: want {completions} "
                 "(a Job's completions cannot change: delete it and create it again)")
    report.check(spec.get("parallelism") == parallelism,
                 f"it runs {parallelism} Pods at a time",
                 f"its parallelism is {spec.get('parallelism')}: want {parallelism}")
    succeeded = status.get("succeeded", 0)
    report.check(condition_true(job, "Complete"),
                 f"it is Complete ({succeeded}/{spec.get('completions')})",
                 "it has failed: look at kubectl describe job" if condition_true(job, "Failed")
                 else f"it is not complete yet ({succeeded}/{spec.get('completions')}): "
                      "advance the clock (c.advance(30))")
    report.show()


def _every_minutes(schedule: str, time_zone: str | None, minutes: int) -> bool:
    """Does the schedule fire exactly every `minutes` minutes (checked over a day)?"""
    try:
        sched = Schedule(schedule, time_zone)
        t = datetime(2026, 1, 1, tzinfo=timezone.utc)
        previous = sched.next(t)
        for _ in range(24 * 60 // minutes):
            following = sched.next(previous)
            if previous is None or following is None or following - previous != \
                    timedelta(minutes=minutes):
                return False
            previous = following
        return True
    except (ValueError, KeyError, TypeError):
        return False


def check_every_five_minutes(c, name: str = "every-five", namespace: str = "default") -> None:
    """Exercise 3: a CronJob every 5 minutes with concurrencyPolicy Forbid that has run."""
    report = Report()
    cj = _exists(report, c, "cronjobs", "CronJob", name, namespace)
    if cj is None:
        return report.show()
    spec = cj.get("spec") or {}
    schedule = spec.get("schedule", "")
    report.check(_every_minutes(schedule, spec.get("timeZone"), 5),
                 f'its schedule "{schedule}" fires every 5 minutes',
                 f'its schedule "{schedule}" does not fire every 5 minutes (try "*/5 * * * *")')
    policy = spec.get("concurrencyPolicy", "Allow")
    report.check(policy == "Forbid", "concurrencyPolicy Forbid: no run starts while one is going",
                 f"concurrencyPolicy is {policy}: want Forbid")
    report.check(not spec.get("suspend"), "it is not suspended", "it is suspended")
    jobs = [j for j in c.list("jobs", namespace)
            if (controller_ref(j) or {}).get("uid") == cj["metadata"]["uid"]]
    newest = max((j["metadata"]["name"] for j in jobs), default="")
    report.check(bool(jobs), f"it has made a Job ({newest})",
                 "it has made no Job yet: advance the clock (c.advance(300))")
    report.show()


def check_claims_kept(c, name: str = "web", template: str = "www", replicas: int = 3,
                      scaled_to: int = 1, namespace: str = "default") -> None:
    """Exercise 4: StatefulSet web scaled from 3 to 1, its claims www-web-1 and -2 still bound."""
    report = Report()
    sts = _exists(report, c, "statefulsets", "StatefulSet", name, namespace)
    if sts is None:
        return report.show()
    spec, status = sts.get("spec") or {}, sts.get("status") or {}
    templates = [t["metadata"]["name"] for t in spec.get("volumeClaimTemplates") or []]
    report.check(template in templates, f'it has the volumeClaimTemplate "{template}"',
                 f'its volumeClaimTemplates are {templates}: want one named "{template}"')
    report.check(spec.get("replicas") == scaled_to, f"it is scaled to {scaled_to}",
                 f"it wants {spec.get('replicas')} replicas: scale it to {scaled_to}")
    running = sorted(p["metadata"]["name"] for p in _owned_pods(c, sts, namespace))
    wanted = [f"{name}-{i}" for i in range(scaled_to)]
    report.check(running == wanted and status.get("readyReplicas", 0) == scaled_to,
                 f"only {', '.join(wanted)} runs, ready",
                 f"its Pods are {', '.join(running) or 'none'} "
                 f"({status.get('readyReplicas', 0)} ready): want only {', '.join(wanted)} "
                 f"ready — {ADVANCE}")
    for ordinal in range(scaled_to, replicas):
        claim_name = f"{template}-{name}-{ordinal}"
        claim = get_or_none(c, "persistentvolumeclaims", claim_name, namespace)
        phase = ((claim or {}).get("status") or {}).get("phase")
        report.check(claim is not None and phase == "Bound" and
                     not claim["metadata"].get("deletionTimestamp"),
                     f"the claim {claim_name} of the Pod that went is kept, Bound",
                     f"the claim {claim_name} is {phase or 'missing'}: scale to {replicas} "
                     f"first, so that {name}-{ordinal} exists, then to {scaled_to}")
    report.show()
