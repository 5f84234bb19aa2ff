"""kubectl explain's renderer (staging/src/k8s.io/kubectl/pkg/explain/v2/templates/plaintext.tmpl).

kubectl v1.35 renders an OpenAPI v3 schema with a Go template; each function here is one of
its `define`s (output, fieldList, fieldDetail, description, typeGuess, extractEnum), with
the template's own quirks kept: map keys in sorted order, a `$ref` seen before on the same
path is not entered again, an unknown field yields nothing (the caller turns that into
`field "x" does not exist`). Text is wrapped by go-wordwrap (`wrap`) and shifted right by
`indent`: a field's description is wrapped to 78 - 2·level columns, then indented 2·level+2.
"""

from __future__ import annotations

from .explain_schema import definition_for, resolve, schema as component


class ExplainError(Exception):
    """A template `throw`: the message kubectl prints, after what was already written."""

    def __init__(self, message: str, written: str) -> None:
        super().__init__(message)
        self.written = written


def render(group: str, version: str, kind: str, path: list[str], recursive: bool,
           root: dict | None = None) -> str:
    """The whole explain text for one kind, ending in a newline as kubectl writes it.
    `root` is a custom kind's schema (explain_schema.custom_schema); a built-in kind's is
    found by its group-version-kind."""
    head = f"GROUP:      {group}\n" if group else ""
    head += f"KIND:       {kind}\nVERSION:    {version}\n\n"
    name = definition_for(group, version, kind) if root is None else ""
    if name is None:
        gvk = f"map[group:{group} kind:{kind} version:{version}]"
        raise ExplainError(f"error: GVK {gvk} not found in OpenAPI schema", head)
    body = output(root or component(name), {}, path, recursive)
    if not body:
        raise ExplainError(f'error: field "{path[-1]}" does not exist', head)
    return head + body + "\n"


def _resolved(schema: dict) -> tuple[str, dict]:
    ref = schema.get("$ref") or ""
    return ref, (resolve(ref) if ref else None) or schema


def _map_value(schema: dict) -> dict | None:
    """additionalProperties when it is a schema (`true`/`false` do not count)."""
    extra = schema.get("additionalProperties")
    return extra if isinstance(extra, dict) and extra else None


def output(schema: dict, history: dict, path: list[str], recursive: bool) -> str:
    """Follow `path` down the schema, then print DESCRIPTION and FIELDS of what it reaches."""
    ref, resolved = _resolved(schema)
    seen = {**history, ref: 1}
    if not path:
        text = "DESCRIPTION:\n"
        text += indent(4, wrap(76, description(resolved) or "<empty>")) + "\n"
        fields = field_list(resolved, 1, {}, recursive)
        return text + ("FIELDS:\n" + fields if fields else "")
    if ref and ref in history:
        return ""  # a cycle
    sub = (resolved.get("properties") or {}).get(path[0])
    if sub:
        text = ""
        if len(path) == 1:
            text = f"FIELD: {path[0]} <{type_guess(sub)}>\n" + extract_enum(sub, True, -1) + "\n\n"
        return text + output(sub, {}, path[1:], recursive)
    if resolved.get("items"):
        return output(resolved["items"], seen, path, recursive)
    if _map_value(resolved):
        return output(_map_value(resolved), seen, path, recursive)
    for alternative in resolved.get("allOf") or ():
        text = output(alternative, seen, path, recursive)
        if text:
            return text
    return ""


def field_list(schema: dict, level: int, history: dict, recursive: bool) -> str:
    """Each property as `name\\t<type>` (plus its description unless recursive); with
    --recursive the properties of each property follow, two columns further in."""
    ref, resolved = _resolved(schema)
    if ref and ref in history:
        return ""
    seen = {**history, ref: 1}
    text = ""
    properties = resolved.get("properties") or {}
    for name in sorted(properties):
        text += field_detail(name, resolved, recursive, level)
        if recursive:
            text += field_list(properties[name], level + 1, seen, recursive)
    for alternative in resolved.get("allOf") or ():
        text += field_list(alternative, level, seen, recursive)
    if resolved.get("items"):
        text += field_list(resolved["items"], level, seen, recursive)
    if _map_value(resolved):
        text += field_list(_map_value(resolved), level, seen, recursive)
    return text


