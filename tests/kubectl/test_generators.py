"""`kubectl create <kind>` and `kubectl run` build the same objects as kubectl v1.35.

The expected YAML, JSON and error texts were printed by the real kubectl v1.35.2
(`kubectl <args> --dry-run=client -o yaml|json`); commands that consult discovery
(`run`, `create role|clusterrole`, `create job --from`) ran against a stub API server
serving the model's resource list and the CronJob below. test_live_matches_kubectl
repeats every case, and more, against the binary when it is installed.
"""

import json
import shlex
import shutil
import subprocess

import pytest

from k8s_model.api.serialization import to_json, to_yaml
from k8s_model.kubectl.generators import GeneratorError, generate, generate_all
from tests.kubectl.stub_apiserver import serving

CRONJOB = {
    "apiVersion": "batch/v1", "kind": "CronJob",
    "metadata": {"name": "cj", "namespace": "default", "uid": "1234-uid",
                 "resourceVersion": "10", "creationTimestamp": "2024-01-01T00:00:00Z"},
    "spec": {"schedule": "*/1 * * * *", "concurrencyPolicy": "Allow", "suspend": False,
             "successfulJobsHistoryLimit": 3, "failedJobsHistoryLimit": 1,
             "jobTemplate": {
                 "metadata": {"labels": {"x": "y"},
                              "annotations": {"a": "b",
                                              "cronjob.kubernetes.io/instantiate": "zzz"}},
                 "spec": {"backoffLimit": 6, "completionMode": "NonIndexed", "template": {
                     "metadata": {},
                     "spec": {"containers": [{
                         "name": "c", "image": "busybox", "command": ["date"],
                         "imagePullPolicy": "Always", "resources": {},
                         "terminationMessagePath": "/dev/termination-log",
                         "terminationMessagePolicy": "File"}],
                         "restartPolicy": "OnFailure", "dnsPolicy": "ClusterFirst",
                         "schedulerName": "default-scheduler", "securityContext": {},
                         "terminationGracePeriodSeconds": 30}}}}}}
DEPLOYMENT = {"apiVersion": "apps/v1", "kind": "Deployment",
              "metadata": {"name": "web", "namespace": "default"},
              "spec": {"selector": {"matchLabels": {"app": "web"}}}}


def get(resource, name, namespace):
    """What the API server would answer for `--from=cronjob/cj` (or a Deployment)."""
    for obj in (CRONJOB, DEPLOYMENT):
        if obj["kind"] == resource.kind and obj["metadata"]["name"] == name:
            return json.loads(json.dumps(obj))
    raise GeneratorError(f'Error from server (NotFound): {resource.group_resource} "{name}" '
                         "not found")


def words(case: str, *extra: str) -> list[str]:
    """The argv, with `extra` flags inserted before any `--` (after it they'd be args)."""
    argv = shlex.split(case)
    at = argv.index("--") if "--" in argv else len(argv)
    return argv[:at] + list(extra) + argv[at:]


