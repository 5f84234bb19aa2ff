"""kubectl's table printing, custom columns and the jsonpath printer.

Every EXPECTED output below was printed by the real kubectl v1.35.2 (`kubectl get …`,
TZ=UTC) talking to a throwaway fake API server that served exactly these objects,
with the Tables built by k8s_model.api.tables at the same virtual `now`. So the
tests pin kubectl's side (tabwriter padding, wide columns, NAMESPACE/LABELS/-L
columns, kind prefixes, blank lines between kinds, the empty message) byte for byte.
"""

import pytest

from k8s_model.api.resources import lookup
from k8s_model.api.tables import convert_to_table
from k8s_model.kubectl.printers import (PrinterError, parse_custom_columns, print_custom_columns,
                                        print_jsonpath, print_table, print_tables)
from k8s_model.kubectl.tabwriter import TabWriter, kubectl_tabwriter
from k8s_model.sim import Simulation

NOW = 3 * 3600 + 125
_ts = Simulation().timestamp


def _meta(name, ns="default", created=0, labels=None, **extra):
    meta = {"name": name, "creationTimestamp": _ts(created), "uid": f"uid-{name}"}
    if ns:
        meta["namespace"] = ns
    if labels:
        meta["labels"] = labels
    meta.update(extra)
    return meta


def _pod(name, ns="default", created=0, labels=None, phase="Running", node="node-1",
         ip="10.244.1.5", statuses=None, conditions=None, **extra):
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": _meta(name, ns, created, labels, **extra),
           "spec": {"containers": [{"name": "app", "image": "nginx:1.25"}]},
           "status": {"phase": phase}}
    if node:
        pod["spec"]["nodeName"] = node
    if ip:
        pod["status"].update(podIP=ip, podIPs=[{"ip": ip}])
    if statuses is not None:
        pod["status"]["containerStatuses"] = statuses
    if conditions is not None:
        pod["status"]["conditions"] = conditions
    return pod


READY = [{"type": "Ready", "status": "True"}]


def _running(restarts=0, last_finished=None):
    status = {"name": "app", "ready": True, "restartCount": restarts,
              "state": {"running": {"startedAt": _ts(10)}}}
    if last_finished is not None:
        status["lastState"] = {"terminated": {"exitCode": 1, "finishedAt": _ts(last_finished)}}
    return status


def _node(name, created=0, ready="True", roles=(), unschedulable=False, ip="192.168.49.2"):
    labels = {"kubernetes.io/hostname": name}
    labels.update({f"node-role.kubernetes.io/{r}": "" for r in roles})
    node = {"apiVersion": "v1", "kind": "Node", "metadata": _meta(name, None, created, labels),
            "spec": {"unschedulable": True} if unschedulable else {},
            "status": {"conditions": [{"type": "Ready", "status": ready}],
                       "addresses": [{"type": "InternalIP", "address": ip}],
                       "nodeInfo": {"kubeletVersion": "v1.35.0", "osImage": "Ubuntu 24.04 LTS",
                                    "kernelVersion": "6.8.0-45-generic",
                                    "containerRuntimeVersion": "containerd://2.0.0"}}}
    return node


OBJECTS = [
    _pod("web-7d4b9c6f5-abcde", labels={"app": "web", "pod-template-hash": "7d4b9c6f5"},
         statuses=[_running(4, NOW - 32)], conditions=READY),
    _pod("crash", created=NOW - 400, labels={"app": "crash"}, conditions=[],
         statuses=[{"name": "app", "ready": False, "restartCount": 7,
                    "state": {"waiting": {"reason": "CrashLoopBackOff"}},
                    "lastState": {"terminated": {"exitCode": 1, "finishedAt": _ts(NOW - 75)}}}]),
    _pod("pending", created=NOW - 5, phase="Pending", node=None, ip=None),
    _pod("bye", created=NOW - 90000, statuses=[_running()], conditions=READY,
         deletionTimestamp=_ts(NOW - 3)),
    _pod("coredns-abc", ns="kube-system", labels={"k8s-app": "kube-dns"}, statuses=[_running()],
         conditions=READY, node="control-plane"),
    _node("control-plane", roles=["control-plane"]),
    _node("node-1", created=60, ip="192.168.49.3"),
    _node("node-2", created=120, ready="False", unschedulable=True, ip="192.168.49.4"),
    {"apiVersion": "v1", "kind": "Service", "metadata": _meta("web", created=100, labels={"app": "web"}),
     "spec": {"type": "NodePort", "clusterIP": "10.96.12.34", "clusterIPs": ["10.96.12.34"],
              "ports": [{"port": 80, "protocol": "TCP", "nodePort": 30080}],
              "selector": {"app": "web"}}},
]


