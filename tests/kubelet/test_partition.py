"""A kubelet cut off from the API server (Cluster.fail_node) and back (recover_node)."""

from tests.kubelet.conftest import pod_yaml


def api_requests(c, since: float) -> list:
    """What kubelet/node-1 asked the API server after `since` (the kube-apiserver target)."""
    return [r for r in c.trace.filter(client="kubelet/node-1")
            if r.time > since and r.target == "kube-apiserver"]


def test_a_cut_off_kubelet_reaches_nothing_but_keeps_running(kc):
    """No request arrives while cut off — no Lease, no status, no events — and the
    containers run on; back online, the Lease is renewed at the next 10 s tick."""
    kc.apply(pod_yaml("web", "nginx"))
    kc.advance(20)
    kc.fail_node("node-1")
    cut = kc.now
    kc.advance(200)
    assert api_requests(kc, cut) == []
    runtime = kc.kubelet.runtime    # web's container, beside kube-proxy's
    assert [c.state for c in runtime.containers.values()
            if runtime.sandboxes[c.sandbox_id].namespace == "default"] == ["CONTAINER_RUNNING"]
    kc.recover_node("node-1")
    back = kc.now
    kc.advance(10)
    renewals = [r.time for r in api_requests(kc, back) if r.resource == "leases.coordination.k8s.io"
                and r.verb == "update"]
    assert renewals == [230.0]


def test_a_pod_force_deleted_meanwhile_is_cleaned_up_on_recovery(kc):
    """The re-list finds the Pod gone: the kubelet stops its containers and sandbox."""
    kc.apply(pod_yaml("web", "nginx"))
    kc.advance(20)
    kc.fail_node("node-1")
    kc.kubectl("delete pod web --force --grace-period=0")
    kc.advance(30)
    def web_sandboxes():       # kube-proxy's sandbox stays
        return [s for s in kc.kubelet.runtime.sandboxes.values() if s.namespace == "default"]
    assert len(web_sandboxes()) == 1
    kc.recover_node("node-1")
    kc.advance(1)
    assert web_sandboxes() == []


def test_failing_or_recovering_twice_changes_nothing(kc):
    """recover_node on a connected node opens no second watch; fail_node twice is one cut."""
    def pod_watches():
        return sum(1 for w in kc.store._watchers if w.active and w.prefix == "/registry/pods/")
    before = pod_watches()
    kc.recover_node("node-1")
    kc.fail_node("node-1")
    kc.fail_node("node-1")
    assert pod_watches() == before - 1
    kc.recover_node("node-1")
    kc.recover_node("node-1")
    assert pod_watches() == before
