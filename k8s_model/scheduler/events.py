"""The scheduler's event recorder (client-go tools/events, the events.k8s.io API).

Components record Events through the API server like any other object. The scheduler
uses the newer events API: an Event carries `reportingComponent: default-scheduler`,
an `action` ("Binding", "Scheduling") and an `eventTime`, and no `source`. The same event
again (same object, reason, action and message) within six minutes does not create a
new object: its `series` counts up, which `kubectl get events` shows as "(x3 over 2m)".
"""

from __future__ import annotations

from ..api.errors import ApiError

SERIES_WINDOW = 360.0   # an isomorphic event within 6 minutes joins the series


def object_reference(obj: dict) -> dict:
    meta = obj["metadata"]
    ref = {"apiVersion": obj.get("apiVersion", "v1"), "kind": obj.get("kind", "Pod"),
           "name": meta["name"], "namespace": meta.get("namespace"), "uid": meta.get("uid"),
           "resourceVersion": meta.get("resourceVersion")}
    return {k: v for k, v in ref.items() if v is not None}


class EventRecorder:
    def __init__(self, sim, client, component: str, instance: str) -> None:
        self.sim, self.client = sim, client
        self.component, self.instance = component, instance
        self._series: dict[tuple, list] = {}   # isomorphic key -> [name, count, last seen]

    def eventf(self, regarding: dict, related: dict | None, type_: str, reason: str,
               action: str, note: str) -> None:
        meta = regarding["metadata"]
        key = (meta.get("namespace"), meta["name"], meta.get("uid"), reason, action, type_,
               note, (related or {}).get("metadata", {}).get("uid"))
        seen = self._series.get(key)
        try:
            if seen is not None and self.sim.now - seen[2] <= SERIES_WINDOW:
                seen[1] += 1
                seen[2] = self.sim.now
                self.client.patch("events", meta.get("namespace"), seen[0], {"series": {
                    "count": seen[1], "lastObservedTime": self.sim.micro_timestamp()}})
                return
            name = f"{meta['name']}.{self.sim.unix_nanos():x}"
            event = {
                "apiVersion": "v1", "kind": "Event",
                "metadata": {"name": name, "namespace": meta.get("namespace") or "default"},
                "involvedObject": object_reference(regarding),
                "reason": reason, "message": note, "type": type_, "action": action,
                "eventTime": self.sim.micro_timestamp(), "reportingComponent": self.component,
                "reportingInstance": self.instance, "source": {},
            }
            if related is not None:
                event["related"] = object_reference(related)
            self.client.create("events", event)
            self._series[key] = [name, 1, self.sim.now]
        except ApiError:
            pass   # events are best effort, as upstream's broadcaster

