"""The ResourceQuota admission plugin (apiserver/pkg/admission/plugin/resourcequota,
controller.go checkRequest).

Quota is enforced when an object is created (Services and claims also when updated),
not later: the plugin runs last in the validating chain, measures what the request would
add, and refuses it if any matching quota would go over, e.g.

    pods "web-7d4b9-x2x9z" is forbidden: exceeded quota: compute-quota,
    requested: requests.cpu=2, used: requests.cpu=1, limited: requests.cpu=2

Otherwise it raises the quota's `status.used` right away (a write to resourcequotas/status
before the object itself is stored), so two Pods created back to back cannot both take
the last unit. The resource quota controller later recounts and gives back what deleted
objects held. A quota whose status the controller has not filled in yet refuses objects
it would count ("status unknown for quota").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .admission_limitranger import forbidden
from .quota import resources as rl
from .quota.evaluators import evaluator_for, matches
from .resources import ResourceType, by_plural

if TYPE_CHECKING:
    from .server import APIServer

RESOURCE_QUOTAS = by_plural("resourcequotas")


def validate(server: "APIServer", resource: ResourceType, verb: str, obj: dict,
             old: dict | None = None, dry_run: bool = False) -> None:
    evaluator = evaluator_for(resource)
    if evaluator is None or not evaluator.handles(verb):
        return
    namespace = obj["metadata"]["namespace"]
    prefix = RESOURCE_QUOTAS.prefix + namespace + "/"
    quotas = [server.decode(kv) for kv in server.store.range(prefix)]
    for quota in check_request(quotas, resource, obj, old, evaluator, server.sim.now):
        if not dry_run:
            update_quota_status(server, quota)


def check_request(quotas: list[dict], resource: ResourceType, obj: dict, old: dict | None,
                  evaluator, now: float) -> list[dict]:
    """CheckRequest: raise Forbidden if `obj` does not fit; else the quotas whose usage
    it changes, with the new usage in status.used."""
    name = resource.plural
    interesting = []
    for quota in quotas:
        if not matches(evaluator, quota, obj):
            continue
        hard = rl.parse_list(quota["status"].get("hard"))
        restricted = evaluator.matching_resources(hard)
        problem = evaluator.constraints(restricted, obj)
        if problem:
            raise forbidden(name, obj, f"failed quota: {quota['metadata']['name']}: {problem}")
        used = quota["status"].get("used") or {}
        if any(r not in used for r in restricted):
            raise forbidden(name, obj, f"status unknown for quota: {quota['metadata']['name']}, "
                                       f"resources: {','.join(sorted(restricted))}")
        interesting.append(quota)
    delta = evaluator.usage(obj, now)
    negative = rl.is_negative(delta)
    if negative:
        raise forbidden(name, obj, "quota usage is negative for resource(s): " + ",".join(negative))
    if old is not None:  # an update is charged only what it adds
        delta = rl.subtract_with_non_negative_result(delta, evaluator.usage(old, now))
    if rl.is_zero(delta) or not interesting:
        return []
    changed = []
    for quota in interesting:
        hard, used = rl.parse_list(quota["status"]["hard"]), rl.parse_list(quota["status"]["used"])
        requested = rl.mask(delta, hard)
        new_used = rl.add(used, requested)
        allowed, exceeded = rl.less_than_or_equal(rl.mask(new_used, requested), hard)
        if not allowed:
            raise forbidden(name, obj, (
                f"exceeded quota: {quota['metadata']['name']}, "
                f"requested: {rl.pretty_print(rl.mask(requested, exceeded))}, "
                f"used: {rl.pretty_print(rl.mask(used, exceeded))}, "
                f"limited: {rl.pretty_print(rl.mask(hard, exceeded))}"))
        if new_used != used:
            quota["status"]["used"] = rl.format_list(new_used)
            changed.append(quota)
    return changed


def update_quota_status(server: "APIServer", quota: dict) -> None:
    """The apiserver's own loopback request: PUT resourcequotas/<name>/status."""
    from .server import Request

    meta = quota["metadata"]
    server.handle(Request("update", RESOURCE_QUOTAS, meta["namespace"], meta["name"], "status",
                          quota, client="kube-apiserver"))