def _get(kinds, namespace="default", all_namespaces=False, names=(), **flags):
    """What `kubectl get` receives: one Table per resource type (or per name)."""
    results = []
    for kind in kinds:
        rt = lookup(kind)
        objs = [o for o in OBJECTS if o["kind"] == rt.kind and
                (all_namespaces or not rt.namespaced or o["metadata"].get("namespace") == namespace)]
        if names:
            for name in names:
                found = [o for o in objs if o["metadata"]["name"] == name]
                results.append((rt, convert_to_table(rt, found, NOW)))
        else:
            results.append((rt, convert_to_table(rt, objs, NOW)))
    return print_tables(results, namespace=namespace, all_namespaces=all_namespaces, **flags)


# (kubectl arguments, keyword arguments of _get)
CASES = [
    ("get pods", dict(kinds=["pods"])),
    ("get pods -o wide", dict(kinds=["pods"], wide=True)),
    ("get pods --show-labels", dict(kinds=["pods"], show_labels=True)),
    ("get pods -L app,pod-template-hash", dict(kinds=["pods"], label_columns=("app", "pod-template-hash"))),
    ("get pods -A", dict(kinds=["pods"], all_namespaces=True)),
    ("get pods --no-headers", dict(kinds=["pods"], no_headers=True)),
    ("get nodes", dict(kinds=["nodes"])),
    ("get nodes -o wide", dict(kinds=["nodes"], wide=True)),
    ("get pods,svc", dict(kinds=["pods", "svc"])),
    ("get svc,pods -A", dict(kinds=["svc", "pods"], all_namespaces=True)),
    ("get pods,nodes", dict(kinds=["pods", "nodes"])),
    ("get pod crash bye", dict(kinds=["pods"], names=["crash", "bye"])),
    ("get svc -o wide", dict(kinds=["svc"], wide=True)),
    ("get pods --show-kind", dict(kinds=["pods"], show_kind=True)),
    ("get pods -n empty", dict(kinds=["pods"], namespace="empty")),
    ("get nodes -n empty", dict(kinds=["nodes"], namespace="empty")),
    ("get pods -n empty -A", dict(kinds=["pods"], namespace="empty", all_namespaces=True)),
]

