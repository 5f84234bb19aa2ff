"""Field tables of k8s.io/api/core/v1 (notation: tables_meta.py).

Everything a typed client puts in a Pod template or in the core objects kubectl creates.
Messages only named here (probes, volumes, security contexts, affinity…) are in
`UNMODELLED`: an empty one decodes to {}, a non-empty one is refused rather than guessed.
"""

MESSAGES = {
    "Pod": "1 metadata ObjectMeta; 2 spec PodSpec; 3 status PodStatus",
    "PodTemplateSpec": "1 metadata ObjectMeta; 2 spec PodSpec",
    "PodSpec": "1 volumes []Volume; 20 initContainers []Container; 2 containers []Container!; "
               "34 ephemeralContainers []EphemeralContainer; 3 restartPolicy s; "
               "4 terminationGracePeriodSeconds i64*; 5 activeDeadlineSeconds i64*; "
               "6 dnsPolicy s; 7 nodeSelector {s}; 8 serviceAccountName s; 9 serviceAccount s; "
               "21 automountServiceAccountToken b*; 10 nodeName s; 11 hostNetwork b; "
               "12 hostPID b; 13 hostIPC b; 27 shareProcessNamespace b*; "
               "14 securityContext PodSecurityContext; 15 imagePullSecrets []LocalObjectReference; "
               "16 hostname s; 17 subdomain s; 18 affinity Affinity; 19 schedulerName s; "
               "22 tolerations []Toleration; 23 hostAliases []HostAlias; 24 priorityClassName s; "
               "25 priority i32*; 26 dnsConfig PodDNSConfig; 28 readinessGates []PodReadinessGate; "
               "29 runtimeClassName s*; 30 enableServiceLinks b*; 31 preemptionPolicy s*; "
               "32 overhead {Quantity}; 33 topologySpreadConstraints []TopologySpreadConstraint; "
               "35 setHostnameAsFQDN b*; 36 os PodOS; 37 hostUsers b*; "
               "38 schedulingGates []PodSchedulingGate; 39 resourceClaims []PodResourceClaim; "
               "40 resources ResourceRequirements; 41 hostnameOverride s*; "
               "42 workloadRef WorkloadReference",
    "Container": "1 name s!; 2 image s; 3 command []s; 4 args []s; 5 workingDir s; "
                 "6 ports []ContainerPort; 19 envFrom []EnvFromSource; 7 env []EnvVar; "
                 "8 resources ResourceRequirements; 23 resizePolicy []ContainerResizePolicy; "
                 "24 restartPolicy s*; 25 restartPolicyRules []ContainerRestartRule; "
                 "9 volumeMounts []VolumeMount; 21 volumeDevices []VolumeDevice; "
                 "10 livenessProbe Probe; 11 readinessProbe Probe; 22 startupProbe Probe; "
                 "12 lifecycle Lifecycle; 13 terminationMessagePath s; "
                 "20 terminationMessagePolicy s; 14 imagePullPolicy s; "
                 "15 securityContext SecurityContext; 16 stdin b; 17 stdinOnce b; 18 tty b",
    "ContainerPort": "1 name s; 2 hostPort i32; 3 containerPort i32!; 4 protocol s; 5 hostIP s",
    "ContainerResizePolicy": "1 resourceName s!; 2 restartPolicy s!",
    "ContainerRestartRule": "1 action s!; 2 exitCodes ContainerRestartRuleOnExitCodes",
    "ContainerRestartRuleOnExitCodes": "1 operator s!; 2 values []i32",
    "EnvFromSource": "1 prefix s; 2 configMapRef ConfigMapEnvSource; 3 secretRef SecretEnvSource",
    "EnvVar": "1 name s!; 2 value s; 3 valueFrom EnvVarSource",
    "EnvVarSource": "1 fieldRef ObjectFieldSelector; 2 resourceFieldRef ResourceFieldSelector; "
                    "3 configMapKeyRef ConfigMapKeySelector; 4 secretKeyRef SecretKeySelector; "
                    "5 fileKeyRef FileKeySelector",
    "ConfigMapEnvSource": "1 localObjectReference LocalObjectReference^; 2 optional b*",
    "SecretEnvSource": "1 localObjectReference LocalObjectReference^; 2 optional b*",
    "ConfigMapKeySelector": "1 localObjectReference LocalObjectReference^; 2 key s!; 3 optional b*",
    "SecretKeySelector": "1 localObjectReference LocalObjectReference^; 2 key s!; 3 optional b*",
    "ObjectFieldSelector": "1 apiVersion s; 2 fieldPath s!",
    "ResourceFieldSelector": "1 containerName s; 2 resource s!; 3 divisor Quantity",
    "FileKeySelector": "1 volumeName s!; 2 path s!; 3 key s!; 4 optional b*",
    "LocalObjectReference": "1 name s",
    "TypedLocalObjectReference": "1 apiGroup s*; 2 kind s!; 3 name s!",
    "ObjectReference": "1 kind s; 2 namespace s; 3 name s; 4 uid s; 5 apiVersion s; "
                       "6 resourceVersion s; 7 fieldPath s",
    "ResourceRequirements": "1 limits {Quantity}; 2 requests {Quantity}; 3 claims []ResourceClaim",
    "ResourceClaim": "1 name s!; 2 request s",
    "VolumeMount": "1 name s!; 2 readOnly b; 7 recursiveReadOnly s*; 3 mountPath s!; "
                   "4 subPath s; 5 mountPropagation s*; 6 subPathExpr s",
    "Toleration": "1 key s; 2 operator s; 3 value s; 4 effect s; 5 tolerationSeconds i64*",
    "HostAlias": "1 ip s!; 2 hostnames []s",
    "PodReadinessGate": "1 conditionType s!",
    "PodSchedulingGate": "1 name s!",
    "PodOS": "1 name s!",
    "TopologySpreadConstraint": "1 maxSkew i32!; 2 topologyKey s!; 3 whenUnsatisfiable s!; "
                                "4 labelSelector LabelSelector; 5 minDomains i32*; "
                                "6 nodeAffinityPolicy s*; 7 nodeTaintsPolicy s*; 8 matchLabelKeys []s",
    "Namespace": "1 metadata ObjectMeta; 2 spec NamespaceSpec; 3 status NamespaceStatus",
    "NamespaceSpec": "1 finalizers []s",
    "NamespaceStatus": "1 phase s; 2 conditions []NamespaceCondition",
    "NamespaceCondition": "1 type s!; 2 status s!; 4 lastTransitionTime Time; 5 reason s; 6 message s",
    "Service": "1 metadata ObjectMeta; 2 spec ServiceSpec; 3 status ServiceStatus",
    "ServiceSpec": "1 ports []ServicePort; 2 selector {s}; 3 clusterIP s; 18 clusterIPs []s; "
                   "4 type s; 5 externalIPs []s; 7 sessionAffinity s; 8 loadBalancerIP s; "
                   "9 loadBalancerSourceRanges []s; 10 externalName s; 11 externalTrafficPolicy s; "
                   "12 healthCheckNodePort i32; 13 publishNotReadyAddresses b; "
                   "14 sessionAffinityConfig SessionAffinityConfig; 19 ipFamilies []s; "
                   "17 ipFamilyPolicy s*; 20 allocateLoadBalancerNodePorts b*; "
                   "21 loadBalancerClass s*; 22 internalTrafficPolicy s*; 23 trafficDistribution s*",
    "ServicePort": "1 name s; 2 protocol s; 6 appProtocol s*; 3 port i32!; "
                   "4 targetPort IntOrString; 5 nodePort i32",
    "SessionAffinityConfig": "1 clientIP ClientIPConfig",
    "ClientIPConfig": "1 timeoutSeconds i32*",
    "ServiceStatus": "1 loadBalancer LoadBalancerStatus; 2 conditions []Condition",
    "LoadBalancerStatus": "1 ingress []LoadBalancerIngress",
    "LoadBalancerIngress": "1 ip s; 2 hostname s; 3 ipMode s*; 4 ports []PortStatus",
    "ConfigMap": "1 metadata ObjectMeta; 4 immutable b*; 2 data {s}; 3 binaryData {bytes}",
    "Secret": "1 metadata ObjectMeta; 5 immutable b*; 2 data {bytes}; 4 stringData {s}; 3 type s",
    "ServiceAccount": "1 metadata ObjectMeta; 2 secrets []ObjectReference; "
                      "3 imagePullSecrets []LocalObjectReference; 4 automountServiceAccountToken b*",
    "ResourceQuota": "1 metadata ObjectMeta; 2 spec ResourceQuotaSpec; 3 status ResourceQuotaStatus",
    "ResourceQuotaSpec": "1 hard {Quantity}; 2 scopes []s; 3 scopeSelector ScopeSelector",
    "ResourceQuotaStatus": "1 hard {Quantity}; 2 used {Quantity}",
    "ScopeSelector": "1 matchExpressions []ScopedResourceSelectorRequirement",
    "ScopedResourceSelectorRequirement": "1 scopeName s!; 2 operator s!; 3 values []s",
}

UNMODELLED = {
    "Volume", "EphemeralContainer", "PodSecurityContext", "Affinity", "PodDNSConfig",
    "PodResourceClaim", "WorkloadReference", "PodStatus", "VolumeDevice", "Probe", "Lifecycle",
    "SecurityContext", "PortStatus",
}
