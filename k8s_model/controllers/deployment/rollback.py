"""Rollback by annotation (pkg/controller/deployment/rollback.go).

apps/v1 has no `spec.rollbackTo`; `kubectl rollout undo` copies the old ReplicaSet's
template into the Deployment itself. The controller keeps only the path for the
annotation extensions/v1beta1's field converts to: copy the template of the ReplicaSet
with that revision (0: the previous one) into the spec, then drop the annotation.
"""

from __future__ import annotations

import copy

from . import util
from .sync import get_all_replica_sets_and_sync_revision


def rollback(dc, d: dict, rs_list: list[dict]) -> None:
    new, all_olds = get_all_replica_sets_and_sync_revision(dc, d, rs_list, True)
    to = util.get_rollback_to(d)
    if to == 0:
        to = last_revision(all_olds + [new])
        if to == 0:
            dc.recorder.eventf(d, "Warning", "DeploymentRollbackRevisionNotFound",
                               "Unable to find last revision.")
            return update_deployment_and_clear_rollback_to(dc, d)
    for rs in all_olds + [new]:
        if rs is not None and util.revision(rs) == to:
            if not rollback_to_template(d, rs):
                dc.recorder.eventf(d, "Warning", "DeploymentRollbackTemplateUnchanged",
                                   f'The rollback revision contains the same template as current '
                                   f'deployment "{d["metadata"]["name"]}"')
            else:
                name = d["metadata"]["name"]
                dc.recorder.eventf(d, "Normal", "DeploymentRollback",
                                   f'Rolled back deployment "{name}" to revision {to}')
            return update_deployment_and_clear_rollback_to(dc, d)
    dc.recorder.eventf(d, "Warning", "DeploymentRollbackRevisionNotFound",
                       "Unable to find the revision to rollback to.")
    return update_deployment_and_clear_rollback_to(dc, d)


def rollback_to_template(d: dict, rs: dict) -> bool:
    if util.equal_ignore_hash(d["spec"]["template"], rs["spec"]["template"]):
        return False
    template = copy.deepcopy(rs["spec"]["template"])
    template["metadata"].get("labels", {}).pop(util.POD_TEMPLATE_HASH, None)
    d["spec"]["template"] = template
    annotations = d["metadata"].setdefault("annotations", {})
    for key, value in (rs["metadata"].get("annotations") or {}).items():
        if key not in util.ANNOTATIONS_TO_SKIP:
            annotations[key] = value
    return True


def last_revision(sets: list) -> int:
    """The second-highest revision."""
    revisions = sorted({util.revision(rs) for rs in sets if rs is not None}, reverse=True)
    return revisions[1] if len(revisions) > 1 else 0


def update_deployment_and_clear_rollback_to(dc, d: dict) -> None:
    d["metadata"].get("annotations", {}).pop(util.ROLLBACK_TO, None)
    dc.client.update("deployments", d)