# BEGIN EXPECTED (kubectl v1.35.2 stdout, stderr)
EXPECTED = {
    'get pods': (
        'NAME                  READY   STATUS             RESTARTS      AGE\n'
        'web-7d4b9c6f5-abcde   1/1     Running            4 (32s ago)   3h2m\n'
        'crash                 0/1     CrashLoopBackOff   7 (75s ago)   6m40s\n'
        'pending               0/1     Pending            0             5s\n'
        'bye                   1/1     Terminating        0             25h\n'
        , ''),
    'get pods -o wide': (
        'NAME                  READY   STATUS             RESTARTS      AGE     IP           NODE     NOMINATED NODE   READINESS GATES\n'
        'web-7d4b9c6f5-abcde   1/1     Running            4 (32s ago)   3h2m    10.244.1.5   node-1   <none>           <none>\n'
        'crash                 0/1     CrashLoopBackOff   7 (75s ago)   6m40s   10.244.1.5   node-1   <none>           <none>\n'
        'pending               0/1     Pending            0             5s      <none>       <none>   <none>           <none>\n'
        'bye                   1/1     Terminating        0             25h     10.244.1.5   node-1   <none>           <none>\n'
        , ''),
    'get pods --show-labels': (
        'NAME                  READY   STATUS             RESTARTS      AGE     LABELS\n'
        'web-7d4b9c6f5-abcde   1/1     Running            4 (32s ago)   3h2m    app=web,pod-template-hash=7d4b9c6f5\n'
        'crash                 0/1     CrashLoopBackOff   7 (75s ago)   6m40s   app=crash\n'
        'pending               0/1     Pending            0             5s      <none>\n'
        'bye                   1/1     Terminating        0             25h     <none>\n'
        , ''),
    'get pods -L app,pod-template-hash': (
        'NAME                  READY   STATUS             RESTARTS      AGE     APP     POD-TEMPLATE-HASH\n'
        'web-7d4b9c6f5-abcde   1/1     Running            4 (32s ago)   3h2m    web     7d4b9c6f5\n'
        'crash                 0/1     CrashLoopBackOff   7 (75s ago)   6m40s   crash   \n'
        'pending               0/1     Pending            0             5s              \n'
        'bye                   1/1     Terminating        0             25h             \n'
        , ''),
    'get pods -A': (
        'NAMESPACE     NAME                  READY   STATUS             RESTARTS      AGE\n'
        'default       web-7d4b9c6f5-abcde   1/1     Running            4 (32s ago)   3h2m\n'
        'default       crash                 0/1     CrashLoopBackOff   7 (75s ago)   6m40s\n'
        'default       pending               0/1     Pending            0             5s\n'
        'default       bye                   1/1     Terminating        0             25h\n'
        'kube-system   coredns-abc           1/1     Running            0             3h2m\n'
        , ''),
    'get pods --no-headers': (
        'web-7d4b9c6f5-abcde   1/1   Running            4 (32s ago)   3h2m\n'
        'crash                 0/1   CrashLoopBackOff   7 (75s ago)   6m40s\n'
        'pending               0/1   Pending            0             5s\n'
        'bye                   1/1   Terminating        0             25h\n'
        , ''),
    'get nodes': (
        'NAME            STATUS                        ROLES           AGE    VERSION\n'
        'control-plane   Ready                         control-plane   3h2m   v1.35.0\n'
        'node-1          Ready                         <none>          3h1m   v1.35.0\n'
        'node-2          NotReady,SchedulingDisabled   <none>          3h     v1.35.0\n'
        , ''),
    'get nodes -o wide': (
        'NAME            STATUS                        ROLES           AGE    VERSION   INTERNAL-IP    EXTERNAL-IP   OS-IMAGE           KERNEL-VERSION     CONTAINER-RUNTIME\n'
        'control-plane   Ready                         control-plane   3h2m   v1.35.0   192.168.49.2   <none>        Ubuntu 24.04 LTS   6.8.0-45-generic   containerd://2.0.0\n'
        'node-1          Ready                         <none>          3h1m   v1.35.0   192.168.49.3   <none>        Ubuntu 24.04 LTS   6.8.0-45-generic   containerd://2.0.0\n'
        'node-2          NotReady,SchedulingDisabled   <none>          3h     v1.35.0   192.168.49.4   <none>        Ubuntu 24.04 LTS   6.8.0-45-generic   containerd://2.0.0\n'
        , ''),
    'get pods,svc': (
        'NAME                      READY   STATUS             RESTARTS      AGE\n'
        'pod/web-7d4b9c6f5-abcde   1/1     Running            4 (32s ago)   3h2m\n'
        'pod/crash                 0/1     CrashLoopBackOff   7 (75s ago)   6m40s\n'
        'pod/pending               0/1     Pending            0             5s\n'
        'pod/bye                   1/1     Terminating        0             25h\n'
        '\n'
        'NAME          TYPE       CLUSTER-IP    EXTERNAL-IP   PORT(S)        AGE\n'
        'service/web   NodePort   10.96.12.34   <none>        80:30080/TCP   3h\n'
        , ''),
    'get svc,pods -A': (
        'NAMESPACE   NAME          TYPE       CLUSTER-IP    EXTERNAL-IP   PORT(S)        AGE\n'
        'default     service/web   NodePort   10.96.12.34   <none>        80:30080/TCP   3h\n'
        '\n'
        'NAMESPACE     NAME                      READY   STATUS             RESTARTS      AGE\n'
        'default       pod/web-7d4b9c6f5-abcde   1/1     Running            4 (32s ago)   3h2m\n'
        'default       pod/crash                 0/1     CrashLoopBackOff   7 (75s ago)   6m40s\n'
        'default       pod/pending               0/1     Pending            0             5s\n'
        'default       pod/bye                   1/1     Terminating        0             25h\n'
        'kube-system   pod/coredns-abc           1/1     Running            0             3h2m\n'
        , ''),
    'get pods,nodes': (
        'NAME                      READY   STATUS             RESTARTS      AGE\n'
        'pod/web-7d4b9c6f5-abcde   1/1     Running            4 (32s ago)   3h2m\n'
        'pod/crash                 0/1     CrashLoopBackOff   7 (75s ago)   6m40s\n'
        'pod/pending               0/1     Pending            0             5s\n'
        'pod/bye                   1/1     Terminating        0             25h\n'
        '\n'
        'NAME                 STATUS                        ROLES           AGE    VERSION\n'
        'node/control-plane   Ready                         control-plane   3h2m   v1.35.0\n'
        'node/node-1          Ready                         <none>          3h1m   v1.35.0\n'
        'node/node-2          NotReady,SchedulingDisabled   <none>          3h     v1.35.0\n'
        , ''),
    'get pod crash bye': (
        'NAME    READY   STATUS             RESTARTS      AGE\n'
        'crash   0/1     CrashLoopBackOff   7 (75s ago)   6m40s\n'
        'bye     1/1     Terminating        0             25h\n'
        , ''),
    'get svc -o wide': (
        'NAME   TYPE       CLUSTER-IP    EXTERNAL-IP   PORT(S)        AGE   SELECTOR\n'
        'web    NodePort   10.96.12.34   <none>        80:30080/TCP   3h    app=web\n'
        , ''),
    'get pods --show-kind': (
        'NAME                      READY   STATUS             RESTARTS      AGE\n'
        'pod/web-7d4b9c6f5-abcde   1/1     Running            4 (32s ago)   3h2m\n'
        'pod/crash                 0/1     CrashLoopBackOff   7 (75s ago)   6m40s\n'
        'pod/pending               0/1     Pending            0             5s\n'
        'pod/bye                   1/1     Terminating        0             25h\n'
        , ''),
    'get pods -n empty': (
        ''
        , 'No resources found in empty namespace.\n'),
    'get nodes -n empty': (
        'NAME            STATUS                        ROLES           AGE    VERSION\n'
        'control-plane   Ready                         control-plane   3h2m   v1.35.0\n'
        'node-1          Ready                         <none>          3h1m   v1.35.0\n'
        'node-2          NotReady,SchedulingDisabled   <none>          3h     v1.35.0\n'
        , ''),
    'get pods -n empty -A': (
        'NAMESPACE     NAME                  READY   STATUS             RESTARTS      AGE\n'
        'default       web-7d4b9c6f5-abcde   1/1     Running            4 (32s ago)   3h2m\n'
        'default       crash                 0/1     CrashLoopBackOff   7 (75s ago)   6m40s\n'
        'default       pending               0/1     Pending            0             5s\n'
        'default       bye                   1/1     Terminating        0             25h\n'
        'kube-system   coredns-abc           1/1     Running            0             3h2m\n'
        , ''),
}
# END EXPECTED


