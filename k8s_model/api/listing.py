"""Lists and the selectors that filter them (what `?labelSelector=` and
`?fieldSelector=` do on a list or watch request)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import errors
from .resources import ResourceType

if TYPE_CHECKING:
    from .server import Request


def _selectors(req: "Request"):
    """Parse `?labelSelector=` and `?fieldSelector=`; a bad one is a 400 worded as the
    API server words it: `Unable to find "/v1, Resource=pods" that match label selector
    "a in b", field selector "": unable to parse requirement: found 'b' expected: '('`."""
    from .selectors import SelectorError, field_set, parse, parse_field_selector

    try:
        labels = parse(req.label_selector) if req.label_selector else None
        fields = (parse_field_selector(req.field_selector, kind=req.resource.kind)
                  if req.field_selector else None)
    except SelectorError as error:
        rt = req.resource
        raise errors.bad_request(
            f'Unable to find "{rt.group}/{rt.version}, Resource={rt.plural}" that match label '
            f'selector "{req.label_selector or ""}", field selector "{req.field_selector or ""}": '
            f"{error}")
    return labels, fields, field_set


def select(req: "Request", objects: list[dict]) -> list[dict]:
    labels, fields, field_set = _selectors(req)
    if labels is None and fields is None:
        return objects
    return [o for o in objects
            if (labels is None or labels.matches(o["metadata"].get("labels") or {}))
            and (fields is None or fields.matches(field_set(o)))]


def watch_predicate(req: "Request"):
    """The selectors of a watch, parsed once when it starts (a bad one fails then, as a
    400), and applied to every event after."""
    labels, fields, field_set = _selectors(req)

    def predicate(obj: dict) -> bool:
        if labels is not None and not labels.matches(obj["metadata"].get("labels") or {}):
            return False
        if fields is None:
            return True
        # Every kubelet's watch filters every Pod event on spec.nodeName: the event's
        # decoded object is shared by all watchers, so compute its fields once.
        if _last_fields[0] is not obj:
            _last_fields[:] = [obj, field_set(obj)]
        return fields.matches(_last_fields[1])
    return predicate


_last_fields: list = [None, None]   # (the shared event object, its field set)


def to_list(resource: ResourceType, objects: list[dict], revision: int) -> dict:
    """A typed list, e.g. PodList: `items` plus the revision the list was read at."""
    return {"kind": f"{resource.kind}List", "apiVersion": resource.api_version,
            "metadata": {"resourceVersion": str(revision)}, "items": objects}
