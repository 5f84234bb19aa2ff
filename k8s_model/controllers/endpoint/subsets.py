"""The canonical shape of Endpoints subsets (pkg/api/v1/endpoints/util.go RepackSubsets)
and the 1000-address cap (endpoints_controller.go truncateEndpoints).

The controller first writes one subset per (Pod, port); RepackSubsets then merges them
into the fewest subsets: addresses offering the same ports with the same readiness share
one subset. Three Pods serving port 80, one of them not ready, become one subset:

    addresses: [10.244.1.5, 10.244.2.7]   notReadyAddresses: [10.244.3.2]   ports: [80]

A Pod whose named targetPort does not resolve for one of two ports lands in a second
subset with only the other port. Addresses are sorted by IP (then Pod UID), ports and
subsets by a hash of their content (upstream hashes Go's spew dump; the model canonical
JSON, so multi-port order differs from a real cluster's but is as stable).
"""

from __future__ import annotations

import math

from ..endpointslice.util import deep_hash

MAX_CAPACITY = 1000
TRUNCATED = "truncated"
NO_PORT = {"port": -1}


def _address_key(address: dict) -> tuple[str, str]:
    return address.get("ip", ""), (address.get("targetRef") or {}).get("uid", "")


def _less_key(address: dict) -> tuple:
    """LessEndpointAddress: by IP bytes, then by target UID (no target first)."""
    ref = address.get("targetRef")
    return address.get("ip", "").encode(), ref is not None, (ref or {}).get("uid", "")


def repack_subsets(subsets: list[dict]) -> list[dict]:
    """RepackSubsets: expand to (address, port, ready) and pack again. An address is
    not ready for a port if any subset says so (not ready trumps ready)."""
    all_addresses: dict[tuple, dict] = {}
    # port hash -> (port, {address key: ready})
    port_to_ready: dict[str, tuple[dict, dict[tuple, bool]]] = {}
    for subset in subsets:
        # A headless Service may have no ports: a sentinel port keeps its addresses.
        for port in subset.get("ports") or [NO_PORT]:
            for field, ready in (("addresses", True), ("notReadyAddresses", False)):
                for address in subset.get(field) or []:
                    key = _address_key(address)
                    all_addresses.setdefault(key, dict(address))
                    entry = port_to_ready.setdefault(deep_hash(port), (port, {}))[1]
                    if entry.get(key, True):
                        entry[key] = ready
    groups: dict[str, tuple[dict[tuple, bool], list[dict]]] = {}
    for port, ready_by_address in port_to_ready.values():
        hashed = deep_hash(sorted(([*k, r] for k, r in ready_by_address.items())))
        groups.setdefault(hashed, (ready_by_address, []))[1].append(port)
    final = []
    for ready_by_address, ports in groups.values():
        subset = {}
        ready = [all_addresses[k] for k, r in ready_by_address.items() if r]
        not_ready = [all_addresses[k] for k, r in ready_by_address.items() if not r]
        if ready:
            subset["addresses"] = ready
        if not_ready:
            subset["notReadyAddresses"] = not_ready
        if ports != [NO_PORT]:
            subset["ports"] = ports
        final.append(subset)
    return sort_subsets(final)


def sort_subsets(subsets: list[dict]) -> list[dict]:
    """SortSubsets."""
    for subset in subsets:
        for field in ("addresses", "notReadyAddresses"):
            if field in subset:
                subset[field].sort(key=_less_key)
        subset.get("ports", []).sort(key=deep_hash)
    return sorted(subsets, key=deep_hash)


def truncate_endpoints(subsets: list[dict]) -> bool:
    """truncateEndpoints: keep at most 1000 addresses, ready ones first, each subset
    keeping its share (rounded up). Worked example: 900 ready and 300 not ready in two
    equal subsets: all 900 ready stay, and of the not-ready ones 100 survive, 50 per
    subset (ceil(150/300 * 100))."""
    total_ready = sum(len(s.get("addresses") or []) for s in subsets)
    total_not_ready = sum(len(s.get("notReadyAddresses") or []) for s in subsets)
    if total_ready + total_not_ready <= MAX_CAPACITY:
        return False
    truncate_ready = total_ready > MAX_CAPACITY
    maximum = MAX_CAPACITY if truncate_ready else MAX_CAPACITY - total_ready
    num_total = total_ready if truncate_ready else total_not_ready
    can_be_added = maximum
    for subset in subsets:
        field = "addresses" if truncate_ready else "notReadyAddresses"
        in_subset = len(subset.get(field) or [])
        to_be_added = min(math.ceil(in_subset / num_total * maximum), can_be_added)
        if subset.get(field):
            subset[field] = subset[field][:to_be_added]
        if not subset.get(field):
            subset.pop(field, None)
        if truncate_ready:
            subset.pop("notReadyAddresses", None)
        can_be_added -= len(subset.get(field) or [])
    return True
