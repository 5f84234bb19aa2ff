"""tools/execute_notebooks.py regenerates stored outputs stably, and nbval accepts them.

Runs on a scratch notebook in a temporary folder with what chapters contain: a
papermill `parameters` cell, printed text (also flushed in chunks), a matplotlib PNG
and an ipywidgets box whose Output holds a PNG (as the views do). It starts from a papermill run's output, so the
tool must also remove papermill's injected cell and metadata.
"""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

REPO = Path(__file__).resolve().parents[2]
TOOL = REPO / "tools" / "execute_notebooks.py"
SANITIZE = REPO / "tests" / "notebooks" / "sanitize.cfg"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

CELLS = [
    new_markdown_cell("# Scratch chapter"),
    new_code_cell("seed = 0", metadata={"tags": ["parameters"]}),
    new_code_cell("print('replicas:', seed + 3)"),
    new_code_cell("import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\n"
                  "_ = ax.plot([0, 1, seed + 2])\nplt.show()"),
    new_code_cell(
        "import base64, io\nimport ipywidgets as w\n"
        "buf = io.BytesIO()\nfig.savefig(buf, format='png')\n"
        "out = w.Output()\nout.outputs = ({'output_type': 'display_data', 'metadata': {},\n"
        "    'data': {'image/png': base64.b64encode(buf.getvalue()).decode(), 'text/plain': '<Figure>'}},)\n"
        "slider = w.IntSlider(value=3, description='replicas')\n"
        "w.VBox([slider, w.Button(description='Step'), out])"),
    new_code_cell("slider.value = 5\nslider.value"),
    new_code_cell("import sys\nprint('pod/hello', end='')\nsys.stdout.flush()\nprint(' created')"),
]


KERNELSPEC = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}


def scratch_notebook(folder):
    """The scratch notebook as papermill leaves it after a run with seed=0."""
    import papermill

    nb = new_notebook(cells=CELLS, metadata=KERNELSPEC)
    nbformat.write(nb, folder / "source.ipynb")
    papermill.execute_notebook(str(folder / "source.ipynb"), str(folder / "scratch.ipynb"),
                               parameters={"seed": 0}, kernel_name="python3",
                               progress_bar=False, cwd=str(folder))
    return folder / "scratch.ipynb"


def load_tool():
    """tools/execute_notebooks.py as a module (tools/ is not a package)."""
    spec = importlib.util.spec_from_file_location("execute_notebooks", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TOOL_MODULE = load_tool()


def execute(path):
    TOOL_MODULE.execute(path)
    return path.read_bytes()


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """The scratch notebook after two runs of the tool: (path, bytes after run 1, after run 2)."""
    path = scratch_notebook(tmp_path_factory.mktemp("scratch"))
    first = execute(path)
    return path, first, execute(path)


@pytest.fixture(scope="module")
def nbval_report(executed, tmp_path_factory):
    """nbval's report on three variants of stored outputs, checked in one run.

    images.ipynb: other PNG bytes and widget model ids than a fresh run gives;
    text.ipynb:   as images.ipynb, and cell 2 stored "replicas: 4" where a run prints 3;
    address.ipynb: a stored repr with another memory address than a fresh run's.
    """
    folder = tmp_path_factory.mktemp("nbval")
    nb = json.loads(executed[1])
    nb["cells"][3]["outputs"][0]["data"]["image/png"] = "iVBORw0KGgo="
    nb["cells"][4]["outputs"][0]["data"][WIDGET_VIEW]["model_id"] = "0" * 32
    (folder / "images.ipynb").write_text(json.dumps(nb))
    nb["cells"][2]["outputs"][0]["text"] = ["replicas: 4\n"]
    (folder / "text.ipynb").write_text(json.dumps(nb))
    cell = new_code_cell("object()", execution_count=1, outputs=[new_output(
        "execute_result", {"text/plain": "<object at 0x7f3a5c0d41e0>"}, execution_count=1)])
    nbformat.write(new_notebook(cells=[cell], metadata=KERNELSPEC), folder / "address.ipynb")
    (folder / "pytest.ini").write_text("[pytest]\n")  # keep the repo's pytest config out
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rf", "--nbval",
         "--nbval-current-env", f"--nbval-sanitize-with={SANITIZE}", f"--rootdir={folder}",
         "images.ipynb", "text.ipynb", "address.ipynb"],
        cwd=folder, capture_output=True, text=True)
    assert "passed" in result.stdout, result.stdout + result.stderr
    return result.stdout


@pytest.mark.notebook
def test_two_runs_are_byte_identical(executed):
    """Re-running the tool changes nothing: widget ids and metadata are stable."""
    _, first, second = executed
    assert first == second


@pytest.mark.notebook
def test_papermill_leftovers_are_removed(executed):
    """No injected-parameters cell, papermill or timing metadata survive the tool."""
    nb = json.loads(executed[1])
    assert "papermill" not in nb["metadata"]
    assert [c["metadata"].get("tags", []) for c in nb["cells"] if c["cell_type"] == "code"][:2] == [["parameters"], []]
    assert all(set(c["metadata"]) <= {"tags"} for c in nb["cells"])
    assert [c["execution_count"] for c in nb["cells"] if c["cell_type"] == "code"] == [1, 2, 3, 4, 5, 6]


@pytest.mark.notebook
def test_printed_chunks_are_stored_as_one_output(executed):
    """Text the kernel flushed in two chunks is stored as one stream output."""
    nb = json.loads(executed[1])
    assert nb["cells"][6]["outputs"] == [{"name": "stdout", "output_type": "stream", "text": ["pod/hello created\n"]}]


@pytest.mark.notebook
def test_widget_ids_are_renumbered_consistently(executed):
    """The displayed widget's id is the first stable id, and its state references resolve."""
    stable = TOOL_MODULE.stable_model_id
    nb = json.loads(executed[1])
    view = nb["cells"][4]["outputs"][0]["data"][WIDGET_VIEW]
    state = nb["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    assert view["model_id"] == stable(0)
    children = state[stable(0)]["state"]["children"]
    assert [state[c.removeprefix("IPY_MODEL_")]["model_name"] for c in children] == [
        "IntSliderModel", "ButtonModel", "OutputModel"]
    assert set(state) == {stable(i) for i in range(len(state))}


@pytest.mark.notebook
def test_nbval_compares_text_only(nbval_report):
    """nbval ignores PNG bytes and widget model ids, sanitizes addresses, and fails on changed text."""
    print(nbval_report)
    assert nbval_report.count("FAILED ") == 1
    assert "FAILED text.ipynb::Cell 1 - " in nbval_report
    assert "1 failed, 12 passed" in nbval_report
