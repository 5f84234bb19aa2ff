"""A DaemonSet's ControllerRevisions (pkg/controller/daemon/update.go: constructHistory,
cleanupHistory, snapshot, Match).

Every template the DaemonSet has run is a ControllerRevision named
`<ds>-<pod-template-hash>` (the same FNV hash as a Deployment's ReplicaSets), labelled
`controller-revision-hash`, holding the patch `{"spec":{"template":{…,"$patch":"replace"}}}`
that restores it. The revision whose data equals today's template is current; if none
does, a new one gets the next number, and an old one that matches again (after
`kubectl rollout undo`) is renumbered to the top. Old revisions beyond
revisionHistoryLimit (10) are deleted, oldest first, unless a Pod still runs them.
"""

from __future__ import annotations

import copy
import json

from ...api import errors
from ..controller_utils import controller_ref
from ..deployment.hashing import compute_hash
from ..history import go_json, next_revision, sort_controller_revisions
from .util import REVISION_HASH_LABEL


def get_patch(ds: dict) -> dict:
    """getPatch: the patch that restores this template, keys sorted as Go marshals them."""
    template = dict(ds["spec"].get("template") or {}, **{"$patch": "replace"})
    return json.loads(go_json({"spec": {"template": template}}))


def match(ds: dict, revision: dict) -> bool:
    return go_json(get_patch(ds)) == go_json(revision.get("data"))


def controlled_histories(dsc, ds: dict) -> list[dict]:
    """ClaimControllerRevisions: ours, adopting matching orphans, releasing ours that no
    longer match the selector."""
    selector, uid = dsc.selector(ds), ds["metadata"]["uid"]
    deleting = bool(ds["metadata"].get("deletionTimestamp"))
    claimed = []
    for revision in dsc.revisions.list(ds["metadata"]["namespace"]):
        ref = controller_ref(revision)
        matches = selector.matches(revision["metadata"].get("labels"))
        if ref is not None and ref.get("uid") != uid:
            continue
        if ref is not None and not matches:
            if not deleting:
                dsc.history.release_controller_revision(ds, revision)
            continue
        if ref is None:
            if deleting or not matches or revision["metadata"].get("deletionTimestamp"):
                continue
            revision = dsc.history.adopt_controller_revision(
                ds, (dsc.api_version, dsc.kind), revision)
        claimed.append(revision)
    return claimed


def construct_history(dsc, ds: dict) -> tuple[dict, list[dict]]:
    """(current revision, old revisions), creating or renumbering the current one."""
    current, old = [], []
    for revision in controlled_histories(dsc, ds):
        if REVISION_HASH_LABEL not in (revision["metadata"].get("labels") or {}):
            body = copy.deepcopy(revision)
            body["metadata"].setdefault("labels", {})[REVISION_HASH_LABEL] = \
                body["metadata"]["name"]
            revision = dsc.client.update("controllerrevisions", body)
        (current if match(ds, revision) else old).append(revision)
    revision_number = next_revision(old)
    if not current:
        return snapshot(dsc, ds, revision_number), old
    cur = dedup_cur_histories(dsc, ds, current)
    if cur.get("revision", 0) < revision_number:
        cur = dsc.history.update_controller_revision(cur, revision_number)
    return cur, old


def dedup_cur_histories(dsc, ds: dict, current: list[dict]) -> dict:
    """Several revisions with today's data: keep the highest, relabel Pods to it."""
    if len(current) == 1:
        return current[0]
    keep = sort_controller_revisions(current)[-1]
    keep_hash = keep["metadata"]["labels"][REVISION_HASH_LABEL]
    for pods in (dsc.get_nodes_to_daemon_pods(ds, include_deleted_terminal=True) or {}).values():
        for pod in pods:
            if (pod["metadata"].get("labels") or {}).get(REVISION_HASH_LABEL) != keep_hash:
                dsc.client.patch("pods", pod["metadata"]["namespace"], pod["metadata"]["name"],
                                 {"metadata": {"labels": {REVISION_HASH_LABEL: keep_hash}}})
    for revision in current:
        if revision["metadata"]["name"] != keep["metadata"]["name"]:
            dsc.history.delete_controller_revision(revision)
    return keep


def snapshot(dsc, ds: dict, revision_number: int) -> dict:
    """Store today's template as revision `revision_number`. A name taken by other data
    is a hash collision: bump status.collisionCount and retry (a new hash, a new name)."""
    template = ds["spec"].get("template") or {}
    collision_count = (ds.get("status") or {}).get("collisionCount")
    hash_ = compute_hash(template, collision_count)
    meta = ds["metadata"]
    body = {"apiVersion": "apps/v1", "kind": "ControllerRevision",
            "metadata": {"name": f"{meta['name']}-{hash_}", "namespace": meta["namespace"],
                         "labels": {**((template.get("metadata") or {}).get("labels") or {}),
                                    REVISION_HASH_LABEL: hash_},
                         "annotations": dict(meta.get("annotations") or {}),
                         "ownerReferences": [dsc.controller_ref(ds)]},
            "data": get_patch(ds), "revision": revision_number}
    if not body["metadata"]["annotations"]:
        del body["metadata"]["annotations"]
    try:
        return dsc.client.create("controllerrevisions", body, meta["namespace"])
    except errors.ApiError as error:
        if error.reason != "AlreadyExists":
            raise
        existing = dsc.client.get("controllerrevisions", meta["namespace"],
                                  body["metadata"]["name"])
        if match(ds, existing):
            return existing
        fresh = dsc.client.get(dsc.resource, meta["namespace"], meta["name"])
        if (fresh.get("status") or {}).get("collisionCount") == collision_count:
            fresh.setdefault("status", {})["collisionCount"] = (collision_count or 0) + 1
            dsc.client.update_status(dsc.resource, fresh)
        raise   # retried with the new collisionCount


def cleanup_history(dsc, ds: dict, old: list[dict]) -> None:
    """Delete the oldest revisions beyond revisionHistoryLimit no Pod still runs."""
    to_kill = len(old) - ds["spec"].get("revisionHistoryLimit", 10)
    if to_kill <= 0:
        return
    live = {(p["metadata"].get("labels") or {}).get(REVISION_HASH_LABEL)
            for pods in (dsc.get_nodes_to_daemon_pods(ds, include_deleted_terminal=True)
                         or {}).values() for p in pods}
    for revision in sorted(old, key=lambda r: r.get("revision", 0)):
        if to_kill <= 0:
            break
        if revision["metadata"]["labels"].get(REVISION_HASH_LABEL) in live:
            continue
        dsc.history.delete_controller_revision(revision)
        to_kill -= 1
