"""CustomResourceDefinitions: the apiextensions-apiserver inside kube-apiserver.

Upstream (staging/src/k8s.io/apiextensions-apiserver) a CRD is an ordinary object of
the built-in kind `customresourcedefinitions.apiextensions.k8s.io`. Registering one
starts a chain of small controllers running in the API server process:

* the naming controller (`naming.py`, pkg/controller/status/naming_controller.go)
  checks the CRD's names against every other CRD of its group and records the
  accepted ones with a `NamesAccepted` condition;
* the establishing controller (pkg/controller/establish) then sets `Established`,
  and from that moment the customresource handler serves the new kind: its REST path,
  its etcd prefix `/registry/<group>/<plural>/`, discovery, kubectl's short names;
* the finalizer (pkg/controller/finalizer) deletes every custom object when the CRD
  is deleted, then lets the CRD go.

Custom objects go through the same request pipeline as built-in ones; what differs is
their strategy (`custom_resource.py`): their schema (`schema.py`) prunes unknown
fields, fills defaults and validates them with the OpenAPI validator's messages
(`schema_validation.py`), and their table has the CRD's additionalPrinterColumns.
The CRD itself is validated by `crd_validation.py`.
"""
