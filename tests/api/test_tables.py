"""The API server's Tables: printers.go's columns and cells for each kind.

Expected cells follow pkg/printers/internalversion/printers.go (the function named
in each group's comment); the column layout was checked against real kubectl v1.35.2
printing these Tables (see tests/kubectl/test_printers.py).
"""

import pytest

from k8s_model.api.resources import by_plural, lookup
from k8s_model.api.tables import convert_to_table
from k8s_model.sim import Simulation

NOW = 10_000.0
ts = Simulation().timestamp


def cells(kind: str, obj: dict, now: float = NOW) -> list:
    obj.setdefault("metadata", {}).setdefault("name", "x")
    obj["metadata"].setdefault("creationTimestamp", ts(NOW - 300))
    return convert_to_table(lookup(kind), [obj], now)["rows"][0]["cells"]


def pod(containers=1, statuses=None, init=None, init_statuses=None, phase="Running",
        conditions=None, **meta):
    spec = {"containers": [{"name": f"c{i}", "image": "nginx"} for i in range(containers)]}
    if init is not None:
        spec["initContainers"] = init
    status = {"phase": phase, "containerStatuses": statuses or []}
    if init_statuses is not None:
        status["initContainerStatuses"] = init_statuses
    if conditions is not None:
        status["conditions"] = conditions
    return {"metadata": {"name": "p", **meta}, "spec": spec, "status": status}


def running(ready=True, restarts=0, finished=None):
    s = {"ready": ready, "restartCount": restarts, "state": {"running": {"startedAt": ts(0)}}}
    if finished is not None:
        s["lastState"] = {"terminated": {"exitCode": 1, "finishedAt": ts(finished)}}
    return s


def waiting(reason):
    return {"ready": False, "restartCount": 0, "state": {"waiting": {"reason": reason}}}


def terminated(reason="", code=0, signal=0):
    return {"ready": False, "restartCount": 0,
            "state": {"terminated": {"reason": reason, "exitCode": code, "signal": signal}}}


READY = [{"type": "Ready", "status": "True"}]

# printPod: (name, pod, READY, STATUS, RESTARTS)
PODS = [
    ("running", pod(statuses=[running()], conditions=READY), "1/1", "Running", "0"),
    ("restarts with age of last restart", pod(statuses=[running(restarts=4, finished=NOW - 32)]),
     "1/1", "Running", "4 (32s ago)"),
    ("restarts without lastState", pod(statuses=[running(restarts=2)]), "1/1", "Running", "2"),
    ("crash loop", pod(statuses=[waiting("CrashLoopBackOff")]), "0/1", "CrashLoopBackOff", "0"),
    ("pull error", pod(phase="Pending", statuses=[waiting("ErrImagePull")]), "0/1", "ErrImagePull", "0"),
    ("creating", pod(phase="Pending", statuses=[waiting("ContainerCreating")]), "0/1",
     "ContainerCreating", "0"),
    ("pending, unscheduled", pod(phase="Pending"), "0/1", "Pending", "0"),
    ("completed", pod(phase="Succeeded", statuses=[terminated("Completed")]), "0/1", "Completed", "0"),
    ("error", pod(phase="Failed", statuses=[terminated("Error", 1)]), "0/1", "Error", "0"),
    ("exit code without reason", pod(statuses=[terminated(code=137)]), "0/1", "ExitCode:137", "0"),
    ("signal without reason", pod(statuses=[terminated(code=0, signal=9)]), "0/1", "Signal:9", "0"),
    ("the first container decides", pod(2, statuses=[waiting("ErrImagePull"), waiting("CrashLoopBackOff")]),
     "0/2", "ErrImagePull", "0"),
    ("completed beside running, ready", pod(2, statuses=[terminated("Completed"), running()],
                                            conditions=READY), "1/2", "Running", "0"),
    ("completed beside running, not ready", pod(2, statuses=[running(), terminated("Completed")]),
     "1/2", "NotReady", "0"),
    ("evicted", dict(pod(phase="Failed"), status={"phase": "Failed", "reason": "Evicted"}),
     "0/1", "Evicted", "0"),
    ("init running", pod(phase="Pending", init=[{"name": "i"}],
                         init_statuses=[running(ready=False)], statuses=[waiting("PodInitializing")]),
     "0/1", "Init:0/1", "0"),
    ("second init running", pod(phase="Pending", init=[{"name": "a"}, {"name": "b"}],
                                init_statuses=[terminated("Completed"), running(ready=False)]),
     "0/1", "Init:1/2", "0"),
    ("init pull error", pod(phase="Pending", init=[{"name": "i"}], init_statuses=[waiting("ErrImagePull")]),
     "0/1", "Init:ErrImagePull", "0"),
    ("init failed", pod(phase="Pending", init=[{"name": "i"}], init_statuses=[terminated(code=1)]),
     "0/1", "Init:ExitCode:1", "0"),
    ("init failed with reason", pod(phase="Pending", init=[{"name": "i"}],
                                    init_statuses=[terminated("Error", 2)]), "0/1", "Init:Error", "0"),
    ("sidecar counts as a container",
     pod(init=[{"name": "side", "restartPolicy": "Always"}],
         init_statuses=[dict(running(), name="side", started=True)], statuses=[running()],
         conditions=READY + [{"type": "Initialized", "status": "True"}]), "2/2", "Running", "0"),
    ("terminating", pod(statuses=[running()], deletionTimestamp=ts(NOW - 5)), "1/1", "Terminating", "0"),
    ("node lost", dict(pod(statuses=[running()], deletionTimestamp=ts(NOW - 5)),
                       status={"phase": "Running", "reason": "NodeLost",
                               "containerStatuses": [running()]}), "1/1", "Unknown", "0"),
    ("finished pods are not Terminating", pod(phase="Succeeded", statuses=[terminated("Completed")],
                                              deletionTimestamp=ts(NOW - 5)), "0/1", "Completed", "0"),
    ("scheduling gated", pod(phase="Pending", conditions=[
        {"type": "PodScheduled", "status": "False", "reason": "SchedulingGated"}]),
     "0/1", "SchedulingGated", "0"),
]


