"""kubectl drain (pkg/cmd/drain, pkg/drain) and the eviction subresource it uses."""

import pytest

from k8s_model import ApiError, Cluster, KubectlError

REPLICASET = """apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      nodeSelector: {kubernetes.io/hostname: node-1}
      containers:
      - name: web
        image: nginx
"""


def bare_pod(name: str, node: str = "node-1", extra: str = "") -> str:
    return (f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n{extra}spec:\n"
            f"  nodeName: {node}\n  containers:\n  - name: app\n    image: nginx\n")


def pods_on(c: Cluster, node: str) -> list[str]:
    return [p["metadata"]["name"] for p in c.list("pods", "default")
            if p["spec"].get("nodeName") == node]


def kube_proxy_on(c: Cluster, node: str) -> str:
    """kubeadm's kube-proxy DaemonSet runs a Pod on every node: drain must be told to
    leave it (--ignore-daemonsets), as on any kubeadm cluster."""
    return next(f"kube-system/{p['metadata']['name']}"
                for p in c.list("pods", "kube-system", "k8s-app=kube-proxy")
                if p["spec"]["nodeName"] == node)


def failure(c: Cluster, command: str) -> KubectlError:
    with pytest.raises(KubectlError) as caught:
        c.kubectl(command)
    return caught.value


@pytest.fixture
def rs_cluster():
    c = Cluster(nodes=2, seed=0)
    c.apply(REPLICASET)
    c.advance(20)
    return c


def test_drain_cordons_evicts_and_waits(rs_cluster):
    """Cordon, one `evicting pod` line each, then `evicted` as each is gone, then drained."""
    c = rs_cluster
    names = sorted(pods_on(c, "node-1"))
    assert len(names) == 2
    assert c.kubectl("drain node-1 --ignore-daemonsets") == "\n".join(
        ["node/node-1 cordoned",
         f"Warning: ignoring DaemonSet-managed Pods: {kube_proxy_on(c, 'node-1')}"]
        + [f"evicting pod default/{n}" for n in names]
        + [f"pod/{n} evicted" for n in names] + ["node/node-1 drained"])
    assert c.get("nodes", "node-1", None)["spec"]["unschedulable"] is True
    assert not set(pods_on(c, "node-1")) & set(names)
    assert "already cordoned" in c.kubectl("drain node-1 --ignore-daemonsets").splitlines()[0]
    error = failure(c, "drain node-1")   # without the flag, kube-proxy's Pod stops it
    assert str(error) == ("cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to "
                          f"ignore): {kube_proxy_on(c, 'node-1')}")


def test_eviction_marks_the_pod_and_deletes_it_gracefully(rs_cluster):
    """POST pods/<name>/eviction: DisruptionTarget EvictionByEvictionAPI, then Terminating."""
    c = rs_cluster
    name = pods_on(c, "node-1")[0]
    c.kubectl_client.evict("default", name)
    pod = c.get("pods", name)
    target = next(x for x in pod["status"]["conditions"] if x["type"] == "DisruptionTarget")
    assert (target["reason"], target["message"]) == ("EvictionByEvictionAPI",
                                                     "Eviction API: evicting")
    assert pod["metadata"]["deletionGracePeriodSeconds"] == 30
    records = [r for r in c.trace.records if r.resource == "pods/eviction"]
    assert [(r.verb, r.code) for r in records] == [("create", 201)]


def test_eviction_errors(rs_cluster):
    """Unknown Pod: NotFound; an Eviction naming another Pod: BadRequest."""
    c = rs_cluster
    with pytest.raises(ApiError) as missing:
        c.kubectl_client.evict("default", "nope")
    assert str(missing.value) == 'Error from server (NotFound): pods "nope" not found'
    name = pods_on(c, "node-1")[0]
    with pytest.raises(ApiError) as mismatch:
        c.kubectl_client._send("create", "pods", "default", name, subresource="eviction",
                               body={"apiVersion": "policy/v1", "kind": "Eviction",
                                     "metadata": {"name": "other"}})
    assert mismatch.value.message == "name in URL does not match name in Eviction object"
    assert "deletionTimestamp" not in c.get("pods", name)["metadata"]


def test_bare_pod_needs_force():
    """A Pod no controller would recreate stops the drain; --force evicts it with a warning."""
    c = Cluster(nodes=2, seed=0)
    c.apply(bare_pod("solo"))
    c.advance(10)
    error = failure(c, "drain node-1 --ignore-daemonsets")
    assert error.output == (
        "node/node-1 cordoned\n"
        'error: unable to drain node "node-1" due to error: cannot delete Pods that declare no '
        "controller (use --force to override): default/solo, continuing command...\n"
        "There are pending nodes to be drained:\n"
        " node-1")
    assert str(error) == ("cannot delete Pods that declare no controller (use --force to "
                          "override): default/solo")
    assert pods_on(c, "node-1") == ["solo"]
    assert c.kubectl("drain node-1 --force --ignore-daemonsets") == (
        "node/node-1 already cordoned\n"
        "Warning: deleting Pods that declare no controller: default/solo; "
        f"ignoring DaemonSet-managed Pods: {kube_proxy_on(c, 'node-1')}\n"
        "evicting pod default/solo\n"
        "pod/solo evicted\n"
        "node/node-1 drained")


