"""The framework's verdicts: `Status`, `NodeToStatus` and `FitError`
(k8s.io/kube-scheduler/framework/interface.go, pkg/scheduler/framework/types.go).

Every plugin answers with a Status: a code and human reasons. The codes say what the
scheduler may do next: UNSCHEDULABLE means "preemption might help",
UNSCHEDULABLE_AND_UNRESOLVABLE means "no eviction can fix this node", ERROR means a bug
or a failed request. When no node fits, FitError folds every node's reasons into the
message the reader sees in `kubectl describe pod`:

    0/4 nodes are available: 1 node(s) had untolerated taint(s), 3 Insufficient cpu.
"""

from __future__ import annotations

SUCCESS, ERROR, UNSCHEDULABLE, UNSCHEDULABLE_AND_UNRESOLVABLE, WAIT, SKIP, PENDING = range(7)
CODE_NAMES = ("Success", "Error", "Unschedulable", "UnschedulableAndUnresolvable", "Wait",
              "Skip", "Pending")

# FitError's format (framework/types.go).
NO_NODE_AVAILABLE_MSG = "0/{} nodes are available"


class Status:
    """A plugin's answer. `Status(UNSCHEDULABLE, "Insufficient cpu")`; None means success."""

    __slots__ = ("code", "reasons", "plugin")

    def __init__(self, code: int = SUCCESS, *reasons: str, plugin: str = "") -> None:
        self.code, self.reasons, self.plugin = code, list(reasons), plugin

    def message(self) -> str:
        """Status.Message(): the reasons joined by ", "."""
        return ", ".join(self.reasons)

    def is_success(self) -> bool:
        return self.code == SUCCESS

    def is_skip(self) -> bool:
        return self.code == SKIP

    def is_rejected(self) -> bool:
        """Unschedulable, UnschedulableAndUnresolvable or Pending: the pod waits for an event."""
        return self.code in (UNSCHEDULABLE, UNSCHEDULABLE_AND_UNRESOLVABLE, PENDING)

    def with_plugin(self, plugin: str) -> "Status":
        self.plugin = plugin
        return self

    def __repr__(self) -> str:
        return f"Status({CODE_NAMES[self.code]}, {self.reasons!r}, plugin={self.plugin!r})"


def is_success(status: Status | None) -> bool:
    return status is None or status.code == SUCCESS


class NodeToStatus:
    """Per-node failure statuses, with one status for every node not listed (absent)."""

    def __init__(self) -> None:
        self.statuses: dict[str, Status] = {}
        self.absent = Status(UNSCHEDULABLE_AND_UNRESOLVABLE)

    def set(self, node: str, status: Status) -> None:
        self.statuses[node] = status

    def get(self, node: str) -> Status:
        return self.statuses.get(node, self.absent)

    def __len__(self) -> int:
        return len(self.statuses)

    def nodes_for_status_code(self, node_names: list[str], code: int) -> list[str]:
        """NodesForStatusCode: listed nodes with `code`, plus the absent ones if their
        shared status has it."""
        if self.absent.code == code:
            return [n for n in node_names
                    if n not in self.statuses or self.statuses[n].code == code]
        return [n for n in node_names if n in self.statuses and self.statuses[n].code == code]


class Diagnosis:
    def __init__(self) -> None:
        self.node_to_status = NodeToStatus()
        self.unschedulable_plugins: set[str] = set()
        self.pre_filter_msg = ""
        self.post_filter_msg = ""

    def add_plugin_status(self, status: Status) -> None:
        if status.plugin and status.is_rejected():
            self.unschedulable_plugins.add(status.plugin)


class FitError(Exception):
    """No node fits. str() is FitError.Error(): "0/X nodes are available: <PreFilterMsg>.
    <count reason, …>. <PostFilterMsg>" with the reasons counted per node and sorted as
    strings ("1 node(s) had untolerated taint(s)" sorts before "2 Insufficient cpu")."""

    def __init__(self, pod: dict, num_all_nodes: int, diagnosis: Diagnosis) -> None:
        super().__init__()
        self.pod, self.num_all_nodes, self.diagnosis = pod, num_all_nodes, diagnosis

    def __str__(self) -> str:
        d = self.diagnosis
        msg = NO_NODE_AVAILABLE_MSG.format(self.num_all_nodes) + ":"
        if d.pre_filter_msg:
            msg += f" {d.pre_filter_msg}."
        else:
            reasons: dict[str, int] = {}
            for status in d.node_to_status.statuses.values():
                for reason in status.reasons:
                    reasons[reason] = reasons.get(reason, 0) + 1
            absent = self.num_all_nodes - len(d.node_to_status)
            if absent > 0:
                for reason in d.node_to_status.absent.reasons:
                    reasons[reason] = reasons.get(reason, 0) + absent
            histogram = sorted(f"{count} {reason}" for reason, count in reasons.items())
            if histogram:
                msg += f" {', '.join(histogram)}."
        if d.post_filter_msg:
            msg += f" {d.post_filter_msg}"
        return msg
