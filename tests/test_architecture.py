"""The architecture's rules, checked on the packages' syntax trees (nothing is imported).

k8s_model is the cluster and widgets observe it (DESIGN.md §2, §6), so the model never
imports a view library, IPython's display machinery or the widgets package. Both
packages must be deterministic and safe (§2, §7): no wall clock, no global randomness,
no eval/exec, YAML only loaded safely. Names are resolved through each module's
imports, so `from time import time as now; now()` is caught like `time.time()`.
"""

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("k8s_model", "widgets")

# The model may not import these (nor their submodules).
MODEL_FORBIDDEN_IMPORTS = ("ipywidgets", "matplotlib", "networkx", "IPython", "widgets")
# ...except the IPython magic module (%kubectl), which may import IPython.
MAGIC_MODULES = ("k8s_model/magics.py", "k8s_model/kubectl/magics.py")

# Qualified names neither package may use, with the reason given on failure.
# A whole module is named by "module.*".
FORBIDDEN_NAMES = {
    "time.*": "reads or waits on the wall clock; use the Simulation's virtual clock",
    "datetime.datetime.now": "reads the wall clock; use the Simulation's virtual clock",
    "datetime.datetime.utcnow": "reads the wall clock; use the Simulation's virtual clock",
    "datetime.datetime.today": "reads the wall clock; use the Simulation's virtual clock",
    "datetime.date.today": "reads the wall clock; use the Simulation's virtual clock",
    "random.*": "global randomness; use the Simulation's seeded random.Random",
    "secrets.*": "unseeded randomness",
    "uuid.uuid1": "unseeded: derive uids from the seeded random.Random",
    "uuid.uuid4": "unseeded: derive uids from the seeded random.Random",
    "os.urandom": "unseeded randomness",
    "builtins.eval": "evaluates code",
    "builtins.exec": "evaluates code",
    "yaml.load": "unsafe YAML loading; use yaml.safe_load",
    "yaml.load_all": "unsafe YAML loading; use yaml.safe_load_all",
    "yaml.full_load": "unsafe YAML loading; use yaml.safe_load",
    "yaml.full_load_all": "unsafe YAML loading; use yaml.safe_load_all",
    "yaml.unsafe_load": "unsafe YAML loading; use yaml.safe_load",
    "yaml.unsafe_load_all": "unsafe YAML loading; use yaml.safe_load_all",
    "yaml.Loader": "unsafe YAML loader; use yaml.SafeLoader",
    "yaml.FullLoader": "unsafe YAML loader; use yaml.SafeLoader",
    "yaml.UnsafeLoader": "unsafe YAML loader; use yaml.SafeLoader",
    "yaml.CLoader": "unsafe YAML loader; use yaml.CSafeLoader",
    "yaml.CFullLoader": "unsafe YAML loader; use yaml.CSafeLoader",
    "yaml.CUnsafeLoader": "unsafe YAML loader; use yaml.CSafeLoader",
}
ALLOWED_NAMES = {"random.Random"}  # seeded: checked below that a seed is passed
SAFE_LOADERS = {"yaml.SafeLoader", "yaml.CSafeLoader"}


def imported_modules(tree):
    """(line, module) for every absolute import; `from a import b` gives a.b."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for alias in node.names:
                yield node.lineno, f"{node.module}.{alias.name}"
        elif (isinstance(node, ast.Call) and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
              and _dotted(node.func) in ("__import__", "importlib.import_module")):
            yield node.lineno, node.args[0].value


def _dotted(node):
    """`a.b.c` for a chain of attributes on a name, else None."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return base and f"{base}.{node.attr}"
    return None


def layering_violations(rel_path, tree):
    """Forbidden imports in a k8s_model module, as 'path:line: message' strings."""
    found = []
    for line, module in imported_modules(tree):
        for banned in MODEL_FORBIDDEN_IMPORTS:
            if module != banned and not module.startswith(banned + "."):
                continue
            if banned == "IPython" and rel_path in MAGIC_MODULES:
                continue
            found.append(f"{rel_path}:{line}: k8s_model must not import {module}")
    return sorted(set(found))


