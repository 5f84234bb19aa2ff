"""ObjectMeta validation (k8s.io/apimachinery/pkg/api/validation/objectmeta.go, plus the
core group's extra finalizer rule in pkg/apis/core/validation).

Every kind starts here: a name (or generateName) that fits the kind's name rule, a
namespace when the kind is namespaced (none otherwise), valid labels and annotations,
sensible finalizers and owner references. On update, the identity fields (name,
namespace, uid, creationTimestamp) may not change: `metadata.name: Invalid value: "web2":
field is immutable`.
"""

from __future__ import annotations

from typing import Callable

from ..errors import FieldError, forbidden, invalid, required, too_long
from ..names import is_qualified_name, validate_labels
from .util import immutable, name_is_dns_label, nonnegative

NameFn = Callable[[str, bool], list[str]]

TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024  # 256 kB
# pkg/apis/core/helper IsStandardFinalizerName
STANDARD_FINALIZERS = {"kubernetes", "orphan", "foregroundDeletion"}


def validate_annotations(annotations: dict | None, path: str) -> list[FieldError]:
    """Keys are qualified names (case does not matter); all of them together fit 256 kB."""
    errs: list[FieldError] = []
    annotations = annotations or {}
    for key in sorted(annotations):
        errs.extend(invalid(path, key, msg) for msg in is_qualified_name(key.lower()))
    size = sum(len(k.encode()) + len(str(v).encode()) for k, v in annotations.items())
    if size > TOTAL_ANNOTATION_SIZE_LIMIT:
        errs.append(too_long(path, TOTAL_ANNOTATION_SIZE_LIMIT))
    return errs


def validate_object_meta(meta: dict, namespaced: bool, name_fn: NameFn,
                         path: str = "metadata", core: bool = True) -> list[FieldError]:
    """ValidateObjectMeta: `metadata.name: Required value: name or generateName is
    required`, or the kind's own name message (`a lowercase RFC 1123 subdomain …`).
    `core=False` is apimachinery's generic version, which CRDs and custom resources
    get: it lacks the core group's finalizer-name rule."""
    errs: list[FieldError] = []
    generate_name = meta.get("generateName") or ""
    if generate_name:
        errs.extend(invalid(f"{path}.generateName", generate_name, msg)
                    for msg in name_fn(generate_name, True))
    name = meta.get("name") or ""
    if not name:
        errs.append(required(f"{path}.name", "name or generateName is required"))
    else:
        errs.extend(invalid(f"{path}.name", name, msg) for msg in name_fn(name, False))
    namespace = meta.get("namespace") or ""
    if namespaced:
        if not namespace:
            errs.append(required(f"{path}.namespace"))
        else:
            errs.extend(invalid(f"{path}.namespace", namespace, msg)
                        for msg in name_is_dns_label(namespace))
    elif namespace:
        errs.append(forbidden(f"{path}.namespace", "not allowed on this type"))
    errs.extend(nonnegative(meta.get("generation", 0), f"{path}.generation"))
    errs.extend(_common(meta, path, core))
    return errs


def _common(meta: dict, path: str, core: bool = True) -> list[FieldError]:
    errs = validate_labels(meta.get("labels"), f"{path}.labels")
    errs.extend(validate_annotations(meta.get("annotations"), f"{path}.annotations"))
    errs.extend(_owner_references(meta.get("ownerReferences") or [], f"{path}.ownerReferences"))
    finalizers = meta.get("finalizers") or []
    for finalizer in finalizers:
        errs.extend(invalid(f"{path}.finalizers", finalizer, msg)
                    for msg in is_qualified_name(finalizer))
    if "orphan" in finalizers and "foregroundDeletion" in finalizers:
        errs.append(invalid(f"{path}.finalizers", finalizers,
                            "finalizer orphan and foregroundDeletion cannot be both set"))
    for i, finalizer in enumerate(finalizers if core else ()):  # the core group's extra rule
        if "/" not in finalizer and finalizer not in STANDARD_FINALIZERS:
            errs.append(invalid(f"{path}.finalizers[{i}]", finalizer, "name is neither a "
                                "standard finalizer name nor is it fully qualified"))
    return errs


def _owner_references(refs: list[dict], path: str) -> list[FieldError]:
    errs: list[FieldError] = []
    controller = ""
    for ref in refs:
        version = str(ref.get("apiVersion") or "").rpartition("/")[2]
        if not version:
            errs.append(invalid(f"{path}.apiVersion", ref.get("apiVersion", ""),
                                "version must not be empty"))
        for field in ("kind", "name", "uid"):
            if not ref.get(field):
                errs.append(invalid(f"{path}.{field}", ref.get(field, ""), "must not be empty"))
        if ref.get("controller"):
            current = f"{ref.get('kind', '')}/{ref.get('name', '')}"
            if controller:
                errs.append(invalid(path, refs, "Only one reference can have Controller set to "
                                    f'true. Found "true" in references for {controller} and '
                                    f"{current}"))
            else:
                controller = current
    return errs


def validate_object_meta_update(new: dict, old: dict, path: str = "metadata",
                                core: bool = True) -> list[FieldError]:
    """ValidateObjectMetaUpdate. The resourceVersion rule ("must be specified for an
    update") never fires here: every kind we serve allows unconditional updates, so the
    storage fills in the current resourceVersion first."""
    errs: list[FieldError] = []
    if old.get("deletionTimestamp"):
        added = sorted(set(new.get("finalizers") or []) - set(old.get("finalizers") or []))
        if added:
            listed = ", ".join(f'"{f}"' for f in added)
            errs.append(forbidden(f"{path}.finalizers", "no new finalizers can be added if the "
                                  f"object is being deleted, found new finalizers []string{{{listed}}}"))
    if new.get("generation", 0) < old.get("generation", 0):
        errs.append(invalid(f"{path}.generation", new.get("generation", 0),
                            "must not be decremented"))
    for field in ("name", "namespace", "uid", "creationTimestamp", "deletionTimestamp",
                  "deletionGracePeriodSeconds"):
        errs.extend(immutable(new.get(field, _EMPTY.get(field)), old.get(field, _EMPTY.get(field)),
                              f"{path}.{field}"))
    errs.extend(_common(new, path, core))
    return errs


_EMPTY = {"name": "", "namespace": "", "uid": ""}
