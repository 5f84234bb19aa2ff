"""The resource quota controller (pkg/controller/resourcequota/resource_quota_controller.go
and resource_quota_monitor.go).

Admission charges a quota when an object is created; this controller keeps the books
honest afterwards. `sync_resource_quota` recounts a quota from scratch — list what the
namespace holds, add up each object's usage, mask to the names in `spec.hard` — and
writes `status.hard` and `status.used` only when they changed. It runs for a quota

* when the quota is created or its `spec.hard` changes (a new quota gets its status
  within moments; until then admission refuses what it would count),
* when something it counts is given back: an object deleted, a Pod that finished, a
  Service whose type changed (the quota monitor's replenishment), and
* every 5 minutes for all quotas (`--resource-quota-sync-period`, the full resync).

Example: `requests.cpu: 2` hard, two Pods of 500m running: status.used says 1; delete one
and the next sync says 500m, so the Deployment that was refused can create its Pod.
"""

from __future__ import annotations

from ..api.quota import resources as rl
from ..api.quota.evaluators import REGISTRY, quota_v1_pod, scope_selectors
from .base import Controller, Informer, key_of, split_key

RESOURCE_QUOTA_SYNC_PERIOD = 300.0  # kube-controller-manager --resource-quota-sync-period


class ResourceQuotaController(Controller):
    name = "resourcequota-controller"

    def __init__(self, sim, client, informers: dict[str, Informer]) -> None:
        super().__init__(sim, client)
        self.informers = informers
        self.quotas = informers["resourcequotas"]
        self.quotas.add_handler(self._on_quota_event)
        self.evaluators = [e for e in REGISTRY.values() if e.resource.plural in informers]
        for evaluator in self.evaluators:
            informers[evaluator.resource.plural].add_handler(
                lambda type_, obj, old, e=evaluator: self._on_monitored_event(e, type_, obj, old))
        sim.call_later(RESOURCE_QUOTA_SYNC_PERIOD, self.enqueue_all)

    # -- event handlers: only keys go on the queue ----------------------------------------
    def _on_quota_event(self, type_: str, quota: dict, old: dict | None) -> None:
        # Status updates are this controller's own writes: only a new spec.hard matters.
        if type_ == "MODIFIED" and old is not None and \
                (old.get("spec") or {}).get("hard") == (quota.get("spec") or {}).get("hard"):
            return
        self.enqueue(key_of(quota))

    def _on_monitored_event(self, evaluator, type_: str, obj: dict, old: dict | None) -> None:
        """The quota monitor: what gives usage back. Creations need no recount (admission
        charged them already)."""
        if type_ == "MODIFIED" and old is not None:
            plural, now = evaluator.resource.plural, self.sim.now
            if plural == "pods":
                notify = quota_v1_pod(old, now) and not quota_v1_pod(obj, now)
            elif plural == "services":
                notify = (old.get("spec") or {}).get("type") != (obj.get("spec") or {}).get("type")
            else:
                notify = False
            if not notify:
                return
        elif type_ != "DELETED":
            return
        self.replenish_quota(evaluator, obj["metadata"].get("namespace") or "")

    def replenish_quota(self, evaluator, namespace: str) -> None:
        """Queue the namespace's quotas that track something this resource uses."""
        for quota in self.quotas.list(namespace):
            if evaluator.matching_resources((quota.get("status") or {}).get("hard") or {}):
                self.enqueue(key_of(quota))

    def enqueue_all(self) -> None:
        for quota in self.quotas.list():
            self.enqueue(key_of(quota))
        self.sim.call_later(RESOURCE_QUOTA_SYNC_PERIOD, self.enqueue_all)

    # -- the sync ---------------------------------------------------------------------------
    def reconcile(self, key: str) -> None:
        quota = self.quotas.get(key)
        if quota is None:
            return  # deleted
        self.sync_resource_quota(quota)

    def sync_resource_quota(self, quota: dict) -> None:
        spec_hard = (quota.get("spec") or {}).get("hard") or {}
        status = quota.get("status") or {}
        hard = rl.parse_list(spec_hard)
        used = rl.parse_list(status.get("used"))
        used.update(self.calculate_usage(quota, hard))
        used = rl.mask(used, hard)
        new_status = {"hard": rl.format_list(hard), "used": rl.format_list(used)}
        dirty = (status.get("hard") is None or status.get("used") is None
                 or rl.parse_list(status.get("hard")) != hard
                 or rl.parse_list(status.get("used")) != used)
        if dirty:
            self.client.update_status("resourcequotas", {**quota, "status": new_status})

    def calculate_usage(self, quota: dict, hard: dict) -> dict:
        """quota.CalculateUsage: each evaluator that charges a name in `hard` sums the
        usage of the namespace's objects in the quota's scopes (starting from zero, so an
        unused resource reads `0`)."""
        namespace, _ = split_key(key_of(quota))
        selectors = scope_selectors(quota)
        total: dict = {}
        for evaluator in self.evaluators:
            names = evaluator.matching_resources(hard)
            if not names:
                continue
            usage = {name: rl.ZERO for name in names}
            for obj in self.informers[evaluator.resource.plural].list(namespace):
                if all(evaluator.matches_scope(s, obj) for s in selectors):
                    usage = rl.add(usage, evaluator.usage(obj, self.sim.now))
            total = rl.add(total, rl.mask(usage, names))
        return total
