"""kubectl rollout history and undo for DaemonSets (pkg/polymorphichelpers/history.go
DaemonSetHistoryViewer, rollback.go DaemonSetRollbacker).

A DaemonSet's history is its ControllerRevisions: each holds the patch
`{"spec":{"template":{…,"$patch":"replace"}}}` that puts one old template back, and a
revision number. History lists them (CHANGE-CAUSE is the revision's
`kubernetes.io/change-cause` annotation, copied from the DaemonSet when the revision was
made); undo sends the chosen revision's patch to the DaemonSet, whose controller then
renumbers that revision to the top and rolls the Pods:

    $ kubectl rollout undo ds/fluentd
    daemonset.apps/fluentd rolled back
"""

from __future__ import annotations

import copy

from ...api import errors
from ...api.selectors import from_label_selector
from ...controllers.history import go_json
from ..errors import KubectlError
from .context import Context
from .rollout import revision_not_found


def controlled_histories(ctx: Context, ds: dict) -> list[dict]:
    """The namespace's ControllerRevisions the DaemonSet controls, oldest first."""
    selector = from_label_selector(ds["spec"].get("selector"))
    uid = ds["metadata"]["uid"]
    return sorted((r for r in ctx.client.list("controllerrevisions", ds["metadata"]["namespace"])
                   if selector.matches(r["metadata"].get("labels"))
                   and any(ref.get("controller") and ref.get("uid") == uid
                           for ref in r["metadata"].get("ownerReferences") or [])),
                  key=lambda r: r.get("revision", 0))


def applied_template(revision: dict) -> dict:
    """applyDaemonSetHistory: the template the revision's patch would put in place."""
    template = copy.deepcopy(((revision.get("data") or {}).get("spec") or {}).get("template")
                             or {})
    template.pop("$patch", None)
    return template


def view_history(ctx: Context, ds: dict, wanted: int) -> str:
    """printHistory over the ControllerRevisions."""
    from .rollout_history import print_history
    history = {r.get("revision", 0): r for r in controlled_histories(ctx, ds)}
    return print_history(history, wanted, applied_template)


def rollback(ctx: Context, ds: dict, to_revision: int, dry_run: str) -> str:
    """DaemonSetRollbacker.Rollback: what follows `daemonset.apps/fluentd ` on success."""
    if to_revision < 0:
        raise KubectlError(f"error: {revision_not_found(to_revision)}")
    history = controlled_histories(ctx, ds)
    if to_revision == 0 and len(history) <= 1:
        raise KubectlError("error: no last revision to roll back to")
    if to_revision == 0:
        chosen = history[-2]   # the newest but one
    else:
        chosen = next((r for r in history if r.get("revision") == to_revision), None)
        if chosen is None:
            raise KubectlError(f"error: {revision_not_found(to_revision)}")
    template = applied_template(chosen)
    if dry_run == "client":
        from .rollout_history import print_template
        return print_template(template)
    current = {"spec": {"template": {**ds["spec"]["template"], "$patch": "replace"}}}
    if go_json(current) == go_json(chosen.get("data")):
        return f"skipped rollback (current template already matches revision {to_revision})"
    # Upstream sends the revision's data as a strategic merge patch; its `$patch: replace`
    # makes it the same as this JSON patch.
    patch = [{"op": "replace", "path": "/spec/template", "value": template}]
    try:
        ctx.client.patch("daemonsets", ds["metadata"]["namespace"], ds["metadata"]["name"],
                         patch, patch_type="json", dry_run=dry_run == "server")
    except errors.ApiError as error:
        raise KubectlError(f"error: failed restoring revision {to_revision}: "
                           f"{error.message}") from None
    return "rolled back"
