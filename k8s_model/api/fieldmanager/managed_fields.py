"""metadata.managedFields: who set which field, recorded by the API server on every write
(apimachinery/pkg/util/managedfields/internal/: managedfields.go, fieldmanager.go,
managedfieldsupdater.go, stripmeta.go; structured-merge-diff merge/update.go `Update`).

Each entry names a *manager* — the `?fieldManager=` of the request, or else the first
word of its User-Agent (`kubectl/v1.35.0 …` → `kubectl`, `kube-controller-manager/…`) —
the operation (`Update` for create/update/patch, `Apply` for server-side apply), the
apiVersion it wrote with, the subresource (`status`, `scale`) and the fields it owns.

An ordinary write (Update) compares the object before and after: the writer takes every
field it added or changed, and whoever owned a field that changed or went away loses
it. Nothing conflicts — only Apply can refuse (see apply.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import fieldpath
from .fieldpath import Path

MAX_MANAGER_LENGTH = 128   # validation.FieldManagerMaxLength

# Fields nobody owns: identity and bookkeeping the server sets (stripmeta.go).
_STRIPPED_METADATA = ("name", "namespace", "creationTimestamp", "selfLink", "uid",
                      "generation", "managedFields", "resourceVersion")


def manager_name(field_manager: str | None, user_agent: str) -> str:
    """managerOrUserAgent (handlers/rest.go): the request's fieldManager, else the
    User-Agent up to its first `/`, at most 128 characters."""
    if field_manager:
        return field_manager
    return user_agent.split("/")[0][:MAX_MANAGER_LENGTH]


@dataclass
class Entry:
    """One ManagedFieldsEntry, with its FieldsV1 decoded to a set of paths."""

    manager: str
    operation: str                 # Update or Apply
    api_version: str
    subresource: str = ""
    time: str | None = None
    fields: set[Path] = field(default_factory=set)
    raw: dict | None = None   # the FieldsV1 it was read from, reused while fields are unchanged

    @property
    def identity(self) -> tuple:
        """BuildManagerIdentifier: an applier is the same manager whatever apiVersion
        it applies with; an updater is one per apiVersion."""
        version = "" if self.operation == "Apply" else self.api_version
        return (self.manager, self.operation, version, self.subresource)

    def describe(self) -> str:
        """printManager (conflict.go): `"kubectl-scale" with subresource "scale" using apps/v1`."""
        text = f'"{self.manager}"'
        if self.subresource:
            text += f' with subresource "{self.subresource}"'
        if self.operation == "Update":
            text += f" using {self.api_version}"
        return text


def decode(entries: list[dict] | None) -> list[Entry]:
    return [Entry(e.get("manager", ""), e.get("operation", "Update"), e.get("apiVersion", ""),
                  e.get("subresource", ""), e.get("time"), fieldpath.decode(e.get("fieldsV1")),
                  e.get("fieldsV1"))
            for e in entries or [] if isinstance(e, dict)]


def encode(entries: list[Entry]) -> list[dict]:
    """The wire form, sorted as sortEncodedManagedFields does: Apply before Update, then
    by time, manager, apiVersion and subresource. Entries that own nothing are dropped."""
    kept = sorted((e for e in entries if e.fields or e.raw),
                  key=lambda e: (e.operation, e.time or "", e.manager, e.api_version,
                                 e.subresource))
    out = []
    for e in kept:
        entry = {"manager": e.manager, "operation": e.operation, "apiVersion": e.api_version}
        if e.time:
            entry["time"] = e.time
        fields = e.raw if e.raw is not None else fieldpath.encode(e.fields)
        entry |= {"fieldsType": "FieldsV1", "fieldsV1": fields}
        if e.subresource:
            entry["subresource"] = e.subresource
        out.append(entry)
    return out


def owned_view(obj: dict) -> dict:
    """The object without what nobody owns (apiVersion, kind, name, uid …): a shallow
    copy, the parts the comparison walks."""
    view = {k: v for k, v in obj.items() if k not in ("apiVersion", "kind", "metadata")}
    metadata = {k: v for k, v in (obj.get("metadata") or {}).items()
                if k not in _STRIPPED_METADATA}
    if metadata:
        view["metadata"] = metadata
    return view


def find(entries: list[Entry], identity: tuple) -> Entry | None:
    return next((e for e in entries if e.identity == identity), None)


def store(obj: dict, entries: list[Entry]) -> None:
    encoded = encode(entries)
    if encoded:
        obj["metadata"]["managedFields"] = encoded
    else:
        obj["metadata"].pop("managedFields", None)


def track_update(old: dict | None, new: dict, manager: str, api_version: str,
                 subresource: str | None, now: str, schema: dict | None,
                 reset_status: bool = False) -> None:
    """FieldManager.Update: record on `new` who owns what after an ordinary write.
    `old` is None on create (upstream compares with the kind's empty object).
    `reset_status`: a write to the main resource of a kind with a /status subresource
    cannot set status (the strategy's ResetFields), so status is nobody's there."""
    requested = (new.get("metadata") or {}).get("managedFields")
    if requested == [] and not subresource:
        current: list[dict] = []   # an explicit empty list resets the managed fields
    elif requested and not subresource:
        current = requested   # a client may set them itself (decodeLiveOrNew)
    else:
        current = ((old or {}).get("metadata") or {}).get("managedFields") or []
    before, after = owned_view(old or {}), owned_view(new)
    if reset_status:
        before.pop("status", None)
        after.pop("status", None)
    comparison = fieldpath.compare(before, after, schema)
    if comparison.is_same():   # the common case of a controller's no-op: nothing to decode
        if current:
            new["metadata"]["managedFields"] = current
        else:
            new["metadata"].pop("managedFields", None)
        return
    # Whoever owned a changed or removed field loses it; the writer itself keeps what it
    # changed again (upstream merges its "current-operation" into its previous set).
    identity = (manager, "Update", api_version, subresource or "")
    changed, gained = comparison.changed(), comparison.added | comparison.modified
    entries, mine = [], None
    for raw in current:
        entry = Entry(raw.get("manager", ""), raw.get("operation", "Update"),
                      raw.get("apiVersion", ""), raw.get("subresource", ""), raw.get("time"),
                      set(), raw.get("fieldsV1") or {})   # decoded only when it changes
        lost = comparison.removed if entry.identity == identity else changed
        if any(fieldpath.contains(entry.raw, path) for path in lost):
            entry.fields, entry.raw = fieldpath.decode(entry.raw) - lost, None
        if entry.identity == identity:
            mine = entry
        entries.append(entry)
    if gained:
        if mine is None:
            mine = Entry(manager, "Update", api_version, subresource or "")
            entries.append(mine)
        if mine.raw is not None and not all(fieldpath.contains(mine.raw, p) for p in gained):
            mine.fields, mine.raw = fieldpath.decode(mine.raw), None
        if mine.raw is None:
            mine.fields |= gained
        mine.api_version, mine.time = api_version, now
    store(new, entries)
