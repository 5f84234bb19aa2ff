"""`-f FILE` / `-f -`: where manifests come from (cli-runtime's FileVisitor)."""

from __future__ import annotations

from pathlib import Path

from ..errors import KubectlError
from ..manifests import ManifestError, load_manifests


def read_manifests(filenames: list[str], stdin: str | None) -> list[tuple[str, dict]]:
    """[(source, object)] for every document of every -f argument."""
    out: list[tuple[str, dict]] = []
    for filename in filenames:
        if filename == "-":
            source, text = "STDIN", stdin or ""
        else:
            path = Path(filename)
            if not path.exists():
                raise KubectlError(f'error: the path "{filename}" does not exist')
            paths = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml", ".json")) \
                if path.is_dir() else [path]
            for p in paths:
                out.extend(_load(str(p), p.read_text()))
            continue
        out.extend(_load(source, text))
    return out


def _load(source: str, text: str) -> list[tuple[str, dict]]:
    try:
        return [(source, obj) for obj in load_manifests(text, source)]
    except ManifestError as error:
        raise KubectlError(f"error: {error}") from None