def test_daemonset_pods_need_ignore_daemonsets():
    """DaemonSet Pods block the drain; --ignore-daemonsets leaves them where they are."""
    c = Cluster(nodes=2, seed=0)
    c.apply("apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\nspec:\n"
            "  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n"
            "      labels: {app: agent}\n    spec:\n      containers:\n      - name: a\n"
            "        image: nginx\n")
    c.advance(10)
    [agent] = pods_on(c, "node-1")   # made by the DaemonSet controller
    proxy = kube_proxy_on(c, "node-1")
    error = failure(c, "drain node-1")
    assert str(error) == ("cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to "
                          f"ignore): default/{agent}, {proxy}")
    assert c.kubectl("drain node-1 --ignore-daemonsets") == (
        "node/node-1 already cordoned\n"
        f"Warning: ignoring DaemonSet-managed Pods: default/{agent}, {proxy}\n"
        "node/node-1 drained")
    assert pods_on(c, "node-1") == [agent]


def test_emptydir_needs_delete_emptydir_data_and_errors_are_grouped():
    """Two kinds of refusal: both in the `due to error` list and one per line at the end."""
    c = Cluster(nodes=2, seed=0)
    c.apply(REPLICASET.replace("replicas: 2", "replicas: 1").replace(
        "      containers:", "      volumes:\n      - name: tmp\n        emptyDir: {}\n"
                              "      containers:"))
    c.apply(bare_pod("solo"))
    c.advance(10)
    cache = next(n for n in pods_on(c, "node-1") if n.startswith("web-"))
    error = failure(c, "drain node-1 --ignore-daemonsets")
    # Go groups the messages in a map (random order); the model keeps the Pods' order.
    assert str(error) == (
        "cannot delete Pods that declare no controller (use --force to override): default/solo\n"
        "cannot delete Pods with local storage (use --delete-emptydir-data to override): "
        f"default/{cache}")
    assert ("due to error: [cannot delete Pods that declare no controller (use --force to "
            "override): default/solo, cannot delete Pods with local storage (use "
            f"--delete-emptydir-data to override): default/{cache}], continuing command...") \
        in error.output
    assert c.kubectl("drain node-1 --force --delete-emptydir-data --ignore-daemonsets"
                     ).splitlines()[1] == (
        "Warning: deleting Pods that declare no controller: default/solo; ignoring "
        f"DaemonSet-managed Pods: {kube_proxy_on(c, 'node-1')}")


def test_mirror_pods_are_skipped():
    """The control plane's static Pods cannot be evicted through the API: drain skips them
    without a word. CoreDNS's Pods (a Deployment) are evicted; kube-proxy's is ignored."""
    c = Cluster(nodes=1, seed=0)
    coredns = sorted(p["metadata"]["name"]
                     for p in c.list("pods", "kube-system", "k8s-app=kube-dns"))
    assert c.kubectl("drain controlplane --ignore-daemonsets") == "\n".join(
        ["node/controlplane cordoned",
         f"Warning: ignoring DaemonSet-managed Pods: {kube_proxy_on(c, 'controlplane')}"]
        + [f"evicting pod kube-system/{n}" for n in coredns]
        + [f"pod/{n} evicted" for n in coredns] + ["node/controlplane drained"])
    assert len(c.list("pods", "kube-system", "tier=control-plane")) == 4


def test_dry_run_client_changes_nothing(rs_cluster):
    c = rs_cluster
    names = sorted(pods_on(c, "node-1"))
    assert c.kubectl("drain node-1 --dry-run=client --ignore-daemonsets") == "\n".join(
        ["node/node-1 cordoned (dry run)",
         f"Warning: ignoring DaemonSet-managed Pods: {kube_proxy_on(c, 'node-1')}"]
        + [f"evicting pod default/{n} (dry run)" for n in names]
        + ["node/node-1 drained (dry run)"])
    assert "unschedulable" not in c.get("nodes", "node-1", None)["spec"]
    assert sorted(pods_on(c, "node-1")) == names


def test_drain_of_an_unreachable_node_times_out():
    """The kubelet cannot stop the Pod: it stays Terminating and --timeout gives up."""
    c = Cluster(nodes=2, seed=0)
    c.apply(bare_pod("stuck"))
    c.advance(10)
    c.fail_node("node-1")
    error = failure(c, "drain node-1 --force --ignore-daemonsets --timeout=30s")
    message = ('error when waiting for pod "stuck" in namespace "default" to terminate: '
               "global timeout reached: 30s")
    assert str(error) == message
    assert error.output.splitlines()[-6:] == [
        "evicting pod default/stuck",
        f'There are pending pods in node "node-1" when an error occurred: {message}',
        "pod/stuck",
        f'error: unable to drain node "node-1" due to error: {message}, continuing command...',
        "There are pending nodes to be drained:",
        " node-1"]
    assert c.get("pods", "stuck")["metadata"]["deletionTimestamp"]


USAGE_ERRORS = [
    ("drain", "error: USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples"),
    ("drain node-1 -l a=b", "error: cannot specify both a node name and a --selector option\n"
                            "See 'kubectl drain -h' for help and examples"),
    ("drain node-1 --timeout=abc", 'error: invalid argument "abc" for "--timeout" flag: time: '
                                   "invalid duration \"abc\"\nSee 'kubectl drain --help' for "
                                   "usage."),
    ("drain node-1 --pod-selector='a b c'",
     "error: --pod-selector=<pod_selector> must be a valid label selector"),
]


@pytest.mark.parametrize("command,expected", USAGE_ERRORS, ids=[u[0] for u in USAGE_ERRORS])
def test_usage_errors(cluster, command, expected):
    """Messages checked against kubectl v1.35 (they need no cluster)."""
    assert str(failure(cluster, command)) == expected
    assert "unschedulable" not in cluster.get("nodes", "node-1", None)["spec"]


def test_unknown_node(cluster):
    with pytest.raises(ApiError) as caught:
        cluster.kubectl("drain node-9")
    assert str(caught.value) == 'Error from server (NotFound): nodes "node-9" not found'
