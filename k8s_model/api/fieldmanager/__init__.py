"""Field management: metadata.managedFields and server-side apply.

    schema.py          how lists and maps merge (from the OpenAPI schema)
    fieldpath.py       field paths, field sets, FieldsV1, comparing two objects
    managed_fields.py  the managedFields entries; what an ordinary write records
    apply.py           server-side apply: merge, prune, conflicts
    requests.py        the hooks the REST handlers call
"""

from .requests import serve_apply, track, validate_patch_options

__all__ = ["serve_apply", "track", "validate_patch_options"]
