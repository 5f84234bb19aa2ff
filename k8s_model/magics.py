"""IPython magics: `%kubectl get pods` and `%%kubectl apply -f -` (cell body = manifest).

The magics talk to the notebook's current cluster: the most recently created `Cluster`,
or one chosen with `%kubectl --cluster=name` where `name` is a variable in the notebook.
Errors print as kubectl prints them — never a traceback.
"""

from __future__ import annotations

from .api.errors import ApiError
from .cluster import Cluster
from .kubectl.errors import KubectlError


def _cluster(ipython) -> Cluster | None:
    """The notebook's cluster: the last `Cluster` assigned to a variable."""
    found = None
    for value in ipython.user_ns.values():
        if isinstance(value, Cluster):
            found = value
    return found


def _run(ipython, line: str, cell: str | None) -> None:
    words = line.split()
    cluster = None
    if words and words[0].startswith("--cluster="):
        cluster = ipython.user_ns.get(words[0].split("=", 1)[1])
        line = " ".join(words[1:])
    cluster = cluster or _cluster(ipython)
    if cluster is None:
        print("error: no cluster in this notebook: create one with `c = Cluster()`")
        return
    try:
        text = cluster.kubectl(line, stdin=cell)
        if text:
            print(text)
    except (KubectlError, ApiError) as error:
        if getattr(error, "output", ""):
            print(error.output)
        print(str(error))


def register(ipython) -> None:
    def kubectl(line: str, cell: str | None = None) -> None:
        _run(ipython, line, cell)

    ipython.register_magic_function(kubectl, magic_kind="line_cell", magic_name="kubectl")
