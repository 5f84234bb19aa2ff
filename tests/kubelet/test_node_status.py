"""Heartbeats: the Lease every 10 s, the Node's status on change or every 5 minutes."""

from k8s_model.sim import parse_timestamp


def test_lease_renewed_every_ten_seconds(kc):
    """renewTime is a MicroTime moved every 10 s."""
    kc.advance(25)
    lease = kc.get("leases", "node-1", "kube-node-lease")
    assert lease["spec"]["renewTime"] == "2026-01-01T00:00:20.000000Z"


def test_node_status_reported_every_five_minutes_when_idle(kc):
    """With nothing changing, lastHeartbeatTime moves only every 300 s."""
    kc.advance(1)
    writes = lambda: [r.time for r in kc.trace.filter(client="kubelet/node-1")  # noqa: E731
                      if r.resource == "nodes/status"]
    first = writes()
    kc.advance(650)
    assert writes()[len(first):] == [300.0, 600.0]
    ready = [c for c in kc.get("nodes", "node-1", None)["status"]["conditions"]
             if c["type"] == "Ready"][0]
    assert parse_timestamp(ready["lastHeartbeatTime"]) == 600.0
    assert ready["lastTransitionTime"] == "2026-01-01T00:00:00Z"
