"""Which EndpointSlice writes the controller is still waiting to see
(staging/src/k8s.io/endpointslice/util/endpointslice_tracker.go).

After each create or update the controller remembers the slice's generation; after a
delete, that it expects the deletion. Two uses: watch events for slices at or below the
remembered generation are the controller's own writes coming back and are ignored; and a
sync whose informer cache still shows older generations (or misses a slice it wrote)
stops with "EndpointSlice informer cache is out of date" and retries, instead of acting
on a stale picture and, say, creating a duplicate slice.
"""

from __future__ import annotations

DELETION_EXPECTED = -1


def _service_nn(slice_: dict) -> tuple[str, str]:
    meta = slice_["metadata"]
    return meta.get("namespace", ""), (meta.get("labels") or {}).get(
        "kubernetes.io/service-name", "")


class EndpointSliceTracker:
    def __init__(self) -> None:
        self.generations_by_service: dict[tuple[str, str], dict[str, int]] = {}
        self.services_by_uid: dict[tuple[str, str], str] = {}

    def has(self, slice_: dict) -> bool:
        return slice_["metadata"]["uid"] in self.generations_by_service.get(_service_nn(slice_), {})

    def should_sync(self, slice_: dict) -> bool:
        """True unless this generation (or a newer one) is a write of our own."""
        gfs = self.generations_by_service.get(_service_nn(slice_))
        if gfs is None or slice_["metadata"]["uid"] not in gfs:
            return True
        return slice_["metadata"].get("generation", 0) > gfs[slice_["metadata"]["uid"]]

    def stale_slices(self, service: dict, slices: list[dict]) -> bool:
        meta = service["metadata"]
        nn = (meta.get("namespace", ""), meta["name"])
        tracked_uid = self.services_by_uid.get(nn)
        if tracked_uid and meta.get("uid") and tracked_uid != meta["uid"]:
            self.generations_by_service.pop(nn, None)   # writes for a previous Service
        self.services_by_uid[nn] = meta.get("uid", "")
        gfs = self.generations_by_service.get(nn)
        if gfs is None:
            return False
        provided = {}
        for slice_ in slices:
            uid, generation = slice_["metadata"]["uid"], slice_["metadata"].get("generation", 0)
            provided[uid] = generation
            tracked = gfs.get(uid)
            if tracked is not None and (tracked == DELETION_EXPECTED or tracked > generation):
                return True
        return any(g != DELETION_EXPECTED and uid not in provided for uid, g in gfs.items())

    def update(self, slice_: dict) -> None:
        gfs = self.generations_by_service.setdefault(_service_nn(slice_), {})
        gfs[slice_["metadata"]["uid"]] = slice_["metadata"].get("generation", 0)

    def expect_deletion(self, slice_: dict) -> None:
        self.generations_by_service.setdefault(_service_nn(slice_), {})[
            slice_["metadata"]["uid"]] = DELETION_EXPECTED

    def handle_deletion(self, slice_: dict) -> bool:
        """Forget the slice; True if we expected it to go."""
        gfs = self.generations_by_service.get(_service_nn(slice_))
        if gfs is not None:
            generation = gfs.pop(slice_["metadata"]["uid"], None)
            if generation is not None and generation != DELETION_EXPECTED:
                return False
        return True

    def delete_service(self, namespace: str, name: str) -> None:
        self.generations_by_service.pop((namespace, name), None)
        self.services_by_uid.pop((namespace, name), None)
