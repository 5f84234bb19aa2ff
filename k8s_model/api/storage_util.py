"""StorageClass helpers (pkg/apis/storage/util/helpers.go).

A cluster marks one StorageClass as its default with an annotation; the
DefaultStorageClass admission plugin gives that class to every claim that names none,
and `kubectl get sc` prints `(default)` after its name.
"""

from __future__ import annotations

IS_DEFAULT_STORAGE_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class"
BETA_IS_DEFAULT_STORAGE_CLASS_ANNOTATION = "storageclass.beta.kubernetes.io/is-default-class"
BETA_STORAGE_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class"


def is_default_annotation(sc: dict) -> bool:
    """IsDefaultAnnotation: either annotation, exactly "true"."""
    annotations = sc.get("metadata", {}).get("annotations") or {}
    return "true" in (annotations.get(IS_DEFAULT_STORAGE_CLASS_ANNOTATION),
                      annotations.get(BETA_IS_DEFAULT_STORAGE_CLASS_ANNOTATION))


def storage_class_of(obj: dict) -> str:
    """GetPersistentVolumeClaimClass / GetPersistentVolumeClass: the beta annotation wins
    over spec.storageClassName; "" means no class."""
    annotations = obj.get("metadata", {}).get("annotations") or {}
    if BETA_STORAGE_CLASS_ANNOTATION in annotations:
        return annotations[BETA_STORAGE_CLASS_ANNOTATION]
    return (obj.get("spec") or {}).get("storageClassName") or ""
