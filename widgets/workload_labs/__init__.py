"""The workload labs: four controllers, four ways for Pods to live.

* `DaemonSetLab` — one Pod per node: add a node and the DaemonSet controller gives it
  a Pod at once; fail a node and its Pod stays bound there (the DaemonSet tolerates the
  not-ready and unreachable taints) until the node comes back.
* `JobLab` — Pods that run to completion: completions, parallelism, backoffLimit,
  restartPolicy and a command that succeeds or fails; failed Pods are replaced after
  the Job controller's back-off (10 s, 20 s, 40 s …) until backoffLimit fails the Job.
* `CronJobLab` — a Job per scheduled time across a virtual day: schedule,
  concurrencyPolicy (Allow, Forbid, Replace) and how long each run takes.
* `StatefulSetLab` — Pods with names and disks: `web-0`, `web-1` … come up in order,
  each with its PersistentVolumeClaim `www-web-N`; delete one and it comes back with
  the same name and claim; scale down and the highest ordinal goes first.

Each shows its Pods as lifelines (one row per Pod, coloured by state over virtual
time) and acts only through kubectl.

    lab = JobLab(Cluster(nodes=2)); lab.run(); lab.clock.step(60)
"""

from .base import WorkloadLab
from .cronjob import CronJobLab
from .daemonset import DaemonSetLab
from .job import JobLab
from .statefulset import StatefulSetLab

__all__ = ["WorkloadLab", "DaemonSetLab", "JobLab", "CronJobLab", "StatefulSetLab"]
