"""RuntimeCallsView: one node's CRI calls as a sequence diagram, kubelet → containerd → below.

The kubelet drives the container runtime only through the CRI's gRPC calls
(k8s.io/cri-api runtime/v1): the model traces each one as a record with client
`kubelet/<node>` and target `containerd`. What containerd does *inside* a call is drawn
as dashed grey arrows on two more lifelines, derived from the call rather than traced:

* RunPodSandbox: CNI ADD (the network namespace gets the Pod's IP) and runc starting
  the pause container; StopPodSandbox: CNI DEL;
* StartContainer: runc create + start (containerd-shim-runc-v2 runs the OCI runtime on
  the bundle whose config.json CreateContainer wrote); StopContainer: SIGTERM via runc.

ImageStatus (the kubelet asking "is it here?") is a read: dashed. Everything else is a
solid arrow, as SequenceDiagramView draws API requests.
"""

from __future__ import annotations

from .sequence import Message, SequenceDiagramView

CONTAINERD, CNI, RUNC = "containerd", "CNI plugin", "runc (via shim)"
INSIDE = {  # CRI call -> what containerd asks below it: (lifeline, label)
    "RunPodSandbox": ((CNI, "ADD {detail}"), (RUNC, "create + start pause")),
    "StopPodSandbox": ((CNI, "DEL"),),
    "StartContainer": ((RUNC, "create + start {detail}"),),
    "StopContainer": ((RUNC, "kill SIGTERM {name}"),),
}


def wanted(r, node: str | None, pod: tuple[str, str] | None, images: tuple[str, ...]) -> bool:
    """A CRI call of `node`'s kubelet for `pod` (namespace, name); ImageStatus names no
    Pod, only an image: kept if it is one of `images`."""
    if r.target != CONTAINERD or (node and r.client != f"kubelet/{node}"):
        return False
    if pod is None:
        return True
    if r.verb == "ImageStatus":
        return r.detail in images
    return (r.namespace, r.name) == pod


def runtime_messages(records, node: str | None = None, pod: tuple[str, str] | None = None,
                     images: tuple[str, ...] = ()) -> list[Message]:
    """The arrows for the CRI calls among `records` (filtered as `wanted` says)."""
    out = []
    for r in records:
        if not wanted(r, node, pod, images):
            continue
        who = f" {r.name}" if r.name else ""
        label = f"{r.verb}{who}" + (f" ({r.detail})" if r.detail else "")
        kind = "error" if r.code >= 400 else ("read" if r.verb == "ImageStatus" else "write")
        out.append(Message(r.time, r.client, CONTAINERD, label, kind))
        if kind == "error":
            continue
        for lane, template in INSIDE.get(r.verb, ()):
            detail = r.detail.split(" timeout")[0]
            out.append(Message(r.time, CONTAINERD, lane,
                               template.format(detail=detail, name=detail).strip(), "read"))
    return out


class RuntimeCallsView(SequenceDiagramView):
    def __init__(self, records, node: str | None = None, pod: tuple[str, str] | None = None,
                 images: tuple[str, ...] = (), max_messages: int = 60,
                 title: str | None = None) -> None:
        msgs = runtime_messages(list(records), node, pod, images)
        kubelets = sorted({m.source for m in msgs if m.source.startswith("kubelet/")})
        lanes = kubelets or [f"kubelet/{node or 'node'}"]
        self.participants = lanes + [CONTAINERD, CNI, RUNC]
        self.hidden = max(0, len(msgs) - max_messages)
        self.messages = msgs[:max_messages]
        self.title = title or "CRI calls in time order (dashed grey: inside containerd)"

    def description(self) -> str:
        calls = [m.label.split(" ")[0] for m in self.messages if m.target == CONTAINERD]
        more = f" (+{self.hidden} not drawn)" if self.hidden else ""
        return f"Runtime calls: {len(calls)} CRI calls{more}: {', '.join(calls) or 'none'}"