@pytest.mark.parametrize("command,kwargs", CASES, ids=[c[0] for c in CASES])
def test_get_output_matches_kubectl(command, kwargs):
    """`kubectl get` output (stdout and stderr) is byte-identical to kubectl v1.35."""
    out = _get(**kwargs)
    assert (out.stdout, out.stderr) == EXPECTED[command]


def test_print_table_alone():
    """print_table formats one Table with kubectl's tabwriter (minwidth 6, padding 3)."""
    rt = lookup("svc")
    table = convert_to_table(rt, [OBJECTS[-1]], NOW)
    assert print_table(table) == ("NAME   TYPE       CLUSTER-IP    EXTERNAL-IP   PORT(S)        AGE\n"
                                  "web    NodePort   10.96.12.34   <none>        80:30080/TCP   3h\n")


def test_empty_table_prints_nothing():
    """A Table without rows prints not even its headers (printTable)."""
    assert print_table(convert_to_table(lookup("pods"), [], NOW)) == ""


TABWRITER = [
    # (minwidth, padding, flags, input, output) -- Go text/tabwriter semantics
    (0, 2, 0, "a\tbb\tc\naaa\tb\tcc\n", "a    bb  c\naaa  b   cc\n"),
    (6, 3, 0, "A\tB\n1\t2\n", "A     B\n1     2\n"),            # minwidth pads short columns
    (0, 2, 0, "Name:\tx\nLabels:\t\n", "Name:    x\nLabels:  \n"),  # a trailing empty cell is padded
    (0, 2, 0, "a\tb\nno tabs here\nccc\td\n", "a  b\nno tabs here\nccc  d\n"),  # a tabless line ends a block
    (0, 2, 0, "x\ty", "x  y"),                                     # unterminated last line
]


