"""Object metadata the API server owns (apiserver/pkg/registry/rest/create.go, update.go).

On create the server fills the system fields: a fresh `uid`, `creationTimestamp`, a name
from `generateName` plus five random characters, and clears what clients may not set
(`deletionTimestamp`, `resourceVersion`). On update it carries those fields over from the
stored object, so a client can neither forge nor lose them.
"""

from __future__ import annotations

import random
import uuid

# utilrand.String: consonants and digits that cannot spell words (k8s.io/apimachinery/pkg/util/rand).
NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"
GENERATED_SUFFIX_LENGTH = 5
MAX_GENERATED_NAME_LENGTH = 63 - GENERATED_SUFFIX_LENGTH  # names.SimpleNameGenerator


def generate_name(base: str, rng: random.Random) -> str:
    """`web-7d4b9c5f6-` + `x2k9q`: the base is cut so the result stays a valid label."""
    if len(base) > MAX_GENERATED_NAME_LENGTH:
        base = base[:MAX_GENERATED_NAME_LENGTH]
    return base + "".join(rng.choice(NAME_ALPHABET) for _ in range(GENERATED_SUFFIX_LENGTH))


def new_uid(rng: random.Random) -> str:
    """A version-4 UUID drawn from the simulation's seeded randomness."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


# System fields: set by the server, carried over on every update.
SYSTEM_FIELDS = ("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
                 "generation")


def fill_system_fields(metadata: dict, uid: str, timestamp: str) -> None:
    """rest.FillObjectMetaSystemFields, keeping the Go field order of ObjectMeta."""
    for field in ("resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink"):
        metadata.pop(field, None)
    metadata["uid"] = uid
    metadata["creationTimestamp"] = timestamp


def carry_over_system_fields(metadata: dict, old_metadata: dict) -> None:
    for field in SYSTEM_FIELDS:
        if field in old_metadata:
            metadata[field] = old_metadata[field]
        else:
            metadata.pop(field, None)
    metadata["name"] = old_metadata["name"]
    if "namespace" in old_metadata:
        metadata["namespace"] = old_metadata["namespace"]
    if "generateName" in old_metadata:
        metadata.setdefault("generateName", old_metadata["generateName"])


def object_ref(obj: dict) -> str:
    meta = obj.get("metadata", {})
    if meta.get("namespace"):
        return f"{meta['namespace']}/{meta.get('name', '')}"
    return meta.get("name", "")
