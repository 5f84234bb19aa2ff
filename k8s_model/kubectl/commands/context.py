"""What every kubectl command works with: the API client, the namespace and output."""

from __future__ import annotations

from dataclasses import dataclass

from ...api import errors, resources
from ...api.authz import ADMIN, User
from ...api.resources import ResourceType
from ...client import Client
from ..errors import KubectlError


@dataclass
class Context:
    cluster: object  # the Cluster (only its API server and clock are used)
    user: User = ADMIN

    @property
    def client(self) -> Client:
        return Client(self.cluster.api, "kubectl", self.user)

    @property
    def now(self) -> float:
        return self.cluster.sim.now

    def namespace(self, parsed) -> str:
        return parsed.get("namespace") or "default"

    def with_user(self, parsed) -> "Context":
        """--as / --as-group impersonation."""
        if parsed.get("as"):
            groups = tuple(parsed.get("as-group") or ()) + ("system:authenticated",)
            return Context(self.cluster, User(parsed.get("as"), groups))
        return self


def resource_type(name: str) -> ResourceType:
    """What kubectl's RESTMapper makes of a type name, or its error."""
    found = resources.lookup(name)
    if found is None:
        raise KubectlError(f'error: the server doesn\'t have a resource type "{name}"')
    return found


def kind_name(resource: ResourceType, name: str) -> str:
    """`deployment.apps/web`, `pod/nginx`."""
    return f"{resource.kind_group}/{name}"


def for_object(obj: dict) -> ResourceType:
    found = resources.for_kind(obj.get("apiVersion", ""), obj.get("kind", ""))
    if found is None:
        raise errors.not_found("resources", "", obj.get("kind", ""))
    return found
