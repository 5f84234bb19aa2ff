"""Re-execute the book's notebooks in place, so their stored outputs are current.

    python tools/execute_notebooks.py                  # every notebooks/*.ipynb
    python tools/execute_notebooks.py notebooks/05_*.ipynb

nbval compares a fresh run against the outputs stored in each notebook, so after a
change to `k8s_model/`, `widgets/` or a chapter, run this and commit the result. Each
notebook runs top to bottom in a fresh `python3` kernel with its own folder as the
working directory (as nbval and papermill run it), with no parameters injected.

Whatever differs between two runs of the same code is made stable, so running this
twice gives byte-identical files and `git diff` shows only real changes:
* no timing metadata is recorded, and papermill's metadata and `injected-parameters`
  cells (left by a notebook saved from a papermill run) are removed;
* a cell's printed text is stored as one output per stream: the kernel sends stdout
  in chunks that depend on timing (`"pod/hello"` then `" created\n"`, or both at once);
* widget model ids, random uuids in the kernel, are renumbered in order of first
  appearance (cell outputs first, then the saved widget state), e.g. the first widget
  a chapter displays is always model `6b3f…` whatever uuid the kernel chose.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
MODEL_ID = re.compile(r"[0-9a-f]{32}")
REPO = Path(__file__).resolve().parent.parent


def stable_model_id(n: int) -> str:
    """The n-th stable widget model id: 32 hex digits, like the kernel's uuid4().hex."""
    return hashlib.sha256(f"k8s-textbook widget {n}".encode()).hexdigest()[:32]


def strip_papermill(nb) -> None:
    """Remove what a papermill run leaves behind: metadata and injected cells."""
    nb.metadata.pop("papermill", None)
    nb.cells = [c for c in nb.cells if "injected-parameters" not in c.metadata.get("tags", [])]
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)


def merge_streams(nb) -> None:
    """Join consecutive stdout (or stderr) outputs of a cell into one output."""
    for cell in nb.cells:
        merged = []
        for output in cell.get("outputs", []):
            last = merged[-1] if merged else None
            if (output.output_type == "stream" and last is not None
                    and last.output_type == "stream" and last.name == output.name):
                last.text += output.text
            else:
                merged.append(output)
        if "outputs" in cell:
            cell.outputs = merged


def _refs(value, found: list[str]) -> None:
    """Collect model ids referenced ("IPY_MODEL_<id>") inside a widget's state."""
    if isinstance(value, dict):
        for key in sorted(value):
            _refs(value[key], found)
    elif isinstance(value, list):
        for item in value:
            _refs(item, found)
    elif isinstance(value, str) and value.startswith("IPY_MODEL_"):
        found.append(value[len("IPY_MODEL_"):])


def renumber_widget_ids(nb) -> None:
    """Replace the kernel's random widget model ids with stable ones, everywhere."""
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    order: list[str] = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view and view.get("model_id"):
                order.append(view["model_id"])
    # Breadth-first from the displayed widgets through their references
    # (children, layout, style), then any model nothing displayed, in kernel order.
    queue, i = list(order), 0
    while i < len(queue):
        _refs(state.get(queue[i], {}).get("state", {}), queue)
        i += 1
    queue.extend(state)
    mapping: dict[str, str] = {}
    for old in queue:
        if old not in mapping:
            mapping[old] = stable_model_id(len(mapping))

    def replace(value):
        if isinstance(value, dict):
            return {replace(k): replace(v) for k, v in value.items()}
        if isinstance(value, list):
            return [replace(v) for v in value]
        if isinstance(value, str):
            return MODEL_ID.sub(lambda m: mapping.get(m.group(), m.group()), value)
        return value

    for cell in nb.cells:
        if "outputs" in cell:
            cell.outputs = nbformat.from_dict(replace(cell.outputs))
    if "widgets" in nb.metadata:
        nb.metadata.widgets = nbformat.from_dict(replace(nb.metadata.widgets))


def execute(path: Path, kernel_name: str = "python3", timeout: int = 600) -> None:
    """Run one notebook in place; raise CellExecutionError if a cell fails."""
    nb = nbformat.read(path, as_version=4)
    strip_papermill(nb)
    nb.metadata.pop("widgets", None)  # stale state from an earlier run
    client = NotebookClient(
        nb,
        kernel_name=kernel_name,
        timeout=timeout,
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    merge_streams(nb)
    renumber_widget_ids(nb)
    nbformat.write(nb, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="notebooks to run (default: notebooks/*.ipynb)")
    parser.add_argument("--kernel", default="python3", help="kernel name (default python3)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((REPO / "notebooks").glob("*.ipynb"))
    failed = []
    for path in paths:
        print(f"executing {path}", flush=True)
        try:
            execute(path.resolve(), args.kernel, args.timeout)
        except CellExecutionError as err:
            print(f"FAILED {path}: left unchanged\n{err}", file=sys.stderr)
            failed.append(path)
    if failed:
        print(f"{len(failed)} of {len(paths)} notebooks failed", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
