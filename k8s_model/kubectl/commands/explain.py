"""kubectl explain (staging/src/k8s.io/kubectl/pkg/cmd/explain/explain.go, pkg/explain).

`kubectl explain deployments.apps.spec.strategy` names a resource and a field path. kubectl
resolves the first word through discovery (`deployments` → apps/v1), takes the rest as
fields (after `deployments.apps`, if the group was spelt out), fetches that group-version's
OpenAPI v3 document and renders the reached schema with its plaintext template
(explain_render). `--api-version=apps/v1` picks the group-version instead. A custom kind
is explained from its CRD's schema, as the server publishes it (explain_schema.custom_schema).
"""

from __future__ import annotations

from ...api import resources
from ..errors import KubectlError
from ..explain_render import ExplainError, render
from ..explain_schema import custom_schema
from ..flags import Flag, parse

FLAGS = (Flag("recursive", boolean=True), Flag("api-version", default=""),
         Flag("output", "o", default="plaintext"))

NO_TYPE = ('error: You must specify the type of resource to explain. Use "kubectl api-resources" '
           'for a complete list of supported resources.')


def run(ctx, argv: list[str], stdin: str | None) -> str:
    parsed = parse(argv, FLAGS, "explain")
    if not parsed.args:
        raise KubectlError(NO_TYPE)
    if len(parsed.args) > 1:
        raise KubectlError("error: We accept only this format: explain RESOURCE")
    api_version = parsed.get("api-version")
    registry = ctx.resources
    resource, path = split_resource(parsed.args[0], not api_version, registry)
    group, version = resource.group, resource.version
    if api_version:
        group, version = parse_group_version(api_version)
    gvr = f"{group}/{version}, Resource={resource.plural}"
    if not any(r.group == group and r.version == version for r in registry.all):
        raise KubectlError(f'error: couldn\'t find resource for "{gvr}"')
    if parsed.get("output") != "plaintext":
        # The model has only the v3 template; real kubectl also knows plaintext-openapiv2.
        raise KubectlError(f"error: unrecognized format: {parsed.get('output')}")
    served = next((r for r in registry.all if (r.plural, r.group, r.version)
                   == (resource.plural, group, version)), None)
    if served is None:
        raise KubectlError(f"error: GVR ({gvr}) not found in OpenAPI schema")
    try:
        root = custom_schema(served.custom)[1] if served.custom is not None else None
        text = render(group, version, served.kind, path, parsed.get("recursive"), root)
    except ExplainError as error:
        raise KubectlError(str(error), output=error.written.removesuffix("\n")) from None
    return text.removesuffix("\n")


def split_resource(text: str, prefix_match: bool,
                   registry: resources.Registry) -> tuple[resources.ResourceType, list[str]]:
    """SplitAndParseResourceRequest[WithMatchingPrefix]: `pods.spec.containers` →
    (pods, [spec, containers]); `deployments.apps.spec` → (deployments, [spec])."""
    text = text.removesuffix(".")
    words = text.split(".")
    name = next((words[0][:i] for i, c in enumerate(words[0]) if c in _NOT_FIELD), words[0])
    found = registry.lookup(name) or _binding(name)
    if found is None:
        # CheckErr prints a RESTMapper NoMatch error bare, without the "error: " prefix.
        raise KubectlError(f'the server doesn\'t have a resource type "{name}"')
    which = "first node must be field node" if prefix_match else "all nodes must be field nodes"
    if any(_NOT_FIELD & set(word) for word in words):
        raise KubectlError(f"error: invalid jsonpath syntax, {which}")
    fields = words[1:]
    if prefix_match and text.startswith(found.group_resource):
        rest = text[len(found.group_resource):]
        fields = rest.split(".")[1:] if rest else []
    if prefix_match and fields[:1] == [""]:
        fields = fields[1:]  # `pods..spec`: jsonpath reads `..` as a descent it then skips
    if "" in fields:
        raise KubectlError(f"error: invalid jsonpath syntax, {which}")
    return found, fields


# Characters that end a jsonpath field name (`containers[0]` is a field and an index).
_NOT_FIELD = set("[]$@{}()=<>!|&*,'\" ")


def _binding(name: str) -> resources.ResourceType | None:
    """Discovery lists pods/binding's `bindings` too, so explain finds it (get does not)."""
    return resources.by_plural("bindings") if name.lower() in ("binding", "bindings") else None


def parse_group_version(text: str) -> tuple[str, str]:
    """schema.ParseGroupVersion: `apps/v1` → (apps, v1); `v1` → ("", v1)."""
    parts = text.split("/")
    if len(parts) == 1:
        return "", text
    if len(parts) == 2:
        return parts[0], parts[1]
    raise KubectlError(f"error: unexpected GroupVersion string: {text}")
