"""The API server's validation step (pkg/apis/<group>/validation, called by each kind's
REST strategy Validate / ValidateUpdate).

`validate(resource, obj, old)` returns field errors with upstream's exact wording; the
server turns a non-empty list into `<Kind> "<name>" is invalid: …` (errors.invalid_object).
`old` is None on create and the stored object on update, where immutability rules apply:

    >>> validate(deployments, bad_deployment, None)[0]
    spec.replicas: Invalid value: -1: must be greater than or equal to 0
"""

from __future__ import annotations

from ..errors import FieldError
from ..apiextensions.crd_validation import validate_crd
from ..resources import ResourceType
from .apps import (validate_controller_revision, validate_daemon_set, validate_deployment,
                   validate_replica_set, validate_replication_controller, validate_stateful_set)
from .batch import validate_cron_job, validate_job
from .other import VALIDATORS
from .pod import validate_pod
from .service import node_port_errors, validate_service

_BY_KIND = {
    "Pod": validate_pod,
    "Deployment": validate_deployment,
    "ReplicaSet": validate_replica_set,
    "ReplicationController": validate_replication_controller,
    "DaemonSet": validate_daemon_set,
    "ControllerRevision": validate_controller_revision,
    "StatefulSet": validate_stateful_set,
    "Job": validate_job,
    "CronJob": validate_cron_job,
    "Service": validate_service,
    "CustomResourceDefinition": validate_crd,
    **VALIDATORS,
}


def validate(resource: ResourceType, obj: dict, old: dict | None = None) -> list[FieldError]:
    """Validate a defaulted object; [] means valid. Kinds without rules pass. A custom
    resource is checked against its CRD's schema (apiextensions/custom_resource.py)."""
    if resource.custom is not None:
        return resource.custom.validate(obj, old)
    validator = _BY_KIND.get(resource.kind)
    return validator(obj, old) if validator else []


__all__ = ["validate", "node_port_errors"]
