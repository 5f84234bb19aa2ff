"""What every kubectl command works with: the API client, the namespace and output."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ...api import errors, resources
from ...api.authz import ADMIN, User
from ...api.impersonation import Impersonation
from ...api.resources import ResourceType
from ...client import Client
from ..errors import KubectlError


@dataclass
class Context:
    cluster: object  # the Cluster (only its API server and clock are used)
    user: User = ADMIN   # who the kubeconfig's credentials authenticate as
    impersonate: Impersonation | None = None   # --as / --as-group / --as-uid
    field_manager: str | None = None   # the command's --field-manager default

    @property
    def client(self) -> Client:
        return Client(self.cluster.api, "kubectl", self.user, self.impersonate,
                      self.field_manager)

    @property
    def resources(self) -> resources.Registry:
        """kubectl's RESTMapper, filled from the server's discovery: the built-in kinds
        and every kind a CustomResourceDefinition added."""
        return self.cluster.api.resources

    @property
    def now(self) -> float:
        return self.cluster.sim.now

    def namespace(self, parsed) -> str:
        return parsed.get("namespace") or "default"

    def impersonating(self, argv: list[str], command: str) -> tuple["Context", list[str]]:
        """Take kubectl's global impersonation flags out of `argv` (ConfigFlags: --as,
        --as-group, repeatable, --as-uid); every request then carries them."""
        wanted: dict[str, list[str]] = {"as": [], "as-group": [], "as-uid": []}
        rest, i = [], 0
        while i < len(argv):
            word = argv[i]
            if word == "--":
                rest.extend(argv[i:])
                break
            name, has_value, value = word[2:].partition("=")
            if not word.startswith("--") or name not in wanted:
                rest.append(word)
                i += 1
                continue
            if not has_value:
                if i + 1 >= len(argv):
                    raise KubectlError(f"error: flag needs an argument: --{name}\n"
                                       f"See 'kubectl {command} --help' for usage.")
                i, value = i + 1, argv[i + 1]
            wanted[name].append(value)
            i += 1
        user = wanted["as"][-1] if wanted["as"] else ""
        uid = wanted["as-uid"][-1] if wanted["as-uid"] else ""
        if not user:
            if wanted["as-group"] or uid:   # client-go's transport refuses before sending
                raise KubectlError("Error: requesting uid, groups or user-extra for  without "
                                   "impersonating a user")
            return self, rest
        return replace(self, impersonate=Impersonation(user, tuple(wanted["as-group"]), uid)), rest


# The `--field-manager` default of each command that writes (cmdutil.AddFieldManagerFlagVar);
# the others (scale, cordon, drain) send none, so the API server names the manager
# after the User-Agent: `kubectl`.
FIELD_MANAGERS = {verb: f"kubectl-{verb}" for verb in (
    "create", "run", "expose", "autoscale", "replace", "label", "annotate", "patch", "taint",
    "set", "rollout", "edit")} | {"apply": "kubectl-client-side-apply"}


def resource_type(name: str, ctx: Context | None = None) -> ResourceType:
    """What kubectl's RESTMapper makes of a type name, or its error. Without a context
    only the built-in kinds are known."""
    found = (ctx.resources if ctx is not None else resources.BUILTIN).lookup(name)
    if found is None:
        raise KubectlError(f'error: the server doesn\'t have a resource type "{name}"')
    return found


def kind_name(resource: ResourceType, name: str) -> str:
    """`deployment.apps/web`, `pod/nginx`."""
    return f"{resource.kind_group}/{name}"


def for_object(obj: dict, ctx: Context | None = None) -> ResourceType:
    registry = ctx.resources if ctx is not None else resources.BUILTIN
    found = registry.for_kind(obj.get("apiVersion", ""), obj.get("kind", ""))
    if found is None:
        raise errors.not_found("resources", "", obj.get("kind", ""))
    return found
