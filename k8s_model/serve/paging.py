"""Lists in chunks: `?limit=` and `?continue=` (API concepts, "Retrieving large results
sets in chunks"; staging/src/k8s.io/apiserver/pkg/storage/continue.go).

A list with `limit=N` returns at most N items, sorted by their etcd key, and a
`metadata.continue` token when more remain; the next request passes the token back and
gets the next chunk. The token is what the real server hands out — base64url of
`{"v":"meta.k8s.io/v1","rv":<revision of the first chunk>,"start":"<next key>\\x00"}` —
so every chunk reports the first chunk's resourceVersion. `remainingItemCount` is set
only when the list had no selector: with one, the server cannot know the count without
filtering everything (ListMeta's documentation).

Simplification: etcd serves later chunks from the first chunk's revision; the model's
store keeps no snapshots, so a later chunk shows objects as they are now. A learner who
writes between two chunks may see the newer objects.
"""

from __future__ import annotations

import base64
import binascii
import json

from ..api import errors

API_VERSION = "meta.k8s.io/v1"


def encode_continue(start_key: str, revision: int) -> str:
    token = {"v": API_VERSION, "rv": revision, "start": start_key + "\x00"}
    return base64.urlsafe_b64encode(json.dumps(token, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_continue(token: str) -> tuple[str, int]:
    """(the key to start from, the revision of the first chunk)."""
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        if data.get("v") != API_VERSION:
            raise ValueError("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)")
        return data["start"], int(data["rv"])
    except (ValueError, KeyError, TypeError, binascii.Error) as error:
        message = str(error) if str(error).startswith("continue key") else \
            f"continue key is not valid: {error}"
        raise errors.bad_request(message) from None


def _key(entry: dict) -> str:
    meta = entry.get("object", entry).get("metadata", {})
    return f"{meta['namespace']}/{meta['name']}" if meta.get("namespace") else meta.get("name", "")


def paginate(result: dict, query: dict[str, str], selected: bool) -> dict:
    """Cut one chunk out of a whole list (`items`) or Table (`rows`)."""
    field = "rows" if result.get("kind") == "Table" else "items"
    try:
        limit = int(query.get("limit") or 0)
    except ValueError:
        raise errors.bad_request(f'strconv.ParseInt: parsing "{query["limit"]}": invalid syntax') from None
    token = query.get("continue")
    if not token and limit <= 0:
        return result
    entries = result.get(field) or []
    meta = result.setdefault("metadata", {})
    if token:
        start, revision = decode_continue(token)
        entries = [e for e in entries if _key(e) >= start]
        meta["resourceVersion"] = str(revision)
    else:
        revision = int(meta.get("resourceVersion") or 0)
    if 0 < limit < len(entries):
        chunk, rest = entries[:limit], entries[limit:]
        meta["continue"] = encode_continue(_key(chunk[-1]), revision)
        if not selected:
            meta["remainingItemCount"] = len(rest)
        entries = chunk
    result[field] = entries
    return result