YAML_CASES = [
    ('create deployment web --image=nginx --replicas=3 --port=80',
     ('apiVersion: apps/v1\n'
      'kind: Deployment\n'
      'metadata:\n'
      '  labels:\n'
      '    app: web\n'
      '  name: web\n'
      'spec:\n'
      '  replicas: 3\n'
      '  selector:\n'
      '    matchLabels:\n'
      '      app: web\n'
      '  strategy: {}\n'
      '  template:\n'
      '    metadata:\n'
      '      labels:\n'
      '        app: web\n'
      '    spec:\n'
      '      containers:\n'
      '      - image: nginx\n'
      '        name: nginx\n'
      '        ports:\n'
      '        - containerPort: 80\n'
      '        resources: {}\n'
      'status: {}\n')),
    ('create deploy web --image=busybox -- sleep 3600',
     ('apiVersion: apps/v1\n'
      'kind: Deployment\n'
      'metadata:\n'
      '  labels:\n'
      '    app: web\n'
      '  name: web\n'
      'spec:\n'
      '  replicas: 1\n'
      '  selector:\n'
      '    matchLabels:\n'
      '      app: web\n'
      '  strategy: {}\n'
      '  template:\n'
      '    metadata:\n'
      '      labels:\n'
      '        app: web\n'
      '    spec:\n'
      '      containers:\n'
      '      - command:\n'
      '        - sleep\n'
      '        - "3600"\n'
      '        image: busybox\n'
      '        name: busybox\n'
      '        resources: {}\n'
      'status: {}\n')),
    ('create deployment web --image=nginx,redis',
     ('apiVersion: apps/v1\n'
      'kind: Deployment\n'
      'metadata:\n'
      '  labels:\n'
      '    app: web\n'
      '  name: web\n'
      'spec:\n'
      '  replicas: 1\n'
      '  selector:\n'
      '    matchLabels:\n'
      '      app: web\n'
      '  strategy: {}\n'
      '  template:\n'
      '    metadata:\n'
      '      labels:\n'
      '        app: web\n'
      '    spec:\n'
      '      containers:\n'
      '      - image: nginx\n'
      '        name: nginx\n'
      '        resources: {}\n'
      '      - image: redis\n'
      '        name: redis\n'
      '        resources: {}\n'
      'status: {}\n')),
    ('create deployment web --image=nginx -n dev',
     ('apiVersion: apps/v1\n'
      'kind: Deployment\n'
      'metadata:\n'
      '  labels:\n'
      '    app: web\n'
      '  name: web\n'
      '  namespace: dev\n'
      'spec:\n'
      '  replicas: 1\n'
      '  selector:\n'
      '    matchLabels:\n'
      '      app: web\n'
      '  strategy: {}\n'
      '  template:\n'
      '    metadata:\n'
      '      labels:\n'
      '        app: web\n'
      '    spec:\n'
      '      containers:\n'
      '      - image: nginx\n'
      '        name: nginx\n'
      '        resources: {}\n'
      'status: {}\n')),
    ('create deployment web --image=nginx --save-config',
     ('apiVersion: apps/v1\n'
      'kind: Deployment\n'
      'metadata:\n'
      '  annotations:\n'
      '    kubectl.kubernetes.io/last-applied-configuration: |\n'
      '      {"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"web","'
      'labels":{"app":"web"}},"spec":{"replicas":1,"selector":{"matchLabels":{"app"'
      ':"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers'
      '":[{"name":"nginx","image":"nginx","resources":{}}]}},"strategy":{}},"status'
      '":{}}\n'
      '  labels:\n'
      '    app: web\n'
      '  name: web\n'
      'spec:\n'
      '  replicas: 1\n'
      '  selector:\n'
      '    matchLabels:\n'
      '      app: web\n'
      '  strategy: {}\n'
      '  template:\n'
      '    metadata:\n'
      '      labels:\n'
      '        app: web\n'
      '    spec:\n'
      '      containers:\n'
      '      - image: nginx\n'
      '        name: nginx\n'
      '        resources: {}\n'
      'status: {}\n')),
    ('create service clusterip my-cs --tcp=5678:8080',
     ('apiVersion: v1\n'
      'kind: Service\n'
      'metadata:\n'
      '  labels:\n'
      '    app: my-cs\n'
      '  name: my-cs\n'
      'spec:\n'
      '  ports:\n'
      '  - name: 5678-8080\n'
      '    port: 5678\n'
      '    protocol: TCP\n'
      '    targetPort: 8080\n'
      '  selector:\n'
      '    app: my-cs\n'
      '  type: ClusterIP\n'
      'status:\n'
      '  loadBalancer: {}\n')),
    ('create service clusterip my-cs --clusterip=None',
     ('apiVersion: v1\n'
      'kind: Service\n'
      'metadata:\n'
      '  labels:\n'
      '    app: my-cs\n'
      '  name: my-cs\n'
      'spec:\n'
      '  clusterIP: None\n'
      '  selector:\n'
      '    app: my-cs\n'
      '  type: ClusterIP\n'
      'status:\n'
      '  loadBalancer: {}\n')),
    ('create svc nodeport np --tcp=80:http,443 --node-port=30080',
     ('apiVersion: v1\n'
      'kind: Service\n'
      'metadata:\n'
      '  labels:\n'
      '    app: np\n'
      '  name: np\n'
      'spec:\n'
      '  ports:\n'
      '  - name: 80-http\n'
      '    nodePort: 30080\n'
      '    port: 80\n'
      '    protocol: TCP\n'
      '    targetPort: http\n'
      '  - name: "443"\n'
      '    nodePort: 30080\n'
      '    port: 443\n'
      '    protocol: TCP\n'
      '    targetPort: 443\n'
      '  selector:\n'
      '    app: np\n'
      '  type: NodePort\n'
      'status:\n'
      '  loadBalancer: {}\n')),
    ('create service loadbalancer lb --tcp=80',
     ('apiVersion: v1\n'
      'kind: Service\n'
      'metadata:\n'
      '  labels:\n'
      '    app: lb\n'
      '  name: lb\n'
      'spec:\n'
      '  ports:\n'
      '  - name: "80"\n'
      '    port: 80\n'
      '    protocol: TCP\n'
      '    targetPort: 80\n'
      '  selector:\n'
      '    app: lb\n'
      '  type: LoadBalancer\n'
      'status:\n'
      '  loadBalancer: {}\n')),
    ('create service externalname ex --external-name=bar.com',
     ('apiVersion: v1\n'
      'kind: Service\n'
      'metadata:\n'
      '  labels:\n'
      '    app: ex\n'
      '  name: ex\n'
      'spec:\n'
      '  externalName: bar.com\n'
      '  selector:\n'
      '    app: ex\n'
      '  type: ExternalName\n'
      'status:\n'
      '  loadBalancer: {}\n')),
    ("create job j --image=busybox -- sh -c 'echo hi'",
     ('apiVersion: batch/v1\n'
      'kind: Job\n'
      'metadata:\n'
      '  name: j\n'
      'spec:\n'
      '  template:\n'
      '    metadata: {}\n'
      '    spec:\n'
      '      containers:\n'
      '      - command:\n'
      '        - sh\n'
      '        - -c\n'
      '        - echo hi\n'
      '        image: busybox\n'
      '        name: j\n'
      '        resources: {}\n'
      '      restartPolicy: Never\n'
      'status: {}\n')),
    ('create job j --from=cronjob/cj',
     ('apiVersion: batch/v1\n'
      'kind: Job\n'
      'metadata:\n'
      '  annotations:\n'
      '    a: b\n'
      '    cronjob.kubernetes.io/instantiate: zzz\n'
      '  labels:\n'
      '    x: "y"\n'
      '  name: j\n'
      '  ownerReferences:\n'
      '  - apiVersion: batch/v1\n'
      '    controller: true\n'
      '    kind: CronJob\n'
      '    name: cj\n'
      '    uid: 1234-uid\n'
      'spec:\n'
      '  backoffLimit: 6\n'
      '  completionMode: NonIndexed\n'
      '  template:\n'
      '    metadata: {}\n'
      '    spec:\n'
      '      containers:\n'
      '      - command:\n'
      '        - date\n'
      '        image: busybox\n'
      '        imagePullPolicy: Always\n'
      '        name: c\n'
      '        resources: {}\n'
      '        terminationMessagePath: /dev/termination-log\n'
      '        terminationMessagePolicy: File\n'
      '      dnsPolicy: ClusterFirst\n'
      '      restartPolicy: OnFailure\n'
      '      schedulerName: default-scheduler\n'
      '      securityContext: {}\n'
      '      terminationGracePeriodSeconds: 30\n'
      'status: {}\n')),
    ("create cronjob cj --image=busybox --schedule='*/1 * * * *' -- date",
     ('apiVersion: batch/v1\n'
      'kind: CronJob\n'
      'metadata:\n'
      '  name: cj\n'
      'spec:\n'
      '  jobTemplate:\n'
      '    metadata:\n'
      '      name: cj\n'
      '    spec:\n'
      '      template:\n'
      '        metadata: {}\n'
      '        spec:\n'
      '          containers:\n'
      '          - command:\n'
      '            - date\n'
      '            image: busybox\n'
      '            name: cj\n'
      '            resources: {}\n'
      '          restartPolicy: OnFailure\n'
      "  schedule: '*/1 * * * *'\n"
      'status: {}\n')),
    ('create namespace dev',
     ('apiVersion: v1\n'
      'kind: Namespace\n'
      'metadata:\n'
      '  name: dev\n'
      'spec: {}\n'
      'status: {}\n')),
    ('create sa sa1 -n team',
     ('apiVersion: v1\n'
      'kind: ServiceAccount\n'
      'metadata:\n'
      '  name: sa1\n'
      '  namespace: team\n')),
    ('create configmap cm --from-literal=a=1 --from-literal=b=hello --from-literal=c=x=y',
     ('apiVersion: v1\n'
      'data:\n'
      '  a: "1"\n'
      '  b: hello\n'
      '  c: x=y\n'
      'kind: ConfigMap\n'
      'metadata:\n'
      '  name: cm\n')),
    ('create configmap cm --from-literal=a=1 --append-hash',
     ('apiVersion: v1\n'
      'data:\n'
      '  a: "1"\n'
      'kind: ConfigMap\n'
      'metadata:\n'
      '  name: cm-9hfg4tdfc6\n')),
    ('create secret generic s --from-literal=user=admin --from-literal=pw=p@ss',
     ('apiVersion: v1\n'
      'data:\n'
      '  pw: cEBzcw==\n'
      '  user: YWRtaW4=\n'
      'kind: Secret\n'
      'metadata:\n'
      '  name: s\n')),
    ('create secret generic s --from-literal=a=1 --append-hash',
     ('apiVersion: v1\n'
      'data:\n'
      '  a: MQ==\n'
      'kind: Secret\n'
      'metadata:\n'
      '  name: s-gtkfk5m49d\n')),
    (('create secret docker-registry reg --docker-username=u --docker-password=p --dock'
     'er-email=e@x.com'),
     ('apiVersion: v1\n'
      'data:\n'
      '  .dockerconfigjson: eyJhdXRocyI6eyJodHRwczovL2luZGV4LmRvY2tlci5pby92MS8iOns'
      'idXNlcm5hbWUiOiJ1IiwicGFzc3dvcmQiOiJwIiwiZW1haWwiOiJlQHguY29tIiwiYXV0aCI6ImR'
      'UcHcifX19\n'
      'kind: Secret\n'
      'metadata:\n'
      '  name: reg\n'
      'type: kubernetes.io/dockerconfigjson\n')),
    ('create ingress simple --rule=foo.com/bar=svc1:8080,tls=my-cert',
     ('apiVersion: networking.k8s.io/v1\n'
      'kind: Ingress\n'
      'metadata:\n'
      '  name: simple\n'
      'spec:\n'
      '  rules:\n'
      '  - host: foo.com\n'
      '    http:\n'
      '      paths:\n'
      '      - backend:\n'
      '          service:\n'
      '            name: svc1\n'
      '            port:\n'
      '              number: 8080\n'
      '        path: /bar\n'
      '        pathType: Exact\n'
      '  tls:\n'
      '  - hosts:\n'
      '    - foo.com\n'
      '    secretName: my-cert\n'
      'status:\n'
      '  loadBalancer: {}\n')),
    ('create ing x --rule=a.com/=s:80,tls --rule=b.com/=s:80,tls --rule=a.com/y=s:80,tls=sec',
     ('apiVersion: networking.k8s.io/v1\n'
      'kind: Ingress\n'
      'metadata:\n'
      '  name: x\n'
      'spec:\n'
      '  rules:\n'
      '  - host: a.com\n'
      '    http:\n'
      '      paths:\n'
      '      - backend:\n'
      '          service:\n'
      '            name: s\n'
      '            port:\n'
      '              number: 80\n'
      '        path: /\n'
      '        pathType: Exact\n'
      '      - backend:\n'
      '          service:\n'
      '            name: s\n'
      '            port:\n'
      '              number: 80\n'
      '        path: /y\n'
      '        pathType: Exact\n'
      '  - host: b.com\n'
      '    http:\n'
      '      paths:\n'
      '      - backend:\n'
      '          service:\n'
      '            name: s\n'
      '            port:\n'
      '              number: 80\n'
      '        path: /\n'
      '        pathType: Exact\n'
      '  tls:\n'
      '  - hosts:\n'
      '    - a.com\n'
      '    - b.com\n'
      'status:\n'
      '  loadBalancer: {}\n')),
    ('create ingress x --default-backend=web:80 -n shop',
     ('apiVersion: networking.k8s.io/v1\n'
      'kind: Ingress\n'
      'metadata:\n'
      '  name: x\n'
      '  namespace: shop\n'
      'spec:\n'
      '  defaultBackend:\n'
      '    service:\n'
      '      name: web\n'
      '      port:\n'
      '        number: 80\n'
      'status:\n'
      '  loadBalancer: {}\n')),
    ('create role pod-reader --verb=get --verb=list --verb=watch --resource=pods',
     ('apiVersion: rbac.authorization.k8s.io/v1\n'
      'kind: Role\n'
      'metadata:\n'
      '  name: pod-reader\n'
      'rules:\n'
      '- apiGroups:\n'
      '  - ""\n'
      '  resources:\n'
      '  - pods\n'
      '  verbs:\n'
      '  - get\n'
      '  - list\n'
      '  - watch\n')),
    (('create role r --verb=get,list --verb=watch --resource=pods,deployments.apps --re'
     'source=deploy --resource-name=a --resource-name=b'),
     ('apiVersion: rbac.authorization.k8s.io/v1\n'
      'kind: Role\n'
      'metadata:\n'
      '  name: r\n'
      'rules:\n'
      '- apiGroups:\n'
      '  - ""\n'
      '  resourceNames:\n'
      '  - a\n'
      '  - b\n'
      '  resources:\n'
      '  - pods\n'
      '  verbs:\n'
      '  - get\n'
      '  - list\n'
      '  - watch\n'
      '- apiGroups:\n'
      '  - apps\n'
      '  resourceNames:\n'
      '  - a\n'
      '  - b\n'
      '  resources:\n'
      '  - deployments\n'
      '  verbs:\n'
      '  - get\n'
      '  - list\n'
      '  - watch\n')),
    ('create role r --verb=get --resource=po/log',
     ('apiVersion: rbac.authorization.k8s.io/v1\n'
      'kind: Role\n'
      'metadata:\n'
      '  name: r\n'
      'rules:\n'
      '- apiGroups:\n'
      '  - ""\n'
      '  resources:\n'
      '  - pods/log\n'
      '  verbs:\n'
      '  - get\n')),
    ('create clusterrole cr --verb=get --resource=pods --non-resource-url=/logs/*',
     ('apiVersion: rbac.authorization.k8s.io/v1\n'
      'kind: ClusterRole\n'
      'metadata:\n'
      '  name: cr\n'
      'rules:\n'
      '- apiGroups:\n'
      '  - ""\n'
      '  resources:\n'
      '  - pods\n'
      '  verbs:\n'
      '  - get\n'
      '- nonResourceURLs:\n'
      '  - /logs/*\n'
      '  verbs:\n'
      '  - get\n')),
    (('create clusterrole cr --aggregation-rule=rbac.example.com/aggregate-to-monitorin'
     'g=true,a=b'),
     ('aggregationRule:\n'
      '  clusterRoleSelectors:\n'
      '  - matchLabels:\n'
      '      a: b\n'
      '      rbac.example.com/aggregate-to-monitoring: "true"\n'
      'apiVersion: rbac.authorization.k8s.io/v1\n'
      'kind: ClusterRole\n'
      'metadata:\n'
      '  name: cr\n'
      'rules: null\n')),
    (('create rolebinding rb --role=r --user=alice --user=bob --group=devs --serviceacc'
     'ount=ns1:sa1'),
     ('apiVersion: rbac.authorization.k8s.io/v1\n'
      'kind: RoleBinding\n'
      'metadata:\n'
      '  name: rb\n'
      'roleRef:\n'
      '  apiGroup: rbac.authorization.k8s.io\n'
      '  kind: Role\n'
      '  name: r\n'
      'subjects:\n'
      '- apiGroup: rbac.authorization.k8s.io\n'
      '  kind: User\n'
      '  name: alice\n'
      '- apiGroup: rbac.authorization.k8s.io\n'
      '  kind: User\n'
      '  name: bob\n'
      '- apiGroup: rbac.authorization.k8s.io\n'
      '  kind: Group\n'
      '  name: devs\n'
      '- kind: ServiceAccount\n'
      '  name: sa1\n'
      '  namespace: ns1\n')),
    (('create clusterrolebinding crb --clusterrole=cluster-admin --user=a --group=g --s'
     'erviceaccount=kube-system:default'),
     ('apiVersion: rbac.authorization.k8s.io/v1\n'
      'kind: ClusterRoleBinding\n'
      'metadata:\n'
      '  name: crb\n'
      'roleRef:\n'
      '  apiGroup: rbac.authorization.k8s.io\n'
      '  kind: ClusterRole\n'
      '  name: cluster-admin\n'
      'subjects:\n'
      '- apiGroup: rbac.authorization.k8s.io\n'
      '  kind: User\n'
      '  name: a\n'
      '- apiGroup: rbac.authorization.k8s.io\n'
      '  kind: Group\n'
      '  name: g\n'
      '- kind: ServiceAccount\n'
      '  name: default\n'
      '  namespace: kube-system\n')),
    ('create quota q --hard=cpu=1000m,memory=1024Mi,x=0.5',
     ('apiVersion: v1\n'
      'kind: ResourceQuota\n'
      'metadata:\n'
      '  name: q\n'
      'spec:\n'
      '  hard:\n'
      '    cpu: "1"\n'
      '    memory: 1Gi\n'
      '    x: 500m\n'
      'status: {}\n')),
    ("create pdb p --selector='app in (b,a),!z' --min-available=1",
     ('apiVersion: policy/v1\n'
      'kind: PodDisruptionBudget\n'
      'metadata:\n'
      '  name: p\n'
      'spec:\n'
      '  minAvailable: 1\n'
      '  selector:\n'
      '    matchExpressions:\n'
      '    - key: app\n'
      '      operator: In\n'
      '      values:\n'
      '      - a\n'
      '      - b\n'
      '    - key: z\n'
      '      operator: DoesNotExist\n'
      'status:\n'
      '  currentHealthy: 0\n'
      '  desiredHealthy: 0\n'
      '  disruptionsAllowed: 0\n'
      '  expectedPods: 0\n')),
    ('create priorityclass high --value=1000 --description=high --global-default',
     ('apiVersion: scheduling.k8s.io/v1\n'
      'description: high\n'
      'globalDefault: true\n'
      'kind: PriorityClass\n'
      'metadata:\n'
      '  name: high\n'
      'preemptionPolicy: PreemptLowerPriority\n'
      'value: 1000\n')),
    ('run nginx --image=nginx',
     ('apiVersion: v1\n'
      'kind: Pod\n'
      'metadata:\n'
      '  labels:\n'
      '    run: nginx\n'
      '  name: nginx\n'
      'spec:\n'
      '  containers:\n'
      '  - image: nginx\n'
      '    name: nginx\n'
      '    resources: {}\n'
      '  dnsPolicy: ClusterFirst\n'
      '  restartPolicy: Always\n'
      'status: {}\n')),
    (('run web --image=nginx --port=80 --labels=app=web,tier=fe --env=A=1 --env=B=x --r'
     'estart=Never'),
     ('apiVersion: v1\n'
      'kind: Pod\n'
      'metadata:\n'
      '  labels:\n'
      '    app: web\n'
      '    tier: fe\n'
      '  name: web\n'
      'spec:\n'
      '  containers:\n'
      '  - env:\n'
      '    - name: A\n'
      '      value: "1"\n'
      '    - name: B\n'
      '      value: x\n'
      '    image: nginx\n'
      '    name: web\n'
      '    ports:\n'
      '    - containerPort: 80\n'
      '    resources: {}\n'
      '  dnsPolicy: ClusterFirst\n'
      '  restartPolicy: Never\n'
      'status: {}\n')),
    ('run bb --image=busybox --restart=OnFailure --command -- sleep 3600',
     ('apiVersion: v1\n'
      'kind: Pod\n'
      'metadata:\n'
      '  labels:\n'
      '    run: bb\n'
      '  name: bb\n'
      'spec:\n'
      '  containers:\n'
      '  - command:\n'
      '    - sleep\n'
      '    - "3600"\n'
      '    image: busybox\n'
      '    name: bb\n'
      '    resources: {}\n'
      '  dnsPolicy: ClusterFirst\n'
      '  restartPolicy: OnFailure\n'
      'status: {}\n')),
    ('run bb --image=busybox -- sleep 3600',
     ('apiVersion: v1\n'
      'kind: Pod\n'
      'metadata:\n'
      '  labels:\n'
      '    run: bb\n'
      '  name: bb\n'
      'spec:\n'
      '  containers:\n'
      '  - args:\n'
      '    - sleep\n'
      '    - "3600"\n'
      '    image: busybox\n'
      '    name: bb\n'
      '    resources: {}\n'
      '  dnsPolicy: ClusterFirst\n'
      '  restartPolicy: Always\n'
      'status: {}\n')),
    (('run bb --image=busybox --annotations=a=b --annotations=c=d --image-pull-policy=I'
     'fNotPresent --privileged'),
     ('apiVersion: v1\n'
      'kind: Pod\n'
      'metadata:\n'
      '  annotations:\n'
      '    a: b\n'
      '    c: d\n'
      '  labels:\n'
      '    run: bb\n'
      '  name: bb\n'
      'spec:\n'
      '  containers:\n'
      '  - image: busybox\n'
      '    imagePullPolicy: IfNotPresent\n'
      '    name: bb\n'
      '    resources: {}\n'
      '    securityContext:\n'
      '      privileged: true\n'
      '  dnsPolicy: ClusterFirst\n'
      '  restartPolicy: Always\n'
      'status: {}\n')),
    (('run p --image=b --override-type=strategic --overrides=\'{"spec":{"containers":[{"'
     'name":"p","tty":true}]}}\''),
     ('apiVersion: v1\n'
      'kind: Pod\n'
      'metadata:\n'
      '  labels:\n'
      '    run: p\n'
      '  name: p\n'
      'spec:\n'
      '  containers:\n'
      '  - image: b\n'
      '    name: p\n'
      '    resources: {}\n'
      '    tty: true\n'
      '  dnsPolicy: ClusterFirst\n'
      '  restartPolicy: Always\n'
      'status: {}\n')),
]

