"""`minikube addons enable ingress`: ingress-nginx, from its deploy manifests
(kubernetes/ingress-nginx deploy/static/provider/{cloud,baremetal}/deploy.yaml, which
minikube's deploy/addons/ingress/ingress-deploy.yaml follows).

What is created, in the manifest's order, and what is left out:

* Namespace `ingress-nginx`; ServiceAccount `ingress-nginx`; ClusterRole and
  ClusterRoleBinding `ingress-nginx` (read Ingresses, IngressClasses, Services,
  EndpointSlices, Pods; write Ingress status and Events) — RBAC is enforced here, so
  the controller can do no more than that;
* ConfigMap `ingress-nginx-controller` (the nginx settings; empty = the defaults);
* Service `ingress-nginx-controller`. The baremetal manifest makes it a NodePort; the
  model's cluster has MetalLB (controllers/loadbalancer.py), so it is a LoadBalancer as
  in the cloud manifest, with `externalTrafficPolicy: Local` and the controller started
  with `--publish-service`: the Ingresses' ADDRESS is the Service's MetalLB address;
* Deployment `ingress-nginx-controller`, one replica, with minikube's
  `--watch-ingress-without-class=true`;
* IngressClass `nginx` (controller `k8s.io/ingress-nginx`), annotated as the default
  class as minikube annotates it: the DefaultIngressClass admission plugin then writes
  `ingressClassName: nginx` into Ingresses that name no class.

Left out: the validating admission webhook (ValidatingWebhookConfiguration,
`ingress-nginx-controller-admission` Service, the two certgen Jobs and their RBAC) —
the model's API server has no webhooks, so it would only add objects that do nothing.
"""

from __future__ import annotations

import yaml

from ..api.authz import ADMIN
from ..client import Client
from ..ingress import IngressController
from ..ingress.controller import NAMESPACE, SERVICE

# ingress-nginx v1.15 is the first release supporting Kubernetes v1.35 (v1.14 stops at
# v1.34: kubernetes/ingress-nginx#14428).
VERSION = "v1.15.0"
CONTROLLER_IMAGE = f"registry.k8s.io/ingress-nginx/controller:{VERSION}"
LABELS = {"app.kubernetes.io/instance": "ingress-nginx",
          "app.kubernetes.io/name": "ingress-nginx",
          "app.kubernetes.io/part-of": "ingress-nginx",
          "app.kubernetes.io/version": VERSION.lstrip("v")}
CONTROLLER_LABELS = {"app.kubernetes.io/component": "controller", **LABELS}
SELECTOR = {"app.kubernetes.io/component": "controller",
            "app.kubernetes.io/instance": "ingress-nginx",
            "app.kubernetes.io/name": "ingress-nginx"}

CLUSTER_ROLE = """
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: ingress-nginx
rules:
- apiGroups: [""]
  resources: [configmaps, endpoints, nodes, pods, secrets, namespaces]
  verbs: [list, watch]
- apiGroups: [""]
  resources: [nodes]
  verbs: [get]
- apiGroups: [""]
  resources: [services]
  verbs: [get, list, watch]
- apiGroups: [networking.k8s.io]
  resources: [ingresses]
  verbs: [get, list, watch]
- apiGroups: [""]
  resources: [events]
  verbs: [create, patch]
- apiGroups: [networking.k8s.io]
  resources: [ingresses/status]
  verbs: [update]
- apiGroups: [networking.k8s.io]
  resources: [ingressclasses]
  verbs: [get, list, watch]
- apiGroups: [discovery.k8s.io]
  resources: [endpointslices]
  verbs: [list, watch, get]
"""

DEPLOYMENT = f"""
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ingress-nginx-controller
  namespace: {NAMESPACE}
spec:
  minReadySeconds: 0
  revisionHistoryLimit: 10
  strategy:
    rollingUpdate:
      maxUnavailable: 1
    type: RollingUpdate
  template:
    spec:
      containers:
      - args:
        - /nginx-ingress-controller
        - --publish-service=$(POD_NAMESPACE)/{SERVICE}
        - --election-id=ingress-nginx-leader
        - --controller-class=k8s.io/ingress-nginx
        - --ingress-class=nginx
        - --configmap=$(POD_NAMESPACE)/ingress-nginx-controller
        - --watch-ingress-without-class=true
        env:
        - name: POD_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        - name: POD_NAMESPACE
          valueFrom:
            fieldRef:
              fieldPath: metadata.namespace
        - name: LD_PRELOAD
          value: /usr/local/lib/libmimalloc.so
        image: {CONTROLLER_IMAGE}
        imagePullPolicy: IfNotPresent
        livenessProbe:
          failureThreshold: 5
          httpGet:
            path: /healthz
            port: 10254
            scheme: HTTP
          initialDelaySeconds: 10
          periodSeconds: 10
          successThreshold: 1
          timeoutSeconds: 1
        name: controller
        ports:
        - containerPort: 80
          name: http
          protocol: TCP
        - containerPort: 443
          name: https
          protocol: TCP
        readinessProbe:
          failureThreshold: 3
          httpGet:
            path: /healthz
            port: 10254
            scheme: HTTP
          initialDelaySeconds: 10
          periodSeconds: 10
          successThreshold: 1
          timeoutSeconds: 1
        resources:
          requests:
            cpu: 100m
            memory: 90Mi
      dnsPolicy: ClusterFirst
      nodeSelector:
        kubernetes.io/os: linux
      serviceAccountName: ingress-nginx
      terminationGracePeriodSeconds: 300
"""