@pytest.mark.parametrize("name,obj,ready,status,restarts", PODS, ids=[p[0] for p in PODS])
def test_pod_status(name, obj, ready, status, restarts):
    """READY, STATUS and RESTARTS are derived as printPod derives them."""
    assert cells("pods", obj)[1:4] == [ready, status, restarts]


def test_pod_wide_cells():
    """IP, NODE, NOMINATED NODE and READINESS GATES (true gates / all gates)."""
    obj = pod(statuses=[running()], conditions=READY + [{"type": "g1", "status": "True"},
                                                        {"type": "g2", "status": "False"}])
    obj["spec"].update(nodeName="node-1", readinessGates=[{"conditionType": "g1"},
                                                          {"conditionType": "g2"}])
    obj["status"].update(podIPs=[{"ip": "10.244.1.5"}], nominatedNodeName="node-2")
    assert cells("pods", obj)[4:] == ["5m", "10.244.1.5", "node-1", "node-2", "1/2"]
    assert cells("pods", pod())[5:] == ["<none>", "<none>", "<none>", "<none>"]


def node(ready="True", labels=None, unschedulable=False, conditions=True):
    obj = {"metadata": {"labels": labels or {}},
           "spec": {"unschedulable": unschedulable},
           "status": {"nodeInfo": {"kubeletVersion": "v1.35.0"}}}
    if conditions:
        obj["status"]["conditions"] = [{"type": "MemoryPressure", "status": "False"},
                                       {"type": "Ready", "status": ready}]
    return obj


# printNode: (name, node, STATUS, ROLES)
NODES = [
    ("ready", node(), "Ready", "<none>"),
    ("not ready", node("False"), "NotReady", "<none>"),
    ("unknown ready", node("Unknown"), "NotReady", "<none>"),
    ("no conditions", node(conditions=False), "Unknown", "<none>"),
    ("cordoned", node(unschedulable=True), "Ready,SchedulingDisabled", "<none>"),
    ("roles sorted", node(labels={"node-role.kubernetes.io/worker": "",
                                  "node-role.kubernetes.io/control-plane": "",
                                  "kubernetes.io/role": "infra"}), "Ready", "control-plane,infra,worker"),
    ("empty role suffix ignored", node(labels={"node-role.kubernetes.io/": ""}), "Ready", "<none>"),
]


