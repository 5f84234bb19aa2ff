"""From a URL to the API server's request (apiserver/pkg/endpoints/request/requestinfo.go).

    /api/v1/namespaces/default/pods/web/status?dryRun=All
    └ group "" version v1 · namespace default · resource pods · name web · subresource status

HTTP methods become verbs as RequestInfoFactory decides: GET with a name is `get`,
without one `list` (or `watch` with `?watch=true`), POST `create`, PUT `update`,
PATCH `patch`, DELETE with a name `delete`, without one `deletecollection`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from ..api import errors
from ..api.json_syntax import syntax_error

PATCH_TYPES = {
    "application/json-patch+json": "json",
    "application/merge-patch+json": "merge",
    "application/strategic-merge-patch+json": "strategic",
    "application/apply-patch+yaml": "apply",
}


@dataclass
class Route:
    group: str
    version: str
    plural: str
    namespace: str | None = None
    name: str | None = None
    subresource: str | None = None


def split_path(target: str) -> tuple[list[str], dict[str, str]]:
    url = urlsplit(target)
    parts = [p for p in url.path.split("/") if p]
    query = {k: v[-1] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
    return parts, query


def route(parts: list[str]) -> Route | None:
    """The resource a path names, or None when it names none (discovery, unknown)."""
    if parts[:1] == ["api"] and len(parts) >= 3:
        group, version, rest = "", parts[1], parts[2:]
    elif parts[:1] == ["apis"] and len(parts) >= 4:
        group, version, rest = parts[1], parts[2], parts[3:]
    else:
        return None
    namespace = None
    # /namespaces/<ns>/<resource>/… is namespaced; /namespaces and /namespaces/<name>[/status]
    # are the Namespace objects themselves.
    if rest[0] == "namespaces" and len(rest) >= 3 and not (len(rest) == 3 and rest[2] in ("status", "finalize")):
        namespace, rest = rest[1], rest[2:]
    plural, name, sub = rest[0], None, None
    if len(rest) > 1:
        name = rest[1]
    if len(rest) > 2:
        sub = rest[2]
    if len(rest) > 3:
        return None
    return Route(group, version, plural, namespace, name, sub)


def verb(method: str, r: Route, query: dict[str, str]) -> str:
    if method == "GET":
        if r.name:
            return "get"
        # ?watch= is a Go bool (strconv.ParseBool): the Python client sends "True"
        return "watch" if query.get("watch") in ("1", "t", "T", "true", "TRUE", "True") else "list"
    if method == "DELETE":
        return "delete" if r.name else "deletecollection"
    verbs = {"POST": "create", "PUT": "update", "PATCH": "patch"}
    if method not in verbs:
        raise errors.method_not_supported(r.plural, r.group, method.lower())
    return verbs[method]


def patch_type(content_type: str) -> str:
    media = content_type.split(";")[0].strip()
    if media not in PATCH_TYPES:
        raise errors.ApiError(errors._status(
            415, "UnsupportedMediaType",
            f"the body of the request was in an unknown format - accepted media types include: "
            f"{', '.join(PATCH_TYPES)}"))
    return PATCH_TYPES[media]


def wants_table(accept: str) -> bool:
    """kubectl's human-readable get asks `application/json;as=Table;v=v1;g=meta.k8s.io`."""
    return any("as=Table" in part and "g=meta.k8s.io" in part for part in accept.split(","))


def body_json(raw: bytes, content_type: str):
    """The request body: JSON, or YAML for server-side apply."""
    if not raw:
        return None
    media = content_type.split(";")[0].strip()
    if media == "application/vnd.kubernetes.protobuf":
        # Typed clients send protobuf and client-go never falls back to JSON for it
        # (only for CBOR): decode it, or say exactly what this server does not model.
        from . import protobuf

        try:
            return protobuf.decode_body(raw)
        except protobuf.Unmodelled as error:
            raise errors.ApiError(errors._status(
                415, "UnsupportedMediaType",
                f"the body of the request was in an unknown format - protobuf: {error}; "
                f"send it as application/json instead"))
        except (protobuf.WireError, UnicodeDecodeError) as error:
            raise errors.bad_request(f"the body of the request could not be decoded: {error}")
    text = raw.decode("utf-8")
    if "yaml" in content_type:
        import yaml

        return yaml.safe_load(text)
    problem = syntax_error(text)
    if problem:
        raise Undecodable(problem)
    return json.loads(text)


class Undecodable(ValueError):
    """A JSON body encoding/json refuses, in its words: the handler says where (a patch
    body is read only after the object was found)."""


def undecodable(error: Undecodable, patch: str | None) -> errors.ApiError:
    """patch.go: a strategic patch's error is encoding/json's alone; merge and JSON
    patches say `error decoding patch: …`; other bodies fail the decoder's JSON parse."""
    if patch == "strategic":
        return errors.bad_request(str(error))
    if patch:
        return errors.bad_request(f"error decoding patch: {error}")
    return errors.bad_request(f"couldn't get version/kind; json parse error: {error}")
