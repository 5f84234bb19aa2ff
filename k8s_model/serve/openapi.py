"""`/openapi/v3`: the API's OpenAPI v3 documents (kube-openapi pkg/handler3/handler.go).

kubectl reads them for two things. `kubectl apply -f` (default --validate=strict) asks
whether the server honours `fieldValidation` for the kind: it fetches the index, then the
kind's group-version document, and looks for a path whose PATCH operation carries the
kind's x-kubernetes-group-version-kind and a parameter *named* fieldValidation
(cli-runtime resource/query_param_verifier_v3.go) — if so it sends fieldValidation=Strict
and lets the server check the object. `kubectl explain` finds the kind through the
operations on the resource's paths and renders `components.schemas` (explain/v2).

    GET /openapi/v3               {"paths": {"apis/apps/v1": {"serverRelativeURL":
                                   "/openapi/v3/apis/apps/v1?hash=<SHA-512, upper hex>"}}}
    GET /openapi/v3/apis/apps/v1  {"openapi": "3.0.0", "info": …, "paths": …, "components": …}

Paths and operations follow discovery (the same registry answers both); the schemas are
the ones the model's own `kubectl explain` renders (kubectl/explain_schema.py), and a
custom kind's is its CRD's openAPIV3Schema (apiextensions-apiserver controller/openapi/builder).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from ..api.decoding import go_json
from ..kubectl.explain_schema import REF_PREFIX, custom_schema, definition_for, schema
from . import discovery

# Query parameters, as upstream's documents spell them inline
# (api/openapi-spec/v3/*.json). The verifier compares each parameter's own name, so
# fieldValidation must be inline, not a $ref.
_QUERY = {
    "dryRun": "When present, indicates that modifications should not be persisted. An invalid "
              "or unrecognized dryRun directive will result in an error response and no further "
              "processing of the request. Valid values are: - All: all dry run stages will be "
              "processed",
    "fieldManager": "fieldManager is a name associated with the actor or entity that is making "
                    "these changes. The value must be less than or 128 characters long, and only "
                    "contain printable characters, as defined by "
                    "https://golang.org/pkg/unicode/#IsPrint.",
    "fieldValidation": "fieldValidation instructs the server on how to handle objects in the "
                       "request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid "
                       "values are: - Ignore: This will ignore any unknown fields that are "
                       "silently dropped from the object, and will ignore all but the last "
                       "duplicate field that the decoder encounters. This is the default behavior "
                       "prior to v1.23. - Warn: This will send a warning via the standard warning "
                       "response header for each unknown field that is dropped from the object, "
                       "and for each duplicate field that is encountered. The request will still "
                       "succeed if there are no other errors, and will only persist the last of "
                       "any duplicate fields. This is the default in v1.23+ - Strict: This will "
                       "fail the request with a BadRequest error if any unknown fields would be "
                       "dropped from the object, or if any duplicate fields are present. The "
                       "error returned from the server will contain all unknown and duplicate "
                       "fields encountered.",
    "force": "Force is going to \"force\" Apply requests.",
    "gracePeriodSeconds": "The duration in seconds before the object should be deleted.",
    "propagationPolicy": "Whether and how garbage collection will be performed.",
    "labelSelector": "A selector to restrict the list of returned objects by their labels.",
    "fieldSelector": "A selector to restrict the list of returned objects by their fields.",
    "resourceVersion": "resourceVersion sets a constraint on what resource versions a request "
                       "may be served from.",
    "watch": "Watch for changes to the described resources.",
    "pretty": "If 'true', then the output is pretty printed.",
}
_WRITE = ("dryRun", "fieldManager", "fieldValidation")
_PARAMS = {"post": _WRITE, "put": _WRITE, "patch": _WRITE + ("force",),
           "delete": ("dryRun", "gracePeriodSeconds", "propagationPolicy"),
           "list": ("fieldSelector", "labelSelector", "resourceVersion", "watch")}
# HTTP method and description of each x-kubernetes-action (endpoints/installer.go):
# "read status of the specified Pod", "create an Ingress", "delete collection of Pod".
_ACTIONS = {"list": ("get", "list or watch objects of kind {kind}"),
            "post": ("post", "create{sub} {a} {kind}"),
            "deletecollection": ("delete", "delete collection of {kind}"),
            "get": ("get", "read{sub} the specified {kind}"),
            "put": ("put", "replace{sub} the specified {kind}"),
            "patch": ("patch", "partially update{sub} the specified {kind}"),
            "delete": ("delete", "delete {a} {kind}")}
_ON_COLLECTION = {"list": "list", "create": "post", "deletecollection": "deletecollection"}
_ON_ITEM = {"get": "get", "update": "put", "patch": "patch", "delete": "delete"}
_ON_SUBRESOURCE = {"get": "get", "update": "put", "patch": "patch", "create": "post"}


def answer(parts: list[str], query: dict[str, str], resources, version: str):
    """(code, body bytes, headers) for `/openapi/v3[/<group-version>]`; None for any other
    path, or a group-version the server does not serve (a 404)."""
    if parts[:2] != ["openapi", "v3"]:
        return None
    documents = _documents(tuple((r, r.custom) for r in resources), version)
    if len(parts) == 2:
        index = {"paths": {gv: {"serverRelativeURL": f"/openapi/v3/{gv}?hash={etag}"}
                           for gv, (_, etag) in sorted(documents.items())}}
        data = go_json(index).encode()
        return 200, data, {"ETag": f'"{_etag(data)}"'}
    found = documents.get("/".join(parts[2:]))
    if found is None:
        return None   # the server's 404
    data, etag = found
    if query.get("hash") and query["hash"] != etag:   # a stale link: where the document is now
        return 301, b"", {"Location": f"/openapi/v3/{'/'.join(parts[2:])}?hash={etag}"}
    headers = {"ETag": f'"{etag}"', "Vary": "Accept"}
    if query.get("hash"):
        headers["Cache-Control"] = "public, immutable"
    return 200, data, headers


def _etag(data: bytes) -> str:
    return hashlib.sha512(data).hexdigest().upper()


@lru_cache(maxsize=4)
def _documents(key: tuple, version: str) -> dict[str, tuple[bytes, str]]:
    """Every group-version's document, serialised once per set of served kinds, as
    json.Marshal writes it (sorted keys, `<` as \\u003c)."""
    resources = tuple(r for r, _ in key)
    out = {}
    for gv in sorted({(r.group, r.version) for r in resources}):
        path = f"apis/{gv[0]}/{gv[1]}" if gv[0] else f"api/{gv[1]}"
        data = go_json(document(resources, *gv, version)).encode()
        out[path] = (data, _etag(data))
    return out


def document(resources, group: str, version: str, server_version: str) -> dict:
    """One group-version's document: its paths and the schemas they reach."""
    listed = discovery.resource_list(resources, group, version)["resources"]
    served = [r for r in resources if (r.group, r.version) == (group, version)]
    custom = {r.kind: r.custom for r in served if r.custom is not None}
    kinds = {e["name"]: e["kind"] for e in listed}
    prefix = f"/apis/{group}/{version}" if group else f"/api/{version}"
    paths: dict[str, dict] = {}
    roots: dict[str, dict] = {}   # components.schemas
    for entry in listed:
        plural, _, sub = entry["name"].partition("/")
        verbs, namespaced = entry["verbs"], entry["namespaced"]
        gvk = {"group": entry.get("group", group), "kind": entry["kind"],
               "version": entry.get("version", version)}
        ref = _schema_ref(gvk, custom.get(gvk["kind"]), roots)
        collection = f"{prefix}/namespaces/{{namespace}}/{plural}" if namespaced \
            else f"{prefix}/{plural}"
        item = f"{collection}/{{name}}"
        if sub:   # pods/status, deployments/scale (a Scale), pods/eviction (an Eviction)
            _add(paths, f"{item}/{sub}", gvk, ref,
                 [_ON_SUBRESOURCE[v] for v in verbs if v in _ON_SUBRESOURCE],
                 namespaced, True, kinds[plural], sub)
            continue
        _add(paths, collection, gvk, ref, [_ON_COLLECTION[v] for v in verbs if v in _ON_COLLECTION],
             namespaced, False)
        _add(paths, item, gvk, ref, [_ON_ITEM[v] for v in verbs if v in _ON_ITEM], namespaced, True)
        if namespaced and "list" in verbs:   # listAppsV1DeploymentForAllNamespaces
            _add(paths, f"{prefix}/{plural}", gvk, ref, ["list"], False, False)
    # A group-version that only CRDs serve is published by apiextensions' builder.
    info = {"title": "Kubernetes CRD Swagger", "version": "v0.1.0"} \
        if len(custom) == len(served) else {"title": "Kubernetes", "version": server_version}
    return {"openapi": "3.0.0", "info": info, "paths": paths,
            "components": {"schemas": dict(sorted(roots.items()))}}