@pytest.mark.parametrize("name,obj,status,roles", NODES, ids=[n[0] for n in NODES])
def test_node_status_and_roles(name, obj, status, roles):
    """STATUS looks only at Ready (plus SchedulingDisabled); ROLES come from labels."""
    assert cells("nodes", obj)[1:3] == [status, roles]


def service(kind="ClusterIP", ports=None, **spec):
    body = {"type": kind, "ports": ports if ports is not None else [{"port": 80, "protocol": "TCP"}]}
    body.update(spec)
    return {"spec": body}


# printService: (name, service, CLUSTER-IP, EXTERNAL-IP, PORT(S))
SERVICES = [
    ("cluster ip", service(clusterIPs=["10.96.0.10"]), "10.96.0.10", "<none>", "80/TCP"),
    ("external ips", service(clusterIPs=["10.96.0.10"], externalIPs=["1.2.3.4"]), "10.96.0.10",
     "1.2.3.4", "80/TCP"),
    ("node port", service("NodePort", [{"port": 80, "nodePort": 30080, "protocol": "TCP"},
                                       {"port": 53, "nodePort": 30053, "protocol": "UDP"}],
                          clusterIPs=["10.96.1.1"]), "10.96.1.1", "<none>", "80:30080/TCP,53:30053/UDP"),
    ("load balancer pending", service("LoadBalancer", clusterIPs=["10.96.1.2"]), "10.96.1.2",
     "<pending>", "80/TCP"),
    ("load balancer ready", dict(service("LoadBalancer", clusterIPs=["10.96.1.2"]),
                                 status={"loadBalancer": {"ingress": [{"ip": "203.0.113.10"},
                                                                      {"hostname": "lb.example.com"}]}}),
     "10.96.1.2", "203.0.113.10,lb.example.com", "80/TCP"),
    ("headless", service(clusterIPs=["None"]), "None", "<none>", "80/TCP"),
    ("external name", service("ExternalName", [], externalName="db.example.com"), "<none>",
     "db.example.com", "<none>"),
]


@pytest.mark.parametrize("name,obj,cluster_ip,external_ip,ports", SERVICES,
                         ids=[s[0] for s in SERVICES])
def test_service_cells(name, obj, cluster_ip, external_ip, ports):
    """CLUSTER-IP, EXTERNAL-IP and PORT(S) as printService builds them."""
    assert cells("svc", obj)[2:5] == [cluster_ip, external_ip, ports]


def job(completions=None, parallelism=None, succeeded=0, conditions=(), start=None, end=None):
    spec = {"template": {"spec": {"containers": [{"name": "pi", "image": "perl"}]}}}
    if completions is not None:
        spec["completions"] = completions
    if parallelism is not None:
        spec["parallelism"] = parallelism
    status = {"succeeded": succeeded, "conditions": [{"type": c, "status": "True"} for c in conditions]}
    if start is not None:
        status["startTime"] = ts(start)
    if end is not None:
        status["completionTime"] = ts(end)
    return {"spec": spec, "status": status}


# printJob: (name, job, STATUS, COMPLETIONS, DURATION)
JOBS = [
    ("not started", job(completions=1), "Running", "0/1", ""),
    ("running", job(completions=3, succeeded=1, start=NOW - 90), "Running", "1/3", "90s"),
    ("complete", job(completions=1, succeeded=1, conditions=["SuccessCriteriaMet", "Complete"],
                     start=NOW - 600, end=NOW - 480), "Complete", "1/1", "2m"),
    ("failed", job(completions=2, conditions=["FailureTarget", "Failed"], start=0), "Failed", "0/2",
     "166m"),
    ("failure target", job(conditions=["FailureTarget"]), "FailureTarget", "0/1", ""),
    ("suspended", job(conditions=["Suspended"]), "Suspended", "0/1", ""),
    ("work queue", job(parallelism=5, succeeded=2), "Running", "2/1 of 5", ""),
]


@pytest.mark.parametrize("name,obj,status,completions,duration", JOBS, ids=[j[0] for j in JOBS])
def test_job_cells(name, obj, status, completions, duration):
    """STATUS, COMPLETIONS and DURATION as printJob builds them."""
    assert cells("jobs", obj)[1:4] == [status, completions, duration]


