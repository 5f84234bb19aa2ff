"""Every chapter runs: with papermill, as stored, and with a non-default seed.

The stored outputs themselves are checked by nbval (`--nbval notebooks` in the
README's test command), which re-runs each notebook and compares text outputs after
tests/notebooks/sanitize.cfg. nbval skips cells that were saved unexecuted, so the
structural tests here insist that each notebook is committed fully executed, in one
clean top-to-bottom run (tools/execute_notebooks.py), with a papermill `parameters`
cell that sets `seed`.
"""

import ast
import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
CHAPTERS = sorted(NOTEBOOKS.glob("*.ipynb"))
NO_PARAMETERS = {"00_index.ipynb", "glossary.ipynb"}  # these run no cluster


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def code_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def run(path, out_dir, parameters=None):
    """Execute with papermill in a python3 kernel, cwd notebooks/, output to out_dir."""
    import papermill

    papermill.execute_notebook(
        str(path),
        str(out_dir / path.name),
        parameters=parameters,
        kernel_name="python3",
        cwd=str(NOTEBOOKS),
        progress_bar=False,
        request_save_on_cell_execute=False,
        execution_timeout=600,
    )
    return load(out_dir / path.name)


params = pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])


@params
def test_notebook_is_committed_executed(path):
    """Every non-empty code cell was run, in order, in one run, without papermill leftovers."""
    nb = load(path)
    counts = [c["execution_count"] for c in code_cells(nb) if "".join(c["source"]).strip()]
    assert counts == list(range(1, len(counts) + 1)), "run: python tools/execute_notebooks.py " + path.name
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    assert "papermill" not in nb["metadata"]
    assert not any("injected-parameters" in c["metadata"].get("tags", []) for c in nb["cells"])


def parameters_cells(nb):
    return [c for c in code_cells(nb) if "parameters" in c["metadata"].get("tags", [])]


@params
def test_chapter_has_parameters_cell_with_seed(path):
    """One code cell is tagged `parameters` and assigns `seed` (papermill overrides it)."""
    cells = parameters_cells(load(path))
    if path.name in NO_PARAMETERS and not cells:
        pytest.skip("the index needs no parameters")
    assert len(cells) == 1
    tree = ast.parse("".join(cells[0]["source"]))
    assigned = {t.id for node in tree.body if isinstance(node, (ast.Assign, ast.AnnAssign))
                for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
                if isinstance(t, ast.Name)}
    assert "seed" in assigned


@pytest.mark.notebook
@params
def test_notebook_executes_with_default_parameters(path, tmp_path):
    """The chapter runs top to bottom with papermill as committed."""
    nb = run(path, tmp_path)
    assert nb["metadata"]["papermill"]["exception"] is None


@pytest.mark.notebook
@params
def test_notebook_executes_with_another_seed(path, tmp_path):
    """The chapter also runs with seed=1: nothing depends on seed 0's particular story."""
    if not parameters_cells(load(path)):
        pytest.skip("no parameters cell (test_chapter_has_parameters_cell_with_seed says if one is due)")
    nb = run(path, tmp_path, parameters={"seed": 1})
    assert nb["metadata"]["papermill"]["exception"] is None
    injected = [c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    assert ["seed = 1" in "".join(c["source"]) for c in injected] == [True]