JSON_CASES = [
    ('create deployment web --image=nginx',
     ('{\n'
      '    "kind": "Deployment",\n'
      '    "apiVersion": "apps/v1",\n'
      '    "metadata": {\n'
      '        "name": "web",\n'
      '        "labels": {\n'
      '            "app": "web"\n'
      '        }\n'
      '    },\n'
      '    "spec": {\n'
      '        "replicas": 1,\n'
      '        "selector": {\n'
      '            "matchLabels": {\n'
      '                "app": "web"\n'
      '            }\n'
      '        },\n'
      '        "template": {\n'
      '            "metadata": {\n'
      '                "labels": {\n'
      '                    "app": "web"\n'
      '                }\n'
      '            },\n'
      '            "spec": {\n'
      '                "containers": [\n'
      '                    {\n'
      '                        "name": "nginx",\n'
      '                        "image": "nginx",\n'
      '                        "resources": {}\n'
      '                    }\n'
      '                ]\n'
      '            }\n'
      '        },\n'
      '        "strategy": {}\n'
      '    },\n'
      '    "status": {}\n'
      '}\n')),
    ('run nginx --image=nginx',
     ('{\n'
      '    "kind": "Pod",\n'
      '    "apiVersion": "v1",\n'
      '    "metadata": {\n'
      '        "name": "nginx",\n'
      '        "labels": {\n'
      '            "run": "nginx"\n'
      '        }\n'
      '    },\n'
      '    "spec": {\n'
      '        "containers": [\n'
      '            {\n'
      '                "name": "nginx",\n'
      '                "image": "nginx",\n'
      '                "resources": {}\n'
      '            }\n'
      '        ],\n'
      '        "restartPolicy": "Always",\n'
      '        "dnsPolicy": "ClusterFirst"\n'
      '    },\n'
      '    "status": {}\n'
      '}\n')),
    ('create service clusterip my-cs --tcp=5678:8080',
     ('{\n'
      '    "kind": "Service",\n'
      '    "apiVersion": "v1",\n'
      '    "metadata": {\n'
      '        "name": "my-cs",\n'
      '        "labels": {\n'
      '            "app": "my-cs"\n'
      '        }\n'
      '    },\n'
      '    "spec": {\n'
      '        "ports": [\n'
      '            {\n'
      '                "name": "5678-8080",\n'
      '                "protocol": "TCP",\n'
      '                "port": 5678,\n'
      '                "targetPort": 8080\n'
      '            }\n'
      '        ],\n'
      '        "selector": {\n'
      '            "app": "my-cs"\n'
      '        },\n'
      '        "type": "ClusterIP"\n'
      '    },\n'
      '    "status": {\n'
      '        "loadBalancer": {}\n'
      '    }\n'
      '}\n')),
    ('create job j --from=cronjob/cj',
     ('{\n'
      '    "kind": "Job",\n'
      '    "apiVersion": "batch/v1",\n'
      '    "metadata": {\n'
      '        "name": "j",\n'
      '        "labels": {\n'
      '            "x": "y"\n'
      '        },\n'
      '        "annotations": {\n'
      '            "a": "b",\n'
      '            "cronjob.kubernetes.io/instantiate": "zzz"\n'
      '        },\n'
      '        "ownerReferences": [\n'
      '            {\n'
      '                "apiVersion": "batch/v1",\n'
      '                "kind": "CronJob",\n'
      '                "name": "cj",\n'
      '                "uid": "1234-uid",\n'
      '                "controller": true\n'
      '            }\n'
      '        ]\n'
      '    },\n'
      '    "spec": {\n'
      '        "backoffLimit": 6,\n'
      '        "template": {\n'
      '            "metadata": {},\n'
      '            "spec": {\n'
      '                "containers": [\n'
      '                    {\n'
      '                        "name": "c",\n'
      '                        "image": "busybox",\n'
      '                        "command": [\n'
      '                            "date"\n'
      '                        ],\n'
      '                        "resources": {},\n'
      '                        "terminationMessagePath": "/dev/termination-log",\n'
      '                        "terminationMessagePolicy": "File",\n'
      '                        "imagePullPolicy": "Always"\n'
      '                    }\n'
      '                ],\n'
      '                "restartPolicy": "OnFailure",\n'
      '                "terminationGracePeriodSeconds": 30,\n'
      '                "dnsPolicy": "ClusterFirst",\n'
      '                "securityContext": {},\n'
      '                "schedulerName": "default-scheduler"\n'
      '            }\n'
      '        },\n'
      '        "completionMode": "NonIndexed"\n'
      '    },\n'
      '    "status": {}\n'
      '}\n')),
    ('create ingress simple --rule=foo.com/bar=svc1:8080,tls=my-cert',
     ('{\n'
      '    "kind": "Ingress",\n'
      '    "apiVersion": "networking.k8s.io/v1",\n'
      '    "metadata": {\n'
      '        "name": "simple"\n'
      '    },\n'
      '    "spec": {\n'
      '        "tls": [\n'
      '            {\n'
      '                "hosts": [\n'
      '                    "foo.com"\n'
      '                ],\n'
      '                "secretName": "my-cert"\n'
      '            }\n'
      '        ],\n'
      '        "rules": [\n'
      '            {\n'
      '                "host": "foo.com",\n'
      '                "http": {\n'
      '                    "paths": [\n'
      '                        {\n'
      '                            "path": "/bar",\n'
      '                            "pathType": "Exact",\n'
      '                            "backend": {\n'
      '                                "service": {\n'
      '                                    "name": "svc1",\n'
      '                                    "port": {\n'
      '                                        "number": 8080\n'
      '                                    }\n'
      '                                }\n'
      '                            }\n'
      '                        }\n'
      '                    ]\n'
      '                }\n'
      '            }\n'
      '        ]\n'
      '    },\n'
      '    "status": {\n'
      '        "loadBalancer": {}\n'
      '    }\n'
      '}\n')),
    ('create role pod-reader --verb=get --verb=list --verb=watch --resource=pods',
     ('{\n'
      '    "kind": "Role",\n'
      '    "apiVersion": "rbac.authorization.k8s.io/v1",\n'
      '    "metadata": {\n'
      '        "name": "pod-reader"\n'
      '    },\n'
      '    "rules": [\n'
      '        {\n'
      '            "verbs": [\n'
      '                "get",\n'
      '                "list",\n'
      '                "watch"\n'
      '            ],\n'
      '            "apiGroups": [\n'
      '                ""\n'
      '            ],\n'
      '            "resources": [\n'
      '                "pods"\n'
      '            ]\n'
      '        }\n'
      '    ]\n'
      '}\n')),
    (('create rolebinding rb --role=r --user=alice --user=bob --group=devs --serviceacc'
     'ount=ns1:sa1'),
     ('{\n'
      '    "kind": "RoleBinding",\n'
      '    "apiVersion": "rbac.authorization.k8s.io/v1",\n'
      '    "metadata": {\n'
      '        "name": "rb"\n'
      '    },\n'
      '    "subjects": [\n'
      '        {\n'
      '            "kind": "User",\n'
      '            "apiGroup": "rbac.authorization.k8s.io",\n'
      '            "name": "alice"\n'
      '        },\n'
      '        {\n'
      '            "kind": "User",\n'
      '            "apiGroup": "rbac.authorization.k8s.io",\n'
      '            "name": "bob"\n'
      '        },\n'
      '        {\n'
      '            "kind": "Group",\n'
      '            "apiGroup": "rbac.authorization.k8s.io",\n'
      '            "name": "devs"\n'
      '        },\n'
      '        {\n'
      '            "kind": "ServiceAccount",\n'
      '            "name": "sa1",\n'
      '            "namespace": "ns1"\n'
      '        }\n'
      '    ],\n'
      '    "roleRef": {\n'
      '        "apiGroup": "rbac.authorization.k8s.io",\n'
      '        "kind": "Role",\n'
      '        "name": "r"\n'
      '    }\n'
      '}\n')),
    ('create pdb p --selector=app=web --min-available=50%',
     ('{\n'
      '    "kind": "PodDisruptionBudget",\n'
      '    "apiVersion": "policy/v1",\n'
      '    "metadata": {\n'
      '        "name": "p"\n'
      '    },\n'
      '    "spec": {\n'
      '        "minAvailable": "50%",\n'
      '        "selector": {\n'
      '            "matchLabels": {\n'
      '                "app": "web"\n'
      '            }\n'
      '        }\n'
      '    },\n'
      '    "status": {\n'
      '        "disruptionsAllowed": 0,\n'
      '        "currentHealthy": 0,\n'
      '        "desiredHealthy": 0,\n'
      '        "expectedPods": 0\n'
      '    }\n'
      '}\n')),
    ('create priorityclass high --value=1000 --description=high --global-default',
     ('{\n'
      '    "kind": "PriorityClass",\n'
      '    "apiVersion": "scheduling.k8s.io/v1",\n'
      '    "metadata": {\n'
      '        "name": "high"\n'
      '    },\n'
      '    "value": 1000,\n'
      '    "globalDefault": true,\n'
      '    "description": "high",\n'
      '    "preemptionPolicy": "PreemptLowerPriority"\n'
      '}\n')),
]

