"""The API's type tree, compiled from the OpenAPI schemas (the server's typed Go structs).

The real API server decodes a request body into Go structs (k8s.io/api/<group>/<version>
types.go); which fields exist and what type each one has is exactly what the published
OpenAPI v3 schema says. The `kubernetes_validate` package ships those schemas for every
release; we read the v1.35 definitions once, lazily, and compile each definition into a
small tree of nodes (`Struct`, `Map`, `Array`, `Scalar` …) that `decoding.py` walks on
every write. A node remembers the Go type name too, because the decoder's error messages
name it: `… into Go struct field DeploymentSpec.spec.replicas of type int32`.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

KUBERNETES_VERSION = "1.35"

# Definitions that hold arbitrary JSON: no field list to check against.
_OPEN = ("FieldsV1", "RawExtension", "Patch", "JSON", "JSONSchemaPropsOrArray",
         "JSONSchemaPropsOrBool", "JSONSchemaPropsOrStringArray")

# Named Go string/map types the schema cannot tell us (`type RestartPolicy string`);
# their names appear in type errors. Keyed by (struct, field).
_GO_TYPEDEFS = {
    ("PodSpec", "restartPolicy"): "v1.RestartPolicy",
    ("PodSpec", "dnsPolicy"): "v1.DNSPolicy",
    ("Container", "imagePullPolicy"): "v1.PullPolicy",
    ("Container", "terminationMessagePolicy"): "v1.TerminationMessagePolicy",
    ("ContainerPort", "protocol"): "v1.Protocol",
    ("ServicePort", "protocol"): "v1.Protocol",
    ("ServiceSpec", "type"): "v1.ServiceType",
    ("ServiceSpec", "sessionAffinity"): "v1.ServiceAffinity",
    ("HTTPGetAction", "scheme"): "v1.URIScheme",
    ("Secret", "type"): "v1.SecretType",
    ("DeploymentStrategy", "type"): "v1.DeploymentStrategyType",
    ("StatefulSetSpec", "podManagementPolicy"): "v1.PodManagementPolicyType",
    ("CronJobSpec", "concurrencyPolicy"): "v1.ConcurrencyPolicy",
    ("Toleration", "operator"): "v1.TolerationOperator",
    ("Toleration", "effect"): "v1.TaintEffect",
    ("Taint", "effect"): "v1.TaintEffect",
    ("LabelSelectorRequirement", "operator"): "v1.LabelSelectorOperator",
    ("HTTPIngressPath", "pathType"): "v1.PathType",
    ("ObjectMeta", "uid"): "types.UID",
}


class Node:
    """One type in the tree. `go` is the type as Go's reflect prints it (`int32`,
    `v1.PodSpec`, `[]v1.Container`, `map[string]string`)."""

    __slots__ = ("kind", "go", "fields", "item", "struct")

    def __init__(self, kind: str, go: str, item: "Node | None" = None) -> None:
        self.kind = kind          # struct map array string integer number boolean bytes
        self.go = go              # intorstring quantity time open
        self.item = item          # element of an array, value of a map
        self.fields: dict[str, Node] = {}
        self.struct = ""          # a struct's own name: `DeploymentSpec`

    def __repr__(self) -> str:
        return f"Node({self.kind}, {self.go})"


OPEN = Node("open", "interface {}")


@lru_cache(maxsize=1)
def _definitions() -> dict:
    """The v1.35 `_definitions.json` (the closest bundled version not newer than 1.35)."""
    # find_spec locates the package without importing it (its import costs seconds).
    package = find_spec("kubernetes_validate")
    root = Path(package.submodule_search_locations[0]) / "kubernetes-json-schema"
    versions = sorted((d.name for d in root.iterdir() if d.name.endswith("-local-strict")),
                      key=lambda n: tuple(int(p) for p in n[1:].split("-")[0].split(".")))
    wanted = tuple(int(p) for p in KUBERNETES_VERSION.split("."))
    chosen = [n for n in versions if tuple(int(p) for p in n[1:].split("-")[0].split("."))[:2]
              <= wanted][-1]
    with (root / chosen / "_definitions.json").open() as f:
        return json.load(f)["$defs"]


@lru_cache(maxsize=1)
def _by_gvk() -> dict[tuple[str, str, str], str]:
    index = {}
    for name, schema in _definitions().items():
        for gvk in schema.get("x-kubernetes-group-version-kind", ()):
            index.setdefault((gvk["group"], gvk["version"], gvk["kind"]), name)
    return index


_compiled: dict[str, Node] = {}


def root_node(group: str, version: str, kind: str) -> Node | None:
    """The compiled struct for a served kind (`apps`, `v1`, `Deployment`), or None."""
    name = _by_gvk().get((group, version, kind))
    return _compile_ref(name) if name else None


def _go_struct(ref: str) -> tuple[str, str]:
    """`io.k8s.api.apps.v1.DeploymentSpec` → (`DeploymentSpec`, `v1.DeploymentSpec`)."""
    package, _, name = ref.rpartition(".")
    return name, f"{package.rpartition('.')[2]}.{name}"


def _compile_ref(ref: str) -> Node:
    node = _compiled.get(ref)
    if node is not None:
        return node
    name, go = _go_struct(ref)
    schema = _definitions()[ref]
    if name == "IntOrString":
        node = Node("intorstring", "intstr.IntOrString")
    elif name == "Quantity":
        node = Node("quantity", "resource.Quantity")
    elif name in _OPEN:
        node = OPEN
    elif schema.get("format") == "date-time":
        node = Node("time", go)
    elif "properties" in schema or _types(schema) & {"object"}:
        node = Node("struct", go)
        node.struct = name
        _compiled[ref] = node  # before the fields: types may refer to themselves
        for field, sub in schema.get("properties", {}).items():
            node.fields[field] = _compile(sub, name, field)
        return node
    else:
        node = _compile(schema, name, "")
    _compiled[ref] = node
    return node


def _types(schema: dict) -> set[str]:
    kind = schema.get("type")
    if kind is None:
        return set()
    return {kind} if isinstance(kind, str) else set(kind) - {"null"}


_SCALAR_GO = {"string": "string", "boolean": "bool", "number": "float64", "integer": "int64"}


def _compile(schema: dict, struct: str, field: str) -> Node:
    """An inline (property) schema: a $ref, an array, a map or a scalar."""
    if "$ref" in schema:
        return _compile_ref(schema["$ref"].rpartition("/")[2])
    if schema.get("x-kubernetes-preserve-unknown-fields"):
        return OPEN
    types = _types(schema)
    if "array" in types:
        item = _compile(schema.get("items", {}), struct, field)
        return Node("array", f"[]{item.go}", item)
    if "object" in types:
        extra = schema.get("additionalProperties")
        if not isinstance(extra, dict):
            return OPEN
        value = _compile(extra, struct, field)
        go = "v1.ResourceList" if value.kind == "quantity" else f"map[string]{value.go}"
        return Node("map", go, value)
    if "string" in types:
        if schema.get("format") == "byte":
            return Node("bytes", "[]uint8")
        return Node("string", _GO_TYPEDEFS.get((struct, field), "string"))
    if "integer" in types:
        return Node("integer", schema.get("format", "int64"))
    for kind in ("number", "boolean"):
        if kind in types:
            return Node(kind, _SCALAR_GO[kind])
    return OPEN
