"""Packaging: pyproject.toml, environment.yml (Binder / conda) and the code agree.

pip users install pyproject.toml's dependencies; Binder builds from environment.yml,
which installs the project itself with pip so the same list comes along. conda cannot
be exercised on these machines, so the files are checked by parsing them: the pip
line installs the project, its Python satisfies `requires-python`, and every
third-party module the packages and chapters import is a declared dependency (or is
installed by one).
"""

import ast
import json
import re
import sys
from importlib import metadata
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

REPO = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
ENVIRONMENT = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))

# What the book needs at run time (DESIGN.md §1, §9): the reader's JupyterLab with
# widgets, the views' plotting and layout, the notebook test tools, YAML and the
# OpenAPI schemas for strict validation, and the python3 kernel.
REQUIRED_RUNTIME = {"jupyterlab", "ipywidgets", "matplotlib", "networkx", "papermill",
                    "nbval", "pyyaml", "kubernetes-validate", "ipykernel"}
PROJECT_PACKAGES = {"k8s_model", "widgets"}


def runtime_requirements():
    return [Requirement(r) for r in PYPROJECT["project"]["dependencies"]]


def conda_dependencies():
    return [d for d in ENVIRONMENT["dependencies"] if isinstance(d, str)]


def pip_lines():
    lists = [d["pip"] for d in ENVIRONMENT["dependencies"] if isinstance(d, dict) and "pip" in d]
    return [line for pip in lists for line in pip]


# Upper bounds age badly (a reader's newer environment cannot install the book), so each
# one must be argued for here and in pyproject.toml.
JUSTIFIED_UPPER_PINS = {
    # 3.11 lays out every text through libraqm: the labs' redraw takes twice as long
    # (benchmarks/widget_action.py: median ~150 ms on 3.10, ~300 ms on 3.11.2).
    "matplotlib",
}


def test_pyproject_declares_the_runtime_dependencies():
    """pyproject.toml names every package the book needs, with no unexplained upper pins."""
    requirements = runtime_requirements()
    assert {canonicalize_name(r.name) for r in requirements} >= REQUIRED_RUNTIME
    for r in requirements:
        if canonicalize_name(r.name) in JUSTIFIED_UPPER_PINS:
            assert any(s.operator == ">=" for s in r.specifier), str(r)
            continue
        assert not any(s.operator in ("<", "<=", "==", "~=", "===") for s in r.specifier), str(r)


def test_environment_names_python_pip_and_the_project():
    """environment.yml installs python 3.11 and pip, then the project itself with pip."""
    names = [re.split(r"[=<>!~ ]", d, maxsplit=1)[0] for d in conda_dependencies()]
    assert "python=3.11" in conda_dependencies()
    assert "pip" in names
    assert any(line in ("-e .", ".") for line in pip_lines()), pip_lines()


def test_environment_python_satisfies_requires_python():
    """The Python that environment.yml pins is one pyproject.toml supports."""
    python = next(d for d in conda_dependencies() if d.startswith("python="))
    assert SpecifierSet(PYPROJECT["project"]["requires-python"]).contains(python.split("=", 1)[1])


def test_environment_adds_nothing_that_bypasses_pyproject():
    """Any other package environment.yml names is a runtime dependency, so pip users get it too."""
    declared = {canonicalize_name(r.name) for r in runtime_requirements()}
    extra = [d for d in conda_dependencies() if not d.startswith(("python=", "pip"))]
    extra += [line for line in pip_lines() if line not in ("-e .", ".")]
    names = {canonicalize_name(re.split(r"[=<>!~ \[;]", line, maxsplit=1)[0]) for line in extra}
    assert names - declared == set()


def _closure(requirements):
    """Distributions installed by the given requirements, following their requirements."""
    seen, todo = set(), [canonicalize_name(r.name) for r in requirements]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        for line in requires:
            req = Requirement(line)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(canonicalize_name(req.name))
    return seen


def _code_cells(path):
    from IPython.core.inputtransformer2 import TransformerManager

    transform = TransformerManager().transform_cell
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] == "code":
            yield transform("".join(cell["source"]))


def third_party_imports():
    """(file, top-level module) for every non-stdlib import in the packages and notebooks."""
    sources = [(p, p.read_text(encoding="utf-8"))
               for pkg in PROJECT_PACKAGES for p in sorted((REPO / pkg).rglob("*.py"))]
    sources += [(p, src) for p in sorted((REPO / "notebooks").glob("*.ipynb")) for src in _code_cells(p)]
    for path, source in sources:
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                modules = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if top not in sys.stdlib_module_names and top not in PROJECT_PACKAGES:
                    yield path.relative_to(REPO).as_posix(), top


def test_every_imported_module_comes_with_the_runtime_dependencies():
    """Each third-party import in k8s_model/, widgets/ and notebooks/ is installed by pyproject's dependencies."""
    installed = _closure(runtime_requirements())
    providers = metadata.packages_distributions()
    missing = []
    for path, module in third_party_imports():
        dists = {canonicalize_name(d) for d in providers.get(module, [])}
        if not dists & installed:
            missing.append(f"{path}: {module} (from {sorted(dists) or 'no installed distribution'})")
    assert sorted(set(missing)) == []