ERROR_CASES = [
    ('create deployment',
     'error: required flag(s) "image" not set'),
    ('create deployment web',
     'error: required flag(s) "image" not set'),
    ('create deployment a b --image=x',
     ('error: exactly one NAME is required, got 2\n'
      "See 'kubectl create deployment -h' for help and examples")),
    ('create deployment --image=nginx',
     ('error: exactly one NAME is required, got 0\n'
      "See 'kubectl create deployment -h' for help and examples")),
    ('create deployment web --image=nginx --image=redis -- sleep 1',
     'error: cannot specify multiple --image options and command'),
    ('create deployment web --image=nginx --port=abc',
     ('error: invalid argument "abc" for "--port" flag: strconv.ParseInt: parsing "'
      'abc": invalid syntax\n'
      "See 'kubectl create deployment --help' for usage.")),
    ('create deployment web --image=nginx --replicas=3000000000',
     ('error: invalid argument "3000000000" for "-r, --replicas" flag: strconv.Pars'
      'eInt: parsing "3000000000": value out of range\n'
      "See 'kubectl create deployment --help' for usage.")),
    ('create deployment web --image=nginx --foo',
     ('error: unknown flag: --foo\n'
      "See 'kubectl create deployment --help' for usage.")),
    ('create deployment web --image=nginx -z',
     ("error: unknown shorthand flag: 'z' in -z\n"
      "See 'kubectl create deployment --help' for usage.")),
    ('create deployment web --image=x --save-config=maybe',
     ('error: invalid argument "maybe" for "--save-config" flag: strconv.ParseBool:'
      ' parsing "maybe": invalid syntax\n'
      "See 'kubectl create deployment --help' for usage.")),
    ('create service clusterip x',
     'error: at least one tcp port specifier must be provided'),
    ('create service nodeport x --clusterip=None',
     ('error: unknown flag: --clusterip\n'
      "See 'kubectl create service nodeport --help' for usage.")),
    ('create service externalname ex --external-name=Bar_com',
     'error: invalid service external name Bar_com'),
    ('create service externalname ex',
     'error: required flag(s) "external-name" not set'),
    ('create service clusterip x --tcp=abc',
     'error: strconv.ParseUint: parsing "abc": invalid syntax'),
    ('create service clusterip x --tcp=70000',
     'error: strconv.ParseUint: parsing "70000": value out of range'),
    ('create service clusterip x --tcp=80:70000',
     'error: must be between 1 and 65535, inclusive'),
    ('create service clusterip x --tcp=80:Http_x',
     'error: must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)'),
    ('create service clusterip x --tcp=80:abcdefghijklmnopq',
     'error: must be no more than 15 characters'),
    ('create service clusterip x --tcp=80:0',
     'error: must be between 1 and 65535, inclusive'),
    ('create service clusterip x --tcp=80:a--b',
     'error: must not contain consecutive hyphens'),
    ('create service clusterip x --tcp=80:-ab',
     'error: must not begin or end with a hyphen'),
    ('create service clusterip',
     ('error: exactly one NAME is required, got 0\n'
      "See 'kubectl create service clusterip -h' for help and examples")),
    ('create service clusterip a b --tcp=80',
     ('error: exactly one NAME is required, got 2\n'
      "See 'kubectl create service clusterip -h' for help and examples")),
    ('create service foo x',
     ('error: unknown flag: --dry-run\n'
      "See 'kubectl create service --help' for usage.")),
    ('create job j',
     'error: either --image or --from must be specified'),
    ('create job j --from=cronjob/cj --image=x',
     'error: either --image or --from must be specified'),
    ('create job j --from=cronjob/cj -- echo hi',
     'error: cannot specify --from and command'),
    ('create job j --from=foo/x',
     'error: the server doesn\'t have a resource type "foo"'),
    ('create job j --from=x',
     'error: the server doesn\'t have a resource type "x"'),
    ('create job j --from=cronjob/',
     'error: arguments in resource/name form must have a single resource and name'),
    ('create job j --from=cronjob',
     'error: resource(s) were provided, but no name was specified'),
    ('create job j --from=deployment/web',
     'error: unknown object type *v1.Deployment'),
    ('create cronjob cj --image=busybox',
     'error: required flag(s) "schedule" not set'),
    ('create cronjob cj',
     'error: required flag(s) "image", "schedule" not set'),
    ('create namespace',
     ('error: exactly one NAME is required, got 0\n'
      "See 'kubectl create namespace -h' for help and examples")),
    ('create configmap cm --from-literal=a',
     'error: invalid literal source a, expected key=value'),
    ('create configmap cm --from-literal==v',
     'error: invalid literal source =v, expected key=value'),
    ('create configmap cm --from-literal=a_b=1 --from-literal=a_b=2',
     ('error: cannot add key "a_b", another key by that name already exists in Data'
      ' for ConfigMap "cm"')),
    ('create configmap cm --from-literal=..=1',
     'error: ".." is not a valid key name for a ConfigMap: must not be \'..\''),
    ('create configmap cm --from-literal=.=1',
     'error: "." is not a valid key name for a ConfigMap: must not be \'.\''),
    ('create configmap cm --from-literal=a/b=1',
     ('error: "a/b" is not a valid key name for a ConfigMap: a valid config key mus'
      "t consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or "
      "'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')")),
    ('create secret generic s --from-literal=a=1 --from-literal=a=2',
     'error: cannot add key a, another key by that name already exists'),
    ('create secret generic s --from-literal=..a=1',
     'error: "..a" is not valid key name for a Secret must not start with \'..\''),
    ('create secret generic s --from-literal=a/b=1',
     ('error: "a/b" is not valid key name for a Secret a valid config key must cons'
      "ist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_N"
      "AME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')")),
    ('create secret generic',
     ('error: exactly one NAME is required, got 0\n'
      "See 'kubectl create secret generic -h' for help and examples")),
    ('create secret docker-registry reg',
     ('error: either --from-file or the combination of --docker-username, --docker-'
      'password and --docker-server is required')),
    ('create secret docker-registry reg --docker-username=u --docker-password=p --type=foo',
     ('error: unknown flag: --type\n'
      "See 'kubectl create secret docker-registry --help' for usage.")),
    ('create secret tls t',
     'error: key and cert must be specified'),
    ('create secret foo x',
     ('error: unknown flag: --dry-run\n'
      "See 'kubectl create secret --help' for usage.")),
    ('create ingress x',
     ('error: not enough information provided: every ingress has to either specify '
      'a default-backend (which catches all traffic) or a list of rules (which catc'
      'h specific paths)')),
    ('create ingress x --rule=foo',
     ('error: rule foo is invalid and should be in format host/path=svcname:svcport'
      '[,tls[=secret]]')),
    ('create ingress x --default-backend=a',
     'error: default-backend should be in format servicename:serviceport'),
    ('create ingress x --rule=a.com/=s:80 --annotation=c',
     'error: annotation c is invalid and should be in format key=[value]'),
    ('create role r --verb=get --resource=foo',
     'the server doesn\'t have a resource type "foo"'),
    ('create role r --verb=use --resource=pods',
     "error: can not perform 'use' on 'pods' in group ''"),
    ('create role r --resource=pods',
     'error: at least one verb must be specified'),
    ('create role r --verb=get',
     'error: at least one resource must be specified'),
    ('create role r --verb=get --resource=.apps',
     'error: resource must be specified if apiGroup/subresource specified'),
    ('create role r --verb=get --resource=deployments.foo',
     'the server doesn\'t have a resource type "deployments" in group "foo"'),
    ('create clusterrole cr --aggregation-rule=x=y --verb=get --resource=pods',
     ('error: aggregation rule must be specified without nonResourceURLs, verbs, re'
      'sources or resourceNames')),
    ('create clusterrole cr --aggregation-rule=x',
     ('error: invalid argument "x" for "--aggregation-rule" flag: malformed pair, e'
      'xpect string=string\n'
      "See 'kubectl create clusterrole --help' for usage.")),
    ('create clusterrole cr --verb=get --resource=pods --non-resource-url=logs',
     'error: nonResourceURL should start with /'),
    ('create clusterrole cr --verb=get --non-resource-url=/lo*gs',
     "error: nonResourceURL only supports wildcard matches when '*' is at the end"),
    ('create clusterrole cr --verb=list --non-resource-url=/x',
     "error: invalid verb: 'list' for nonResourceURL"),
    ('create clusterrole cr',
     'error: at least one verb must be specified'),
    ('create clusterrole cr --verb=get',
     'error: one of resource or nonResourceURL must be specified'),
    ('create rolebinding rb --user=a',
     'error: exactly one of clusterrole or role must be specified'),
    ('create rolebinding rb --role=r --clusterrole=c',
     'error: exactly one of clusterrole or role must be specified'),
    ('create rolebinding rb --role=r --serviceaccount=bad',
     'error: serviceaccount must be <namespace>:<name>'),
    ('create clusterrolebinding crb --user=a',
     'error: required flag(s) "clusterrole" not set'),
    ('create clusterrolebinding crb --clusterrole=x --serviceaccount=a:b:c',
     'error: serviceaccount must be <namespace>:<name>'),
    ('create quota q --hard=foo',
     'error: Invalid argument syntax foo, expected <resource>=<value>'),
    ('create quota q --hard=cpu=abc',
     ("error: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinum"
      "kKMGTP]*[-+]?[0-9]*)$'")),
    ('create pdb p --min-available=1',
     'error: a selector must be specified'),
    ('create pdb p --selector=app=web',
     'error: one of min-available or max-unavailable must be specified'),
    ('create pdb p --selector=a=b --min-available=1 --max-unavailable=2',
     'error: min-available and max-unavailable cannot be both specified'),
    ('create pdb p --selector==b --min-available=1',
     ("error: couldn't parse the selector string "
      '"=b": found \'=\', expected: !, identifier, or \'end of string\'')),
    ('create pdb p --selector=a!=b --min-available=1',
     'error: "!=" is not a valid label selector operator'),
    ('create pdb p --selector=a=b --min-available=-1',
     'error: invalid format specified for min-available'),
    ('create pc p --value=abc',
     ('error: invalid argument "abc" for "--value" flag: strconv.ParseInt: parsing '
      '"abc": invalid syntax\n'
      "See 'kubectl create priorityclass --help' for usage.")),
    ('run p --image=b --override-type=foo --overrides={}',
     'error: invalid override type: foo'),
    ('run p --image=b --overrides=bad',
     'error: Invalid JSON Patch'),
    ('run bb --image=busybox --restart=Foo',
     ('error: invalid restart policy: Foo\n'
      "See 'kubectl run -h' for help and examples")),
    ('run --image=busybox',
     ('error: NAME is required for run\n'
      "See 'kubectl run -h' for help and examples")),
    ('run bb',
     'error: required flag(s) "image" not set'),
    ('run bb --image=busybox --labels=bad',
     'error: unexpected label spec: bad'),
    ('run bb --image=busybox --labels==x',
     'error: unexpected empty label key'),
    ('run bb --image=busybox --env=bad',
     'error: invalid env: bad'),
    ('run bb --image=busybox --env=1A=x',
     'error: invalid env: 1A=x'),
    ('run bb --image=busybox --port=abc',
     'error: strconv.Atoi: parsing "abc": invalid syntax'),
    ('run p --image=NGINX',
     'error: Invalid image name "NGINX": invalid reference format'),
    ('run p --image=nginx:',
     'error: Invalid image name "nginx:": invalid reference format'),
    ('run p --image=busybox -t',
     ('error: -i/--stdin is required for containers with -t/--tty=true\n'
      "See 'kubectl run -h' for help and examples")),
    ('run p --image=busybox -i',
     ("error: --dry-run=[server|client] can't be used with attached containers opti"
      'ons (--attach, --stdin, or --tty)\n'
      "See 'kubectl run -h' for help and examples")),
    ('run p --image=busybox --rm',
     ('error: --rm should only be used for attached containers\n'
      "See 'kubectl run -h' for help and examples")),
    ('run p --image=busybox --image-pull-policy=Sometimes',
     ('error: invalid image pull policy: Sometimes\n'
      "See 'kubectl run -h' for help and examples")),
    ('run p --image=busybox --expose',
     ('error: --port must be set when exposing a service\n'
      "See 'kubectl run -h' for help and examples")),
    ('run p --image=',
     'error: --image is required'),
    ('run p --image=b --annotations=a=1 --annotations==x --annotations=y',
     'error: invalid annotations format: =x, y'),
    ('run -- p --image=x',
     'error: required flag(s) "image" not set'),
    (('run p --image=b --override-type=json --overrides=\'[{"op":"remove","path":"/spec/'
     'nope"}]\''),
     ("error: error in remove for path: '/spec/nope': Unable to remove nonexistent "
      'key: nope: missing value')),
    (('run p --image=b --override-type=json --overrides=\'[{"op":"test","path":"/kind","'
     'value":"Job"}]\''),
     'error: testing value /kind failed: test failed'),
    ('run p --image=b --override-type=json --overrides=\'{"a":1}\'',
     'error: json: cannot unmarshal object into Go value of type jsonpatch.Patch'),
    ("run p --image=b --overrides='[1]'",
     ("error: couldn't get version/kind; json parse error: json: cannot unmarshal a"
      'rray into Go value of type struct { APIVersion string "json:'
      '\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }')),
    ('create foo',
     ('error: Unexpected args: [foo]\n'
      "See 'kubectl create -h' for help and examples")),
    ('create foo -o yaml',
     ('error: Unexpected args: [foo]\n'
      "See 'kubectl create -h' for help and examples")),
    ('create',
     'error: must specify one of -f and -k'),
]

