"""Checkers for chapter 14's exercises: a Pod from the node's side, through the runtime.

Each checker reads the learner's cluster the two ways an administrator would: the API
server (`c.get`) and a shell on the Pod's node (`c.ssh(node, "sudo crictl …")`), and
prints one ✓ or ✗ line per thing the exercise asks for. Neither changes anything.
"""

from __future__ import annotations

import json

from .report import Report, get_or_none


def _pod(report: Report, c, pod: str, namespace: str) -> dict | None:
    found = get_or_none(c, "pods", pod, namespace)
    report.check(found is not None, f'Pod "{pod}" exists',
                 f'no Pod "{pod}" in namespace "{namespace}" yet')
    return found


def _status(found: dict) -> dict:
    statuses = found.get("status", {}).get("containerStatuses") or [{}]
    return statuses[0]


def check_pinned_pod(c, pod: str = "pinned", namespace: str = "default") -> None:
    """Exercise 1: Pod `pinned` names its image by digest, and runs exactly that content."""
    report = Report()
    found = _pod(report, c, pod, namespace)
    if found is None:
        return report.show()
    image = found["spec"]["containers"][0].get("image", "")
    pinned = "@sha256:" in image
    report.check(pinned, f"its image is pinned by digest ({image.split('@')[0]}@sha256:…)",
                 f"its image is {image!r}: want <repository>@sha256:<digest>")
    status = _status(found)
    report.check("running" in status.get("state", {}), "its container runs",
                 "its container is not running (yet?): advance the clock (c.advance(10))")
    digest = image.split("@", 1)[1] if pinned else ""
    report.check(bool(digest) and status.get("imageID", "").endswith("@" + digest),
                 "the imageID the kubelet reports is that same digest",
                 f"its imageID is {status.get('imageID')!r}: want one ending in @{digest or '…'}")
    report.show()


def check_restarted_container(c, pod: str = "crashy", restarts: int = 2,
                              namespace: str = "default") -> None:
    """Exercise 2: Pod `crashy`'s container crashed and was restarted twice; on its node
    crictl shows the running container's ATTEMPT equal to the restart count."""
    report = Report()
    found = _pod(report, c, pod, namespace)
    if found is None:
        return report.show()
    status = _status(found)
    count = status.get("restartCount", 0)
    report.check(count >= restarts, f"its container restarted {count} times",
                 f"its container restarted {count} times: crash it "
                 f"(c.break_container(\"{pod}\", \"crash\")) until it has {restarts}")
    report.check("running" in status.get("state", {}), "it runs again now",
                 "it is not running now (CrashLoopBackOff?): advance the clock past the "
                 "back-off")
    node, name = found["spec"].get("nodeName"), found["spec"]["containers"][0]["name"]
    listing = c.ssh(node, f"sudo crictl ps --name {name} --namespace {namespace}") \
        if node else ""
    attempts = [line.split() for line in listing.splitlines()[1:]]
    running = [row for row in attempts if row[-2] == pod]   # …, ATTEMPT, POD ID, POD, NS
    report.check(any(row[-4] == str(count) for row in running),
                 f"on {node}, crictl ps shows it running as attempt {count}",
                 f"on {node}, crictl ps shows no running attempt {count} of {name}")
    report.show()


def check_host_network_pod(c, pod: str = "hostnet", namespace: str = "default") -> None:
    """Exercise 3: Pod `hostnet` uses the node's network namespace: no CNI ADD, so its IP
    is the node's, and containerd reports no sandbox address of its own."""
    report = Report()
    found = _pod(report, c, pod, namespace)
    if found is None:
        return report.show()
    report.check(found["spec"].get("hostNetwork") is True, "spec.hostNetwork is true",
                 "spec.hostNetwork is not true")
    node_name = found["spec"].get("nodeName")
    node = get_or_none(c, "nodes", node_name, None) if node_name else None
    addresses = {a["type"]: a["address"] for a in (node or {}).get("status", {})
                 .get("addresses", [])}
    ip = found.get("status", {}).get("podIP")
    report.check(bool(ip) and ip == addresses.get("InternalIP"),
                 f"its IP {ip} is {node_name}'s own address",
                 f"its IP is {ip!r}, not its node's InternalIP {addresses.get('InternalIP')!r}")
    sandbox = c.ssh(node_name, f"sudo crictl pods --name ^{pod}$ --namespace ^{namespace}$ -q")\
        .split() if node_name else []
    network = json.loads(c.ssh(node_name, f"sudo crictl inspectp {sandbox[0]}"))["status"][
        "network"] if sandbox else None
    report.check(network is not None and network["ip"] == "",
                 "crictl inspectp shows no sandbox IP: the CNI plugin was never called",
                 f"crictl inspectp shows the sandbox network {network}")
    report.show()
