"""`kubectl describe` output, byte for byte.

Every EXPECTED text below was printed by the real kubectl v1.35.2 (`kubectl describe
KIND NAME`, TZ=UTC) against a throwaway fake API server serving exactly these
objects, at wall-clock time NOW (virtual seconds since k8s_model.sim.EPOCH); ages
are all several minutes long so the few seconds kubectl took did not change them.
"""

import pytest

from k8s_model.kubectl.describe import describe
from k8s_model.kubectl.describe.generic import camelcase_split, smart_label_for
from k8s_model.sim import Simulation

NOW = 28152104
_sim = Simulation()


def T(ago: float) -> str:
    return _sim.timestamp(NOW - ago)


def M(name, ns="default", ago=3600, labels=None, uid=None, **extra):
    meta = {"name": name, "creationTimestamp": T(ago), "uid": uid or f"uid-{name}",
            "resourceVersion": "7"}
    if ns:
        meta["namespace"] = ns
    if labels:
        meta["labels"] = labels
    meta.update(extra)
    return meta


def obj(kind, api, name, ns="default", ago=3600, labels=None, meta=None, **body):
    o = {"apiVersion": api, "kind": kind,
         "metadata": M(name, ns, ago, labels, uid=f"uid-{kind.lower()}-{name}", **(meta or {}))}
    o.update(body)
    return o


def ev(name, target, reason, message, first, last=None, count=1, type="Normal",
       component="kubelet", host=None, field=None):
    involved = {"kind": target["kind"], "namespace": target["metadata"].get("namespace", ""),
                "name": target["metadata"]["name"], "uid": target["metadata"]["uid"],
                "apiVersion": target["apiVersion"]}
    if field:
        involved["fieldPath"] = field
    source = {"component": component, **({"host": host} if host else {})}
    return {"apiVersion": "v1", "kind": "Event",
            "metadata": M(name, target["metadata"].get("namespace") or "default", first),
            "involvedObject": involved, "reason": reason, "message": message, "source": source,
            "firstTimestamp": T(first), "lastTimestamp": T(first if last is None else last),
            "count": count, "type": type}


def owner(kind, api, name):
    return [{"apiVersion": api, "kind": kind, "name": name, "uid": f"uid-{kind.lower()}-{name}",
             "controller": True, "blockOwnerDeletion": True}]


READY = [{"type": "PodReadyToStartContainers", "status": "True"},
         {"type": "Initialized", "status": "True"}, {"type": "Ready", "status": "True"},
         {"type": "ContainersReady", "status": "True"}, {"type": "PodScheduled", "status": "True"}]

POD = obj("Pod", "v1", "web-7d4b9c6f5-abcde", ago=7200,
          labels={"app": "web", "pod-template-hash": "7d4b9c6f5"},
          meta={"ownerReferences": owner("ReplicaSet", "apps/v1", "web-7d4b9c6f5"),
                "annotations": {"kubectl.kubernetes.io/restartedAt": "2026-01-01T00:00:00Z",
                                "note": "x" * 150}},
          spec={"containers": [
              {"name": "nginx", "image": "nginx:1.25", "ports": [{"containerPort": 80, "protocol": "TCP"}],
               "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"memory": "256Mi"}},
               "livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080, "scheme": "HTTP"},
                                 "initialDelaySeconds": 3, "timeoutSeconds": 1, "periodSeconds": 10,
                                 "successThreshold": 1, "failureThreshold": 3},
               "readinessProbe": {"exec": {"command": ["cat", "/tmp/ready"]}, "timeoutSeconds": 1,
                                  "periodSeconds": 5, "successThreshold": 1, "failureThreshold": 3},
               "startupProbe": {"tcpSocket": {"port": "http"}, "timeoutSeconds": 1, "periodSeconds": 10,
                                "successThreshold": 1, "failureThreshold": 30},
               "env": [{"name": "MODE", "value": "prod"}, {"name": "MULTI", "value": "a\nb"},
                       {"name": "NODE", "valueFrom": {"fieldRef": {"apiVersion": "v1",
                                                                   "fieldPath": "spec.nodeName"}}},
                       {"name": "POD", "valueFrom": {"fieldRef": {"apiVersion": "v1",
                                                                  "fieldPath": "metadata.name"}}},
                       {"name": "PW", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}},
                       {"name": "CFG", "valueFrom": {"configMapKeyRef": {"name": "cfg", "key": "mode",
                                                                         "optional": True}}},
                       {"name": "MEM", "valueFrom": {"resourceFieldRef": {"resource": "limits.memory",
                                                                          "divisor": "1"}}}],
               "envFrom": [{"configMapRef": {"name": "cfg"}}, {"prefix": "S_", "secretRef": {"name": "db"}}],
               "volumeMounts": [{"name": "kube-api-access-4xk2p", "readOnly": True,
                                 "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount"},
                                {"name": "data", "mountPath": "/data", "subPath": "web"}]},
              {"name": "sidecar", "image": "busybox", "command": ["sh", "-c"],
               "args": ["while true; do sleep 5; done"]}],
              "nodeName": "node-1", "serviceAccountName": "default", "priority": 0,
              "tolerations": [{"key": "node.kubernetes.io/not-ready", "operator": "Exists",
                               "effect": "NoExecute", "tolerationSeconds": 300},
                              {"key": "node.kubernetes.io/unreachable", "operator": "Exists",
                               "effect": "NoExecute", "tolerationSeconds": 300}],
              "nodeSelector": {"disktype": "ssd"},
              "volumes": [
                  {"name": "data", "emptyDir": {}},
                  {"name": "cfg", "configMap": {"name": "cfg", "defaultMode": 420}},
                  {"name": "host", "hostPath": {"path": "/var/log", "type": "Directory"}},
                  {"name": "claim", "persistentVolumeClaim": {"claimName": "data"}},
                  {"name": "kube-api-access-4xk2p", "projected": {"defaultMode": 420, "sources": [
                      {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                      {"configMap": {"name": "kube-root-ca.crt",
                                     "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
                      {"downwardAPI": {"items": [{"path": "namespace", "fieldRef": {
                          "apiVersion": "v1", "fieldPath": "metadata.namespace"}}]}}]}}]},
          status={"phase": "Running", "hostIP": "192.168.49.3", "podIP": "10.244.1.5",
                  "podIPs": [{"ip": "10.244.1.5"}], "startTime": T(7200), "qosClass": "Burstable",
                  "conditions": READY,
                  "containerStatuses": [
                      {"name": "nginx", "ready": True, "restartCount": 2, "image": "nginx:1.25",
                       "imageID": "docker.io/library/nginx@sha256:abc", "containerID": "containerd://123",
                       "started": True, "state": {"running": {"startedAt": T(590)}},
                       "lastState": {"terminated": {"exitCode": 137, "reason": "OOMKilled",
                                                    "startedAt": T(3600), "finishedAt": T(600)}}},
                      {"name": "sidecar", "ready": False, "restartCount": 5, "image": "busybox:latest",
                       "imageID": "", "started": False,
                       "state": {"waiting": {"reason": "CrashLoopBackOff"}}}]})
PENDING = obj("Pod", "v1", "pending", ago=900, spec={"containers": [{"name": "app", "image": "nginx"}]},
              status={"phase": "Pending", "qosClass": "BestEffort", "conditions": [
                  {"type": "PodScheduled", "status": "False", "reason": "Unschedulable",
                   "message": "0/3 nodes are available"}]})

TEMPLATE = {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [
    {"name": "nginx", "image": "nginx:1.25", "ports": [{"containerPort": 80, "protocol": "TCP"}],
     "resources": {}}]}}
