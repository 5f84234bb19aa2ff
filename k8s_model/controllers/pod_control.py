"""Creating and deleting a controller's Pods (pkg/controller/controller_utils.go RealPodControl).

Every Pod a ReplicaSet or ReplicationController makes or removes is one API request and
one Event on the owner, which `kubectl describe rs` lists:

    Normal   SuccessfulCreate  Created pod: web-7xk2p
    Normal   SuccessfulDelete  Deleted pod: web-7xk2p
    Warning  FailedCreate      Error creating: pods "web-" is forbidden: …
"""

from __future__ import annotations

from ..api import errors
from ..record import EventRecorder
from .controller_utils import pod_from_template


def namespace_terminating(error: errors.ApiError) -> bool:
    """HasStatusCause(err, NamespaceTerminatingCause)."""
    return any(c.get("type") == "NamespaceTerminating" for c in error.causes)


class RealPodControl:
    def __init__(self, client, recorder: EventRecorder) -> None:
        self.client, self.recorder = client, recorder

    def create_pod(self, owner: dict, controller_ref: dict, template: dict | None = None,
                   generate_name: str | None = None) -> dict:
        """A Pod from the owner's template (or the one given: CreatePodsWithGenerateName);
        a refusal is reported and raised, except in a namespace being deleted, where the
        caller may ignore it."""
        body = pod_from_template(template or owner["spec"].get("template") or {}, owner,
                                 controller_ref, generate_name)
        try:
            pod = self.client.create("pods", body, owner["metadata"]["namespace"])
        except errors.ApiError as error:
            if not namespace_terminating(error):
                self.recorder.eventf(owner, "Warning", "FailedCreate",
                                     f"Error creating: {error.message}")
            raise
        self.recorder.eventf(owner, "Normal", "SuccessfulCreate",
                             f"Created pod: {pod['metadata']['name']}")
        return pod

    def delete_pod(self, owner: dict, name: str) -> None:
        """A graceful delete (the Pod's own terminationGracePeriodSeconds)."""
        try:
            self.client.delete("pods", owner["metadata"]["namespace"], name)
        except errors.ApiError as error:
            if error.code != 404:
                self.recorder.eventf(owner, "Warning", "FailedDelete",
                                     f"Error deleting: {error.message}")
            raise
        self.recorder.eventf(owner, "Normal", "SuccessfulDelete", f"Deleted pod: {name}")
