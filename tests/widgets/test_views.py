"""Views: static figures as deterministic PNGs, shown in an Output by assigning outputs."""

import base64

import ipywidgets
import pytest

from k8s_model.trace import TraceRecord
from widgets.views import ClusterGraphView, SequenceDiagramView, TimelineView
from widgets.views.portrayal import default_pod_style, shorten
from widgets.views.sequence import messages, order_participants

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def pod_manifests(count, nodes):
    """`count` Pods bound round-robin to node-1 … node-`nodes` (no scheduler needed)."""
    return "---\n".join(
        f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: app-{i:03d}\nspec:\n"
        f"  nodeName: node-{i % nodes + 1}\n  containers:\n  - name: app\n    image: nginx\n"
        for i in range(count))


def views(cluster):
    mark = cluster.trace.mark()
    cluster.apply(pod_manifests(3, 3))
    cluster.advance(5)
    return {
        "cluster": ClusterGraphView(cluster),
        "sequence": SequenceDiagramView(cluster.trace.since(mark)),
        "timeline": TimelineView({"replicas": [(0, 0), (5, 3)], "ready": [(0, 0), (8, 3)]}),
    }


@pytest.mark.parametrize("name", ["cluster", "sequence", "timeline"])
def test_render_into_assigns_a_png(cluster, name):
    """render_into leaves an image/png display_data (and a text stand-in) in the Output."""
    view = views(cluster)[name]
    out = ipywidgets.Output()
    png = view.render_into(out)
    (output,) = out.outputs
    assert output["output_type"] == "display_data"
    assert base64.b64decode(output["data"]["image/png"]) == png
    assert png.startswith(PNG_SIGNATURE)
    assert output["data"]["text/plain"] == view.description()
    assert view._repr_png_() == png


@pytest.mark.parametrize("name", ["cluster", "sequence", "timeline"])
def test_png_is_deterministic(cluster, name):
    """Two renders of the same view are byte-identical (no software tag, fixed dpi/size)."""
    view = views(cluster)[name]
    assert view.png() == view.png()
    assert b"Software" not in view.png()


def test_same_seed_same_picture():
    """Two clusters built the same way draw the same bytes."""
    from k8s_model import Cluster

    pngs = {ClusterGraphView(_with_pods(Cluster(nodes=2, seed=7))).png() for _ in range(2)}
    assert len(pngs) == 1


def _with_pods(cluster):
    cluster.apply(pod_manifests(4, 2))
    return cluster


def test_cluster_graph_groups_pods_by_node(cluster):
    """Pods sit under spec.nodeName; unbound Pods are in the Pending area ("")."""
    cluster.apply(pod_manifests(3, 3))
    cluster.apply("apiVersion: v1\nkind: Pod\nmetadata:\n  name: loose\nspec:\n"
                  "  containers:\n  - name: app\n    image: nginx\n")
    graph = ClusterGraphView(cluster).graph()
    panels = {d["obj"]["metadata"]["name"]: d["panel"]
              for _, d in graph.nodes(data=True) if d["kind"] == "Pod"}
    # The four control-plane static Pods and CoreDNS's two run on the controlplane node,
    # one kube-proxy on each node.
    add_ons = {p["metadata"]["name"]: p["spec"]["nodeName"]
               for p in cluster.list("pods", "kube-system") if "k8s-app" in p["metadata"]["labels"]}
    assert sorted(add_ons.values()) == ["controlplane"] * 3 + ["node-1", "node-2", "node-3"]
    assert panels == {"app-000": "node-1", "app-001": "node-2", "app-002": "node-3",
                      "loose": "", "etcd-controlplane": "controlplane",
                      "kube-apiserver-controlplane": "controlplane",
                      "kube-controller-manager-controlplane": "controlplane",
                      "kube-scheduler-controlplane": "controlplane", **add_ons}
    assert ClusterGraphView(cluster).description() == (
        "Cluster: 4 nodes (4 Ready), 14 pods (1 not bound to a node)")


