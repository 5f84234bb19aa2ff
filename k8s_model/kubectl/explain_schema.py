"""The OpenAPI v3 schemas `kubectl explain` reads (the API server's /openapi/v3/<group-version>).

kubectl explain fetches `/openapi/v3/apis/apps/v1` and walks `components.schemas` of that
document. The model keeps no second copy of the schema: it reuses the v1.35 definitions that
`k8s_model.api.openapi` loads, which the `kubernetes_validate` package ships in JSON-Schema
form, and turns each one back into the v3 shape the server publishes:

    {"$ref": "#/$defs/…PodSpec", "description": "Specification…"}      (bundled)
    {"allOf": [{"$ref": "#/components/schemas/…PodSpec"}], "description": "Specification…"}

`"type": ["string", "null"]` becomes `"string"`, and the bundled `"enum": ["v1"]` pins on
apiVersion/kind (not in the served document) are dropped. Two definitions the bundle ships
without their description get it back (IntOrString, Quantity; texts from upstream's spec).
"""

from __future__ import annotations

from functools import lru_cache

from ..api.openapi import _definitions  # the one loader of the bundled v1.35 schema
from .explain_enums import ENUMS

REF_PREFIX = "#/components/schemas/"

# Descriptions the bundle omits (api/openapi-spec; k8s.io/apimachinery doc comments).
_DESCRIPTIONS = {
    "io.k8s.apimachinery.pkg.util.intstr.IntOrString": (
        "IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML "
        "marshalling and unmarshalling, it produces or consumes the inner type.  This allows "
        "you to have, for example, a JSON field that can accept a name or number."),
    "io.k8s.apimachinery.pkg.api.resource.Quantity": (
        "Quantity is a fixed-point representation of a number. It provides convenient "
        "marshaling/unmarshaling in JSON and YAML, in addition to String() and AsInt64() "
        "accessors.\n\nThe serialization format is:\n\n"
        "``` <quantity>        ::= <signedNumber><suffix>\n\n"
        "\t(Note that <suffix> may be empty, from the \"\" case in <decimalSI>.)\n\n"
        "<digit>           ::= 0 | 1 | ... | 9 <digits>          ::= <digit> | <digit><digits> "
        "<number>          ::= <digits> | <digits>.<digits> | <digits>. | .<digits> "
        "<sign>            ::= \"+\" | \"-\" <signedNumber>    ::= <number> | <sign><number> "
        "<suffix>          ::= <binarySI> | <decimalExponent> | <decimalSI> "
        "<binarySI>        ::= Ki | Mi | Gi | Ti | Pi | Ei\n\n"
        "\t(International System of units; See: http://physics.nist.gov/cuu/Units/binary.html)"
        "\n\n<decimalSI>       ::= m | \"\" | k | M | G | T | P | E\n\n"
        "\t(Note that 1024 = 1Ki but 1000 = 1k; I didn't choose the capitalization.)\n\n"
        "<decimalExponent> ::= \"e\" <signedNumber> | \"E\" <signedNumber> ```\n\n"
        "No matter which of the three exponent forms is used, no quantity may represent a "
        "number greater than 2^63-1 in magnitude, nor may it have more than 3 decimal places. "
        "Numbers larger or more precise will be capped or rounded up. (E.g.: 0.1m will rounded "
        "up to 1m.) This may be extended in the future if we require larger or smaller "
        "quantities.\n\nWhen a Quantity is parsed from a string, it will remember the type of "
        "suffix it had, and will use the same type again when it is serialized.\n\n"
        "Before serializing, Quantity will be put in \"canonical form\". This means that "
        "Exponent/suffix will be adjusted up or down (with a corresponding increase or "
        "decrease in Mantissa) such that:\n\n- No precision is lost - No fractional digits "
        "will be emitted - The exponent (or suffix) is as large as possible.\n\n"
        "The sign will be omitted unless the number is negative.\n\nExamples:\n\n"
        "- 1.5 will be serialized as \"1500m\" - 1.5Gi will be serialized as \"1536Mi\"\n\n"
        "Note that the quantity will NEVER be internally represented by a floating point "
        "number. That is the whole point of this exercise.\n\nNon-canonical values will still "
        "parse as long as they are well formed, but will be re-emitted in their canonical "
        "form. (So always use canonical form, or don't diff.)\n\nThis format is intended to "
        "make it difficult to use these numbers without writing some sort of special handling "
        "code in the hopes that that will cause implementors to also use a fixed point "
        "implementation."),
}


@lru_cache(maxsize=None)
def schema(name: str) -> dict | None:
    """components.schemas[name] in v3 form (`io.k8s.api.core.v1.Pod`), or None."""
    bundled = _definitions().get(name)
    if bundled is None:
        return None
    converted = _convert(bundled)
    if name in _DESCRIPTIONS:
        converted["description"] = _DESCRIPTIONS[name]
    for field, (values, note) in ENUMS.get(name, {}).items():
        prop = converted["properties"][field]
        prop["enum"] = list(values)
        prop["description"] = prop.get("description", "") + note
    return converted


def resolve(ref: str) -> dict | None:
    """resolveRef: `#/components/schemas/<name>` → that schema (None when unknown)."""
    if not ref.startswith(REF_PREFIX):
        return None
    return schema(ref[len(REF_PREFIX):])


def definition_for(group: str, version: str, kind: str) -> str | None:
    """The first schema (by name, as a Go template ranges over a map) that carries this
    x-kubernetes-group-version-kind."""
    wanted = {"group": group, "version": version, "kind": kind}
    for name in sorted(_definitions()):
        if wanted in _definitions()[name].get("x-kubernetes-group-version-kind", ()):
            return name
    return None


def custom_schema(custom) -> tuple[str, dict]:
    """A custom kind's schema as the CRD's OpenAPI builder publishes it
    (apiextensions-apiserver controller/openapi/builder: buildKubeNative): the CRD's
    openAPIV3Schema plus apiVersion and kind (TypeMeta's) and metadata (a reference to
    ObjectMeta), named by the reversed group: `com.example.stable.v1.CronTab`."""
    rt = custom.resource
    name = ".".join([*reversed(rt.group.split(".")), rt.version, rt.kind])
    out = dict(custom.schema or {"type": "object"})
    if custom.schema:
        meta = schema("io.k8s.api.core.v1.Pod")["properties"]
        out["properties"] = {**out.get("properties", {}), "apiVersion": meta["apiVersion"],
                             "kind": meta["kind"],
                             "metadata": {"$ref": REF_PREFIX + _OBJECT_META,
                                          "description": meta["metadata"]["description"]}}
    out["x-kubernetes-group-version-kind"] = [
        {"group": rt.group, "kind": rt.kind, "version": rt.version}]
    return name, out


_OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"


def _convert(node: dict) -> dict:
    out: dict = {}
    for key, value in node.items():
        if key == "$ref":
            out[key] = REF_PREFIX + value.rpartition("/")[2]
        elif key == "type" and isinstance(value, list):
            out[key] = next(t for t in value if t != "null")
        elif key == "enum" or (key == "additionalProperties" and isinstance(value, bool)):
            continue
        elif key == "properties":
            out[key] = {name: _convert(prop) for name, prop in value.items()}
        elif key in ("items", "additionalProperties"):
            out[key] = _convert(value)
        elif key in ("allOf", "oneOf", "anyOf"):
            out[key] = [_convert(v) for v in value]
        else:
            out[key] = value
    if "$ref" in out and len(out) > 1:
        # v3 keeps a field's own description beside its type's by wrapping the $ref.
        ref = out.pop("$ref")
        out = {"allOf": [{"$ref": ref}], **out}
    return out