DEPLOYMENT = obj("Deployment", "apps/v1", "web", labels={"app": "web"},
                 meta={"annotations": {"deployment.kubernetes.io/revision": "2"}},
                 spec={"replicas": 3, "selector": {"matchLabels": {"app": "web"}}, "template": TEMPLATE,
                       "strategy": {"type": "RollingUpdate",
                                    "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}}},
                 status={"replicas": 3, "updatedReplicas": 3, "readyReplicas": 3, "availableReplicas": 3,
                         "conditions": [{"type": "Available", "status": "True",
                                         "reason": "MinimumReplicasAvailable"},
                                        {"type": "Progressing", "status": "True",
                                         "reason": "NewReplicaSetAvailable"}]})
NEW_RS = obj("ReplicaSet", "apps/v1", "web-7d4b9c6f5", labels={"app": "web", "pod-template-hash": "7d4b9c6f5"},
             meta={"ownerReferences": owner("Deployment", "apps/v1", "web"),
                   "annotations": {"deployment.kubernetes.io/revision": "2"}},
             spec={"replicas": 3, "template": TEMPLATE,
                   "selector": {"matchLabels": {"app": "web", "pod-template-hash": "7d4b9c6f5"}}},
             status={"replicas": 3, "readyReplicas": 3, "availableReplicas": 3})
OLD_RS = obj("ReplicaSet", "apps/v1", "web-5d8f7c9b6", labels={"app": "web", "pod-template-hash": "5d8f7c9b6"},
             meta={"ownerReferences": owner("Deployment", "apps/v1", "web"),
                   "annotations": {"deployment.kubernetes.io/revision": "1"}},
             spec={"replicas": 0, "selector": {"matchLabels": {"app": "web", "pod-template-hash": "5d8f7c9b6"}},
                   "template": {"metadata": {"labels": {"app": "web"}},
                                "spec": {"containers": [{"name": "nginx", "image": "nginx:1.24"}]}}},
             status={"replicas": 0})


def rs_pod(name, phase):
    return obj("Pod", "v1", name, labels={"app": "web", "pod-template-hash": "7d4b9c6f5"},
               meta={"ownerReferences": owner("ReplicaSet", "apps/v1", "web-7d4b9c6f5")},
               spec={"containers": [{"name": "nginx", "image": "nginx:1.25"}], "nodeName": "node-1"},
               status={"phase": phase})


RS_PODS = [rs_pod("web-7d4b9c6f5-a", "Running"), rs_pod("web-7d4b9c6f5-b", "Running"),
           rs_pod("web-7d4b9c6f5-c", "Pending")]
JOB = obj("Job", "batch/v1", "pi", labels={"batch.kubernetes.io/job-name": "pi"},
          spec={"parallelism": 1, "completions": 1, "backoffLimit": 6, "completionMode": "NonIndexed",
                "suspend": False, "selector": {"matchLabels": {"batch.kubernetes.io/controller-uid": "uid-pi"}},
                "template": {"metadata": {"labels": {"batch.kubernetes.io/job-name": "pi"}},
                             "spec": {"containers": [{"name": "pi", "image": "perl:5.34",
                                                      "command": ["perl", "-Mbignum=bpi", "-wle",
                                                                  "print bpi(2000)"]}],
                                      "restartPolicy": "Never"}}},
          status={"startTime": T(1200), "completionTime": T(1080), "succeeded": 1, "ready": 0,
                  "conditions": [{"type": "Complete", "status": "True"}]})
CRONJOB = obj("CronJob", "batch/v1", "hello",
              spec={"schedule": "*/1 * * * *", "concurrencyPolicy": "Allow", "suspend": False,
                    "successfulJobsHistoryLimit": 3, "failedJobsHistoryLimit": 1,
                    "jobTemplate": {"spec": {"template": {"spec": {"containers": [
                        {"name": "hello", "image": "busybox:1.28",
                         "command": ["/bin/sh", "-c", "date; echo Hello"]}], "restartPolicy": "OnFailure"}}}}},
              status={"lastScheduleTime": T(660), "active": [{"kind": "Job", "name": "hello-29123456"}]})

NODE = obj("Node", "v1", "node-1", ns=None, ago=86400 * 3,
           labels={"kubernetes.io/hostname": "node-1", "node-role.kubernetes.io/worker": ""},
           meta={"annotations": {"node.alpha.kubernetes.io/ttl": "0"}},
           spec={"podCIDR": "10.244.1.0/24", "podCIDRs": ["10.244.1.0/24"],
                 "taints": [{"key": "dedicated", "value": "gpu", "effect": "NoSchedule"}]},
           status={"conditions": [
               {"type": "MemoryPressure", "status": "False", "lastHeartbeatTime": T(600),
                "lastTransitionTime": T(86400), "reason": "KubeletHasSufficientMemory",
                "message": "kubelet has sufficient memory available"},
               {"type": "Ready", "status": "True", "lastHeartbeatTime": T(600),
                "lastTransitionTime": T(86400), "reason": "KubeletReady",
                "message": "kubelet is posting ready status"}],
               "addresses": [{"type": "InternalIP", "address": "192.168.49.3"},
                             {"type": "Hostname", "address": "node-1"}],
               "capacity": {"cpu": "4", "memory": "8Gi", "pods": "110", "ephemeral-storage": "100Gi"},
               "allocatable": {"cpu": "4", "memory": "8Gi", "pods": "110", "ephemeral-storage": "100Gi"},
               "nodeInfo": {"kubeletVersion": "v1.35.0", "osImage": "Ubuntu 24.04 LTS",
                            "kernelVersion": "6.8.0-45-generic", "containerRuntimeVersion": "containerd://2.0.0",
                            "operatingSystem": "linux", "architecture": "amd64", "machineID": "m1",
                            "systemUUID": "s1", "bootID": "b1", "kubeProxyVersion": ""}})
LEASE = obj("Lease", "coordination.k8s.io/v1", "node-1", ns="kube-node-lease", ago=86400,
            meta={"ownerReferences": owner("Node", "v1", "node-1")},
            spec={"holderIdentity": "node-1", "leaseDurationSeconds": 40,
                  "renewTime": T(600).replace("Z", ".000000Z")})


def node_pod(name, ns, requests=None, limits=None, phase="Running", ago=3600):
    resources = {k: v for k, v in (("requests", requests), ("limits", limits)) if v}
    return obj("Pod", "v1", name, ns=ns, ago=ago, status={"phase": phase},
               spec={"containers": [{"name": "c", "image": "x", "resources": resources}], "nodeName": "node-1"})


NODE_PODS = [node_pod("web-1", "default", {"cpu": "100m", "memory": "128Mi"}, {"memory": "256Mi"}),
             node_pod("kube-proxy-x", "kube-system", ago=86400),
             node_pod("big", "default", {"cpu": "1500m", "memory": "1Gi"}, {"cpu": "2", "memory": "2Gi"}),
             node_pod("done", "default", {"cpu": "1"}, phase="Succeeded")]
SERVICE = obj("Service", "v1", "web", labels={"app": "web"},
              spec={"type": "NodePort", "selector": {"app": "web"}, "clusterIP": "10.96.12.34",
                    "clusterIPs": ["10.96.12.34"], "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
                    "ports": [{"name": "http", "port": 80, "targetPort": 8080, "protocol": "TCP", "nodePort": 30080},
                              {"name": "metrics", "port": 9090, "targetPort": "metrics", "protocol": "TCP",
                               "nodePort": 30090}],
                    "sessionAffinity": "None", "externalTrafficPolicy": "Cluster", "internalTrafficPolicy": "Cluster"})
SLICE = obj("EndpointSlice", "discovery.k8s.io/v1", "web-abc12",
            labels={"kubernetes.io/service-name": "web"}, addressType="IPv4",
            ports=[{"name": "http", "port": 8080, "protocol": "TCP"}, {"name": "metrics", "port": 9090, "protocol": "TCP"}],
            endpoints=[{"addresses": [f"10.244.1.{i}"], "conditions": {"ready": i != 3}, "nodeName": "node-1",
                        "targetRef": {"kind": "Pod", "namespace": "default", "name": f"web-{i}"}}
                       for i in range(1, 7)])
INGRESS = obj("Ingress", "networking.k8s.io/v1", "web",
              meta={"annotations": {"nginx.ingress.kubernetes.io/rewrite-target": "/"}},
              spec={"ingressClassName": "nginx", "tls": [{"hosts": ["foo.example.com"], "secretName": "tls"}],
                    "rules": [{"host": "foo.example.com", "http": {"paths": [
                        {"path": "/", "pathType": "Prefix",
                         "backend": {"service": {"name": "web", "port": {"number": 80}}}},
                        {"path": "/api", "pathType": "Prefix",
                         "backend": {"service": {"name": "api", "port": {"name": "http"}}}}]}},
                        {"http": {"paths": [{"path": "/m", "pathType": "Exact",
                                             "backend": {"service": {"name": "web", "port": {"name": "metrics"}}}}]}}]},
              status={"loadBalancer": {"ingress": [{"ip": "192.168.49.2"}]}})
CONFIGMAP = obj("ConfigMap", "v1", "cfg", data={"mode": "prod", "app.properties": "a=1\nb=2\n"})
SECRET = obj("Secret", "v1", "db", type="Opaque", data={"password": "c2VjcmV0", "user": "YWRtaW4="})
NAMESPACE = obj("Namespace", "v1", "default", ns=None, labels={"kubernetes.io/metadata.name": "default"},
                status={"phase": "Active"})
QUOTA = obj("ResourceQuota", "v1", "compute", spec={"hard": {"pods": "10", "requests.cpu": "1"}},
            status={"hard": {"pods": "10", "requests.cpu": "1", "requests.memory": "2Gi"},
                    "used": {"pods": "2", "requests.cpu": "200m", "requests.memory": "1073741824"}})
ROLE = obj("Role", "rbac.authorization.k8s.io/v1", "pod-reader", rules=[
    {"apiGroups": [""], "resources": ["pods", "pods/log"], "verbs": ["get", "watch", "list"]},
    {"apiGroups": ["apps"], "resources": ["deployments"], "resourceNames": ["web"], "verbs": ["get"]},
    {"apiGroups": [""], "resources": ["pods"], "verbs": ["delete"]}])
BINDING = obj("RoleBinding", "rbac.authorization.k8s.io/v1", "read-pods",
              roleRef={"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "pod-reader"},
              subjects=[{"kind": "User", "name": "jane", "apiGroup": "rbac.authorization.k8s.io"},
                        {"kind": "ServiceAccount", "name": "default", "namespace": "default"}])

EVENTS = [
    ev("e1", POD, "Scheduled", "Successfully assigned default/web-7d4b9c6f5-abcde to node-1", 7200,
       component="default-scheduler"),
    ev("e2", POD, "Pulled", 'Container image "nginx:1.25" already present on machine', 7100, 600,
       count=3, field="spec.containers{nginx}", host="node-1"),
    ev("e3", POD, "BackOff", "Back-off restarting failed container sidecar", 3000, 900, count=25,
       type="Warning"),
    ev("e4", DEPLOYMENT, "ScalingReplicaSet", "Scaled up replica set web-7d4b9c6f5 from 0 to 3", 1200,
       component="deployment-controller"),
    ev("e5", JOB, "Completed", "Job completed", 1080, component="job-controller"),
    ev("e6", NODE, "NodeReady", "Node node-1 status is now: NodeReady", 86400, host="node-1"),
]

# (name, kubectl arguments, object, related)
CASES = [
    ("pod", "pod web-7d4b9c6f5-abcde", POD, {}),
    ("pending pod", "pod pending", PENDING, {}),
    ("deployment", "deployment web", DEPLOYMENT, {"old_replicasets": [OLD_RS], "new_replicaset": NEW_RS}),
    ("replicaset", "rs web-7d4b9c6f5", NEW_RS, {"pods": [POD, *RS_PODS]}),
    ("job", "job pi", JOB, {}),
    ("cronjob", "cronjob hello", CRONJOB, {}),
    ("node", "node node-1", NODE, {"pods": [POD, *RS_PODS, *NODE_PODS], "lease": LEASE}),
    ("service", "svc web", SERVICE, {"endpoint_slices": [SLICE]}),
    ("ingress", "ingress web", INGRESS, {"services": {"web": SERVICE}, "endpoint_slices": [SLICE]}),
    ("configmap", "cm cfg", CONFIGMAP, {}),
    ("secret", "secret db", SECRET, {}),
    ("namespace", "ns default", NAMESPACE, {"resource_quotas": [QUOTA], "limit_ranges": []}),
    ("quota", "quota compute", QUOTA, {}),
    ("lease (generic)", "lease node-1 -n kube-node-lease", LEASE, {}),
    ("role", "role pod-reader", ROLE, {}),
    ("rolebinding", "rolebinding read-pods", BINDING, {}),
]
OBJECTS = [POD, PENDING, DEPLOYMENT, NEW_RS, OLD_RS, *RS_PODS, JOB, CRONJOB, NODE, LEASE, *NODE_PODS,
           SERVICE, SLICE, INGRESS, CONFIGMAP, SECRET, NAMESPACE, QUOTA, ROLE, BINDING, *EVENTS]


def events_of(target):
    uid = target["metadata"]["uid"]
    return [e for e in EVENTS if e["involvedObject"]["uid"] == uid]


# BEGIN EXPECTED (kubectl v1.35.2 stdout)
EXPECTED = {
    'pod': (
        'Name:             web-7d4b9c6f5-abcde\n'
        'Namespace:        default\n'
        'Priority:         0\n'
        'Service Account:  default\n'
        'Node:             node-1/192.168.49.3\n'
        'Start Time:       Sun, 22 Nov 2026 18:01:44 +0000\n'
        'Labels:           app=web\n'
        '                  pod-template-hash=7d4b9c6f5\n'
        'Annotations:      kubectl.kubernetes.io/restartedAt: 2026-01-01T00:00:00Z\n'
        '                  note:\n'
        '                    xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...\n'
        'Status:           Running\n'
        'IP:               10.244.1.5\n'
        'IPs:\n'
        '  IP:           10.244.1.5\n'
        'Controlled By:  ReplicaSet/web-7d4b9c6f5\n'
        'Containers:\n'
        '  nginx:\n'
        '    Container ID:   containerd://123\n'
        '    Image:          nginx:1.25\n'
        '    Image ID:       docker.io/library/nginx@sha256:abc\n'
        '    Port:           80/TCP\n'
        '    Host Port:      0/TCP\n'
        '    State:          Running\n'
        '      Started:      Sun, 22 Nov 2026 19:51:54 +0000\n'
        '    Last State:     Terminated\n'
        '      Reason:       OOMKilled\n'
        '      Exit Code:    137\n'
        '      Started:      Sun, 22 Nov 2026 19:01:44 +0000\n'
        '      Finished:     Sun, 22 Nov 2026 19:51:44 +0000\n'
        '    Ready:          True\n'
        '    Restart Count:  2\n'
        '    Limits:\n'
        '      memory:  256Mi\n'
        '    Requests:\n'
        '      cpu:      100m\n'
        '      memory:   128Mi\n'
        '    Liveness:   http-get http://:8080/healthz delay=3s timeout=1s period=10s #success=1 #failure=3\n'
        '    Readiness:  exec [cat /tmp/ready] delay=0s timeout=1s period=5s #success=1 #failure=3\n'
        '    Startup:    tcp-socket :http delay=0s timeout=1s period=10s #success=1 #failure=30\n'
        '    Environment Variables from:\n'
        '      cfg  ConfigMap                Optional: false\n'
        "      db   Secret with prefix 'S_'  Optional: false\n"
        '    Environment:\n'
        '      MODE:   prod\n'
        '      MULTI:  a\n'
        '              b\n'
        '      NODE:    (v1:spec.nodeName)\n'
        '      POD:    web-7d4b9c6f5-abcde (v1:metadata.name)\n'
        "      PW:     <set to the key 'password' in secret 'db'>   Optional: false\n"
        "      CFG:    <set to the key 'mode' of config map 'cfg'>  Optional: true\n"
        '      MEM:    268435456 (limits.memory)\n'
        '    Mounts:\n'
        '      /data from data (rw,path="web")\n'
        '      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-4xk2p (ro)\n'
        '  sidecar:\n'
        '    Container ID:  \n'
        '    Image:         busybox\n'
        '    Image ID:      \n'
        '    Port:          <none>\n'
        '    Host Port:     <none>\n'
        '    Command:\n'
        '      sh\n'
        '      -c\n'
        '    Args:\n'
        '      while true; do sleep 5; done\n'
        '    State:          Waiting\n'
        '      Reason:       CrashLoopBackOff\n'
        '    Ready:          False\n'
        '    Restart Count:  5\n'
        '    Environment:    <none>\n'
        '    Mounts:         <none>\n'
        'Conditions:\n'
        '  Type                        Status\n'
        '  PodReadyToStartContainers   True \n'
        '  Initialized                 True \n'
        '  Ready                       True \n'
        '  ContainersReady             True \n'
        '  PodScheduled                True \n'
        'Volumes:\n'
        '  data:\n'
        "    Type:       EmptyDir (a temporary directory that shares a pod's lifetime)\n"
        '    Medium:     \n'
        '    SizeLimit:  <unset>\n'
        '  cfg:\n'
        '    Type:      ConfigMap (a volume populated by a ConfigMap)\n'
        '    Name:      cfg\n'
        '    Optional:  false\n'
        '  host:\n'
        '    Type:          HostPath (bare host directory volume)\n'
        '    Path:          /var/log\n'
        '    HostPathType:  Directory\n'
        '  claim:\n'
        '    Type:       PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n'
        '    ClaimName:  data\n'
        '    ReadOnly:   false\n'
        '  kube-api-access-4xk2p:\n'
        '    Type:                    Projected (a volume that contains injected data from multiple sources)\n'
        '    TokenExpirationSeconds:  3607\n'
        '    ConfigMapName:           kube-root-ca.crt\n'
        '    Optional:                false\n'
        '    DownwardAPI:             true\n'
        'QoS Class:                   Burstable\n'
        'Node-Selectors:              disktype=ssd\n'
        'Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n'
        '                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s\n'
        'Events:\n'
        '  Type     Reason     Age                 From               Message\n'
        '  ----     ------     ----                ----               -------\n'
        '  Normal   Scheduled  120m                default-scheduler  Successfully assigned default/web-7d4b9c6f5-abcde to node-1\n'
        '  Warning  BackOff    15m (x25 over 50m)  kubelet            Back-off restarting failed container sidecar\n'
        '  Normal   Pulled     10m (x3 over 118m)  kubelet            spec.containers{nginx}: Container image "nginx:1.25" already present on machine\n'
    ),
    'pending pod': (
        'Name:         pending\n'
        'Namespace:    default\n'
        'Node:         <none>\n'
        'Labels:       <none>\n'
        'Annotations:  <none>\n'
        'Status:       Pending\n'
        'IP:           \n'
        'IPs:          <none>\n'
        'Containers:\n'
        '  app:\n'
        '    Image:        nginx\n'
        '    Port:         <none>\n'
        '    Host Port:    <none>\n'
        '    Environment:  <none>\n'
        '    Mounts:       <none>\n'
        'Conditions:\n'
        '  Type           Status\n'
        '  PodScheduled   False \n'
        'Volumes:         <none>\n'
        'QoS Class:       BestEffort\n'
        'Node-Selectors:  <none>\n'
        'Tolerations:     <none>\n'
        'Events:          <none>\n'
    ),
    'deployment': (
        'Name:                   web\n'
        'Namespace:              default\n'
        'CreationTimestamp:      Sun, 22 Nov 2026 19:01:44 +0000\n'
        'Labels:                 app=web\n'
        'Annotations:            deployment.kubernetes.io/revision: 2\n'
        'Selector:               app=web\n'
        'Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable\n'
        'StrategyType:           RollingUpdate\n'
        'MinReadySeconds:        0\n'
        'RollingUpdateStrategy:  25% max unavailable, 25% max surge\n'
        'Pod Template:\n'
        '  Labels:  app=web\n'
        '  Containers:\n'
        '   nginx:\n'
        '    Image:         nginx:1.25\n'
        '    Port:          80/TCP\n'
        '    Host Port:     0/TCP\n'
        '    Environment:   <none>\n'
        '    Mounts:        <none>\n'
        '  Volumes:         <none>\n'
        '  Node-Selectors:  <none>\n'
        '  Tolerations:     <none>\n'
        'Conditions:\n'
        '  Type           Status  Reason\n'
        '  ----           ------  ------\n'
        '  Available      True    MinimumReplicasAvailable\n'
        '  Progressing    True    NewReplicaSetAvailable\n'
        'OldReplicaSets:  web-5d8f7c9b6 (0/0 replicas created)\n'
        'NewReplicaSet:   web-7d4b9c6f5 (3/3 replicas created)\n'
        'Events:\n'
        '  Type    Reason             Age   From                   Message\n'
        '  ----    ------             ----  ----                   -------\n'
        '  Normal  ScalingReplicaSet  20m   deployment-controller  Scaled up replica set web-7d4b9c6f5 from 0 to 3\n'
    ),
    'replicaset': (
        'Name:           web-7d4b9c6f5\n'
        'Namespace:      default\n'
        'Selector:       app=web,pod-template-hash=7d4b9c6f5\n'
        'Labels:         app=web\n'
        '                pod-template-hash=7d4b9c6f5\n'
        'Annotations:    deployment.kubernetes.io/revision: 2\n'
        'Controlled By:  Deployment/web\n'
        'Replicas:       3 current / 3 desired\n'
        'Pods Status:    3 Running / 1 Waiting / 0 Succeeded / 0 Failed\n'
        'Pod Template:\n'
        '  Labels:  app=web\n'
        '  Containers:\n'
        '   nginx:\n'
        '    Image:         nginx:1.25\n'
        '    Port:          80/TCP\n'
        '    Host Port:     0/TCP\n'
        '    Environment:   <none>\n'
        '    Mounts:        <none>\n'
        '  Volumes:         <none>\n'
        '  Node-Selectors:  <none>\n'
        '  Tolerations:     <none>\n'
        'Events:            <none>\n'
    ),
    'job': (
        'Name:             pi\n'
        'Namespace:        default\n'
        'Selector:         batch.kubernetes.io/controller-uid=uid-pi\n'
        'Labels:           batch.kubernetes.io/job-name=pi\n'
        'Annotations:      <none>\n'
        'Parallelism:      1\n'
        'Completions:      1\n'
        'Completion Mode:  NonIndexed\n'
        'Suspend:          false\n'
        'Backoff Limit:    6\n'
        'Start Time:       Sun, 22 Nov 2026 19:41:44 +0000\n'
        'Completed At:     Sun, 22 Nov 2026 19:43:44 +0000\n'
        'Duration:         2m\n'
        'Pods Statuses:    0 Active (0 Ready) / 1 Succeeded / 0 Failed\n'
        'Pod Template:\n'
        '  Labels:  batch.kubernetes.io/job-name=pi\n'
        '  Containers:\n'
        '   pi:\n'
        '    Image:      perl:5.34\n'
        '    Port:       <none>\n'
        '    Host Port:  <none>\n'
        '    Command:\n'
        '      perl\n'
        '      -Mbignum=bpi\n'
        '      -wle\n'
        '      print bpi(2000)\n'
        '    Environment:   <none>\n'
        '    Mounts:        <none>\n'
        '  Volumes:         <none>\n'
        '  Node-Selectors:  <none>\n'
        '  Tolerations:     <none>\n'
        'Events:\n'
        '  Type    Reason     Age   From            Message\n'
        '  ----    ------     ----  ----            -------\n'
        '  Normal  Completed  18m   job-controller  Job completed\n'
    ),
    'cronjob': (
        'Name:                          hello\n'
        'Namespace:                     default\n'
        'Labels:                        <none>\n'
        'Annotations:                   <none>\n'
        'Schedule:                      */1 * * * *\n'
        'Concurrency Policy:            Allow\n'
        'Suspend:                       False\n'
        'Successful Job History Limit:  3\n'
        'Failed Job History Limit:      1\n'
        'Starting Deadline Seconds:     <unset>\n'
        'Selector:                      <unset>\n'
        'Parallelism:                   <unset>\n'
        'Completions:                   <unset>\n'
        'Pod Template:\n'
        '  Labels:  <none>\n'
        '  Containers:\n'
        '   hello:\n'
        '    Image:      busybox:1.28\n'
        '    Port:       <none>\n'
        '    Host Port:  <none>\n'
        '    Command:\n'
        '      /bin/sh\n'
        '      -c\n'
        '      date; echo Hello\n'
        '    Environment:     <none>\n'
        '    Mounts:          <none>\n'
        '  Volumes:           <none>\n'
        '  Node-Selectors:    <none>\n'
        '  Tolerations:       <none>\n'
        'Last Schedule Time:  Sun, 22 Nov 2026 19:50:44 +0000\n'
        'Active Jobs:         hello-29123456\n'
        'Events:              <none>\n'
    ),
    'node': (
        'Name:               node-1\n'
        'Roles:              worker\n'
        'Labels:             kubernetes.io/hostname=node-1\n'
        '                    node-role.kubernetes.io/worker=\n'
        'Annotations:        node.alpha.kubernetes.io/ttl: 0\n'
        'CreationTimestamp:  Thu, 19 Nov 2026 20:01:44 +0000\n'
        'Taints:             dedicated=gpu:NoSchedule\n'
        'Unschedulable:      false\n'
        'Lease:\n'
        '  HolderIdentity:  node-1\n'
        '  AcquireTime:     <unset>\n'
        '  RenewTime:       Sun, 22 Nov 2026 19:51:44 +0000\n'
        'Conditions:\n'
        '  Type             Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message\n'
        '  ----             ------  -----------------                 ------------------                ------                       -------\n'
        '  MemoryPressure   False   Sun, 22 Nov 2026 19:51:44 +0000   Sat, 21 Nov 2026 20:01:44 +0000   KubeletHasSufficientMemory   kubelet has sufficient memory available\n'
        '  Ready            True    Sun, 22 Nov 2026 19:51:44 +0000   Sat, 21 Nov 2026 20:01:44 +0000   KubeletReady                 kubelet is posting ready status\n'
        'Addresses:\n'
        '  InternalIP:  192.168.49.3\n'
        '  Hostname:    node-1\n'
        'Capacity:\n'
        '  cpu:                4\n'
        '  ephemeral-storage:  100Gi\n'
        '  memory:             8Gi\n'
        '  pods:               110\n'
        'Allocatable:\n'
        '  cpu:                4\n'
        '  ephemeral-storage:  100Gi\n'
        '  memory:             8Gi\n'
        '  pods:               110\n'
        'System Info:\n'
        '  Machine ID:                 m1\n'
        '  System UUID:                s1\n'
        '  Boot ID:                    b1\n'
        '  Kernel Version:             6.8.0-45-generic\n'
        '  OS Image:                   Ubuntu 24.04 LTS\n'
        '  Operating System:           linux\n'
        '  Architecture:               amd64\n'
        '  Container Runtime Version:  containerd://2.0.0\n'
        '  Kubelet Version:            v1.35.0\n'
        '  Kube-Proxy Version:         \n'
        'PodCIDR:                      10.244.1.0/24\n'
        'PodCIDRs:                     10.244.1.0/24\n'
        'Non-terminated Pods:          (7 in total)\n'
        '  Namespace                   Name                   CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age\n'
        '  ---------                   ----                   ------------  ----------  ---------------  -------------  ---\n'
        '  default                     web-7d4b9c6f5-abcde    100m (2%)     0 (0%)      128Mi (1%)       256Mi (3%)     120m\n'
        '  default                     web-7d4b9c6f5-a        0 (0%)        0 (0%)      0 (0%)           0 (0%)         60m\n'
        '  default                     web-7d4b9c6f5-b        0 (0%)        0 (0%)      0 (0%)           0 (0%)         60m\n'
        '  default                     web-7d4b9c6f5-c        0 (0%)        0 (0%)      0 (0%)           0 (0%)         60m\n'
        '  default                     web-1                  100m (2%)     0 (0%)      128Mi (1%)       256Mi (3%)     60m\n'
        '  kube-system                 kube-proxy-x           0 (0%)        0 (0%)      0 (0%)           0 (0%)         24h\n'
        '  default                     big                    1500m (37%)   2 (50%)     1Gi (12%)        2Gi (25%)      60m\n'
        'Allocated resources:\n'
        '  (Total limits may be over 100 percent, i.e., overcommitted.)\n'
        '  Resource           Requests      Limits\n'
        '  --------           --------      ------\n'
        '  cpu                1700m (42%)   2 (50%)\n'
        '  memory             1280Mi (15%)  2560Mi (31%)\n'
        '  ephemeral-storage  0 (0%)        0 (0%)\n'
        'Events:\n'
        '  Type    Reason     Age   From     Message\n'
        '  ----    ------     ----  ----     -------\n'
        '  Normal  NodeReady  24h   kubelet  Node node-1 status is now: NodeReady\n'
    ),
    'service': (
        'Name:                     web\n'
        'Namespace:                default\n'
        'Labels:                   app=web\n'
        'Annotations:              <none>\n'
        'Selector:                 app=web\n'
        'Type:                     NodePort\n'
        'IP Family Policy:         SingleStack\n'
        'IP Families:              IPv4\n'
        'IP:                       10.96.12.34\n'
        'IPs:                      10.96.12.34\n'
        'Port:                     http  80/TCP\n'
        'TargetPort:               8080/TCP\n'
        'NodePort:                 http  30080/TCP\n'
        'Endpoints:                10.244.1.1:8080,10.244.1.2:8080,10.244.1.4:8080 + 2 more...\n'
        'Port:                     metrics  9090/TCP\n'
        'TargetPort:               metrics/TCP\n'
        'NodePort:                 metrics  30090/TCP\n'
        'Endpoints:                10.244.1.1:9090,10.244.1.2:9090,10.244.1.4:9090 + 2 more...\n'
        'Session Affinity:         None\n'
        'External Traffic Policy:  Cluster\n'
        'Internal Traffic Policy:  Cluster\n'
        'Events:                   <none>\n'
    ),
    'ingress': (
        'Name:             web\n'
        'Labels:           <none>\n'
        'Namespace:        default\n'
        'Address:          192.168.49.2\n'
        'Ingress Class:    nginx\n'
        'Default backend:  <default>\n'
        'TLS:\n'
        '  tls terminates foo.example.com\n'
        'Rules:\n'
        '  Host             Path  Backends\n'
        '  ----             ----  --------\n'
        '  foo.example.com  \n'
        '                   /      web:80 (10.244.1.1:8080,10.244.1.2:8080,10.244.1.4:8080 + 2 more...)\n'
        '                   /api   api:http (<error: services "api" not found>)\n'
        '  *                \n'
        '                   /m   web:metrics (10.244.1.1:9090,10.244.1.2:9090,10.244.1.4:9090 + 2 more...)\n'
        'Annotations:       nginx.ingress.kubernetes.io/rewrite-target: /\n'
        'Events:            <none>\n'
    ),
    'configmap': (
        'Name:         cfg\n'
        'Namespace:    default\n'
        'Labels:       <none>\n'
        'Annotations:  <none>\n'
        '\n'
        'Data\n'
        '====\n'
        'app.properties:\n'
        '----\n'
        'a=1\n'
        'b=2\n'
        '\n'
        '\n'
        'mode:\n'
        '----\n'
        'prod\n'
        '\n'
        '\n'
        'BinaryData\n'
        '====\n'
        '\n'
        'Events:  <none>\n'
    ),
    'secret': (
        'Name:         db\n'
        'Namespace:    default\n'
        'Labels:       <none>\n'
        'Annotations:  <none>\n'
        '\n'
        'Type:  Opaque\n'
        '\n'
        'Data\n'
        '====\n'
        'password:  6 bytes\n'
        'user:      5 bytes\n'
    ),
    'namespace': (
        'Name:         default\n'
        'Labels:       kubernetes.io/metadata.name=default\n'
        'Annotations:  <none>\n'
        'Status:       Active\n'
        '\n'
        'Resource Quotas\n'
        '  Name:            compute\n'
        '  Resource         Used        Hard\n'
        '  --------         ---         ---\n'
        '  pods             2           10\n'
        '  requests.cpu     200m        1\n'
        '  requests.memory  1073741824  2Gi\n'
        '\n'
        'No LimitRange resource.\n'
    ),
    'quota': (
        'Name:            compute\n'
        'Namespace:       default\n'
        'Resource         Used  Hard\n'
        '--------         ----  ----\n'
        'pods             2     10\n'
        'requests.cpu     200m  1\n'
        'requests.memory  1Gi   2Gi\n'
    ),
    'lease (generic)': (
        'Name:         node-1\n'
        'Namespace:    kube-node-lease\n'
        'Labels:       <none>\n'
        'Annotations:  <none>\n'
        'API Version:  coordination.k8s.io/v1\n'
        'Kind:         Lease\n'
        'Metadata:\n'
        '  Creation Timestamp:  2026-11-21T20:01:44Z\n'
        '  Owner References:\n'
        '    API Version:           v1\n'
        '    Block Owner Deletion:  true\n'
        '    Controller:            true\n'
        '    Kind:                  Node\n'
        '    Name:                  node-1\n'
        '    UID:                   uid-node-node-1\n'
        '  Resource Version:        7\n'
        '  UID:                     uid-lease-node-1\n'
        'Spec:\n'
        '  Holder Identity:         node-1\n'
        '  Lease Duration Seconds:  40\n'
        '  Renew Time:              2026-11-22T19:51:44.000000Z\n'
        'Events:                    <none>\n'
    ),
    'role': (
        'Name:         pod-reader\n'
        'Labels:       <none>\n'
        'Annotations:  <none>\n'
        'PolicyRule:\n'
        '  Resources         Non-Resource URLs  Resource Names  Verbs\n'
        '  ---------         -----------------  --------------  -----\n'
        '  pods              []                 []              [get watch list delete]\n'
        '  pods/log          []                 []              [get watch list]\n'
        '  deployments.apps  []                 [web]           [get]\n'
    ),
    'rolebinding': (
        'Name:         read-pods\n'
        'Labels:       <none>\n'
        'Annotations:  <none>\n'
        'Role:\n'
        '  Kind:  Role\n'
        '  Name:  pod-reader\n'
        'Subjects:\n'
        '  Kind            Name     Namespace\n'
        '  ----            ----     ---------\n'
        '  User            jane     \n'
        '  ServiceAccount  default  default\n'
    ),
}
# END EXPECTED


@pytest.mark.parametrize("name,args,target,related", CASES, ids=[c[0] for c in CASES])
def test_describe_matches_kubectl(name, args, target, related):
    """describe() prints what kubectl v1.35 prints for the same objects and events."""
    assert describe(target, events_of(target), related, now=NOW) == EXPECTED[name]


def test_no_events_section_when_events_are_hidden():
    """events=None is --show-events=false: no Events section at all."""
    assert "Events" not in describe(CONFIGMAP, None, {}, now=NOW)
    assert describe(CONFIGMAP, [], {}, now=NOW).endswith("Events:  <none>\n")


@pytest.mark.parametrize("field,label", [
    ("holderIdentity", "Holder Identity"), ("apiVersion", "API Version"), ("uid", "UID"),
    ("leaseDurationSeconds", "Lease Duration Seconds"), ("v1beta1", "v1beta1"),
    ("HTTPServer", "HTTP Server"), ("kube-proxy", "Kube - Proxy")])
def test_smart_label_for(field, label):
    """The generic describer turns camelCase keys into words (fatih/camelcase)."""
    assert smart_label_for(field) == label


def test_camelcase_split():
    """camelcase.Split keeps acronyms together and splits digits off."""
    assert camelcase_split("PDFLoader") == ["PDF", "Loader"]
    assert camelcase_split("v1beta1") == ["v", "1", "beta", "1"]