def test_teaching_size_renders(tmp_path):
    """10 workers and 100 Pods render into one PNG (looked at by eye: labels readable)."""
    from k8s_model import Cluster

    cluster = Cluster(nodes=10, seed=0)
    cluster.apply(pod_manifests(100, 10))
    view = ClusterGraphView(cluster)
    png = view.png()
    assert png.startswith(PNG_SIGNATURE)
    assert view.description() == "Cluster: 11 nodes (11 Ready), 117 pods (0 not bound to a node)"


POD_STYLE_CASES = [
    # (name, phase, ready, deleting, expected style)
    ("pending", "Pending", None, False, {"color": "#f2b134", "marker": "o", "edgecolor": "#333333"}),
    ("running ready", "Running", "True", False, {"color": "#2e9e44", "marker": "o", "edgecolor": "#333333"}),
    ("running not ready", "Running", "False", False, {"color": "#2e9e44", "marker": "o", "edgecolor": "#b30000"}),
    ("failed", "Failed", "False", False, {"color": "#d0392b", "marker": "o", "edgecolor": "#333333"}),
    ("terminating", "Running", "True", True, {"color": "#2e9e44", "marker": "X", "edgecolor": "#333333"}),
]


@pytest.mark.parametrize("name,phase,ready,deleting,expected", POD_STYLE_CASES,
                         ids=[c[0] for c in POD_STYLE_CASES])
def test_default_pod_style(name, phase, ready, deleting, expected):
    """Phase picks the colour, Ready the rim, deletionTimestamp the X."""
    pod = {"metadata": {"name": "p"}, "status": {"phase": phase}}
    if ready:
        pod["status"]["conditions"] = [{"type": "Ready", "status": ready}]
    if deleting:
        pod["metadata"]["deletionTimestamp"] = "2026-01-01T00:00:30Z"
    assert default_pod_style(pod) == expected


def test_custom_pod_style_is_used(cluster):
    """A chapter's portrayal function decides each Pod's colour and legend."""
    cluster.apply(pod_manifests(2, 2))
    seen = []

    def style(pod):
        seen.append(pod["metadata"]["name"])
        return {"color": "#000000", "marker": "s", "legend": "mine"}

    ClusterGraphView(cluster, pod_style=style).png()
    assert [name for name in seen if name.startswith("app-")] == ["app-000", "app-001"]


def test_shorten_keeps_both_ends():
    """Long names keep their head and their random suffix."""
    assert shorten("web-7d9c8f6b5-x2x9z", 15) == "web-7d9…5-x2x9z"
    assert shorten("web", 15) == "web"


def rec(client, verb, resource, name="x", code=200, target="kube-apiserver", detail="",
        key=""):
    """A trace record; `key` set means the request reached etcd (at revision 7)."""
    return TraceRecord(1.0, client, verb, resource, "default", name, code, target, detail,
                       revision=7 if key else 0, key=key)