# More commands, checked only against the live binary.
MORE_CASES = [
    'create deployment web --image=nginx --image=redis:7 --port=6379',
    ('create deployment web --image=nginx@sha256:0123456789abcdef0123456789abcdef01234'
     '56789abcdef0123456789abcdef'),
    'create deployment web --image=nginx --namespace=dev -r 2',
    'create deployment web --image=nginx --replicas=0x10',
    'create deployment web --image=',
    'create service clusterip my-cs --tcp=80,443:https -n web',
    'create service nodeport np --tcp=80',
    'create service externalname ex --external-name=bar.com --tcp=80',
    'create service clusterip x --tcp=80:8080:9',
    'create service clusterip x --tcp=0',
    'create job j --image=busybox',
    'create job j --image=busybox -n ns1 -- date',
    'create job j --from=cj/cj -n default',
    'create job j --from=cronjobs.batch/cj',
    'create cronjob cj --image=busybox --schedule=@hourly --restart=Never',
    "create cj cj --image=busybox --schedule='0 0 * * *' -n batch",
    'create ns dev -n other',
    'create namespace dev --save-config',
    'create serviceaccount sa1',
    'create configmap cm',
    'create cm cm --from-literal=a=1,b=2 -n x',
    'create configmap cm --from-literal=a=',
    'create secret generic s --type=kubernetes.io/basic-auth --from-literal=username=a',
    'create secret generic s',
    ('create secret docker-registry reg --docker-username=u --docker-password=p --dock'
     'er-server=my.reg:5000'),
    ('create ingress multi --class=default --rule=foo.com/=svc:port --rule=foo.com/adm'
     'in/*=svcadmin:portadmin --rule=/x=a:1,tls --default-backend=defsvc:http --annotation=a=b'),
    'create ingress x --rule=/*=web:80',
    'create role r --verb=get --resource=pod',
    'create role r --verb=bind --resource=roles',
    'create role r --verb=get,*,list --resource=pods',
    'create role r --verb=get --resource=*',
    'create role r --verb=get --resource=Pods',
    'create role r --verb=get --resource=pods,pods,configmaps -n ns',
    'create role r --verb=impersonate --resource=users',
    'create role r --verb=foo --resource=pods',
    'create clusterrole cr --verb=get --non-resource-url=/logs/* --non-resource-url=/healthz',
    'create rolebinding rb --clusterrole=view --serviceaccount=default:x -n dev',
    'create rolebinding rb --role=r',
    'create quota q --hard=cpu=1,memory=1G,pods=2 --scopes=BestEffort,NotTerminating',
    'create quota q',
    'create pdb p --selector=app=web --max-unavailable=1 -n x',
    'create pc low --preemption-policy=Never',
    'run a b --image=x',
    'run p --image=busybox --port=-5',
    'run p --image=busybox -n team',
    'run p --image=busybox -i --attach=false',
    'run p --image=localhost:5000/a/b:1.0',
    ('run p --image=b --overrides=\'{"spec":{"nodeName":"n1"},"metadata":{"labels":null'
     ',"zz":1}}\''),
    ('run p --image=b --override-type=json --overrides=\'[{"op":"add","path":"/spec/nod'
     'eName","value":"n1"}]\''),
    'create service clusterip web --tcp=80:8080 --save-config',
    'create configmap app-config --from-literal=mode=prod --save-config -n dev',
    'run web --image=nginx --port=8080 --save-config',
    'run web --image=nginx --expose --port=80',
    'create -n dev deployment web --image=nginx',
    ('run p --image=b --port=80 --override-type=strategic --overrides=\'{"spec":{"conta'
     'iners":[{"name":"c2","image":"x"},{"name":"p","ports":[{"containerPort":81}]}]}}\''),
    ('run p --image=b --override-type=json --overrides=\'[{"op":"add","path":"/spec/con'
     'tainers/-","value":{"name":"c2","image":"x"}}]\''),
]


