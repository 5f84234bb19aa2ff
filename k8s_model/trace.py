"""The trace: a structured record of what every component did, in virtual time.

Each API request becomes one `TraceRecord` — when, who (the client component), the
verb, the resource, the object, the outcome (an HTTP status code, as the API server's
audit log records it) and, when the request reached etcd, the revision and key it
wrote (a no-op update or a dry run writes nothing). Components add their own non-API steps (a kubelet's
CRI calls, a scheduler's decision) with `note`. Sequence diagrams and timelines in
the book are drawn from nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TraceRecord:
    time: float
    client: str  # who acted: "kubectl", "kube-scheduler", "kubelet/node-1" …
    verb: str  # create, get, list, update, patch, delete, watch, or a component step
    resource: str  # "pods", "deployments.apps", "pods/binding" …
    namespace: str | None = None
    name: str | None = None
    code: int = 200  # HTTP status, as in the audit log
    target: str = "kube-apiserver"  # who was asked
    detail: str = ""
    revision: int = 0  # the etcd revision this request wrote, 0 if it wrote nothing
    key: str = ""  # the etcd key it wrote

    @property
    def object_ref(self) -> str:
        if self.namespace and self.name:
            return f"{self.namespace}/{self.name}"
        return self.name or self.namespace or ""

    def __str__(self) -> str:
        ref = f" {self.object_ref}" if self.object_ref else ""
        extra = f" ({self.detail})" if self.detail else ""
        return f"{self.time:8.3f}s {self.client} -> {self.target}: {self.verb} {self.resource}{ref} {self.code}{extra}"


@dataclass
class Trace:
    records: list[TraceRecord] = field(default_factory=list)

    def add(self, record: TraceRecord) -> None:
        self.records.append(record)

    def since(self, index: int) -> list[TraceRecord]:
        return self.records[index:]

    def mark(self) -> int:
        """A bookmark: pass it to `since` to get what happened after it."""
        return len(self.records)

    def filter(self, client: str | None = None, verb: str | None = None,
               resource: str | None = None, include_reads: bool = True) -> list[TraceRecord]:
        out = []
        for r in self.records:
            if client and not r.client.startswith(client):
                continue
            if verb and r.verb != verb:
                continue
            if resource and r.resource != resource:
                continue
            if not include_reads and r.verb in ("get", "list", "watch"):
                continue
            out.append(r)
        return out

    def __len__(self) -> int:
        return len(self.records)

    def __iter__(self):
        return iter(self.records)

    def __getitem__(self, index):
        return self.records[index]
