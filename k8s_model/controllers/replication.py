"""The ReplicationController controller (pkg/controller/replication).

ReplicationController is the original, core/v1 form of a ReplicaSet. Upstream keeps no
second implementation: it runs the ReplicaSet controller on RCs converted as if they
were an older API version of ReplicaSet. What differs is only what the API differs in:
* the selector is a plain map (`app: web`), matched as `app=web`;
* the Pods' controller ownerReference is `apiVersion: v1, kind: ReplicationController`;
* events come from `replication-controller`;
* an RC's status has no `terminatingReplicas`.
"""

from __future__ import annotations

from ..api.selectors import Selector, from_set
from .replicaset import ReplicaSetController


class ReplicationManager(ReplicaSetController):
    name = "replication-controller"
    kind, api_version, resource = "ReplicationController", "v1", "replicationcontrollers"
    status_terminating_replicas = False

    def selector(self, owner: dict) -> Selector:
        return from_set((owner.get("spec") or {}).get("selector"))