RUN_EXPOSE_YAML = (
    'apiVersion: v1\n'
    'kind: Service\n'
    'metadata:\n'
    '  name: web\n'
    'spec:\n'
    '  ports:\n'
    '  - port: 80\n'
    '    protocol: TCP\n'
    '    targetPort: 80\n'
    '  selector:\n'
    '    run: web\n'
    'status:\n'
    '  loadBalancer: {}\n'
    '---\n'
    '---\n'
    'apiVersion: v1\n'
    'kind: Pod\n'
    'metadata:\n'
    '  labels:\n'
    '    run: web\n'
    '  name: web\n'
    'spec:\n'
    '  containers:\n'
    '  - image: nginx\n'
    '    name: web\n'
    '    ports:\n'
    '    - containerPort: 80\n'
    '    resources: {}\n'
    '  dnsPolicy: ClusterFirst\n'
    '  restartPolicy: Always\n'
    'status: {}\n'
)


@pytest.mark.parametrize("case,text", YAML_CASES, ids=[c for c, _ in YAML_CASES])
def test_generated_yaml(case, text):
    """`--dry-run=client -o yaml` prints this object."""
    assert to_yaml(generate(words(case, "--dry-run=client"), get=get)) == text


@pytest.mark.parametrize("case,text", JSON_CASES, ids=[c for c, _ in JSON_CASES])
def test_generated_json_in_go_field_order(case, text):
    """`-o json` of a generated (typed) object follows Go struct order."""
    assert to_json(generate(words(case, "--dry-run=client"), get=get), typed=True) == text


