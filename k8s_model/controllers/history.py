"""ControllerRevisions: a controller's history of its pod templates
(pkg/controller/history/controller_history.go).

A Deployment remembers old templates in old ReplicaSets. A DaemonSet or StatefulSet has
no such middle layer, so it stores each template it has run as a ControllerRevision
(apps/v1): an immutable `data` blob (for both, the patch `{"spec":{"template":{…,
"$patch":"replace"}}}` that would restore the template) and a `revision` number. The
newest template has the highest number; `kubectl rollout undo` copies an old revision's
data back and the controller renumbers that revision to the top instead of storing a
duplicate.

NewControllerRevision (what a StatefulSet uses) names a revision `<parent>-<hash of
data>`, e.g. `web-6b9d7b6c9f`, and puts the hash in its `controller.kubernetes.io/hash`
label. The hash is FNV-1 (32-bit; not the FNV-1a of the pod-template-hash) over the
data's JSON bytes, then the decimal collision count if given, the uint32's decimal
digits mapped through rand.SafeEncodeString. Go marshals the data map with sorted keys
and no spaces, which `go_json` reproduces, so one template gives one name on every run.
If the name is taken by a revision with other data, the collision count goes up and the
next name is tried. (The DaemonSet controller names its revisions by the
pod-template-hash instead: daemon/revisions.py.)

    revision = new_controller_revision(sts, ("apps/v1", "StatefulSet"), labels, data, 1, 0)
    revision["metadata"]["name"]   # 'web-' + hash_controller_revision(revision, 0)
"""

from __future__ import annotations

import copy
import functools
import json
import re

from ..api import errors
from ..api.selectors import Selector
from ..sim import parse_timestamp
from .controller_utils import controller_ref
from .deployment.hashing import safe_encode_string

CONTROLLER_REVISION_HASH_LABEL = "controller.kubernetes.io/hash"
RESOURCE = "controllerrevisions"


def go_json(value) -> bytes:
    """encoding/json.Marshal of a decoded JSON value: keys sorted, no spaces, UTF-8, and
    Go's HTML-safe escapes of <, > and &."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text.encode()


def fnv32(data: bytes, h: int = 0x811C9DC5) -> int:
    """hash/fnv New32 (FNV-1: multiply, then xor)."""
    for byte in data:
        h = ((h * 0x01000193) & 0xFFFFFFFF) ^ byte
    return h


def hash_controller_revision(revision: dict, probe: int | None) -> str:
    """HashControllerRevision: FNV-1 of the data's bytes and the probe's decimal digits."""
    h = fnv32(go_json(revision.get("data")))
    if probe is not None:
        h = fnv32(str(probe).encode(), h)
    return safe_encode_string(str(h))


def controller_revision_name(prefix: str, hash_: str) -> str:
    """ControllerRevisionName: `prefix-hash`, the prefix cut to 223 bytes (a name is at
    most 253)."""
    return f"{prefix[:223]}-{hash_}"


def new_controller_revision(parent: dict, parent_kind: tuple[str, str],
                            template_labels: dict | None, data: dict, revision: int,
                            collision_count: int | None) -> dict:
    """NewControllerRevision: a revision controlled by `parent` (parent_kind is its
    (apiVersion, kind)), labelled like the pod template plus the hash label."""
    api_version, kind = parent_kind
    cr = {"apiVersion": "apps/v1", "kind": "ControllerRevision",
          "metadata": {"namespace": parent["metadata"].get("namespace"),
                       "labels": dict(template_labels or {}),
                       "ownerReferences": [{"apiVersion": api_version, "kind": kind,
                                            "name": parent["metadata"]["name"],
                                            "uid": parent["metadata"]["uid"],
                                            "controller": True, "blockOwnerDeletion": True}]},
          "data": copy.deepcopy(data), "revision": revision}
    hash_ = hash_controller_revision(cr, collision_count)
    cr["metadata"]["name"] = controller_revision_name(parent["metadata"]["name"], hash_)
    cr["metadata"]["labels"][CONTROLLER_REVISION_HASH_LABEL] = hash_
    return cr


def _int32_label(revision: dict) -> int | None:
    """strconv.ParseInt(label, 10, 32), which a SafeEncoded hash rarely passes."""
    value = (revision["metadata"].get("labels") or {}).get(CONTROLLER_REVISION_HASH_LABEL)
    if value is None or not re.fullmatch(r"[+-]?[0-9]+", value):
        return None
    number = int(value)
    return number if -2**31 <= number < 2**31 else None


def equal_revision(lhs: dict | None, rhs: dict | None) -> bool:
    """EqualRevision: both None, or the same data (hash labels compared first when both
    parse as numbers)."""
    if lhs is None or rhs is None:
        return lhs is rhs
    lhs_hash, rhs_hash = _int32_label(lhs), _int32_label(rhs)
    if lhs_hash is not None and rhs_hash is not None and lhs_hash != rhs_hash:
        return False
    return go_json(lhs.get("data")) == go_json(rhs.get("data"))


def find_equal_revisions(revisions: list[dict], needle: dict) -> list[dict]:
    """FindEqualRevisions: those with needle's data, in their order."""
    return [r for r in revisions if equal_revision(r, needle)]


