"""An event recorder (client-go tools/record, core/v1 Events), shared by the kubelet and
kube-controller-manager's controllers.

`recorder.eventf(pod, "Normal", "Pulling", 'Pulling image "nginx"', container="nginx")`
creates an Event named `<pod>.<unix nanoseconds in hex>` whose involvedObject carries
the fieldPath `spec.containers{nginx}` and whose source is `kubelet` on this host.
Controllers record with their own source and no host:
`EventRecorder(sim, client, component="replicaset-controller")` writes
`source: {component: replicaset-controller}` about a ReplicaSet. The EventCorrelator folds
a repeat of the same event (same object, type, reason, message) into the first one:
`count` goes up and `lastTimestamp` moves, which `kubectl describe` prints as
`10s (x3 over 40s)`. (The scheduler uses the newer events.k8s.io API: scheduler/events.py.)
"""

from __future__ import annotations

from .api import errors


class EventRecorder:
    def __init__(self, sim, client, node_name: str | None = None,
                 component: str = "kubelet") -> None:
        self.sim, self.client, self.node_name = sim, client, node_name
        self.component = component
        self._seen: dict[tuple, tuple[str, str, int]] = {}   # key -> (namespace, name, count)

    def _name(self, pod_name: str) -> str:
        return f"{pod_name}.{self.sim.unix_nanos():x}"

    def eventf(self, obj: dict, type_: str, reason: str, message: str,
               container: str | None = None) -> None:
        meta = obj["metadata"]
        field_path = f"spec.containers{{{container}}}" if container else None
        # A cluster-scoped object (a Node) has its events in `default`; a reference may
        # lack a uid (the taint eviction controller's).
        namespace = meta.get("namespace") or "default"
        key = (meta.get("uid"), meta.get("namespace"), meta["name"], field_path, type_, reason,
               message)
        now = self.sim.timestamp()
        seen = self._seen.get(key)
        try:
            if seen:
                namespace, name, count = seen
                self.client.patch("events", namespace, name,
                                  {"count": count + 1, "lastTimestamp": now})
                self._seen[key] = (namespace, name, count + 1)
                return
            involved = {"kind": obj.get("kind", "Pod"), "namespace": meta.get("namespace"),
                        "name": meta["name"], "uid": meta.get("uid"),
                        "apiVersion": obj.get("apiVersion", "v1"),
                        "resourceVersion": meta.get("resourceVersion", "")}
            involved = {k: v for k, v in involved.items() if v is not None}
            if field_path:
                involved["fieldPath"] = field_path
            event = self.client.create("events", {
                "apiVersion": "v1", "kind": "Event",
                "metadata": {"name": self._name(meta["name"]), "namespace": namespace},
                "involvedObject": involved, "reason": reason, "message": message,
                "source": {"component": self.component,
                           **({"host": self.node_name} if self.node_name else {})},
                "firstTimestamp": now, "lastTimestamp": now, "count": 1, "type": type_,
                "reportingComponent": self.component,
                "reportingInstance": self.node_name or ""})
            self._seen[key] = (namespace, event["metadata"]["name"], 1)
        except errors.ApiError:
            # The recorder drops what it cannot write (a namespace being deleted, an
            # event that expired): events are best effort, as in client-go.
            self._seen.pop(key, None)

    def forget(self, uid: str) -> None:
        self._seen = {k: v for k, v in self._seen.items() if k[0] != uid}
