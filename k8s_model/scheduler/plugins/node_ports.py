"""NodePorts (plugins/nodeports): two pods cannot bind the same hostPort on one node.

A port conflicts when protocol and port are equal and either host IP is 0.0.0.0 (all
addresses) or the IPs are the same.
"""

from __future__ import annotations

from ..status import SKIP, UNSCHEDULABLE, Status

ERR_REASON = "node(s) didn't have free ports for the requested pod ports"
PRE_FILTER_KEY = "PreFilterNodePorts"


def _conflicts(want: tuple, used: tuple) -> bool:
    (ip, protocol, port), (used_ip, used_protocol, used_port) = want, used
    return (protocol == used_protocol and port == used_port
            and (ip == "0.0.0.0" or used_ip == "0.0.0.0" or ip == used_ip))


class NodePorts:
    name = "NodePorts"
    EVENTS = ("NodeAdd", "AssignedPodDelete")

    def __init__(self, args: dict, handle) -> None:
        pass

    def pre_filter(self, state, pod: dict):
        ports = [(p.get("hostIP") or "0.0.0.0", p.get("protocol") or "TCP", p["hostPort"])
                 for c in pod.get("spec", {}).get("containers") or []
                 for p in c.get("ports") or [] if p.get("hostPort")]
        if not ports:
            return None, Status(SKIP)
        state.write(PRE_FILTER_KEY, ports)
        return None, None

    def filter(self, state, pod: dict, node_info) -> Status | None:
        for want in state.read(PRE_FILTER_KEY) or []:
            if any(_conflicts(want, used) for used in node_info.used_ports):
                return Status(UNSCHEDULABLE, ERR_REASON)
        return None