@pytest.mark.parametrize("minwidth,padding,flags,text,expected", TABWRITER)
def test_tabwriter(minwidth, padding, flags, text, expected):
    """Cells are padded to the widest cell of their column block; the last cell never."""
    w = TabWriter(minwidth, 8, padding, flags)
    w.write(text)
    assert w.getvalue() == expected


def test_remember_widths_survive_flush():
    """RememberWidths (kubectl's tabwriter) keeps column widths across flushes."""
    w = kubectl_tabwriter()
    w.write("LONGNAME\tX\n")
    w.flush()
    w.write("a\tb\n")
    assert w.getvalue() == "LONGNAME   X\na          b\n"


CUSTOM = [
    ("NAME:.metadata.name,NODE:.spec.nodeName",
     "NAME                  NODE\nweb-7d4b9c6f5-abcde   node-1\ncrash                 node-1\n"
     "pending               <none>\n"),
    ("N:metadata.name,L:{.metadata.labels}",
     "N                     L\nweb-7d4b9c6f5-abcde   map[app:web pod-template-hash:7d4b9c6f5]\n"
     "crash                 map[app:crash]\npending               <none>\n"),
    ("C:.spec.containers[*].name,R:.status.containerStatuses[*].restartCount",
     "C     R\napp   4\napp   7\napp   <none>\n"),
]


@pytest.mark.parametrize("spec,expected", CUSTOM)
def test_custom_columns(spec, expected):
    """-o custom-columns: relaxed paths, fmt.Sprint values, `<none>` for nothing found."""
    assert print_custom_columns(spec, OBJECTS[:3]) == expected


@pytest.mark.parametrize("spec,message", [
    ("", "custom-columns format specified but no custom columns given"),
    ("NAME", "unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>"),
    ("NAME:{.a}{.b}", "unexpected path string, expected a 'name1.name2' or '.name1.name2' or "
                      "'{name1.name2}' or '{.name1.name2}'"),
])
def test_custom_columns_errors(spec, message):
    """Bad custom-columns specs fail with customcolumn.go's messages."""
    with pytest.raises(PrinterError) as err:
        parse_custom_columns(spec)
    assert str(err.value) == message


def test_jsonpath_parse_error_framing():
    """A bad template fails as kubectl's JSONPathPrintFlags says (trailing newline included)."""
    with pytest.raises(PrinterError) as err:
        print_jsonpath("{.spec.containers[0].name", OBJECTS[0])
    assert str(err.value) == "error parsing jsonpath {.spec.containers[0].name, unclosed action\n"


def test_jsonpath_execute_error_framing():
    """An execution error dumps the template and the object as %#v, as kubectl does."""
    obj = {"apiVersion": "v1", "kind": "ConfigMap", "data": {"k": "v"}, "n": None, "i": 3}
    with pytest.raises(PrinterError) as err:
        print_jsonpath("{.data[0]}", obj)
    assert str(err.value) == (
        'error executing jsonpath "{.data[0]}": Error executing template: map[string]interface {} '
        "is not array or slice. Printing more information for debugging the template:\n"
        "\ttemplate was:\n\t\t{.data[0]}\n"
        "\tobject given to jsonpath engine was:\n"
        '\t\tmap[string]interface {}{"apiVersion":"v1", "data":map[string]interface {}{"k":"v"}, '
        '"i":3, "kind":"ConfigMap", "n":interface {}(nil)}\n\n\n')