@pytest.mark.parametrize("case,message", ERROR_CASES, ids=[c for c, _ in ERROR_CASES])
def test_bad_input_gets_kubectls_message(case, message):
    """Bad flags and arguments fail with kubectl's exact text (and usage hint)."""
    with pytest.raises(GeneratorError) as caught:
        generate(words(case, "--dry-run=client", "-o", "yaml"), get=get)
    assert str(caught.value) == message


def test_nonstandard_verb_is_a_warning():
    """`create role --verb=foo` warns on stderr but still builds the role."""
    warnings = []
    role = generate(["create", "role", "r", "--verb=foo", "--resource=pods"], warnings=warnings)
    assert warnings == ["Warning: 'foo' is not a standard resource verb"]
    assert role["rules"] == [{"verbs": ["foo"], "apiGroups": [""], "resources": ["pods"]}]


def test_run_expose_makes_a_service_then_the_pod():
    """`run --expose` creates a ClusterIP Service selecting the Pod, printed first."""
    service, pod = generate_all(["run", "web", "--image=nginx", "--expose", "--port=80"])
    assert "---\n---\n".join([to_yaml(service), to_yaml(pod)]) == RUN_EXPOSE_YAML


def test_container_name_from_image_is_a_dns_label():
    """`my_app` images get `my-app-` plus a 5-letter suffix, fixed per image in the model."""
    first = generate(["create", "deployment", "d", "--image=reg:5000/team/my_app:1.2"])
    name = first["spec"]["template"]["spec"]["containers"][0]["name"]
    assert name.startswith("my-app-") and len(name) == len("my-app-") + 5
    again = generate(["create", "deployment", "d", "--image=reg:5000/team/my_app:1.2"])
    assert again == first


