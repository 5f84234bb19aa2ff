"""The kubelet's link to the API server, and what a node failure does to it.

Everything a kubelet knows of the cluster and says to it goes through one client: the
watch on its Pods, their status, events, the Node's status and its Lease. A crashed
kubelet and a node cut off by the network look the same from the control plane, and
the model makes both the same way: `Cluster.fail_node` cuts the link. Every request then
fails as a dial would time out, and the pod watch is gone — while the containers
already running go on running, unseen. The node lifecycle controller notices the silence
(no Lease renewal) and, after the grace period, marks the node Unknown.
"""

from __future__ import annotations

from ..api import errors
from ..client import Client
from ..nodes import node_ip

# client-go returns a transport error, not a Status from the server; the model's carries
# code 0 so that every "this request failed" path handles it like any other failure.
UNREACHABLE = 0


def unreachable() -> errors.ApiError:
    return errors.ApiError({"kind": "Status", "apiVersion": "v1", "metadata": {},
                            "status": "Failure", "reason": "", "code": UNREACHABLE,
                            "message": f"dial tcp {node_ip(0)}:6443: i/o timeout"})


class NodeClient(Client):
    """The kubelet's client, which a partition can cut (`connected = False`)."""

    connected = True

    @classmethod
    def of(cls, client: Client) -> "NodeClient":
        return cls(client.server, client.agent, client.user)

    def _send(self, verb, resource, namespace=None, name=None, **kwargs):
        if not self.connected:
            raise unreachable()
        return super()._send(verb, resource, namespace, name, **kwargs)
