"""kubectl as chapter 08 uses it on ReplicationControllers and ReplicaSets: `scale -f`,
`delete --cascade` and its deprecated boolean values, `get -L a,b`."""

RC = """\
apiVersion: v1
kind: ReplicationController
metadata:
  name: kubia
spec:
  replicas: 2
  selector:
    app: kubia
  template:
    metadata:
      labels:
        app: kubia
    spec:
      containers:
      - name: kubia
        image: luksa/kubia
"""


def test_scale_by_file_changes_the_cluster_not_the_file(cluster):
    """`kubectl scale --replicas=4 -f rc.yaml` scales the object the file names."""
    cluster.apply(RC)
    assert cluster.kubectl("scale --replicas=4 -f -", stdin=RC) == \
        "replicationcontroller/kubia scaled"
    assert cluster.get("replicationcontrollers", "kubia")["spec"]["replicas"] == 4


def test_cascade_false_still_orphans_with_kubectls_warning(cluster):
    """--cascade=false works as orphan, with the warning kubectl v1.35 prints (checked
    against /usr/local/bin/kubectl: delete_flags.go GetCascadingStrategy)."""
    cluster.apply(RC)
    cluster.advance(5)
    out = cluster.kubectl("delete rc kubia --cascade=false")
    assert out.splitlines() == [
        "warning: --cascade=false is deprecated (boolean value) and can be replaced with "
        "--cascade=orphan.",
        'replicationcontroller "kubia" deleted from default namespace']
    cluster.advance(1)
    pods = cluster.list("pods", "default")
    assert len(pods) == 2 and all("ownerReferences" not in p["metadata"] for p in pods)


def test_cascade_orphan_prints_no_warning(cluster):
    cluster.apply(RC)
    assert cluster.kubectl("delete rc kubia --cascade=orphan") == \
        'replicationcontroller "kubia" deleted from default namespace'


def test_label_columns_split_on_commas(cluster):
    """-L app,tier is two columns, like -L app -L tier (a pflag string slice)."""
    cluster.kubectl("run a --image=nginx --labels=app=x,tier=y")
    header = cluster.kubectl("get pods -L app,tier -L zone").splitlines()[0]
    assert header.split()[-3:] == ["APP", "TIER", "ZONE"]