def test_job_from_cronjob_asks_the_server():
    """`--from=cronjob/x` reads the CronJob through `get`; its errors pass through."""
    with pytest.raises(GeneratorError, match='cronjobs.batch "nope" not found'):
        generate(["create", "job", "j", "--from=cronjob/nope"], get=get)


# --- live comparison with the kubectl binary --------------------------------------

@pytest.fixture
def kubectl(tmp_path):
    if shutil.which("kubectl") is None:
        pytest.skip("kubectl binary not installed")
    objects = {("cronjobs", CRONJOB["metadata"]["name"]): CRONJOB,
               ("deployments", DEPLOYMENT["metadata"]["name"]): DEPLOYMENT}
    with serving(objects) as url:
        def run(argv: list[str]) -> tuple[int, str, str]:
            done = subprocess.run(["kubectl", f"--server={url}", f"--cache-dir={tmp_path}",
                                   *argv], capture_output=True, text=True)
            return done.returncode, done.stdout, done.stderr

        yield run


def model(argv: list[str], fmt: str) -> tuple[int, str, str]:
    warnings: list[str] = []
    try:
        objects = generate_all(argv, get=get, warnings=warnings)
    except GeneratorError as error:
        return 1, "", "".join(w + "\n" for w in warnings) + str(error) + "\n"
    if fmt == "yaml":
        text = "---\n---\n".join(to_yaml(obj) for obj in objects)
    else:
        text = "".join(to_json(obj, typed=True) for obj in objects)
    return 0, text, "".join(w + "\n" for w in warnings)


def test_live_matches_kubectl(kubectl):
    """Every case, in YAML and JSON, byte for byte against the real binary."""
    cases = [c for c, _ in YAML_CASES + JSON_CASES + ERROR_CASES] + MORE_CASES
    for case in cases:
        for fmt in ("yaml", "json"):
            argv = words(case, "--dry-run=client", "-o", fmt)
            assert model(argv, fmt) == kubectl(argv), f"{case} -o {fmt}"


# Files in the working directory for the --from-file / --from-env-file cases.
FILES = {"nginx.conf": b"server {\n  listen 80;\n}\n", "conf.d/x.txt": b"a",
         "conf.d/y": b"b\n", "logo.bin": b"\xff\xfe",
         "app.env": b"# settings\n\nMODE=prod\n  LEVEL=debug \nEMPTY\nURL=http://x/?a=b\n"}
FILE_CASES = [
    ('create configmap nginx --from-file=nginx.conf',
     ('apiVersion: v1\n'
      'data:\n'
      '  nginx.conf: |\n'
      '    server {\n'
      '      listen 80;\n'
      '    }\n'
      'kind: ConfigMap\n'
      'metadata:\n'
      '  name: nginx\n')),
    ('create configmap web --from-file=site=nginx.conf --from-literal=mode=prod',
     ('apiVersion: v1\n'
      'data:\n'
      '  mode: prod\n'
      '  site: |\n'
      '    server {\n'
      '      listen 80;\n'
      '    }\n'
      'kind: ConfigMap\n'
      'metadata:\n'
      '  name: web\n')),
    ('create configmap confd --from-file=conf.d',
     ('apiVersion: v1\n'
      'data:\n'
      '  x.txt: a\n'
      '  "y": |\n'
      '    b\n'
      'kind: ConfigMap\n'
      'metadata:\n'
      '  name: confd\n')),
    ('create configmap logo --from-file=logo.bin',
     ('apiVersion: v1\n'
      'binaryData:\n'
      '  logo.bin: //4=\n'
      'kind: ConfigMap\n'
      'metadata:\n'
      '  name: logo\n')),
    ('create secret generic tls --from-file=nginx.conf --from-file=logo.bin',
     ('apiVersion: v1\n'
      'data:\n'
      '  logo.bin: //4=\n'
      '  nginx.conf: c2VydmVyIHsKICBsaXN0ZW4gODA7Cn0K\n'
      'kind: Secret\n'
      'metadata:\n'
      '  name: tls\n')),
    ('create configmap app --from-env-file=app.env',
     ('apiVersion: v1\n'
      'data:\n'
      '  EMPTY: ""\n'
      "  LEVEL: 'debug '\n"
      '  MODE: prod\n'
      '  URL: http://x/?a=b\n'
      'kind: ConfigMap\n'
      'metadata:\n'
      '  name: app\n')),
    ('create configmap c --from-file=k=conf.d',
     'error: cannot give a key name for a directory path'),
    ('create configmap c --from-file=missing.conf',
     'error: error reading missing.conf: no such file or directory'),
    ('create configmap c --from-env-file=app.env --from-literal=a=1',
     'error: from-env-file cannot be combined with from-file or from-literal'),
    ('create configmap c --from-file=nginx.conf --from-file=nginx.conf',
     ('error: cannot add key "nginx.conf", another key by that name already exists '
      'in Data for ConfigMap "c"')),
]


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """A working directory holding FILES, as the files a learner points kubectl at."""
    for name, content in FILES.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(content)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("case,expected", FILE_CASES, ids=[c for c, _ in FILE_CASES])
def test_data_from_files(workdir, case, expected):
    """Files, directories and env files fill a ConfigMap or Secret as kubectl reads them."""
    try:
        text = to_yaml(generate(words(case, "--dry-run=client")))
    except GeneratorError as error:
        text = str(error)
    assert text == expected


def test_live_file_sources_match_kubectl(workdir):
    """The file cases, in YAML and JSON, against the real binary."""
    if shutil.which("kubectl") is None:
        pytest.skip("kubectl binary not installed")
    for case, _ in FILE_CASES:
        for fmt in ("yaml", "json"):
            argv = words(case, "--dry-run=client", "-o", fmt)
            done = subprocess.run(["kubectl", *argv], capture_output=True, text=True)
            assert model(argv, fmt) == (done.returncode, done.stdout, done.stderr), case
