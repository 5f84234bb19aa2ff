"""Field tables of the k8s.io/api groups beyond core (notation: tables_meta.py):
apps, batch, rbac, policy, scheduling, networking, autoscaling/v2, authorization and
authentication — the objects `kubectl create …`, `autoscale`, `drain` and `auth` send."""

MESSAGES = {
    # apps/v1
    "Deployment": "1 metadata ObjectMeta; 2 spec DeploymentSpec; 3 status DeploymentStatus",
    "DeploymentSpec": "1 replicas i32*; 2 selector LabelSelector; 3 template PodTemplateSpec; "
                      "4 strategy DeploymentStrategy; 5 minReadySeconds i32; "
                      "6 revisionHistoryLimit i32*; 7 paused b; 9 progressDeadlineSeconds i32*; "
                      "10 podReplacementPolicy s*",
    "DeploymentStrategy": "1 type s; 2 rollingUpdate RollingUpdateDeployment",
    "RollingUpdateDeployment": "1 maxUnavailable IntOrString; 2 maxSurge IntOrString",
    "DeploymentStatus": "1 observedGeneration i64; 2 replicas i32; 3 updatedReplicas i32; "
                        "7 readyReplicas i32; 4 availableReplicas i32; 5 unavailableReplicas i32; "
                        "9 terminatingReplicas i32*; 6 conditions []DeploymentCondition; "
                        "8 collisionCount i32*",
    "DeploymentCondition": "1 type s!; 2 status s!; 6 lastUpdateTime Time; "
                           "7 lastTransitionTime Time; 4 reason s; 5 message s",
    # batch/v1
    "Job": "1 metadata ObjectMeta; 2 spec JobSpec; 3 status JobStatus",
    "JobSpec": "1 parallelism i32*; 2 completions i32*; 3 activeDeadlineSeconds i64*; "
               "11 podFailurePolicy PodFailurePolicy; 16 successPolicy SuccessPolicy; "
               "7 backoffLimit i32*; 12 backoffLimitPerIndex i32*; 13 maxFailedIndexes i32*; "
               "4 selector LabelSelector; 5 manualSelector b*; 6 template PodTemplateSpec; "
               "8 ttlSecondsAfterFinished i32*; 9 completionMode s*; 10 suspend b*; "
               "14 podReplacementPolicy s*; 15 managedBy s*",
    "JobStatus": "1 conditions []JobCondition; 2 startTime Time; 3 completionTime Time; "
                 "4 active i32; 5 succeeded i32; 6 failed i32; 11 terminating i32*; "
                 "7 completedIndexes s; 10 failedIndexes s*; "
                 "8 uncountedTerminatedPods UncountedTerminatedPods; 9 ready i32*",
    "JobCondition": "1 type s!; 2 status s!; 3 lastProbeTime Time; 4 lastTransitionTime Time; "
                    "5 reason s; 6 message s",
    "UncountedTerminatedPods": "1 succeeded []s; 2 failed []s",
    "PodFailurePolicy": "1 rules []PodFailurePolicyRule",
    "PodFailurePolicyRule": "1 action s!; 2 onExitCodes PodFailurePolicyOnExitCodesRequirement; "
                            "3 onPodConditions []PodFailurePolicyOnPodConditionsPattern",
    "PodFailurePolicyOnExitCodesRequirement": "1 containerName s*; 2 operator s!; 3 values []i32",
    "PodFailurePolicyOnPodConditionsPattern": "1 type s!; 2 status s",
    "SuccessPolicy": "1 rules []SuccessPolicyRule",
    "SuccessPolicyRule": "1 succeededIndexes s*; 2 succeededCount i32*",
    "JobTemplateSpec": "1 metadata ObjectMeta; 2 spec JobSpec",
    "CronJob": "1 metadata ObjectMeta; 2 spec CronJobSpec; 3 status CronJobStatus",
    "CronJobSpec": "1 schedule s!; 8 timeZone s*; 2 startingDeadlineSeconds i64*; "
                   "3 concurrencyPolicy s; 4 suspend b*; 5 jobTemplate JobTemplateSpec; "
                   "6 successfulJobsHistoryLimit i32*; 7 failedJobsHistoryLimit i32*",
    "CronJobStatus": "1 active []ObjectReference; 4 lastScheduleTime Time; 5 lastSuccessfulTime Time",
    # rbac.authorization.k8s.io/v1
    "Role": "1 metadata ObjectMeta; 2 rules []PolicyRule!",
    "ClusterRole": "1 metadata ObjectMeta; 2 rules []PolicyRule!; 3 aggregationRule AggregationRule",
    "AggregationRule": "1 clusterRoleSelectors []LabelSelector",
    "PolicyRule": "1 verbs []s!; 2 apiGroups []s; 3 resources []s; 4 resourceNames []s; "
                  "5 nonResourceURLs []s",
    "RoleBinding": "1 metadata ObjectMeta; 2 subjects []Subject; 3 roleRef RoleRef",
    "ClusterRoleBinding": "1 metadata ObjectMeta; 2 subjects []Subject; 3 roleRef RoleRef",
    "RoleRef": "1 apiGroup s!; 2 kind s!; 3 name s!",
    "Subject": "1 kind s!; 2 apiGroup s; 3 name s!; 4 namespace s",
    # policy/v1
    "PodDisruptionBudget": "1 metadata ObjectMeta; 2 spec PodDisruptionBudgetSpec; "
                           "3 status PodDisruptionBudgetStatus",
    "PodDisruptionBudgetSpec": "1 minAvailable IntOrString; 2 selector LabelSelector; "
                               "3 maxUnavailable IntOrString; 4 unhealthyPodEvictionPolicy s*",
    "PodDisruptionBudgetStatus": "1 observedGeneration i64; 2 disruptedPods {Time}; "
                                 "3 disruptionsAllowed i32!; 4 currentHealthy i32!; "
                                 "5 desiredHealthy i32!; 6 expectedPods i32!; 7 conditions []Condition",
    "Eviction": "1 metadata ObjectMeta; 2 deleteOptions DeleteOptions",
    # scheduling.k8s.io/v1
    "PriorityClass": "1 metadata ObjectMeta; 2 value i32!; 3 globalDefault b; 4 description s; "
                     "5 preemptionPolicy s*",
    # networking.k8s.io/v1
    "Ingress": "1 metadata ObjectMeta; 2 spec IngressSpec; 3 status IngressStatus",
    "IngressSpec": "4 ingressClassName s*; 1 defaultBackend IngressBackend; 2 tls []IngressTLS; "
                   "3 rules []IngressRule",
    "IngressBackend": "4 service IngressServiceBackend; 3 resource TypedLocalObjectReference",
    "IngressServiceBackend": "1 name s!; 2 port ServiceBackendPort",
    "ServiceBackendPort": "1 name s; 2 number i32",
    "IngressRule": "1 host s; 2 ingressRuleValue IngressRuleValue^",
    "IngressRuleValue": "1 http HTTPIngressRuleValue",
    "HTTPIngressRuleValue": "1 paths []HTTPIngressPath",
    "HTTPIngressPath": "1 path s; 3 pathType s*; 2 backend IngressBackend",
    "IngressTLS": "1 hosts []s; 2 secretName s",
    "IngressStatus": "1 loadBalancer IngressLoadBalancerStatus",
    "IngressLoadBalancerStatus": "1 ingress []IngressLoadBalancerIngress",
    "IngressLoadBalancerIngress": "1 ip s; 2 hostname s; 4 ports []IngressPortStatus",
    "IngressPortStatus": "1 port i32!; 2 protocol s!; 3 error s*",
    # autoscaling/v2
    "HorizontalPodAutoscaler": "1 metadata ObjectMeta; 2 spec HorizontalPodAutoscalerSpec; "
                               "3 status HorizontalPodAutoscalerStatus",
    "HorizontalPodAutoscalerSpec": "1 scaleTargetRef CrossVersionObjectReference; "
                                   "2 minReplicas i32*; 3 maxReplicas i32!; 4 metrics []MetricSpec; "
                                   "5 behavior HorizontalPodAutoscalerBehavior",
    "CrossVersionObjectReference": "1 kind s!; 2 name s!; 3 apiVersion s",
    "MetricSpec": "1 type s!; 2 object ObjectMetricSource; 3 pods PodsMetricSource; "
                  "4 resource ResourceMetricSource; 7 containerResource ContainerResourceMetricSource; "
                  "5 external ExternalMetricSource",
    "ObjectMetricSource": "1 describedObject CrossVersionObjectReference; 2 target MetricTarget; "
                          "3 metric MetricIdentifier",
    "PodsMetricSource": "1 metric MetricIdentifier; 2 target MetricTarget",
    "ResourceMetricSource": "1 name s!; 2 target MetricTarget",
    "ContainerResourceMetricSource": "1 name s!; 2 target MetricTarget; 3 container s!",
    "ExternalMetricSource": "1 metric MetricIdentifier; 2 target MetricTarget",
    "MetricIdentifier": "1 name s!; 2 selector LabelSelector",
    "MetricTarget": "1 type s!; 2 value Quantity; 3 averageValue Quantity; 4 averageUtilization i32*",
    "HorizontalPodAutoscalerBehavior": "1 scaleUp HPAScalingRules; 2 scaleDown HPAScalingRules",
    "HPAScalingRules": "3 stabilizationWindowSeconds i32*; 1 selectPolicy s*; "
                       "2 policies []HPAScalingPolicy; 4 tolerance Quantity",
    "HPAScalingPolicy": "1 type s!; 2 value i32!; 3 periodSeconds i32!",
    "HorizontalPodAutoscalerStatus": "1 observedGeneration i64*; 2 lastScaleTime Time; "
                                     "3 currentReplicas i32; 4 desiredReplicas i32!; "
                                     "5 currentMetrics []MetricStatus; "
                                     "6 conditions []HorizontalPodAutoscalerCondition",
    "HorizontalPodAutoscalerCondition": "1 type s!; 2 status s!; 3 lastTransitionTime Time; "
                                        "4 reason s; 5 message s",
    "MetricStatus": "1 type s!; 2 object ObjectMetricStatus; 3 pods PodsMetricStatus; "
                    "4 resource ResourceMetricStatus; 7 containerResource ContainerResourceMetricStatus; "
                    "5 external ExternalMetricStatus",
    "ObjectMetricStatus": "1 metric MetricIdentifier; 2 current MetricValueStatus; "
                          "3 describedObject CrossVersionObjectReference",
    "PodsMetricStatus": "1 metric MetricIdentifier; 2 current MetricValueStatus",
    "ResourceMetricStatus": "1 name s!; 2 current MetricValueStatus",
    "ContainerResourceMetricStatus": "1 name s!; 2 current MetricValueStatus; 3 container s!",
    "ExternalMetricStatus": "1 metric MetricIdentifier; 2 current MetricValueStatus",
    "MetricValueStatus": "1 value Quantity; 2 averageValue Quantity; 3 averageUtilization i32*",
    # authorization.k8s.io/v1
    "SelfSubjectAccessReview": "1 metadata ObjectMeta; 2 spec SelfSubjectAccessReviewSpec; "
                               "3 status SubjectAccessReviewStatus",
    "SelfSubjectAccessReviewSpec": "1 resourceAttributes ResourceAttributes; "
                                   "2 nonResourceAttributes NonResourceAttributes",
    "ResourceAttributes": "1 namespace s; 2 verb s; 3 group s; 4 version s; 5 resource s; "
                          "6 subresource s; 7 name s; 8 fieldSelector FieldSelectorAttributes; "
                          "9 labelSelector LabelSelectorAttributes",
    "NonResourceAttributes": "1 path s; 2 verb s",
    "FieldSelectorAttributes": "1 rawSelector s; 2 requirements []FieldSelectorRequirement",
    "FieldSelectorRequirement": "1 key s!; 2 operator s!; 3 values []s",
    "LabelSelectorAttributes": "1 rawSelector s; 2 requirements []LabelSelectorRequirement",
    "SubjectAccessReviewStatus": "1 allowed b!; 4 denied b; 2 reason s; 3 evaluationError s",
    "SelfSubjectRulesReview": "1 metadata ObjectMeta; 2 spec SelfSubjectRulesReviewSpec; "
                              "3 status SubjectRulesReviewStatus",
    "SelfSubjectRulesReviewSpec": "1 namespace s",
    "SubjectRulesReviewStatus": "1 resourceRules []ResourceRule!; 2 nonResourceRules []NonResourceRule!; "
                                "3 incomplete b!; 4 evaluationError s",
    "ResourceRule": "1 verbs []s!; 2 apiGroups []s; 3 resources []s; 4 resourceNames []s",
    "NonResourceRule": "1 verbs []s!; 2 nonResourceURLs []s",
    # authentication.k8s.io/v1
    "SelfSubjectReview": "1 metadata ObjectMeta; 2 status SelfSubjectReviewStatus",
    "SelfSubjectReviewStatus": "1 userInfo UserInfo",
    "UserInfo": "1 username s; 2 uid s; 3 groups []s; 4 extra {ExtraValue}",
    "TokenRequest": "1 metadata ObjectMeta; 2 spec TokenRequestSpec; 3 status TokenRequestStatus",
    "TokenRequestSpec": "1 audiences []s!; 4 expirationSeconds i64*; "
                        "3 boundObjectRef BoundObjectReference",
    "BoundObjectReference": "1 kind s; 2 apiVersion s; 3 name s; 4 uid s",
    "TokenRequestStatus": "1 token s!; 2 expirationTimestamp Time",
}

