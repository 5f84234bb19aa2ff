"""kubeadm's kube-proxy add-on (cmd/kubeadm/app/phases/addons/proxy/manifests.go, proxy.go).

"[addons] Applied essential addon: kube-proxy": the `kube-proxy` ServiceAccount and its
RBAC, the `kube-proxy` ConfigMap (the KubeProxyConfiguration as `config.conf`, with
every field kubeadm marshals, and a kubeconfig pointing at the API server) and the
`kube-proxy` DaemonSet: one host-network Pod per Linux node, tolerating every taint, so
even the tainted control-plane node runs one. The Pods are kube-proxy's face in the
API; the rule-writing process itself is `k8s_model.proxy.KubeProxy`.
"""

from __future__ import annotations

import yaml

from ..nodes import node_ip
from ..static_pods import VERSION

KUBE_PROXY_IMAGE = f"registry.k8s.io/kube-proxy:{VERSION}"

# `kubectl -n kube-system get cm kube-proxy -o yaml` on a kubeadm cluster: the v1alpha1
# KubeProxyConfiguration with kubeadm's defaults. `mode: ""` is iptables on Linux.
CONFIG = """apiVersion: kubeproxy.config.k8s.io/v1alpha1
bindAddress: 0.0.0.0
bindAddressHardFail: false
clientConnection:
  acceptContentTypes: ""
  burst: 0
  contentType: ""
  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
  qps: 0
clusterCIDR: {cluster_cidr}
configSyncPeriod: 0s
conntrack:
  maxPerCore: null
  min: null
  tcpBeLiberal: false
  tcpCloseWaitTimeout: null
  tcpEstablishedTimeout: null
  udpStreamTimeout: 0s
  udpTimeout: 0s
detectLocal:
  bridgeInterface: ""
  interfaceNamePrefix: ""
detectLocalMode: ""
enableProfiling: false
healthzBindAddress: ""
hostnameOverride: ""
iptables:
  localhostNodePorts: null
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 0s
  syncPeriod: 0s
ipvs:
  excludeCIDRs: null
  minSyncPeriod: 0s
  scheduler: {scheduler}
  strictARP: false
  syncPeriod: 0s
  tcpFinTimeout: 0s
  tcpTimeout: 0s
  udpTimeout: 0s
kind: KubeProxyConfiguration
logging:
  flushFrequency: 0
  options:
    json:
      infoBufferSize: "0"
    text:
      infoBufferSize: "0"
  verbosity: 0
metricsBindAddress: ""
mode: {mode}
nftables:
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 0s
  syncPeriod: 0s
nodePortAddresses: null
oomScoreAdj: null
portRange: ""
showHiddenMetricsForVersion: ""
winkernel:
  enableDSR: false
  forwardHealthCheckVip: false
  networkName: ""
  rootHnsEndpointName: ""
  sourceVip: \"\""""

KUBECONFIG = """apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
    server: https://{server}:6443
  name: default
contexts:
- context:
    cluster: default
    namespace: default
    user: default
  name: default
current-context: default
users:
- name: default
  user:
    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token"""

DAEMONSET = f"""
apiVersion: apps/v1
kind: DaemonSet
metadata:
  labels:
    k8s-app: kube-proxy
  name: kube-proxy
  namespace: kube-system
spec:
  selector:
    matchLabels:
      k8s-app: kube-proxy
  updateStrategy:
    type: RollingUpdate
  template:
    metadata:
      labels:
        k8s-app: kube-proxy
    spec:
      priorityClassName: system-node-critical
      containers:
      - name: kube-proxy
        image: {KUBE_PROXY_IMAGE}
        imagePullPolicy: IfNotPresent
        command:
        - /usr/local/bin/kube-proxy
        - --config=/var/lib/kube-proxy/config.conf
        - --hostname-override=$(NODE_NAME)
        securityContext:
          privileged: true
        volumeMounts:
        - mountPath: /var/lib/kube-proxy
          name: kube-proxy
        - mountPath: /run/xtables.lock
          name: xtables-lock
          readOnly: false
        - mountPath: /lib/modules
          name: lib-modules
          readOnly: true
        env:
          - name: NODE_NAME
            valueFrom:
              fieldRef:
                fieldPath: spec.nodeName
      hostNetwork: true
      serviceAccountName: kube-proxy
      volumes:
      - name: kube-proxy
        configMap:
          name: kube-proxy
      - name: xtables-lock
        hostPath:
          path: /run/xtables.lock
          type: FileOrCreate
      - name: lib-modules
        hostPath:
          path: /lib/modules
      tolerations:
      - key: CriticalAddonsOnly
        operator: Exists
      - operator: Exists
      nodeSelector:
        kubernetes.io/os: linux
"""

# proxy.go's CreateRBACRules: kube-proxy's ServiceAccount may act as a node proxier, and
# joining nodes (their bootstrap token) may read the ConfigMap.
RBAC = """
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: kubeadm:node-proxier
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: system:node-proxier
subjects:
- kind: ServiceAccount
  name: kube-proxy
  namespace: kube-system
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: kube-proxy
  namespace: kube-system
rules:
- apiGroups:
  - ""
  resources:
  - configmaps
  resourceNames:
  - kube-proxy
  verbs:
  - get
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: kube-proxy
  namespace: kube-system
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: kube-proxy
subjects:
- kind: Group
  name: system:bootstrappers:kubeadm:default-node-token
"""


def config_conf(mode: str = "iptables", scheduler: str = "rr",
                cluster_cidr: str = "10.244.0.0/16") -> str:
    """config.conf: kubeadm leaves `mode: ""` (iptables); an ipvs cluster says so, and
    names its IPVS scheduler unless it is the default round robin."""
    return CONFIG.format(cluster_cidr=cluster_cidr,
                         mode="ipvs" if mode == "ipvs" else '""',
                         scheduler=scheduler if mode == "ipvs" and scheduler != "rr" else '""')


def manifests(mode: str = "iptables", scheduler: str = "rr",
              cluster_cidr: str = "10.244.0.0/16") -> list[tuple[str, dict]]:
    """(resource, object) as proxy.go's EnsureProxyAddon creates them."""
    account = {"apiVersion": "v1", "kind": "ServiceAccount",
               "metadata": {"name": "kube-proxy", "namespace": "kube-system"}}
    config_map = {"apiVersion": "v1", "kind": "ConfigMap",
                  "metadata": {"name": "kube-proxy", "namespace": "kube-system",
                               "labels": {"app": "kube-proxy"}},
                  "data": {"config.conf": config_conf(mode, scheduler, cluster_cidr),
                           "kubeconfig.conf": KUBECONFIG.format(server=node_ip(0))}}
    binding, role, role_binding = yaml.safe_load_all(RBAC)
    return [("serviceaccounts", account), ("configmaps", config_map),
            ("daemonsets", yaml.safe_load(DAEMONSET)), ("clusterrolebindings", binding),
            ("roles", role), ("rolebindings", role_binding)]
