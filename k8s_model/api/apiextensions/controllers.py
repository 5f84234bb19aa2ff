"""The apiextensions-apiserver's part of kube-apiserver: its controllers and its handler.

Upstream (pkg/apiserver/apiserver.go, New) starts, inside the API server process, an
informer on CRDs and the naming, establishing and finalizer controllers, all talking
to the API through a loopback client; and the customresource handler
(customresource_handler.go), which keeps one storage per served CRD and rebuilds it
when the CRD changes. Here that handler is `_serve`: when a CRD is Established its
kind joins the server's `Registry` (discovery, REST routing, watch routing, etcd
prefix); when the CRD is gone, it leaves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...client import Client
from ...controllers.base import Informer
from ..authz import User
from .custom_resource import CustomResource
from .finalizer import CRDFinalizer
from .naming import ESTABLISHED, EstablishingController, NamingConditionController, is_true

if TYPE_CHECKING:
    from ..resources import ResourceType
    from ..server import APIServer

LOOPBACK = User("system:apiserver", ("system:masters",))


class APIExtensions:
    def __init__(self, server: "APIServer") -> None:
        self.server = server
        client = Client(server, "kube-apiserver", LOOPBACK)
        self.crds = Informer(client, "customresourcedefinitions")
        self.crds.add_handler(self._serve)   # first: serving follows the CRD at once
        self._served: dict[str, CustomResource] = {}   # by CRD name
        self.naming = NamingConditionController(server.sim, client, self.crds)
        self.establishing = EstablishingController(server.sim, client, self.crds)
        self.finalizer = CRDFinalizer(server.sim, client, self.crds, self.served)

    def served(self, crd_name: str) -> "ResourceType | None":
        custom = self._served.get(crd_name)
        return custom.resource if custom is not None else None

    def _serve(self, type_: str, crd: dict, old: dict | None) -> None:
        name = crd["metadata"]["name"]
        current = self._served.get(name)
        if type_ == "DELETED":
            if current is not None:
                del self._served[name]
                self.server.resources.remove(current.resource.group, current.resource.plural)
            return
        if not is_true(crd, ESTABLISHED):
            return
        if current is not None and old is not None and old.get("spec") == crd.get("spec"):
            return   # only status or metadata changed: the storage stays
        custom = CustomResource(crd)
        self._served[name] = custom
        self.server.resources.add(custom.resource)


def start_apiextensions(server: "APIServer") -> APIExtensions:
    return APIExtensions(server)
