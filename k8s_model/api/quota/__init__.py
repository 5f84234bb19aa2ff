"""Resource quota: measuring what a namespace uses (k8s.io/apiserver/pkg/quota/v1 and
pkg/quota/v1/evaluator/core).

Both halves of quota use this package: the ResourceQuota admission plugin charges each
new object against `status.used` before it is stored, and the resource quota controller
recounts everything from scratch to correct drift and release what deleted objects held.
"""