def manifests() -> list[tuple[str, dict]]:
    """(resource, object) in the deploy manifest's order."""
    def meta(name: str, namespaced: bool = True, component: bool = True) -> dict:
        labels = dict(CONTROLLER_LABELS if component else LABELS)
        return ({"name": name, "namespace": NAMESPACE, "labels": labels} if namespaced
                else {"name": name, "labels": labels})

    namespace = {"apiVersion": "v1", "kind": "Namespace",
                 "metadata": {"name": NAMESPACE, "labels": {
                     "app.kubernetes.io/instance": "ingress-nginx",
                     "app.kubernetes.io/name": "ingress-nginx"}}}
    account = {"apiVersion": "v1", "kind": "ServiceAccount",
               "metadata": meta("ingress-nginx"), "automountServiceAccountToken": True}
    role = yaml.safe_load(CLUSTER_ROLE)
    role["metadata"] = meta("ingress-nginx", namespaced=False, component=False)
    binding = {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
               "metadata": meta("ingress-nginx", namespaced=False, component=False),
               "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole",
                           "name": "ingress-nginx"},
               "subjects": [{"kind": "ServiceAccount", "name": "ingress-nginx",
                             "namespace": NAMESPACE}]}
    config_map = {"apiVersion": "v1", "kind": "ConfigMap",
                  "metadata": meta("ingress-nginx-controller"), "data": None}
    service = {"apiVersion": "v1", "kind": "Service", "metadata": meta(SERVICE),
               "spec": {"type": "LoadBalancer", "externalTrafficPolicy": "Local",
                        "ipFamilyPolicy": "SingleStack", "ipFamilies": ["IPv4"],
                        "selector": dict(SELECTOR),
                        "ports": [{"name": "http", "port": 80, "protocol": "TCP",
                                   "targetPort": "http", "appProtocol": "http"},
                                  {"name": "https", "port": 443, "protocol": "TCP",
                                   "targetPort": "https", "appProtocol": "https"}]}}
    deployment = yaml.safe_load(DEPLOYMENT)
    deployment["metadata"]["labels"] = dict(CONTROLLER_LABELS)
    deployment["spec"]["selector"] = {"matchLabels": dict(SELECTOR)}
    deployment["spec"]["template"]["metadata"] = {"labels": dict(CONTROLLER_LABELS)}
    ingress_class = {"apiVersion": "networking.k8s.io/v1", "kind": "IngressClass",
                     "metadata": {**meta("nginx", namespaced=False), "annotations": {
                         "ingressclass.kubernetes.io/is-default-class": "true"}},
                     "spec": {"controller": "k8s.io/ingress-nginx"}}
    del config_map["data"]
    return [("namespaces", namespace), ("serviceaccounts", account),
            ("clusterroles", role), ("clusterrolebindings", binding),
            ("configmaps", config_map), ("services", service),
            ("deployments", deployment), ("ingressclasses", ingress_class)]


ENABLED = "\n".join([f"    ▪ Using image {CONTROLLER_IMAGE}",
                     "🔎  Verifying ingress addon...",
                     "🌟  The 'ingress' addon is enabled"])


def install(cluster, timeout: float = 300) -> IngressController:
    """Create the objects as the cluster admin, start the controller process and wait,
    as minikube does ("Verifying ingress addon..."), until its Pod is ready."""
    client = Client(cluster.api, "minikube", ADMIN)
    for resource, obj in manifests():
        client.create(resource, obj)
    controller = IngressController(cluster.sim, cluster.api)
    cluster.sim.run_until(lambda: controller.pod() is not None, timeout=timeout)
    cluster.sim.settle()
    return controller