def _schema_ref(gvk: dict, custom, roots: dict) -> str | None:
    """Put the kind's schema and every schema it refers to into `roots`; its $ref."""
    if custom is not None:
        name, found = custom_schema(custom)
    else:
        name = definition_for(gvk["group"], gvk["version"], gvk["kind"])
        if name is None:
            return None
        found = schema(name)
    roots[name] = found
    pending = [name]
    while pending:
        for ref in _refs(roots[pending.pop()]):
            if ref not in roots:
                roots[ref] = schema(ref)
                pending.append(ref)
    return REF_PREFIX + name


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith(REF_PREFIX):
                yield value[len(REF_PREFIX):]
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _add(paths: dict, path: str, gvk: dict, ref: str | None, actions, namespaced: bool,
         named: bool, kind: str = "", sub: str = "") -> None:
    if not actions:
        return
    kind = kind or gvk["kind"]
    item = paths.setdefault(path, {"parameters": _path_parameters(gvk["kind"], namespaced, named)})
    for action in actions:
        method, description = _ACTIONS[action]
        text = description.format(kind=kind, sub=f" {sub} of" if sub else "",
                                  a="an" if kind[0] in "AEIOU" else "a")
        params = _PARAMS.get(action) or _PARAMS.get(method, ())
        operation = {"description": text, "parameters": [_query(p) for p in params],
                     "responses": _responses(ref, method),
                     "x-kubernetes-action": action,
                     "x-kubernetes-group-version-kind": gvk}
        if not operation["parameters"]:
            del operation["parameters"]
        item[method] = operation


def _path_parameters(kind: str, namespaced: bool, named: bool) -> list[dict]:
    params = []
    if named:
        params.append({"description": f"name of the {kind}", "in": "path", "name": "name",
                       "required": True, "schema": {"type": "string", "uniqueItems": True}})
    if namespaced:
        params.append({"description": "object name and auth scope, such as for teams and projects",
                       "in": "path", "name": "namespace", "required": True,
                       "schema": {"type": "string", "uniqueItems": True}})
    return params + [_query("pretty")]


def _query(name: str) -> dict:
    kind = {"force": "boolean", "gracePeriodSeconds": "integer", "watch": "boolean"}
    return {"description": _QUERY[name],
            "in": "query", "name": name,
            "schema": {"type": kind.get(name, "string"), "uniqueItems": True}}


def _responses(ref: str | None, method: str) -> dict:
    body = {"content": {"application/json": {"schema": {"$ref": ref}}}} if ref else {}
    out = {"200": {**body, "description": "OK"}}
    if method in ("post", "put"):
        out["201"] = {**body, "description": "Created"}
    out["401"] = {"description": "Unauthorized"}
    return out
