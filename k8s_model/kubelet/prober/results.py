"""The probe results cache (pkg/kubelet/prober/results/results_manager.go).

One cache per kind of probe, keyed by container ID: the last result that crossed its
threshold. A worker `set`s; the kubelet reads with `get`. A set that changes the
cached value sends an Update — upstream on a channel the kubelet's sync loop selects
on; here through `on_update`, which the manager delivers on the next turn of the clock.
Results belong to one container ID: a restarted container starts with no result.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

SUCCESS, FAILURE, UNKNOWN = "Success", "Failure", "Unknown"


@dataclass(frozen=True)
class Update:
    container_id: str
    result: str
    pod_uid: str


class ResultsManager:
    def __init__(self, on_update: Callable[[Update], None]) -> None:
        self.cache: dict[str, str] = {}
        self.on_update = on_update

    def get(self, container_id: str) -> str | None:
        return self.cache.get(container_id)

    def set(self, container_id: str, result: str, pod: dict) -> None:
        if self.cache.get(container_id) != result:
            self.cache[container_id] = result
            self.on_update(Update(container_id, result, pod["metadata"]["uid"]))

    def remove(self, container_id: str) -> None:
        self.cache.pop(container_id, None)