def _aliases(tree):
    """Local name -> qualified name, from the module's imports (and the builtins)."""
    names = {"eval": "builtins.eval", "exec": "builtins.exec"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    names[alias.asname] = alias.name
                else:
                    top = alias.name.split(".")[0]
                    names[top] = top
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for alias in node.names:
                names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return names


def _forbidden(qualname):
    if qualname is None or qualname in ALLOWED_NAMES:
        return None
    if qualname in FORBIDDEN_NAMES:
        return FORBIDDEN_NAMES[qualname]
    module = qualname.rsplit(".", 1)[0] + ".*"
    return FORBIDDEN_NAMES.get(module) if "." in qualname else None


def determinism_violations(rel_path, tree):
    """Wall clock, global randomness, eval/exec, unsafe YAML: 'path:line: message' strings."""
    names = _aliases(tree)

    def qualify(node):
        dotted = _dotted(node)
        if dotted is None:
            return None
        head, _, rest = dotted.partition(".")
        if head not in names:
            return None
        return names[head] + ("." + rest if rest else "")

    # Classes defined here that derive from a safe loader count as safe loaders.
    safe = set(SAFE_LOADERS)
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and any(qualify(b) in safe for b in node.bases):
            safe.add(node.name)
    exempt = set()
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        target = qualify(node.func)
        if target in ("yaml.load", "yaml.load_all"):
            loader = [k.value for k in node.keywords if k.arg == "Loader"]
            if loader and (qualify(loader[0]) in safe or _dotted(loader[0]) in safe):
                exempt.add(id(node.func))
        if target == "random.Random" and not node.args and not node.keywords:
            found.append(f"{rel_path}:{node.lineno}: random.Random() without a seed "
                         "is seeded from the OS; pass the Simulation's seed")
    for node in ast.walk(tree):
        if id(node) in exempt or not isinstance(node, (ast.Name, ast.Attribute)):
            continue
        if not isinstance(node.ctx, ast.Load):
            continue
        if isinstance(node, ast.Attribute) and _forbidden(qualify(node.value)):
            continue  # report `a.b.c` once, at its outermost forbidden part
        qualname = qualify(node)
        reason = _forbidden(qualname)
        if reason:
            found.append(f"{rel_path}:{node.lineno}: {qualname}: {reason}")
    return sorted(set(found))


def package_files(package):
    return sorted((REPO / package).rglob("*.py"))


def parse(path):
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def test_model_imports_no_view_library():
    """Nothing under k8s_model/ imports ipywidgets, matplotlib, networkx, IPython or widgets."""
    found = []
    for path in package_files("k8s_model"):
        found += layering_violations(path.relative_to(REPO).as_posix(), parse(path))
    assert found == []


@pytest.mark.parametrize("package", PACKAGES)
def test_package_is_deterministic_and_safe(package):
    """No wall clock, global random, eval/exec or unsafe yaml.load in the package."""
    found = []
    for path in package_files(package):
        found += determinism_violations(path.relative_to(REPO).as_posix(), parse(path))
    assert [f for f in found if not _allowed(f)] == []


# The served API's bearer token must be unguessable, so it is the one thing drawn from the
# OS's randomness; it never reaches the model or an output. Pacing is the one reader of the
# wall clock: it decides how far to advance virtual time for a learner at a terminal.
ALLOWED_FINDINGS = {
    ("k8s_model/serve/http.py", "secrets.token_hex: unseeded randomness"),
    ("k8s_model/serve/pacing.py", "time.monotonic: reads or waits on the wall clock; use the Simulation's virtual clock"),
}


def _allowed(finding: str) -> bool:
    path, _, message = finding.partition(":")
    return any(path == p and message.endswith(" " + m) for p, m in ALLOWED_FINDINGS)


LAYERING_CASES = [
    ("plain stdlib", "k8s_model/a.py", "import json\nfrom collections import deque", 0),
    ("matplotlib submodule", "k8s_model/a.py", "import matplotlib.pyplot as plt", 1),
    ("from ipywidgets", "k8s_model/a.py", "from ipywidgets import Button", 1),
    ("networkx", "k8s_model/api/a.py", "import networkx", 1),
    ("widgets package", "k8s_model/a.py", "from widgets.views import graph", 1),
    ("widgets-like name", "k8s_model/a.py", "import widgetsnbextension", 0),
    ("IPython.display", "k8s_model/a.py", "from IPython.display import display", 1),
    ("from IPython import display", "k8s_model/a.py", "from IPython import display", 1),
    ("IPython in the magics", "k8s_model/magics.py", "from IPython.core.magic import Magics", 0),
    ("ipywidgets in the magics", "k8s_model/magics.py", "import ipywidgets", 1),
    ("dynamic import", "k8s_model/a.py", "import importlib\nimportlib.import_module('matplotlib')", 1),
    ("relative import", "k8s_model/a.py", "from . import widgets", 0),
]


@pytest.mark.parametrize("name,path,source,count", LAYERING_CASES, ids=[c[0] for c in LAYERING_CASES])
def test_layering_check_catches(name, path, source, count):
    """The layering check flags exactly the forbidden imports in small examples."""
    assert len(layering_violations(path, ast.parse(source))) == count


DETERMINISM_CASES = [
    ("seeded Random", "import random\nrng = random.Random(seed)\nrng.choice(xs)", 0),
    ("Random from import", "from random import Random\nRandom(0)", 0),
    ("unseeded Random", "import random\nrandom.Random()", 1),
    ("global random.choice", "import random\nrandom.choice([1, 2])", 1),
    ("global random.random", "import random\nx = random.random()", 1),
    ("aliased shuffle", "from random import shuffle as mix\nmix(xs)", 1),
    ("module alias", "import random as r\nr.randint(0, 9)", 1),
    ("time.time", "import time\nt = time.time()", 1),
    ("time passed as function", "import time\nf(default=time.monotonic)", 1),
    ("from time import time", "from time import time as now\nnow()", 1),
    ("datetime.now", "from datetime import datetime\ndatetime.now()", 1),
    ("datetime.datetime.utcnow", "import datetime\ndatetime.datetime.utcnow()", 1),
    ("datetime arithmetic", "from datetime import datetime, timedelta\ndatetime(2026, 1, 1) + timedelta(seconds=5)", 0),
    ("uuid4", "import uuid\nuuid.uuid4()", 1),
    ("eval", "eval('1 + 1')", 1),
    ("exec", "exec(code)", 1),
    ("method named eval", "model.eval()", 0),
    ("yaml.load", "import yaml\nyaml.load(text)", 1),
    ("yaml.load FullLoader", "import yaml\nyaml.load(text, Loader=yaml.FullLoader)", 2),
    ("yaml.load SafeLoader", "import yaml\nyaml.load(text, Loader=yaml.SafeLoader)", 0),
    ("local SafeLoader subclass", "import yaml\nclass L(yaml.SafeLoader): pass\nyaml.load_all(t, Loader=L)", 0),
    ("yaml.safe_load", "import yaml\nyaml.safe_load(text)", 0),
    ("from yaml import load", "from yaml import load\nload(text)", 1),
    ("unrelated attribute time", "self.time = 3\nprint(event.time)", 0),
]


@pytest.mark.parametrize("name,source,count", DETERMINISM_CASES, ids=[c[0] for c in DETERMINISM_CASES])
def test_determinism_check_catches(name, source, count):
    """The determinism check flags exactly the forbidden uses in small examples."""
    assert len(determinism_violations("k8s_model/a.py", ast.parse(source))) == count
