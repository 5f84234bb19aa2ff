"""Enum values a live v1.35 API server publishes but the bundled schema lacks (KEP-2887).

Go types marked `+enum` (`type RestartPolicy string`) reach the OpenAPI document as an
`enum` list, and kube-openapi appends their values to the field's description:

    Type of deployment. … Default is RollingUpdate.

    Possible enum values:
     - `"Recreate"` Kill all existing pods before creating new ones.

A real cluster serves them (the OpenAPIEnums feature gate, beta and on by default), but the
spec files checked into api/openapi-spec, from which `kubernetes_validate` is built, are
generated without them. `kubectl explain` prints both: `enum: Recreate, RollingUpdate`
under the field and the list in its description. Keyed by definition, then field:
(values sorted as kube-openapi sorts them, text appended to the description).
"""

from __future__ import annotations

def _possible(lines: dict[str, str]) -> tuple[tuple[str, ...], str]:
    """(values, text) for constants {value: comment without the constant's name}."""
    values = tuple(sorted(lines))
    text = "\n\nPossible enum values:" + "".join(f'\n - `"{v}"` {lines[v]}' for v in values)
    return values, text


# k8s.io/api/core/v1/types.go: type PullPolicy, TerminationMessagePolicy, PodPhase, …
_PULL_POLICY = _possible({
    "Always": "means that kubelet always attempts to pull the latest image. Container will fail "
              "If the pull fails.",
    "IfNotPresent": "means that kubelet pulls if the image isn't present on disk. Container will "
                    "fail if the image isn't present and the pull fails.",
    "Never": "means that kubelet never pulls an image, but only uses a local image. Container "
             "will fail if the image isn't present",
})
_TERMINATION_MESSAGE_POLICY = _possible({
    "FallbackToLogsOnError": "will read the most recent contents of the container logs for the "
                             "container status message when the container exits with an error "
                             "and the terminationMessagePath has no contents.",
    "File": "is the default behavior and will set the container status message to the contents "
            "of the container's terminationMessagePath when the container exits.",
})
_CONTAINER = {"imagePullPolicy": _PULL_POLICY,
              "terminationMessagePolicy": _TERMINATION_MESSAGE_POLICY}

ENUMS: dict[str, dict[str, tuple[tuple[str, ...], str]]] = {
    "io.k8s.api.apps.v1.DeploymentStrategy": {
        "type": _possible({
            "Recreate": "Kill all existing pods before creating new ones.",
            "RollingUpdate": "Replace the old ReplicaSets by new one using rolling update i.e "
                             "gradually scale down the old ReplicaSets and scale up the new one.",
        }),
    },
    "io.k8s.api.core.v1.Container": _CONTAINER,
    "io.k8s.api.core.v1.EphemeralContainer": _CONTAINER,
    "io.k8s.api.core.v1.HTTPGetAction": {
        "scheme": _possible({"HTTP": "means that the scheme used will be http://",
                             "HTTPS": "means that the scheme used will be https://"}),
    },
    "io.k8s.api.core.v1.PodStatus": {
        "phase": _possible({
            "Failed": "means that all containers in the pod have terminated, and at least one "
                      "container has terminated in a failure (exited with a non-zero exit code "
                      "or was stopped by the system).",
            "Pending": "means the pod has been accepted by the system, but one or more of the "
                       "containers has not been started. This includes time before being bound "
                       "to a node, as well as time spent pulling images onto the host.",
            "Running": "means the pod has been bound to a node and all of the containers have "
                       "been started. At least one container is still running or is in the "
                       "process of being restarted.",
            "Succeeded": "means that all containers in the pod have voluntarily terminated with "
                         "a container exit code of 0, and the system is not going to restart any "
                         "of these containers.",
            "Unknown": "means that for some reason the state of the pod could not be obtained, "
                       "typically due to an error in communicating with the host of the pod. "
                       "Deprecated: It isn't being set since 2015 "
                       "(74da3b14b0c0f658b3bb8d2def5094686d0e9095)",
        }),
    },
}
