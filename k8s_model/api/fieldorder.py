"""Go struct field order of the API types: the order typed JSON comes out in.

encoding/json writes a struct's fields in declaration order and a map's keys sorted.
kubectl prints objects it built itself (create, run, expose, set …) from Go structs,
so `kubectl create deployment web --image=nginx -o json` starts "kind", "apiVersion",
"metadata" and a container reads "name", "image", "resources". The table below is the
declaration order of staging/src/k8s.io/api/<group>/<version>/types.go (v1.35). Most
of it was read back from the real kubectl by printing maximal objects through its
typed code paths; Node, Endpoints, EndpointSlice, Lease, LimitRange and PersistentVolume
(no typed kubectl path) come from the same packages' generated.proto.

Notation: `field=Type` a nested struct, `field=[Type]` a list of them, `field={Type}`
a map of them, `field={}` a map of plain values, a bare `field` a plain value (string,
number, Time, Quantity, IntOrString, raw JSON).
"""

from __future__ import annotations

_STRUCTS = """
AWSElasticBlockStoreVolumeSource: volumeID fsType partition readOnly
Affinity: nodeAffinity=NodeAffinity podAffinity=PodAffinity podAntiAffinity=PodAntiAffinity
AggregationRule: clusterRoleSelectors=[LabelSelector]
AppArmorProfile: type localhostProfile
AttachedVolume: name devicePath
AzureDiskVolumeSource: diskName diskURI cachingMode fsType readOnly kind
AzureFileVolumeSource: secretName shareName readOnly
CSIVolumeSource: driver readOnly fsType volumeAttributes={}
    nodePublishSecretRef=LocalObjectReference
Capabilities: add drop
CephFSVolumeSource: monitors path user secretFile secretRef=LocalObjectReference readOnly
CinderVolumeSource: volumeID fsType readOnly secretRef=LocalObjectReference
ClientIPConfig: timeoutSeconds
ClusterRole: kind apiVersion metadata=ObjectMeta rules=[PolicyRule]
    aggregationRule=AggregationRule
ClusterRoleBinding: kind apiVersion metadata=ObjectMeta subjects=[Subject] roleRef=RoleRef
ClusterTrustBundleProjection: name signerName labelSelector=LabelSelector optional path
Condition: type status observedGeneration lastTransitionTime reason message
ConfigMap: kind apiVersion metadata=ObjectMeta immutable data={} binaryData={}
ConfigMapEnvSource: name optional
ConfigMapKeySelector: name key optional
ConfigMapProjection: name items=[KeyToPath] optional
ConfigMapVolumeSource: name items=[KeyToPath] defaultMode optional
Container: name image command args workingDir ports=[ContainerPort] envFrom=[EnvFromSource]
    env=[EnvVar] resources=ResourceRequirements resizePolicy=[ContainerResizePolicy]
    restartPolicy restartPolicyRules=[ContainerRestartRule] volumeMounts=[VolumeMount]
    volumeDevices=[VolumeDevice] livenessProbe=Probe readinessProbe=Probe startupProbe=Probe
    lifecycle=Lifecycle terminationMessagePath terminationMessagePolicy imagePullPolicy
    securityContext=SecurityContext stdin stdinOnce tty
ContainerExtendedResourceRequest: containerName resourceName requestName
ContainerImage: names sizeBytes
ContainerPort: name hostPort containerPort protocol hostIP
ContainerResizePolicy: resourceName restartPolicy
ContainerResourceMetricSource: name target=MetricTarget container
ContainerResourceMetricStatus: name current=MetricValueStatus container
ContainerRestartRule: action exitCodes=ContainerRestartRuleOnExitCodes
ContainerRestartRuleOnExitCodes: operator values
ContainerState: waiting=ContainerStateWaiting running=ContainerStateRunning
    terminated=ContainerStateTerminated
ContainerStateRunning: startedAt
ContainerStateTerminated: exitCode signal reason message startedAt finishedAt containerID
ContainerStateWaiting: reason message
ContainerStatus: name state=ContainerState lastState=ContainerState ready restartCount image
    imageID containerID started allocatedResources={} resources=ResourceRequirements
    volumeMounts=[VolumeMountStatus] user=ContainerUser
    allocatedResourcesStatus=[ResourceStatus] stopSignal
ContainerUser: linux=LinuxContainerUser
ControllerRevision: kind apiVersion metadata=ObjectMeta data revision
CronJob: kind apiVersion metadata=ObjectMeta spec=CronJobSpec status=CronJobStatus
CronJobSpec: schedule timeZone startingDeadlineSeconds concurrencyPolicy suspend
    jobTemplate=JobTemplateSpec successfulJobsHistoryLimit failedJobsHistoryLimit
CronJobStatus: active=[ObjectReference] lastScheduleTime lastSuccessfulTime
CrossVersionObjectReference: kind name apiVersion
DaemonEndpoint: Port
DaemonSet: kind apiVersion metadata=ObjectMeta spec=DaemonSetSpec status=DaemonSetStatus
DaemonSetCondition: type status lastTransitionTime reason message
DaemonSetSpec: selector=LabelSelector template=PodTemplateSpec
    updateStrategy=DaemonSetUpdateStrategy minReadySeconds revisionHistoryLimit
DaemonSetStatus: currentNumberScheduled numberMisscheduled desiredNumberScheduled numberReady
    observedGeneration updatedNumberScheduled numberAvailable numberUnavailable collisionCount
    conditions=[DaemonSetCondition]
DaemonSetUpdateStrategy: type rollingUpdate=RollingUpdateDaemonSet
Deployment: kind apiVersion metadata=ObjectMeta spec=DeploymentSpec status=DeploymentStatus
DeploymentCondition: type status lastUpdateTime lastTransitionTime reason message
DeploymentSpec: replicas selector=LabelSelector template=PodTemplateSpec
    strategy=DeploymentStrategy minReadySeconds revisionHistoryLimit paused
    progressDeadlineSeconds
DeploymentStatus: observedGeneration replicas updatedReplicas readyReplicas availableReplicas
    unavailableReplicas terminatingReplicas conditions=[DeploymentCondition] collisionCount
DeploymentStrategy: type rollingUpdate=RollingUpdateDeployment
DownwardAPIProjection: items=[DownwardAPIVolumeFile]
DownwardAPIVolumeFile: path fieldRef=ObjectFieldSelector
    resourceFieldRef=ResourceFieldSelector mode
DownwardAPIVolumeSource: items=[DownwardAPIVolumeFile] defaultMode
EmptyDirVolumeSource: medium sizeLimit
Endpoint: addresses conditions=EndpointConditions hostname targetRef=ObjectReference
    deprecatedTopology={} nodeName zone hints=EndpointHints
EndpointAddress: ip hostname nodeName targetRef=ObjectReference
EndpointConditions: ready serving terminating
EndpointHints: forZones=[ForZone] forNodes=[ForNode]
EndpointPort: name port protocol appProtocol
EndpointSlice: kind apiVersion metadata=ObjectMeta addressType endpoints=[Endpoint]
    ports=[discovery.EndpointPort]
EndpointSubset: addresses=[EndpointAddress] notReadyAddresses=[EndpointAddress]
    ports=[EndpointPort]
Endpoints: kind apiVersion metadata=ObjectMeta subsets=[EndpointSubset]
EnvFromSource: prefix configMapRef=ConfigMapEnvSource secretRef=SecretEnvSource
EnvVar: name value valueFrom=EnvVarSource
EnvVarSource: fieldRef=ObjectFieldSelector resourceFieldRef=ResourceFieldSelector
    configMapKeyRef=ConfigMapKeySelector secretKeyRef=SecretKeySelector
    fileKeyRef=FileKeySelector
EphemeralContainer: name image command args workingDir ports=[ContainerPort]
    envFrom=[EnvFromSource] env=[EnvVar] resources=ResourceRequirements
    resizePolicy=[ContainerResizePolicy] restartPolicy
    restartPolicyRules=[ContainerRestartRule] volumeMounts=[VolumeMount]
    volumeDevices=[VolumeDevice] livenessProbe=Probe readinessProbe=Probe startupProbe=Probe
    lifecycle=Lifecycle terminationMessagePath terminationMessagePolicy imagePullPolicy
    securityContext=SecurityContext stdin stdinOnce tty targetContainerName
EphemeralVolumeSource: volumeClaimTemplate=PersistentVolumeClaimTemplate
Event: kind apiVersion metadata=ObjectMeta involvedObject=ObjectReference reason message
    source=EventSource firstTimestamp lastTimestamp count type eventTime series=EventSeries
    action related=ObjectReference reportingComponent reportingInstance
EventSeries: count lastObservedTime
EventSource: component host
ExecAction: command
ExternalMetricSource: metric=MetricIdentifier target=MetricTarget
ExternalMetricStatus: metric=MetricIdentifier current=MetricValueStatus
FCVolumeSource: targetWWNs lun fsType readOnly wwids
FileKeySelector: volumeName path key optional
FlexVolumeSource: driver fsType secretRef=LocalObjectReference readOnly options={}
FlockerVolumeSource: datasetName datasetUUID
ForNode: name
ForZone: name
GCEPersistentDiskVolumeSource: pdName fsType partition readOnly
GRPCAction: port service
GitRepoVolumeSource: repository revision directory
GlusterfsVolumeSource: endpoints path readOnly
HPAScalingPolicy: type value periodSeconds
HPAScalingRules: stabilizationWindowSeconds selectPolicy policies=[HPAScalingPolicy] tolerance
HTTPGetAction: path port host scheme httpHeaders=[HTTPHeader]
HTTPHeader: name value
HTTPIngressPath: path pathType backend=IngressBackend
HTTPIngressRuleValue: paths=[HTTPIngressPath]
HorizontalPodAutoscaler: kind apiVersion metadata=ObjectMeta spec=HorizontalPodAutoscalerSpec
    status=HorizontalPodAutoscalerStatus
HorizontalPodAutoscalerBehavior: scaleUp=HPAScalingRules scaleDown=HPAScalingRules
HorizontalPodAutoscalerCondition: type status lastTransitionTime reason message
HorizontalPodAutoscalerSpec: scaleTargetRef=CrossVersionObjectReference minReplicas
    maxReplicas metrics=[MetricSpec] behavior=HorizontalPodAutoscalerBehavior
HorizontalPodAutoscalerStatus: observedGeneration lastScaleTime currentReplicas
    desiredReplicas currentMetrics=[MetricStatus]
    conditions=[HorizontalPodAutoscalerCondition]
HostAlias: ip hostnames
HostIP: ip
HostPathVolumeSource: path type
ISCSIVolumeSource: targetPortal iqn lun iscsiInterface fsType readOnly portals
    chapAuthDiscovery chapAuthSession secretRef=LocalObjectReference initiatorName
ImageVolumeSource: reference pullPolicy
Ingress: kind apiVersion metadata=ObjectMeta spec=IngressSpec status=IngressStatus
IngressBackend: service=IngressServiceBackend resource=TypedLocalObjectReference
IngressClass: kind apiVersion metadata=ObjectMeta spec=IngressClassSpec
IngressClassParametersReference: apiGroup kind name scope namespace
IngressClassSpec: controller parameters=IngressClassParametersReference
IngressLoadBalancerIngress: ip hostname ports=[IngressPortStatus]
IngressLoadBalancerStatus: ingress=[IngressLoadBalancerIngress]
IngressPortStatus: port protocol error
IngressRule: host http=HTTPIngressRuleValue
IngressServiceBackend: name port=ServiceBackendPort
IngressSpec: ingressClassName defaultBackend=IngressBackend tls=[IngressTLS]
    rules=[IngressRule]
IngressStatus: loadBalancer=IngressLoadBalancerStatus
IngressTLS: hosts secretName
Job: kind apiVersion metadata=ObjectMeta spec=JobSpec status=JobStatus
JobCondition: type status lastProbeTime lastTransitionTime reason message
JobSpec: parallelism completions activeDeadlineSeconds podFailurePolicy=PodFailurePolicy
    successPolicy=SuccessPolicy backoffLimit backoffLimitPerIndex maxFailedIndexes
    selector=LabelSelector manualSelector template=PodTemplateSpec ttlSecondsAfterFinished
    completionMode suspend podReplacementPolicy managedBy
JobStatus: conditions=[JobCondition] startTime completionTime active succeeded failed
    terminating completedIndexes failedIndexes uncountedTerminatedPods=UncountedTerminatedPods
    ready
JobTemplateSpec: metadata=ObjectMeta spec=JobSpec
KeyToPath: key path mode
LabelSelector: matchLabels={} matchExpressions=[LabelSelectorRequirement]
LabelSelectorRequirement: key operator values
Lease: kind apiVersion metadata=ObjectMeta spec=LeaseSpec
LeaseSpec: holderIdentity leaseDurationSeconds acquireTime renewTime leaseTransitions strategy
    preferredHolder
Lifecycle: postStart=LifecycleHandler preStop=LifecycleHandler stopSignal
LifecycleHandler: exec=ExecAction httpGet=HTTPGetAction tcpSocket=TCPSocketAction
    sleep=SleepAction
LimitRange: kind apiVersion metadata=ObjectMeta spec=LimitRangeSpec
LimitRangeItem: type max={} min={} default={} defaultRequest={} maxLimitRequestRatio={}
LimitRangeSpec: limits=[LimitRangeItem]
LinuxContainerUser: uid gid supplementalGroups
ListMeta: selfLink resourceVersion continue remainingItemCount
LoadBalancerIngress: ip hostname ipMode ports=[PortStatus]
LoadBalancerStatus: ingress=[LoadBalancerIngress]
LocalObjectReference: name
ManagedFieldsEntry: manager operation apiVersion time fieldsType fieldsV1 subresource
MetricIdentifier: name selector=LabelSelector
MetricSpec: type object=ObjectMetricSource pods=PodsMetricSource resource=ResourceMetricSource
    containerResource=ContainerResourceMetricSource external=ExternalMetricSource
MetricStatus: type object=ObjectMetricStatus pods=PodsMetricStatus
    resource=ResourceMetricStatus containerResource=ContainerResourceMetricStatus
    external=ExternalMetricStatus
MetricTarget: type value averageValue averageUtilization
MetricValueStatus: value averageValue averageUtilization
ModifyVolumeStatus: targetVolumeAttributesClassName status
NFSVolumeSource: server path readOnly
Namespace: kind apiVersion metadata=ObjectMeta spec=NamespaceSpec status=NamespaceStatus
NamespaceCondition: type status lastTransitionTime reason message
NamespaceSpec: finalizers
NamespaceStatus: phase conditions=[NamespaceCondition]
Node: kind apiVersion metadata=ObjectMeta spec=NodeSpec status=NodeStatus
NodeAddress: type address
NodeAffinity: requiredDuringSchedulingIgnoredDuringExecution=NodeSelector
    preferredDuringSchedulingIgnoredDuringExecution=[PreferredSchedulingTerm]
NodeCondition: type status lastHeartbeatTime lastTransitionTime reason message
NodeDaemonEndpoints: kubeletEndpoint=DaemonEndpoint
NodeFeatures: supplementalGroupsPolicy
NodeRuntimeHandler: name features=NodeRuntimeHandlerFeatures
NodeRuntimeHandlerFeatures: recursiveReadOnlyMounts userNamespaces
NodeSelector: nodeSelectorTerms=[NodeSelectorTerm]
NodeSelectorRequirement: key operator values
NodeSelectorTerm: matchExpressions=[NodeSelectorRequirement]
    matchFields=[NodeSelectorRequirement]
NodeSpec: podCIDR podCIDRs providerID unschedulable taints=[Taint] configSource externalID
NodeStatus: capacity={} allocatable={} phase conditions=[NodeCondition]
    addresses=[NodeAddress] daemonEndpoints=NodeDaemonEndpoints nodeInfo=NodeSystemInfo
    images=[ContainerImage] volumesInUse volumesAttached=[AttachedVolume] config
    runtimeHandlers=[NodeRuntimeHandler] features=NodeFeatures declaredFeatures
NodeSwapStatus: capacity
NodeSystemInfo: machineID systemUUID bootID kernelVersion osImage containerRuntimeVersion
    kubeletVersion kubeProxyVersion operatingSystem architecture swap=NodeSwapStatus
ObjectFieldSelector: apiVersion fieldPath
ObjectMeta: name generateName namespace selfLink uid resourceVersion generation
    creationTimestamp deletionTimestamp deletionGracePeriodSeconds labels={} annotations={}
    ownerReferences=[OwnerReference] finalizers managedFields=[ManagedFieldsEntry]
ObjectMetricSource: describedObject=CrossVersionObjectReference target=MetricTarget
    metric=MetricIdentifier
ObjectMetricStatus: metric=MetricIdentifier current=MetricValueStatus
    describedObject=CrossVersionObjectReference
ObjectReference: kind namespace name uid apiVersion resourceVersion fieldPath
OwnerReference: apiVersion kind name uid controller blockOwnerDeletion
PersistentVolume: kind apiVersion metadata=ObjectMeta spec status=PersistentVolumeStatus
PersistentVolumeClaim: kind apiVersion metadata=ObjectMeta spec=PersistentVolumeClaimSpec
    status=PersistentVolumeClaimStatus
PersistentVolumeClaimCondition: type status lastProbeTime lastTransitionTime reason message
PersistentVolumeClaimSpec: accessModes selector=LabelSelector
    resources=VolumeResourceRequirements volumeName storageClassName volumeMode
    dataSource=TypedLocalObjectReference dataSourceRef=TypedObjectReference
    volumeAttributesClassName
PersistentVolumeClaimStatus: phase accessModes capacity={}
    conditions=[PersistentVolumeClaimCondition] allocatedResources={}
    allocatedResourceStatuses={} currentVolumeAttributesClassName
    modifyVolumeStatus=ModifyVolumeStatus
PersistentVolumeClaimTemplate: metadata=ObjectMeta spec=PersistentVolumeClaimSpec
PersistentVolumeClaimVolumeSource: claimName readOnly
PersistentVolumeStatus: phase message reason lastPhaseTransitionTime
PhotonPersistentDiskVolumeSource: pdID fsType
Pod: kind apiVersion metadata=ObjectMeta spec=PodSpec status=PodStatus
PodAffinity: requiredDuringSchedulingIgnoredDuringExecution=[PodAffinityTerm]
    preferredDuringSchedulingIgnoredDuringExecution=[WeightedPodAffinityTerm]
PodAffinityTerm: labelSelector=LabelSelector namespaces topologyKey
    namespaceSelector=LabelSelector matchLabelKeys mismatchLabelKeys
PodAntiAffinity: requiredDuringSchedulingIgnoredDuringExecution=[PodAffinityTerm]
    preferredDuringSchedulingIgnoredDuringExecution=[WeightedPodAffinityTerm]
PodCertificateProjection: signerName keyType maxExpirationSeconds credentialBundlePath keyPath
    certificateChainPath userAnnotations={}
PodCondition: type observedGeneration status lastProbeTime lastTransitionTime reason message
PodDNSConfig: nameservers searches options=[PodDNSConfigOption]
PodDNSConfigOption: name value
PodDisruptionBudget: kind apiVersion metadata=ObjectMeta spec=PodDisruptionBudgetSpec
    status=PodDisruptionBudgetStatus
PodDisruptionBudgetSpec: minAvailable selector=LabelSelector maxUnavailable
    unhealthyPodEvictionPolicy
PodDisruptionBudgetStatus: observedGeneration disruptedPods={} disruptionsAllowed
    currentHealthy desiredHealthy expectedPods conditions=[Condition]
PodExtendedResourceClaimStatus: requestMappings=[ContainerExtendedResourceRequest]
    resourceClaimName
PodFailurePolicy: rules=[PodFailurePolicyRule]
PodFailurePolicyOnExitCodesRequirement: containerName operator values
PodFailurePolicyOnPodConditionsPattern: type status
PodFailurePolicyRule: action onExitCodes=PodFailurePolicyOnExitCodesRequirement
    onPodConditions=[PodFailurePolicyOnPodConditionsPattern]
PodIP: ip
PodOS: name
PodReadinessGate: conditionType
PodResourceClaim: name resourceClaimName resourceClaimTemplateName
PodResourceClaimStatus: name resourceClaimName
PodSchedulingGate: name
PodSecurityContext: seLinuxOptions=SELinuxOptions windowsOptions=WindowsSecurityContextOptions
    runAsUser runAsGroup runAsNonRoot supplementalGroups supplementalGroupsPolicy fsGroup
    sysctls=[Sysctl] fsGroupChangePolicy seccompProfile=SeccompProfile
    appArmorProfile=AppArmorProfile seLinuxChangePolicy
PodSpec: volumes=[Volume] initContainers=[Container] containers=[Container]
    ephemeralContainers=[EphemeralContainer] restartPolicy terminationGracePeriodSeconds
    activeDeadlineSeconds dnsPolicy nodeSelector={} serviceAccountName serviceAccount
    automountServiceAccountToken nodeName hostNetwork hostPID hostIPC shareProcessNamespace
    securityContext=PodSecurityContext imagePullSecrets=[LocalObjectReference] hostname
    subdomain affinity=Affinity schedulerName tolerations=[Toleration] hostAliases=[HostAlias]
    priorityClassName priority dnsConfig=PodDNSConfig readinessGates=[PodReadinessGate]
    runtimeClassName enableServiceLinks preemptionPolicy overhead={}
    topologySpreadConstraints=[TopologySpreadConstraint] setHostnameAsFQDN os=PodOS hostUsers
    schedulingGates=[PodSchedulingGate] resourceClaims=[PodResourceClaim]
    resources=ResourceRequirements hostnameOverride workloadRef=WorkloadReference
PodStatus: observedGeneration phase conditions=[PodCondition] message reason nominatedNodeName
    hostIP hostIPs=[HostIP] podIP podIPs=[PodIP] startTime
    initContainerStatuses=[ContainerStatus] containerStatuses=[ContainerStatus] qosClass
    ephemeralContainerStatuses=[ContainerStatus] resize
    resourceClaimStatuses=[PodResourceClaimStatus]
    extendedResourceClaimStatus=PodExtendedResourceClaimStatus allocatedResources={}
    resources=ResourceRequirements
PodTemplateSpec: metadata=ObjectMeta spec=PodSpec
PodsMetricSource: metric=MetricIdentifier target=MetricTarget
PodsMetricStatus: metric=MetricIdentifier current=MetricValueStatus
PolicyRule: verbs apiGroups resources resourceNames nonResourceURLs
PortStatus: port protocol error
PortworxVolumeSource: volumeID fsType readOnly
PreferredSchedulingTerm: weight preference=NodeSelectorTerm
PriorityClass: kind apiVersion metadata=ObjectMeta value globalDefault description
    preemptionPolicy
Probe: exec=ExecAction httpGet=HTTPGetAction tcpSocket=TCPSocketAction grpc=GRPCAction
    initialDelaySeconds timeoutSeconds periodSeconds successThreshold failureThreshold
    terminationGracePeriodSeconds
ProjectedVolumeSource: sources=[VolumeProjection] defaultMode
QuobyteVolumeSource: registry volume readOnly user group tenant
RBDVolumeSource: monitors image fsType pool user keyring secretRef=LocalObjectReference
    readOnly
ReplicaSet: kind apiVersion metadata=ObjectMeta spec=ReplicaSetSpec status=ReplicaSetStatus
ReplicaSetCondition: type status lastTransitionTime reason message
ReplicaSetSpec: replicas minReadySeconds selector=LabelSelector template=PodTemplateSpec
ReplicaSetStatus: replicas fullyLabeledReplicas readyReplicas availableReplicas
    terminatingReplicas observedGeneration conditions=[ReplicaSetCondition]
ReplicationController: kind apiVersion metadata=ObjectMeta spec=ReplicationControllerSpec
    status=ReplicationControllerStatus
ReplicationControllerCondition: type status lastTransitionTime reason message
ReplicationControllerSpec: replicas minReadySeconds selector={} template=PodTemplateSpec
ReplicationControllerStatus: replicas fullyLabeledReplicas readyReplicas availableReplicas
    observedGeneration conditions=[ReplicationControllerCondition]
ResourceClaim: name request
ResourceFieldSelector: containerName resource divisor
ResourceHealth: resourceID health
ResourceMetricSource: name target=MetricTarget
ResourceMetricStatus: name current=MetricValueStatus
ResourceQuota: kind apiVersion metadata=ObjectMeta spec=ResourceQuotaSpec
    status=ResourceQuotaStatus
ResourceQuotaSpec: hard={} scopes scopeSelector=ScopeSelector
ResourceQuotaStatus: hard={} used={}
ResourceRequirements: limits={} requests={} claims=[ResourceClaim]
ResourceStatus: name resources=[ResourceHealth]
Role: kind apiVersion metadata=ObjectMeta rules=[PolicyRule]
RoleBinding: kind apiVersion metadata=ObjectMeta subjects=[Subject] roleRef=RoleRef
RoleRef: apiGroup kind name
RollingUpdateDaemonSet: maxUnavailable maxSurge
RollingUpdateDeployment: maxUnavailable maxSurge
RollingUpdateStatefulSetStrategy: partition maxUnavailable
SELinuxOptions: user role type level
ScaleIOVolumeSource: gateway system secretRef=LocalObjectReference sslEnabled protectionDomain
    storagePool storageMode volumeName fsType readOnly
ScopeSelector: matchExpressions=[ScopedResourceSelectorRequirement]
ScopedResourceSelectorRequirement: scopeName operator values
SeccompProfile: type localhostProfile
Secret: kind apiVersion metadata=ObjectMeta immutable data={} stringData={} type
SecretEnvSource: name optional
SecretKeySelector: name key optional
SecretProjection: name items=[KeyToPath] optional
SecretVolumeSource: secretName items=[KeyToPath] defaultMode optional
SecurityContext: capabilities=Capabilities privileged seLinuxOptions=SELinuxOptions
    windowsOptions=WindowsSecurityContextOptions runAsUser runAsGroup runAsNonRoot
    readOnlyRootFilesystem allowPrivilegeEscalation procMount seccompProfile=SeccompProfile
    appArmorProfile=AppArmorProfile
Service: kind apiVersion metadata=ObjectMeta spec=ServiceSpec status=ServiceStatus
ServiceAccount: kind apiVersion metadata=ObjectMeta secrets=[ObjectReference]
    imagePullSecrets=[LocalObjectReference] automountServiceAccountToken
ServiceAccountTokenProjection: audience expirationSeconds path
ServiceBackendPort: name number
ServicePort: name protocol appProtocol port targetPort nodePort
ServiceSpec: ports=[ServicePort] selector={} clusterIP clusterIPs type externalIPs
    sessionAffinity loadBalancerIP loadBalancerSourceRanges externalName externalTrafficPolicy
    healthCheckNodePort publishNotReadyAddresses sessionAffinityConfig=SessionAffinityConfig
    ipFamilies ipFamilyPolicy allocateLoadBalancerNodePorts loadBalancerClass
    internalTrafficPolicy trafficDistribution
ServiceStatus: loadBalancer=LoadBalancerStatus conditions=[Condition]
SessionAffinityConfig: clientIP=ClientIPConfig
SleepAction: seconds
StatefulSet: kind apiVersion metadata=ObjectMeta spec=StatefulSetSpec status=StatefulSetStatus
StatefulSetCondition: type status lastTransitionTime reason message
StatefulSetOrdinals: start
StatefulSetPersistentVolumeClaimRetentionPolicy: whenDeleted whenScaled
StatefulSetSpec: replicas selector=LabelSelector template=PodTemplateSpec
    volumeClaimTemplates=[PersistentVolumeClaim] serviceName podManagementPolicy
    updateStrategy=StatefulSetUpdateStrategy revisionHistoryLimit minReadySeconds
    persistentVolumeClaimRetentionPolicy=StatefulSetPersistentVolumeClaimRetentionPolicy
    ordinals=StatefulSetOrdinals
StatefulSetStatus: observedGeneration replicas readyReplicas currentReplicas updatedReplicas
    currentRevision updateRevision collisionCount conditions=[StatefulSetCondition]
    availableReplicas
StatefulSetUpdateStrategy: type rollingUpdate=RollingUpdateStatefulSetStrategy
StorageClass: kind apiVersion metadata=ObjectMeta provisioner parameters={} reclaimPolicy
    mountOptions allowVolumeExpansion volumeBindingMode allowedTopologies
StorageOSVolumeSource: volumeName volumeNamespace fsType readOnly
    secretRef=LocalObjectReference
Subject: kind apiGroup name namespace
SuccessPolicy: rules=[SuccessPolicyRule]
SuccessPolicyRule: succeededIndexes succeededCount
Sysctl: name value
TCPSocketAction: port host
Taint: key value effect timeAdded
Toleration: key operator value effect tolerationSeconds
TopologySpreadConstraint: maxSkew topologyKey whenUnsatisfiable labelSelector=LabelSelector
    minDomains nodeAffinityPolicy nodeTaintsPolicy matchLabelKeys
TypedLocalObjectReference: apiGroup kind name
TypedObjectReference: apiGroup kind name namespace
UncountedTerminatedPods: succeeded failed
Volume: name hostPath=HostPathVolumeSource emptyDir=EmptyDirVolumeSource
    gcePersistentDisk=GCEPersistentDiskVolumeSource
    awsElasticBlockStore=AWSElasticBlockStoreVolumeSource gitRepo=GitRepoVolumeSource
    secret=SecretVolumeSource nfs=NFSVolumeSource iscsi=ISCSIVolumeSource
    glusterfs=GlusterfsVolumeSource persistentVolumeClaim=PersistentVolumeClaimVolumeSource
    rbd=RBDVolumeSource flexVolume=FlexVolumeSource cinder=CinderVolumeSource
    cephfs=CephFSVolumeSource flocker=FlockerVolumeSource downwardAPI=DownwardAPIVolumeSource
    fc=FCVolumeSource azureFile=AzureFileVolumeSource configMap=ConfigMapVolumeSource
    vsphereVolume=VsphereVirtualDiskVolumeSource quobyte=QuobyteVolumeSource
    azureDisk=AzureDiskVolumeSource photonPersistentDisk=PhotonPersistentDiskVolumeSource
    projected=ProjectedVolumeSource portworxVolume=PortworxVolumeSource
    scaleIO=ScaleIOVolumeSource storageos=StorageOSVolumeSource csi=CSIVolumeSource
    ephemeral=EphemeralVolumeSource image=ImageVolumeSource
VolumeDevice: name devicePath
VolumeMount: name readOnly recursiveReadOnly mountPath subPath mountPropagation subPathExpr
VolumeMountStatus: name mountPath readOnly recursiveReadOnly
VolumeProjection: secret=SecretProjection downwardAPI=DownwardAPIProjection
    configMap=ConfigMapProjection serviceAccountToken=ServiceAccountTokenProjection
    clusterTrustBundle=ClusterTrustBundleProjection podCertificate=PodCertificateProjection
VolumeResourceRequirements: limits={} requests={}
VsphereVirtualDiskVolumeSource: volumePath fsType storagePolicyName storagePolicyID
WeightedPodAffinityTerm: weight podAffinityTerm=PodAffinityTerm
WindowsSecurityContextOptions: gmsaCredentialSpecName gmsaCredentialSpec runAsUserName
    hostProcess
WorkloadReference: name podGroup podGroupReplicaKey
discovery.EndpointPort: name protocol port appProtocol
"""