UNMODELLED: set[str] = set()

# The top-level objects a body may carry: (apiVersion, kind). DeleteOptions travels under
# whatever group version the request addresses.
OBJECTS = {
    ("v1", "Pod"), ("v1", "Namespace"), ("v1", "Service"), ("v1", "ConfigMap"), ("v1", "Secret"),
    ("v1", "ServiceAccount"), ("v1", "ResourceQuota"),
    ("apps/v1", "Deployment"), ("batch/v1", "Job"), ("batch/v1", "CronJob"),
    ("rbac.authorization.k8s.io/v1", "Role"), ("rbac.authorization.k8s.io/v1", "ClusterRole"),
    ("rbac.authorization.k8s.io/v1", "RoleBinding"),
    ("rbac.authorization.k8s.io/v1", "ClusterRoleBinding"),
    ("policy/v1", "PodDisruptionBudget"), ("policy/v1", "Eviction"),
    ("scheduling.k8s.io/v1", "PriorityClass"), ("networking.k8s.io/v1", "Ingress"),
    ("autoscaling/v2", "HorizontalPodAutoscaler"),
    ("authorization.k8s.io/v1", "SelfSubjectAccessReview"),
    ("authorization.k8s.io/v1", "SelfSubjectRulesReview"),
    ("authentication.k8s.io/v1", "SelfSubjectReview"),
    ("authentication.k8s.io/v1", "TokenRequest"),
}
