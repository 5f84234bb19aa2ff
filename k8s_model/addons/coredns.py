"""kubeadm's CoreDNS add-on (cmd/kubeadm/app/phases/addons/dns/manifests.go, dns.go).

`kubeadm init` ends with "[addons] Applied essential addon: CoreDNS": it creates the
`coredns` ServiceAccount, ClusterRole and ClusterRoleBinding, the `coredns` ConfigMap
holding the Corefile, the `coredns` Deployment (two replicas, spread by a preferred
anti-affinity) and the `kube-dns` Service on the tenth address of the service CIDR —
10.96.0.10 for 10.96.0.0/12 — which every kubelet writes into Pods' /etc/resolv.conf.
The manifests below are kubeadm's templates, rendered with DNSDomain cluster.local.
The Service keeps its historical name `kube-dns` so that clusters switching from
kube-dns to CoreDNS kept their DNS address.
"""

from __future__ import annotations

import yaml

# cmd/kubeadm/app/constants: CoreDNSVersion for v1.35 (k8s.io promoted v1.13.1 in
# kubernetes/k8s.io#8652; release-1.35's coredns.yaml.in pins the same image).
COREDNS_VERSION = "v1.13.1"
COREDNS_IMAGE = f"registry.k8s.io/coredns/coredns:{COREDNS_VERSION}"
DNS_DOMAIN = "cluster.local"
DNS_IP = "10.96.0.10"    # kubeadm's GetDNSIP: the 10th IP of serviceSubnet 10.96.0.0/12

# The Corefile exactly as kubeadm writes it. `cache 30` with `disable success|denial
# cluster.local` since v1.32 (kubernetes#128359): the kubernetes plugin's own answers
# are not cached, so a new Service resolves at once; other names are cached 30 s.
COREFILE = f""".:53 {{
    errors
    health {{
       lameduck 5s
    }}
    ready
    kubernetes {DNS_DOMAIN} in-addr.arpa ip6.arpa {{
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }}
    prometheus :9153
    forward . /etc/resolv.conf {{
       max_concurrent 1000
    }}
    cache 30 {{
       disable success {DNS_DOMAIN}
       disable denial {DNS_DOMAIN}
    }}
    loop
    reload
    loadbalance
}}
"""

SERVICE = f"""
apiVersion: v1
kind: Service
metadata:
  labels:
    k8s-app: kube-dns
    kubernetes.io/cluster-service: "true"
    kubernetes.io/name: "CoreDNS"
  name: kube-dns
  namespace: kube-system
  annotations:
    prometheus.io/port: "9153"
    prometheus.io/scrape: "true"
spec:
  clusterIP: {DNS_IP}
  ports:
  - name: dns
    port: 53
    protocol: UDP
    targetPort: 53
  - name: dns-tcp
    port: 53
    protocol: TCP
    targetPort: 53
  - name: metrics
    port: 9153
    protocol: TCP
    targetPort: 9153
  selector:
    k8s-app: kube-dns
"""

DEPLOYMENT = f"""
apiVersion: apps/v1
kind: Deployment
metadata:
  name: coredns
  namespace: kube-system
  labels:
    k8s-app: kube-dns
spec:
  replicas: 2
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 1
  selector:
    matchLabels:
      k8s-app: kube-dns
  template:
    metadata:
      labels:
        k8s-app: kube-dns
    spec:
      priorityClassName: system-cluster-critical
      serviceAccountName: coredns
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 100
            podAffinityTerm:
              labelSelector:
                matchExpressions:
                - key: k8s-app
                  operator: In
                  values: ["kube-dns"]
              topologyKey: kubernetes.io/hostname
      tolerations:
      - key: CriticalAddonsOnly
        operator: Exists
      - key: node-role.kubernetes.io/control-plane
        effect: NoSchedule
      nodeSelector:
        kubernetes.io/os: linux
      containers:
      - name: coredns
        image: {COREDNS_IMAGE}
        imagePullPolicy: IfNotPresent
        resources:
          limits:
            memory: 170Mi
          requests:
            cpu: 100m
            memory: 70Mi
        args: [ "-conf", "/etc/coredns/Corefile" ]
        volumeMounts:
        - name: config-volume
          mountPath: /etc/coredns
          readOnly: true
        ports:
        - containerPort: 53
          name: dns
          protocol: UDP
        - containerPort: 53
          name: dns-tcp
          protocol: TCP
        - containerPort: 9153
          name: metrics
          protocol: TCP
        - containerPort: 8080
          name: liveness-probe
          protocol: TCP
        - containerPort: 8181
          name: readiness-probe
          protocol: TCP
        livenessProbe:
          httpGet:
            path: /health
            port: liveness-probe
            scheme: HTTP
          initialDelaySeconds: 60
          timeoutSeconds: 5
          successThreshold: 1
          failureThreshold: 5
        readinessProbe:
          httpGet:
            path: /ready
            port: readiness-probe
            scheme: HTTP
        securityContext:
          allowPrivilegeEscalation: false
          capabilities:
            add:
            - NET_BIND_SERVICE
            drop:
            - ALL
          readOnlyRootFilesystem: true
      dnsPolicy: Default
      volumes:
        - name: config-volume
          configMap:
            name: coredns
            items:
            - key: Corefile
              path: Corefile
"""

RBAC = """
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: system:coredns
rules:
- apiGroups:
  - ""
  resources:
  - endpoints
  - services
  - pods
  - namespaces
  verbs:
  - list
  - watch
- apiGroups:
  - discovery.k8s.io
  resources:
  - endpointslices
  verbs:
  - list
  - watch
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: system:coredns
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: system:coredns
subjects:
- kind: ServiceAccount
  name: coredns
  namespace: kube-system
"""


def manifests() -> list[tuple[str, dict]]:
    """(resource, object) in the order dns.go's createCoreDNSAddon creates them."""
    config_map = {"apiVersion": "v1", "kind": "ConfigMap",
                  "metadata": {"name": "coredns", "namespace": "kube-system"},
                  "data": {"Corefile": COREFILE}}
    role, binding = yaml.safe_load_all(RBAC)
    account = {"apiVersion": "v1", "kind": "ServiceAccount",
               "metadata": {"name": "coredns", "namespace": "kube-system"}}
    return [("configmaps", config_map), ("clusterroles", role),
            ("clusterrolebindings", binding), ("serviceaccounts", account),
            ("deployments", yaml.safe_load(DEPLOYMENT)), ("services", yaml.safe_load(SERVICE))]
