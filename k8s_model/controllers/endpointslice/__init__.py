"""The EndpointSlice controller (pkg/controller/endpointslice/) and its reconciler
(staging/src/k8s.io/endpointslice)."""
