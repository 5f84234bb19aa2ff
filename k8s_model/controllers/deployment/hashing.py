"""The pod-template-hash (pkg/controller/controller_utils.go ComputeHash, apimachinery
util/rand SafeEncodeString).

A Deployment's ReplicaSet is named `<deployment>-<hash of its pod template>`, so one
template always maps to one ReplicaSet and a rollback finds the old one again. FNV-32a
gives a uint32 whose decimal digits are mapped to consonants and digits (no vowels, no
accidental words): 2262704881 → "66b6c48dd5". If the name is taken by someone else's
ReplicaSet, status.collisionCount is bumped and hashed in, giving another name.
"""

from __future__ import annotations

import json

ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789"   # k8s.io/apimachinery/pkg/util/rand: no vowels


def safe_encode_string(s: str) -> str:
    """rand.SafeEncodeString: each character to ALPHANUMS[ord % 27], so no bad words."""
    return "".join(ALPHANUMS[ord(ch) % len(ALPHANUMS)] for ch in s)


def fnv32a(data: bytes) -> int:
    h = 0x811C9DC5
    for byte in data:
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def compute_hash(template: dict, collision_count: int | None) -> str:
    """FNV-32a of the pod template, then of collisionCount as 8 little-endian bytes; the
    decimal value SafeEncoded. Upstream hashes Go's spew dump of the struct, which has no
    Python counterpart; the model hashes the template's canonical JSON, so hashes look
    like real ones but differ from what a real cluster gives the same template."""
    data = json.dumps(template, sort_keys=True, separators=(",", ":")).encode()
    if collision_count is not None:
        data += (collision_count & 0xFFFFFFFF).to_bytes(8, "little")
    return safe_encode_string(str(fnv32a(data)))
