"""The book's table of contents: one list that the index, every chapter's navigation
line and the glossary's links are generated from (`python tools/book.py`), so that a
renamed or added chapter cannot leave a dead link behind (tests/notebooks/test_book.py).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Chapter:
    number: str      # "01" … "15"; "" for the glossary
    file: str
    title: str       # the short title navigation links use
    teaches: str     # one line for the index
    lab: str         # the chapter's lab, "" if it has none

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}" if self.number not in ("", "00") else self.title


CHAPTERS: tuple[Chapter, ...] = (
    Chapter("00", "00_index.ipynb", "Contents",
            "how to run the book, virtual time, `c.kubectl` and the `%kubectl` magic", ""),
    Chapter("01", "01_containers_orchestration.ipynb", "Containers and orchestration",
            "containers, what an orchestrator does, desired state, imperative vs declarative, "
            "objects with `spec` and `status`", ""),
    Chapter("02", "02_cluster_architecture.ipynb", "Cluster architecture",
            "control plane and worker nodes, the components, how a Pod is born step by step",
            "how a Pod is born (sequence diagram)"),
    Chapter("03", "03_etcd_apiserver.ipynb", "etcd and the kube-apiserver",
            "the request pipeline: authentication, authorization, admission, validation, "
            "etcd keys, resourceVersion, watch, conflicts", "the API server pipeline"),
    Chapter("04", "04_controller_manager_failover.ipynb", "Controller manager and failover",
            "reconcile loops, node heartbeats (Leases), the node lifecycle controller's "
            "timings, taint-based eviction, drain", "fail a node (failover timeline)"),
    Chapter("05", "05_scheduler.ipynb", "The kube-scheduler",
            "filter and score, requests, node affinity, taints and tolerations, `nodeName`",
            "ask the scheduler (scores per node)"),
    Chapter("06", "06_pods_labels_namespaces.ipynb", "Pods, labels, namespaces",
            "why Pods, labels, label selectors, annotations, namespaces, ResourceQuota",
            "label-selector playground"),
    Chapter("07", "07_probes_restarts.ipynb", "Probes and restarts",
            "restart back-off, liveness, readiness and startup probes", "break a container"),
    Chapter("08", "08_replicasets.ipynb", "ReplicaSets",
            "ReplicationControllers and ReplicaSets, selectors, adoption, scaling, deletion",
            "break a ReplicaSet"),
    Chapter("09", "09_deployments.ipynb", "Deployments",
            "rolling update, maxSurge and maxUnavailable, history, rollback, Recreate",
            "roll out, stall, undo"),
    Chapter("10", "10_workloads.ipynb", "DaemonSets, Jobs, CronJobs, StatefulSets",
            "one Pod per node, Pods that finish, schedules, stable identity and storage",
            "DaemonSet, Job, CronJob and StatefulSet labs"),
    Chapter("11", "11_services.ipynb", "Services",
            "Service types, ClusterIPs, kube-proxy's iptables and IPVS rules, EndpointSlices, "
            "DNS", "follow a request (routing lab)"),
    Chapter("12", "12_ingress.ipynb", "Ingress",
            "Ingress rules and controllers, host and path matching, IngressClass, TLS",
            "Ingress routing"),
    Chapter("13", "13_kubectl_yaml.ipynb", "kubectl and YAML",
            "exam tips: generating manifests, create vs apply vs replace, reading errors, "
            "`kubectl diff`", "manifest editor"),
    Chapter("14", "14_container_runtimes.ipynb", "Container runtimes",
            "CRI, containerd, CRI-O, the end of dockershim, OCI, `crictl` and `nerdctl`, CNI",
            "runtime call trace"),
    Chapter("15", "15_beyond.ipynb", "Beyond",
            "RBAC, CustomResourceDefinitions, autoscaling (HPA, Cluster Autoscaler, VPA), "
            "cloud and multi-cluster", "HPA lab"),
    Chapter("", "glossary.ipynb", "Glossary",
            "every term of the notes, English and Korean, with the chapter that teaches it", ""),
)

BY_NUMBER = {chapter.number: chapter for chapter in CHAPTERS if chapter.number}


def link(chapter: Chapter, text: str | None = None) -> str:
    return f"[{text or chapter.label}]({chapter.file})"


def navigation(file: str) -> str:
    """The line that ends a chapter: previous · Contents · next."""
    index = [c.file for c in CHAPTERS].index(file)
    parts = []
    if index > 0:
        parts.append(link(CHAPTERS[index - 1], f"← {CHAPTERS[index - 1].label}"))
    if index > 1:   # the index's own line needs no link to itself
        parts.append(link(CHAPTERS[0]))
    if index + 1 < len(CHAPTERS):
        parts.append(link(CHAPTERS[index + 1], f"{CHAPTERS[index + 1].label} →"))
    return "---\n" + " · ".join(parts)


def contents_table() -> str:
    """The index's table of chapters."""
    rows = ["| chapter | what it teaches | lab |", "|---|---|---|"]
    for chapter in CHAPTERS[1:]:
        rows.append(f"| {link(chapter)} | {chapter.teaches} | {chapter.lab or '—'} |")
    return "\n".join(rows)