def _by_revision(a: dict, b: dict) -> int:
    """byRevision.Less: revision, then creationTimestamp, then name."""
    def key(r: dict):
        created = r["metadata"].get("creationTimestamp")
        return (r.get("revision", 0), parse_timestamp(created) if created else float("-inf"),
                r["metadata"].get("name", ""))
    ka, kb = key(a), key(b)
    return -1 if ka < kb else (1 if ka > kb else 0)


def sort_controller_revisions(revisions: list[dict]) -> list[dict]:
    """SortControllerRevisions (sort.Stable), returning the sorted list."""
    return sorted(revisions, key=functools.cmp_to_key(_by_revision))


def next_revision(revisions: list[dict]) -> int:
    """nextRevision / maxRevision+1: one past the highest revision, 1 for none."""
    return max((r.get("revision", 0) for r in revisions), default=0) + 1


class History:
    """history.Interface over the API: list from the shared informer's cache, write
    through the client."""

    def __init__(self, client, informer) -> None:
        self.client, self.informer = client, informer

    def list_controller_revisions(self, parent: dict, selector: Selector) -> list[dict]:
        """Revisions in parent's namespace that match selector and are controlled by
        parent or by nobody (orphans it may adopt)."""
        owned = []
        for revision in self.informer.list(parent["metadata"].get("namespace")):
            if not selector.matches(revision["metadata"].get("labels")):
                continue
            ref = controller_ref(revision)
            if ref is None or ref.get("uid") == parent["metadata"]["uid"]:
                owned.append(revision)
        return owned

    def create_controller_revision(self, parent: dict, revision: dict,
                                   collision_count: int) -> tuple[dict, int]:
        """CreateControllerRevision: try `<parent>-<hash>`; if that name holds other data,
        count a collision and try the next hash. Returns the revision and the collision
        count (the caller stores it in its status.collisionCount)."""
        clone = copy.deepcopy(revision)
        namespace = parent["metadata"].get("namespace")
        while True:
            hash_ = hash_controller_revision(revision, collision_count)
            clone["metadata"]["name"] = controller_revision_name(parent["metadata"]["name"], hash_)
            try:
                return self.client.create(RESOURCE, clone, namespace), collision_count
            except errors.ApiError as error:
                if error.code != 409 or error.reason != "AlreadyExists":
                    raise
            exists = self.client.get(RESOURCE, namespace, clone["metadata"]["name"])
            if go_json(exists.get("data")) == go_json(clone.get("data")):
                return exists, collision_count
            collision_count += 1

    def update_controller_revision(self, revision: dict, new_revision: int) -> dict:
        """UpdateControllerRevision: set `revision`, re-reading and retrying on conflict
        (retry.DefaultBackoff allows 4 attempts)."""
        clone = copy.deepcopy(revision)
        for attempt in range(4):
            if clone.get("revision") == new_revision:
                return clone
            clone["revision"] = new_revision
            try:
                return self.client.update(RESOURCE, clone)
            except errors.ApiError as error:
                if error.code != 409 or attempt == 3:
                    raise
            meta = revision["metadata"]
            clone = copy.deepcopy(self.informer.get(f"{meta['namespace']}/{meta['name']}")
                                  or self.client.get(RESOURCE, meta["namespace"], meta["name"]))
        return clone

    def delete_controller_revision(self, revision: dict) -> None:
        meta = revision["metadata"]
        self.client.delete(RESOURCE, meta["namespace"], meta["name"])

    def adopt_controller_revision(self, parent: dict, parent_kind: tuple[str, str],
                                  revision: dict) -> dict:
        """AdoptControllerRevision: add parent's controllerRef to an orphan."""
        owner = controller_ref(revision)
        if owner is not None:
            raise ValueError(f"attempt to adopt revision owned by {owner}")
        api_version, kind = parent_kind
        ref = {"apiVersion": api_version, "kind": kind, "name": parent["metadata"]["name"],
               "uid": parent["metadata"]["uid"], "controller": True, "blockOwnerDeletion": True}
        return self._patch_owner_references(revision,
                                            (revision["metadata"].get("ownerReferences") or [])
                                            + [ref])

    def release_controller_revision(self, parent: dict, revision: dict) -> dict | None:
        """ReleaseControllerRevision: drop parent's ownerReference; a revision already gone
        or not ours is ignored."""
        refs = [r for r in revision["metadata"].get("ownerReferences") or []
                if r.get("uid") != parent["metadata"]["uid"]]
        try:
            return self._patch_owner_references(revision, refs)
        except errors.ApiError as error:
            if error.code in (404, 422):
                return None
            raise

    def _patch_owner_references(self, revision: dict, refs: list[dict]) -> dict:
        """Upstream patches with the revision's uid as precondition; the model sends its
        resourceVersion, as controller_ref_manager does for Pods."""
        meta = revision["metadata"]
        return self.client.patch(RESOURCE, meta["namespace"], meta["name"], {"metadata": {
            "ownerReferences": refs or None, "resourceVersion": meta["resourceVersion"]}})