# (apiVersion, kind) -> the Go type of a whole object.
KINDS = {
    ("v1", kind): kind for kind in (
        "ConfigMap", "Endpoints", "Event", "LimitRange", "Namespace", "Node",
        "PersistentVolume", "PersistentVolumeClaim", "Pod", "ReplicationController",
        "ResourceQuota", "Secret", "Service", "ServiceAccount")
} | {
    ("apps/v1", "ControllerRevision"): "ControllerRevision",
    ("apps/v1", "DaemonSet"): "DaemonSet", ("apps/v1", "Deployment"): "Deployment",
    ("apps/v1", "ReplicaSet"): "ReplicaSet", ("apps/v1", "StatefulSet"): "StatefulSet",
    ("autoscaling/v2", "HorizontalPodAutoscaler"): "HorizontalPodAutoscaler",
    ("batch/v1", "CronJob"): "CronJob", ("batch/v1", "Job"): "Job",
    ("coordination.k8s.io/v1", "Lease"): "Lease",
    ("discovery.k8s.io/v1", "EndpointSlice"): "EndpointSlice",
    ("networking.k8s.io/v1", "Ingress"): "Ingress",
    ("networking.k8s.io/v1", "IngressClass"): "IngressClass",
    ("policy/v1", "PodDisruptionBudget"): "PodDisruptionBudget",
    ("rbac.authorization.k8s.io/v1", "ClusterRole"): "ClusterRole",
    ("rbac.authorization.k8s.io/v1", "ClusterRoleBinding"): "ClusterRoleBinding",
    ("rbac.authorization.k8s.io/v1", "Role"): "Role",
    ("rbac.authorization.k8s.io/v1", "RoleBinding"): "RoleBinding",
    ("scheduling.k8s.io/v1", "PriorityClass"): "PriorityClass",
    ("storage.k8s.io/v1", "StorageClass"): "StorageClass",
}