def test_workload_cells():
    """Deployment READY is ready/desired; the wide columns list containers and selector."""
    template = {"spec": {"containers": [{"name": "web", "image": "nginx"},
                                        {"name": "log", "image": "busybox"}]}}
    deployment = {"spec": {"replicas": 3, "template": template,
                           "selector": {"matchLabels": {"app": "web"},
                                        "matchExpressions": [{"key": "tier", "operator": "In",
                                                              "values": ["b", "a"]},
                                                             {"key": "env", "operator": "DoesNotExist"}]}},
                  "status": {"readyReplicas": 2, "updatedReplicas": 3, "availableReplicas": 2}}
    assert cells("deploy", deployment) == ["x", "2/3", 3, 2, "5m", "web,log", "nginx,busybox",
                                           "app=web,!env,tier in (a,b)"]
    rs = {"spec": {"replicas": 2, "template": template, "selector": {"matchLabels": {"app": "web"}}},
          "status": {"replicas": 2, "readyReplicas": 1}}
    assert cells("rs", rs) == ["x", 2, 2, 1, "5m", "web,log", "nginx,busybox", "app=web"]
    rc = {"spec": {"replicas": 2, "selector": {"app": "kubia"}, "template": template}, "status": {}}
    assert cells("rc", rc)[1:4] == [2, 0, 0]
    ds = {"spec": {"template": {"spec": {"nodeSelector": {"disk": "ssd"}, "containers": []}}},
          "status": {"desiredNumberScheduled": 3, "numberReady": 2}}
    assert cells("ds", ds)[1:8] == [3, 0, 2, 0, 0, "disk=ssd", "5m"]
    sts = {"spec": {"replicas": 3, "template": template}, "status": {"readyReplicas": 1}}
    assert cells("sts", sts) == ["x", "1/3", "5m", "web,log", "nginx,busybox"]


def test_cron_job_cells():
    """SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE (printCronJob)."""
    cj = {"spec": {"schedule": "*/1 * * * *", "suspend": False,
                   "jobTemplate": {"spec": {"template": {"spec": {"containers": []}}}}},
          "status": {"active": [{"name": "a"}], "lastScheduleTime": ts(NOW - 45)}}
    assert cells("cronjobs", cj)[:7] == ["x", "*/1 * * * *", "<none>", "False", 1, "45s", "5m"]
    cj = {"spec": {"schedule": "@daily", "timeZone": "Etc/UTC", "jobTemplate": {"spec": {}}}}
    assert cells("cronjobs", cj)[2:6] == ["Etc/UTC", "<unset>", 0, "<none>"]


def test_event_cells():
    """LAST SEEN TYPE REASON OBJECT (kind/name) ... MESSAGE, then the wide cells."""
    event = {"metadata": {"name": "web.1"}, "type": "Normal", "reason": "Pulled",
             "involvedObject": {"kind": "Pod", "name": "web", "fieldPath": "spec.containers{c}"},
             "message": "pulled\n", "source": {"component": "kubelet", "host": "node-1"},
             "firstTimestamp": ts(NOW - 300), "lastTimestamp": ts(NOW - 60), "count": 3}
    assert cells("events", event) == ["60s", "Normal", "Pulled", "pod/web", "spec.containers{c}",
                                      "kubelet, node-1", "pulled", "5m", 3, "web.1"]
    new_api = {"metadata": {"name": "e"}, "type": "Warning", "reason": "FailedScheduling",
               "involvedObject": {"kind": "Pod", "name": "p"}, "message": "0/3 nodes are available",
               "eventTime": ts(NOW - 8).replace("Z", ".000000Z"),
               "reportingComponent": "default-scheduler", "reportingInstance": "sched-1"}
    assert cells("events", new_api) == ["8s", "Warning", "FailedScheduling", "pod/p", "",
                                        "default-scheduler, sched-1", "0/3 nodes are available",
                                        "8s", 1, "e"]


def test_endpoints_ingress_and_more():
    """ENDPOINTS shows three ip:port pairs and `+ N more...`; Ingress HOSTS and PORTS."""
    ep = {"subsets": [{"addresses": [{"ip": f"10.0.0.{i}"} for i in range(1, 6)],
                       "ports": [{"port": 8080}]}]}
    assert cells("ep", ep)[1] == "10.0.0.1:8080,10.0.0.2:8080,10.0.0.3:8080 + 2 more..."
    assert cells("ep", {})[1] == "<none>"
    ing = {"spec": {"rules": [{"host": "a"}, {}, {"host": "b"}, {"host": "c"}, {"host": "d"}],
                    "tls": [{"hosts": ["a"]}]}}
    assert cells("ing", ing)[1:5] == ["<none>", "a,b,c + 2 more...", "", "80, 443"]
    assert cells("ing", {"spec": {"rules": [{}]}})[2] == "*"


