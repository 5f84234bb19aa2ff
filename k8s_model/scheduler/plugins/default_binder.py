"""DefaultBinder (plugins/defaultbinder): the decision becomes a `pods/binding` request.

The API server sets spec.nodeName and the PodScheduled condition; the kubelet on that
node sees the pod in its watch and starts it.
"""

from __future__ import annotations

from ...api.errors import ApiError
from ..status import ERROR, Status


class DefaultBinder:
    name = "DefaultBinder"

    def __init__(self, args: dict, handle) -> None:
        self.handle = handle

    def bind(self, state, pod: dict, node_name: str) -> Status | None:
        meta = pod["metadata"]
        try:
            self.handle.client.bind(meta["namespace"], meta["name"], node_name)
        except ApiError as error:
            return Status(ERROR, str(error))
        return None