def _parse(text: str) -> dict[str, list[tuple[str, str]]]:
    """'Probe: exec=ExecAction periodSeconds …' -> {'Probe': [('exec', 'ExecAction'), …]}"""
    structs: dict[str, list[tuple[str, str]]] = {}
    for entry in text.replace("\n    ", " ").strip().splitlines():
        name, _, fields = entry.partition(": ")
        structs[name] = [tuple(f.partition("=")[::2]) for f in fields.split()]
    return structs


STRUCTS = _parse(_STRUCTS)


def type_of(obj: dict) -> str | None:
    """The Go type of a whole object (`Deployment`), a `…List`, or None if unknown."""
    kind = obj.get("kind", "")
    if kind.endswith("List") and isinstance(obj.get("items"), list):
        return "List"
    return KINDS.get((obj.get("apiVersion", ""), kind))


def reorder(obj, type_name: str | None = None):
    """A copy of `obj` with every struct's keys in Go declaration order and every map's
    keys sorted, as encoding/json would write the typed object. Keys the table does not
    know keep their insertion order after the known ones; unknown kinds are copied as is.

    >>> list(reorder({"spec": {}, "metadata": {"name": "x"}, "apiVersion": "v1",
    ...               "kind": "Pod"}))
    ['kind', 'apiVersion', 'metadata', 'spec']"""
    if type_name is None:
        type_name = type_of(obj) if isinstance(obj, dict) else None
    return _reorder(obj, type_name or "")


def _reorder(value, shape: str):
    if shape.startswith("[") and isinstance(value, list):
        return [_reorder(v, shape[1:-1]) for v in value]
    if shape.startswith("{") and isinstance(value, dict):
        return {k: _reorder(value[k], shape[1:-1]) for k in sorted(value)}
    if shape == "List" and isinstance(value, dict):
        head = {k: value[k] for k in ("kind", "apiVersion") if k in value}
        rest = {k: v for k, v in value.items() if k not in ("kind", "apiVersion", "metadata",
                                                            "items")}
        return head | {"metadata": _reorder(value.get("metadata", {}), "ListMeta"),
                       "items": [reorder(i) for i in value.get("items", [])]} | rest
    fields = STRUCTS.get(shape)
    if fields is None or not isinstance(value, dict):
        return _copy(value)
    out = {name: _reorder(value[name], child) for name, child in fields if name in value}
    out.update((k, _copy(v)) for k, v in value.items() if k not in out)
    return out


def _copy(value):
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value
