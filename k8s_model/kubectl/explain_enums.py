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

ENUMS: dict[str, dict[str, tuple[tuple[str, ...], str]]] = {
    "io.k8s.api.apps.v1.DeploymentStrategy": {
        "type": (("Recreate", "RollingUpdate"),
                 "\n\nPossible enum values:\n"
                 " - `\"Recreate\"` Kill all existing pods before creating new ones.\n"
                 " - `\"RollingUpdate\"` Replace the old ReplicaSets by new one using rolling "
                 "update i.e gradually scale down the old ReplicaSets and scale up the new one."),
    },
}