def field_detail(name: str, schema: dict, short: bool, level: int) -> str:
    amount = level * 2
    field = schema["properties"][name]
    text = indent(amount, name) + f"\t<{type_guess(field)}>"
    if name in (schema.get("required") or ()):
        text += " -required-"
    text += extract_enum(field, False, 4, amount) + "\n"
    if not short:
        text += indent(amount + 2, wrap(78 - amount, field.get("description") or "<no description>"))
        text += "\n\n"
    return text


def description(schema: dict) -> str:
    """The schema's description, then those of what it wraps (allOf, items, map values):
    a field typed `PodSpec` shows its own sentence and then PodSpec's."""
    _, resolved = _resolved(schema)
    text = resolved["description"] + "\n" if resolved.get("description") else ""
    for alternative in resolved.get("allOf") or ():
        text += description(alternative)
    if resolved.get("items"):
        text += description(resolved["items"])
    if _map_value(resolved):
        text += description(_map_value(resolved))
    return text


def type_guess(schema: dict) -> str:
    """`string`, `integer`, `Object`, `[]Container`, `map[string]string`, `IntOrString`:
    a $ref prints its type's short name unless that type is a plain scalar (Time → string)."""
    if schema.get("items"):
        return "[]" + type_guess(schema["items"])
    if _map_value(schema):
        return "map[string]" + type_guess(_map_value(schema))
    all_of = schema.get("allOf")
    if all_of and not schema.get("properties") and len(all_of) == 1:
        return type_guess(all_of[0])
    ref = schema.get("$ref")
    if ref:
        target = resolve(ref)
        if not target or not target.get("type") or target["type"] == "object":
            return ref.split("/")[-1].split(".")[-1] or "Object"
        return target["type"]
    kind = schema.get("type")
    return "Object" if kind == "object" else kind or "Object"


def extract_enum(schema: dict, long_view: bool, limit: int, amount: int = 0) -> str:
    """`\\n  enum: Always, Never, OnFailure` under a field (at most four, then `, ....`), or
    `ENUM:` with one value per line under FIELD."""
    values = schema.get("enum")
    if not values:
        return ""
    text = "ENUM:" if long_view else "\n" + " " * amount + "enum: "
    for index, value in enumerate(values):
        if limit > -1 and index >= limit:
            text += ", ...."
            break
        if index > 0 and not long_view:
            text += ", "
        elif long_view:
            text += "\n    "
        text += '""' if value == "" else str(value)
    return text


def indent(amount: int, text: str) -> str:
    pad = " " * amount
    return pad + text.replace("\n", "\n" + pad)


def wrap(limit: int, text: str) -> str:
    """go-wordwrap v1.0.1 WrapString: break at whitespace so lines stay within `limit`
    runes; existing newlines are kept, a word longer than the limit is left whole.

    >>> wrap(10, "aaa bbb ccc ddd")
    'aaa bbb\\nccc ddd'
    """
    out: list[str] = []
    current = 0
    word: list[str] = []
    space: list[str] = []
    for char in text:
        if char == "\n":
            if not word:
                if current + len(space) > limit:
                    current = 0
                else:
                    current += len(space)
                    out.extend(space)
                space = []
            else:
                current += len(space) + len(word)
                out.extend(space)
                out.extend(word)
                space, word = [], []
            out.append(char)
            current = 0
        elif char.isspace() and char != "\u00a0":
            if not space or word:
                current += len(space) + len(word)
                out.extend(space)
                out.extend(word)
                space, word = [], []
            space.append(char)
        else:
            word.append(char)
            if current + len(space) + len(word) > limit and len(word) < limit:
                out.append("\n")
                current = 0
                space = []
    if not word:
        if current + len(space) <= limit:
            out.extend(space)
    else:
        out.extend(space)
        out.extend(word)
    return "".join(out)
