"""A client of the API server, as client-go's typed clients are to a component.

Every component — kubectl, each controller, the scheduler, each kubelet — holds a
`Client` with its own identity (a `User`) and user agent (shown in the trace). All it
can do is send requests; there is no back door to the store.
"""

from __future__ import annotations

from typing import Callable

from .api import errors
from .api.authz import ADMIN, User
from .api.impersonation import Impersonation
from .api.resources import ResourceType
from .api.server import APIServer, Request, WatchEvent, WatchHandle


def resolve(server: APIServer, resource: str | ResourceType) -> ResourceType:
    """A resource name as the server's discovery knows it (custom resources too)."""
    if isinstance(resource, ResourceType):
        return resource
    found = server.resources.lookup(resource)
    if found is None:
        raise errors.not_found("resources", "", resource)
    return found


class Client:
    def __init__(self, server: APIServer, agent: str, user: User = ADMIN,
                 impersonate: Impersonation | None = None,
                 field_manager: str | None = None) -> None:
        # impersonate: rest.Config's ImpersonationConfig (kubectl --as), sent on every request
        self.server, self.agent, self.user = server, agent, user
        self.impersonate = impersonate
        # ?fieldManager= on writes; without it the agent's first word names the manager
        self.field_manager = field_manager

    def _send(self, verb: str, resource, namespace=None, name=None, **kwargs):
        rt = resolve(self.server, resource)
        kwargs.setdefault("field_manager", self.field_manager)
        return self.server.handle(Request(verb, rt, namespace if rt.namespaced else None, name,
                                          user=self.user, client=self.agent,
                                          impersonate=self.impersonate, **kwargs))

    def send(self, verb: str, resource, namespace=None, name=None, **kwargs):
        """Any request, with options the typed methods lack (as_table, propagation …)."""
        return self._send(verb, resource, namespace, name, **kwargs)

    def server_resources(self) -> tuple[ResourceType, ...]:
        """Discovery (ServerPreferredResources): every kind the server serves now,
        the built-in ones and those CustomResourceDefinitions added."""
        return self.server.resources.all

    def rest_mapping(self, api_version: str, kind: str) -> ResourceType | None:
        """The resource serving an apiVersion/kind (a RESTMapper over discovery), or None."""
        return self.server.resources.for_kind(api_version, kind)

    def get(self, resource, namespace: str | None, name: str) -> dict:
        return self._send("get", resource, namespace, name)

    def get_or_none(self, resource, namespace: str | None, name: str) -> dict | None:
        try:
            return self.get(resource, namespace, name)
        except errors.ApiError as error:
            if error.code == 404:
                return None
            raise

    def list(self, resource, namespace: str | None = None, label_selector: str | None = None,
             field_selector: str | None = None) -> list[dict]:
        return self._send("list", resource, namespace, label_selector=label_selector,
                          field_selector=field_selector)["items"]

    def create(self, resource, body: dict, namespace: str | None = None, **kwargs) -> dict:
        namespace = namespace or body.get("metadata", {}).get("namespace")
        return self._send("create", resource, namespace, body=body, **kwargs)

    def update(self, resource, body: dict, subresource: str | None = None, **kwargs) -> dict:
        meta = body["metadata"]
        return self._send("update", resource, meta.get("namespace"), meta["name"], body=body,
                          subresource=subresource, **kwargs)

    def update_status(self, resource, body: dict) -> dict:
        return self.update(resource, body, subresource="status")

    def patch(self, resource, namespace: str | None, name: str, patch, patch_type="merge",
              subresource: str | None = None, **kwargs) -> dict:
        return self._send("patch", resource, namespace, name, body=patch,
                          patch_type=patch_type, subresource=subresource, **kwargs)

    def delete(self, resource, namespace: str | None, name: str, **kwargs) -> dict:
        return self._send("delete", resource, namespace, name, **kwargs)

    def bind(self, namespace: str, pod: str, node: str) -> dict:
        body = {"apiVersion": "v1", "kind": "Binding",
                "metadata": {"name": pod, "namespace": namespace},
                "target": {"apiVersion": "v1", "kind": "Node", "name": node}}
        return self._send("create", "pods", namespace, pod, body=body, subresource="binding")

    def evict(self, namespace: str, name: str, grace_period_seconds: int | None = None,
              dry_run: bool = False) -> dict:
        """POST a policy/v1 Eviction to pods/<name>/eviction (client-go's EvictV1)."""
        options = {} if grace_period_seconds is None else \
            {"gracePeriodSeconds": grace_period_seconds}
        body = {"apiVersion": "policy/v1", "kind": "Eviction",
                "metadata": {"name": name, "namespace": namespace}, "deleteOptions": options}
        return self._send("create", "pods", namespace, name, body=body, subresource="eviction",
                          dry_run=dry_run)

    def watch(self, resource, callback: Callable[[WatchEvent], None],
              namespace: str | None = None, label_selector: str | None = None,
              resource_version: str | None = None,
              field_selector: str | None = None) -> WatchHandle:
        return self._send("watch", resource, namespace, label_selector=label_selector,
                          field_selector=field_selector, resource_version=resource_version,
                          watch_callback=callback)