def test_hpa_quota_and_counts():
    """HPA TARGETS, quota REQUEST/LIMIT split, ConfigMap/Secret DATA counts."""
    hpa = {"spec": {"scaleTargetRef": {"kind": "Deployment", "name": "web"}, "maxReplicas": 10,
                    "metrics": [{"type": "Resource", "resource": {
                        "name": "cpu", "target": {"type": "Utilization", "averageUtilization": 50}}},
                        {"type": "Resource", "resource": {
                            "name": "memory", "target": {"type": "AverageValue", "averageValue": "100Mi"}}},
                        {"type": "Pods", "pods": {"metric": {"name": "qps"},
                                                  "target": {"averageValue": "1k"}}}]},
           "status": {"currentReplicas": 3, "currentMetrics": [
               {"type": "Resource", "resource": {"name": "cpu", "current": {"averageUtilization": 23}}}]}}
    assert cells("hpa", hpa)[1:6] == ["Deployment/web", "cpu: 23%/50%, memory: <unknown>/100Mi + 1 more...",
                                      "<unset>", 10, 3]
    quota = {"status": {"hard": {"pods": "10", "requests.cpu": "1", "limits.memory": "2Gi"},
                        "used": {"pods": "2"}}}
    # printers.go: NAME AGE REQUEST LIMIT
    assert cells("quota", quota)[2:4] == ["pods: 2/10, requests.cpu: 0/1", "limits.memory: 0/2Gi"]
    assert cells("cm", {"data": {"a": "1"}, "binaryData": {"b": "AA=="}})[1] == 2
    assert cells("secrets", {"type": "Opaque", "data": {"a": "YQ=="}})[1:3] == ["Opaque", 1]


def test_default_table_for_roles():
    """Kinds without a printer get NAME and CREATED AT (apiserver's default convertor)."""
    table = convert_to_table(by_plural("roles", "rbac.authorization.k8s.io"),
                             [{"metadata": {"name": "pod-reader", "creationTimestamp": ts(5)}}], NOW)
    assert [c["name"] for c in table["columnDefinitions"]] == ["Name", "Created At"]
    assert table["columnDefinitions"][1]["type"] == "date"
    assert table["rows"][0]["cells"] == ["pod-reader", "2026-01-01T00:00:05Z"]


def test_table_shape():
    """A metav1.Table: all column fields present, row objects are PartialObjectMetadata."""
    succeeded = pod(phase="Succeeded", statuses=[terminated("Completed")])
    succeeded["metadata"].update(creationTimestamp=ts(0), labels={"app": "web"})
    table = convert_to_table(by_plural("pods"), [succeeded], NOW, resource_version="42")
    assert table["kind"] == "Table" and table["apiVersion"] == "meta.k8s.io/v1"
    assert table["metadata"] == {"resourceVersion": "42"}
    assert [(c["name"], c["type"], c["format"], c["priority"]) for c in table["columnDefinitions"]] == [
        ("Name", "string", "name", 0), ("Ready", "string", "", 0), ("Status", "string", "", 0),
        ("Restarts", "string", "", 0), ("Age", "string", "", 0), ("IP", "string", "", 1),
        ("Node", "string", "", 1), ("Nominated Node", "string", "", 1),
        ("Readiness Gates", "string", "", 1)]
    row = table["rows"][0]
    assert row["conditions"] == [{"type": "Completed", "status": "True", "reason": "Succeeded",
                                  "message": "The pod has completed successfully."}]
    assert row["object"] == {"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
                             "metadata": succeeded["metadata"]}


def test_unknown_age():
    """No creationTimestamp prints `<unknown>` (translateTimestampSince)."""
    table = convert_to_table(lookup("cm"), [{"metadata": {"name": "c"}}], NOW)
    assert table["rows"][0]["cells"] == ["c", 0, "<unknown>"]