MESSAGE_CASES = [
    # (name, record, expected (source, target, label, kind) list)
    ("kubectl create writes etcd",
     rec("kubectl", "create", "deployments.apps", "web", 201,
         key="/registry/deployments/default/web"),
     [("kubectl", "kube-apiserver", "create deployments.apps web", "write"),
      ("kube-apiserver", "etcd", "txn put /registry/deployments/default/web", "etcd")]),
    ("controller grouped under kube-controller-manager",
     rec("kube-controller-manager/replicaset-controller", "create", "pods", "web-1", 201,
         key="/registry/pods/default/web-1"),
     [("kube-controller-manager", "kube-apiserver",
       "[replicaset-controller] create pods web-1", "write"),
      ("kube-apiserver", "etcd", "txn put /registry/pods/default/web-1", "etcd")]),
    ("binding writes the pod key",
     rec("kube-scheduler", "create", "pods/binding", "web-1", 201,
         key="/registry/pods/default/web-1"),
     [("kube-scheduler", "kube-apiserver", "create pods/binding web-1", "write"),
      ("kube-apiserver", "etcd", "txn put /registry/pods/default/web-1", "etcd")]),
    ("failed write: no etcd",
     rec("kubectl", "create", "deployments.apps", "web", 422),
     [("kubectl", "kube-apiserver", "create deployments.apps web → 422", "error")]),
    ("dry run: no etcd",
     rec("kubectl", "create", "pods", "p", 200, detail="dry run"),
     [("kubectl", "kube-apiserver", "create pods p (dry run)", "write")]),
    ("no-op update: nothing reached etcd", rec("kubectl", "update", "configmaps", "c", 200),
     [("kubectl", "kube-apiserver", "update configmaps c", "write")]),
    ("delete", rec("kubectl", "delete", "services", "web", 200,
                   key="/registry/services/specs/default/web"),
     [("kubectl", "kube-apiserver", "delete services web", "write"),
      ("kube-apiserver", "etcd", "txn delete /registry/services/specs/default/web", "etcd")]),
    ("watch is drawn", rec("kube-scheduler", "watch", "pods", None),
     [("kube-scheduler", "kube-apiserver", "watch pods", "read")]),
    ("get is skipped", rec("kubectl", "get", "pods", "p"), []),
    ("lease heartbeat is skipped",
     rec("kubelet/node-1", "update", "leases.coordination.k8s.io", "node-1"), []),
    ("a runtime step", rec("kubelet/node-1", "PullImage", "pods", "p", target="containerd"),
     [("kubelet/node-1", "containerd", "PullImage pods p", "write")]),
]


@pytest.mark.parametrize("name,record,expected", MESSAGE_CASES, ids=[c[0] for c in MESSAGE_CASES])
def test_sequence_messages(name, record, expected):
    """Trace records become arrows; persisted writes add kube-apiserver → etcd."""
    got = [(m.source, m.target, m.label, m.kind) for m in messages([record])]
    assert got == expected


def test_participant_order():
    """Known components left to right, kubelets by node number, then the rest."""
    records = [rec("kubelet/node-10", "patch", "pods/status"), rec("kubelet/node-2", "patch", "pods/status"),
               rec("kube-scheduler", "create", "pods/binding"),
               rec("kubectl", "create", "pods", key="/registry/pods/default/x"),
               rec("kubelet/node-2", "PullImage", "pods", target="containerd")]
    assert order_participants(messages(records)) == [
        "kubectl", "kube-apiserver", "etcd", "kube-scheduler", "kubelet/node-2", "kubelet/node-10",
        "containerd"]


def test_sequence_from_a_real_apply(cluster, deployment_yaml):
    """Applying a Deployment draws kubectl's create and the API server's etcd write."""
    mark = cluster.trace.mark()
    cluster.apply(deployment_yaml)
    view = SequenceDiagramView(cluster.trace.since(mark))
    labels = [(m.source, m.target, m.label) for m in view.messages]
    assert labels[:2] == [
        ("kubectl", "kube-apiserver", "create deployments.apps web"),
        ("kube-apiserver", "etcd", "txn put /registry/deployments/default/web")]


def test_sequence_caps_messages():
    """Past max_messages the rest are counted, not drawn."""
    records = [rec("kubectl", "create", "pods", f"p{i}", 201, key=f"/registry/pods/default/p{i}")
               for i in range(10)]
    view = SequenceDiagramView(records, max_messages=5)
    assert len(view.messages) == 5 and view.hidden == 15
    assert view.description().startswith("Sequence diagram: 5 messages (+15 not drawn)")


def test_timeline_description():
    """The text stand-in names the series and the end time."""
    view = TimelineView({"old": [(0, 3), (10, 0)], "new": [(5, 1)]}, until=20)
    assert view.description() == "Timeline to t=20s: old, new"
